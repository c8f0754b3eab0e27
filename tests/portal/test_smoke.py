import pytest

pytestmark = pytest.mark.django_db


def test_home_page_lists_the_four_agencies(client, demo_site):
    response = client.get("/")
    assert response.status_code == 200
    for name in ["Bildungsmanagement Hessen", "Bildungsmanagement NRW", "TransMit", "Transferagentur Bayern"]:
        assert name in response.content.decode()
