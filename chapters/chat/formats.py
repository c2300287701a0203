"""The three layouts a chat file comes in, each read into messages.

- Zoom's saved chat (``chat.txt``) in the layouts Zoom has used: the old one, one message per
  line (``00:12:05\\t From  Jane Doe : text``, private ones ``From  Jane to  Bob(Privately) :``),
  the newer one (``00:12:05 From Jane Doe to Everyone:`` then the text on the next lines, indented
  with a tab; ``to Bob(Direct Message)`` for a private one), and the cloud recording's
  (``00:12:05\\tJane Doe:\\ttext``). Private messages are never read.
- YouTube's live chat replay as yt-dlp writes it (``*.live_chat.json``): one JSON action a line,
  ``replayChatItemAction.videoOffsetTimeMsec`` and ``liveChatTextMessageRenderer`` items.
- Zoom's webinar Q&A report (CSV): a few lines about the webinar, then a table with a header
  row (question, asker name and e-mail, answer, answered by, times).

Each parser takes the numbered lines and returns ``(line, Message)`` pairs and warnings; an
unreadable line is a ``ChatError`` naming it.
"""

from __future__ import annotations

import csv
import json
import re
from datetime import datetime

from chapters.chat.model import ChatError, Message, make_message

Lines = list[tuple[int, str]]
Parsed = tuple[list[tuple[int, Message]], list[str]]

_CLOCK = r"(\d{1,2}):(\d{2}):(\d{2})"
# old layout: "00:12:05\t From  Jane Doe : text" or "... From  Jane to  Bob(Privately) : text",
# and the one-line "00:12:05 From  Jane Doe  to  Everyone : text" some versions wrote
OLD = re.compile(_CLOCK + r"[\t ]\s*(?:From|De)\s+(.+?)\s+:\s?(.*)$")
# newer layout: "00:12:05 From Jane Doe to Everyone:" (the text on the next lines)
NEW = re.compile(_CLOCK + r" (?:From|De) (.+) (?:to|à) (.+?):\s*$")
# cloud recording: "00:12:05\tJane Doe:\ttext"
CLOUD = re.compile(_CLOCK + r"\t([^\t]+?):\t(.*)$")
PUBLIC = {"everyone", "tout le monde", "all panelists and attendees", "all attendees",
          "tous les panélistes et participants", "tous les participants"}
_TO = re.compile(r"\s+(?:to|à)\s+(.+)$")
# Zoom's newer chat writes reactions as messages of their own: not what anyone wrote
REACTIONS = ("Reacted to ", "Removed a ", "A réagi à ", "A retiré une ")


def _seconds(match: re.Match) -> int:
    return int(match[1]) * 3600 + int(match[2]) * 60 + int(match[3])


def zoom_layout(line: str) -> re.Pattern | None:
    """The Zoom layout a chat line is in, or None."""
    for layout in (NEW, OLD, CLOUD):
        if layout.match(line):
            return layout
    return None


def _public(recipient: str) -> bool:
    return recipient.strip().lower() in PUBLIC


def parse_zoom(lines: Lines, name: str) -> Parsed:
    layout = next(zoom_layout(text) for _n, text in lines if text.strip())
    found: list[list] = []  # [line, time, author, text lines] of public messages
    skipped: list[int] = []  # the lines of private messages
    current: list | None = None  # the message the next unheaded lines belong to (None: private)
    for number, text in lines:
        match = layout.match(text)
        if match is None:
            if not text.strip():
                continue
            if layout is NEW and not text.startswith(("\t", " ")):
                raise ChatError(f"{name}:{number}: ligne non reconnue dans une discussion Zoom "
                                "(attendu : « HH:MM:SS From Nom to Everyone: » ou le texte indenté)")
            if current is not None:
                current[3].append(text.strip())
            continue
        if layout is NEW:
            author, recipient, body = match[4], match[5], []
        elif layout is OLD:
            author, recipient = match[4], "Everyone"
            private = _TO.search(author)
            if private:
                author, recipient = author[: private.start()], private[1]
            body = [match[5]]
        else:
            author, recipient, body = match[4], "Everyone", [match[5]]
        if not _public(recipient):
            skipped.append(number)
            current = None
            continue
        current = [number, _seconds(match), author, body]
        found.append(current)
    found = [f for f in found if not "\n".join(f[3]).strip().startswith(REACTIONS)]
    messages = [(n, make_message("zoom-chat", t, a, "\n".join(b))) for n, t, a, b in found]
    warnings = [f"{name}:{skipped[0]}: {len(skipped)} message(s) privé(s) laissé(s) de côté"] if skipped else []
    return [(n, m) for n, m in messages if m.text], warnings


# --- YouTube live chat replay (yt-dlp) ----------------------------------------------------


def looks_like_youtube(line: str) -> bool:
    try:
        data = json.loads(line)
    except ValueError:
        return False
    return isinstance(data, dict) and "replayChatItemAction" in data


def _runs_text(runs) -> str:
    parts = []
    for run in runs if isinstance(runs, list) else []:
        if not isinstance(run, dict):
            continue
        if isinstance(run.get("text"), str):
            parts.append(run["text"])
        elif isinstance(emoji := run.get("emoji"), dict):
            shortcuts = emoji.get("shortcuts") or []
            custom = emoji.get("isCustomEmoji") or not isinstance(emoji.get("emojiId"), str)
            parts.append((shortcuts[0] if shortcuts else "") if custom else emoji["emojiId"])
    return "".join(parts)


