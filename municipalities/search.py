"""What the site search (portal/search.py) finds of the municipality directory: names."""

from django.utils.translation import gettext_lazy as _

from portal.search import Hit, Source

from .models import Municipality
from .selectors import with_states


def _hit(municipality: Municipality) -> Hit:
    return Hit(
        title=municipality.name,
        url=municipality.get_absolute_url(),
        meta=f"{municipality.get_kind_display()} · {municipality.state.name}",
    )


MUNICIPALITIES = Source(
    key="kommunen",
    label=_("Kommunen"),
    queryset=lambda now: Municipality.objects.all(),
    # Only the name (its search document): "Hessen" should find the agency, not every Hessian municipality.
    hit=_hit,
    fields=("key", "name", "kind", "state"),
    with_related=with_states,
    ordering=("name", "key"),
    order=40,
)
