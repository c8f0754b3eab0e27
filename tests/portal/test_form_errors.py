"""After a failed submit every public form says so in its title and lists the errors, linked to the fields."""

import re

import pytest
from django.urls import reverse

from tests.factories import RegistrationEventFactory

pytestmark = pytest.mark.django_db


def _title(html):
    return re.search(r"<title>(.*?)</title>", html, re.S)[1].strip()


def _summary_links(html):
    summary = re.search(
        r'<div class="alert alert-danger error-summary"[^>]*data-error-summary>(.*?)</div>', html, re.S
    )
    assert summary, "no error summary"
    return re.findall(r'<a href="#([^"]+)">', summary[1])


def _forms():
    event = RegistrationEventFactory(format="hybrid", online_capacity=10)
    return [
        (reverse("portal:feedback"), {"message": " "}),
        (reverse("registration:register", args=[event.slug]), {"name": ""}),
        (reverse("registration:overview_request"), {"email": "keine-adresse"}),
        (reverse("registration:resend", args=[event.slug]), {"email": ""}),
    ]


@pytest.mark.parametrize("index", range(4), ids=["feedback", "registration", "my-registrations", "resend"])
@pytest.mark.parametrize(("prefix", "word"), [("", "Fehler:"), ("/en", "Error:")])
def test_a_failed_submit_says_error_first_and_links_each_error_to_its_field(client, index, prefix, word):
    url, data = _forms()[index]

    response = client.post(prefix + url, data)

    html = response.content.decode()
    assert _title(html).startswith(f"{word} ")
    links = _summary_links(html)
    assert links
    for target in links:
        assert f'id="{target}"' in html, target
    assert "js/error-summary.js" in html


def test_a_radio_group_error_links_to_its_first_choice(client):
    event = RegistrationEventFactory(format="hybrid", online_capacity=10)

    html = client.post(reverse("registration:register", args=[event.slug]), {}).content.decode()

    assert "id_mode_0" in _summary_links(html)


def test_a_page_without_errors_has_no_error_title(client):
    html = client.get(reverse("portal:feedback")).content.decode()

    assert not _title(html).startswith("Fehler")
    assert "data-error-summary" not in html
