"""The generated stand-in recording.

The demo recording is an honest stand-in for a webinar whose real recording is not available:
one plain MP4 (H.264/AAC, faststart) whose every chapter span shows the chapter's title, its
speakers and a running clock, under a label saying it was generated. With espeak-ng installed
it also speaks (player/media/voice.py) and has French captions beside it (``demo.fr.vtt``).
"""


from __future__ import annotations

import json
import math
import os
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

from chapters.files import write_atomic
from chapters.model import DEMO_FILE, Webinar  # noqa: F401 (DEMO_FILE: imported from here too)
from chapters.timecode import MAX_SECONDS, to_clock
from player.media import voice
from player.media.ffmpeg import FONT, MediaError, ffmpeg_exe, filter_value, run

# Bump when the picture, the sound or the encoding changes, so existing demo files are re-rendered.
GENERATOR_VERSION = 2
DEMO_LABEL = "Enregistrement de démonstration généré"
# The recording's time as H:MM:SS; the backslashes keep drawtext from splitting the format.
CLOCK = r"%{pts:gmtime:0:%H\:%M\:%S}"

WIDTH, HEIGHT, FPS = 640, 360, 2
KEYFRAME_EVERY = 10  # seconds; a seek anywhere decodes at most this much
# Measured on the 1 h 45 demo: 11 MB against ultrafast's 25 MB, for about 1.5 times the CPU.
PRESET, CRF = "veryfast", 30
AUDIO_RATE = 22050  # the silent track's; a voiced one has espeak-ng's rate (22050 Hz too)
# Measured on 12 min of speech (80 chapters over 20 min): the default "twoloop" coder takes 36 s,
# "fast" 6 s for a file 6 % larger; synthetic speech at 32 kb/s sounds the same with both.
AAC_CODER, AAC_BITRATE = "fast", "32k"



@dataclass(frozen=True)
class _Span:
    start: float
    end: float
    title: str
    speakers: str




def _spans(webinar: Webinar, duration: float) -> list[_Span]:
    """Each chapter's time span and the text shown during it, in order of start."""
    ordered = sorted(webinar.chapters, key=lambda c: c.start)
    spans = []
    for i, chapter in enumerate(ordered):
        end = min(webinar.chapter_end(chapter) or duration, duration)
        names = [s.name for s in webinar.speakers_of(chapter)]
        spans.append(_Span(chapter.start, end, chapter.title, ", ".join(names)))
    return spans


def _duration(webinar: Webinar, duration: float | None) -> float:
    """The duration to render, checked to cover every chapter."""
    if duration is None:
        duration = webinar.recording.duration
    if duration is None:
        raise MediaError("durée de l'enregistrement inconnue : renseignez recording.duration")
    if not math.isfinite(duration) or duration > MAX_SECONDS:
        raise MediaError(f"durée impossible pour un enregistrement : {duration}")
    last = max((c.start for c in webinar.chapters), default=0.0)
    if duration <= 0 or duration <= last:
        raise MediaError(
            f"durée {to_clock(max(duration, 0))} trop courte : le dernier chapitre commence à "
            f"{to_clock(last)}"
        )
    return float(duration)


def demo_fingerprint(
    webinar: Webinar, duration: float, font: Path = FONT, espeak: str | None = None
) -> dict:
    """Everything the rendered file depends on; equal fingerprints mean an identical file.

    ``speech`` is what the voice depends on (espeak-ng's version, voices, the words said), or
    None for a silent stand-in.
    """
    return {
        "generator": GENERATOR_VERSION,
        "label": DEMO_LABEL,
        "duration": duration,
        "size": [WIDTH, HEIGHT],
        "fps": FPS,
        "video": [PRESET, CRF, KEYFRAME_EVERY],
        "audio": [AAC_CODER, AAC_BITRATE],
        "font": str(font),
        "chapters": [[s.start, s.end, s.title, s.speakers] for s in _spans(webinar, duration)],
        "speech": voice.fingerprint(webinar, espeak),
    }


def demo_captions(target: Path) -> Path:
    """The stand-in's French captions, beside it: ``media/demo.mp4`` -> ``media/demo.fr.vtt``."""
    return Path(target).with_name(voice.captions_name(Path(target).name))


def _sidecar(target: Path) -> Path:
    return target.with_name(target.name + ".json")


