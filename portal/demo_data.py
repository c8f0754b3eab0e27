"""Read the demo data files (TOML in ``<app>/demo_data/``) and resolve their dates.

Each app's ``demo.py`` is a short loader over these files. A record is one named table, e.g.
``[events.fachtag-bildung-unter-einem-dach-2019]``; reading a field it lacks, or a date it cannot
resolve, raises ``DemoDataError`` naming the file and the record, so a typo is found at once.

Dates come in two kinds. Facts keep their absolute date (``date = 2019-11-19``). Content that
should look current is relative to the day of loading (``in_days = 12``, optionally moved on to
the next ``weekday = "wednesday"``), so the demo never goes stale. Times are local, ``"10:00"``.
"""

import datetime
import tomllib
from importlib import import_module
from pathlib import Path

from django.utils import timezone

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class DemoDataError(Exception):
    """A demo data file cannot be read, or one of its records is incomplete or wrong."""


class Record(dict):
    """One named table of a data file; knows where it came from for error messages."""

    def __init__(self, values, *, where):
        super().__init__(values)
        self.where = where

    def __missing__(self, field):
        raise DemoDataError(f"{self.where}: field '{field}' is missing")

    def error(self, message):
        """Return a ``DemoDataError`` about this record."""
        return DemoDataError(f"{self.where}: {message}")


def data_dir(module_name):
    """Return the ``demo_data`` folder of the app a module belongs to (pass ``__name__``)."""
    app = import_module(module_name.partition(".")[0])
    return Path(app.__file__).resolve().parent / "demo_data"


def read(path):
    """Return the parsed TOML file at ``path``; a syntax error names the file."""
    path = Path(path)
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except tomllib.TOMLDecodeError as exc:
        raise DemoDataError(f"{path.name}: {exc}") from exc
    except OSError as exc:
        raise DemoDataError(f"{path}: cannot be read ({exc.strerror})") from exc


def records(path, table, *, required=True):
    """Return the named tables under ``[table]`` of the file at ``path`` as ``{key: Record}``."""
    path = Path(path)
    data = read(path).get(table)
    if data is None:
        if required:
            raise DemoDataError(f"{path.name}: table [{table}] is missing")
        return {}
    if not isinstance(data, dict) or not all(isinstance(value, dict) for value in data.values()):
        raise DemoDataError(f"{path.name}: [{table}] must hold named tables, like [{table}.<key>]")
    return {key: Record(values, where=f"{path.name} [{table}.{key}]") for key, values in data.items()}


def day(record, *, today=None):
    """Return the record's date: ``date``, or ``in_days`` from today, moved on to ``weekday`` if given."""
    if "date" in record:
        value = record["date"]
        if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
            raise record.error(f"'date' must be a TOML date like 2019-11-19, not {value!r}")
        return value
    if "in_days" not in record:
        raise record.error("needs either 'date' or 'in_days'")
    if not isinstance(record["in_days"], int):
        raise record.error(f"'in_days' must be a whole number, not {record['in_days']!r}")
    value = (today or timezone.localdate()) + datetime.timedelta(days=record["in_days"])
    if "weekday" in record:
        if record["weekday"] not in WEEKDAYS:
            raise record.error(f"'weekday' must be one of {', '.join(WEEKDAYS)}, not {record['weekday']!r}")
        value += datetime.timedelta(days=(WEEKDAYS.index(record["weekday"]) - value.weekday()) % 7)
    return value


def clock(record, field):
    """Return the record's time of day in ``field`` (``"10:00"``), or None where it is absent."""
    value = record.get(field)
    if value is None or isinstance(value, datetime.time):
        return value
    try:
        return datetime.time.fromisoformat(value)
    except (TypeError, ValueError):
        raise record.error(f"'{field}' must be a time like \"10:00\", not {value!r}") from None


def moment(record, *, time_field="time", on=None):
    """Return an aware datetime: the record's day (or ``on``) at its time in ``time_field``."""
    at = clock(record, time_field)
    if at is None:
        raise record.error(f"field '{time_field}' is missing")
    return timezone.make_aware(datetime.datetime.combine(on or day(record), at))


def nested(record, field):
    """Return the inline table in ``field`` as a Record, e.g. ``published_at = { in_days = 30, ... }``."""
    return Record(record[field], where=f"{record.where}.{field}")
