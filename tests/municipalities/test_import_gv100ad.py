from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from municipalities.importers import read_gv100ad
from municipalities.models import Municipality
from municipalities.services import import_districts, import_gv100ad

pytestmark = pytest.mark.django_db


def gemeinde_line(key, name, code="64", hectares=1000, population=5000):
    """One Satzart-60 record in the GV100AD layout (220 characters)."""
    line = (
        "60"
        + "20241231"
        + key.ljust(8)
        + "0001"
        + name.ljust(50)
        + " " * 50
        + code
        + " " * 4
        + f"{hectares:011d}{population:011d}{population // 2:011d}"
    )
    return line.ljust(220)


def test_sample_imports_gemeinden_with_their_parent_kreis(gv100ad_sample):
    report = import_gv100ad(path=gv100ad_sample)

    assert report.errors == []
    assert report.created == 17  # 5 Kreise, 12 Gemeinden
    assert report.skipped == 1  # Offenbach am Main as a Gemeinde: already there as kreisfreie Stadt
    roedermark = Municipality.objects.select_related("parent", "state").get(key="06438012")
    assert roedermark.name == "Rödermark, Stadt"
    assert roedermark.kind == Municipality.Kind.KREISANGEHOERIGE_STADT
    assert roedermark.parent.key == "06438"
    assert roedermark.parent.kind == Municipality.Kind.LANDKREIS
    assert roedermark.state.name == "Hessen"
    assert (roedermark.population, roedermark.area_km2) == (28500, Decimal("30.01"))
    assert Municipality.objects.get(key="06438003").kind == Municipality.Kind.GEMEINDE
    assert Municipality.objects.get(key="09573114").designation == "Markt"
    assert Municipality.objects.get(key="14729160").designation == "Große Kreisstadt"
    assert Municipality.objects.get(key="06413").kind == Municipality.Kind.KREISFREIE_STADT
    assert not Municipality.objects.filter(key="06413000").exists()
    members = Municipality.objects.get(key="16071").members.order_by("key")
    assert [m.name for m in members] == ["Apolda, Stadt", "Bad Berka, Stadt", "Blankenhain, Stadt"]


def test_sample_import_is_idempotent_and_keeps_district_data(gv100ad_sample):
    import_districts()
    before = Municipality.objects.get(key="06438")

    first = import_gv100ad(path=gv100ad_sample)
    updated_at = {m.key: m.updated_at for m in Municipality.objects.all()}
    second = import_gv100ad(path=gv100ad_sample)

    assert (first.created, first.updated, first.unchanged) == (12, 0, 5)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 17)
    assert {m.key: m.updated_at for m in Municipality.objects.all()} == updated_at
    kreis = Municipality.objects.get(key="06438")
    # The GV100AD Kreis record has no population: the districts.csv figure stays.
    assert (kreis.population, kreis.area_km2) == (before.population, before.area_km2)


def test_iso_8859_1_files_of_older_editions_are_read(gv100ad_sample, tmp_path):
    latin1 = tmp_path / "GV100AD_311218.txt"
    latin1.write_bytes(gv100ad_sample.read_text(encoding="utf-8").encode("iso-8859-1"))

    import_gv100ad(path=latin1)

    assert Municipality.objects.get(key="06438012").name == "Rödermark, Stadt"


def test_gemeinde_of_an_unknown_kreis_is_reported_and_skipped(tmp_path):
    path = tmp_path / "gv.txt"
    path.write_text(gemeinde_line("16071001", "Apolda, Stadt", code="63") + "\n", encoding="utf-8")

    report = import_gv100ad(path=path)

    assert report.created == 0
    assert [str(error) for error in report.errors] == [
        "Zeile 1: Gemeinde 16071001: Landkreis 16071 ist nicht bekannt"
    ]


def test_malformed_records_are_reported_with_their_line(gv100ad_sample, tmp_path):
    lines = gv100ad_sample.read_text(encoding="utf-8").splitlines()
    lines.insert(3, "99" + "x" * 218)  # unknown Satzart
    lines.insert(4, gemeinde_line("0643801X", "Kaputt"))  # bad key
    lines.insert(5, "60202412310643801")  # too short
    lines.insert(6, gemeinde_line("06438099", "Seltsam", code="99"))  # unknown Textkennzeichen
    path = tmp_path / "gv.txt"
    path.write_text("\n".join(lines), encoding="utf-8")

    report = import_gv100ad(path=path)

    assert [error.line for error in report.errors] == [4, 5, 6, 7]
    assert "Satzart" in str(report.errors[0])
    assert "0643801X" in str(report.errors[1])
    assert "zu kurz" in str(report.errors[2])
    assert "Textkennzeichen" in str(report.errors[3])
    assert report.created == 17


def test_reader_takes_fields_from_their_positions():
    result = read_gv100ad(
        [gemeinde_line("16071003", "Bad Berka, Stadt", code="63", hectares=5542, population=7400)]
    )

    [record] = result.records
    assert (record.key, record.parent_key, record.name) == ("16071003", "16071", "Bad Berka, Stadt")
    assert (record.kind, record.population, record.area_km2) == (
        "kreisangehoerige-stadt",
        7400,
        Decimal("55.42"),
    )


def test_command_prints_the_report(gv100ad_sample):
    out = StringIO()
    call_command("import_gv100ad", str(gv100ad_sample), stdout=out)
    assert "17 angelegt" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("import_gv100ad", "/nicht/vorhanden.txt")
