"""Slides found in a recording: when the picture on screen changes for good, one still each.

The recording is decoded by ffmpeg at SAMPLE_FPS frames a second; its edges (Sobel, on the
full-size gray picture: small text changes them much more than it changes the mean gray) are
shrunk to WIDTH x HEIGHT and read through a pipe as raw bytes; the rest is plain Python over
those small frames (about 5,200 bytes each). A frame is cut into BLOCK x BLOCK squares, and:
- a square that changes on a good share of all frames is *live* (a camera picture in a corner,
  a clock) and never counts;
- a change needs many squares (MIN_BLOCKS and MIN_SHARE of those not live), against the
  current slide: a mouse pointer, or a small object moving about, does not make one;
- once the picture moves away from the current slide, the new one is taken only when it has
  been still for SETTLE frames (a fade counts once), and only if it differs from the slide
  before (a pop-up that goes away is nothing); a slide shown again differs from the one before
  it, so it counts again.
Each slide gets a full-size still, taken once the picture is still, and a small thumbnail,
written beside the media (``media/slides/``) with the data file (chapters/slides.py).
"""

from __future__ import annotations

import os
import tempfile
from operator import sub
from pathlib import Path

from chapters.slides import (
    Slide, Slides, SlidesError, media_stamp, read_slides, slides_folder, still_name, thumb_name,
    write_slides,
)
from player.media import processes, thumbnails
from player.media.ffmpeg import FFMPEG_TIMEOUT, MediaError, ffmpeg_exe, probe_duration

__all__ = ["SAMPLE_FPS", "find_changes", "decode_frames", "detect", "find_slides"]

SAMPLE_FPS = 2  # frames a second read from the recording: a change is placed within 0.5 s
# 16 x 9 squares of 6 x 6 pixels: at 64 x 36, two paragraphs of text look too much alike
WIDTH, HEIGHT, BLOCK = 96, 54, 6
BLOCK_CHANGE = 6  # mean difference (0-255) for a square to have changed; noise stays under 1
# Squares a change needs, at least both: more than a moving object or a pointer leaves behind
MIN_BLOCKS, MIN_SHARE = 10, 0.06
# A square changing on more than this share of frames (and on LIVE_MIN frames at least, so
# that a short recording's slides are not taken for it) is live
LIVE_SHARE, LIVE_MIN = 0.1, 20
MAX_LIVE = 0.6  # more live squares than this share: a video, not slides
MAX_MOVING = 0.5  # a picture moving on more than this share of the frames: a video too
SETTLE = 2  # frames the picture must stay still before a slide is taken
FADE = 4  # frames a fade may have begun before the picture differed enough to count
STILL_QUALITY = 3  # mjpeg -q:v of the full-size still
PICTURE_TIMEOUT = 60  # seconds per slide's pictures


def decode_frames(media_path: Path, duration: float) -> list[memoryview]:
    """The recording's frames, SAMPLE_FPS a second, their edges, WIDTH x HEIGHT, each a view into
    what ffmpeg printed (about 65 MB for 1 h 45, held once)."""
    command = [
        ffmpeg_exe(), "-nostdin", "-hide_banner", "-loglevel", "error", "-i", str(media_path),
        "-map", "0:v:0", "-an", "-sn",
        "-vf", f"fps={SAMPLE_FPS},format=gray,sobel,scale={WIDTH}:{HEIGHT}:flags=area",
        "-f", "rawvideo", "pipe:1",
    ]  # fmt: skip
    done = processes.run(command, MediaError, program="ffmpeg",
                         timeout=max(FFMPEG_TIMEOUT, duration), subject=f"{media_path.name} : ")
    stderr = done.stderr.decode("utf-8", "replace")
    if done.returncode != 0:
        if "matches no streams" in stderr:
            raise MediaError(f"{media_path.name} : aucune piste vidéo, pas de diapositives")
        raise MediaError(f"{media_path.name} : illisible ({processes.error_line(stderr)})")
    size = WIDTH * HEIGHT
    data = memoryview(done.stdout)
    return [data[i : i + size] for i in range(0, len(data) - size + 1, size)]


