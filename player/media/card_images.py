"""Share-card pictures: 1200x630 JPEGs that link previews show beside a shared address.

One card per chapter (its frame from the recording, its title, speakers and time span written
over it) and one for the webinar (its title and date over the first chapter's frame). Made with
ffmpeg into ``media/cards/`` by the same commands as the thumbnails, never while serving a
page; without a local recording the cards carry the text alone. ``static/img/carte.jpg`` is
the generic card shown while none was made (``python -m player.media.card_images`` remakes it).
"""

from __future__ import annotations

import json
import tempfile
import textwrap
from pathlib import Path

from chapters.files import write_atomic
from chapters.model import Chapter, Webinar
from chapters.timecode import to_clock
from player.paths import STATIC
from player.media.ffmpeg import FONT, MediaError, filter_value, probe_duration
from player.media.thumbnails import INDEX, encode_jpeg, frame_time, read_index
from chapters.wording import french_date

__all__ = [
    "CARDS_DIR",
    "WIDTH",
    "HEIGHT",
    "MAX_BYTES",
    "DEFAULT_CARD",
    "card_name",
    "span_text",
    "make_cards",
    "make_default_card",
]

CARDS_DIR = "cards"
# Bump when the picture changes (layout, colours, qualities), so existing cards are remade.
FORMAT_VERSION = 1
WIDTH, HEIGHT = 1200, 630
MAX_BYTES = 120 * 1024
# mjpeg -q:v tried in turn: a demo frame fits at the first, a busy slide may need a later one.
QUALITIES = (3, 4, 6, 9, 13, 20, 31)
TIMEOUT = 60
BOLD = FONT.with_name("DejaVuSans-Bold.ttf")
DEFAULT_CARD = STATIC / "img" / "carte.jpg"

BACKGROUND = "0x10262b"  # behind text-only cards: the accent's darkest shade
ACCENT = "0x1fc1cf"  # --accent-bright
TITLE_CHARS = 34  # per line at TITLE_SIZE in DejaVu Sans Bold, inside 1200 - 2 * MARGIN
TITLE_LINES = 3
TITLE_SIZE, LINE_GAP = 54, 14
SMALL_SIZE, DETAIL_SIZE = 28, 34
MARGIN, PAD = 64, 36
# Square pixels first (anamorphic sources), then fill 1200x630: a 16:9 frame loses a sliver at
# top and bottom, a 4:3 slide more, never its sides.
FILL = (
    "scale=iw*sar:ih,setsar=1,"
    f"scale={WIDTH}:{HEIGHT}:force_original_aspect_ratio=increase,crop={WIDTH}:{HEIGHT}"
)


def card_name(chapter: Chapter | None = None) -> str:
    """A card's path relative to the media folder: the webinar's, or a chapter's by its id."""
    return f"{CARDS_DIR}/{'webinar' if chapter is None else 'chapter-' + chapter.id}.jpg"


def span_text(start: float, end: float | None) -> str:
    """``24:05 – 40:25``, or ``à partir de 1:29:40`` when the end is unknown."""
    if end is None:
        return f"à partir de {to_clock(start)}"
    return f"{to_clock(start)} – {to_clock(end)}"


def _title_lines(text: str) -> list[str]:
    lines = textwrap.wrap(" ".join(text.split()), TITLE_CHARS) or [" "]
    if len(lines) > TITLE_LINES:
        lines = lines[:TITLE_LINES]
        lines[-1] = textwrap.shorten(lines[-1] + " …", TITLE_CHARS, placeholder=" …")
    return lines


def _one_line(text: str, size: int, then: str = "") -> str:
    """``text`` cut with « … » so that it and ``then`` hold on one line at ``size`` (a long
    organiser's name or a long list of speakers would run off the card's edge)."""
    room = TITLE_CHARS * TITLE_SIZE // size - len(then)
    return textwrap.shorten(text, room, placeholder=" …") + then


def _specs(webinar: Webinar, duration: float | None) -> dict[str, dict]:
    """What each card shows: its words and the time of its frame (None: text only)."""
    ordered = sorted(webinar.chapters, key=lambda c: c.start)
    date = f"Webinaire du {french_date(webinar.date)}"
    specs: dict[str, dict] = {}
    first = ordered[0] if ordered else None
    detail = f"{len(ordered)} chapitre{'s' if len(ordered) > 1 else ''}"
    if webinar.duration:
        detail += f" · {to_clock(webinar.duration)}"
    specs[card_name()] = {
        "kicker": _one_line(date + (f" · {webinar.organiser}" if webinar.organiser else ""), SMALL_SIZE),
        "title": _title_lines(webinar.title),
        "detail": detail,
        "frame": frame_time(webinar, first, duration) if first and duration else None,
    }
    for number, chapter in enumerate(ordered, 1):
        names = ", ".join(s.name for s in webinar.speakers_of(chapter))
        span = span_text(chapter.start, webinar.chapter_end(chapter))
        specs[card_name(chapter)] = {
            "kicker": f"{date} · chapitre {number} / {len(ordered)}",
            "title": _title_lines(chapter.title),
            "detail": _one_line(names, DETAIL_SIZE, f" · {span}") if names else span,
            "frame": frame_time(webinar, chapter, duration) if duration else None,
        }
    return specs


