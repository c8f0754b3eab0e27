"""Every public page runs as many SQL queries on the demo data as on a data set many times its size.

The site audit's table (``tests/portal/test_site_audit.py``) names every public page; each is counted
on the demo data, then again after the benchmark's generator (``bench/generate.py``, PostgreSQL only:
it writes with COPY) has added events with programmes and registrations, releases, publications
and Gemeinden. The addresses are built anew from the bigger data, so a page may show other rows.
"""

import importlib.util
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.page_cache import bump_content_version
from tests.portal.test_site_audit import HTML, ROWS

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the generator writes with COPY"),
]

GENERATOR = Path(__file__).resolve().parents[2] / "bench" / "generate.py"
COUNTED = [row for row in ROWS if row[3] == 200 and row[4] == HTML]


def _generator_module():
    spec = importlib.util.spec_from_file_location("bench_generate", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _queries_per_page(client) -> dict[tuple[str, str], int]:
    counts = {}
    for row in COUNTED:
        url = row[2]()
        # Counted on the second visit: the reference data a page keeps per content version
        # (kept_per_version) is read on the first page after any change, whatever the data's size,
        # and the generated events start and end during the run, which is such a change.
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[row[:2]] = len(queries)
    return counts


def test_every_public_page_runs_no_more_queries_on_a_much_bigger_data_set(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    call_command("load_demo_data", stdout=io.StringIO())
    on_demo = _queries_per_page(client)
    # A list that is empty on the demo data skips its prefetch: the bound of a page is the richest
    # page of its pattern (the agency without publications runs one query less than the others).
    bound = {}
    for (name, _variant), count in on_demo.items():
        bound[name] = max(bound.get(name, 0), count)

    generate = _generator_module()
    generator = generate.Generator(seed=13, scale=0.02, base_date=timezone.localdate())
    generator.load_reference()
    generator.municipalities()
    generator.venues_and_series()
    generator.events()
    generator.registrations(generator.registration_options())
    generator.press_releases()
    generator.publications()
    bump_content_version()  # as the generator does: its bulk writes bypass save()
    assert generator.counts["registrations"] >= 4_000
    on_more = _queries_per_page(client)

    grown = {key: (bound[key[0]], count) for key, count in on_more.items() if count > bound[key[0]]}
    assert grown == {}, "pages whose queries grew with the data: (demo, bigger)"
