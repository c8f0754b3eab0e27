"""The English catalogue is complete: every German interface string has a translation, and the .mo matches.

Read without gettext tools (a fresh machine has none): a small reader for the .po, Python's
gettext for the .mo, ast for the strings in the code and a pattern for the templates.
"""

import ast
import gettext
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "en" / "LC_MESSAGES"
APPS = ["agencies", "events", "municipalities", "portal"]
TRANSLATION_FUNCTIONS = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy"}
TEMPLATE_STRING = re.compile(
    r"""\{%\s*translate\s+(["'])(.*?)\1(?:\s+as\s+\w+)?\s*%\}"""  # {% translate "…" [as name] %}
    r"""|\b_\((["'])(.*?)\3\)"""  # _("…") in a filter argument
)


def po_entries():
    """Return one dict per entry of the .po: msgid, msgid_plural, msgstr (or msgstr[n]), flags, obsolete."""
    entries = []
    for block in (CATALOGUE / "django.po").read_text(encoding="utf-8").split("\n\n"):
        entry, field = {"flags": set(), "obsolete": False}, None
        for line in block.splitlines():
            if line.startswith("#~"):
                entry["obsolete"] = True
            elif line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#") or not line.strip():
                continue
            elif line.startswith('"'):
                entry[field] += ast.literal_eval(line)
            else:
                field, _, value = line.partition(" ")
                entry[field] = ast.literal_eval(value)
        if "msgid" in entry or entry["obsolete"]:
            entries.append(entry)
    return [entry for entry in entries if entry.get("msgid") != ""]


def translations(entry):
    return [value for field, value in entry.items() if field.startswith("msgstr")]


def catalogue_msgids():
    return {entry["msgid"] for entry in po_entries() if not entry["obsolete"]}


def strings_in_code():
    """Yield (file, msgid) for every literal passed to a translation function in the apps' Python code."""
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and getattr(node.func, "id", None) in TRANSLATION_FUNCTIONS
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                ):
                    yield path.relative_to(ROOT), node.args[0].value


def strings_in_templates():
    """Yield (file, msgid) for every one-line {% translate "…" %} and _("…") in the templates."""
    for path in sorted((ROOT / "templates").rglob("*.*")):
        for match in TEMPLATE_STRING.finditer(path.read_text(encoding="utf-8")):
            yield path.relative_to(ROOT), match.group(2) if match.group(2) is not None else match.group(4)


def test_every_entry_is_translated_and_none_is_fuzzy_or_obsolete():
    problems = [
        entry.get("msgid", "(obsolete)")
        for entry in po_entries()
        if entry["obsolete"] or "fuzzy" in entry["flags"] or not all(translations(entry))
    ]

    assert problems == []


def test_compiled_catalogue_matches_the_po():
    with (CATALOGUE / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)

    outdated = [
        entry["msgid"]
        for entry in po_entries()
        if "msgid_plural" not in entry and compiled.gettext(entry["msgid"]) != entry["msgstr"]
    ]

    assert outdated == [], "run manage.py compilemessages -l en"


@pytest.mark.parametrize("source", [strings_in_code, strings_in_templates], ids=["code", "templates"])
def test_every_interface_string_is_in_the_catalogue(source):
    known = catalogue_msgids()

    missing = sorted({f"{path}: {msgid}" for path, msgid in source() if msgid not in known})

    assert missing == []
