import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.models import Agency, ContactPerson
from municipalities.models import FederalState
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

# The smallest valid GIF, so the logo is a real image file.
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def main_of(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def test_agency_list_shows_all_four_with_the_states_they_serve(client, demo_site):
    main = main_of(client.get("/transferagenturen/"))

    assert "<h1>Transferagenturen</h1>" in main
    for agency in Agency.objects.prefetch_related("states"):
        assert f'<a href="/transferagenturen/{agency.slug}/">{agency.name}</a>' in main
    assert "Zuständig für: Baden-Württemberg, Hessen" in main
    assert "Zuständig für: Sachsen, Sachsen-Anhalt, Thüringen" in main
    assert "Zuständig für: Nordrhein-Westfalen" in main
    assert "Zuständig für: Bayern" in main


def test_agency_list_follows_the_display_order(client, demo_site):
    main = main_of(client.get("/transferagenturen/"))

    positions = [
        main.index(f'href="/transferagenturen/{slug}/"') for slug in ["hessen", "nrw", "transmit", "bayern"]
    ]
    assert positions == sorted(positions)


def test_agency_page_shows_the_full_profile(client, demo_site):
    agency = Agency.objects.get(slug="nrw")

    main = main_of(client.get("/transferagenturen/nrw/"))

    assert f"<h1>{agency.name}</h1>" in main
    assert agency.mission in main
    for task in agency.task_list:
        assert f"<li>{task}</li>" in main
    assert "Friesenring 40<br>" in main and "48147 Münster" in main
    assert '<a href="tel:02515550200-0">0251 5550200-0</a>' in main
    assert f'<a href="mailto:{agency.email}">info<wbr>@nrw.transferagentur.example.org</a>' in main
    assert f'<a href="{agency.website}">nrw.transferagentur.example.org</a>' in main
    assert "Institut für soziale Arbeit e.V. (ISA)" in main
    assert "Nordrhein-Westfalen" in main


def test_contact_persons_are_grouped_by_role_with_phone_and_email(client, demo_site):
    main = main_of(client.get("/transferagenturen/nrw/"))

    roles = [
        "Leitung",
        "Strategische Leitung",
        "Wissenschaftliche Mitarbeit",
        "Presse- und Öffentlichkeitsarbeit",
    ]
    positions = [main.index(f'<h3 class="h5 mt-3">{role}</h3>') for role in roles]
    assert positions == sorted(positions)
    research = main[positions[2] : positions[3]]
    assert research.index("Lea Lorem") < research.index("Tim Testfeld")
    contact = ContactPerson.objects.get(name="Paula Probe")
    assert f'<a href="mailto:{contact.email}">' in main
    assert contact.phone in main


def test_logo_is_shown_with_its_alternative_text(client, agency, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    agency.logo = SimpleUploadedFile("logo.gif", GIF, content_type="image/gif")
    agency.logo_alt = "Logo der Transferagentur Testland: ein blaues T"
    agency.save()

    main = main_of(client.get(agency.get_absolute_url()))

    assert 'alt="Logo der Transferagentur Testland: ein blaues T"' in main
    assert 'src="/media/agencies/logos/logo' in main


def test_agency_without_contact_persons_points_to_the_general_address(client, agency):
    main = main_of(client.get(agency.get_absolute_url()))

    assert "Bitte wenden Sie sich an die allgemeine Adresse der Agentur." in main
    assert "Thüringen" in main


def test_agency_page_shows_a_changed_profile_contact_and_state_at_once(client, agency, settings):
    """The agency with its states and contact persons is kept per content version: every save shows."""
    settings.PAGE_CACHE_ENABLED = False
    client.get(agency.get_absolute_url())

    agency.city = "Neustadt"
    agency.save()
    agency.states.add(FederalState.objects.get(code="14"))
    ContactPerson.objects.create(
        agency=agency, name="Erika Neu", role=ContactPerson.Role.PRESS, email="neu@example.org"
    )
    main = main_of(client.get(agency.get_absolute_url()))

    assert "12345 Neustadt" in main
    assert "Sachsen, Thüringen" in main
    assert "Erika Neu" in main


def test_unknown_agency_gives_the_404_page_in_the_layout(client, demo_site):
    response = client.get("/transferagenturen/atlantis/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Seite nicht gefunden</h1>" in html
    assert 'aria-label="Hauptnavigation"' in html


def test_home_page_introduces_the_agencies(client, demo_site):
    main = main_of(client.get("/"))

    assert "<h1" in main and main.count("<h1") == 1
    for agency in Agency.objects.all():
        assert f'href="/transferagenturen/{agency.slug}/"' in main


def test_home_page_shows_an_agency_renamed_and_its_new_state_at_once(client):
    # The home page's agency cards are kept per content version: every change must make a new one.
    agency = AgencyFactory(name="Agentur Alt", states=["hessen"])
    client.get("/")
    agency.name = "Agentur Neu"
    agency.save()
    agency.states.add(FederalState.objects.get(slug="bayern"))

    main = main_of(client.get("/"))

    assert "Agentur Neu" in main and "Agentur Alt" not in main
    assert "Zuständig für: Bayern, Hessen" in main


def make_agencies(count):
    """Create ``count`` agencies with three states and five contact persons each."""
    states = list(FederalState.objects.all()[:3])
    for number in range(count):
        agency = AgencyFactory(
            name=f"Agentur {number}",
            short_name=f"A{number}",
            slug=f"agentur-{number}",
            host_institution="Institut",
            street="Weg 1",
            postcode="12345",
            city="Stadt",
            email=f"info{number}@example.org",
            mission="Leitbild",
            tasks="Eins\nZwei",
        )
        agency.states.set(states)
        ContactPerson.objects.bulk_create(
            ContactPerson(
                agency=agency,
                name=f"Person {number}-{index}",
                role=ContactPerson.Role.values[index % len(ContactPerson.Role.values)],
                email=f"p{number}-{index}@example.org",
                order=index,
            )
            for index in range(5)
        )


# The bound per page, the same for one agency and for many: the pages read in bulk, never per row.
# Counted on the second visit: the agencies, their states and contact persons, the Bundesländer and
# the topics are kept per content version and read on the first page after a change only, as are
# the upcoming events' rows and an agency's latest releases, publications and partners.
QUERY_BOUNDS = {
    # latest press releases and their supporting agencies, the upcoming events' seats
    "/": 3,
    "/transferagenturen/": 2,  # agencies, their states
    # the upcoming events' seats (registrations are no content: counted on every visit)
    "/transferagenturen/agentur-0/": 1,
}


@pytest.mark.parametrize("size", [1, 25])
@pytest.mark.parametrize("path", list(QUERY_BOUNDS))
def test_public_agency_pages_run_a_constant_number_of_queries(
    client, django_assert_max_num_queries, settings, size, path
):
    settings.PAGE_CACHE_ENABLED = False
    make_agencies(size)
    client.get(path)

    with django_assert_max_num_queries(QUERY_BOUNDS[path]):
        response = client.get(path)

    assert response.status_code == 200
