"""The rows of the municipality directory (templates/municipalities/municipality_list.html), each
written as HTML here, once per row.

The directory shows fifty municipalities a page: a template would look up a dozen variables per row and
escape each one through the template engine, which cost more than the rest of the page. Here a row costs
one ``str.format``, no lookups in the model's choices and no reversing of its address; the rows come as
values (``selectors.municipality_list``), not as model instances, their Bundesland and partnership from
the kept data (``selectors.directory_page``).
"""

from html import escape

from django.urls import reverse
from django.utils import formats, numberformat
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from . import selectors
from .models import Municipality, Partnership, municipality_display_name
from .templatetags.municipality_tags import status_badge

# Any valid key: the detail address of every row is this one with the row's key put in.
SAMPLE_KEY = "00000"

# Indented as the table's other lines in the template, so that the page reads as before.
ROW = """
                <tr>
                  <th scope="row">
                    <a href="{url}">{name}</a>
                    {parent}
                    <span class="d-block d-md-none small">{kind}, {state}</span>
                    {small_partnership}
                  </th>
                  <td><span class="font-monospace">{key}</span></td>
                  <td class="d-none d-md-table-cell">{kind}</td>
                  <td class="d-none d-md-table-cell">{state}</td>
                  <td class="text-end">{population}</td>
                  <td class="d-none d-md-table-cell">{partnership}</td>
                </tr>
              """
PARENT = '<span class="d-block small">{}</span>'
SMALL_PARTNERSHIP = '<span class="d-block d-md-none small">{} {}</span>'
PARTNERSHIP = '{}<span class="d-block small">{}</span>'
NO_PARTNERSHIP = '<span class="visually-hidden">{}</span><span aria-hidden="true">–</span>'


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


def directory_rows(rows) -> SafeString:
    """Return the table rows (HTML, one string: the template puts it in as one value) for rows of
    ``selectors.municipality_list``; empty for none."""
    sample_url = reverse("municipalities:detail", kwargs={"key": SAMPLE_KEY})
    kinds = {value: escape(str(label)) for value, label in Municipality.Kind.choices}
    badges = {status: status_badge(status) for status in Partnership.Status.values}
    no_partnership = NO_PARTNERSHIP.format(escape(gettext("keine")))
    grouped = _Grouped()
    html = []
    for row, state, partnership in selectors.directory_page(rows):
        # Escaped with the standard library's function, which Django's ``escape`` wraps: fifty rows
        # through ``format_html`` cost as much as the rest of the page.
        badge = badges.get(partnership.status, "") if partnership else ""
        agency = escape(partnership.agency_name or "") if partnership else ""
        parent = (
            escape(
                municipality_display_name(
                    name=row.parent__name, kind=row.parent__kind, designation=row.parent__designation
                )
            )
            if row.parent__name is not None
            else ""
        )
        kind = kinds.get(row.kind) or escape(row.kind)
        state = escape(state)
        html.append(
            ROW.format(
                url=escape(sample_url.replace(SAMPLE_KEY, row.key)),
                name=escape(row.name),
                parent=PARENT.format(parent) if parent else "",
                kind=kind,
                state=state,
                small_partnership=SMALL_PARTNERSHIP.format(badge, agency) if badge else "",
                key=escape(row.key),
                population="–" if row.population is None else escape(grouped(row.population)),
                partnership=PARTNERSHIP.format(badge, agency) if badge else no_partnership,
            )
        )
    return mark_safe("".join(html))  # noqa: S308 -- every value above is escaped
