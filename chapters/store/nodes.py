"""The checks of single YAML nodes: every one raises StoreError naming the node's line."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import NoReturn

import yaml

from .. import timecode
from ..model import ALLOWED_SCHEMES
from ..names import CONTROL, EMAIL, ID, ID_MAX

TAG = "tag:yaml.org,2002:"
NULL = TAG + "null"
NUMBERS = (TAG + "int", TAG + "float")
# Tags a hand-written scalar can resolve to; taken as text when a text is expected.
PLAIN = (TAG + "str", TAG + "bool", TAG + "timestamp", *NUMBERS)


class StoreError(ValueError):
    """A data file that cannot be used; ``str()`` is one French line naming file, line, field."""

    def __init__(self, path: Path | str, line: int | None, field: str | None, message: str):
        self.path = str(path)
        self.line = line
        self.field = field
        self.message = " ".join(str(message).split())
        super().__init__(self._line())

    def _line(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        what = f"{self.field} : {self.message}" if self.field else self.message
        return f"{where}: {what}"



class Reader:
    """Walks the node tree; every check raises StoreError with the node's line."""

    def __init__(self, path: Path | str):
        self.path = path

    def fail(self, node: yaml.Node | None, field: str | None, message: str) -> NoReturn:
        line = node.start_mark.line + 1 if node is not None else None
        raise StoreError(self.path, line, field, message)

    def mapping(
        self,
        node: yaml.Node,
        field: str,
        required: tuple[str, ...],
        optional: tuple[str, ...],
    ) -> dict[str, yaml.Node]:
        """The keys of a mapping node, checked against the accepted ones."""
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, field or None, "un ensemble de clés « nom: valeur » est attendu")
        accepted = required + optional
        found: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            where = f"{field}.{key}" if field else str(key)
            if key not in accepted:
                self.fail(
                    key_node,
                    where,
                    f'clé inconnue "{key}" (clés acceptées : {", ".join(accepted)})',
                )
            if key in found:
                self.fail(key_node, where, f'la clé "{key}" apparaît deux fois')
            found[key] = value_node
        for key in required:
            if key not in found:
                self.fail(node, field or None, f'la clé "{key}" manque')
        return found

    def items(self, node: yaml.Node | None, field: str) -> list[yaml.Node]:
        """The items of a list node; a missing or empty (null) value is an empty list."""
        if node is None or is_null(node):
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.fail(node, field, "une liste est attendue (lignes commençant par « - »)")
        return list(node.value)

    def text(self, node: yaml.Node, field: str, *, required: bool = False) -> str | None:
        """A scalar as written, or None for null/absent; ``required`` refuses empty text."""
        if node is None or is_null(node):
            if required:
                self.fail(node, field, "un texte est attendu")
            return None
        if not isinstance(node, yaml.ScalarNode) or node.tag not in PLAIN:
            self.fail(node, field, "un texte est attendu")
        if required and not node.value.strip():
            self.fail(node, field, "le texte est vide")
        if found := CONTROL.search(node.value):
            self.fail(node, field, f"caractère de contrôle U+{ord(found.group()):04X} refusé : "
                      "retirez-le (seuls la tabulation et le retour à la ligne sont admis)")
        return node.value

    def ident(self, node: yaml.Node, field: str) -> str:
        value = self.text(node, field, required=True)
        if len(value) > ID_MAX:
            self.fail(node, field, f'id "{value[:20]}…" trop long ({len(value)} caractères, '
                      f"{ID_MAX} au plus)")
        if not ID.fullmatch(value):
            self.fail(
                node,
                field,
                f'id "{value}" invalide : lettres, chiffres, « - » et « _ » seulement, '
                "sans espace ni accent",
            )
        return value

    def time(self, node: yaml.Node, field: str) -> float:
        if node is None or is_null(node):
            self.fail(node, field, "un temps est attendu")
        if not isinstance(node, yaml.ScalarNode) or node.tag not in (TAG + "str", *NUMBERS):
            self.fail(node, field, 'un temps est attendu (ex. "24:05" ou 1445)')
        try:
            return timecode.parse(node.value)
        except timecode.TimecodeError as exc:
            self.fail(node, field, str(exc))

    def boolean(self, node: yaml.Node, field: str) -> bool:
        if not isinstance(node, yaml.ScalarNode) or node.tag != TAG + "bool":
            self.fail(node, field, "true ou false est attendu")
        return node.value.lower() in ("true", "yes", "on", "y")

    def url(self, node: yaml.Node, field: str) -> str | None:
        value = self.text(node, field)
        if value is None or value == "":
            return None
        well_formed = value.startswith(ALLOWED_SCHEMES) and value not in ALLOWED_SCHEMES
        if not well_formed or len(value.split()) != 1:
            schemes = ", ".join(ALLOWED_SCHEMES)
            hint = f"elle commence par {schemes} et ne contient pas d'espace"
            self.fail(node, field, f'adresse "{value}" invalide : {hint}')
        return value

    def emails(self, node: yaml.Node | None, field: str) -> list[str]:
        out = []
        for i, item in enumerate(self.items(node, field)):
            value = self.text(item, f"{field}[{i}]", required=True)
            if not EMAIL.fullmatch(value):
                self.fail(item, f"{field}[{i}]", f'adresse e-mail "{value}" invalide')
            out.append(value)
        return out

    def refs(self, node: yaml.Node | None, field: str) -> list[tuple[str, yaml.Node]]:
        """A list of ids, each kept with its node so a broken link can name its line."""
        out: list[tuple[str, yaml.Node]] = []
        for i, item in enumerate(self.items(node, field)):
            value = self.text(item, f"{field}[{i}]", required=True)
            if value in (v for v, _ in out):
                self.fail(item, f"{field}[{i}]", f'"{value}" apparaît deux fois')
            out.append((value, item))
        return out


def is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == NULL


def fields(cls) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(required, optional) keys of a dataclass: those without and with a default."""
    required, optional = [], []
    for f in dataclasses.fields(cls):
        missing = dataclasses.MISSING
        has_default = f.default is not missing or f.default_factory is not missing
        (optional if has_default else required).append(f.name)
    return tuple(required), tuple(optional)
