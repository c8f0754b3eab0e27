"""Every admin page, for every kind of staff user, against one table of rules: who may see which rows.

The cases come from the admin registry when the tests are collected: a model registered later gets
its changelist, add, change, history, delete, "view on site", autocomplete, action and object-view
cases without anyone editing this file; a model without a row in ``RULES`` is treated as
superusers-only, and ``test_the_rules_agree_with_the_staff_groups`` fails until someone says who it
belongs to. Expectations come from ``RULES`` (whose rows are they, which role sees them) and from the
groups' permissions in ``portal/permissions.py``, never from the admin code under test.

One data set for the whole module: agency A organises an event that B co-organises (with
registrations), C is another agency with the same kinds of content; the users are a superuser, A's
manager and editor, B's manager (co-organiser), C's editor and manager, and a portal editor.
"""

from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.contrib.admin.filters import RelatedFieldListFilter, RelatedOnlyFieldListFilter
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import NoReverseMatch, reverse

from portal.permissions import EDITOR_PERMISSIONS, MANAGER_PERMISSIONS, PORTAL_PERMISSIONS

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Rule:
    """Who sees a model's rows in the admin.

    ``role``: "editor" (every member of the owning agency), "manager" (its managers only), "portal"
    (portal editors) or "superuser". ``owner``: path from a row to the agency it belongs to ("pk" for
    the agency itself, None: shared by everyone with the role). ``co_owner``: agencies that see it too.
    ``choice_co``: where it is offered as a choice, also rows these agencies take part in.
    ``never``: views nobody gets (rows that come in elsewhere). ``personal_page``: its public page
    carries a personal token, so "view on site" never leads there. ``personal_row``: a test of a row
    whose content is personal data, which only the owning agency's managers see.
    """

    role: str
    owner: str | None = "agency"
    co_owner: str | None = None
    choice_co: str | None = None
    never: tuple = ()
    personal_page: bool = False
    # Rows that carry personal data (e.g. audit entries about a registration): managers only.
    personal_row: object = None
    # The co-owners see the row but neither change it nor run actions on it.
    co_read_only: bool = False


SHARED = None
RULES = {
    "agencies.agency": Rule("editor", owner="pk"),
    "agencies.contactperson": Rule("editor"),
    "agencies.pressrelease": Rule("editor"),
    "agencies.publication": Rule("editor"),
    "agencies.publicationseries": Rule("editor"),
    "portal.imprint": Rule("editor"),
    "events.event": Rule("editor", co_owner="co_agencies", choice_co="co_agencies", co_read_only=True),
    "events.venue": Rule("editor"),
    "events.series": Rule("editor"),
    "events.topic": Rule("editor", owner=SHARED),
    "events.targetgroup": Rule("editor", owner=SHARED),
    "events.registration": Rule(
        "manager", owner="event__agency", co_owner="event__co_agencies", never=("add",), personal_page=True
    ),
    "events.outgoingmail": Rule("manager", owner="registration__event__agency", never=("add",)),
    # Only the organising agency's managers, not a co-organiser's; kept as proof, so never deleted.
    "events.deletionrequest": Rule("manager", owner="event__agency", never=("add", "delete")),
    "municipalities.municipality": Rule("editor", owner=SHARED),
    "municipalities.partnership": Rule("editor"),
    "municipalities.programme": Rule("editor", owner=SHARED),
    "municipalities.federalstate": Rule("superuser", owner=SHARED, never=("add", "change", "delete")),
    "portal.contentpage": Rule("portal", owner=SHARED),
    # The portal has one statement; once it exists nobody adds a second.
    "portal.accessibilitystatement": Rule("portal", owner=SHARED, never=("add",)),
    "portal.barrierreport": Rule("portal", owner=SHARED, never=("add",)),
    # The trail is written by the code, never by hand; entries about registrations are personal data.
    "portal.auditentry": Rule(
        "editor",
        never=("add", "change", "delete"),
        personal_row=lambda entry: entry.content_type.model in ("registration", "deletionrequest"),
    ),
    "auth.user": Rule("superuser", owner=SHARED),
    # django-axes' login records (addresses, usernames typed): the superusers who lift lockouts.
    "axes.accessattempt": Rule("superuser", owner=SHARED, never=("add",)),
    "axes.accesslog": Rule("superuser", owner=SHARED, never=("add",)),
    "axes.accessfailurelog": Rule("superuser", owner=SHARED, never=("add",)),
    "auth.group": Rule("superuser", owner=SHARED),
}


