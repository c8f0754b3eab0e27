"""Serve an uploaded file with its content type and a readable file name."""

from django.http import FileResponse, Http404

from portal.media import protect


def file_response(field_file, *, filename_stem: str) -> FileResponse:
    """Return the file as a download named ``<filename_stem>.<ext>``; 404 when it is gone."""
    if not field_file:
        raise Http404("No file.")
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        # A file deleted from the storage behind the database's back is "not found", not a crash.
        raise Http404("File missing from storage.") from exc
    extension = field_file.name.rsplit(".", 1)[-1].lower() if "." in field_file.name else ""
    filename = f"{filename_stem}.{extension}" if extension else filename_stem
    # Like every uploaded file: its listed type only, sandboxed (portal.media).
    return protect(FileResponse(handle, as_attachment=True, filename=filename), filename)
