"""What the pages that show the player share: where the recording starts (``?t=``), what
the <video> plays or which site's player is embedded, the page's policy, the watch page itself
and a chapter's panel. The one page module other pages (and the organisers' editor) import.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from flask import Response, abort, current_app, g, render_template, request, url_for

from chapters import timecode
from chapters.model import PLATFORM_NAMES, Chapter, Webinar
from player.content.audience_public import collect_url, viewer_marks
from player.content.catalogue import has_recording, names_media, webinar_folder
from player.media import demo, voice
from player.site.assets import module_graph
from player.site.headers import content_security_policy
from player.site.urls import media_url, origin_of


@dataclass
class StartAt:
    """Where the recording starts, as asked by ``?t=`` and corrected when needed."""

    start: float = 0.0
    end: float | None = None
    notice: str | None = None
    explicit: bool = False  # asked by the link: a saved position must not override it


def start_from_query(webinar: Webinar, raw: str | None) -> StartAt:
    """Read ``?t=`` (any notation, or a range) and keep it inside the recording."""
    if raw is None or not raw.strip():
        return StartAt()
    try:
        start, end = timecode.parse_range(raw)
    except timecode.TimecodeError:
        return StartAt(
            explicit=True,
            notice=f"Le temps « {raw} » n'a pas pu être lu : la lecture part du début. "
            "Exemples de temps valides : 6'05, 1h10m, 1:10:00, 4200."
        )
    duration = webinar.duration
    if duration is not None and start >= duration:
        return StartAt(
            explicit=True,
            start=max(duration - 1, 0),
            notice=f"Le temps « {raw} » dépasse la fin de l'enregistrement "
            f"({timecode.to_clock(duration)}) : la lecture part de la fin.",
        )
    if duration is not None and end is not None and end > duration:
        end = None
    return StartAt(start=start, end=end, explicit=True)


def media_src(webinar: Webinar) -> str | None:
    """The address the page's <video> plays: our own media route, or a direct media URL; None
    in the static export when the file is not there yet (the page then names none)."""
    rec = webinar.recording
    if not names_media(webinar):
        return None
    if rec.kind == "link":
        return rec.src
    return media_url(webinar.id, rec.src or demo.DEMO_FILE)


def embed_of(webinar: Webinar) -> dict | None:
    """What the page needs to offer a video site's player (loaded only after consent)."""
    rec = webinar.recording
    if rec.kind != "embed":
        return None
    api = current_app.config["EMBED_API_SCRIPTS"][rec.platform]
    if api.startswith("/static/"):  # one of our static files: its versioned address, under
        api = url_for("static", filename=api[len("/static/"):])  # the site's path if it has one
    return {
        "platform": rec.platform,
        "site": PLATFORM_NAMES[rec.platform],
        "src": rec.src,
        "host": urlsplit(rec.src).netloc,
        "api": api,
        "page": rec.page_url or rec.src,
    }


def page_csp(webinar: Webinar, embed: dict | None, *, framed: bool = False) -> str:
    """The page's policy: our origin only, plus the recording's own host when it has one.

    ``framed``: the embeddable player, the only page other sites may put in a frame.
    """
    add: dict[str, list[str]] = {}
    if embed:
        frame = origin_of(embed["src"])
        script = origin_of(urljoin(request.host_url, embed["api"]))
        if frame:
            add["frame-src"] = [frame]
        if script and script != origin_of(request.host_url):
            # YouTube's API script pulls the rest of itself from its own origin
            add["script-src"] = [script]
    elif webinar.recording.kind == "link" and origin_of(webinar.recording.src):
        add["media-src"] = [origin_of(webinar.recording.src)]
    collect = origin_of(collect_url(compact=framed or g.get("compact_player", False)) or "")
    if collect and collect != origin_of(request.host_url):  # the host's collecting address
        add["connect-src"] = [collect]
    replace = {"frame-ancestors": ["*"]} if framed else None
    return content_security_policy(add=add, replace=replace)


def found(thing, message: str):
    """The looked-up object, or a French 404 page saying what was not found."""
    if thing is None:
        abort(404, f"{message} dans ce webinaire.")
    return thing


def is_fragment_request() -> bool:
    """Whether htmx asked (``HX-Request``): the answer is then the partial alone."""
    return request.headers.get("HX-Request") == "true"


def vary(response: Response) -> Response:
    """Mark an answer that differs for htmx, for caches between us and the viewer."""
    response.vary.add("HX-Request")
    return response




def subtitle_tracks(webinar: Webinar) -> list[dict]:
    """The <track kind="subtitles"> the <video> offers: captions downloaded with the recording,
    and the stand-in's own when it speaks (``media/demo.fr.vtt``, see player/media/voice.py)."""
    rec = webinar.recording
    tracks = [c for c in rec.captions if names_media(webinar, c["file"])]
    if rec.kind == "demo":
        name = voice.captions_name(rec.src or demo.DEMO_FILE)
        if (webinar_folder(webinar.id) / "media" / name).is_file():
            tracks.append({"lang": "fr", "label": "Français", "file": name})
    return tracks


def render_watch(webinar: Webinar, chapter: Chapter | None, at: StartAt) -> Response:
    """The watch page (a chapter's page when ``chapter`` is given), starting at ``at``."""
    # the chapter holding the start time, so a shared link highlights it from the first frame
    current = chapter or webinar.chapter_at(at.start) or (webinar.chapters or [None])[0]
    embed = embed_of(webinar)
    html = render_template(
        "watch.html",
        webinar=webinar,
        current=current,
        at=at,
        media_src=media_src(webinar),
        embed=embed,
        captions=[] if embed else subtitle_tracks(webinar),
        page_chapter=chapter,
        # the audience measure: where beacons go (none: audience.js is never loaded), and the
        # "most replayed" curve and "les plus regardés" marks once there are enough views
        audience_url=collect_url(compact=g.get("compact_player", False)) if has_recording(webinar) else None,
        audience_marks=viewer_marks(webinar),
        # a site's adapter is imported by adapter.js only when the page embeds that site; a
        # webinar without a recording yet has no player to drive (no-recording.js)
        js_modules=page_modules("main.js" if has_recording(webinar) else "no-recording.js", embed),
    )
    response = Response(html)
    response.headers["Content-Security-Policy"] = page_csp(webinar, embed)
    return vary(response)


def chapter_fragment(webinar: Webinar, chap: Chapter) -> Response:
    """The chapter's panel, and the "now playing" card beside it swapped out of band: the answer
    to htmx here and at its own address (player/pages/fragments.py)."""
    html = render_template("partials/_chapter.html", webinar=webinar, chapter=chap)
    html += render_template("partials/_now.html", webinar=webinar, chapter=chap, oob=True)
    return Response(html)


def watch_page(webinar: Webinar) -> Response:
    """The watch page at the time the address asks for (``?t=``)."""
    return render_watch(webinar, None, start_from_query(webinar, request.args.get("t")))


def page_modules(entry: str, embed: dict | None) -> tuple[str, ...]:
    """The ES modules a page preloads in its head, so the browser fetches them in parallel:
    its entry module and every module it imports, read from the files; a site's adapter
    (embeds.js) is imported by adapter.js only when the page embeds that site."""
    return module_graph(entry) + (("embeds.js",) if embed else ())