def parse_youtube(lines: Lines, name: str) -> Parsed:
    found: list[tuple[int, Message]] = []
    warnings: list[str] = []
    for number, text in lines:
        if not text.strip():
            continue
        try:
            data = json.loads(text)
            replay = data["replayChatItemAction"]
            offset = int(replay.get("videoOffsetTimeMsec", data.get("videoOffsetTimeMsec")))
            actions = replay.get("actions") or []
        except (ValueError, KeyError, TypeError, AttributeError):
            warnings.append(f"{name}:{number}: ligne illisible (pas une action de discussion YouTube) : ignorée")
            continue
        for action in actions:
            item = ((action or {}).get("addChatItemAction") or {}).get("item") or {}
            renderer = item.get("liveChatTextMessageRenderer") if isinstance(item, dict) else None
            if not isinstance(renderer, dict):
                continue  # super chats, memberships, banners…: not messages
            author = (renderer.get("authorName") or {}).get("simpleText") or ""
            body = _runs_text((renderer.get("message") or {}).get("runs"))
            message = make_message("youtube", max(offset, 0) / 1000, str(author), body)
            if message.text:
                found.append((number, message))
    return found, warnings


# --- Zoom webinar Q&A report (CSV) --------------------------------------------------------

# a header cell (lower case) → the field it gives
COLUMNS = {
    "question": "text", "questions": "text",
    "asker name": "author", "name": "author", "nom": "author", "nom du demandeur": "author",
    "asker email": "email", "email": "email", "e-mail": "email", "adresse e-mail": "email",
    "answer(s)": "answer", "answer": "answer", "answers": "answer", "réponse": "answer", "réponses": "answer",
    "answered by": "answerer", "answerer": "answerer", "répondu par": "answerer",
    "question time": "time", "asked time": "time", "time": "time", "heure de la question": "time",
    "answer time": "answer_time", "heure de la réponse": "answer_time",
}
_START_HEADERS = ("actual start time", "start time", "heure de début réelle", "heure de début")
_DATE_FORMATS = ("%b %d, %Y %H:%M:%S", "%b %d, %Y %I:%M:%S %p", "%Y-%m-%d %H:%M:%S",
                 "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M:%S %p", "%d/%m/%Y %H:%M:%S")
LIVE = {"live answered", "répondu en direct"}


def header_columns(row: list[str]) -> dict[str, int] | None:
    """The Q&A table's columns when ``row`` is its header row (a question and an asker)."""
    columns: dict[str, int] = {}
    for i, cell in enumerate(row):
        field = COLUMNS.get(cell.strip().lower())
        if field and field not in columns:
            columns[field] = i
    return columns if "text" in columns and "author" in columns else None


def _date(text: str) -> datetime | None:
    for form in _DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), form)
        except ValueError:
            pass
    return None


def _time(text: str, start: datetime | None, where: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    if clock := re.fullmatch(_CLOCK, text):
        return float(_seconds(clock))
    when = _date(text)
    if when is None:
        raise ChatError(f"{where}: heure « {text[:40]} » illisible")
    if start is None:
        raise ChatError(f"{where}: heure « {text[:40]} » sans heure de début du webinaire dans le rapport")
    return max((when - start).total_seconds(), 0.0)


def parse_qa(lines: Lines, name: str) -> Parsed:
    reader = csv.reader([t for _n, t in lines])
    rows, read = [], 0
    for row in reader:  # a quoted cell may hold line breaks: a row starts after the last one
        rows.append((lines[read][0], row))
        read = reader.line_num
    start: datetime | None = None
    columns = None
    found: list[tuple[int, Message]] = []
    untimed: list[int] = []  # lines of questions without any time: put at the start
    for index, (number, row) in enumerate(rows):
        if columns is None:
            columns = header_columns(row)
            lowered = [c.strip().lower() for c in row]
            for key in _START_HEADERS:
                if key in lowered and index + 1 < len(rows):
                    value = rows[index + 1][1]
                    cell = value[lowered.index(key)] if lowered.index(key) < len(value) else ""
                    start = start or _date(cell)
            continue
        if not any(c.strip() for c in row):
            continue
        if header_columns(row):  # a second table (Zoom repeats it per session)
            columns = header_columns(row)
            continue

        def cell(field: str) -> str:
            i = columns.get(field)
            return row[i] if i is not None and i < len(row) else ""

        where = f"{name}:{number}"
        if not cell("text").strip():
            continue
        asked = _time(cell("time"), start, where)
        answer = cell("answer").strip()
        answered = _time(cell("answer_time"), start, where)
        if asked is None and answered is None:
            untimed.append(number)
        message = make_message(
            "zoom-qa", asked if asked is not None else (answered or 0.0), cell("author"), cell("text"),
            question=True, answer=None if answer.lower() in LIVE else answer or None,
            answerer=cell("answerer") or None, answer_time=answered)
        found.append((number, message))
    if columns is None:
        raise ChatError(f"{name}:1: rapport de questions-réponses sans ligne d'en-tête "
                        "(colonnes « Question » et « Asker Name » attendues)")
    warnings = [f"{name}:{untimed[0]}: {len(untimed)} question(s) sans heure : placée(s) au début "
                "de l'enregistrement"] if untimed else []
    return found, warnings
