"""Static files under a versioned path, cached for a year, sent precompressed.

``url_for("static", filename="js/main.js")`` gives ``/static/<version>/js/main.js``, where the
version is a hash of every file under ``static/``. A browser keeps such a file for a year
without asking again (``immutable``): a new release changes the version, so the page names new
addresses. One version for the whole folder, not one per file, because the ES modules import
each other by relative path (``./time.js``): they must all sit under the same prefix.

``/static/<path>`` (no version) still serves the current file, revalidated on each use (``no-cache``
with its ETag), for addresses written by hand (a settings value, an old page). An address with
another version (an old page kept in a browser's cache) is redirected (302) to the current
address of a file that exists, and answered 404 otherwise: whatever version a client makes up,
it never costs memory, and an old page's modules all land on the same, current version.

Text files (CSS, JavaScript, SVG) are gzipped once, at level 9, when the version is computed, and
sent as such to clients that accept gzip. Our own modules (``js/``, not ``vendor/``) are sent
without their comments, line for line (player/site/script_comments.py).
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import re
from dataclasses import dataclass, field
from pathlib import Path
from threading import Lock

from flask import Flask, Response, abort, current_app, redirect, request, send_from_directory, url_for
from werkzeug.routing import BaseConverter

from chapters.bounded import BoundedCache
from player.site.delivery import COMPRESSIBLE, MIN_SIZE, accepts_gzip
from player.site.script_comments import strip_comments

HTMX = "vendor/htmx-2.0.11.min.js"  # the vendored htmx, pinned: its version in its name

IMMUTABLE = "public, max-age=31536000, immutable"
GRAPHS = 64  # module graphs kept: a few entries per version of the folder


class VersionConverter(BaseConverter):
    """Twelve hexadecimal digits: never a folder name such as ``js`` or ``css``."""

    regex = "[0-9a-f]{12}"


@dataclass
class Packed:
    """One static file's bytes as sent (gzipped, or a module without its comments) and their ETag."""

    data: bytes
    etag: str


@dataclass
class StaticTree:
    """The static folder's version and its precompressed text files, recomputed when a file
    is added, removed or changed (checked on each use only in debug mode)."""

    folder: Path
    version: str = ""
    packed: dict[str, Packed] = field(default_factory=dict)
    served: dict[str, Packed] = field(default_factory=dict)
    names: frozenset[str] = frozenset()  # every file's path under the folder
    _stamp: tuple = ()
    _lock: Lock = field(default_factory=Lock)
    _graphs: BoundedCache = field(default_factory=lambda: BoundedCache(GRAPHS, name="assets: module graphs"))

    def _files(self) -> list[Path]:
        return sorted(p for p in self.folder.rglob("*") if p.is_file() and not p.name.startswith("."))

    def _stamp_of(self, files: list[Path]) -> tuple:
        return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)

    def refresh(self) -> None:
        """Hash every file and pack the text ones, when anything changed since last time."""
        files = self._files()
        stamp = self._stamp_of(files)
        with self._lock:
            if stamp == self._stamp:
                return
            digest = hashlib.sha256()
            packed: dict[str, Packed] = {}
            served: dict[str, Packed] = {}
            for path in files:
                name = path.relative_to(self.folder).as_posix()
                data, own = path.read_bytes(), _own_module(name)
                if own:
                    data = strip_comments(data.decode("utf-8")).encode("utf-8")
                file_hash = hashlib.sha256(data).hexdigest()
                digest.update(f"{name}\0{file_hash}\0".encode())
                if own:
                    served[name] = Packed(data, file_hash[:20])
                if _compressible(name) and len(data) >= MIN_SIZE:
                    packed[name] = Packed(gzip.compress(data, 9, mtime=0), f"{file_hash[:20]}-gz")
            self.version, self.packed, self.served, self._stamp = (
                digest.hexdigest()[:12], packed, served, stamp)
            self.names = frozenset(p.relative_to(self.folder).as_posix() for p in files)


    def module_graph(self, entry: str) -> tuple[str, ...]:
        """``entry`` (a module of js/) and every module it imports statically, in the order
        they are first met, read from the files once per version of the folder."""
        key = (self.version, entry)
        graph = self._graphs.get(key)
        if graph is None:
            order: list[str] = []

            def visit(name: str) -> None:
                if name in order:
                    return
                order.append(name)
                text = (self.folder / "js" / name).read_text(encoding="utf-8")
                for found in STATIC_IMPORT.finditer(text):
                    visit(found.group(1) or found.group(2))

            visit(entry)
            graph = tuple(order)
            self._graphs.put(key, graph)
        return graph


