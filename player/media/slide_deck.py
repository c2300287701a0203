"""A deck of slides as one PDF: one page per JPEG still, the picture as it is.

A PDF reader draws JPEG data itself (the DCTDecode filter), so the stills go in unchanged: no
image library, no re-encoding, and the file is about the size of the pictures.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

PAGE_WIDTH = 842.0  # points: an A4 page's long side; each page is as tall as its picture needs

_COLOUR_SPACES = {1: "/DeviceGray", 3: "/DeviceRGB", 4: "/DeviceCMYK"}
# the start-of-frame markers that carry a JPEG's size (all but DHT, JPG and DAC)
_FRAME_MARKERS = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


class DeckError(ValueError):
    """A picture that is not a JPEG the deck can hold; the message is French."""


def jpeg_size(data: bytes, name: str = "image") -> tuple[int, int, int]:
    """Width, height and number of colour components of a JPEG, read from its frame header."""
    if data[:2] != b"\xff\xd8":
        raise DeckError(f"{name} : pas une image JPEG")
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            raise DeckError(f"{name} : image JPEG abîmée")
        marker = data[at + 1]
        if marker == 0xFF:  # padding
            at += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # markers without a length
            at += 2
            continue
        length = int.from_bytes(data[at + 2 : at + 4], "big")
        if marker in _FRAME_MARKERS and at + 10 <= len(data):
            height = int.from_bytes(data[at + 5 : at + 7], "big")
            width = int.from_bytes(data[at + 7 : at + 9], "big")
            components = data[at + 9]
            if width and height and components in _COLOUR_SPACES:
                return width, height, components
            break
        at += 2 + length
    raise DeckError(f"{name} : taille de l'image JPEG introuvable")


def _text(value: str) -> bytes:
    """A PDF text string in UTF-16 (accents kept), written in hexadecimal."""
    return b"<FEFF" + value.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def deck_pdf(stills: Iterable[Path], title: str = "") -> bytes:
    """The PDF of ``stills`` (JPEG files, in order): one page each, the picture filling it."""
    objects: list[bytes] = []  # object n is objects[n - 1]

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in once the pages are known
    pages = add(b"")
    kids = []
    for path in stills:
        data = Path(path).read_bytes()
        width, height, components = jpeg_size(data, Path(path).name)
        page_height = round(PAGE_WIDTH * height / width, 2)
        image = add(
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s "
            b"/BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n"
            % (width, height, _COLOUR_SPACES[components].encode(), len(data))
            + data
            + b"\nendstream"
        )
        drawing = b"q %.2f 0 0 %.2f 0 0 cm /Im Do Q" % (PAGE_WIDTH, page_height)
        content = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(drawing), drawing))
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.2f %.2f] "
                b"/Resources << /XObject << /Im %d 0 R >> >> /Contents %d 0 R >>"
                % (pages, PAGE_WIDTH, page_height, image, content)
            )
        )
    if not kids:
        raise DeckError("aucune diapositive")
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages
    objects[pages - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    info = add(b"<< /Title %s /Producer %s >>" % (_text(title), _text("Lecteur de webinaires")))

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        info,
        xref,
    )
    return bytes(out)
