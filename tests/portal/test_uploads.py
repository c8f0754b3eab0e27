"""Uploads: no file field takes what a browser would run, judged by name and by content, and
/media/ serves every stored file so that it cannot act as a page of the portal.

The fields come from the model registry: a file field added later without ``FileTypeValidator``
fails here.
"""

import io
import zipfile
from pathlib import PurePath

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse
from PIL import Image

from agencies.demo_pdf import minimal_pdf
from portal.models import ContentPage
from portal.uploads import FileTypeValidator
from tests.admin_forms import errors_of, form_data
from tests.factories import (
    AgencyFactory,
    ContentPageFactory,
    EventFactory,
    MaterialFactory,
    PressReleaseFactory,
    PublicationFactory,
    SuperuserFactory,
)

pytestmark = pytest.mark.django_db

FILE_FIELDS = [
    pytest.param(model, field, id=f"{model._meta.label}.{field.name}")
    for model in apps.get_models()
    for field in model._meta.get_fields()
    if isinstance(field, models.FileField)
]

HOSTILE = {
    "seite.html": b"<!doctype html><html><script>fetch('/admin/')</script></html>",
    "grafik.svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"/>',
    "bericht.pdf": b"<html><body><script>alert(document.cookie)</script></body></html>",
}
REFUSED = "Dateien dieses Typs können nicht hochgeladen werden. Erlaubt sind:"
# The admin's image fields check with Pillow before the model's validators run, in Django's words.
REFUSED_AS_IMAGE = "Bitte ein gültiges Bild hochladen."


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def _zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _office(folder):
    return _zip({"[Content_Types].xml": "<Types/>", f"{folder}/document.xml": "<document/>"})


GENUINE = {
    "pdf": minimal_pdf(title="Programm", lines=["Ablauf"]),
    "png": _png(),
    "mp4": b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00isommp42",
    "vtt": b"WEBVTT\n\n00:00.000 --> 00:02.000\nWillkommen zum Fachtag.\n",
}


def _validator(field):
    found = [v for v in field.validators if isinstance(v, FileTypeValidator)]
    assert found, f"{field.model._meta.label}.{field.name} has no FileTypeValidator"
    return found[0]


def _clean(model, field, upload):
    instance = model()
    setattr(instance, field.attname, upload)
    others = [other.name for other in model._meta.fields if other.name != field.name]
    instance.clean_fields(exclude=others)


def test_the_registry_walk_finds_the_upload_fields():
    found = {param.id for param in FILE_FIELDS}
    assert {
        "agencies.Agency.logo",
        "agencies.PressRelease.image",
        "agencies.PressReleaseAttachment.file",
        "agencies.Publication.file",
        "agencies.Publication.accessible_alternative",
        "events.Material.file",
        "events.Material.accessible_alternative",
        "events.Material.captions",
        "portal.ContentPage.video",
    } <= found


@pytest.mark.parametrize("name", HOSTILE)
@pytest.mark.parametrize(("model", "field"), FILE_FIELDS)
def test_every_file_field_refuses_what_a_browser_would_run(model, field, name):
    _validator(field)

    with pytest.raises(ValidationError) as refused:
        _clean(model, field, SimpleUploadedFile(name, HOSTILE[name]))

    assert any(REFUSED in message for message in refused.value.message_dict[field.name])


@pytest.mark.parametrize(("model", "field"), FILE_FIELDS)
def test_every_file_field_takes_a_genuine_file_of_its_first_type(model, field):
    extension = next(ext for ext in _validator(field).extensions if ext in GENUINE)

    _clean(model, field, SimpleUploadedFile(f"datei.{extension}", GENUINE[extension]))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("tabelle.xlsx", _office("xl")),
        ("text.docx", _office("word")),
        ("folien.pptx", _office("ppt")),
        ("text.odt", _zip({"mimetype": "application/vnd.oasis.opendocument.text"})),
        ("alt.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64),
        ("textfassung.txt", "Grüße aus Offenbach.".encode()),
    ],
)
def test_office_formats_and_text_are_accepted_by_their_content(name, content):
    FileTypeValidator(["docx", "xlsx", "pptx", "odt", "doc", "txt"])(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("tabelle.xlsx", _office("word")),  # a Word file
        ("text.docx", _zip({"index.html": "<script></script>"})),
        ("text.odt", _zip({"mimetype": "text/html"})),
        ("textfassung.txt", b"<html><script>alert(1)</script></html>"),
        ("textfassung.txt", b"\xff\xfe\x00binary"),
        ("foto.png", b"\x89PNG\r\n\x1a\n<script>"),  # the signature, but no image behind it
        ("untertitel.vtt", b"1\n00:00.000 --> 00:02.000\n<script>"),
    ],
)
def test_a_file_whose_content_is_not_what_its_name_claims_is_refused(name, content):
    validator = FileTypeValidator(["docx", "xlsx", "odt", "txt", "png", "vtt"])

    with pytest.raises(ValidationError) as refused:
        validator(SimpleUploadedFile(name, content))

    assert "obwohl ihr Name auf" in refused.value.messages[0]
    assert REFUSED in refused.value.messages[0]


