import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from municipalities.exceptions import ImportFileError
from municipalities.models import Municipality
from municipalities.services import DISTRICTS_CSV, import_districts

pytestmark = pytest.mark.django_db

HEADER = "AGS;type;name;NUTS3;area_km2;population;population_male;population_female;population_per_km2"


def source_rows():
    with DISTRICTS_CSV.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def write_csv(tmp_path, *lines):
    path = tmp_path / "districts.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def test_vendored_file_imports_every_kreis_and_kreisfreie_stadt():
    rows = source_rows()

    report = import_districts()

    assert report.created == len(rows) == 401
    assert report.errors == []
    assert Municipality.objects.count() == 401
    city_types = {"Kreisfreie Stadt", "Stadtkreis"}
    expected_cities = sum(row["type"] in city_types for row in rows)
    assert Municipality.objects.filter(kind=Municipality.Kind.KREISFREIE_STADT).count() == expected_cities
    assert Municipality.objects.filter(kind=Municipality.Kind.LANDKREIS).count() == 401 - expected_cities


def test_imported_values_and_state_come_from_the_file():
    import_districts()

    fuerth = Municipality.objects.get(key="09563")
    assert (fuerth.name, fuerth.kind, fuerth.state.name) == ("Fürth", "kreisfreie-stadt", "Bayern")
    assert fuerth.population == 127748
    assert str(fuerth.area_km2) == "63.35"
    heidelberg = Municipality.objects.get(key="08221")
    assert (heidelberg.kind, heidelberg.designation) == ("kreisfreie-stadt", "Stadtkreis")
    saarbruecken = Municipality.objects.get(key="10041")
    assert (saarbruecken.kind, saarbruecken.designation) == ("landkreis", "Regionalverband")
    kleve = Municipality.objects.get(key="05154")
    assert (kleve.kind, kleve.designation, kleve.display_name) == ("landkreis", "Kreis", "Kreis Kleve")


def test_importing_the_same_file_twice_changes_nothing():
    import_districts()
    before = {
        m.key: (m.name, m.kind, m.population, m.area_km2, m.updated_at) for m in Municipality.objects.all()
    }

    report = import_districts()

    assert (report.created, report.updated, report.unchanged, len(report.errors)) == (0, 0, 401, 0)
    after = {
        m.key: (m.name, m.kind, m.population, m.area_km2, m.updated_at) for m in Municipality.objects.all()
    }
    assert after == before


def test_a_changed_row_updates_the_existing_municipality(tmp_path):
    import_districts()
    path = write_csv(tmp_path, "16071;Landkreis;Weimarer Land;DEG0G;804.48;82000;40645;41302;102")

    report = import_districts(path=path)

    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    assert Municipality.objects.get(key="16071").population == 82000
    assert Municipality.objects.count() == 401


def test_malformed_rows_are_reported_with_their_line_and_the_rest_is_imported(tmp_path):
    path = write_csv(
        tmp_path,
        "16061;Landkreis;Eichsfeld;DEG06;943.07;100380;50364;50016;106",
        "1606X;Landkreis;Kaputt;DEG07;713.90;83822;41477;42345;117",
        "16063;Großkreis;Wartburgkreis;DEG0P;1307.44;123025;61525;61500;94",
        "16064;Landkreis;Unstrut-Hainich-Kreis;DEG09;979.69;102912",
        "99065;Landkreis;Nirgendwo;DEG0A;1037.91;75009;37274;37735;72",
        "16066;Landkreis;Schmalkalden-Meiningen;DEG0B;1210.73;122347;61186;61161;101",
    )

    report = import_districts(path=path)

    assert report.created == 2
    assert sorted(Municipality.objects.values_list("key", flat=True)) == ["16061", "16066"]
    messages = {error.line: str(error) for error in report.errors}
    assert sorted(messages) == [3, 4, 5, 6]
    assert "Zeile 3" in messages[3] and "1606X" in messages[3]
    assert "Großkreis" in messages[4]
    assert "6 Spalten statt 9" in messages[5]
    assert "99" in messages[6]


def test_command_reports_counts_and_skipped_rows(tmp_path):
    path = write_csv(
        tmp_path,
        "16061;Landkreis;Eichsfeld;DEG06;943.07;100380;50364;50016;106",
        "16062;Landkreis;Nordhausen;DEG07",
    )
    out, err = StringIO(), StringIO()

    call_command("import_districts", str(path), stdout=out, stderr=err)

    assert "1 angelegt, 0 aktualisiert, 0 unverändert" in out.getvalue()
    assert "Zeile 3: 4 Spalten statt 9" in err.getvalue()


def test_command_without_path_imports_the_vendored_file():
    out = StringIO()
    call_command("import_districts", stdout=out)
    assert "401 angelegt" in out.getvalue()


def test_unreadable_or_foreign_file_stops_with_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="kann nicht gelesen werden"):
        call_command("import_districts", str(tmp_path / "fehlt.csv"))
    other = tmp_path / "other.csv"
    other.write_text("id,name\n1,Test\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="Kopfzeile"):
        import_districts(path=other)
