"""Serving media files over HTTP: Range (206/416), revalidation, and the front server's ways
(X-Accel-Redirect, X-Sendfile). The one place where media meets Flask."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from flask import Response, abort, current_app, request, send_from_directory
from werkzeug.http import parse_range_header

MEDIA_TYPES = {
    ".mp4": "video/mp4",
    ".m4a": "audio/mp4",
    ".webm": "video/webm",
    ".mp3": "audio/mpeg",
    ".vtt": "text/vtt",
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".m4v": "video/mp4",
    ".ogg": "audio/ogg",
    ".opus": "audio/ogg",
    ".mkv": "video/x-matroska",
}


RANGE_MAX = 4 * 1024 * 1024  # bytes sent for one range request at most


def _usable_range(header: str, size: int) -> str | None:
    """The single Range header to honour, or None to ignore it and send the whole file (200).

    RFC 9110 (14.2) says to ignore unknown units and allows ignoring invalid ranges; werkzeug
    would answer 416 to those, which breaks clients for no gain. Every honoured request gets one
    206 of at most RANGE_MAX bytes, whatever its form: ``a-b``, ``a-`` (open), ``-n`` (the last
    n bytes, the whole file when n is larger) and several ranges (one 206 spanning them, which
    RFC 9110 allows in place of a multipart answer). Nothing inside the file: 416.
    """
    parsed = parse_range_header(header)
    if parsed is None or parsed.units != "bytes":
        return None
    spans = []
    for start, stop in parsed.ranges:
        if start < 0:  # a suffix: the last -start bytes
            start, stop = max(size + start, 0), size
        stop = size if stop is None else min(stop, size)
        if start < stop:
            spans.append((start, stop))
    if not spans:
        return f"bytes={size}-"  # past the end: werkzeug answers 416 with the file's size
    start = min(first for first, _ in spans)
    # a shorter 206 than asked, which players follow with the next range: a viewer's browser
    # then holds a server thread for one piece at a time, never for the whole recording
    stop = min(max(last for _, last in spans), start + RANGE_MAX)
    return f"bytes={start}-{stop - 1}"


def servable(name: str) -> bool:
    """Whether a name under media/ may be served: the recording, captions, thumbnails and
    cards only; never a hidden file (a download in progress, its temporary folder) or a
    sidecar (``demo.mp4.json``, ``thumbs/index.json``)."""
    parts = name.split("/")
    return (
        0 < len(name) <= 255
        and "\x00" not in name
        and all(p and not p.startswith(".") and len(p) <= 200 for p in parts)
        and Path(parts[-1]).suffix.lower() in MEDIA_TYPES
    )


def send_media(folder: Path, name: str, accel: str | None = None, attachment: str | None = None) -> Response:
    """Serve ``folder/name`` with Range (206/416), ETag, Last-Modified and 304; 404 outside.

    ``attachment``: the name to save it under (``Content-Disposition: attachment``), for a
    download link; otherwise the file is shown in place (``inline``).

    ``accel``: the internal address prefix of a front server (nginx's X-Accel-Redirect) that
    sends the file itself, ranges and revalidation included; with Flask's USE_X_SENDFILE
    (Apache, lighttpd) the front server likewise answers the request's Range.
    """
    if not servable(name):
        abort(404)
    folder = Path(folder).resolve()
    try:
        path = (folder / name).resolve()
        # safe_join in send_from_directory refuses "..", but a symlink could still lead outside.
        if not path.is_relative_to(folder) or not path.is_file():
            abort(404)
    except (OSError, ValueError):  # a name the file system refuses (too long, NUL)
        abort(404)
    mimetype = MEDIA_TYPES.get(path.suffix.lower())
    if accel is not None:
        response = Response(mimetype=mimetype)
        response.headers["X-Accel-Redirect"] = accel + quote(name)
        if attachment:  # nginx keeps this header of ours
            response.headers["Content-Disposition"] = f'attachment; filename="{attachment}"'
        return response
    header = request.headers.get("Range")
    if current_app.config.get("USE_X_SENDFILE"):
        header = None  # the front server answers the Range from the original request
        request.environ.pop("HTTP_RANGE", None)
    # send_from_directory reads Range from the WSGI environ, so the decision is made there.
    if header is not None:
        usable = _usable_range(header, path.stat().st_size)
        if usable is None:
            request.environ.pop("HTTP_RANGE", None)
        else:
            request.environ["HTTP_RANGE"] = usable
    return send_from_directory(folder, name, mimetype=mimetype, conditional=True, etag=True,
                               as_attachment=bool(attachment), download_name=attachment)
