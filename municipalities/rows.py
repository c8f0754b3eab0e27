"""What a row of the municipality directory shows (templates/municipalities/municipality_list.html),
worked out once per row.

The directory shows fifty municipalities a page: its template only prints these values, so a row costs
no template filters, no lookups in the model's choices and no reversing of its address.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import formats, numberformat

from .models import Municipality, Partnership
from .templatetags.municipality_tags import status_badge

# Any valid key: the detail address of every row is this one with the row's key put in.
SAMPLE_KEY = "00000"


@dataclass(frozen=True)
class DirectoryRow:
    url: str
    name: str
    key: str
    parent: str  # the Kreis a member municipality belongs to, else empty
    kind: str
    state: str
    population: str  # with grouped digits, "–" when unknown
    status_badge: str  # the current partnership's status as a badge (HTML), else empty
    agency: str  # the current partnership's agency


class _Grouped:
    """Whole numbers with the language's thousands separator, as ``floatformat:"0g"`` writes them;
    the separator and grouping are looked up once per page."""

    def __init__(self):
        self.decimal_separator = formats.get_format("DECIMAL_SEPARATOR")
        self.grouping = formats.get_format("NUMBER_GROUPING")
        self.thousand_separator = formats.get_format("THOUSAND_SEPARATOR")

    def __call__(self, number: int) -> str:
        return numberformat.format(
            number,
            self.decimal_separator,
            grouping=self.grouping,
            thousand_sep=self.thousand_separator,
            force_grouping=True,
        )


def directory_rows(municipalities) -> list[DirectoryRow]:
    """Return the rows for municipalities annotated by ``selectors.with_current_partnership``."""
    sample_url = reverse("municipalities:detail", kwargs={"key": SAMPLE_KEY})
    kinds = {value: str(label) for value, label in Municipality.Kind.choices}
    badges = {status: status_badge(status) for status in Partnership.Status.values}
    grouped = _Grouped()
    return [
        DirectoryRow(
            url=sample_url.replace(SAMPLE_KEY, municipality.key),
            name=municipality.name,
            key=municipality.key,
            parent=municipality.parent.display_name if municipality.parent else "",
            kind=kinds.get(municipality.kind, municipality.kind),
            state=municipality.state.name,
            population="–" if municipality.population is None else grouped(municipality.population),
            status_badge=badges.get(municipality.current_status, "") if municipality.current_status else "",
            agency=municipality.current_agency_name or "",
        )
        for municipality in municipalities
    ]
