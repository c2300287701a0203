"""Hostile input, generated: every route of the app gets generated ids, ``t=`` values, Range and
HX-Request headers and methods; the CLI gets generated webinar ids.

Whatever comes in: never a 5xx, never a traceback, never a tag echoed unescaped, and an error is
a French page (or one French line from the CLI). Bounded: about 50 examples per test.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import create_app
from tests.support.paths import ROOT

WID = "2021-05-04"
TAG = '<b data-x="1">'  # a tag that must never come back as markup

BOUNDED = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# path segments, already as they travel in a URL (so encoded forms stay encoded)
HOSTILE_SEGMENTS = [
    "..", "%2e%2e", "%2E%2E%2F", "%2F", "%252F", "%25252F", "..%2F..%2Fetc%2Fpasswd", "%00",
    "a%00b", "%C3%A9t%C3%A9", "%E6%97%A5%E6%9C%AC", "%E2%80%AE", "%FF%FE", "%20", "%0A",
    quote(TAG, safe=""), "a" * 101, "a" * 255, "a" * 300, "b" * 4096, WID, "c1", "demo.mp4",
    "demo.fr.vtt", "thumbs%2Findex.json", ".demo.mp4.part", "demo.mp4.json",
]
segments = st.one_of(
    st.sampled_from(HOSTILE_SEGMENTS),
    st.text(min_size=1, max_size=300).map(lambda s: quote(s, safe="")),
    st.integers(min_value=1, max_value=600).map(lambda n: "x" * n),
)

T_VALUES = [
    "NaN", "nan", "inf", "-inf", "Infinity", "1e309", "-1e309", "1e-400", "-1", "-0", "0",
    "99999999999999999999999", "1:2:3:4", "1h2m3s", "1h", "01:02:03.5", "24:05", "0x10",
    "١٢", "5,5", " 5", "5 ", "", "--1", "1e3", "1_000", "12:60", "3600.000000001", TAG,
]
t_values = st.one_of(
    st.sampled_from(T_VALUES),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.text(max_size=40),
)
ranges = st.one_of(
    st.none(),
    st.sampled_from([
        "bytes=0-", "bytes=-1", "bytes=-0", "bytes=0-0", "bytes=5-1", "bytes=999999999999999-",
        "bytes=0-1,2-3,4-5", "items=0-1", "bytes=", "bytes=a-b", "bytes=-", "bytes=0-" + "9" * 40,
    ]),
    st.tuples(st.integers(-5, 10**12), st.integers(-5, 10**12)).map(
        lambda p: f"bytes={p[0]}-{p[1]}"
    ),
)
hx = st.one_of(st.none(), st.sampled_from(["true", "false", "1", "", TAG, "x" * 500]))
methods = st.sampled_from(["GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE", "PATCH"])


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """The app on a copy of the committed webinars (no generated media: a 404 for the recording
    is fine, a 500 is not)."""
    webinars = tmp_path_factory.mktemp("hostile") / "webinars"
    shutil.copytree(ROOT / "webinars", webinars, ignore=shutil.ignore_patterns("media"))
    return create_app({"TESTING": True, "WEBINARS_DIR": str(webinars),
                       "SEARCH_INDEX": str(webinars.parent / "search.sqlite")})


@pytest.fixture(scope="module")
def client(app):
    return app.test_client()


def route_templates(app) -> list[tuple[str, list[str]]]:
    """Every rule as (template with ``{}`` for each argument, the arguments' names)."""
    out = []
    for rule in app.url_map.iter_rules():
        names = []

        def slot(match: re.Match) -> str:
            names.append(match.group(2))
            return "{" + match.group(2) + "}"

        out.append((re.sub(r"<(?:([^:<>]+(?:\([^)]*\))?):)?([^<>]+)>", slot, rule.rule), names))
    return out


def allowed(app, template: str, name: str) -> list[str]:
    """The fixed words an ``any(...)`` converter accepts, for a realistic share of requests."""
    for rule in app.url_map.iter_rules():
        m = re.search(rf"<any\(([^)]*)\):{name}>", rule.rule)
        if m and template.startswith(rule.rule.split("<")[0]):
            return [w.strip(" '\"") for w in m.group(1).split(",")]
    return []


def check(response, method: str) -> None:
    try:
        _check(response, method)
    finally:
        response.close()  # a file served whole or in part is closed, as the server would


def _check(response, method: str) -> None:
    status = response.status_code
    body = response.get_data().decode("utf-8", "replace")  # images and video are bytes
    assert status < 500, (status, body[:300])
    assert "Traceback" not in body and 'File "' not in body
    assert TAG not in body, body[:300]
    if method == "HEAD" or status in (204, 206, 304) or status < 300 and method == "OPTIONS":
        return
    if 300 <= status < 400:
        # a browser follows it and never shows the body (Werkzeug's, in English)
        assert response.headers.get("Location"), status
        return
    kind = response.mimetype
    if kind == "text/html" and "<html" in body:
        assert 'lang="fr"' in body, body[:300]
    if status >= 400 and kind == "application/json":  # oEmbed answers its errors in JSON
        assert response.get_json()["error"], body
        return
    if status >= 400 and kind == "text/plain" and response.request.headers.get("HX-Request") == "true":
        # an organisers' page refused to htmx: the bare French sentence (htmx swaps no 4xx)
        assert body.startswith("Connexion requise"), body[:300]
        return
    if status >= 400 and kind == "text/plain" and response.request.path == "/audience/beacon":
        # the audience measure's beacon (sendBeacon, never shown): one French sentence
        assert body.strip().endswith(".") and len(body) < 300, body[:300]
        return
    if status >= 400:
        assert kind == "text/html", (status, kind)
        assert 'lang="fr"' in body


def test_every_route_is_covered(app):
    assert len(route_templates(app)) >= 15


@BOUNDED
@given(data=st.data())
def test_routes_with_generated_ids(app, client, data):
    template, names = data.draw(st.sampled_from(route_templates(app)), label="route")
    values = {}
    for name in names:
        words = allowed(app, template, name)
        pick = st.sampled_from(words) if words else segments
        if name == "wid":
            pick = st.one_of(st.just(WID), segments)
        values[name] = data.draw(pick, label=name)
    method = data.draw(methods, label="method")
    path = template.format(**values)
    check(client.open(path, method=method), method)


@BOUNDED
@given(data=st.data())
def test_routes_with_generated_times_ranges_and_htmx(app, client, data):
    template, names = data.draw(st.sampled_from(route_templates(app)), label="route")
    values = {}
    for name in names:
        words = allowed(app, template, name)
        values[name] = words[0] if words else {"wid": WID, "name": "demo.mp4"}.get(name, "c1")
    headers = {}
    if (r := data.draw(ranges, label="range")) is not None:
        headers["Range"] = r
    if (h := data.draw(hx, label="hx")) is not None:
        headers["HX-Request"] = h
        headers["HX-Target"] = data.draw(st.sampled_from(["chapitre", TAG, ""]), label="target")
    query = {
        "t": data.draw(t_values, label="t"),
        "end": data.draw(t_values, label="end"),
        "q": data.draw(st.one_of(st.text(max_size=60), st.just(TAG)), label="q"),
        "url": data.draw(st.sampled_from([f"http://localhost/w/{WID}", "javascript:alert(1)", TAG,
                                          "x" * 3000, ""]), label="url"),
    }
    method = data.draw(st.sampled_from(["GET", "HEAD"]), label="method")
    response = client.open(template.format(**values), method=method, query_string=query,
                           headers=headers)
    check(response, method)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(wid=st.one_of(
    st.sampled_from(["..", "../..", "a/b", "a" * 101, "a" * 300, "a\x00b", "été", "-x", "_x",
                     "x\ny", TAG]),
    st.text(min_size=1, max_size=200).filter(lambda s: not re.fullmatch(r"[A-Za-z0-9][\w-]*", s)),
))
def test_cli_refuses_a_bad_webinar_id_in_one_french_line(app, wid):
    # "--": the id is an argument even when it starts with "-"
    result = app.test_cli_runner().invoke(args=["export-chapters", "--", wid])
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("erreur : "), result.stderr
    assert "Traceback" not in result.output


# --- data files -------------------------------------------------------------------------------

JS_URL = "javascript:alert(1)"
REPLACEMENTS = st.one_of(
    st.sampled_from([TAG, f"{TAG}</b><script>x()</script>", JS_URL, "JaVaScRiPt:alert(1)",
                     " javascript:alert(1)", "data:text/html,<b>", "mailto:x@y.fr?body=" + TAG,
                     None, True, 0, -1, 1e309, [], {}, [TAG], {"a": TAG}, "", " "]),
    st.integers(min_value=1, max_value=100_000).map(lambda n: "x" * n),
    st.text(max_size=100),
)


def leaves(node, path=()):
    """Every scalar of the parsed data file, by its path of keys and indexes."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from leaves(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from leaves(value, (*path, i))
    else:
        yield path


@pytest.fixture(scope="module")
def committed():
    import yaml

    return yaml.safe_load((ROOT / "webinars" / WID / "webinar.yaml").read_text(encoding="utf-8"))


_made = iter(range(10**6))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_data_files_with_wrong_types_huge_strings_html_and_script_urls(app, client, committed,
                                                                       data):
    doc = copy.deepcopy(committed)
    for _ in range(data.draw(st.integers(1, 3), label="changes")):
        path = data.draw(st.sampled_from(sorted(leaves(doc), key=repr)), label="field")
        node = doc
        for key in path[:-1]:
            node = node[key]
        # a copy: the strategy's lists and mappings are shared between examples
        node[path[-1]] = copy.deepcopy(data.draw(REPLACEMENTS, label="value"))
    wid = f"h{next(_made)}"
    folder = Path(app.config["WEBINARS_DIR"]) / wid
    folder.mkdir()
    # JSON is YAML, and json writes long strings at once where PyYAML's emitter crawls
    (folder / "webinar.yaml").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    for page in ("", "/questions", "/ressources", "/chapitres", "/transcription", "/integrer",
                 "/chapitres.vtt", "/chapitres.json"):
        response = client.get(f"/w/{wid}{page}")
        try:
            body = response.get_data().decode("utf-8", "replace")
            status = response.status_code
            # a broken data file is the designed 503 page; any other 5xx is a failure
            assert status < 500 or status == 503, (page, status, body[:300])
            assert "Traceback" not in body
            if response.mimetype == "text/html" and not 300 <= status < 400:
                assert TAG not in body and "<script>x()" not in body, (page, body[:300])
                assert not re.search(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", body,
                                     re.IGNORECASE), page
                assert 'lang="fr"' in body
        finally:
            response.close()
    result = app.test_cli_runner().invoke(args=["export-chapters", wid])
    assert result.exit_code in (0, 1), result.output
    if result.exit_code:
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("erreur : "), result.stderr
