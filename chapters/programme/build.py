"""Building the webinar from what the programme reader found: speakers, chapters titled from
their content, questions linked to who answered, resources, contacts and their addresses."""

from __future__ import annotations

import re

from ..model import (
    Chapter,
    Contact,
    Note,
    Question,
    Resource,
    Speaker,
    Webinar,
    display_name,
    fold,
    slugify,
)
from ..names import EMAIL
from .parts import Asked, Item, Rest, Row
from .people import (
    Person,
    address_match,
    best_spelling,
    domain_label,
    email_owner,
    match_person,
    mentions,
    organisation_spelling,
    split_cell,
    unique_id,
)
from .text import BULLET, clip, find_links, is_usable, join_lines, plain, shorten
from .titles import short_title, title_id

MAX_CONTACTS = 1000

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_MD_LINKED = re.compile(r"\[[^\]\n]+\]\(")


class Builder:
    """The webinar of what was read; mixed into the reader, whose ``warn`` and ``lines`` it uses."""

    def build(self, webinar: Webinar, rows: list[Row], rest: Rest) -> Webinar:
        """``webinar`` (id, title, date) filled with the rows' and the rest's data."""
        self.found_notes: list[Note] = []
        people, cell_people = self._people(rows)
        self._collect_spellings(people, rest)
        taken: set[str] = set()
        for person in people:
            person.id = unique_id(slugify(best_spelling(person)), taken)
            taken.add(person.id)
        webinar.speakers = [
            Speaker(p.id, best_spelling(p), p.as_written, p.role, p.organisation) for p in people
        ]
        webinar.chapters = self._chapters(rows, cell_people, people)
        webinar.questions = self._questions(rest.questions, people, webinar)
        webinar.themes = list(rest.themes.values())
        webinar.resources = self._resources(rest.resources)
        webinar.contacts = self._contacts(rest, people, webinar)
        self._link_themes(webinar)
        self._check_organisations(rows, cell_people, people, webinar)
        webinar.notes = self.found_notes
        return webinar

    def note(self, line: int, field: str, text: str) -> None:
        """A remark about the source document for the organisers, kept in the data file beside
        the field it concerns (shown in the editor, never on public pages)."""
        self.found_notes.append(Note(field, f"{text} (ligne {line} du programme)"))

    def _people(self, rows: list[Row]) -> tuple[list[Person], list[list[int]]]:
        """Distinct speakers, and for each row the indexes of its speakers."""
        people: list[Person] = []
        per_row: list[list[int]] = []
        seen: dict[str, int] = {}  # folded name -> index
        for row in rows:
            parts = split_cell(row.speaker)
            if parts is None:
                self.warn(row.line, f"intervenant sans nom reconnu : « {clip(row.speaker)} »")
                per_row.append([])
                continue
            key = fold(parts[0])
            index = seen.get(key)
            if index is None:
                people.append(Person(*parts))
                index = seen[key] = len(people) - 1
            per_row.append([index])
        return people, per_row

    def _collect_spellings(self, people: list[Person], rest: Rest) -> None:
        """Names written elsewhere with the same letters (accents, case) as a speaker's."""
        names = [q.answered_by for q in rest.questions if q.answered_by]
        names += [w for item in rest.contacts for _, w in mentions(item.text, people)]
        by_key: dict[str, list[Person]] = {}
        for person in people:
            by_key.setdefault(fold(person.as_written), []).append(person)
        for name in dict.fromkeys(names):  # each distinct name once, folded once
            for person in by_key.get(fold(name), ()):
                if name not in person.spellings:
                    person.spellings.append(name)

    def _chapters(
        self, rows: list[Row], cell_people: list[list[int]], people: list[Person]
    ) -> list[Chapter]:
        """One chapter per row, titled from its content (see ``titles``), ids from titles."""
        chapters: list[Chapter] = []
        taken: set[str] = set()
        for n, (row, indexes) in enumerate(zip(rows, cell_people), 1):
            organisation = people[indexes[0]].organisation if indexes else ""
            title = short_title(row.content, organisation=organisation, label=row.label)
            if not title:
                title = row.label or f"Chapitre {n}"
            chapter_id = title_id(title, taken, fallback=f"chapitre-{n}")
            taken.add(chapter_id)
            ids = [people[i].id for i in indexes]
            chapters.append(Chapter(chapter_id, row.start, title, row.content, ids))
        return chapters

    def _questions(self, found: list[Asked], people: list[Person], w: Webinar) -> list[Question]:
        questions = []
        matched: dict[str, int | None] = {}  # the same few people answer many questions
        for n, q in enumerate(found, 1):
            question = Question(f"q{n}", q.text, "\n\n".join(join_lines(p) for p in q.paragraphs))
            question.answered_by = q.answered_by
            if not q.answered_by:
                self.warn(q.line, "question sans « Réponse de … » : gardée sans intervenant")
            elif (index := self._match(q.answered_by, people, matched)) is None:
                self.warn(
                    q.answer_line,
                    f"réponse de « {q.answered_by} » : aucun intervenant du déroulé ne porte "
                    "ce nom ; question gardée sans intervenant ni chapitre",
                )
            else:
                question.speaker = people[index].id
                speaker = w.speakers[index]
                if fold(q.answered_by) != fold(people[index].as_written):
                    # accents and case are not worth a word; another letter is
                    self.warn(
                        q.answer_line,
                        f"réponse de {q.answered_by} rattachée à {speaker.name}",
                    )
                first = w.chapters_of(question.speaker)
                question.chapter = first[0].id if first else None
                if not first:
                    self.warn(
                        q.answer_line,
                        f"réponse de {q.answered_by} : {speaker.name} n'a pas de chapitre ; "
                        "question gardée sans chapitre",
                    )
            questions.append(question)
        return questions

    @staticmethod
    def _match(answered_by: str, people: list[Person], matched: dict[str, int | None]):
        name = re.split(r"[,(]", answered_by)[0]
        if name not in matched:
            matched[name] = match_person(name, people)
        return matched[name]

    def _resources(self, items: list[Item]) -> list[Resource]:
        """A resource per bullet: its first bold words (or link) name it, its link is its url."""
        resources = []
        for n, item in enumerate(items, 1):
            bold = _BOLD.findall(item.text)
            links = self._usable_links(item)
            text = plain(item.text)
            if bold:
                title = plain(bold[0])
            elif links and _MD_LINKED.search(item.text):
                title = links[0][0]
            else:
                title = shorten(text)
            # the link on the name, else the bullet's first one
            url = next((u for t, u in links if fold(t) == fold(title)), None)
            url = url or next((u for t, u in links if fold(title) in fold(t)), None)
            url = url or (links[0][1] if links else None)
            resources.append(Resource(f"r{n}", item.theme, title, text, url))
            if url is None:
                field = f"resources.r{n}.url"
                self.warn(
                    item.line,
                    f"ressource « {clip(title, 60)} » sans adresse : ajoutez-la dans l'éditeur",
                    field,
                )
                self.note(item.line, field, "lien non fourni dans le programme")
        return resources

    def _usable_links(self, item: Item) -> list[tuple[str, str]]:
        """The item's links the data file may hold; any other is named in a warning."""
        usable = []
        for text, url in find_links(item.text):
            if is_usable(url):
                usable.append((text, url))
            else:
                self.warn(
                    item.line,
                    f"lien « {clip(text)} » ignoré : seules les adresses http, https et mailto "
                    f"sont gardées (« {clip(url)} »)",
                )
        return usable

    def _contacts(self, rest: Rest, people: list[Person], w: Webinar) -> list[Contact]:
        """Contacts from bullets with addresses or links, then every stray address."""
        contacts = []
        if len(rest.contacts) > MAX_CONTACTS:
            raise self.error(rest.contacts[MAX_CONTACTS].line,
                             f"trop de contacts et d'adresses ({MAX_CONTACTS} au plus)")
        for item in rest.contacts:
            if EMAIL.search(item.text) or _BOLD.search(item.text) or find_links(item.text):
                contacts.append(self._contact(len(contacts) + 1, item, people, w))
        kept = {e for c in contacts for e in c.emails}
        themes = {i.line: i.theme for i in rest.resources + rest.contacts}
        for no, line in enumerate(self.lines, 1):
            missing = [e for e in dict.fromkeys(EMAIL.findall(line)) if e not in kept]
            if missing:
                # every address must survive: one outside CONTACTS becomes a contact too
                item = Item(no, themes.get(no, ""), BULLET.sub(r"\g<body>", line.strip()))
                contact = self._contact(len(contacts) + 1, item, people, w)
                contact.emails = missing
                contacts.append(contact)
                kept.update(missing)
                if len(contacts) > MAX_CONTACTS:
                    # each is matched against every speaker: bounded, so the import stays fast
                    raise self.error(no, f"trop de contacts et d'adresses ({MAX_CONTACTS} au plus)")
                self.warn(no, f"adresse hors des contacts, gardée comme contact : {missing[0]}")
        return contacts

    def _contact(self, n: int, item: Item, people: list[Person], w: Webinar) -> Contact:
        emails = list(dict.fromkeys(EMAIL.findall(item.text)))
        found = []
        for address in emails:
            if (owner := email_owner(address, people)) is not None:
                index, distance, spelt = owner
                found.append(index)
                speaker = w.speakers[index]
                if address not in speaker.emails:
                    speaker.emails.append(address)
                if distance:
                    self._spelt_otherwise(item.line, people[index].as_written, spelt, address)
        for index, written in mentions(item.text, people):
            found.append(index)
            if fold(written) != fold(people[index].as_written):
                self.warn(
                    item.line, f"contact : « {written} » rattaché à {w.speakers[index].name}"
                )
            for address in emails:
                if (match := address_match(written, address)) and match[0]:
                    self._spelt_otherwise(item.line, written, match[1], address)
        speakers = list(dict.fromkeys(people[i].id for i in found))
        url = next((u for _, u in self._usable_links(item) if not u.startswith("mailto:")), None)
        return Contact(f"c{n}", item.theme, plain(item.text), emails, speakers, url)

    def _spelt_otherwise(self, line: int, name: str, spelt: str, address: str) -> None:
        self.warn(line, f"nom « {display_name(name)} » écrit « {spelt} » dans l'adresse {address}")

    def _check_organisations(
        self, rows: list[Row], cell_people: list[list[int]], people: list[Person], w: Webinar
    ) -> None:
        """A warning for each organisation that its speaker's addresses spell otherwise."""
        lines = {}
        for row, indexes in zip(rows, cell_people):
            for i in indexes:
                lines.setdefault(i, row.speaker_line or row.line)
        for i, (person, speaker) in enumerate(zip(people, w.speakers)):
            if not person.organisation:
                continue
            addresses = list(speaker.emails)
            for contact in w.contacts:
                if speaker.id in contact.speakers:
                    addresses += contact.emails + ([contact.url] if contact.url else [])
            addresses = list(dict.fromkeys(addresses))
            labels = list(dict.fromkeys(domain_label(a) for a in addresses))
            spelt = organisation_spelling(person.organisation, labels)
            if spelt:
                shown = [a for a in addresses if spelt in fold(domain_label(a)).replace(" ", "")]
                field = f"speakers.{speaker.id}.organisation"
                self.warn(
                    lines.get(i, 0),
                    f"organisation « {person.organisation} » écrite « {spelt} » dans ses "
                    f"adresses ({', '.join(shown)})",
                    field,
                )
                self.note(lines.get(i, 0), field,
                          f"« {person.organisation} » dans le programme, « {spelt} » dans les "
                          f"adresses ({', '.join(shown)})")

    def _link_themes(self, w: Webinar) -> None:
        """A theme's chapters are those of the speakers in its contacts."""
        for theme in w.themes:
            speakers = {s for c in w.contacts_in(theme.id) for s in c.speakers}
            theme.chapters = [c.id for c in w.chapters if speakers & set(c.speakers)]

