"""Short chapter titles, and ids made from them, out of a running order's long descriptions.

A programme describes each talk in a sentence or two ("Présentation des offres de France Active
d'accompagnement et de financement visant à soutenir …"); a chapter list, a timeline and a YouTube
description need a title read at a glance. The rules, in order:

- a lead-in such as "Présentation de" goes: what is presented is the subject;
- the title is cut at a clause boundary (punctuation, a quote, "et", a participle or relative
  word opening a subordinate clause) or, failing one, at a word, never leaving an article,
  a preposition or a conjunction dangling at its end;
- the speaker's organisation (or the running order's own label, "Ouverture") comes first,
  "France Active : offres d'accompagnement et de financement", unless the subject is already a
  name, the organisation's words are already in it, or the prefix would cost a cleaner cut.
"""

from __future__ import annotations

import re

from ..model import fold

__all__ = ["TITLE_TARGET", "short_title", "short_organisation", "title_id"]

# "About 60 characters": room in a chapter list, a timeline tooltip and a YouTube line.
TITLE_TARGET = 60

# Shorter cuts than this say too little; a word cut keeps more of the sense.
_MIN_CUT = 18

# A prefix longer than this crowds out the subject.
_ORG_MAX = 24

_APOSTROPHES = "'’"
_LEAD_IN = re.compile(
    r"^(?:[ée]tat des lieux et\s+)?pr[ée]sentation\s+"
    rf"(?:de\s+la\s+|de\s+l[{_APOSTROPHES}]|du\s+|des\s+|de\s+|d[{_APOSTROPHES}])",
    re.IGNORECASE,
)
_ARTICLE = re.compile(rf"^(?:la|le|les)\s+|^l[{_APOSTROPHES}]", re.IGNORECASE)
_OPENING_QUOTES = "«\"“‘("
_CLOSING = {"«": "»", "“": "”", "‘": "’", "(": ")"}

# Words that open a subordinate clause: the title can stop before them.
_SUBORDINATORS = {
    "qui", "que", "qu", "dont", "où", "visant", "ayant", "étant", "issu", "issue", "issus",
    "issues", "permettant", "afin", "notamment", "lorsque", "quand",
}  # fmt: skip
_COORDINATORS = {"et", "ou"}
# Words a title must not end on: they announce something that was cut.
_DANGLING = _SUBORDINATORS | _COORDINATORS | {
    "le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "au", "aux", "à", "en", "dans",
    "sur", "sous", "pour", "par", "avec", "entre", "vers", "chez", "sans", "contre", "selon",
    "ni", "mais", "donc", "car", "sa", "son", "ses", "leur", "leurs", "notre", "nos", "votre",
    "vos", "mon", "ma", "mes", "ce", "cet", "cette", "ces", "se", "s", "ne", "y", "très",
    "plus", "moins",
}  # fmt: skip
# Words left out of ids: "capa-cite", "france-active", not "presentation-de-capa-cite".
_ID_SKIP = _DANGLING | {"a", "et"}


def _ends_with_stop(word: str) -> bool:
    """True for "de", "d'", "d'une", "(" …: a word that leaves the title hanging."""
    bare = word.strip(",;:.!?…")
    if bare and all(c in "»”)’\"" for c in bare):
        return False  # a closing quote ends what it quoted
    if not bare or all(not c.isalnum() for c in bare):
        return True
    tail = re.split(rf"[{_APOSTROPHES}]", bare.lower())
    return tail[-1] in _DANGLING or (tail[-1] == "" and len(tail) > 1)


def _tidy(words: list[str]) -> str:
    """The words joined, with trailing punctuation and dangling words removed."""
    words = list(words)
    while words:
        words[-1] = words[-1].rstrip(",;:–—-")
        if not words[-1] or _ends_with_stop(words[-1]):
            words.pop()
            continue
        break
    text = " ".join(words)
    return _balance(text)


def _balance(text: str) -> str:
    """Drop an opening quote or bracket left without its closing one, and what follows it."""
    for opening, closing in _CLOSING.items():
        if text.count(opening) > text.count(closing):
            head = text[: text.rfind(opening)].split()
            return _tidy(head) if head else ""
    if text.count('"') % 2:
        head = text[: text.rfind('"')].split()
        return _tidy(head) if head else ""
    return text


def _boundaries(words: list[str]) -> list[int]:
    """Indexes i where a clause may end before words[i]."""
    out = []
    for i in range(1, len(words)):
        before, word = words[i - 1], words[i]
        bare = word.strip(",;:.!?").lower()
        if (
            before[-1] in ",;:"
            or before in ("-", "–", "—")
            or word[0] in _OPENING_QUOTES
            or bare in _SUBORDINATORS
            or bare in _COORDINATORS
            or re.fullmatch(rf"s[{_APOSTROPHES}]\w+ant", bare)
        ):
            out.append(i)
    return out


def _cut(text: str, limit: int) -> tuple[str, int]:
    """(shortened text, quality): 2 whole, 1 cut at a clause boundary, 0 cut at a word."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text, 2
    words = text.split()
    best = ""
    for i in _boundaries(words):
        candidate = _tidy(words[:i])
        if len(candidate) <= limit and len(candidate) > len(best):
            best = candidate
    if len(best) >= _MIN_CUT:
        return best, 1
    kept: list[str] = []
    for word in words:
        if len(" ".join([*kept, word])) > limit:
            break
        kept.append(word)
    if kept := _tidy(kept):
        return kept, 0
    return words[0][: limit - 1] + "…", 0  # one word longer than a title: nothing else to do


def _is_name(word: str) -> bool:
    """A proper name rather than a sentence's capital: "Capa'Cité", "GERES"."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) > 1 and (
        any(c.isupper() for c in letters[1:]) or all(c.isupper() for c in letters)
    )


