"""Who may do what in the admin. Scoping to one's own agency comes with the agency-scoped admin."""

from django.utils.translation import gettext_lazy as _

EDITOR_GROUP = "Agenturredaktion"
EDITOR_GROUP_LABEL = _("Agenturredaktion")

# model label -> actions (view, add, change, delete) the editors of an agency need.
EDITOR_PERMISSIONS = {
    "agencies.agency": ["view", "change"],
    "agencies.contactperson": ["view", "add", "change", "delete"],
    "portal.imprint": ["view", "add", "change"],
    "portal.contentpage": ["view", "change"],
    "portal.accessibilitystatement": ["view", "change"],
    "portal.barrierreport": ["view", "change"],
    # Registration: options are edited inline on the event; registrations change only via admin actions.
    "events.registrationoptions": ["view", "add", "change"],
    "events.registration": ["view", "change"],
    "events.registrationsensitivedata": ["view", "delete"],
    "events.registrationlog": ["view"],
}
