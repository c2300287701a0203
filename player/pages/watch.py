"""The watch page and the pages around it: chapters, speakers, questions, resources.

Views stay thin: they load the webinar, pick a template, and render. A chapter's panel is one
partial template (``partials/_chapter.html``) used inside the page and alone for htmx.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    render_template,
    request,
    url_for,
)

from chapters import exports, timecode
from chapters.model import PLATFORM_NAMES, Chapter, Webinar
from player.media import demo
from player.site import media_files
from player.media import voice
from player.content.catalogue import get_webinar, webinar_folder
from player.site.headers import content_security_policy
from player.site.urls import media_url, origin_of, redirect_to

bp = Blueprint("watch", __name__)


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


def media_src(webinar: Webinar) -> str:
    """The address the page's <video> plays: our own media route, or a direct media URL."""
    rec = webinar.recording
    if rec.kind == "link":
        return rec.src
    return media_url(webinar.id, rec.src or demo.DEMO_FILE)


def embed_of(webinar: Webinar) -> dict | None:
    """What the page needs to offer a video site's player (loaded only after consent)."""
    rec = webinar.recording
    if rec.kind != "embed":
        return None
    api = current_app.config["EMBED_API_SCRIPTS"][rec.platform]
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
    replace = {"frame-ancestors": ["*"]} if framed else None
    return content_security_policy(add=add, replace=replace)


def _found(thing, message: str):
    """The looked-up object, or a French 404 page saying what was not found."""
    if thing is None:
        abort(404, f"{message} dans ce webinaire.")
    return thing


def _is_fragment_request() -> bool:
    return request.headers.get("HX-Request") == "true"


def _vary(response: Response) -> Response:
    response.vary.add("HX-Request")
    return response


# The watch page's ES modules, preloaded in its head so the browser fetches them in parallel.
JS_MODULES = (
    "main.js", "time.js", "adapter.js", "controlbar.js", "scrubber.js", "chapters.js",
    "tabs.js", "keyboard.js", "share.js", "copy.js", "resume.js", "history.js", "span.js",
)


def subtitle_tracks(webinar: Webinar) -> list[dict]:
    """The <track kind="subtitles"> the <video> offers: captions downloaded with the recording,
    and the stand-in's own when it speaks (``media/demo.fr.vtt``, see player/media/voice.py)."""
    rec = webinar.recording
    tracks = list(rec.captions)
    if rec.kind == "demo":
        name = voice.captions_name(rec.src or demo.DEMO_FILE)
        if (webinar_folder(webinar.id) / "media" / name).is_file():
            tracks.append({"lang": "fr", "label": "Français", "file": name})
    return tracks


def _watch(webinar: Webinar, chapter: Chapter | None, at: StartAt) -> Response:
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
        # a site's adapter is imported by adapter.js only when the page embeds that site
        js_modules=JS_MODULES + (("embeds.js",) if embed else ()),
    )
    response = Response(html)
    response.headers["Content-Security-Policy"] = page_csp(webinar, embed)
    return _vary(response)


def chapter_fragment(webinar: Webinar, chap: Chapter) -> Response:
    """The chapter's panel, and the "now playing" card beside it swapped out of band: the answer
    to htmx here and at its own address (player/pages/fragments.py)."""
    html = render_template("partials/_chapter.html", webinar=webinar, chapter=chap)
    html += render_template("partials/_now.html", webinar=webinar, chapter=chap, oob=True)
    return Response(html)


@bp.get("/w/<wid>")
def watch(wid: str):
    webinar = get_webinar(wid)
    return _watch(webinar, None, start_from_query(webinar, request.args.get("t")))


@bp.get("/w/<wid>/chapitres/<cid>")
def chapter(wid: str, cid: str):
    """A chapter's own page: plays that chapter; alone as a fragment for htmx."""
    webinar = get_webinar(wid)
    chap = _found(webinar.chapter(cid), f"Aucun chapitre « {cid} »")
    if _is_fragment_request():
        return _vary(chapter_fragment(webinar, chap))
    at = StartAt(start=chap.start, end=webinar.chapter_end(chap), explicit=True)
    if "t" in request.args:
        at = start_from_query(webinar, request.args["t"])
    return _watch(webinar, chap, at)


@bp.get("/w/<wid>/chapitres")
def chapter_list(wid: str):
    return redirect_to(url_for("watch.watch", wid=wid) + "#chapitres")


@bp.get("/w/<wid>/intervenants/<sid>")
def speaker(wid: str, sid: str):
    webinar = get_webinar(wid)
    person = _found(webinar.speaker(sid), f"Aucun intervenant « {sid} »")
    return render_template("speaker.html", webinar=webinar, speaker=person)


@bp.get("/w/<wid>/questions")
def question_list(wid: str):
    return render_template("questions.html", webinar=get_webinar(wid))


@bp.get("/w/<wid>/questions/<qid>")
def question(wid: str, qid: str):
    webinar = get_webinar(wid)
    item = _found(webinar.question(qid), f"Aucune question « {qid} »")
    return render_template("question.html", webinar=webinar, question=item)


@bp.get("/w/<wid>/ressources")
def resource_list(wid: str):
    return render_template("resources.html", webinar=get_webinar(wid))


@bp.get("/w/<wid>/chapitres.vtt")
def chapters_track(wid: str):
    """The chapters as WebVTT, for the page's ``<track kind="chapters">``."""
    webinar = get_webinar(wid)
    return Response(exports.to_webvtt(webinar), mimetype="text/vtt")


@bp.get("/w/<wid>/media/<path:name>")
def media_file(wid: str, name: str):
    get_webinar(wid)  # 404 for an unknown webinar before touching the disk
    accel = current_app.config.get("X_ACCEL_REDIRECT")
    return media_files.send_media(
        webinar_folder(wid) / "media", name,
        accel=f"{accel.rstrip('/')}/{wid}/media/" if accel else None,
    )
