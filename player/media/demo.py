"""The generated stand-in recording.

The demo recording is an honest stand-in for a webinar whose real recording is not available:
one plain MP4 (H.264/AAC, faststart) whose every chapter span shows slides (the chapter's title,
its speakers, lines of its summary, questions and resources: player/media/demo_slides.py), with a
small moving "camera" picture and the recording's clock in a corner, under a label saying it was
generated. With espeak-ng installed
it also speaks (player/media/voice.py) and has French captions beside it (``demo.fr.vtt``).
"""


from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path

from chapters.files import write_atomic
from chapters.model import DEMO_FILE, Webinar  # noqa: F401 (DEMO_FILE: imported from here too)
from chapters.timecode import MAX_SECONDS, to_clock
from player.media import demo_slides, voice
from player.media.ffmpeg import FONT, MediaError, ffmpeg_exe, filter_value, run

# Bump when the picture, the sound or the encoding changes, so existing demo files are re-rendered.
GENERATOR_VERSION = 3
DEMO_LABEL = "Enregistrement de démonstration généré"
# The recording's time as H:MM:SS; the backslashes keep drawtext from splitting the format.
CLOCK = r"%{pts:gmtime:0:%H\:%M\:%S}"

WIDTH, HEIGHT, FPS = 640, 360, demo_slides.FPS
CAMERA = (128, 72)  # the corner's size: a figure that sways on every frame, like a speaker
SLIDE_BOX = (20, 40, 600, 272)  # x, y, width, height of the light slide on the dark background
KEYFRAME_EVERY = 10  # seconds; a seek anywhere decodes at most this much
# Measured on the 1 h 45 demo: 11 MB against ultrafast's 25 MB, for about 1.5 times the CPU.
PRESET, CRF = "veryfast", 30
AUDIO_RATE = 22050  # the silent track's; a voiced one has espeak-ng's rate (22050 Hz too)
# Measured on 12 min of speech (80 chapters over 20 min): the default "twoloop" coder takes 36 s,
# "fast" 6 s for a file 6 % larger; synthetic speech at 32 kb/s sounds the same with both.
AAC_CODER, AAC_BITRATE = "fast", "32k"



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
        "camera": list(CAMERA),
        "slides": [[s.start, s.end, s.heading, s.title, list(s.lines)]
                   for s in demo_slides.demo_slides(webinar, duration)],
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


def _bold(font: Path) -> Path:
    bold = Path(font).with_name(Path(font).stem + "-Bold" + Path(font).suffix)
    return bold if bold.is_file() else Path(font)


def _video_filter(slides: list[demo_slides.DemoSlide], duration: float, folder: Path,
                  font: Path) -> str:
    """The picture: the label, each slide in its span, the camera corner with the clock.

    Text goes through files so French apostrophes and colons need no escaping, and the static
    text uses expansion=none so a "%" in a title stays a "%". The only thing that ticks (the
    camera's pattern and the clock) is in the corner, never on the slide.
    """
    fontfile = filter_value(str(font))
    boldfile = filter_value(str(_bold(font)))
    static = f"fontfile={fontfile}:expansion=none"
    x, y, w, h = SLIDE_BOX
    parts = [
        f"drawbox=x={x}:y={y}:w={w}:h={h}:color=0xf4f1ea:t=fill",
        f"drawtext={static}:fontcolor=white:fontsize=16:x=(w-tw)/2:y=12:"
        f"textfile={_text_file(folder, 'label.txt', DEMO_LABEL)}",
    ]
    for i, slide in enumerate(slides):
        enable = filter_value(f"between(t,{slide.start},{slide.end - 0.001})")
        parts += [
            f"drawtext={static}:fontsize=15:fontcolor=0x5a6b7c:x=(w-tw)/2:y={y + 14}:"
            f"enable={enable}:textfile={_text_file(folder, f'heading{i}.txt', slide.heading)}",
            f"drawtext=fontfile={boldfile}:expansion=none:fontsize=26:fontcolor=0x1f2d3d:"
            f"line_spacing=6:text_align=C:x=(w-tw)/2:y={y + 40}:enable={enable}:"
            f"textfile={_text_file(folder, f'title{i}.txt', slide.title)}",
        ]
        if slide.lines:
            parts.append(
                f"drawtext={static}:fontsize=17:fontcolor=0x222222:line_spacing=8:"
                f"x={x + 22}:y={y + 118}:enable={enable}:"
                f"textfile={_text_file(folder, f'lines{i}.txt', chr(10).join(slide.lines))}"
            )
    cw, ch = CAMERA
    camera = (
        f"color=c=0x35506b:s={cw}x{ch}:r={FPS}:d={duration},"
        # a "speaker" swaying left and right: it moves on every frame
        f"drawbox=x=48+36*sin(t*2.1):y=14:w=30:h=30:color=0xe8c39e:t=fill,"
        f"drawbox=x=40+36*sin(t*2.1):y=46:w=46:h=26:color=0x8aa1b8:t=fill,"
        f"drawtext=fontfile={fontfile}:fontcolor=white:fontsize=12:box=1:boxcolor=black@0.6:"
        f"x=(w-tw)/2:y=h-th-3:textfile={_text_file(folder, 'clock.txt', CLOCK)}"
    )
    return (f"[0:v]{','.join(parts)}[slides];{camera}[camera];"
            f"[slides][camera]overlay=x=W-w-8:y=H-h-8,format=yuv420p[video]")


def _keyframe_list(slides: list[demo_slides.DemoSlide]) -> str:
    return ",".join(f"{s.start:.3f}" for s in slides) or "0"


def _audio_input(speech: Path | None, rate: int, duration: float) -> list[str]:
    """The voice track (raw samples written by player/media/voice.py), or silence."""
    if speech is None:
        return ["-f", "lavfi", "-i", f"anullsrc=r={rate}:cl=mono:d={duration}"]
    return ["-f", "s16le", "-ar", str(rate), "-ac", "1", "-i", str(speech)]


def _ffmpeg_command(
    slides: list[demo_slides.DemoSlide],
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
        "-/filter_complex",
        str(_write(folder / "video.filter", _video_filter(slides, duration, folder, font))),
        "-map", "[video]", "-map", "1:a:0",
        "-c:v", "libx264", "-preset", PRESET, "-tune", "stillimage", "-crf", str(CRF),
        "-pix_fmt", "yuv420p", "-g", str(FPS * KEYFRAME_EVERY), "-forced-idr", "1",
        "-force_key_frames", _keyframe_list(slides),
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
    slides = demo_slides.demo_slides(webinar, seconds)
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
            command = _ffmpeg_command(slides, seconds, Path(folder), font, part, speech, rate)
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
