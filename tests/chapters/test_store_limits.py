"""Limits on the data file: size, nesting depth, no YAML anchors or aliases.

Each hostile file fails in one French line naming the file (and the line), from the store, the
CLI and the web, instead of a RecursionError, a 500 or a page multiplied by aliases.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from chapters.store import DEPTH_MAX, SIZE_MAX, StoreError, compose_data, load_webinar, read
from tests.support.paths import ROOT
from tests.support.webinar import VALID, write_data

WID = "2021-05-04"
HEAD = "title: Titre\ndate: 2021-05-04\n"


def deep_block(levels: int) -> str:
    """``chapters:`` holding lists nested ``levels`` deep, block style, one level a line."""
    lines = ["chapters:"] + ["  " * i + "-" for i in range(1, levels)] + ["  " * levels + "- x"]
    return HEAD + "\n".join(lines) + "\n"


def deep_flow(levels: int) -> str:
    return HEAD + "chapters: " + "[" * levels + "]" * levels + "\n"


def laughs() -> str:
    """Billion laughs: under 1 KB of text, 9**9 (387 million) list items once expanded."""
    lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 9)]
    return HEAD + "\n".join(lines) + "\nchapters: *l8\n"


def repeated_summary() -> str:
    """A valid webinar whose 100 KB summary is repeated by alias in 1,000 chapters: ~100 MB."""
    chapters = [f'- id: c0\n  start: 0\n  title: C0\n  summary: &s "{"x" * 100_000}"']
    chapters += [f"- id: c{i}\n  start: {i}\n  title: C{i}\n  summary: *s" for i in range(1, 1000)]
    return HEAD + "chapters:\n" + "\n".join(chapters) + "\n"


def oversize() -> str:
    return HEAD + "chapters: []\n" + ("# commentaire\n" * (SIZE_MAX // 14 + 1000))


def load_error(tmp_path: Path, text: str) -> str:
    folder = write_data(tmp_path, text)
    with pytest.raises(StoreError) as info:
        load_webinar(folder)
    message = str(info.value)
    assert "\n" not in message and "Traceback" not in message
    return message


# ---------------------------------------------------------------- store


@pytest.mark.parametrize("build", [deep_block, deep_flow])
def test_a_600_deep_file_is_one_line_naming_file_and_line(tmp_path, build):
    message = load_error(tmp_path, build(600))
    # the line where nesting passes the limit: in block style, level n starts on line n + 2
    line = DEPTH_MAX + 3 if build is deep_block else 3
    assert message == (
        f"{tmp_path / 'w' / 'webinar.yaml'}:{line}: imbrication trop profonde (plus de 50 niveaux)"
    )


def test_nesting_up_to_the_limit_is_composed_one_more_is_refused():
    # root mapping (1) > chapters list (2) > ... : DEPTH_MAX - 2 more lists, then the scalar
    assert compose_data(deep_flow(DEPTH_MAX - 2).replace("[]", "[x]")) is not None
    with pytest.raises(StoreError, match="imbrication trop profonde"):
        compose_data(deep_flow(DEPTH_MAX - 1).replace("[]", "[x]"))


def test_billion_laughs_is_refused_at_its_first_anchor(tmp_path):
    text = laughs()
    assert len(text.encode()) < 1000
    message = load_error(tmp_path, text)
    assert message == f"{tmp_path / 'w' / 'webinar.yaml'}:3: les alias YAML (&/*) ne sont pas acceptés"


def test_a_summary_repeated_by_alias_is_refused_not_multiplied(tmp_path):
    text = repeated_summary()
    assert len(text.encode()) < 200_000 < SIZE_MAX
    message = load_error(tmp_path, text)
    assert message.endswith("webinar.yaml:7: les alias YAML (&/*) ne sont pas acceptés")


def test_an_anchor_alone_is_refused_too(tmp_path):
    message = load_error(tmp_path, "title: &t Titre\ndate: 2021-05-04\nchapters: []\n")
    assert message.endswith("webinar.yaml:1: les alias YAML (&/*) ne sont pas acceptés")


def test_an_oversize_file_is_refused_before_parsing(tmp_path):
    text = oversize()
    size = len(text.encode())
    assert SIZE_MAX < size < SIZE_MAX + 100_000
    message = load_error(tmp_path, text)
    assert message == f"{tmp_path / 'w' / 'webinar.yaml'}: fichier trop gros (2,1 Mo, au plus 2 Mo)"


def test_a_file_just_under_the_size_limit_still_loads(tmp_path):
    text = VALID + "# " + "x" * (SIZE_MAX - len(VALID.encode()) - 3) + "\n"
    assert len(text.encode()) == SIZE_MAX
    assert load_webinar(write_data(tmp_path, text)).title == "Créer et transformer l'activité"


def test_a_normal_file_still_loads(tmp_path):
    w = load_webinar(write_data(tmp_path, VALID))
    assert [c.id for c in w.chapters] == ["ouverture", "reseaux", "financer"]


def test_every_committed_webinar_loads_within_the_limits():
    folders = sorted(p.parent for p in (ROOT / "webinars").glob("*/webinar.yaml"))
    assert folders, "no committed webinar"
    for folder in folders:
        assert (folder / "webinar.yaml").stat().st_size < SIZE_MAX
        assert load_webinar(folder).id == folder.name
    assert len(load_webinar(ROOT / "webinars" / WID).chapters) > 3


# ---------------------------------------------------------------- CLI and web

HOSTILE = {
    "profond": (lambda: deep_block(600), "imbrication trop profonde (plus de 50 niveaux)"),
    "rires": (laughs, "les alias YAML (&/*) ne sont pas acceptés"),
    "alias": (repeated_summary, "les alias YAML (&/*) ne sont pas acceptés"),
    "gros": (oversize, "fichier trop gros (2,1 Mo, au plus 2 Mo)"),
}


@pytest.mark.parametrize("kind", HOSTILE)
def test_cli_says_one_line_and_exits_1(runner, webinars_dir, kind):
    build, expected = HOSTILE[kind]
    (webinars_dir / WID / "webinar.yaml").write_text(build(), encoding="utf-8")
    result = runner.invoke(args=["export-chapters", WID, "--format", "vtt"])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # not a RecursionError caught by the runner
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("erreur : ")
    assert "webinar.yaml" in lines[0] and lines[0].endswith(expected)
    assert "Traceback" not in result.output


@pytest.mark.parametrize("kind", HOSTILE)
def test_web_shows_a_french_503_page(client, webinars_dir, kind):
    build, expected = HOSTILE[kind]
    (webinars_dir / WID / "webinar.yaml").write_text(build(), encoding="utf-8")
    response = client.get(f"/w/{WID}")
    html = response.get_data(as_text=True)
    assert response.status_code == 503
    assert '<html lang="fr">' in html
    assert "webinar.yaml" in html and expected.split(" (")[0] in html
    assert "Traceback" not in html and len(html) < 100_000


@pytest.mark.parametrize(
    "where, name",
    [
        ("src", "a" * 300 + ".mp4"),
        ("src", "../webinar.yaml"),
        ("src", ".incoming-x.mp4"),
        ("src", "sous/dossier.mp4"),
        ("caption", "é" * 150 + ".vtt"),
        ("caption", "..\\\\x.vtt"),
    ],
)
def test_a_media_name_that_is_not_a_plain_file_name_is_one_line(tmp_path, where, name):
    # checked when the file is read, before any page asks the disk about it (ENAMETOOLONG)
    quoted = '"' + name.replace("\\", "\\\\") + '"'
    if where == "src":
        text = VALID.replace("  src: demo.mp4", f"  src: {quoted}")
    else:
        text = VALID.replace("  src: demo.mp4", f"  src: demo.mp4\n  captions:\n    - lang: fr\n      file: {quoted}")
    assert text != VALID
    message = load_error(tmp_path, text)
    assert "nom de fichier refusé" in message
    assert ("recording.src" if where == "src" else "recording.captions[0].file") in message


def test_plain_media_names_still_load(tmp_path):
    text = VALID.replace("  src: demo.mp4", "  src: Webinaire du 4 mai (version finale).mp4")
    assert load_webinar(write_data(tmp_path, text)).recording.src == "Webinaire du 4 mai (version finale).mp4"


def _tree(node):
    """A node tree as plain data: kind, tag, value, where it starts and ends (plain style is
    None in PyYAML's parser and '' in libyaml's: the same thing)."""
    marks = (node.start_mark.line, node.start_mark.column, node.start_mark.index, node.end_mark.index)
    if isinstance(node, yaml.ScalarNode):
        return ("scalar", node.tag, node.value, node.style or None, marks)
    if isinstance(node, yaml.SequenceNode):
        return ("sequence", node.tag, [_tree(n) for n in node.value], marks)
    return ("mapping", node.tag, [(_tree(k), _tree(v)) for k, v in node.value], marks)


def test_libyaml_reads_a_data_file_into_the_very_tree_the_python_parser_makes():
    """The fast path (libyaml's events, our composer) is taken for a valid file, and what the
    editor and the drift check rely on (values, tags, lines, character offsets) is identical."""
    assert yaml.__with_libyaml__
    text = (ROOT / "webinars" / WID / "webinar.yaml").read_text(encoding="utf-8")
    text += "\nnote_libre: « élan » 😀\n"  # characters of two, three and four bytes before the end
    fast = read._fast_compose(text)
    assert fast is not read._SLOW
    assert _tree(fast) == _tree(read._LimitedLoader(text).get_single_node())


@pytest.mark.parametrize(
    "text",
    ["a: &x 1\nb: *x\n", "a: [1, 2\n", "a:\n" + "".join(" " * i + "- \n" for i in range(1, 80)),
     "a: \x07\n", "a: 1\n---\nb: 2\n"],
)
def test_what_breaks_a_rule_is_told_by_the_python_parser(text):
    """Aliases, syntax errors, nesting, refused characters, two documents: libyaml gives up and
    the pure-Python path says what is wrong, with the same words and lines as always."""
    assert read._fast_compose(text) is read._SLOW
    with pytest.raises(StoreError) as caught:
        read.compose_data(text)
    said = str(caught.value)
    assert said.startswith("webinar.yaml") and ("YAML invalide" in said or "alias" in said
                                               or "imbrication" in said), said
