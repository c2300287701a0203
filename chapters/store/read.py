"""Reading a data file strictly: within limits of size and depth, every error one French line
naming the file and the line."""

from __future__ import annotations

import math
import os
from pathlib import Path

import yaml

from ..model import Webinar
from ..names import DATA_FILE
from .nodes import Reader, StoreError
from .validate import webinar_of

# Limits on the data file, so a hostile or mangled one fails in one line instead of exhausting
# memory or the stack: the committed webinar is 13 KB and 5 levels deep (root > recording >
# captions > item > value); anchors and aliases are refused, so nothing expands past the file.
SIZE_MAX = 2_000_000  # bytes (2 Mo)
DEPTH_MAX = 50  # nested nodes, the root mapping being level 1


def load_webinar(folder: Path) -> Webinar:
    """Read and validate ``folder/webinar.yaml``; the webinar id is the folder's name."""
    folder = Path(folder)
    path = folder / DATA_FILE
    try:
        with path.open("rb") as f:
            _check_size(path, os.fstat(f.fileno()).st_size)
            raw = f.read(SIZE_MAX + 1)  # never more, even if the file grows meanwhile
    except FileNotFoundError:
        raise StoreError(path, None, None, "fichier introuvable") from None
    except OSError as exc:
        raise StoreError(path, None, None, f"lecture impossible ({exc.strerror})") from None
    _check_size(path, len(raw))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise StoreError(path, line, None, "le fichier n'est pas en UTF-8") from None
    return parse_webinar(text, folder.name, path)


def _check_size(path: Path | str, size: int) -> None:
    if size > SIZE_MAX:
        mo = math.ceil(size / 100_000) / 10  # rounded up: 2 000 001 bytes is not "2,0 Mo"
        shown = f"{mo:.1f}".replace(".", ",")
        limit = f"{SIZE_MAX / 1_000_000:g}".replace(".", ",")
        raise StoreError(path, None, None, f"fichier trop gros ({shown} Mo, au plus {limit} Mo)")


def parse_webinar(text: str, webinar_id: str, path: Path | str = DATA_FILE) -> Webinar:
    """Validate the YAML text of a data file; ``path`` only names it in errors."""
    if len(text) > SIZE_MAX // 4:  # a character is at most 4 bytes: encode only when it matters
        _check_size(path, len(text.encode("utf-8", "surrogatepass")))
    root = compose_data(text, path)
    if root is None:
        raise StoreError(path, None, None, "le fichier est vide")
    return webinar_of(Reader(path), root, webinar_id)


def compose_data(text: str, path: Path | str = DATA_FILE) -> yaml.Node | None:
    """The node tree of a data file's text, within the limits; StoreError otherwise.

    None for an empty document. Anchors and aliases are refused and nesting stops at
    DEPTH_MAX, so the tree is never bigger than the text nor deeper than the stack allows.
    """
    fast = _fast_compose(text)
    if fast is not _SLOW:
        return fast
    try:
        # the reader checks the characters as it is built: its error is the file's, too
        loader = _LimitedLoader(text)
    except yaml.YAMLError as exc:
        raise _yaml_error(path, exc) from None
    try:
        return loader.get_single_node()
    except _Refused as exc:
        raise StoreError(path, exc.mark.line + 1, None, exc.message) from None
    except RecursionError:  # only with a stack far smaller than DEPTH_MAX needs; still one line
        event = loader.current_event
        line = event.start_mark.line + 1 if event is not None else None
        raise StoreError(path, line, None, _too_deep()) from None
    except yaml.YAMLError as exc:
        raise _yaml_error(path, exc) from None
    finally:
        loader.dispose()


def _too_deep() -> str:
    return f"imbrication trop profonde (plus de {DEPTH_MAX} niveaux)"


class _Refused(Exception):
    """A limit hit while composing; becomes a StoreError naming the node's line."""

    def __init__(self, mark: yaml.Mark, message: str):
        super().__init__(message)
        self.mark = mark
        self.message = message




_SLOW = object()


def _fast_compose(text: str):
    """The node tree through libyaml's parser when PyYAML has it (ten times faster than the
    pure-Python one: a data file at SIZE_MAX in a fraction of a second), with the same composer
    and limits; ``_SLOW`` when libyaml is missing or the text breaks any rule, so that the
    pure-Python path, whose messages and line numbers the organisers see, says what is wrong."""
    if _LimitedCParser is None:
        return _SLOW
    try:
        yaml.reader.Reader(text)  # the characters PyYAML refuses, checked the same way
        parser = _LimitedCParser(text)
        try:
            return parser.get_single_node()
        finally:
            parser.dispose()
    except (yaml.YAMLError, _Refused, RecursionError):
        return _SLOW


class _LimitedComposer(yaml.composer.Composer):
    """PyYAML's composer with no anchors or aliases and at most DEPTH_MAX levels.

    PyYAML composes recursively, one Python frame per level and more, so the depth is
    checked before each node is entered: a 600-deep file stops at level 51, far from the
    interpreter's recursion limit.
    """

    def __init__(self):
        super().__init__()
        self._depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused(event.start_mark, "les alias YAML (&/*) ne sont pas acceptés")
        if self._depth >= DEPTH_MAX:
            raise _Refused(event.start_mark, _too_deep())
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _LimitedLoader(_LimitedComposer, yaml.SafeLoader):
    """The pure-Python loader with the limited composer: the path whose errors are shown."""

    def __init__(self, stream):
        yaml.SafeLoader.__init__(self, stream)
        self._depth = 0


if getattr(yaml, "__with_libyaml__", False):

    class _LimitedCParser(_LimitedComposer, yaml.cyaml.CParser, yaml.resolver.Resolver):
        """libyaml's events, composed in Python by the limited composer."""

        def __init__(self, stream):
            yaml.cyaml.CParser.__init__(self, stream)
            _LimitedComposer.__init__(self)
            yaml.resolver.Resolver.__init__(self)
else:  # pragma: no cover - PyYAML built without libyaml
    _LimitedCParser = None


def _yaml_error(path: Path | str, exc: yaml.YAMLError) -> StoreError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    line = mark.line + 1 if mark is not None else None
    return StoreError(path, line, None, f"YAML invalide : {problem}")

