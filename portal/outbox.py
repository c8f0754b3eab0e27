"""Queue mails from the portal's own pages and its error reports in the one outbox.

Nothing here sends: a mail is a row in the outbox, written in the caller's transaction, and the
mail worker (``manage.py mail_worker``) sends it outside any request, with a timeout and retries.
The outbox itself (model, sending) lives in ``events.registration``, above portal in the layers,
so its app registers the function that writes a row, as the start page sections are registered.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

ADMIN_NOTICE = "admin_notice"

_queue: Callable[..., object] | None = None


def register_outbox(queue: Callable[..., object]) -> None:
    """Use ``queue(*, kind, to, subject, body)`` to write one outbox row (called once, from an AppConfig)."""
    global _queue
    _queue = queue


def queue_mail(*, kind: str, to: list[str], subject: str, body: str) -> None:
    """Queue one plain-text mail of ``kind`` to each address in ``to``."""
    if _queue is None:
        raise ImproperlyConfigured("No outbox is registered: the events app provides it.")
    for address in to:
        _queue(kind=kind, to=address, subject=subject, body=body)


def admin_addresses() -> list[str]:
    """Return the addresses in ``ADMINS``: they hear of server errors and mails that failed for good."""
    return [address for _name, address in settings.ADMINS]


def queue_admin_notice(*, subject: str, body: str) -> None:
    """Queue a notice to everyone in ``ADMINS`` (none if it is empty)."""
    subject = f"{settings.EMAIL_SUBJECT_PREFIX}{subject}"
    queue_mail(kind=ADMIN_NOTICE, to=admin_addresses(), subject=subject, body=body)
