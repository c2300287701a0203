"""Chapter thumbnails: one small JPEG per chapter, a frame a few seconds after its start.

Written beside the recording (``media/thumbs/``) by ``demo-recording``, ``set-recording --mode
download`` and ``flask --app app thumbnails``; none for embedded or linked recordings.
"""

from __future__ import annotations

import json
from pathlib import Path

from chapters.files import write_atomic
from chapters.model import Chapter, Webinar
from player.media import processes
from player.media.ffmpeg import MediaError, ffmpeg_exe, probe_duration

__all__ = ["THUMBS_DIR", "thumb_name", "chapter_thumbnails", "make_thumbnails", "frame_time"]

THUMBS_DIR = "thumbs"
INDEX = "index.json"
# Bump when the picture changes (size, filter, qualities), so existing thumbnails are remade.
FORMAT_VERSION = 1
WIDTH, HEIGHT = 160, 90
MAX_BYTES = 8192
# A few seconds in, past a cut or a fade at the chapter's very start.
OFFSET = 4.0
# Distance kept from a chapter's end and the media's end: the next chapter's first frame (or no
# frame at all, past the last one) must not be what is shown.
MARGIN = 1.0
# mjpeg -q:v values tried in turn (2 is best, 31 worst): titles stay legible at 160x90 with the
# first (about 2.7 KB for a demo frame); the later ones only serve frames too busy to fit.
QUALITIES = (2, 3, 5, 8, 12, 20, 31)
TIMEOUT = 60  # seconds per frame; a fast seek into a local file takes a fraction of one
# Square pixels first (anamorphic sources), then fit in 160x90 and pad: nothing of a 4:3 slide
# is cut off, and 16:9 media fill the frame exactly.
FILTER = (
    "scale=iw*sar:ih,setsar=1,"
    f"scale={WIDTH}:{HEIGHT}:force_original_aspect_ratio=decrease,"
    f"pad={WIDTH}:{HEIGHT}:(ow-iw)/2:(oh-ih)/2:color=black,format=yuvj420p"
)


def thumb_name(chapter: Chapter) -> str:
    """The thumbnail's path relative to the media folder, keyed by the chapter's start."""
    return f"{THUMBS_DIR}/{round(chapter.start * 1000)}.jpg"


def chapter_thumbnails(webinar: Webinar, media_folder: Path) -> dict[str, str]:
    """Chapter id -> thumbnail path (relative to the media folder) for those that exist."""
    if webinar.recording.kind not in ("demo", "file"):
        return {}
    found = {}
    for chapter in webinar.chapters:
        name = thumb_name(chapter)
        if (Path(media_folder) / name).is_file():
            found[chapter.id] = name
    return found


def frame_time(webinar: Webinar, chapter: Chapter, media_duration: float) -> float:
    """Where a chapter's frame is taken: OFFSET in, kept MARGIN before its end and the media's."""
    at = chapter.start + OFFSET
    end = webinar.chapter_end(chapter)
    if end is not None:
        at = min(at, end - MARGIN)
    at = min(at, media_duration - MARGIN)
    # A chapter shorter than MARGIN gets its first frame; nothing before the media's start.
    return round(max(at, min(chapter.start, media_duration - MARGIN), 0.0), 3)