def _participants_access(who, event, sees):
    """Participants' pages: managers of the organising or of a co-organising agency."""
    return bool((agencies_at(event, "agency") | agencies_at(event, "co_agencies")) & who.managed)


# Who opens each per-object page beyond Django's own (``object_views``), given the user, the object
# and whether the object is in their changelist. Everybody else gets 404.
OBJECT_VIEW_ACCESS = {
    ("events.event", "preview"): lambda who, event, sees: sees,
    ("events.event", "participants"): _participants_access,
    ("events.event", "participants_csv"): _participants_access,
    ("events.event", "participants_xlsx"): _participants_access,
    ("events.event", "participants_mail"): _participants_access,
    ("events.event", "attendance_import"): _participants_access,
    ("events.event", "certificates"): _participants_access,
}

# Choices narrower (or wider) than the rows of the model they point at: (model, field) -> limit.
# Each limit takes the user, the object on the page (or None) and the candidate rows.
FIELD_LIMITS = {
    # Any agency can be named a co-organiser; its managers then see the participants.
    ("events.event", "co_agencies"): "every row",
    ("municipalities.partnership", "municipality"): lambda who, obj, rows: (
        rows if who.is_superuser else [m for m in rows if m.state_id in who.states]
    ),
    ("agencies.membership", "user"): lambda who, obj, rows: [
        user
        for user in rows
        if user.is_staff
        and user.is_active
        and (
            who.is_superuser
            or not user.agency_memberships.exists()
            or user.agency_memberships.filter(agency_id__in=who.managed).exists()
        )
    ],
    ("events.speaker", "programme_item"): lambda who, obj, rows: [
        item for item in rows if obj is not None and item.event_id == obj.pk
    ],
}

# What an autocomplete search offers beyond the field's choices: (model, field) -> limit, as above.
SEARCH_LIMITS = {
    ("municipalities.municipality", "parent"): lambda who, obj, rows: [
        m for m in rows if m.kind == "landkreis"
    ],
}

KINDS = (
    "superuser",
    "manager_owner",
    "editor_owner",
    "manager_co",
    "editor_other",
    "manager_other",
    "portal",
)
GROUP_PERMISSIONS = {
    "editor": EDITOR_PERMISSIONS,
    "manager": MANAGER_PERMISSIONS,
    "portal": PORTAL_PERMISSIONS,
}

REGISTRY = admin.site._registry
LABELS = sorted(model._meta.label_lower for model in REGISTRY)
MODELS = {model._meta.label_lower: model for model in REGISTRY}


def rule_for(label):
    """Return the model's rule; a model nobody has described yet is for superusers only."""
    if label in RULES:
        return RULES[label]
    model = MODELS[label]
    has_agency = any(f.name == "agency" for f in model._meta.concrete_fields)
    return Rule("superuser", owner="agency" if has_agency else SHARED)


# --- reading the rules ----------------------------------------------------------------------------------


def agencies_at(obj, path):
    """Return the pks of the agencies reached from ``obj`` along ``path`` (in Python, not SQL)."""
    if path is None:
        return set()
    if path == "pk":
        return {obj.pk}
    targets = [obj]
    for part in path.split("__"):
        following = []
        for target in targets:
            value = getattr(target, part, None)
            if value is None:
                continue
            following += list(value.all()) if hasattr(value, "all") else [value]
        targets = following
    return {target.pk for target in targets}


def may(who, label, action):
    """Return whether the user's groups (or superuser status) allow ``action`` on the model."""
    rule = rule_for(label)
    if action in rule.never:
        return False
    if who.is_superuser:
        return True
    return any(action in GROUP_PERMISSIONS[role].get(label, []) for role in who.roles)


