"""Who may do what in the admin.

Editors belong to the group below and, through Agency.members, to their agency; the agency scope
(agencies/admin_scope.py) keeps them to their own agency's content in every admin that has one.
"""

from django.utils.translation import gettext_lazy as _

EDITOR_GROUP = "Agenturredaktion"
EDITOR_GROUP_LABEL = _("Agenturredaktion")

# model label -> actions (view, add, change, delete) the editors of an agency need.
EDITOR_PERMISSIONS = {
    "agencies.agency": ["view", "change"],
    "agencies.contactperson": ["view", "add", "change", "delete"],
    # Press: no deleting; a public release is withdrawn (410) through the admin actions instead.
    "agencies.pressrelease": ["view", "add", "change"],
    "agencies.pressreleaseattachment": ["view", "add", "change", "delete"],
    "agencies.publicationseries": ["view", "add", "change"],
    "agencies.publication": ["view", "add", "change", "delete"],
    "portal.imprint": ["view", "add", "change"],
    "portal.contentpage": ["view", "change"],
    "portal.accessibilitystatement": ["view", "change"],
    "portal.barrierreport": ["view", "change"],
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
    # Registration: options are edited inline on the event; registrations change only via admin actions.
    "events.registrationoptions": ["view", "add", "change"],
    "events.registration": ["view", "change"],
    "events.registrationsensitivedata": ["view", "delete"],
    "events.registrationlog": ["view"],
    # The directory is shared (imported from official data); partnerships are the agency's own.
    # They keep their history: an ended partnership gets an end date rather than being deleted.
    "municipalities.municipality": ["view"],
    "municipalities.partnership": ["view", "add", "change"],
    "municipalities.programme": ["view"],
}
