"""Facts about uploaded files, shared by press attachments and publications."""


def file_size_of(field_file):
    if not field_file:
        return 0
    try:
        return field_file.size
    except OSError:
        return 0


def extension_of(field_file):
    if not field_file:
        return ""
    return field_file.name.rsplit(".", 1)[-1].upper() if "." in field_file.name else ""