def _stems(text: str) -> set[str]:
    return {w[:5] for w in fold(text).split() if len(w) >= 4}


def short_organisation(organisation: str) -> str:
    """The organisation as a title prefix, or "" when it is too long to read as one.

    "Coorace Île-de-France" -> "Coorace"; "Roule Ma Poule, auto-école sociale" -> "Roule Ma
    Poule"; the region is the webinar's setting, not the organisation's name.
    """
    name = re.split(r",\s|\s[-–—]\s|\s\(", organisation, maxsplit=1)[0].strip()
    words = name.split()
    if len(words) > 1 and (
        words[-1] in ("IdF", "IDF", "Idf")
        or (words[-1][0].isupper() and "-" in words[-1] and words[-2][0].isupper())
    ):
        words.pop()
    name = " ".join(words)
    return name if 0 < len(name) <= _ORG_MAX else ""


def _with_prefix(text: str, prefix: str, subject_is_name: bool) -> str | None:
    """The text reworded to follow "prefix : ", or None when that would not read well."""
    if not prefix or subject_is_name:
        return None
    # the organisation named inside the text moves to the front ("offres de France Active
    # d'accompagnement" -> "France Active : offres d'accompagnement")
    named = re.compile(
        rf"\s(?:de\s+la\s+|de\s+l[{_APOSTROPHES}]|du\s+|des\s+|de\s+|d[{_APOSTROPHES}]|chez\s+"
        rf"|par\s+)?{re.escape(prefix)}(?![\w{_APOSTROPHES}-])",
        re.IGNORECASE,
    )
    moved, count = named.subn("", text, count=1)
    if count:
        text = moved
    elif _stems(prefix) & _stems(text):
        return None  # "Conseil Régional : programme régional …" says it twice
    text = _ARTICLE.sub("", text, count=1)
    first = text.split(" ", 1)[0]
    if not _is_name(first):
        text = text[:1].lower() + text[1:]
    return text


def short_title(
    description: str, *, organisation: str = "", label: str = "", limit: int = TITLE_TARGET
) -> str:
    """A title of at most ``limit`` characters for a running-order description.

    ``label`` is the running order's own word for the slot ("Ouverture"), which takes the place
    of the organisation.
    """
    text = " ".join(description.replace("**", "").split())
    stripped = _LEAD_IN.sub("", text, count=1)
    if stripped != text:
        stripped = _parallel(stripped)
    subject_is_name = bool(stripped) and (
        _is_name(stripped.split()[0]) or (stripped != text and stripped[0].isupper())
    )
    text = stripped or text
    plain, plain_quality = _cut(text, limit)
    plain = plain[:1].upper() + plain[1:]
    prefix = label.strip() or short_organisation(organisation)
    rest = _with_prefix(text, prefix, subject_is_name)
    if rest:
        room = limit - len(prefix) - 3
        cut, quality = _cut(rest, room)
        if len(cut) >= _MIN_CUT and quality >= plain_quality:
            return f"{prefix} : {cut}"
    return plain


# "Présentation de X et de Y" loses "Présentation de": "X et Y", not "X et de Y".
_PARALLEL = re.compile(
    rf"\set\s+(?P<p>de\s+la\s+|de\s+l[{_APOSTROPHES}]|du\s+|des\s+|de\s+|d[{_APOSTROPHES}])",
    re.IGNORECASE,
)
_ARTICLE_FOR = {"de la": "la ", "de l": "l'", "du": "le ", "des": "les ", "de": "", "d": ""}


def _parallel(rest: str) -> str:
    """The second member of a coordination the lead-in governed, without its preposition.

    Only when nothing before "et" takes a complement of its own: in "offres d'accompagnement
    et de financement" the "de" belongs to "offres", and stays.
    """
    m = _PARALLEL.search(rest)
    if m is None or re.search(rf"(?:^|\s)(?:de|du|des|d[{_APOSTROPHES}]|à|au|aux)(?:\s|$)|"
                              rf"(?:^|\s)d[{_APOSTROPHES}]", rest[: m.start()], re.IGNORECASE):
        return rest
    return rest[: m.start()] + f" et {_ARTICLE_FOR[fold(m['p'])]}" + rest[m.end() :]


# Letters Unicode does not decompose into a base letter and an accent.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "Oe", "æ": "ae", "Æ": "Ae", "ß": "ss"})


def _id_words(text: str) -> list[str]:
    """Folded words worth an id; a capitalised word inside a name ("Roule Ma Poule") stays."""
    out = []
    for i, word in enumerate(text.translate(_LIGATURES).split()):
        in_name = i > 0 and word[:1].isupper()
        out += [w for w in fold(word).split() if in_name or (w not in _ID_SKIP and len(w) > 1)]
    return out


def title_id(title: str, taken: set[str], *, fallback: str = "chapitre") -> str:
    """An id for a chapter from its title's head: "Capa'Cité, chantier …" -> "capa-cite".

    The head is what comes before " : " or ", "; three words at most. A second chapter with
    the same head takes words from the rest of its title, then a number.
    """
    head = re.split(r"\s:\s|,\s", title, maxsplit=1)[0]
    rest = title[len(head) :]
    words = _id_words(head)[:3] or _id_words(title)[:3]
    base = "-".join(words)[:48].strip("-") or fallback
    candidate = base
    extra = [w for w in _id_words(rest) if w not in words]
    if candidate in taken and extra:
        candidate = "-".join([base, *extra[:2]])[:48].strip("-")
    n = 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate
