"""Generated input against every public address: filters, feeds, forms and secret-link pages.

Hypothesis sends unicode, NUL bytes, huge strings, dates from year 1 to 9999, repeated parameters,
numbers where text belongs and text where numbers belong, and forms with fields missing. Whatever
arrives, the portal answers below 500 without an exception, a GET stores nothing, and what a POST
stores passes the model's own validation (lengths, choices, addresses).

Fixed seed (``derandomize``) and no example database, so every run sends the same inputs; one data
set per module. ``TARGETS`` covers every public URL pattern (``test_every_public_pattern_is_fuzzed``
walks the URLconf). Select with ``-m fuzz``; it runs in ``make test`` too.
"""

import logging
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agencies.publications.models import Publication
from events.models import Event, Registration
from events.registration.mail import overview_token
from portal.health import WORKER, record_heartbeat
from portal.models import BarrierReport

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

# --- what gets sent --------------------------------------------------------------------------------

EDGE_VALUES = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "01.01.0001",
    "31.12.9999",
    "31.12.1899",
    "01.01.2101",
    "29.02.2021",
    "03.12.2020",
    "2020-12-03",
    "0",
    "-1",
    "1.5",
    "99999999999999999999",
    "9" * 5000,
    "1e400",
    "NaN",
    "inf",
    "on",
    "true",
    "x" * 60_000,
    "ä" * 20_000,
    "%",
    "_",
    "%_%\\",
    "' OR '1'='1",
    '"><script>alert(1)</script>',
    "../../../etc/passwd",
    "\u202eevil",
    "\ufeff",
    "🙂" * 50,
    "Halle (Saale), Stadt (15002)",
    "15002",
    "testland",
    "online",
    "praesenz",
    "fachtag",
    "cancel",
    "cancel_series",
    "resend",
]
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=100)
DAY = st.dates().map(lambda day: f"{day.day:02}.{day.month:02}.{day.year:04}")
VALUE = st.one_of(st.sampled_from(EDGE_VALUES), TEXT, st.integers().map(str), DAY)
# A parameter sent once, or repeated (?agency=a&agency=b).
SENT = st.one_of(VALUE, st.lists(VALUE, min_size=2, max_size=3))


def query(names):
    """Query parameters: the endpoint's own names and some invented ones, each with any value."""
    key = st.one_of(st.sampled_from(names), TEXT.filter(bool)) if names else TEXT.filter(bool)
    return st.dictionaries(key, SENT, max_size=6)


def form(valid):
    """Form data: all valid but one field, or any mix of valid, odd and missing fields."""
    one_changed = st.sampled_from(sorted(valid)).flatmap(
        lambda name: SENT.map(lambda value: {**valid, name: value})
    )
    any_mix = st.fixed_dictionaries(
        {}, optional={name: st.one_of(st.just(good), SENT) for name, good in valid.items()}
    )
    return st.one_of(one_changed, any_mix, query(list(valid)))


def email_address():
    return st.one_of(st.integers(0, 10**6).map(lambda n: f"person{n}@example.org"), st.emails(), VALUE)


def registration_form(*, series):
    valid = {
        "name": "Erika Beispiel",
        "organisation": "Bildungsbüro Musterkreis",
        "municipality": "",
        "function": "Bildungsmonitoring",
        "consent": "on",
        "notice_version": "1",
        "comment": "",
    }
    if series:
        valid["whole_series"] = "on"
    # A fresh address each time, so valid registrations keep coming through.
    return st.tuples(form(valid), email_address()).map(lambda pair: {"email": pair[1], **pair[0]})


# --- what it is sent to ----------------------------------------------------------------------------

FILTERS = ["q", "agency", "state", "format", "kind", "topic", "target_group", "start", "end", "free", "page"]


@dataclass(frozen=True)
class Target:
    """One public URL pattern: how to build its address, what to send, how many generated inputs."""

    name: str
    examples: int
    method: str = "GET"
    params: list = field(default_factory=list)
    address: object = None  # site -> path; default reverse(name)
    data: object = None  # site -> strategy of POST data; default: query(params)
    id: str = ""


def _slugged(name, attribute):
    return lambda site: reverse(name, args=[getattr(site, attribute)])


