"""The inlined stylesheet is sent compacted (player/site/inline_style.py): Chromium must read
the same rules from it as from the file (issue 16, item 10: a lighter first paint)."""

from __future__ import annotations

from player.site.inline_style import STYLESHEET, compact

# every rule as Chromium's CSSOM writes it back, nested rules (@media) included; a value holding
# var() is kept as written until used, so the space after its commas is left out of the comparison
RULES = """(text) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(text);
    const out = [];
    const walk = (rules) => {
        for (const r of rules) {
            out.push(r.cssText.replace(/,\\s+/g, ','));
            if (r.cssRules) walk(r.cssRules);
        }
    };
    walk(sheet.cssRules);
    return out;
}"""


def test_compacted_stylesheet_has_the_same_rules(page):
    source = STYLESHEET.read_text(encoding="utf-8")
    small = compact(source)
    assert len(small) < 0.85 * len(source)
    assert "/*" not in small and "\n" not in small
    page.set_content("<!doctype html><title>css</title>")
    rules = page.evaluate(RULES, source)
    assert len(rules) > 200
    assert page.evaluate(RULES, small) == rules


def test_compact_keeps_strings_and_descendant_pseudo_classes():
    css = """/* a "quote" in a comment */
.a :is(.b, .c) > d { content: " ; } /* kept "; width: calc(100% - 1rem) ; }
.e::after{content:'a  b'}"""
    assert compact(css) == (
        '.a :is(.b,.c)>d{content:" ; } /* kept ";width:calc(100% - 1rem)}'
        ".e::after{content:'a  b'}"
    )
