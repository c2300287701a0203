"""What a page says about itself to link previews, search engines and oEmbed consumers.

``page_card`` builds, from the template's context, the description, canonical address, Open
Graph and Twitter tags, oEmbed discovery link and (watch and chapter pages) the JSON-LD
``VideoObject`` that ``templates/partials/_meta.html`` writes into every page's head. A view
may pass ``meta={"title": …, "description": …}`` to render_template to word its own page.
Absolute addresses start with PUBLIC_BASE_URL when it is set, else the request's root
(player/site/urls.py ``absolute``).
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from urllib.parse import urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app, request, url_for
from markupsafe import Markup

from chapters.model import Chapter, Question, Speaker, Webinar
from chapters.timecode import to_number
from player.media import card_images
from player.content.catalogue import has_recording, names_media
from chapters.wording import french_date, speakers_by_appearance
from player.site.urls import absolute, media_url

__all__ = [
    "Card",
    "page_card",
    "clip",
    "chapter_heading",
    "card_url",
    "held_at",
    "video_object",
    "json_ld",
    "DESCRIPTION_MAX",
]

DESCRIPTION_MAX = 160  # what result pages and previews show before cutting
TITLE_MAX = 90
SITE_NAME = "Lecteur de webinaire"
VIDEO_PAGES = ("watch.watch", "catalogue.home", "watch.chapter", "share.embed")


@dataclass
class Card:
    """Everything _meta.html writes; every text already clipped, every URL absolute."""

    title: str
    description: str
    canonical: str
    image: str
    image_alt: str
    type: str = "website"
    site_name: str = SITE_NAME
    oembed: str | None = None
    json_ld: Markup | None = None
    width: int = card_images.WIDTH
    height: int = card_images.HEIGHT


def clip(text: str, limit: int = DESCRIPTION_MAX) -> str:
    """One line of at most ``limit`` characters, cut between words with an ellipsis."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.—–-«(") + "…"


def _names(webinar: Webinar, chapter: Chapter) -> str:
    return ", ".join(s.name for s in webinar.speakers_of(chapter))


def chapter_heading(webinar: Webinar, chapter: Chapter) -> str:
    """``Capa'Cité, chantier d'insertion avec GERES Restauration — Cédric Hervé``."""
    names = _names(webinar, chapter)
    return f"{chapter.title} — {names}" if names else chapter.title


def card_url(webinar: Webinar | None, chapter: Chapter | None = None) -> str:
    """The card picture's absolute address; its route falls back to the generic card."""
    if webinar is None:
        return absolute(url_for("static", filename="img/carte.jpg"))
    if chapter is None:
        return absolute(url_for("share.webinar_card", wid=webinar.id))
    return absolute(url_for("share.chapter_card", wid=webinar.id, cid=chapter.id))


def oembed_url(page: str) -> str:
    return absolute(url_for("share.oembed")) + "?" + urlencode({"url": page, "format": "json"})


# --- what each kind of page says ------------------------------------------------------------


def _date(webinar: Webinar) -> str:
    return f"webinaire du {french_date(webinar.date)}"


def _watch_description(webinar: Webinar) -> str:
    names = speakers_by_appearance(webinar)
    count = len(webinar.chapters)
    text = f"Webinaire du {french_date(webinar.date)} : {webinar.title}. "
    text += f"{count} chapitre{'s' if count > 1 else ''}"
    text += f" avec {', '.join(names)}." if names else "."
    return clip(text)


def _chapter_description(webinar: Webinar, chapter: Chapter) -> str:
    span = card_images.span_text(chapter.start, webinar.chapter_end(chapter))
    names = _names(webinar, chapter)
    who = f", par {names}" if names else ""
    text = f"{chapter.title}{who} ({span}), {_date(webinar)}. {chapter.summary}"
    return clip(text)


def _speaker_description(webinar: Webinar, speaker: Speaker) -> str:
    # the segment first: a long role or organisation is what the cut may shorten
    segments = [
        f"« {c.title} » ({card_images.span_text(c.start, webinar.chapter_end(c))})"
        for c in webinar.chapters_of(speaker.id)
    ]
    text = f"{speaker.name} : {', '.join(segments)}, " if segments else f"{speaker.name}, "
    text += f"{_date(webinar)}."
    who = ", ".join(part for part in (speaker.role, speaker.organisation) if part)
    if who:
        text += f" {who[0].upper()}{who[1:]}."
    return clip(text)


