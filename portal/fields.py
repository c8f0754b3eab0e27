from django.db import models

from .html import ALLOWED_TAGS, clean_html


class SanitizedHTMLField(models.TextField):
    """A text field for editor HTML, cleaned with nh3 every time the model is saved."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = clean_html(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value

    @staticmethod
    def allowed_tags_help():
        return ", ".join(f"<{tag}>" for tag in sorted(ALLOWED_TAGS))