def visible_rows(who, label):
    """Return the pks of the rows the user sees in the model's admin."""
    rule, model = rule_for(label), MODELS[label]
    rows = list(model._default_manager.all())
    if who.is_superuser:
        return {row.pk for row in rows}
    if not may(who, label, "view"):
        return set()
    if rule.owner is SHARED:
        return {row.pk for row in rows}
    agencies = who.managed if rule.role == "manager" else who.agencies
    visible = set()
    for row in rows:
        owners = agencies_at(row, rule.owner) | agencies_at(row, rule.co_owner)
        if rule.personal_row is not None and rule.personal_row(row):
            owners &= who.managed
        if owners & agencies:
            visible.add(row.pk)
    return visible


def choice_rows(who, model):
    """Return the rows of ``model`` a form may offer the user (before any field's own limit)."""
    rows = list(model._default_manager.all())
    label = model._meta.label_lower
    if who.is_superuser or label not in MODELS:
        return rows
    rule = rule_for(label)
    if rule.owner is SHARED:
        return rows
    return [
        row
        for row in rows
        if (agencies_at(row, rule.owner) | agencies_at(row, rule.choice_co)) & who.agencies
    ]


def expected_choices(who, source_label, field_name, target, obj=None):
    """Return the pks the field should offer, or None where the rules say nothing about it."""
    limit = FIELD_LIMITS.get((source_label, field_name))
    if limit is None and target._meta.label_lower not in MODELS:
        return None
    if limit == "every row":
        return set(target._default_manager.values_list("pk", flat=True))
    rows = choice_rows(who, target)
    if limit is not None:
        rows = limit(who, obj, rows)
    return {row.pk for row in rows}


# --- the data set ---------------------------------------------------------------------------------------


def _build():
    from events.registration.services import deletion_request_create
    from tests import factories as f

    f.ensure_reference_rows()
    a = f.AgencyFactory(slug="agentur-a", states=["hessen"])
    b = f.AgencyFactory(slug="agentur-b", states=["thueringen"])
    c = f.AgencyFactory(slug="agentur-c", states=["sachsen"])
    kreis = f.MunicipalityFactory(key="06411", name="Kreis Hessen", kind="landkreis", state="hessen")
    towns = {
        agency.slug: f.MunicipalityFactory(
            key=key, name=f"Stadt {agency.slug}", kind="kreisfreie-stadt", state=state
        )
        for agency, key, state in [
            (a, "06412", "hessen"),
            (b, "16051", "thueringen"),
            (c, "14511", "sachsen"),
        ]
    }
    for agency in (a, b, c):
        f.ContactPersonFactory(agency=agency)
        f.VenueFactory(agency=agency)
        f.SeriesFactory(agency=agency)
        series = f.PublicationSeriesFactory(agency=agency, slug=f"reihe-{agency.slug}")
        f.PublicationFactory(agency=agency, series=series)
        f.ImprintFactory(agency=agency)
        f.PartnershipFactory(agency=agency, municipality=towns[agency.slug])
    joint = f.RegistrationEventFactory(agency=a, co_agencies=[b])
    own_c = f.RegistrationEventFactory(agency=c)
    f.EventFactory(agency=b)
    draft_b = f.EventFactory(agency=b, status="draft")
    item = f.ProgrammeItemFactory(event=joint)
    f.SpeakerFactory(event=joint, programme_item=item)
    for number, event in enumerate([joint, joint, own_c], start=1):
        registration = f.register_confirmed(event, number)
        deletion_request_create(registration=registration)
    release_a = f.PressReleaseFactory(agency=a)
    release_a.related_events.set([joint])
    f.PressReleaseFactory(agency=a, status=f.DRAFT)
    f.PressReleaseFactory(agency=c)
    f.TopicFactory()
    f.TargetGroupFactory()
    f.ContentPageFactory()
    f.AccessibilityStatementFactory()
    f.BarrierReportFactory()
    _login_records()
    users = {
        "superuser": f.SuperuserFactory(),
        "manager_owner": f.staff_member(a, "manager"),
        "editor_owner": f.staff_member(a, "editor"),
        "manager_co": f.staff_member(b, "manager"),
        "editor_other": f.staff_member(c, "editor"),
        "manager_other": f.staff_member(c, "manager"),
        "portal": f.portal_editor(),
    }
    return SimpleNamespace(a=a, b=b, c=c, kreis=kreis, joint=joint, draft_b=draft_b, users=users)


