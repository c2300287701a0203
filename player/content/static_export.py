"""The whole site as static files (Frozen-Flask), for any static host or CDN, no Python there.

``export_site(app, out)`` renders every address the site has through the app itself: each
webinar's watch page, chapter, speaker, question and resource pages, transcript, search pages,
embeddable player, its htmx fragments (at their own ``.html`` addresses, player/pages/fragments.py),
its search index as JSON, the chapter and transcript downloads, the share cards, and every static
file under its ``url_for`` address (versioned, whatever that looks like). Addresses the pages
name while rendering (thumbnails, captions, the recording) are found by Frozen-Flask, which logs
every ``url_for`` call. The recording and the other media are hard-linked from ``media/`` when
on the same file system (``link_media``), else copied, never read through the app.

Static hosts pick the Content-Type from the file's extension, so a page's address such as
``/w/<id>/chapitres/<cid>`` is written as ``w/<id>/chapitres/<cid>/index.html`` (the host
serves the folder's index.html, ``python -m http.server`` after a redirect to the trailing
slash); addresses with an extension (``chapitres.vtt``, ``recherche.json``, pictures) keep their
name. With a base address that has a path (``https://example.org/replays``) the pages name
every address under it (rendered with that SCRIPT_NAME), files laid out as for a root. The site
is built in a temporary folder beside ``out`` and renamed into place only when everything
worked: a failed export leaves the previous one as it was.

One webinar never stops the others: a webinar whose data file cannot be read, or one of whose
addresses fails (a page that errors, a media file a page names that is not there), is left out
(``Report.left_out``, why in French) and the site is built again without it: the list of
webinars and the search across them (``EXPORT_LEFT_OUT``, player/content/catalogue.py) name only
those exported, and the page cache is emptied between runs. A webinar without a recording yet is
exported: its pages name no recording file (``has_recording``). Only when webinars were there
and none could be exported does the export fail.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from flask import Flask
from flask_frozen import Freezer, FrozenFlaskWarning
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from chapters.audio_edition import AUDIO_DIR, AUDIO_FILE, COVER_FILE
from chapters.store import StoreError, list_webinars, load_webinar
from player.site import media_files
from player.site.urls import site_path

MARKER = ".webinar-export"  # in every export's root: an existing folder without it is never replaced
# Addresses the pages name that a static host cannot answer: oEmbed answers only with its query
# (the exported pages leave its discovery link out).
SKIPPED_ENDPOINTS = {"share.oembed"}


class ExportError(Exception):
    """Why the export stopped, in French (one line); ``left_out``: the webinars that could not
    be exported, and why, when that is what stopped it."""

    def __init__(self, message: str, left_out: dict[str, str] | None = None):
        super().__init__(message)
        self.left_out = left_out or {}


class WebinarFailed(Exception):
    """One webinar's address failed: that webinar is left out, the others are built again."""

    def __init__(self, wid: str, reason: str):
        super().__init__(reason)
        self.wid, self.reason = wid, reason


_WEBINAR_URL = re.compile(r"/w/([^/]+)/?")


@dataclass
class Report:
    """What an export wrote."""

    out: Path
    pages: int = 0  # HTML documents (pages and fragments)
    files: int = 0  # everything written, media included
    media: int = 0  # media files linked or copied
    linked: int = 0  # of which hard-linked
    media_bytes: int = 0
    paths: list[str] = field(default_factory=list)
    webinars: list[str] = field(default_factory=list)  # those exported
    left_out: dict[str, str] = field(default_factory=dict)  # webinar id -> why, in French