def _is_current(target: Path, fingerprint: dict) -> bool:
    """The file was rendered from this fingerprint, and its captions (if it had any) are there.

    The sidecar holds the fingerprint and ``captions``, the number of cues written: whether a
    voiced stand-in has captions depends on what fitted in its chapters, known after rendering.
    """
    try:
        saved = json.loads(_sidecar(target).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(saved, dict):
        return False
    cues = saved.pop("captions", 0)
    if saved != fingerprint or not target.is_file() or target.stat().st_size == 0:
        return False
    if cues:
        return demo_captions(target).is_file()
    demo_captions(target).unlink(missing_ok=True)  # a silent stand-in has no captions
    return True


def _text_file(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return filter_value(str(path))


def _video_filter(spans: list[_Span], folder: Path, font: Path) -> str:
    """drawtext filters: label and clock always, each chapter's title and speakers in its span.

    Text goes through files so French apostrophes and colons need no escaping, and the static
    text uses expansion=none so a "%" in a title stays a "%".
    """
    fontfile = filter_value(str(font))
    common = f"fontfile={fontfile}:fontcolor=white"
    parts = [
        f"drawtext={common}:expansion=none:fontsize=16:x=(w-tw)/2:y=16:"
        f"textfile={_text_file(folder, 'label.txt', DEMO_LABEL)}",
        f"drawtext={common}:fontsize=40:x=(w-tw)/2:y=h-80:"
        f"textfile={_text_file(folder, 'clock.txt', CLOCK)}",
    ]
    for i, span in enumerate(spans):
        enable = filter_value(f"between(t,{span.start},{span.end - 0.001})")
        title = "\n".join(textwrap.wrap(span.title, 36)[:3]) or " "
        number = f"Chapitre {i + 1} / {len(spans)}"
        parts += [
            f"drawtext={common}:expansion=none:fontsize=16:fontcolor=0xb8c4d0:x=(w-tw)/2:y=62:"
            f"enable={enable}:textfile={_text_file(folder, f'number{i}.txt', number)}",
            f"drawtext={common}:expansion=none:fontsize=26:line_spacing=6:text_align=C:"
            f"x=(w-tw)/2:y=96:enable={enable}:"
            f"textfile={_text_file(folder, f'title{i}.txt', title)}",
        ]
        if span.speakers:
            names = "\n".join(textwrap.wrap(span.speakers, 50)[:2])
            parts.append(
                f"drawtext={common}:expansion=none:fontsize=18:fontcolor=0xffd27f:text_align=C:"
                f"x=(w-tw)/2:y=226:enable={enable}:"
                f"textfile={_text_file(folder, f'speakers{i}.txt', names)}"
            )
    return ",".join(parts)


def _keyframe_list(spans: list[_Span]) -> str:
    return ",".join(f"{s.start:.3f}" for s in spans) or "0"


def _audio_input(speech: Path | None, rate: int, duration: float) -> list[str]:
    """The voice track (raw samples written by player/media/voice.py), or silence."""
    if speech is None:
        return ["-f", "lavfi", "-i", f"anullsrc=r={rate}:cl=mono:d={duration}"]
    return ["-f", "s16le", "-ar", str(rate), "-ac", "1", "-i", str(speech)]


def _ffmpeg_command(
    spans: list[_Span],
    duration: float,
    folder: Path,
    font: Path,
    part: Path,
    speech: Path | None = None,
    rate: int = AUDIO_RATE,
) -> list[str]:
    return [
        ffmpeg_exe(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
        "-f", "lavfi", "-i", f"color=c=0x1f2d3d:s={WIDTH}x{HEIGHT}:r={FPS}:d={duration}",
        *_audio_input(speech, rate, duration),
        "-/filter:v", str(_write(folder / "video.filter", _video_filter(spans, folder, font))),
        "-map", "0:v:0", "-map", "1:a:0",
        "-c:v", "libx264", "-preset", PRESET, "-tune", "stillimage", "-crf", str(CRF),
        "-pix_fmt", "yuv420p", "-g", str(FPS * KEYFRAME_EVERY), "-forced-idr", "1",
        "-force_key_frames", _keyframe_list(spans),
        "-c:a", "aac", "-aac_coder", AAC_CODER, "-b:a", AAC_BITRATE, "-ac", "1",
        "-t", str(duration), "-movflags", "+faststart", "-f", "mp4", str(part),
    ]  # fmt: skip


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def make_demo_recording(
    webinar: Webinar,
    target: Path,
    *,
    duration: float | None = None,
    force: bool = False,
    font: Path = FONT,
) -> Path:
    """Write the generated stand-in recording to ``target`` and return it.

    With espeak-ng on PATH the stand-in speaks (player/media/voice.py) and its captions are written
    beside it (``demo_captions``); without, it is silent and stale captions are removed.
    Instant when ``target`` already holds a rendering of the same chapters, speakers, words and
    duration (recorded in ``<target>.json``). ffmpeg writes to a temporary file that replaces
    ``target`` only on success, so a failure leaves any previous file as it was.
    """
    target = Path(target)
    seconds = _duration(webinar, duration)
    espeak = voice.espeak_exe()
    try:
        fingerprint = demo_fingerprint(webinar, seconds, font, espeak)
    except voice.VoiceError as error:
        raise MediaError(str(error)) from None
    if not force and _is_current(target, fingerprint):
        return target
    if not Path(font).is_file():
        raise MediaError(f"police introuvable : {font}")
    target.parent.mkdir(parents=True, exist_ok=True)
    spans = _spans(webinar, seconds)
    fd, part_name = tempfile.mkstemp(prefix=f".{target.name}.part-", dir=target.parent)
    os.close(fd)
    part = Path(part_name)
    spoken: list[voice.Spoken] = []
    try:
        # Text, filter and sound files live outside the media folder: their paths are then
        # plain and nothing is left beside the recording.
        with tempfile.TemporaryDirectory(prefix="demo-text-") as folder:
            speech, rate = None, AUDIO_RATE
            if espeak:
                try:
                    spoken = voice.speak(webinar, seconds, espeak, Path(folder))
                except voice.VoiceError as error:
                    raise MediaError(str(error)) from None
                if spoken:
                    rate = spoken[0].rate
                    speech = voice.write_track(spoken, seconds, Path(folder) / "speech.raw", rate)
            command = _ffmpeg_command(spans, seconds, Path(folder), font, part, speech, rate)
            run(command, target)
        part.chmod(0o644)  # mkstemp's 0600 would hide the file from a separate web server
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)
    captions = demo_captions(target)
    if spoken:
        write_atomic(captions, voice.to_webvtt(spoken))
    else:
        captions.unlink(missing_ok=True)
    # Written last: it vouches for the recording and its captions only once both are there.
    saved = {**fingerprint, "captions": len(spoken)}
    write_atomic(_sidecar(target), json.dumps(saved, ensure_ascii=False, indent=1))
    return target
