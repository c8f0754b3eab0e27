from itertools import groupby

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from .models import Agency, ContactPerson


def agency_list():
    """Return all agencies in display order with the states they serve."""
    return Agency.objects.prefetch_related("states")


def agency_get(*, slug: str) -> Agency:
    """Return the agency with its states and contact persons, or raise Http404."""
    contacts = ContactPerson.objects.order_by("order", "name")
    return get_object_or_404(
        Agency.objects.prefetch_related("states", Prefetch("contacts", queryset=contacts)), slug=slug
    )


def contacts_by_role(agency: Agency) -> list[tuple[str, list[ContactPerson]]]:
    """Group the agency's (prefetched) contact persons by role, roles in the order of ``Role``."""
    role_order = {value: index for index, value in enumerate(ContactPerson.Role.values)}
    contacts = sorted(
        agency.contacts.all(), key=lambda contact: (role_order.get(contact.role, 99), contact.order)
    )
    return [
        (ContactPerson.Role(role).label, list(group))
        for role, group in groupby(contacts, key=lambda c: c.role)
    ]