class SiteFreezer(Freezer):
    """Frozen-Flask with the site's own rules: where pages go, media linked, the URL list."""

    def __init__(self, app: Flask, report: Report, link_media: bool, webinars: list[str]):
        super().__init__(app, with_static_files=False, with_no_argument_rules=False, log_url_for=True)
        self.report = report
        self.link_media = link_media
        self.webinars = webinars  # the ones to export: loaded once already
        self._files: set[str] = set()
        self._dirs: set[str] = set()
        self.register_generator(self.site_urls)
        self.register_generator(self.static_urls)
        logged = self.url_for_logger.iter_calls

        def iter_calls():
            for endpoint, values in logged():
                if endpoint not in SKIPPED_ENDPOINTS:
                    yield endpoint, values

        self.url_for_logger.iter_calls = iter_calls

    # ---- which addresses

    def site_urls(self):
        """Every page, fragment and file of every webinar, as (endpoint, values)."""
        from player.content.downloads import downloads
        from player.content.slides import has_slides
        from player.content.discussion import has_discussion
        from player.content.podcast import edition_of, feeds_offered
        from player.content.transcripts import has_transcript

        root = Path(self.app.config["WEBINARS_DIR"])
        yield "catalogue.home", {}  # the only webinar, or the list
        yield "catalogue.index", {}  # /w/: the list, always
        yield "search.everywhere", {}
        yield "privacy.audience", {}  # the footer's "Mesure d'audience"
        feeds = False
        for wid in self.webinars:
            try:
                webinar = load_webinar(root / wid)
            except StoreError as error:  # changed since it was read
                raise WebinarFailed(wid, str(error)) from None
            w = {"wid": wid}
            yield "watch.watch", w
            yield "watch.chapters_track", w
            yield "share.embed", w
            yield "share.webinar_card", w
            yield "watch.question_list", w
            yield "watch.resource_list", w
            yield "search.in_webinar", w
            yield "fragments.search_index", w
            for c in webinar.chapters:
                yield "watch.chapter", {**w, "cid": c.id}
                yield "fragments.chapter", {**w, "cid": c.id}
                yield "share.chapter_card", {**w, "cid": c.id}
            for s in webinar.speakers:
                yield "watch.speaker", {**w, "sid": s.id}
                yield "fragments.speaker", {**w, "sid": s.id}
            for q in webinar.questions:
                yield "watch.question", {**w, "qid": q.id}
            if has_transcript(webinar):
                yield "transcript.transcription", w
                yield "fragments.transcript", w
            if has_slides(webinar):
                yield "slides.slide_page", w
                yield "slides.slide_fragment", w
            if has_discussion(webinar):
                yield "chat.discussion", w
                yield "chat.fragment", w
            for item in downloads(webinar):
                if not item["reason"]:  # a format the chapters break is not offered: not written
                    # Frozen-Flask leaves a base address's path (/replays) on a text address
                    yield site_path(item["href"])
            # the audio edition's .m4a and cover, linked or copied like the recording when made
            # from the recording in place (a broken or stale one is left out); its feed when a
            # --base-url gives the feed its absolute addresses
            if edition_of(webinar) is not None:
                for name in (AUDIO_FILE, COVER_FILE):
                    yield "watch.media_file", {**w, "name": f"{AUDIO_DIR}/{name}"}
                if feeds_offered():
                    feeds = True
                    yield "podcast.episode_feed", w
        if feeds:
            yield "podcast.site_feed", {}

    def static_urls(self):
        """Every static file, under the address ``url_for("static", …)`` gives it."""
        tree = self.app.extensions.get("static_tree")
        folder = Path(tree.folder if tree is not None else self.app.static_folder)
        for path in sorted(folder.rglob("*")):
            name = path.relative_to(folder).as_posix()
            if path.is_file() and not any(part.startswith(".") for part in name.split("/")):
                yield "static", {"filename": name}

    # ---- where each one goes

    def urlpath_to_filepath(self, path: str) -> str:
        """``/`` -> ``index.html``, ``/w/x`` -> ``w/x/index.html``, ``/w/x/a.vtt`` kept."""
        if path.endswith("/"):
            return path[1:] + "index.html"
        if PurePosixPath(path).suffix:
            return path[1:]
        return path[1:] + "/index.html"

    def _claim(self, url: str, relative: str) -> None:
        """Refuse an address whose file would also have to be a folder (or the reverse)."""
        parts = PurePosixPath(relative).parts
        parents = {"/".join(parts[:i]) for i in range(1, len(parts))}
        if relative in self._dirs or parents & self._files:
            raise ExportError(f"l'adresse {url} serait à la fois un fichier et un dossier de l'export")
        self._files.add(relative)
        self._dirs |= parents

    def _build_one(self, url, last_modified=None):
        """One address written; a failure under a webinar's ``/w/<id>/`` is that webinar's."""
        found = _WEBINAR_URL.match(urlsplit(url).path)
        if not found or found.group(1) not in self.webinars:
            return self._write_one(url, last_modified)
        try:
            return self._write_one(url, last_modified)
        except ExportError as error:
            raise WebinarFailed(found.group(1), str(error)) from None
        except OSError:  # the export's own folder: not the webinar's fault
            raise
        except Exception as error:  # a page that raises (the app propagates it when testing)
            reason = f"l'adresse {url} a échoué ({type(error).__name__} : {error})"
            raise WebinarFailed(found.group(1), " ".join(reason.split())) from None

    def _write_one(self, url, last_modified=None):
        relative = self.urlpath_to_filepath(url)
        self._claim(url, relative)
        adapter = self.app.url_map.bind("localhost")
        try:
            endpoint, values = adapter.match(url, method="GET")
        except (HTTPException, RequestRedirect):
            endpoint, values = None, {}
        if endpoint == "watch.media_file":
            path = self._media(url, values["wid"], values["name"], self.root / relative)
        else:
            try:
                # an app context of its own, as a server gives each request: Frozen-Flask's
                # requests would otherwise share the one it holds open, and its ``g``
                with self.app.app_context():
                    path = super()._build_one(url, last_modified)
            except ValueError as error:  # Frozen-Flask: "Unexpected status '404 NOT FOUND' on URL …"
                status = str(error).split("'")[1] if "'" in str(error) else str(error)
                raise ExportError(f"l'adresse {url} répond « {status} » au lieu d'une page") from None
            if path.suffix == ".html":
                self.report.pages += 1
        self.report.files += 1
        self.report.paths.append(relative)
        return path

    def _media(self, url: str, wid: str, name: str, target: Path) -> Path:
        """A file of ``media/``: what the app's media route would serve, linked or copied."""
        folder = (Path(self.app.config["WEBINARS_DIR"]) / wid / "media").resolve()
        source = (folder / name).resolve()
        if not media_files.servable(name) or not source.is_relative_to(folder) or not source.is_file():
            raise ExportError(f"l'adresse {url} nomme un fichier de média absent : {source}")
        target.parent.mkdir(parents=True, exist_ok=True)
        linked = False
        if self.link_media:
            try:
                os.link(source, target)
                linked = True
            except OSError:  # another file system, or links refused: a copy
                pass
        if not linked:
            shutil.copy2(source, target)
        self.report.media += 1
        self.report.linked += linked
        self.report.media_bytes += target.stat().st_size
        return target