# A static import of a sibling module: `import {a} from "./a.js";` or `import "./a.js";`
# (on one line or over several); `import("./x.js")`, loaded on demand, is not one.
STATIC_IMPORT = re.compile(
    r"""^import\s+(?:[^;"'()]*?\sfrom\s*)?["']\./([\w.-]+\.js)["']|^export\s[^;"'()]*?\sfrom\s*["']\./([\w.-]+\.js)["']""",
    re.M,
)


def module_graph(entry: str) -> tuple[str, ...]:
    """The app's static tree's ``module_graph`` (see StaticTree.module_graph)."""
    return current_app.extensions["static_tree"].module_graph(entry)


def _own_module(filename: str) -> bool:
    """One of our modules (js/), sent without its comments; vendored files are sent as they are."""
    return filename.startswith("js/") and filename.endswith(".js")


def _compressible(filename: str) -> bool:
    """Text by its type, as player/site/delivery.py judges the app's own answers."""
    return mimetypes.guess_type(filename)[0] in COMPRESSIBLE


def _send(tree: StaticTree, filename: str, cache_control: str) -> Response:
    packed = tree.packed.get(filename) if accepts_gzip() else None
    sent = packed or tree.served.get(filename)
    if sent is not None:
        # werkzeug adds the charset to text types, as send_from_directory does
        response = Response(sent.data, mimetype=mimetypes.guess_type(filename)[0])
        if packed is not None:
            response.headers["Content-Encoding"] = "gzip"
        response.set_etag(sent.etag)
        response.make_conditional(request)
    else:
        response = send_from_directory(tree.folder, filename, conditional=True, etag=True, max_age=None)
    if _compressible(filename):
        response.vary.add("Accept-Encoding")
    response.headers["Cache-Control"] = cache_control
    return response


def install(app: Flask, folder: Path) -> StaticTree:
    """Serve ``folder`` at ``/static/<version>/…`` (a year, immutable) and ``/static/…``
    (revalidated), and make ``url_for("static", …)`` name the versioned address."""
    tree = StaticTree(Path(folder))
    tree.refresh()
    app.url_map.converters["version"] = VersionConverter
    app.extensions["static_tree"] = tree

    def serve(filename: str, version: str | None = None):
        if app.debug:
            tree.refresh()
        if not filename or any(part.startswith(".") for part in filename.split("/")):
            abort(404)
        if version is not None and version != tree.version:
            # an older page's address: the current file's, or 404; never a file (nor a cache
            # entry) per made-up version
            if filename not in tree.names:
                abort(404)
            moved = redirect(url_for("static", filename=filename), 302)
            moved.headers["Cache-Control"] = "no-cache"
            return moved
        return _send(tree, filename, IMMUTABLE if version is not None else "no-cache")

    # Werkzeug builds from the first rule of an endpoint that has every value it needs: the
    # versioned rule first, so url_for("static", filename=…) always carries the version.
    app.add_url_rule("/static/<version:version>/<path:filename>", "static", serve)
    app.add_url_rule("/static/<path:filename>", "static", serve)

    @app.url_defaults
    def static_version(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "version" not in values:
            if app.debug:
                tree.refresh()
            values["version"] = tree.version

    return tree
