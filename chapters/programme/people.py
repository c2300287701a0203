"""People in a programme: names read from cells and matched tolerantly, since real documents
misspell them; addresses and organisations checked against the names."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

from ..model import display_name, fold
from ..names import EMAIL

_CAPS = "A-ZÀ-ÖØ-Þ"
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_NAME = re.compile(
    rf"(?P<name>(?:[{_CAPS}][\w'’-]*\s+)+[{_CAPS}][{_CAPS}'’-]+(?:\s+[{_CAPS}][{_CAPS}'’-]+)*)"
    rf"(?![\w'’-])\s*,?\s*(?P<rest>.*)$"
)
# Where the organisation starts in "role + organisation": a preposition before a capital...
_PREP = re.compile(
    rf"\s(?:(?:au|aux|du|des|de|chez)\s+|(?:de|à)\s+(?:la\s+|l['’])|d['’])(?=[{_CAPS}])"
)
# ...or, later on, a capitalised article ("... Solidaire La Cité de Refuge").
_ARTICLE = re.compile(rf"\s(?=(?:La|Le|Les|L['’])\s*[{_CAPS}])")


@lru_cache(maxsize=4096)  # bounded; the same few names are compared again and again
def name_key(name: str) -> tuple[str, str]:
    """(first name, last names), folded and without spaces, for tolerant comparison."""
    words = name.split()
    if not words:
        return "", ""
    return fold(words[0]).replace(" ", ""), fold(" ".join(words[1:])).replace(" ", "")


def edit_distance(a: str, b: str, limit: int | None = None) -> int:
    """Levenshtein distance; names are short, so the plain algorithm is enough.

    With ``limit``, any distance above it may be returned as ``limit + 1`` (cheap checks first).
    """
    if limit is not None and (abs(len(a) - len(b)) > limit):
        return limit + 1
    if a == b:
        return 0
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def name_distance(a: str, b: str) -> int | None:
    """Distance between two names' last names when they can be the same person, else None."""
    (first_a, last_a), (first_b, last_b) = name_key(a), name_key(b)
    if not (first_a and first_b and last_a and last_b):
        return None
    initial = min(len(first_a), len(first_b)) == 1 and first_a[0] == first_b[0]
    if first_a != first_b and not initial:
        return None
    limit = 1 if len(last_b) < 8 else 2
    d = edit_distance(last_a, last_b, limit)
    return d if d <= limit else None


@dataclass
class Person:
    """A speaker as read from a running-order cell, before names and ids are settled."""

    as_written: str
    role: str
    organisation: str
    spellings: list[str] = field(default_factory=list)
    id: str = ""


def match_person(name: str, people: list[Person]) -> int | None:
    """Index of the person a name most probably means, or None."""
    best: tuple[int, int] | None = None
    for i, person in enumerate(people):
        d = name_distance(name, person.as_written)
        if d is not None and (best is None or d < best[0]):
            best = (d, i)
    return best[1] if best else None


def mentions(text: str, people: list[Person]) -> list[tuple[int, str]]:
    """(person index, words as written) for every capitalised mention of a person in a text."""
    words = [m.group() for m in _WORD.finditer(EMAIL.sub(" ", text.replace("**", "")))]
    # only windows whose first word can be a person's first name (or initial) are compared
    firsts = {name_key(w)[0] for w in words if w[0].isupper()}
    found = []
    for i, person in enumerate(people):
        first = name_key(person.as_written)[0]
        if not any(f == first or (f[:1] == first[:1] and min(len(f), len(first)) == 1)
                   for f in firsts):
            continue
        k = len(person.as_written.split())
        for j in range(len(words) - k + 1):
            window = words[j : j + k]
            if all(w[0].isupper() for w in window):
                written = " ".join(window)
                if name_distance(written, person.as_written) is not None:
                    found.append((i, written))
    return found


def address_match(name: str, address: str) -> tuple[int, str] | None:
    """(distance, last name as the address spells it) when an address can be this person's.

    The local part is read as first.last, f.last, last.first, firstlast, flast or last;
    ``nicolas.fescourt@…`` is Nicolas Flescourt's at distance 1, spelt "fescourt".
    """
    first, last = name_key(name)
    tokens = _local_tokens(address)
    if not (first and last and tokens):
        return None
    candidates = []
    if len(tokens) > 1:
        if tokens[0] in (first, first[0]):
            candidates.append("".join(tokens[1:]))
        if tokens[-1] in (first, first[0]):
            candidates.append("".join(tokens[:-1]))
    local = "".join(tokens)
    if local.startswith(first) and len(local) > len(first):
        candidates.append(local[len(first) :])
    if local.endswith(first) and len(local) > len(first):
        candidates.append(local[: -len(first)])
    if local[0] == first[0]:
        candidates.append(local[1:])
    candidates.append(local)
    limit = 1 if len(last) < 8 else 2
    best = min((edit_distance(c, last, limit), c) for c in candidates if c)
    return best if best[0] <= limit else None