def check_base_url(base_url: str | None) -> str | None:
    """The public address as given, without its final slash; ExportError when it is not one."""
    if not base_url:
        return None
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ExportError(
            f"« {base_url} » n'est pas une adresse publique : attendu http(s)://hôte[/chemin], "
            "par exemple https://webinaires.example.org"
        )
    return base_url.rstrip("/")


def _replaceable(out: Path) -> None:
    """``out`` may be written: absent, an empty folder, or an export made before."""
    if not out.exists():
        return
    if not out.is_dir():
        raise ExportError(f"{out} existe et n'est pas un dossier")
    if any(out.iterdir()) and not (out / MARKER).is_file():
        raise ExportError(
            f"{out} n'est pas vide et ne vient pas d'un export précédent (pas de fichier {MARKER}) : "
            "choisissez un dossier vide ou absent"
        )


def _publish(built: Path, out: Path) -> None:
    """Put the finished export at ``out``; the previous one goes only once the new one is there."""
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        old.rmdir()
        out.rename(old)
    try:
        built.rename(out)
    except OSError:
        if old is not None:
            old.rename(out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def export_site(app: Flask, out: Path, *, base_url: str | None = None, link_media: bool = True) -> Report:
    """Write the site into ``out`` (replaced only on success). ``base_url``: the public address
    that share cards and canonical links name (default: the PUBLIC_BASE_URL setting; none: they
    stay host-less). A webinar that cannot be exported is left out (``Report.left_out``).
    Raises ExportError, in French, on anything that stops it, and when webinars were there and
    none could be exported."""
    out = Path(out).absolute()
    base = check_base_url(base_url or app.config.get("PUBLIC_BASE_URL"))
    _replaceable(out)
    root = Path(app.config["WEBINARS_DIR"])
    left_out: dict[str, str] = {}
    every = list_webinars(root)
    for wid in every:  # a broken data file is named before anything is written
        try:
            load_webinar(root / wid)
        except StoreError as error:
            left_out[wid] = str(error)
    saved = {key: app.config.get(key) for key in ("STATIC_EXPORT", "PUBLIC_BASE_URL", "EXPORT_LEFT_OUT")}
    try:
        app.config.update(STATIC_EXPORT=True, PUBLIC_BASE_URL=base)
        while True:
            report = Report(out=out, webinars=[w for w in every if w not in left_out], left_out=left_out)
            if every and not report.webinars:
                raise ExportError("aucun webinaire n'a pu être exporté", left_out)
            app.config["EXPORT_LEFT_OUT"] = frozenset(left_out)
            try:
                _build(app, out, report, link_media, base)
                return report
            except WebinarFailed as failed:  # built again without it, from an empty page cache
                left_out[failed.wid] = failed.reason
                cache = app.extensions.get("page_cache")
                if cache is not None:
                    cache.clear()
    finally:
        app.config.update(saved)


def _build(app: Flask, out: Path, report: Report, link_media: bool, base: str | None) -> None:
    """One run of Frozen-Flask over ``report.webinars``, published at ``out`` when it worked."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        built = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
        built.chmod(0o755)  # mkdtemp's 0700 would hide the site from the web server's user
    except OSError as error:
        raise ExportError(f"{out.parent} : impossible d'y écrire ({error.strerror or error})") from None
    defaults = app.url_default_functions.setdefault(None, [])
    before = list(defaults)
    try:
        freezer = SiteFreezer(app, report, link_media, report.webinars)
        app.config.update(
            FREEZER_DESTINATION=str(built),
            # pages are rendered as asked from the public address: links to copy name it
            FREEZER_BASE_URL=(base + "/") if base else None,
            FREEZER_REMOVE_EXTRA_FILES=False,
            FREEZER_IGNORE_MIMETYPE_WARNINGS=True,
            FREEZER_REDIRECT_POLICY="error",
        )
        with warnings.catch_warnings():
            # endpoints left out on purpose (oEmbed answers only with its query) are not news
            warnings.simplefilter("ignore", FrozenFlaskWarning)
            for _ in freezer.freeze_yield():
                pass
        (built / MARKER).write_text(
            json.dumps({"base_url": base, "files": report.files, "webinars": report.webinars},
                       ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
        _publish(built, out)
    except OSError as error:
        shutil.rmtree(built, ignore_errors=True)
        where = error.filename or out
        raise ExportError(f"{where} : écriture impossible ({error.strerror or error})") from None
    except BaseException:
        shutil.rmtree(built, ignore_errors=True)
        raise
    finally:
        # Frozen-Flask's url_for logger stays on the app otherwise
        defaults[:] = [f for f in defaults if f in before]