def _block_sums(a, b) -> list[int]:
    """Sum of absolute differences in each square, row by row."""
    diffs = list(map(abs, map(sub, a, b)))
    columns = WIDTH // BLOCK
    sums = [0] * (columns * (HEIGHT // BLOCK))
    for y in range(HEIGHT):
        base = (y // BLOCK) * columns
        row = y * WIDTH
        for x in range(columns):
            start = row + x * BLOCK
            sums[base + x] += sum(diffs[start : start + BLOCK])
    return sums


def _live_blocks(frames: list, limit: int) -> set[int]:
    """Squares that change on more than LIVE_SHARE of the frames (and LIVE_MIN)."""
    counts = [0] * ((WIDTH // BLOCK) * (HEIGHT // BLOCK))
    for previous, frame in zip(frames, frames[1:]):
        for i, total in enumerate(_block_sums(previous, frame)):
            if total > limit:
                counts[i] += 1
    steps = max(len(frames) - 1, 1)
    return {i for i, count in enumerate(counts) if count > max(LIVE_SHARE * steps, LIVE_MIN)}


def find_changes(frames: list) -> list[tuple[int, int]]:
    """Each slide as (the frame where it begins, the frame where it is still), in order.

    Empty when there are no slides to speak of: fewer than two, or a picture mostly live or
    mostly moving (a video).
    """
    if len(frames) < 2:
        return []
    limit = BLOCK_CHANGE * BLOCK * BLOCK
    live = _live_blocks(frames, limit)
    total = (WIDTH // BLOCK) * (HEIGHT // BLOCK)
    if len(live) > MAX_LIVE * total:
        return []
    need = max(MIN_BLOCKS, round(MIN_SHARE * (total - len(live))))

    def count(a, b) -> int:
        return sum(1 for i, s in enumerate(_block_sums(a, b)) if s > limit and i not in live)

    def changed(a, b) -> bool:
        return count(a, b) >= need

    found: list[tuple[int, int]] = []
    reference = None  # the current slide (a frame), once still
    since = 0  # the frame where it was found still
    pending: int | None = 0  # where the picture moved away from it
    still = moving = 0
    for i in range(1, len(frames)):
        if pending is None:
            if changed(reference, frames[i]):
                pending, still = i, 0
            continue
        moving += 1
        still = still + 1 if not changed(frames[i - 1], frames[i]) else 0
        if still >= SETTLE:
            if reference is None or changed(reference, frames[i]):
                begin = pending
                # a fade began where the picture first moved at all, a frame or two earlier
                while (reference is not None and begin - 1 > max(since, pending - FADE)
                       and count(reference, frames[begin - 1]) >= max(5, need // 2)):
                    begin -= 1
                found.append((begin, i))
                reference, since = frames[i], i
            pending = None
    if reference is None or moving > MAX_MOVING * len(frames):  # one picture, or a video
        return []
    return found if len(found) >= 2 else []


def detect(media_path: Path) -> tuple[list[tuple[float, float]], float]:
    """(start, time of its still) of each slide, and the recording's duration; no pictures."""
    media_path = Path(media_path)
    if not media_path.is_file():
        raise MediaError(f"fichier média introuvable : {media_path.name}")
    duration = probe_duration(media_path)
    frames = decode_frames(media_path, duration)
    found = find_changes(frames)
    return [(begin / SAMPLE_FPS, settled / SAMPLE_FPS) for begin, settled in found], duration


def _pictures(media_path: Path, at: float, still: Path, thumb: Path) -> None:
    """The full-size still and the thumbnail of the frame at ``at``, in one ffmpeg run."""
    command = [
        ffmpeg_exe(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
        "-ss", f"{at:.3f}", "-i", str(media_path),
        "-map", "0:v:0", "-frames:v", "1", "-vf", "format=yuvj420p",
        "-c:v", "mjpeg", "-q:v", str(STILL_QUALITY), "-f", "mjpeg", str(still),
        "-map", "0:v:0", "-frames:v", "1", "-vf", thumbnails.FILTER,
        "-c:v", "mjpeg", "-q:v", str(thumbnails.QUALITIES[1]), "-f", "mjpeg", str(thumb),
    ]  # fmt: skip
    processes.run(command, MediaError, program="ffmpeg", timeout=PICTURE_TIMEOUT,
                  subject=f"diapositive à {at:.3f} s : ", text=True,
                  failed=f"{media_path.name} : diapositive à {at:.3f} s non extraite")
    for path in (still, thumb):
        if not path.is_file() or not path.read_bytes()[:2] == b"\xff\xd8":
            raise MediaError(f"{media_path.name} : aucune image à {at:.3f} s")


def _is_current(media_path: Path) -> bool:
    """The slides file beside the media was made from this very file, its pictures there."""
    try:
        saved = read_slides(media_path.parent)
    except SlidesError:
        return False
    if saved is None or saved.media != media_path.name or saved.stamp != media_stamp(media_path):
        return False
    folder = slides_folder(media_path.parent)
    return all((folder / s.still).is_file() and (folder / s.thumb).is_file() for s in saved.slides)


def find_slides(media_path: Path, *, force: bool = False) -> Slides | None:
    """Find the slides of the recording at ``media_path`` and write them beside it.

    Returns the slides written (or already there: an unchanged recording costs one read of the
    data file, unless ``force``), or None when the recording shows no slides; then nothing is
    written nor removed. The pictures are made in a hidden folder (``.incoming-*``) and moved
    in, then the data file is written, and only then are the pictures of a previous run
    removed. MediaError (one French line) when the recording cannot be read.
    """
    media_path = Path(media_path)
    if not force and media_path.is_file() and _is_current(media_path):
        return read_slides(media_path.parent)
    stamp = media_stamp(media_path) if media_path.is_file() else None
    found, duration = detect(media_path)
    if not found:
        return None
    folder = slides_folder(media_path.parent)
    folder.mkdir(parents=True, exist_ok=True)
    items = []
    # A hidden name the start-up sweep knows (player/content/leftovers.py) if a kill -9 leaves it
    with tempfile.TemporaryDirectory(dir=folder, prefix=".incoming-") as part:
        for i, (start, at) in enumerate(found):
            end = found[i + 1][0] if i + 1 < len(found) else max(duration, start)
            slide = Slide(start=start, end=end, still=still_name(start), thumb=thumb_name(start))
            _pictures(media_path, min(at, max(duration - 0.1, start)), Path(part) / slide.still,
                      Path(part) / slide.thumb)
            items.append(slide)
        for slide in items:
            for name in (slide.still, slide.thumb):
                (Path(part) / name).chmod(0o644)
                os.replace(Path(part) / name, folder / name)
    slides = Slides(media=media_path.name, stamp=stamp, slides=tuple(items))
    write_slides(media_path.parent, slides)
    keep = {name for s in items for name in (s.still, s.thumb)}
    for old in folder.glob("*.jpg"):
        if old.name not in keep:
            old.unlink(missing_ok=True)
    return slides

