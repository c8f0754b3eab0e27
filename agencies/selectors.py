from itertools import groupby

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from portal.page_cache import kept_per_version, with_kept

from .models import Agency, ContactPerson


def agency_list():
    """Return all agencies in display order with the states they serve."""
    return Agency.objects.prefetch_related("states")


@kept_per_version
def agencies_with_states() -> list[Agency]:
    """Return ``agency_list()`` read once per process and content version, for the home page's cards
    (a change to an agency, its states or a state bumps the version). Shared between requests: read
    only."""
    return list(agency_list())


@kept_per_version
def agencies_by_id() -> dict[int, Agency]:
    """Return every agency by its id, read once per process and content version (cards and lists name
    them; there are four). Shared between requests: read only."""
    return {agency.pk: agency for agency in Agency.objects.all()}


def with_agencies(rows, *, field: str = "agency"):
    """Set ``field`` (a foreign key to Agency) on each of ``rows`` from ``agencies_by_id()``: no join."""
    return with_kept(rows, field=field, by_id=agencies_by_id)


def _with_states_and_contacts():
    contacts = ContactPerson.objects.order_by("order", "name")
    return Agency.objects.prefetch_related("states", Prefetch("contacts", queryset=contacts))


@kept_per_version
def agency_profiles() -> dict[int, Agency]:
    """Return every agency by its id with its states and contact persons, read once per process and
    content version (the agency and event pages show them; agencies, their states and their contact
    persons are public content, so a change to any of them is a new version). Shared: read only."""
    return {agency.pk: agency for agency in _with_states_and_contacts()}


@kept_per_version
def contacts_by_id() -> dict[int, ContactPerson]:
    """Return the contact persons of ``agency_profiles()`` by their id. Shared between requests: read only."""
    return {contact.pk: contact for agency in agency_profiles().values() for contact in agency.contacts.all()}


def agency_get(*, slug: str) -> Agency:
    """Return the agency with its states and contact persons, or raise Http404."""
    agency = next((agency for agency in agency_profiles().values() if agency.slug == slug), None)
    if agency is None:
        # One created or renamed on another app server within the last second: read it itself.
        agency = get_object_or_404(_with_states_and_contacts(), slug=slug)
    return agency


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