def _login_records():
    """One row of each of django-axes' models, as failed and successful admin logins leave them."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    seen = {
        "user_agent": "Firefox",
        "ip_address": "203.0.113.7",
        "username": "chefin",
        "path_info": "/admin/login/",
    }
    AccessAttempt.objects.create(**seen, get_data="", post_data="username=chefin", failures_since_start=2)
    AccessFailureLog.objects.create(**seen, locked_out=False)
    AccessLog.objects.create(**seen)


@dataclass
class Who:
    user: object
    roles: tuple = ()
    agencies: set = field(default_factory=set)
    managed: set = field(default_factory=set)
    states: set = field(default_factory=set)

    @property
    def is_superuser(self):
        return self.user.is_superuser


def _who(user):
    memberships = list(user.agency_memberships.all())
    roles = {m.role for m in memberships}
    groups = set(user.groups.values_list("name", flat=True))
    return Who(
        user=user,
        roles=tuple(
            role
            for role, present in [
                ("editor", bool(roles)),
                ("manager", "manager" in roles),
                ("portal", "Portalredaktion" in groups),
            ]
            if present
        ),
        agencies={m.agency_id for m in memberships},
        managed={m.agency_id for m in memberships if m.role == "manager"},
        states={s.pk for m in memberships for s in m.agency.states.all()},
    )


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """The module's data set, built once and rolled back after the module (each test in a savepoint)."""
    with django_db_blocker.unblock(), transaction.atomic():
        data = _build()
        data.who = {kind: _who(user) for kind, user in data.users.items()}
        yield data
        transaction.set_rollback(True)


# --- helpers --------------------------------------------------------------------------------------------


def admin_url(label, view, *args):
    app_label, model_name = label.split(".")
    return reverse(f"admin:{app_label}_{model_name}_{view}", args=args)


def sample(label, site):
    """Return the row of the model the object pages are tried on: one of agency A, if it has any."""
    rule, model = rule_for(label), MODELS[label]
    rows = list(model._default_manager.order_by("pk"))
    if rule.owner is not SHARED:
        rows = [row for row in rows if site.a.pk in agencies_at(row, rule.owner)]
    return rows[0] if rows else None


def fingerprint(model, obj):
    """What an action might change: the row itself, row counts, the audit trail and the mail queue."""
    from events.registration.models import OutgoingMail
    from portal.models import AuditEntry

    return (
        list(model._default_manager.filter(pk=obj.pk).values()),
        model._default_manager.count(),
        AuditEntry.objects.count(),
        OutgoingMail.objects.count(),
    )


def form_choice_fields(response):
    """Yield (model label, field name, queryset) for every choice field of the form and its inlines."""
    forms = [(response.context["adminform"].form, response.context["adminform"].form._meta.model)]
    for inline in response.context["inline_admin_formsets"]:
        forms.append((inline.formset.empty_form, inline.formset.model))
    for form, model in forms:
        for name, form_field in form.fields.items():
            queryset = getattr(form_field, "queryset", None)
            # The hidden id of an inline row is its own row, not a choice.
            if queryset is not None and name != model._meta.pk.name:
                yield model._meta.label_lower, name, queryset


def assert_choices_in_scope(response, who, obj=None):
    """Assert that every choice field of the page offers exactly what the rules allow the user."""
    for source, name, queryset in form_choice_fields(response):
        expected = expected_choices(who, source, name, queryset.model, obj)
        if expected is not None:
            assert {row.pk for row in queryset} == expected, f"{source}.{name} offers other choices"


def autocomplete_sources(target_label):
    """Return (source admin's model label, field name) for every autocomplete field pointing at the model."""
    sources = []
    for model, model_admin in REGISTRY.items():
        for name in model_admin.autocomplete_fields:
            if model._meta.get_field(name).related_model is MODELS[target_label]:
                sources.append((model._meta.label_lower, name))
    return sources


