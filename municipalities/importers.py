"""Read the two official sources of municipalities into plain records, without touching the database.

- ``read_districts``: the semicolon-separated ``districts.csv`` of ``landkreise-deutschland`` 3.0.0
  (Landkreise and kreisfreie Städte with area and population).
- ``read_gv100ad``: the fixed-width Gemeindeverzeichnis of Destatis (GV100AD), one record per line.

Each reader returns the records it understood and, for every line it could not use, a ``RowError``
with the line number, so the import can report it and go on with the rest.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .states import FEDERAL_STATES

STATE_CODES = {code for code, _name, _slug in FEDERAL_STATES}

LANDKREIS = "landkreis"
KREISFREIE_STADT = "kreisfreie-stadt"
KREISANGEHOERIGE_STADT = "kreisangehoerige-stadt"
GEMEINDE = "gemeinde"


@dataclass(frozen=True)
class MunicipalityRecord:
    key: str
    name: str
    kind: str
    designation: str
    population: int | None = None
    area_km2: Decimal | None = None
    # Only for Gemeinden: the five-digit key of their Kreis.
    parent_key: str | None = None
    # Where the record came from, for messages.
    line: int = 0


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self):
        return _("Zeile %(line)s: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class ReadResult:
    records: list[MunicipalityRecord] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # Lines that are valid but deliberately not imported (e.g. gemeindefreie Gebiete).
    skipped: int = 0


def _check_key(key, length):
    if not re.fullmatch(rf"\d{{{length}}}", key):
        return _("ungültiger Schlüssel „%(key)s“ (erwartet: %(length)s Ziffern)") % {
            "key": key,
            "length": length,
        }
    if key[:2] not in STATE_CODES:
        return _("ungültiger Schlüssel „%(key)s“ (kein Länderschlüssel %(code)s)") % {
            "key": key,
            "code": key[:2],
        }
    return None


# --- districts.csv (landkreise-deutschland 3.0.0) ---------------------------------------------

DISTRICT_COLUMNS = [
    "AGS",
    "type",
    "name",
    "NUTS3",
    "area_km2",
    "population",
    "population_male",
    "population_female",
    "population_per_km2",
]

# The source's word for the kind -> (kind in the portal, designation kept for display).
DISTRICT_KINDS = {
    "Landkreis": (LANDKREIS, "Landkreis"),
    "Kreis": (LANDKREIS, "Kreis"),
    "Regionalverband": (LANDKREIS, "Regionalverband"),
    "Kreisfreie Stadt": (KREISFREIE_STADT, "Kreisfreie Stadt"),
    "Stadtkreis": (KREISFREIE_STADT, "Stadtkreis"),
}


def read_districts(lines):
    """Parse the lines of districts.csv (header first) into records and row errors."""
    result = ReadResult()
    lines = iter(lines)
    header = next(lines, "").lstrip("\ufeff").rstrip("\r\n")
    if header.split(";") != DISTRICT_COLUMNS:
        result.errors.append(
            RowError(
                1, _("unerwartete Kopfzeile, erwartet: %(columns)s") % {"columns": ";".join(DISTRICT_COLUMNS)}
            )
        )
        return result
    for number, line in enumerate(lines, start=2):
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        error, record = _read_district_row(line, number)
        if error:
            result.errors.append(RowError(number, error))
        else:
            result.records.append(record)
    return result


def _read_district_row(line, number):
    cells = [cell.strip() for cell in line.split(";")]
    if len(cells) != len(DISTRICT_COLUMNS):
        return _("%(found)s Spalten statt %(expected)s") % {
            "found": len(cells),
            "expected": len(DISTRICT_COLUMNS),
        }, None
    row = dict(zip(DISTRICT_COLUMNS, cells, strict=True))
    if error := _check_key(row["AGS"], 5):
        return error, None
    if row["type"] not in DISTRICT_KINDS:
        return _("unbekannte Art „%(kind)s“") % {"kind": row["type"]}, None
    if not row["name"]:
        return _("Name fehlt"), None
    try:
        population = int(row["population"]) if row["population"] else None
        area = Decimal(row["area_km2"]).quantize(Decimal("0.01")) if row["area_km2"] else None
    except (ValueError, InvalidOperation):
        return _("Fläche oder Einwohnerzahl ist keine Zahl"), None
    if (population is not None and population < 0) or (area is not None and area < 0):
        return _("Fläche oder Einwohnerzahl ist negativ"), None
    kind, designation = DISTRICT_KINDS[row["type"]]
    return None, MunicipalityRecord(
        key=row["AGS"],
        name=row["name"],
        kind=kind,
        designation=designation,
        population=population,
        area_km2=area,
        line=number,
    )


# --- GV100AD (Destatis Gemeindeverzeichnis, fixed width) ---------------------------------------
#
# Every record is one line; positions are characters (the file is UTF-8 since 2019, ISO-8859-1
# before). The fields used here, 0-based and end-exclusive as Python slices:
#
#   [0:2]     Satzart: 10 Land, 20 Regierungsbezirk, 30 Region (only Baden-Württemberg),
#             40 Kreis, 50 Gemeindeverband, 60 Gemeinde
#   [2:10]    Gebietsstand, YYYYMMDD
#   [10:18]   Amtlicher Gemeindeschlüssel: Land (2), Regierungsbezirk (1), Kreis (2), Gemeinde (3);
#             records above the Gemeinde level leave the rest blank
#   [18:22]   Gemeindeverband (Satzart 50 and 60)
#   [22:72]   Name
#   [72:122]  Sitz der Verwaltung (Satzart 10 to 50)
#   [122:124] Textkennzeichen (kind, see below)
#   [128:139] Fläche in Hektar (Satzart 60)
#   [139:150] Bevölkerung insgesamt (Satzart 60)
#   [150:161] Bevölkerung männlich (Satzart 60)
#   [165:170] Postleitzahl des Verwaltungssitzes (Satzart 60)

GV100AD_MIN_LENGTH = 150

# Textkennzeichen of a Kreis (Satzart 40).
GV100AD_KREIS_KINDS = {
    "41": (KREISFREIE_STADT, "Kreisfreie Stadt"),
    "42": (KREISFREIE_STADT, "Stadtkreis"),
    "43": (LANDKREIS, "Kreis"),
    "44": (LANDKREIS, "Landkreis"),
    "45": (LANDKREIS, "Regionalverband"),
}
# Textkennzeichen of a Gemeinde (Satzart 60); None: not imported, see read_gv100ad.
GV100AD_GEMEINDE_KINDS = {
    "60": (GEMEINDE, "Markt"),
    "61": None,  # kreisfreie Stadt: already in the directory as a Kreis
    "62": None,  # Stadtkreis: already in the directory as a Kreis
    "63": (KREISANGEHOERIGE_STADT, "Stadt"),
    "64": (GEMEINDE, "Gemeinde"),
    "65": None,  # gemeindefreies Gebiet, bewohnt
    "66": None,  # gemeindefreies Gebiet, unbewohnt
    "67": (KREISANGEHOERIGE_STADT, "Große Kreisstadt"),
}
GV100AD_KNOWN_TYPES = {"10", "20", "30", "40", "50", "60"}


def decode_gv100ad(data: bytes) -> str:
    """Decode a GV100AD file: UTF-8 since 2019, ISO-8859-1 in older editions."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("iso-8859-1")


