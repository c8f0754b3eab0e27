# The registry finds every model of the app here; press and publication models live in their packages.
from agencies.press.models import PressRelease, PressReleaseAttachment, PressReleaseQuerySet  # noqa: F401
from agencies.publications.models import Publication, PublicationSeries  # noqa: F401

from .agency import Agency, ContactPerson, Membership  # noqa: F401