def _with_the_worker_alive(site):
    """/healthz, with a fresh heartbeat of the mail worker: without one it rightly answers 503."""
    record_heartbeat(WORKER)
    return reverse("healthz")


def _token_path(name, real, *more_args):
    """A secret-link address with the real token or any text (quoted, slashes included) in its place;
    ``more_args`` are the site's attributes (or numbers) for the pattern's further arguments."""

    def build(site):
        rest = [getattr(site, arg) if isinstance(arg, str) else arg for arg in more_args]
        before, after = reverse(name, args=["TOKEN", *rest]).split("TOKEN")
        return st.one_of(st.just(getattr(site, real)), TEXT.filter(bool)).map(
            lambda token: f"{before}{quote(token, safe='')}{after}"
        )

    return build


TARGETS = [
    # Lists and feeds with filters
    Target("events:list", 200, params=FILTERS),
    Target("events:feed", 400, params=FILTERS),
    Target("events:archive", 200, params=["year", "agency", "page"]),
    Target("press:list", 250, params=["agentur", "jahr", "suche", "page"]),
    Target("press:feed_rss", 150, params=["page"]),
    Target("press:feed_atom", 150, params=["page"]),
    Target("press:agency_feed_rss", 100, address=_slugged("press:agency_feed_rss", "agency_slug")),
    Target("press:agency_feed_atom", 100, address=_slugged("press:agency_feed_atom", "agency_slug")),
    Target("publications:list", 200, params=["agentur", "reihe", "thema", "jahr", "page"]),
    Target(
        "municipalities:list",
        150,
        params=["q", "bundesland", "art", "agentur", "partnerschaft", "einwohner_min", "einwohner_max"]
        + ["sortierung", "page"],
    ),
    Target("municipalities:search", 1100, params=["q"]),
    # Forms
    Target(
        "registration:register",
        120,
        method="POST",
        address=_slugged("registration:register", "single_slug"),
        data=lambda site: registration_form(series=False),
        id="single event",
    ),
    Target(
        "registration:register",
        80,
        method="POST",
        address=_slugged("registration:register", "series_slug"),
        data=lambda site: registration_form(series=True),
        id="series",
    ),
    Target("registration:register", 15, address=_slugged("registration:register", "single_slug"), id="get"),
    Target(
        "registration:resend",
        80,
        method="POST",
        address=_slugged("registration:resend", "single_slug"),
        data=lambda site: st.one_of(email_address().map(lambda email: {"email": email}), query(["email"])),
    ),
    Target(
        "registration:resend",
        40,
        params=["email"],
        address=_slugged("registration:resend", "single_slug"),
        id="get",
    ),
    Target(
        "registration:overview_request",
        200,
        method="POST",
        data=lambda site: st.one_of(email_address().map(lambda email: {"email": email}), query(["email"])),
    ),
    Target("registration:overview_request", 40, params=["email"], id="get"),
    Target(
        "registration:manage",
        150,
        method="POST",
        address=_slugged("registration:manage", "manage_token"),
        data=lambda site: form({"action": "resend", "registration": str(site.registration_pk)}),
    ),
    Target(
        "registration:manage",
        60,
        params=["erledigt"],
        address=_slugged("registration:manage", "manage_token"),
        id="get",
    ),
    Target(
        "registration:manage", 200, address=_token_path("registration:manage", "manage_token"), id="token"
    ),
    Target("registration:confirm", 200, address=_token_path("registration:confirm", "confirm_token")),
    Target(
        "registration:confirm",
        60,
        method="POST",
        address=_token_path("registration:confirm", "confirm_token"),
        id="post",
    ),
    Target("registration:overview", 200, address=_token_path("registration:overview", "overview_token")),
    Target("registration:data_json", 60, address=_token_path("registration:data_json", "manage_token")),
    Target("registration:data_csv", 60, address=_token_path("registration:data_csv", "manage_token")),
    Target(
        "registration:deletion_request",
        60,
        address=_token_path("registration:deletion_request", "manage_token"),
        id="get",
    ),
    Target(
        "registration:deletion_request",
        60,
        method="POST",
        address=_token_path("registration:deletion_request", "manage_token"),
        id="post",
    ),
    Target("healthz", 15, address=_with_the_worker_alive),
    Target("portal:search", 300, params=["q", "bereich", "page"]),
    Target("robots_txt", 15),
    Target("favicon", 15),
    Target("sitemap", 30, params=["page"]),
    Target(
        "sitemap_section",
        60,
        address=lambda site: st.sampled_from(["veranstaltungen", "presse", "kommunen"]).map(
            lambda section: reverse("sitemap_section", args=[section])
        ),
        params=["page"],
    ),
    Target(
        "registration:certificate",
        40,
        address=_token_path("registration:certificate", "manage_token", "registration_pk"),
    ),
    Target(
        "registration:material",
        40,
        address=_token_path("registration:material", "manage_token", "registration_pk", 1),
    ),
    Target(
        "registration:material_alternative",
        40,
        address=_token_path("registration:material_alternative", "manage_token", "registration_pk", 1),
    ),
    Target("certificate:verify", 60, address=_token_path("certificate:verify", "certificate_code")),
    Target(
        "portal:feedback",
        250,
        method="POST",
        data=lambda site: form(
            {
                "message": "Das Formular lässt sich nicht mit der Tastatur bedienen.",
                "page_url": "/veranstaltungen/",
                "name": "Erika Beispiel",
                "email": "erika@example.org",
                "homepage": "",
            }
        ),
    ),
    Target("portal:feedback", 60, params=["seite"], id="get"),
    # Pages without filters of their own still get any query string.
    Target("portal:home", 15),
    Target("portal:imprint", 15),
    Target("portal:privacy", 15),
    Target("portal:accessibility", 15),
    Target("portal:easy_language", 15),
    Target("portal:sign_language", 15),
    Target("agencies:list", 15),
    Target("agencies:detail", 15, address=_slugged("agencies:detail", "agency_slug")),
    Target("press:detail", 15, address=_slugged("press:detail", "release_slug")),
    Target(
        "press:attachment",
        20,
        address=lambda site: st.integers(min_value=0).map(
            lambda pk: reverse("press:attachment", args=[site.release_slug, pk])
        ),
    ),
    Target("press:preview", 100, address=_token_path("press:preview", "preview_token")),
    Target(
        "press:preview_attachment",
        20,
        address=lambda site: st.integers(min_value=0).map(
            lambda pk: reverse("press:preview_attachment", args=[site.preview_token, pk])
        ),
    ),
    Target("publications:detail", 15, address=_slugged("publications:detail", "publication_slug")),
    Target("publications:download", 15, address=_slugged("publications:download", "publication_slug")),
    Target(
        "publications:accessible_download",
        15,
        address=_slugged("publications:accessible_download", "publication_slug"),
    ),
    Target("events:detail", 15, address=_slugged("events:detail", "single_slug")),
    Target("events:ical", 15, address=_slugged("events:ical", "single_slug")),
    Target("registration:sent", 15, address=_slugged("registration:sent", "single_slug")),
    Target("municipalities:overview", 15),
    Target("municipalities:detail", 15, address=_slugged("municipalities:detail", "municipality_key")),
]

