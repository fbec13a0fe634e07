"""The PDF behind every PDF_URL delivery option: a one-page ticket showing its code and
whether it is still good to travel with.

Written by hand (a PDF is a few numbered objects and a cross-reference table) so that
links in vouchers and tickets open a real document without a PDF library.
"""
from __future__ import annotations

from ..kernel.encoding import Encoded
from ..kernel.errors import BadRequest
from . import booking_table

NOT_VALID = ("CANCELLED", "EXPIRED", "ON_HOLD")


def ticket_document(store, plugins, code: str) -> Encoded:
    """The printable ticket or voucher of a code, in whichever sandbox (guests open these links
    without a key); capabilities with printed documents of their own are asked too."""
    conn = store.connection()
    status = booking_table.document_status(conn, code)
    for hook in plugins.hooks("document_status"):
        status = status or hook(conn, code)
    if status is None:
        raise BadRequest(f"{code!r} is not a ticket or voucher code of this supplier")
    verdict = f"{status} - NOT VALID" if status in NOT_VALID else status
    return Encoded(render_pdf(["OCTO Mock Supplier - ticket", code, f"Status: {verdict}"]), "application/pdf")


def render_pdf(lines: list[str]) -> bytes:
    """A minimal single-page PDF with the given lines of text."""
    text = "".join(f"BT /F1 {18 if i == 0 else 14} Tf 72 {720 - 40 * i} Td ({line}) Tj ET\n"
                   for i, line in enumerate(lines)).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%sendstream" % (len(text), text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
