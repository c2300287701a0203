"""Our modules without their comments: nothing else changed, every line where it was."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from player.site.script_comments import strip_comments
from tests.support.paths import ROOT

TOKENS = ROOT / "tests" / "support" / "js_tokens.cjs"
MODULES = sorted((ROOT / "static" / "js").glob("*.js"))


def test_comments_go_and_their_lines_stay():
    source = (
        "/**\n * The module.\n */\n"
        "import { a } from \"./a.js\";  // why a\n"
        "export const b = a + 1; /* inline */ const c = 2;\n"
        "    // a whole line\n"
        "export function f() {}\n"
    )
    assert strip_comments(source) == (
        "\n\n\n"
        "import { a } from \"./a.js\";\n"
        "export const b = a + 1; const c = 2;\n"
        "\n"
        "export function f() {}\n"
    )


def test_a_comment_between_two_words_still_separates_them():
    assert strip_comments("return/**/x") == "return x"
    assert strip_comments("a /* x */ + b") == "a + b"


UNCHANGED = [
    'const url = "https://example.org/a"; const s = \'/* not a comment */\';',
    "const e = \"a \\\" // still a string\";",
    "const re = /\\/\\/+/g, r2 = /[/*]/; const r3 = /a\\/*b/;",
    "if (x) y = a.replace(/\\s+/g, \" \");",
    "const half = total / 2 / 3; const r = (a) / b; const q = x[1] / y.z;",
    "return /\\d+ \\/\\/ x/.test(s);",
    "const n = `a${`b${c}`}d // text ${{ a: 1 }.a} /* text */`;",
    "const t = `line one // text\nline two /* text */`;",
]


@pytest.mark.parametrize("code", UNCHANGED)
def test_strings_templates_division_and_regular_expressions_are_kept(code):
    assert strip_comments(code) == code


def test_a_comment_inside_a_template_s_code_goes_and_its_text_stays():
    code = 'const t = `// text ${a /* code */ + "/*"} /* text */`; // end'
    assert strip_comments(code) == 'const t = `// text ${a + "/*"} /* text */`;'


def test_every_module_reads_to_the_same_tokens_on_the_same_lines(tmp_path):
    """A real JavaScript tokenizer (acorn) reads each module and its stripped copy alike."""
    node = shutil.which("node")
    assert node and (ROOT / "node_modules" / "acorn").is_dir(), "node and node_modules (scripts/setup --test)"
    copies = []
    for module in MODULES:
        copy = tmp_path / module.name
        copy.write_text(strip_comments(module.read_text(encoding="utf-8")), encoding="utf-8")
        copies.append(copy)
    listed = subprocess.run([node, str(TOKENS), *map(str, MODULES), *map(str, copies)],
                            capture_output=True, text=True, check=True).stdout.splitlines()
    originals, stripped = listed[:len(MODULES)], listed[len(MODULES):]
    assert len(MODULES) > 30 and len(stripped) == len(MODULES)
    for module, before, after in zip(MODULES, originals, stripped):
        assert json.loads(after) == json.loads(before), module.name
    # and they did have comments to lose
    assert sum(len(c.read_bytes()) for c in copies) < 0.85 * sum(len(m.read_bytes()) for m in MODULES)