# --- the data set ----------------------------------------------------------------------------------


def _build():
    from agencies.press import services as press_services
    from tests import factories as f

    f.ensure_reference_rows()
    agency = f.AgencyFactory(slug="testland", states=["16"])
    f.ContactPersonFactory(agency=agency)
    f.AccessibilityStatementFactory()
    topic = f.TopicFactory(slug="bildungsmonitoring")
    single = f.RegistrationEventFactory(agency=agency, topics=[topic], on_site_capacity=3)
    _series, dates = f.series_with_dates(agency, dates=2, online_capacity=None)
    f.EventFactory(agency=agency, starts_at=f.in_days(-40))  # in the archive
    f.EventFactory(agency=agency, format=Event.Format.ONLINE, venue=None)
    registration = f.register_confirmed(single, 1)
    pending = f.register(dates[0], 2)
    release = f.PressReleaseFactory(agency=agency)
    draft = f.PressReleaseFactory(agency=agency, status=f.DRAFT)
    publication = f.PublicationFactory(agency=agency)
    kreis = f.MunicipalityFactory(key="16071", name="Weimarer Land", kind="landkreis")
    f.MunicipalityFactory(key="15002", name="Halle (Saale), Stadt", kind="kreisfreie-stadt", state="15")
    f.PartnershipFactory(agency=agency, municipality=kreis)
    return _Site(
        agency_slug=agency.slug,
        single_slug=single.slug,
        series_slug=dates[0].slug,
        registration_pk=registration.pk,
        manage_token=registration.manage_token,
        certificate_code=registration.certificate_code,
        confirm_token=pending.confirm_token,
        overview_token=overview_token(registration.email),
        release_slug=release.slug,
        preview_token=press_services.preview_link_create(release=draft),
        publication_slug=Publication.objects.get(pk=publication.pk).slug,
        municipality_key=kreis.key,
    )


