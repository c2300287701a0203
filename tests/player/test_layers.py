"""The rooms' rules, read from the code's own imports with ``ast`` (ARCHITECTURE.md "Rules").

Each rule is a function over a tree of sources, run on the project and on a small tree written
here that breaks it, so a rule that stopped finding anything would fail too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.support.paths import ROOT
MAX_LINES = 400

# Which way imports point: a module may import its own layer (with the limits below) and the
# layers under it. media and site are side by side and never import each other.
LAYERS = {
    "chapters": 0,
    "player.paths": 1,
    "player.media": 2,
    "player.site": 2,
    "player.content": 3,
    "player.pages": 4,
    "player.organisers": 5,
    "player.cli": 6,
    "player.templating": 7,
    "player.factory": 8,
    "app": 9,
}
WEB = ("flask", "werkzeug", "jinja2", "markupsafe", "flask_frozen")
PLAYER_PAGE = "player.pages.player_page"  # the one page module other pages may import


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def sources(root: Path) -> dict[str, Path]:
    """Every product module under ``root``: app.py, chapters/ and player/."""
    found = {"app": root / "app.py"} if (root / "app.py").is_file() else {}
    for package in ("chapters", "player"):
        for path in sorted((root / package).rglob("*.py")):
            found[module_name(path, root)] = path
    return found


def layer_of(module: str) -> str | None:
    best = None
    for layer in LAYERS:
        if module == layer or module.startswith(layer + "."):
            if best is None or len(layer) > len(best):
                best = layer
    return best


def imports(path: Path, module: str, known: dict[str, Path]) -> list[tuple[str, list[str], int]]:
    """(imported module, names taken from it, line) for every import, at any depth."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, [], node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            names = [alias.name for alias in node.names]
            # "from player.media import voice": the module player.media.voice
            submodules = [n for n in names if f"{base}.{n}" in known]
            for name in submodules:
                found.append((f"{base}.{name}", [], node.lineno))
            rest = [n for n in names if n not in submodules]
            if rest or not submodules:
                found.append((base, rest, node.lineno))
    return found


def graph(root: Path) -> dict[str, list[tuple[str, list[str], int]]]:
    known = sources(root)
    return {module: imports(path, module, known) for module, path in known.items()}


def rule_layers(root: Path) -> list[str]:
    """Imports point down; chapters imports neither Flask nor player; media has no Flask."""
    problems = []
    for module, found in graph(root).items():
        mine = layer_of(module)
        for target, _, line in found:
            where = f"{module}:{line} imports {target}"
            top = target.split(".")[0]
            if mine == "chapters" and top in WEB + ("player", "app"):
                problems.append(f"{where}: chapters/ is plain Python")
            elif mine == "player.media" and top in WEB:
                problems.append(f"{where}: player/media/ never imports the web framework")
            theirs = layer_of(target)
            if theirs is None or mine is None or theirs == mine:
                continue
            if LAYERS[theirs] >= LAYERS[mine]:
                problems.append(f"{where}: {mine} may not import {theirs}")
    return problems


def rule_siblings(root: Path) -> list[str]:
    """Pages import no other page but the shared player-page helpers; command modules (those
    that register commands) never import each other."""
    problems = []
    known = sources(root)
    commands = {m for m, p in known.items() if m.startswith("player.cli.")
                and "def init_app" in p.read_text(encoding="utf-8")}
    for module, found in graph(root).items():
        for target, _, line in found:
            if target == module:
                continue
            if (module.startswith("player.pages.") and target.startswith("player.pages.")
                    and target != PLAYER_PAGE and module != PLAYER_PAGE):
                problems.append(f"{module}:{line} imports the page {target}")
            if module in commands and target in commands:
                problems.append(f"{module}:{line} imports the command module {target}")
    return problems


def rule_private(root: Path) -> list[str]:
    """No module takes another's ``_private`` name, by import or by attribute."""
    problems = []
    known = sources(root)
    for module, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module != "__future__":
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    if full in known:
                        aliases[alias.asname or alias.name] = full
                    elif alias.name.startswith("_") and node.module in known:
                        problems.append(f"{module}:{node.lineno} takes {node.module}.{alias.name}")
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in known and alias.asname:
                        aliases[alias.asname] = alias.name
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id in aliases and node.attr.startswith("_")
                    and not node.attr.startswith("__")):
                problems.append(f"{module}:{node.lineno} takes {aliases[node.value.id]}.{node.attr}")
    return problems


def rule_no_cycle(root: Path) -> list[str]:
    """No two modules import each other, however long the way round (imports inside
    functions count: they only hide a cycle)."""
    imported = graph(root)
    edges = {m: {t for t, _, _ in found if t in imported} for m, found in imported.items()}
    problems, state = [], {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for target in sorted(edges[node]):
            if state.get(target) == "open":
                problems.append(" -> ".join(trail[trail.index(target):] + [target]))
            elif target not in state:
                visit(target, trail + [target])
        state[node] = "done"

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    return problems


def rule_short_files(root: Path) -> list[str]:
    """No product file (Python or the page's JavaScript) over MAX_LINES lines."""
    files = list(sources(root).values()) + sorted((root / "static" / "js").glob("*.js"))
    return [f"{p.relative_to(root)}: {n} lines" for p in files
            if p.is_file() and (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES]


RULES = [rule_layers, rule_siblings, rule_private, rule_no_cycle, rule_short_files]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.__name__)
def test_the_project_keeps_the_rule(rule):
    assert rule(ROOT) == []


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for package in ("chapters", "player"):
        (root / package).mkdir(exist_ok=True)
        (root / package / "__init__.py").touch()
    return root


BROKEN = {
    rule_layers: {
        "chapters/model.py": "from flask import abort\n",
        "player/media/__init__.py": "",
        "player/media/demo.py": "from flask import Response\nfrom player.site import urls\n",
        "player/site/__init__.py": "",
        "player/site/urls.py": "from player.pages import watch\n",
        "player/pages/__init__.py": "",
        "player/pages/watch.py": "",
    },
    rule_siblings: {
        "player/pages/__init__.py": "",
        "player/pages/share.py": "from player.pages import watch\n",
        "player/pages/watch.py": "",
        "player/pages/player_page.py": "",
        "player/cli/__init__.py": "",
        "player/cli/recording.py": "from player.cli.cards import share_cards\ndef init_app(app): pass\n",
        "player/cli/cards.py": "def share_cards(): pass\ndef init_app(app): pass\n",
    },
    rule_private: {
        "player/pages/__init__.py": "",
        "player/pages/watch.py": "def _watch(): pass\n",
        "player/pages/share.py": "from player.pages import watch\nfrom player.pages.watch import _watch\n"
                                 "watch._found()\n",
    },
    rule_no_cycle: {
        "player/a.py": "def f():\n    from player import b\n",
        "player/b.py": "from player import a\n",
    },
    rule_short_files: {"player/long.py": "x = 1\n" * (MAX_LINES + 1)},
}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.__name__)
def test_the_rule_finds_a_tree_that_breaks_it(rule, tmp_path):
    problems = rule(write(tmp_path, BROKEN[rule]))
    expected = {rule_layers: 4, rule_siblings: 2, rule_private: 2, rule_no_cycle: 1,
                rule_short_files: 1}[rule]
    assert len(problems) == expected, problems