@lru_cache(maxsize=4096)  # each address is compared with every speaker: folded once
def _local_tokens(address: str) -> tuple[str, ...]:
    return tuple(fold(address.split("@")[0]).split())


def email_owner(address: str, people: list[Person]) -> tuple[int, int, str] | None:
    """(person index, distance, spelling) of the person an address most probably belongs to."""
    best = None
    for i, person in enumerate(people):
        found = address_match(person.as_written, address)
        if found is not None and (best is None or found[0] < best[1]):
            best = (i, *found)
    return best


# Second-level labels under which the organisation's own name comes next (asso.fr, co.uk).
_SECOND_LEVEL = {"com", "org", "net", "gouv", "asso", "co", "ac", "edu", "gov"}


def domain_label(address: str) -> str:
    """The organisation's part of an e-mail or web address: tdaher@cnlrg.org -> "cnlrg"."""
    if "@" in address and "://" not in address:
        host = address.rsplit("@", 1)[1]
    else:
        host = urlsplit(address).hostname or ""
    labels = [label for label in host.lower().split(".") if label][:-1]
    if labels and labels[0] == "www":
        labels = labels[1:]
    while len(labels) > 1 and labels[-1] in _SECOND_LEVEL:
        labels.pop()
    return labels[-1] if labels else ""


def organisation_spelling(organisation: str, labels: list[str]) -> str | None:
    """How the addresses spell an organisation when none agrees with it and one nearly does.

    Case, accents and hyphens do not count; an address agrees when it holds one of the
    organisation's words ("coorace-idf" for "Coorace Île-de-France") or the name is made of
    it ("iledefrance" in "Conseil Régional Île-de-France"). "cnlrg" for "CNLRO" nearly does.
    """
    words = [w for w in fold(organisation).split() if len(w) >= 4]
    whole = fold(organisation).replace(" ", "")
    close = None
    for label in labels:
        tokens = fold(label).split()
        compact = "".join(tokens)
        if not compact:
            continue
        if any(w in compact for w in words) or (len(whole) >= 3 and whole in compact):
            return None
        if len(compact) >= 4 and compact in whole:
            return None
        for token in dict.fromkeys([*tokens, compact]):
            for word in [*words, whole]:
                limit = 1 if len(word) <= 6 else 2
                if len(token) >= 4 and 0 < edit_distance(token, word) <= limit:
                    close = close or token
    return close


def split_cell(cell: str) -> tuple[str, str, str] | None:
    """(name as written, role, organisation) from "Firstname LASTNAME, role..."."""
    if m := _NAME.match(cell):
        name, rest = m["name"], m["rest"]
    else:
        name, _, rest = cell.partition(",")
        words = name.split()
        if not 2 <= len(words) <= 4 or not all(w[0].isupper() for w in words):
            return None
    role, organisation = role_and_org(rest.strip(" ,"))
    return " ".join(name.split()), role, organisation


def role_and_org(rest: str) -> tuple[str, str]:
    """Best-effort split of "délégué régional de Coorace Île-de-France"."""
    if m := re.search(rf",\s+(?=[{_CAPS}])", rest):
        return rest[: m.start()].strip(), rest[m.end() :].strip()
    prep = _PREP.search(rest)
    if prep is None:
        return rest, ""
    cut = _ARTICLE.search(rest, prep.end()) or prep
    return rest[: cut.start()].strip(" ,-–"), rest[cut.end() :].strip(" ,-–")


def best_spelling(person: Person) -> str:
    """The mention with the most accents; accents get lost in documents, not added."""
    candidates = [display_name(s) for s in person.spellings]
    candidates.append(display_name(person.as_written))
    return max(candidates, key=lambda s: sum(not c.isascii() for c in s))


def unique_id(slug: str, taken: set[str]) -> str:
    """A speaker id not yet used: two people may share a name."""
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate
