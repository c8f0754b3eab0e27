import pytest
from django.test import RequestFactory

from portal.views import server_error

pytestmark = pytest.mark.django_db


def test_unknown_address_gives_the_404_page_in_the_layout(client, demo_site):
    response = client.get("/gibt-es-nicht/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Seite nicht gefunden</h1>" in html
    assert 'aria-label="Hauptnavigation"' in html
    assert 'href="/impressum/"' in html


def test_server_error_page_is_german_and_stands_on_its_own():
    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert "<h1>Ein technischer Fehler ist aufgetreten</h1>" in html
    assert "nicht verarbeitet" not in html


def test_server_error_page_after_a_form_says_the_input_was_not_processed():
    response = server_error(RequestFactory().post("/barriere-melden/"))

    assert "Was Sie eben abgeschickt haben, wurde nicht verarbeitet." in response.content.decode()


@pytest.mark.parametrize(
    "path",
    ["/", "/transferagenturen/", "/transferagenturen/hessen/", "/impressum/", "/barrierefreiheit/"],
)
def test_english_version_renders_and_links_back_to_the_same_german_page(client, demo_site, path):
    response = client.get("/en" + path)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert f'href="{path}" hreflang="de"' in html


@pytest.mark.parametrize("path", ["/", "/transferagenturen/nrw/", "/datenschutz/", "/barriere-melden/"])
def test_german_page_links_to_its_english_version(client, demo_site, path):
    html = client.get(path).content.decode()

    assert '<html lang="de">' in html
    assert f'href="/en{path}" hreflang="en"' in html