def _text_filters(spec: dict, folder: Path, key: str) -> list[str]:
    """A dark band at the bottom with the kicker, the title and the detail line over it.

    The words go through files, as in media.py: apostrophes and colons need no escaping, and
    ``expansion=none`` keeps a "%" in a title a "%".
    """
    lines = spec["title"]
    title_h = len(lines) * TITLE_SIZE + (len(lines) - 1) * LINE_GAP
    band = PAD + SMALL_SIZE + 20 + title_h + 24 + DETAIL_SIZE + PAD
    top = HEIGHT - band
    y_title = top + PAD + SMALL_SIZE + 20
    y_detail = y_title + title_h + 24

    def text(name: str, value: str, font: Path, size: int, colour: str, y: int) -> str:
        path = folder / f"{key}-{name}.txt"
        path.write_text(value, encoding="utf-8")
        return (
            f"drawtext=fontfile={filter_value(str(font))}:textfile={filter_value(str(path))}:"
            f"expansion=none:fontsize={size}:fontcolor={colour}:line_spacing={LINE_GAP}:"
            f"x={MARGIN}:y={y}"
        )

    return [
        # nearly opaque: words of the frame behind must not blur the card's own
        f"drawbox=x=0:y={top}:w=iw:h={band}:color=0x0b0d10@0.9:t=fill",
        f"drawbox=x=0:y={top}:w=iw:h=6:color={ACCENT}:t=fill",
        text("kicker", spec["kicker"], FONT, SMALL_SIZE, "0xcfd6df", top + PAD),
        text("title", "\n".join(lines), BOLD, TITLE_SIZE, "white", y_title),
        text("detail", spec["detail"], FONT, DETAIL_SIZE, "0xffd27f", y_detail),
    ]


def _render(spec: dict, media_path: Path | None, name: str) -> bytes:
    """One card as JPEG bytes, at the best quality of QUALITIES that fits MAX_BYTES."""
    if spec["frame"] is not None and media_path is not None:
        # -ss before -i: jump to the keyframe before the time, not decode from the start
        source = ["-ss", f"{spec['frame']:.3f}", "-i", str(media_path), "-map", "0:v:0"]
        first = FILL
    else:
        source = ["-f", "lavfi", "-i", f"color=c={BACKGROUND}:s={WIDTH}x{HEIGHT}:d=1"]
        first = None
    with tempfile.TemporaryDirectory(prefix="card-text-") as folder:
        if first is None:  # no frame: a large play sign in its place
            sign = Path(folder) / "sign.txt"
            sign.write_text("\u25b6", encoding="utf-8")
            first = (
                f"drawtext=fontfile={filter_value(str(FONT))}:textfile={filter_value(str(sign))}:"
                f"expansion=none:fontsize=150:fontcolor={ACCENT}:x={MARGIN}:y=70"
            )
        graph = ",".join([first, *_text_filters(spec, Path(folder), "card"), "format=yuvj420p"])
        output = ["-frames:v", "1", "-vf", graph]
        return encode_jpeg(source, output, noun=f"carte {name}", plural="cartes",
                           media=media_path.name if media_path else name,
                           qualities=QUALITIES, max_bytes=MAX_BYTES)


def _media_key(media_path: Path | None) -> dict | None:
    if media_path is None:
        return None
    stat = media_path.stat()
    return {"name": media_path.name, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def make_cards(
    webinar: Webinar, media_folder: Path, media_path: Path | None = None, *, force: bool = False
) -> list[Path]:
    """Write the webinar's card and one per chapter into ``media_folder/cards/``.

    ``media_path``: the local recording the frames come from; None makes text-only cards
    (embedded or linked recordings). Idempotent: ``cards/index.json`` records the media's size
    and mtime, its duration and each card's words and frame time, so an unchanged webinar costs
    no ffmpeg call (unless ``force``). Cards of chapters that are gone are removed.
    Raises MediaError (and OSError when the folder cannot be written).
    """
    folder = Path(media_folder) / CARDS_DIR
    if media_path is not None:
        media_path = Path(media_path)
        if not media_path.is_file():
            raise MediaError(f"fichier média introuvable : {media_path.name}")
    key = {"version": FORMAT_VERSION, "media": _media_key(media_path), "font": str(FONT)}
    saved = read_index(folder)
    known = all(saved.get(k) == v for k, v in key.items()) and isinstance(saved.get("cards"), dict)
    reuse = known and not force
    if media_path is None:
        duration = None
    elif reuse and isinstance(saved.get("duration"), (int, float)):
        duration = saved["duration"]
    else:
        duration = probe_duration(media_path)
    done = saved["cards"] if reuse else {}
    if not known:
        # cards of another recording must not outlive a failure below
        (folder / INDEX).unlink(missing_ok=True)

    specs = _specs(webinar, duration)
    paths = []
    for name, spec in specs.items():
        path = folder / name.split("/", 1)[1]
        if done.get(name) != spec or not path.is_file():
            write_atomic(path, _render(spec, media_path, name))
        paths.append(path)
    keep = {p.name for p in paths}
    for old in folder.glob("*.jpg"):
        if old.name not in keep:
            old.unlink(missing_ok=True)
    # written last: it never vouches for a card that was not made
    index = {**key, "duration": duration, "cards": specs}
    if index != saved:
        write_atomic(folder / INDEX, json.dumps(index, ensure_ascii=False, indent=1))
    return paths


def make_default_card(target: Path = DEFAULT_CARD) -> Path:
    """The generic card, shown before a webinar has its own (committed in static/img/)."""
    spec = {
        "kicker": "Webinaires en vidéo",
        "title": _title_lines("Lecteur de webinaire"),
        "detail": "Chapitres, intervenants, questions et ressources",
        "frame": None,
    }
    return write_atomic(Path(target), _render(spec, None, Path(target).name))


if __name__ == "__main__":  # python -m player.media.card_images [TARGET]
    import sys

    print(make_default_card(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CARD))
