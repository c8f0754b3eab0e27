"""Writes of the municipalities app: imports from the official sources and partnerships."""

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.page_cache import one_bump_for_all

from . import importers
from .exceptions import ImportFileError, PartnershipOutsideStates, PartnershipOverlap
from .models import FederalState, Municipality, Partnership, Programme
from .programmes import PROGRAMMES
from .states import FEDERAL_STATES

DISTRICTS_CSV = Path(settings.BASE_DIR) / "municipalities" / "data" / "districts.csv"

# Fields an import may set; a record's None means "not in this source", never "clear it".
IMPORTED_FIELDS = ("name", "kind", "designation", "population", "area_km2")


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list = field(default_factory=list)

    @property
    def summary(self):
        return _(
            "%(created)s angelegt, %(updated)s aktualisiert, %(unchanged)s unverändert, "
            "%(skipped)s übersprungen, %(errors)s fehlerhafte Zeilen"
        ) % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "errors": len(self.errors),
        }


def _read_text(path, *, decode):
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(
            _("Die Datei %(path)s kann nicht gelesen werden: %(reason)s")
            % {"path": path, "reason": exc.strerror}
        ) from exc
    return decode(data)


def import_districts(*, path=DISTRICTS_CSV) -> ImportReport:
    """Create or update the Landkreise and kreisfreie Städte listed in a districts.csv file."""
    text = _read_text(path, decode=lambda data: data.decode("utf-8-sig"))
    result = importers.read_districts(text.splitlines())
    if result.errors and not result.records and result.errors[0].line == 1:
        raise ImportFileError(str(result.errors[0]))
    return _save_records(result)


def import_gv100ad(*, path) -> ImportReport:
    """Create or update the Kreise and Gemeinden of a Destatis GV100AD file; Gemeinden get their Kreis."""
    text = _read_text(path, decode=importers.decode_gv100ad)
    result = importers.read_gv100ad(text.splitlines())
    if not result.records and not result.errors:
        raise ImportFileError(
            _("Die Datei enthält keine Kreis- oder Gemeindedatensätze (Satzart 40 oder 60).")
        )
    return _save_records(result)


@transaction.atomic
@one_bump_for_all()
def _save_records(result) -> ImportReport:
    report = ImportReport(skipped=result.skipped, errors=list(result.errors))
    states = {state.code: state for state in FederalState.objects.all()}
    keys = [record.key for record in result.records] + [r.parent_key for r in result.records if r.parent_key]
    existing = {m.key: m for m in Municipality.objects.filter(key__in=keys)}
    # Kreise first, so that the Gemeinden of the same file find their parent.
    for record in sorted(result.records, key=lambda r: r.parent_key is not None):
        municipality = existing.get(record.key)
        created = municipality is None
        if created:
            municipality = Municipality(key=record.key)
        changed = _apply(municipality, record, states=states, existing=existing, report=report)
        if changed is None:
            continue
        if created:
            report.created += 1
        elif changed:
            report.updated += 1
        else:
            report.unchanged += 1
            continue
        municipality.save()
        existing[record.key] = municipality
    report.errors.sort(key=lambda error: error.line)
    return report


def _apply(municipality, record, *, states, existing, report):
    """Copy the record onto the municipality; return whether anything changed, or None on an error."""
    values = {name: getattr(record, name) for name in IMPORTED_FIELDS if getattr(record, name) is not None}
    if record.parent_key is not None:
        parent = existing.get(record.parent_key)
        if parent is None or parent.kind != Municipality.Kind.LANDKREIS:
            report.errors.append(
                importers.RowError(
                    record.line,
                    _("Gemeinde %(key)s: Landkreis %(parent)s ist nicht bekannt")
                    % {"key": record.key, "parent": record.parent_key},
                )
            )
            return None
        values["parent_id"] = parent.pk
    changed = [name for name, value in values.items() if getattr(municipality, name) != value]
    for name in changed:
        setattr(municipality, name, values[name])
    if record.parent_key is not None:
        municipality.parent = parent  # keeps the object at hand for clean(), no extra query
    state = states.get(record.key[:2])
    if state is None:  # only if the Bundesländer of migration 0002 were removed
        report.errors.append(importers.RowError(record.line, _("Bundesland %s fehlt") % record.key[:2]))
        return None
    municipality.state = state
    try:
        # Uniqueness, state and parent are known from the lookups above; the rest is checked here.
        municipality.full_clean(
            exclude=["state", "parent"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        report.errors.append(importers.RowError(record.line, f"{record.key}: {' '.join(exc.messages)}"))
        return None
    return bool(changed)


def reference_data_ensure() -> None:
    """Create the 16 Bundesländer and the programmes if they are missing (the migrations normally did).

    Tests against a live server empty every table between tests, including rows that migrations created.
    """
    for code, name, slug in FEDERAL_STATES:
        FederalState.objects.get_or_create(code=code, defaults={"name": name, "slug": slug})
    for name, slug in PROGRAMMES:
        Programme.objects.get_or_create(slug=slug, defaults={"name": name})


# --- Partnerships ----------------------------------------------------------------------------


def _ensure_no_overlap(partnership):
    other = partnership.find_overlap()
    if other is not None:
        raise PartnershipOverlap(partnership.overlap_message(other), existing=other)


def partnership_check_states(*, agency, municipality) -> None:
    """Raise PartnershipOutsideStates unless ``agency`` serves the Bundesland of ``municipality``."""
    if not agency.states.filter(pk=municipality.state_id).exists():
        raise PartnershipOutsideStates(
            _(
                "%(agency)s betreut %(state)s nicht: Partnerschaften gibt es nur mit Kommunen in den "
                "Bundesländern, die die Agentur betreut."
            )
            % {"agency": agency.short_name, "state": municipality.state.name}
        )


def _lock_municipality(municipality):
    # Two staff members saving at once must not both pass the overlap check: lock the municipality.
    Municipality.objects.select_for_update().filter(pk=municipality.pk).exists()


@transaction.atomic
def partnership_create(
    *,
    municipality: Municipality,
    agency,
    status: str,
    since,
    until=None,
    programmes=(),
    note: str = "",
    allow_other_states: bool = False,
) -> Partnership:
    """Record a partnership; raise PartnershipOverlap if the municipality has one in that period, and
    PartnershipOutsideStates if the agency does not serve its Bundesland (unless ``allow_other_states``,
    for superusers)."""
    if not allow_other_states:
        partnership_check_states(agency=agency, municipality=municipality)
    _lock_municipality(municipality)
    partnership = Partnership(
        municipality=municipality, agency=agency, status=status, since=since, until=until, note=note
    )
    _ensure_no_overlap(partnership)
    partnership.full_clean()
    partnership.save()
    partnership.programmes.set(programmes)
    return partnership


@transaction.atomic
def partnership_update(
    *, partnership: Partnership, programmes=None, allow_other_states: bool = False, **changes
) -> Partnership:
    """Change a partnership's fields (status, since, until, note, agency) under the same rules."""
    for name, value in changes.items():
        setattr(partnership, name, value)
    if not allow_other_states:
        partnership_check_states(agency=partnership.agency, municipality=partnership.municipality)
    _lock_municipality(partnership.municipality)
    _ensure_no_overlap(partnership)
    partnership.full_clean()
    partnership.save()
    if programmes is not None:
        partnership.programmes.set(programmes)
    return partnership


def partnership_end(*, partnership: Partnership, until) -> Partnership:
    """End a partnership on the given day; it stays in the history as „ehemalig“."""
    return partnership_update(partnership=partnership, until=until, status=Partnership.Status.FORMER)