def _question_description(webinar: Webinar, question: Question) -> str:
    if question.answer:
        by = f"Réponse de {question.answered_by}" if question.answered_by else "Réponse"
        return clip(f"{by} : {question.answer}")
    return clip(f"Question du public au {_date(webinar)} : {question.text}")


def _answering_chapter(webinar: Webinar, question: Question) -> Chapter | None:
    return webinar.chapter(question.chapter) if question.chapter else None


def page_card(context) -> Card:
    """The card of the page being rendered, read from its template context."""
    webinar: Webinar | None = context.get("webinar")
    override: dict = context.get("meta") or {}
    endpoint = request.endpoint or ""
    path = request.script_root + request.path  # as url_for gives it: absolute() takes the prefix off
    chapter = None
    kind = "website"

    if context.get("status"):  # an error page, whatever the address asked for
        title = context.get("title") or "Erreur"
        description = context.get("message") or "Cette page du lecteur de webinaire n'existe pas."
        description = clip(f"{title} : {description}")
        image_alt = SITE_NAME
        webinar_for_image = None
        canonical = absolute(path)
    elif webinar is None:
        title, description = SITE_NAME, "Des webinaires enregistrés, chapitre par chapitre."
        if endpoint == "search.everywhere":
            title = "Recherche dans tous les webinaires"
            description = (
                "Chercher un sujet dans tous les webinaires : chapitres, intervenants, questions, "
                "ressources et transcriptions, chaque résultat menant à son moment."
            )
        image_alt, webinar_for_image, canonical = SITE_NAME, None, absolute(path)
    else:
        webinar_for_image = webinar
        title = webinar.title
        description = _watch_description(webinar)
        watch_path = url_for("watch.watch", wid=webinar.id)
        canonical = absolute(path)
        image_alt = f"{webinar.title}, {_date(webinar)}"
        if endpoint in VIDEO_PAGES:
            kind = "video.other"
            chapter = context.get("page_chapter")
            canonical = absolute(watch_path)  # ?t= and the embed are views of this page
            if chapter is not None:
                title = chapter_heading(webinar, chapter)
                description = _chapter_description(webinar, chapter)
                canonical = absolute(url_for("watch.chapter", wid=webinar.id, cid=chapter.id))
                span = card_images.span_text(chapter.start, webinar.chapter_end(chapter))
                image_alt = f"{title}, {span}"
        elif context.get("speaker") is not None:
            speaker: Speaker = context["speaker"]
            title = f"{speaker.name} — {webinar.title}"
            description = _speaker_description(webinar, speaker)
            segments = webinar.chapters_of(speaker.id)
            chapter = segments[0] if segments else None
        elif context.get("question") is not None:
            question: Question = context["question"]
            title = f"Question : {question.text}"
            description = _question_description(webinar, question)
            chapter = _answering_chapter(webinar, question)
        elif endpoint == "watch.question_list":
            title = f"Questions du public — {webinar.title}"
            count = len(webinar.questions)
            description = clip(
                f"Les {count} questions posées par le public au {_date(webinar)} « {webinar.title} »"
                " et les réponses des intervenants, chacune avec son passage de l'enregistrement."
            )
        elif endpoint == "transcript.transcription":
            title = f"Transcription — {webinar.title}"
            description = clip(
                f"Transcription de l'enregistrement du {_date(webinar)} « {webinar.title} », "
                "chaque ligne menant à son moment."
            )
        elif endpoint == "search.in_webinar":
            title = f"Recherche — {webinar.title}"
            description = clip(
                f"Chercher un sujet dans le {_date(webinar)} « {webinar.title} » : chapitres, "
                "intervenants, questions, ressources et transcription."
            )
        elif endpoint == "watch.resource_list":
            title = f"Ressources et contacts — {webinar.title}"
            themes = "; ".join(t.title for t in webinar.themes)
            description = clip(f"Ressources et contacts du {_date(webinar)}, par thème : {themes}.")
        if chapter is not None and kind != "video.other":
            span = card_images.span_text(chapter.start, webinar.chapter_end(chapter))
            image_alt = f"{chapter_heading(webinar, chapter)}, {span}"

    title = clip(override.get("title", title), TITLE_MAX)
    description = clip(override.get("description", description)) or clip(title)
    card = Card(
        title=title,
        description=description,
        canonical=absolute(override.get("canonical", canonical)),
        image=card_url(webinar_for_image, chapter),
        image_alt=clip(image_alt, 200),
        type=kind,
        site_name=current_app.config.get("SITE_NAME", SITE_NAME),
    )
    if webinar is not None and not context.get("status"):
        card.oembed = oembed_url(_shared_address(card.canonical))
        if kind == "video.other":
            card.json_ld = json_ld(video_object(webinar, card))
    return card


