"""A chat file read: its size and lines bounded, its encoding and layout found from its content,
its times checked against the recording's length.

    messages, warnings = read_chat(path, duration=5400.0, shown="chat.txt")

Errors are ``ChatError`` and warnings strings, each one French line ``file:line: ...``.
"""

from __future__ import annotations

import codecs
import csv
from dataclasses import replace
from pathlib import Path

from chapters.chat import formats
from chapters.chat.model import ChatError, Message
from chapters.timecode import to_clock

FILE_MAX = 100 * 1024 * 1024  # bytes: a file this big or bigger is refused before reading
LINES_MAX = 500_000
LINE_MAX = 200_000  # characters: a YouTube action line with its thumbnails stays far below
DETECT_LINES = 40  # the lines looked at to find the layout

def decode(data: bytes, shown: str) -> tuple[str, list[str]]:
    """The text of a file: UTF-8 (BOM or not), UTF-16 (Zoom on Windows), else Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    elif data.startswith(codecs.BOM_UTF8):
        encodings = ["utf-8-sig"]
    elif len(data) > 1 and data[1:200:2].count(0) > len(data[1:200:2]) // 2:
        encodings = ["utf-16-le"]  # no BOM, but every other byte nothing: ASCII in UTF-16
    elif len(data) > 1 and data[0:200:2].count(0) > len(data[0:200:2]) // 2:
        encodings = ["utf-16-be"]
    else:
        encodings = ["utf-8"]
    for encoding in encodings:
        try:
            return data.decode(encoding), []
        except UnicodeDecodeError as error:
            if encoding.startswith("utf-16"):
                line = data[: error.start].decode(encoding, "replace").count("\n") + 1
                raise ChatError(f"{shown}:{line}: texte UTF-16 abîmé") from None
    line = data[: _bad_utf8(data)].count(b"\n") + 1
    text = data.decode("cp1252", errors="replace")
    return text, [f"{shown}:{line}: pas en UTF-8 : lu en Windows-1252 (vérifiez les accents)"]

def _bad_utf8(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start
    return 0

def numbered(text: str, shown: str) -> formats.Lines:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if len(lines) > LINES_MAX:
        raise ChatError(f"{shown}:{LINES_MAX + 1}: plus de {LINES_MAX} lignes : fichier refusé")
    for number, line in enumerate(lines, 1):
        if len(line) > LINE_MAX:
            raise ChatError(f"{shown}:{number}: ligne de plus de {LINE_MAX} caractères : fichier refusé")
    return list(enumerate(lines, 1))

def detect(lines: formats.Lines, shown: str):
    """The parser for these lines, from their content; an unknown layout names its first line."""
    filled = [(n, t) for n, t in lines if t.strip()]
    if not filled:
        raise ChatError(f"{shown}:1: fichier vide")
    number, first = filled[0]
    if first.lstrip().startswith("{"):
        if formats.looks_like_youtube(first):
            return formats.parse_youtube
        raise ChatError(f"{shown}:{number}: JSON qui n'est pas une discussion YouTube "
                        "(« replayChatItemAction » attendu)")
    if formats.zoom_layout(first):
        return formats.parse_zoom
    head = filled[:DETECT_LINES]
    if any(formats.header_columns(row) for row in _csv_rows(head)):
        return formats.parse_qa
    raise ChatError(f"{shown}:{number}: format de discussion inconnu (ni discussion Zoom, ni "
                    "discussion YouTube, ni rapport de questions-réponses Zoom) : « "
                    f"{first.strip()[:50]} »")

def _csv_rows(lines: formats.Lines) -> list[list[str]]:
    try:
        return list(csv.reader([t for _n, t in lines]))
    except csv.Error:
        return []


def read_chat(path: Path, *, duration: float | None = None, shown: str | None = None,
              ) -> tuple[list[Message], list[str]]:
    """The messages of a chat file, in order of time, and the warnings about it.

    A message after the recording's end (``duration``) is kept, moved to the end, with a
    warning naming its line.
    """
    path = Path(path)
    shown = shown or path.name
    try:
        size = path.stat().st_size
        if size >= FILE_MAX:
            raise ChatError(f"{shown}:1: fichier de {size // 2**20} Mo : refusé "
                            f"(moins de {FILE_MAX // 2**20} Mo acceptés)")
        data = path.read_bytes()
    except OSError as error:
        raise ChatError(f"{shown}:1: illisible ({error.strerror or error.__class__.__name__})") from None
    text, warnings = decode(data, shown)
    lines = numbered(text, shown)
    parsed, told = detect(lines, shown)(lines, shown)
    warnings += told
    messages = []
    for number, message in parsed:
        if duration is not None and message.time > duration:
            warnings.append(f"{shown}:{number}: {to_clock(message.time)} est après la fin de "
                            f"l'enregistrement ({to_clock(duration)}) : message gardé à la fin")
            message = replace(message, time=float(duration))
        messages.append(message)
    messages.sort(key=lambda m: m.time)
    return messages, warnings
