import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

REGISTERED = sorted(
    (model._meta.app_label, model._meta.model_name, model_admin)
    for model, model_admin in admin.site._registry.items()
    if model._meta.app_label in {"agencies", "portal"}
)


def test_admin_speaks_german(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()

    assert '<html lang="de"' in html
    assert "Transferportal – Redaktion" in html
    assert "Barrieremeldungen" in html


@pytest.mark.parametrize(("app_label", "model_name", "model_admin"), REGISTERED, ids=lambda x: str(x))
def test_every_list_in_the_admin_can_be_searched_and_filtered(
    admin_client, demo_site, app_label, model_name, model_admin
):
    assert model_admin.search_fields, "every admin list needs a search"
    assert model_admin.list_filter, "every admin list needs filters"
    url = reverse(f"admin:{app_label}_{model_name}_changelist")

    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "Hessen"}).status_code == 200


@pytest.mark.parametrize("model_name", ["agency", "contactperson"])
def test_agency_admin_pages_open(admin_client, demo_site, model_name):
    from agencies.models import Agency, ContactPerson

    obj = {"agency": Agency, "contactperson": ContactPerson}[model_name].objects.first()
    response = admin_client.get(reverse(f"admin:agencies_{model_name}_change", args=[obj.pk]))

    assert response.status_code == 200


def test_agency_change_page_edits_its_contact_persons_inline(admin_client, demo_site):
    from agencies.models import Agency

    agency = Agency.objects.get(slug="nrw")
    html = admin_client.get(reverse("admin:agencies_agency_change", args=[agency.pk])).content.decode()

    assert "Ansprechpersonen" in html
    assert "Paula Probe" in html