def action_names(label):
    """Return the actions declared on the model's admin and the site-wide ones (delete_selected)."""
    model_admin = REGISTRY[MODELS[label]]
    names = [name for name, _func in admin.site.actions]
    for action in model_admin.actions or ():
        names.append(action if isinstance(action, str) else action.__name__)
    return names


def action_function(label, name):
    model_admin = REGISTRY[MODELS[label]]
    return (
        dict(admin.site.actions).get(name)
        or getattr(model_admin, name, None)
        or next(action for action in model_admin.actions if getattr(action, "__name__", None) == name)
    )


CASES = [(label, kind) for label in LABELS for kind in KINDS]
OBJECT_VIEW_CASES = [case for case in CASES if getattr(REGISTRY[MODELS[case[0]]], "object_views", ())]
AUTOCOMPLETE_CASES = [case for case in CASES if autocomplete_sources(case[0])]


# --- the table ------------------------------------------------------------------------------------------


def test_every_registered_model_has_cases():
    assert {label for label, _kind in CASES} == {m._meta.label_lower for m in admin.site._registry}


def test_the_rules_agree_with_the_staff_groups():
    """A model's role in RULES and the groups' permissions say the same: who may view it."""
    for label in LABELS:
        rule = rule_for(label)
        viewers = {role for role, table in GROUP_PERMISSIONS.items() if "view" in table.get(label, [])}
        expected = {
            "editor": {"editor", "manager"},
            "manager": {"manager"},
            "portal": {"portal"},
            "superuser": set(),
        }[rule.role]
        assert viewers == expected, f"{label}: RULES says {rule.role}, the groups give view to {viewers}"


@pytest.mark.parametrize(("label", "kind"), CASES)
def test_changelist_shows_exactly_the_rows_and_filter_choices_of_the_scope(client, site, label, kind):
    who = site.who[kind]
    client.force_login(who.user)

    response = client.get(admin_url(label, "changelist"))

    if not may(who, label, "view"):
        assert response.status_code == 403
        return
    assert response.status_code == 200
    cl = response.context["cl"]
    assert {obj.pk for obj in cl.result_list} == visible_rows(who, label)
    for spec in cl.filter_specs:
        if not isinstance(spec, RelatedFieldListFilter):
            continue
        offered = {pk for pk, _text in spec.lookup_choices}
        expected = expected_choices(who, label, spec.field_path, spec.field.related_model)
        if expected is None:
            continue
        if isinstance(spec, RelatedOnlyFieldListFilter):
            assert offered <= expected, f"filter {spec.field_path} offers {offered - expected}"
        else:
            assert offered == expected, f"filter {spec.field_path}"


@pytest.mark.parametrize(("label", "kind"), CASES)
def test_object_pages_open_only_inside_the_scope(client, site, label, kind):
    who = site.who[kind]
    client.force_login(who.user)
    obj = sample(label, site)

    add = client.get(admin_url(label, "add"))
    assert add.status_code == (200 if may(who, label, "add") else 403)
    if add.status_code == 200:
        assert_choices_in_scope(add, who)
    if obj is None:
        return
    if not may(who, label, "view"):
        # Without the model's permissions every page of it is refused before any row is read.
        assert client.get(admin_url(label, "change", obj.pk)).status_code == 403
        return
    sees = obj.pk in visible_rows(who, label)

    change = client.get(admin_url(label, "change", obj.pk))
    history = client.get(admin_url(label, "history", obj.pk))
    delete = client.get(admin_url(label, "delete", obj.pk))

    if sees:
        assert change.status_code == 200
        assert history.status_code == 200
        assert delete.status_code == (200 if may(who, label, "delete") else 403)
        assert_choices_in_scope(change, who, obj)
    else:
        assert change.status_code in (403, 404)
        assert history.status_code in (403, 404)
        assert delete.status_code in (403, 404)


