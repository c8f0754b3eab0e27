"""Logging pieces named in ``LOGGING``: request id on each record, JSON lines, error mail via the outbox."""

import json
import logging
from datetime import UTC, datetime

from django.utils.log import AdminEmailHandler

from . import outbox
from .request_id import current_request_id


class RequestIdFilter(logging.Filter):
    """Give every record the current request's id as ``record.request_id`` ("-" outside a request)."""

    def filter(self, record):
        record.request_id = current_request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON object per line, for a log collector reading stdout."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", current_request_id.get()),
        }
        status_code = getattr(record, "status_code", None)
        if status_code is not None:
            entry["status_code"] = status_code
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class OutboxAdminEmailHandler(AdminEmailHandler):
    """Django's error mail to ``ADMINS``, queued in the outbox: the request never waits for a mail server.

    The mail worker sends it like every other mail, with the timeout and retries.
    """

    def send_mail(self, subject, message, *args, **kwargs):
        try:
            outbox.queue_admin_notice(subject=subject, body=message)
        except Exception:  # noqa: BLE001 - the database may be what failed; the console log still has the error
            logging.getLogger(__name__).warning("Could not queue the error notice to ADMINS", exc_info=True)
