from django.db import models

from .html import CONTENT_PAGE


class SanitizedHTMLField(models.TextField):
    """A text field for editor HTML, cleaned by the content-page policy every time the model is saved."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = CONTENT_PAGE.clean(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value


def choice_label(choices, value):
    """Return the label of ``value`` in the ``TextChoices`` class ``choices``, or the value itself.

    For a model's ``get_FOO_display`` on lists: Django's own translates the label of every choice to
    find the one it returns (it hashes them all), which a list of a hundred rows pays a hundred times.
    """
    try:
        return choices(value).label
    except ValueError:
        return value
