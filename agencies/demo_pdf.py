"""Write small, valid PDF files for demo data, so no binary files live in the repository."""


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _pdf_string(text: str) -> bytes:
    return b"(" + _escape(text) + b")"


def _text_string(text: str) -> bytes:
    # Metadata strings are UTF-16 with a byte order mark; page text above uses the font's encoding.
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def minimal_pdf(*, title: str, lines: list[str], lang: str = "de-DE") -> bytes:
    """Return a one-page tagged PDF: title in the metadata, language set, each line a paragraph."""
    content = [b"BT /F1 18 Tf 56 780 Td"]
    content.append(b"/H1 <</MCID 0>> BDC " + _pdf_string(title) + b" Tj EMC")
    content.append(b"/F1 11 Tf 0 -30 Td 15 TL")
    for number, line in enumerate(lines, start=1):
        content.append(b"/P <</MCID %d>> BDC " % number + _pdf_string(line) + b" Tj T* EMC")
    content.append(b"ET")
    stream = b"\n".join(content)

    count = len(lines) + 1
    first_element = 9  # object number of the first structure element
    elements = " ".join(f"{first_element + i} 0 R" for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /StructTreeRoot 6 0 R /MarkInfo << /Marked true >> "
        b"/Lang " + _text_string(lang) + b" /ViewerPreferences << /DisplayDocTitle true >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> /StructParents 0 /Tabs /S >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /StructTreeRoot /K [7 0 R] /ParentTree 8 0 R >>",
        b"<< /Type /StructElem /S /Document /P 6 0 R /K [" + elements.encode() + b"] >>",
        b"<< /Nums [0 [" + elements.encode() + b"]] >>",
    ]
    for i in range(count):
        kind = b"/H1" if i == 0 else b"/P"
        objects.append(b"<< /Type /StructElem /S " + kind + b" /P 7 0 R /Pg 3 0 R /K %d >>" % i)
    info_number = len(objects) + 1
    objects.append(b"<< /Title " + _text_string(title) + b" /Producer (Transferportal demo data) >>")

    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\n" % (len(objects) + 1, info_number)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
