"""The words written on the slides, read by Tesseract (Debian's ``tesseract-ocr`` with its French
data, ``tesseract-ocr-fra``; scripts/setup installs both).

Each still the detector kept (``chapters/slides.py``) goes through ffmpeg first, enlarged so that
its width reaches ``TARGET_WIDTH`` (a 640 px frame of the stand-in is read at 1280 px: small body
text loses letters otherwise, see bench/ocr_bench.py), then through ``tesseract`` in French with
automatic page segmentation (``--psm 3``: a slide's title, its lines and a corner picture are
separate blocks). What Tesseract prints is cleaned: a word cut by a hyphen at a line's end is
joined again, bullets and lines of noise (a camera picture read as letters) are dropped, spaces
collapsed. Tesseract runs on one thread (``OMP_THREAD_LIMIT=1``): its OpenMP threads spin
against each other on a busy 2-core machine, several times slower (bench/ocr_bench.py).
``read_slide_texts`` reads the slides not read yet and writes the file back after
each one, so a rerun, or a run stopped half-way, reads only what is left.
"""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
from pathlib import Path

from chapters.slides import Slides, read_slides, slides_folder, write_slides, SlidesError
from player.media import processes
from player.media.ffmpeg import MediaError, ffmpeg_exe

LANGUAGE = "fra"
PSM = 3  # automatic page segmentation, without orientation detection
TARGET_WIDTH = 1280  # px: a narrower still is enlarged 2x, 3x or 4x before it is read
THREADS = 1  # Tesseract's OpenMP threads (0: its own default, one per core)
OCR_SECONDS = 120  # per still, each program
INSTALL = "installez tesseract-ocr et tesseract-ocr-fra (scripts/setup le fait)"

# a line's leading bullet: punctuation and symbols, or a lone "o" / "e" (a ring or dash read
# as a letter) followed by a space
_BULLET = re.compile(r"^(?:[^\w«\"'(€$£]+|[oe°](?=\s))\s*")
_HYPHENATED = re.compile(r"(\w)-\n\s*(?=[^\W\d_])")
_TOKEN = re.compile(r"\S+")
_WORDLIKE = re.compile(r"^[\"'«(]*(?:[^\W\d_]+(?:['’-][^\W\d_]+)*|\d[\d.,:/h%€-]*)[\"'»).,;:!?%]*$")
_PUNCTUATION = set(":;!?«»–—-/&")  # a token of its own in French typography


class OcrError(MediaError):
    """A slide that cannot be read; the message is one French line naming the file or what to
    install."""


def tesseract_exe() -> str:
    found = shutil.which("tesseract")
    if not found:
        raise OcrError(f"tesseract introuvable : {INSTALL}")
    return found


def _enlarged_png(still: Path) -> bytes:
    """The still as PNG bytes, enlarged (whole factor, lanczos) towards ``TARGET_WIDTH``."""
    scale = f"scale=w=iw*clip(trunc({TARGET_WIDTH}/iw)\\,1\\,4):h=-2:flags=lanczos"
    done = processes.run(
        [ffmpeg_exe(), "-nostdin", "-hide_banner", "-loglevel", "error", "-i", str(still),
         "-vf", scale, "-frames:v", "1", "-f", "image2pipe", "-c:v", "png", "-"],
        OcrError, program="ffmpeg", timeout=OCR_SECONDS, subject=f"{still} : ",
        failed=f"{still} : image illisible",
    )  # fmt: skip
    return done.stdout


def read_still(still: Path) -> str:
    """The cleaned text of one picture (empty when nothing legible is on it)."""
    still = Path(still)
    if not still.is_file():
        raise OcrError(f"{still} : image absente")
    exe = tesseract_exe()
    done = processes.run(
        [exe, "stdin", "stdout", "-l", LANGUAGE, "--psm", str(PSM)], OcrError,
        program="tesseract", timeout=OCR_SECONDS, subject=f"{still} : ",
        stdin=_enlarged_png(still),
        env={**os.environ, "OMP_THREAD_LIMIT": str(THREADS)} if THREADS else None,
    )  # fmt: skip
    if done.returncode != 0:
        if f"{LANGUAGE}.traineddata".encode() in done.stderr:  # "Error opening data file …"
            raise OcrError(f"tesseract ne sait pas lire le français : {INSTALL}")
        why = processes.error_line(done.stderr, f"code {done.returncode}")
        raise OcrError(f"{still} : lecture impossible : {why}")
    return clean_text(done.stdout.decode("utf-8", "replace"))


def clean_text(raw: str) -> str:
    """Tesseract's output as the slide's lines: words cut at a line's end joined, bullets and
    noise dropped, spaces collapsed, one line per line of the slide."""
    text = unicodedata.normalize("NFC", raw).replace("\f", "\n")
    text = _HYPHENATED.sub(r"\1", text)
    kept = []
    for line in text.splitlines():
        line = " ".join(_BULLET.sub("", line.strip()).split())
        if line and _legible(line):
            kept.append(line)
    return "\n".join(kept)


def _legible(line: str) -> bool:
    """Most of the line's tokens are words or numbers, and one of them is more than a letter
    pair: a frame of the camera picture read as "CRI" or "| ; ~" goes."""
    tokens = [t for t in _TOKEN.findall(line) if t not in _PUNCTUATION]
    good = [t for t in tokens if _WORDLIKE.match(t)]
    if len(good) * 3 < len(tokens) * 2:
        return False
    return len(good) >= 2 and any(len(t) >= 3 for t in good) or any(
        len(t.strip("\"'«»().,;:!?")) >= 4 for t in good
    )


def read_slide_texts(media_folder: Path, *, progress=None) -> Slides:
    """Read every slide of ``media_folder`` whose text is not read yet; the slides file is
    written back after each one. ``progress(done, total)`` is called after each slide read."""
    media_folder = Path(media_folder)
    try:
        slides = read_slides(media_folder)
    except SlidesError as error:
        raise OcrError(str(error)) from None
    if slides is None:
        raise OcrError(f"{media_folder} : aucune diapositive trouvée (lancez d'abord la commande slides)")
    todo = [s for s in slides.slides if s.text is None]
    if todo:
        tesseract_exe()  # what to install, before anything else
    folder = slides_folder(media_folder)
    for n, slide in enumerate(todo, 1):
        slides = slides.with_texts({slide.still: read_still(folder / slide.still)})
        write_slides(media_folder, slides)
        if progress is not None:
            progress(n, len(todo))
    return slides