@pytest.mark.parametrize(("label", "kind"), CASES)
def test_view_on_site_leads_only_to_public_pages_of_the_scope(client, site, label, kind):
    who = site.who[kind]
    client.force_login(who.user)
    obj = sample(label, site)
    if obj is None:
        pytest.skip("no row of this model in the data set")
    content_type = ContentType.objects.get_for_model(MODELS[label])

    response = client.get(reverse("admin:view_on_site", args=[content_type.pk, obj.pk]))

    if obj.pk not in visible_rows(who, label) or rule_for(label).personal_page:
        assert response.status_code == 404
    else:
        assert response.status_code in (302, 404)
        if response.status_code == 302:
            assert "token" not in response["Location"]


@pytest.mark.parametrize(("label", "kind"), OBJECT_VIEW_CASES)
def test_object_views_open_only_inside_the_scope(client, site, label, kind):
    names = REGISTRY[MODELS[label]].object_views
    obj = sample(label, site)
    if obj is None:
        pytest.skip("no row of this model in the data set")
    who = site.who[kind]
    client.force_login(who.user)
    sees = obj.pk in visible_rows(who, label)

    for name in names:
        try:
            url = admin_url(label, name, obj.pk)
        except NoReverseMatch:
            pytest.fail(f"object_views names {name}, but admin:{label.replace('.', '_')}_{name} is missing")
        assert (label, name) in OBJECT_VIEW_ACCESS, f"add a row for {label} {name} to OBJECT_VIEW_ACCESS"
        allowed = who.is_superuser or OBJECT_VIEW_ACCESS[label, name](who, obj, sees)
        status = client.get(url).status_code
        assert status == (200 if allowed else 404), f"{name}: {status} for {kind}"


@pytest.mark.parametrize(("label", "kind"), AUTOCOMPLETE_CASES)
def test_autocomplete_offers_only_the_choices_of_the_scope(client, site, label, kind):
    sources = autocomplete_sources(label)
    who = site.who[kind]
    client.force_login(who.user)

    for source, name in sources:
        app_label, model_name = source.split(".")
        response = client.get(
            reverse("admin:autocomplete"),
            {"app_label": app_label, "model_name": model_name, "field_name": name, "term": ""},
        )
        if not may(who, label, "view"):
            assert response.status_code == 403
            continue
        assert response.status_code == 200
        offered = {int(result["id"]) for result in response.json()["results"]}
        expected = expected_choices(who, source, name, MODELS[label]) & visible_rows(who, label)
        if (source, name) in SEARCH_LIMITS:
            rows = MODELS[label]._default_manager.filter(pk__in=expected)
            expected = {row.pk for row in SEARCH_LIMITS[source, name](who, None, rows)}
        assert offered == expected, f"{source}.{name}"


@pytest.mark.parametrize(("label", "kind"), CASES)
def test_actions_outside_the_scope_change_nothing(client, site, label, kind):
    obj = sample(label, site)
    if obj is None:
        pytest.skip("no row of this model in the data set")
    who = site.who[kind]
    client.force_login(who.user)
    model = MODELS[label]
    sees = obj.pk in visible_rows(who, label)

    rule = rule_for(label)
    owns = who.is_superuser or bool(agencies_at(obj, rule.owner) & who.agencies)
    reads_only = rule.co_read_only and not owns
    refused = []
    for name in action_names(label):
        needed = getattr(action_function(label, name), "allowed_permissions", ())
        if reads_only or not (sees and all(may(who, label, permission) for permission in needed)):
            refused.append(name)
    if not may(who, label, "view"):
        refused = refused[:1]  # the changelist refuses them all (403) before looking at the action
    if not refused:
        pytest.skip("every action is the user's to run on this row")

    for name in refused:
        before = fingerprint(model, obj)
        response = client.post(admin_url(label, "changelist"), {"action": name, "_selected_action": [obj.pk]})
        # Refused: 403, or the changelist again (200, or 302 with "no items selected").
        assert response.status_code in (200, 302, 403), name
        assert fingerprint(model, obj) == before, f"{name} changed something outside the scope"


def test_the_rules_name_only_registered_models():
    assert set(RULES) - set(LABELS) == set(), "a rule for a model the admin no longer has"
