"""Who may do what in the admin: three staff roles, each a group with exactly these permissions.

A staff member's role in an agency is a ``agencies.Membership`` (editor or manager); the groups below
give the model permissions of the highest role they hold anywhere, and the agency scope
(``agencies/admin_scope.py``) keeps them to their own agencies' rows. Portal-wide content (privacy
and accessibility statements, easy-language pages, barrier reports) belongs to the portal editors.
"""

from django.utils.translation import gettext_lazy as _

EDITOR_GROUP = "Agenturredaktion"
MANAGER_GROUP = "Agenturleitung"
PORTAL_GROUP = "Portalredaktion"
GROUP_LABELS = {
    EDITOR_GROUP: _("Agenturredaktion"),
    MANAGER_GROUP: _("Agenturleitung"),
    PORTAL_GROUP: _("Portalredaktion"),
}

# model label -> actions (view, add, change, delete) an agency's editors need: content, no personal data.
EDITOR_PERMISSIONS = {
    "agencies.agency": ["view", "change"],
    "agencies.contactperson": ["view", "add", "change", "delete"],
    # Press: no deleting; a public release is withdrawn (410) through the admin actions instead.
    "agencies.pressrelease": ["view", "add", "change"],
    "agencies.pressreleaseattachment": ["view", "add", "change", "delete"],
    "agencies.publicationseries": ["view", "add", "change"],
    "agencies.publication": ["view", "add", "change", "delete"],
    "portal.imprint": ["view", "add", "change"],
    # Events: no deleting, it would take the registrations (and their proof of consent) along;
    # an event is cancelled through the admin action instead. Programme, speakers and materials
    # are edited inline on the event; topics and target groups are shared by all agencies.
    "events.event": ["view", "add", "change"],
    "events.venue": ["view", "add", "change"],
    "events.series": ["view", "add", "change"],
    "events.programmeitem": ["view", "add", "change", "delete"],
    "events.speaker": ["view", "add", "change", "delete"],
    "events.material": ["view", "add", "change", "delete"],
    "events.topic": ["view"],
    "events.targetgroup": ["view"],
    # The registration settings are part of the event; the registrations themselves are personal data.
    "events.registrationoptions": ["view", "add", "change"],
    # The directory is shared (imported from official data); partnerships are the agency's own.
    # They keep their history: an ended partnership gets an end date rather than being deleted.
    "municipalities.municipality": ["view"],
    "municipalities.partnership": ["view", "add", "change"],
    "municipalities.programme": ["view"],
    # The audit trail of the agency (read-only); entries about registrations only for managers.
    "portal.auditentry": ["view"],
}

# Managers: everything editors do, plus participants' personal data and the agency's staff.
# Registrations change only through the admin actions (the registration services); never deleted.
MANAGER_PERMISSIONS = {
    **EDITOR_PERMISSIONS,
    "events.registration": ["view", "change"],
    "events.registrationsensitivedata": ["view", "delete"],
    "events.outgoingmail": ["view"],
    # People's requests to delete their data: carried out by the admin action (needs "change").
    "events.deletionrequest": ["view", "change"],
    "agencies.membership": ["view", "add", "change", "delete"],
}

PORTAL_PERMISSIONS = {
    "portal.contentpage": ["view", "change"],
    "portal.accessibilitystatement": ["view", "change"],
    "portal.barrierreport": ["view", "change"],
}

GROUP_PERMISSIONS = {
    EDITOR_GROUP: EDITOR_PERMISSIONS,
    MANAGER_GROUP: MANAGER_PERMISSIONS,
    PORTAL_GROUP: PORTAL_PERMISSIONS,
}