def read_gv100ad(lines):
    """Parse GV100AD lines into records of Kreise (Satzart 40) and Gemeinden (Satzart 60)."""
    result = ReadResult()
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        record_type = line[:2]
        if record_type not in GV100AD_KNOWN_TYPES:
            result.errors.append(RowError(number, _("unbekannte Satzart „%(type)s“") % {"type": record_type}))
            continue
        if record_type not in ("40", "60"):
            continue  # Land, Regierungsbezirk, Region, Gemeindeverband: not municipalities
        if len(line) < GV100AD_MIN_LENGTH:
            result.errors.append(
                RowError(
                    number,
                    _("Datensatz zu kurz (%(found)s statt mindestens %(expected)s Zeichen)")
                    % {"found": len(line), "expected": GV100AD_MIN_LENGTH},
                )
            )
            continue
        if record_type == "40":
            error, record = _read_gv100ad_kreis(line, number)
        else:
            error, record = _read_gv100ad_gemeinde(line, number)
        if error:
            result.errors.append(RowError(number, error))
        elif record is None:
            result.skipped += 1
        else:
            result.records.append(record)
    return result


def _gv100ad_name(line):
    name = line[22:72].strip()
    # Destatis appends the kind to some Kreis names ("Heidelberg, Stadtkreis"); the kind has its own field.
    return name.removesuffix(", Stadtkreis")


def _read_gv100ad_kreis(line, number):
    key = line[10:15]
    if error := _check_key(key, 5):
        return error, None
    if line[15:18].strip():
        return _("Kreisdatensatz mit Gemeindeteil im Schlüssel „%(key)s“") % {"key": line[10:18]}, None
    code = line[122:124]
    if code not in GV100AD_KREIS_KINDS:
        return _("unbekanntes Textkennzeichen „%(code)s“ für einen Kreis") % {"code": code}, None
    name = _gv100ad_name(line)
    if not name:
        return _("Name fehlt"), None
    kind, designation = GV100AD_KREIS_KINDS[code]
    return None, MunicipalityRecord(key=key, name=name, kind=kind, designation=designation, line=number)


def _read_gv100ad_gemeinde(line, number):
    key = line[10:18]
    if error := _check_key(key, 8):
        return error, None
    code = line[122:124]
    if code not in GV100AD_GEMEINDE_KINDS:
        return _("unbekanntes Textkennzeichen „%(code)s“ für eine Gemeinde") % {"code": code}, None
    if GV100AD_GEMEINDE_KINDS[code] is None:
        return None, None
    name = _gv100ad_name(line)
    if not name:
        return _("Name fehlt"), None
    try:
        hectares = int(line[128:139])
        population = int(line[139:150])
    except ValueError:
        return _("Fläche oder Einwohnerzahl ist keine Zahl"), None
    kind, designation = GV100AD_GEMEINDE_KINDS[code]
    return None, MunicipalityRecord(
        key=key,
        name=name,
        kind=kind,
        designation=designation,
        population=population,
        area_km2=(Decimal(hectares) / 100).quantize(Decimal("0.01")),
        parent_key=key[:5],
        line=number,
    )
