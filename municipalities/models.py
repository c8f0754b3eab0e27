from django.db import models
from django.utils.translation import gettext_lazy as _


class FederalState(models.Model):
    """A German Bundesland; its code is the first two digits of every official key (AGS)."""

    code = models.CharField(_("Schlüssel"), max_length=2, unique=True)
    name = models.CharField(_("Name"), max_length=60, unique=True)
    slug = models.SlugField(_("Kurzname"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("Bundesland")
        verbose_name_plural = _("Bundesländer")
        ordering = ["name"]

    def __str__(self):
        return self.name