def _media_key(media_path: Path) -> dict:
    stat = media_path.stat()
    return {"media": media_path.name, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def read_index(folder: Path) -> dict:
    """The ``index.json`` of a folder of generated images, or {} when missing or unreadable."""
    try:
        saved = json.loads((folder / INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return saved if isinstance(saved, dict) else {}


def encode_jpeg(
    inputs: list[str], output: list[str], *, noun: str, plural: str, media: str, where: str = "",
    qualities: tuple[int, ...] = QUALITIES, max_bytes: int = MAX_BYTES,
) -> bytes:
    """One JPEG from ffmpeg (``inputs``, then ``output`` options before the encoder), at the
    best of ``qualities`` that fits ``max_bytes``; MediaError in French naming the ``noun``."""
    for quality in qualities:
        command = [
            ffmpeg_exe(), "-nostdin", "-hide_banner", "-loglevel", "error", *inputs, *output,
            "-c:v", "mjpeg", "-q:v", str(quality), "-f", "mjpeg", "pipe:1",
        ]  # fmt: skip
        done = processes.run(command, MediaError, program="ffmpeg", timeout=TIMEOUT,
                             subject=f"{noun} : ")
        stderr = done.stderr.decode("utf-8", "replace")
        if done.returncode != 0:
            if "matches no streams" in stderr:
                raise MediaError(f"{media} : aucune piste vidéo, pas de {plural}")
            raise MediaError(f"{noun} non générée : {processes.error_line(stderr)}")
        if not done.stdout.startswith(b"\xff\xd8"):
            raise MediaError(f"{noun} non générée : aucune image{where}")
        if len(done.stdout) <= max_bytes:
            return done.stdout
    raise MediaError(f"{noun} : plus de {max_bytes} octets même à la qualité la plus basse")


def _frame(media_path: Path, at: float, name: str) -> bytes:
    """One JPEG of at most MAX_BYTES, at the best quality of QUALITIES that fits."""
    # -ss before -i: jump through the container's index to the keyframe before the time and
    # decode from there, not from the start of a 2-hour file
    inputs = ["-ss", f"{at:.3f}", "-i", str(media_path)]
    output = ["-map", "0:v:0", "-frames:v", "1", "-vf", FILTER]
    return encode_jpeg(inputs, output, noun=f"vignette {name}", plural="vignettes",
                       media=media_path.name, where=f" à {at:.3f} s")


def make_thumbnails(webinar: Webinar, media_path: Path, *, force: bool = False) -> list[Path]:
    """Write one JPEG per chapter into ``thumbs/`` beside ``media_path``; return their paths.

    Idempotent: ``thumbs/index.json`` records the media's size, mtime and duration and the time
    of each frame, so an unchanged media file costs no ffmpeg call at all (unless ``force``).
    Thumbnails of starts no chapter has any more are removed. Raises MediaError.
    """
    media_path = Path(media_path)
    if not media_path.is_file():
        raise MediaError(f"fichier média introuvable : {media_path.name}")
    folder = media_path.parent / THUMBS_DIR
    key = _media_key(media_path)
    saved = read_index(folder)
    known = (
        saved.get("version") == FORMAT_VERSION
        and all(saved.get(k) == v for k, v in key.items())
        and isinstance(saved.get("duration"), (int, float))
        and isinstance(saved.get("frames"), dict)
    )
    if not known:
        # Pictures of another recording (or of unknown origin) must not outlive a failure below
        # and be shown beside this one.
        for old in folder.glob("*.jpg"):
            old.unlink(missing_ok=True)
        (folder / INDEX).unlink(missing_ok=True)
        saved = {}
    reuse = known and not force
    duration = saved["duration"] if reuse else probe_duration(media_path)
    done_frames = saved["frames"] if reuse else {}

    frames: dict[str, float] = {}
    paths = []
    for chapter in sorted(webinar.chapters, key=lambda c: c.start):
        relative = thumb_name(chapter)
        file_name = relative.split("/", 1)[1]
        path = folder / file_name
        if file_name in frames:  # two chapters starting together share one picture
            continue
        at = frame_time(webinar, chapter, duration)
        if done_frames.get(file_name) != at or not path.is_file():
            write_atomic(path, _frame(media_path, at, relative))
        frames[file_name] = at
        paths.append(path)

    for old in folder.glob("*.jpg"):
        if old.name not in frames:
            old.unlink(missing_ok=True)
    # Written last, so it never vouches for a picture that was not made: a run cut short is
    # simply redone by the next one.
    index = {"version": FORMAT_VERSION, **key, "duration": duration, "frames": frames}
    if index != saved:  # an up-to-date run writes nothing at all
        write_atomic(folder / INDEX, json.dumps(index, ensure_ascii=False, indent=1))
    return paths
