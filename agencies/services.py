"""Who works for an agency, in which role; the staff groups follow the memberships."""

from django.contrib.auth.models import Group
from django.db import transaction

from portal.permissions import EDITOR_GROUP, MANAGER_GROUP

from .models import Agency, Membership


def staff_groups_update(*, user) -> None:
    """Put ``user`` into the groups of the roles they hold in any agency, and out of the others."""
    roles = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    wanted = {EDITOR_GROUP: bool(roles), MANAGER_GROUP: Membership.Role.MANAGER in roles}
    for name, member in wanted.items():
        group = Group.objects.get(name=name)
        if member:
            user.groups.add(group)
        else:
            user.groups.remove(group)


@transaction.atomic
def membership_set(*, user, agency: Agency, role: str) -> Membership:
    """Give ``user`` the ``role`` in ``agency`` (creating or changing the membership)."""
    membership, _created = Membership.objects.update_or_create(
        user=user, agency=agency, defaults={"role": role}
    )
    staff_groups_update(user=user)
    return membership


@transaction.atomic
def membership_remove(*, user, agency: Agency) -> None:
    """End ``user``'s work for ``agency``."""
    Membership.objects.filter(user=user, agency=agency).delete()
    staff_groups_update(user=user)