def _shared_address(canonical: str) -> str:
    """This page as shared: its canonical address, with the time it was asked at (?t=)."""
    t = request.args.get("t")
    return canonical + ("?" + urlencode({"t": t}).replace("%2C", ",") if t else "")


# --- JSON-LD ----------------------------------------------------------------------------


def iso_duration(seconds: float) -> str:
    """ISO 8601: 6300 -> ``PT1H45M``, 6305 -> ``PT1H45M5S``, 0 -> ``PT0S``."""
    total = int(round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    text = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return text + (f"{secs}S" if secs or text == "PT" else "")


def held_at(iso: str) -> datetime.datetime:
    """The webinar's date as a date-time with its time zone (midnight, Paris by default): the
    JSON-LD's upload date, the podcast episode's pubDate."""
    day = datetime.date.fromisoformat(iso)
    try:
        zone = ZoneInfo(current_app.config.get("TIMEZONE", "Europe/Paris"))
    except (ZoneInfoNotFoundError, ValueError):
        zone = datetime.timezone.utc
    return datetime.datetime(day.year, day.month, day.day, tzinfo=zone)


def video_object(webinar: Webinar, card: Card) -> dict:
    """schema.org VideoObject with one Clip per chapter and a SeekToAction (key moments)."""
    watch = absolute(url_for("watch.watch", wid=webinar.id))
    rec = webinar.recording
    data: dict = {
        "@context": "https://schema.org",
        "@type": "VideoObject",
        "name": webinar.title,
        "description": _watch_description(webinar),
        "url": watch,
        "inLanguage": "fr",
        "uploadDate": held_at(webinar.date).isoformat(),
        "thumbnailUrl": [card_url(webinar)],
    }
    if webinar.organiser:
        data["publisher"] = {"@type": "Organization", "name": webinar.organiser}
    if webinar.duration:
        data["duration"] = iso_duration(webinar.duration)
    if rec.kind == "embed":
        data["embedUrl"] = rec.src
    elif has_recording(webinar):  # none yet: no address of a file that is not there
        if rec.kind == "link":
            data["contentUrl"] = rec.src
        elif names_media(webinar):  # the static export names no file that is not there
            data["contentUrl"] = absolute(media_url(webinar.id, rec.src))
        data["embedUrl"] = absolute(url_for("share.embed", wid=webinar.id))
    # no "transcript": an excerpt would weigh on every first load (32 KB), and the whole text is
    # a page of its own (/transcription), linked from this one
    clips, starts = [], set()
    for chapter in sorted(webinar.chapters, key=lambda c: c.start):
        if chapter.start in starts:  # key moments must not share a start
            continue
        starts.add(chapter.start)
        part = {
            "@type": "Clip",
            "name": chapter_heading(webinar, chapter),
            "startOffset": to_number(chapter.start),
            "url": f"{watch}?t={int(chapter.start)}",
        }
        end = webinar.chapter_end(chapter)
        if end is not None:
            part["endOffset"] = to_number(end)
        clips.append(part)
    if clips:
        data["hasPart"] = clips
    data["potentialAction"] = {
        "@type": "SeekToAction",
        "target": watch + "?t={seek_to_second_number}",
        "startOffset-input": "required name=seek_to_second_number",
    }
    return data


def json_ld(data: dict) -> Markup:
    """JSON for a <script type="application/ld+json"> block that no text inside can close."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    # U+2028/2029 are valid JSON but line breaks to older JavaScript parsers
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)  # escaped above for its one context: the inside of a data block