@dataclass
class _Site:
    agency_slug: str
    single_slug: str
    series_slug: str
    registration_pk: int
    manage_token: str
    certificate_code: str
    confirm_token: str
    overview_token: str
    release_slug: str
    preview_token: str
    publication_slug: str
    municipality_key: str


# Valid registrations keep coming through instead of hitting the per-address limit after fifty.
UNLIMITED = {"REGISTRATION_RATE_LIMIT_PER_ADDRESS": 10**6, "REGISTRATION_RATE_LIMIT_PER_EMAIL": 10**6}


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """The module's data set, built once and rolled back after the module (each test in a savepoint)."""
    with django_db_blocker.unblock(), override_settings(**UNLIMITED), transaction.atomic():
        yield _build()
        transaction.set_rollback(True)


# --- the checks ------------------------------------------------------------------------------------

STORED = {Registration: None, BarrierReport: None}


def _newest_pks():
    return {
        model: model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0 for model in STORED
    }


def _assert_stored_rows_are_valid(before):
    """Every row stored since ``before`` passes its model's validation: lengths, choices, addresses."""
    for model, newest in before.items():
        for row in model.objects.filter(pk__gt=newest):
            row.full_clean(validate_unique=False, validate_constraints=False)
            for model_field in model._meta.concrete_fields:
                value = getattr(row, model_field.attname)
                assert not (isinstance(value, str) and "\x00" in value), (model_field.name, value)


def _send(target, path, data):
    client = Client(raise_request_exception=True)
    if target.method == "POST":
        return client.post(path, data)
    return client.get(path, data)


def _id(target):
    return f"{target.name} {target.method}" + (f" {target.id}" if target.id else "")


@pytest.fixture
def quiet_4xx():
    """Keep Django's log line per 400/404 out of the run: thousands of them are the expected answers."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


@pytest.mark.parametrize("target", TARGETS, ids=_id)
def test_no_input_is_a_server_error(site, quiet_4xx, target):
    address = target.address(site) if target.address else reverse(target.name)
    paths = address if isinstance(address, st.SearchStrategy) else st.just(address)
    data = target.data(site) if target.data else query(target.params)
    sent = []
    before_all = _newest_pks()

    @settings(
        max_examples=target.examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )
    @given(path=paths, data=data)
    def send(path, data):
        sent.append(1)
        if target.method == "GET":
            assert _send(target, path, data).status_code < 500, (path, data)
            return
        before = _newest_pks()
        response = _send(target, path, data)
        assert response.status_code < 500, (path, data)
        if _newest_pks()[Registration] != before[Registration]:
            assert response.status_code == 302, "stored, but the form was shown again"
        _assert_stored_rows_are_valid(before)

    send()
    assert len(sent) >= target.examples
    if target.method == "GET":
        assert _newest_pks() == before_all, "a GET stored something"


def test_the_fuzz_sends_at_least_5000_inputs():
    assert sum(target.examples for target in TARGETS) >= 5000


def _public_pattern_names():
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                walk(pattern.url_patterns, ":".join(part for part in (namespace, pattern.namespace) if part))
            else:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, "")
    return names


# Uploaded files are served as they are; their headers are checked in tests/portal/test_uploads.py.
NOT_FUZZED = {"media"}


def test_every_public_pattern_is_fuzzed():
    assert _public_pattern_names() - NOT_FUZZED - {target.name for target in TARGETS} == set()
