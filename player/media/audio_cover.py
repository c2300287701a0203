"""The audio edition's square cover (``media/audio/cover.jpg``): the webinar's share card
(``media/cards/webinar.jpg``, 1200x630) set on a square of its own blurred, darkened picture,
with who holds the webinar above it and its date below, large enough to read on a phone's
list of podcasts. RGB JPEG, COVER_SIZE pixels a side, as Apple Podcasts asks (1400 to 3000,
JPEG or PNG, RGB).
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from chapters.audio_edition import COVER_SIZE
from chapters.model import Webinar
from chapters.wording import french_date
from player.media import card_images
from player.media.ffmpeg import FONT, filter_value
from player.media.thumbnails import encode_jpeg

# Bump when the picture changes (layout, colours, qualities), so existing covers are remade.
FORMAT_VERSION = 1
MAX_BYTES = 500 * 1024  # directories advise covers of at most 512 KB: quick to load in a list
QUALITIES = (2, 3, 4, 6, 9, 13)
CARD_WIDTH = COVER_SIZE - 2 * 40  # the card keeps a 40-pixel edge of the backdrop each side
CARD_TOP = 430
KICKER = "WEBINAIRE EN AUDIO"
# The organiser's name, on one line: 104 px for a short name, smaller for a longer one, never
# under 52 px (a bold DejaVu letter is at most about 0.68 of its size wide), cut past that.
NAME_WIDTH, NAME_MAX, NAME_MIN, LETTER = COVER_SIZE - 120, 104, 52, 0.68


def card_path(media_folder: Path) -> Path:
    """The webinar's share card the cover is made from."""
    return Path(media_folder) / card_images.card_name()


def cover_key(webinar: Webinar, media_folder: Path) -> str:
    """A digest of what the cover shows (the card's bytes, the words around it, the layout):
    the same key, the same picture. OSError when the card is missing."""
    digest = hashlib.sha256(card_path(media_folder).read_bytes())
    digest.update(repr((FORMAT_VERSION, _words(webinar))).encode("utf-8"))
    return digest.hexdigest()[:16]


def _words(webinar: Webinar) -> tuple[str, str]:
    organiser = " ".join(webinar.organiser.split()) or "Webinaire"
    most = int(NAME_WIDTH / (LETTER * NAME_MIN))
    if len(organiser) > most:
        organiser = organiser[:most - 1].rstrip() + "…"
    return organiser, f"Webinaire du {french_date(webinar.date)}"


def name_size(name: str) -> int:
    """The organiser's letters' size, so that the name holds on one line."""
    return max(NAME_MIN, min(NAME_MAX, int(NAME_WIDTH / (LETTER * max(len(name), 1)))))


def render_cover(webinar: Webinar, media_folder: Path) -> bytes:
    """The cover as JPEG bytes; MediaError (French) when ffmpeg cannot make it."""
    card = card_path(media_folder)
    organiser, date = _words(webinar)
    size = COVER_SIZE
    with tempfile.TemporaryDirectory(prefix="cover-text-") as folder:

        def text(name: str, value: str, font: Path, points: int, colour: str, y: int) -> str:
            # the words go through files: apostrophes and colons need no escaping
            path = Path(folder) / f"{name}.txt"
            path.write_text(value, encoding="utf-8")
            return (f"drawtext=fontfile={filter_value(str(font))}:textfile={filter_value(str(path))}:"
                    f"expansion=none:fontsize={points}:fontcolor={colour}:x=(w-text_w)/2:y={y}")

        card_height = round(CARD_WIDTH * card_images.HEIGHT / card_images.WIDTH / 2) * 2
        bottom = CARD_TOP + card_height
        graph = ";".join([
            "[0:v]scale=iw*sar:ih,setsar=1,split[a][b]",
            f"[a]scale={size}:{size}:force_original_aspect_ratio=increase,crop={size}:{size},"
            f"gblur=sigma=36,drawbox=x=0:y=0:w=iw:h=ih:color=0x0b0d10@0.65:t=fill[back]",
            f"[b]scale={CARD_WIDTH}:{card_height}[card]",
            f"[back][card]overlay=x=(W-w)/2:y={CARD_TOP},"
            + ",".join([
                f"drawbox=x=(iw-{CARD_WIDTH})/2:y={CARD_TOP - 10}:w={CARD_WIDTH}:h=10:"
                f"color={card_images.ACCENT}:t=fill",
                text("kicker", KICKER, FONT, 46, card_images.ACCENT, 150),
                text("organiser", organiser, card_images.BOLD, name_size(organiser), "white",
                     330 - name_size(organiser)),
                text("date", date, FONT, 58, "0xcfd6df", bottom + 110),
                "setsar=1,format=yuvj420p",
            ]),
        ])
        inputs = ["-i", str(card)]
        output = ["-filter_complex", graph, "-frames:v", "1"]
        return encode_jpeg(inputs, output, noun="pochette audio", plural="pochettes",
                           media=card.name, qualities=QUALITIES, max_bytes=MAX_BYTES)