def test_the_message_names_the_allowed_types():
    with pytest.raises(ValidationError) as refused:
        FileTypeValidator(["pdf", "jpg", "jpeg", "png"])(SimpleUploadedFile("seite.html", b"<html>"))

    assert refused.value.messages == [
        "Dateien dieses Typs können nicht hochgeladen werden. Erlaubt sind: PDF, JPEG, PNG."
    ]


# --- through the admin, one file field per model -----------------------------------------------------


def _agency():
    agency = AgencyFactory()
    return reverse("admin:agencies_agency_change", args=[agency.pk]), "logo", REFUSED_AS_IMAGE


def _press_release():
    release = PressReleaseFactory()
    return reverse("admin:agencies_pressrelease_change", args=[release.pk]), "image", REFUSED_AS_IMAGE


def _press_release_attachment():
    release = PressReleaseFactory()
    release.attachments.create(title="Programm", file=ContentFile(GENUINE["pdf"], name="programm.pdf"))
    return reverse("admin:agencies_pressrelease_change", args=[release.pk]), "attachments-0-file", REFUSED


def _publication():
    publication = PublicationFactory()
    return reverse("admin:agencies_publication_change", args=[publication.pk]), "file", REFUSED


def _material():
    material = MaterialFactory(event=EventFactory())
    return reverse("admin:events_event_change", args=[material.event.pk]), "materials-0-file", REFUSED


def _content_page():
    page = ContentPageFactory(kind=ContentPage.Kind.SIGN_LANGUAGE, title="Gebärdensprache")
    return reverse("admin:portal_contentpage_change", args=[page.pk]), "video", REFUSED


ADMIN_FORMS = {
    "agencies.Agency": _agency,
    "agencies.PressRelease": _press_release,
    "agencies.PressReleaseAttachment": _press_release_attachment,
    "agencies.Publication": _publication,
    "events.Material": _material,
    "portal.ContentPage": _content_page,
}


def test_every_model_with_a_file_field_has_an_admin_form_row():
    assert {param.values[0]._meta.label for param in FILE_FIELDS} == set(ADMIN_FORMS)


@pytest.mark.parametrize("name", HOSTILE)
@pytest.mark.parametrize("model", ADMIN_FORMS)
def test_the_admin_form_refuses_the_upload_with_a_clear_message(client, federal_states, model, name):
    url, field, message = ADMIN_FORMS[model]()
    client.force_login(SuperuserFactory())
    data = form_data(client.get(url))
    data[field] = SimpleUploadedFile(name, HOSTILE[name])

    response = client.post(url, data)

    errors = errors_of(response)
    key = field if "-" not in field else "{}:{}".format(*field.rsplit("-0-", 1))
    assert any(message in error for error in errors[key]), errors


# --- serving ---------------------------------------------------------------------------------------------


@pytest.fixture
def stored():
    names = []

    def store(name, content):
        names.append(default_storage.save(name, ContentFile(content)))
        return names[-1]

    yield store
    for name in names:
        default_storage.delete(name)


def _serve(client, name):
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    b"".join(response.streaming_content)
    return response


def test_a_served_pdf_is_a_sandboxed_download(client, stored):
    name = stored("publications/programm.pdf", GENUINE["pdf"])
    response = _serve(client, name)

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{PurePath(name).name}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox; default-src 'none'")


def test_a_served_image_is_shown_inline_but_sandboxed(client, stored):
    response = _serve(client, stored("press/images/foto.png", GENUINE["png"]))

    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox; default-src 'none'")


def test_a_film_is_served_inline_and_its_captions_as_webvtt(client, stored):
    film = _serve(client, stored("events/materials/film.mp4", GENUINE["mp4"]))
    captions = _serve(client, stored("events/materials/captions/film.vtt", GENUINE["vtt"]))

    assert film["Content-Type"] == "video/mp4"
    assert film["Content-Disposition"].startswith("inline")
    assert captions["Content-Type"] == "text/vtt; charset=utf-8"
    assert captions["Content-Disposition"].startswith("attachment")


def test_an_html_file_stored_before_the_checks_is_served_as_an_opaque_download(client, stored):
    response = _serve(client, stored("events/materials/alt.html", HOSTILE["seite.html"]))

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"].startswith("sandbox;")


def test_a_publication_download_is_sandboxed_like_media(client):
    publication = PublicationFactory()

    response = client.get(reverse("publications:download", args=[publication.slug]))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{publication.slug}.pdf"'
    assert response["Content-Security-Policy"].startswith("sandbox;")
    assert response["X-Content-Type-Options"] == "nosniff"
