"""The static export (``flask --app app freeze OUT``): what it writes, where, and how it fails.

Served for real by ``python -m http.server`` at the end; the pages' behaviour in Chromium is
tests/browser/test_frozen_browser.py.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
import webvtt

from chapters.audio_edition import AUDIO_FILE, COVER_FILE, Edition, audio_folder, write_edition
from chapters.search import entries_of
from chapters.store import load_webinar
from chapters.transcript import read_cues, read_transcript
from player.content.static_export import MARKER
from player.media.ffmpeg import ffmpeg_exe
from tests.support.html import dom

WID = "2021-05-04"
CUES = [
    (1.0, 3.5, "Dominique Dasso", "Bonjour et bienvenue."),
    (1446.5, 1450.0, "Cédric Hervé", "Capa'Cité, chantier d'insertion avec les régies."),
]
PAGES = [
    "index.html",
    "recherche/index.html",
    f"w/{WID}/index.html",
    f"w/{WID}/chapitres/capa-cite/index.html",
    f"w/{WID}/intervenants/cedric-herve/index.html",
    f"w/{WID}/questions/index.html",
    f"w/{WID}/questions/q2/index.html",
    f"w/{WID}/ressources/index.html",
    f"w/{WID}/recherche/index.html",
    f"w/{WID}/transcription/index.html",
    f"w/{WID}/integrer/index.html",
]
FILES = [
    f"w/{WID}/fragments/chapitres/capa-cite.html",
    f"w/{WID}/fragments/transcription.html",
    f"w/{WID}/recherche.json",
    f"w/{WID}/chapitres.vtt",
    f"w/{WID}/chapitres.json",
    f"w/{WID}/transcription.txt",
    f"w/{WID}/transcription.vtt",
    f"w/{WID}/transcription.srt",
    f"w/{WID}/carte.jpg",
    f"w/{WID}/chapitres/capa-cite/carte.jpg",
    f"w/{WID}/media/demo.mp4",
    f"w/{WID}/media/demo.fr.vtt",
]


@pytest.fixture
def media(webinars_dir: Path) -> Path:
    """A stand-in file where the recording goes and its French captions (webvtt-py writes them)."""
    folder = webinars_dir / WID / "media"
    folder.mkdir()
    (folder / "demo.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(4000))
    vtt = webvtt.WebVTT()
    for start, end, who, text in CUES:
        clock = lambda s: f"{int(s // 3600):02d}:{int(s % 3600 // 60):02d}:{s % 60:06.3f}"
        vtt.captions.append(webvtt.Caption(clock(start), clock(end), f"<v {who}>{text}"))
    vtt.save(str(folder / "demo.fr.vtt"))
    (folder / "demo.mp4.json").write_text("{}", encoding="utf-8")  # a sidecar: never exported
    return folder


def freeze(runner, out: Path, *args: str):
    return runner.invoke(args=["freeze", str(out), *args])


def one_error_line(result) -> str:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("erreur : "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


# the attributes by which a page names an address of this site
ATTRIBUTES = {"href", "src", "data-hx-get", "data-thumb", "data-base", "data-search-index", "action"}


def site_urls(html: str) -> set[str]:
    """Every address of this site a page names (href, src, data-hx-get, data-thumb, …)."""
    urls: set[str] = set()
    for _, attrs in dom(html).tags:
        for name, value in attrs.items():
            if name in ATTRIBUTES and value:
                for url in value.split():
                    if url.startswith("/") and not url.startswith("//"):
                        urls.add(re.split(r"[?#]", url)[0])
    return urls


def file_of(url: str) -> str:
    """Where the export keeps an address (the rule player/export.py writes by)."""
    if url == "/":
        return "index.html"
    return url[1:] if Path(url).suffix else url[1:] + "/index.html"


# ---------------------------------------------------------------- what is written, and where


def test_freeze_writes_every_page_fragment_file_and_media(runner, media, tmp_path, static_url):
    out = tmp_path / "site"
    result = freeze(runner, out)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{out} : ") and "fichiers" in result.stdout
    for name in PAGES + FILES:
        assert (out / name).is_file(), name
    # a static host picks the type from the extension: pages are index.html in their folder
    assert not [p for p in out.rglob("*") if p.is_file() and not p.suffix and p.name != MARKER]
    # every static file under the address the pages name it by (versioned)
    for name in ("js/main.js", "js/search-index.js", "css/player.css", "vendor/htmx-2.0.11.min.js"):
        assert (out / static_url(name).lstrip("/")).is_file(), name
    # the recording hard-linked, its sidecar left behind; the tracks readable
    assert (out / f"w/{WID}/media/demo.mp4").stat().st_ino == (media / "demo.mp4").stat().st_ino
    assert not (out / f"w/{WID}/media/demo.mp4.json").exists()
    chapters = read_cues((out / f"w/{WID}/chapitres.vtt").read_text(encoding="utf-8"))
    assert [c.start for c in chapters][:3] == [0, 365, 1445]
    assert [c.text for c in read_transcript(out / f"w/{WID}/transcription.vtt")] == [c[3] for c in CUES]


def test_every_address_a_page_names_is_in_the_export(runner, media, tmp_path):
    out = tmp_path / "site"
    assert freeze(runner, out).exit_code == 0
    pages = [p for p in out.rglob("*.html")]
    assert len(pages) >= 30
    named: set[str] = set()
    for page in pages:
        named |= site_urls(page.read_text(encoding="utf-8"))
    missing = sorted(url for url in named if not (out / file_of(url)).is_file())
    assert missing == []
    assert f"/w/{WID}/fragments/chapitres/capa-cite.html" in named
    assert f"/w/{WID}/recherche.json" in named
    # nothing names the machine it was made on, nor oEmbed (no server to answer its query)
    text = "\n".join(p.read_text(encoding="utf-8") for p in pages)
    assert "localhost" not in text and "/oembed" not in text


def test_the_list_of_webinars_is_exported_at_w_and_at_home_when_there_are_several(
    runner, media, tmp_path, webinars_dir
):
    out = tmp_path / "site"
    assert freeze(runner, out).exit_code == 0
    # one webinar: / is its watch page, /w/ lists it
    assert "<video" in (out / "index.html").read_text(encoding="utf-8")
    listing = (out / "w/index.html").read_text(encoding="utf-8")
    assert f'<a class="cat-link" href="/w/{WID}">' in listing
    # a second one (its own copy of the media): / is the list too, newest first
    other = webinars_dir / "2022-03-10"
    shutil.copytree(webinars_dir / WID, other)
    data = other / "webinar.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("'2021-05-04'", "'2022-03-10'"), encoding="utf-8")
    assert freeze(runner, out).exit_code == 0
    for page in ("index.html", "w/index.html"):
        html = (out / page).read_text(encoding="utf-8")
        assert "<video" not in html, page
        links = re.findall(r'<a class="cat-link" href="([^"]+)"', html)
        assert links == ["/w/2022-03-10", f"/w/{WID}"], page
    assert (out / "w/2022-03-10/index.html").is_file()


def test_copy_media_copies(runner, media, tmp_path):
    out = tmp_path / "site"
    assert freeze(runner, out, "--copy-media").exit_code == 0
    copied = out / f"w/{WID}/media/demo.mp4"
    assert copied.stat().st_ino != (media / "demo.mp4").stat().st_ino
    assert copied.read_bytes() == (media / "demo.mp4").read_bytes()


def test_exported_pages_say_so_and_the_app_does_not(runner, client, media, tmp_path):
    out = tmp_path / "site"
    assert freeze(runner, out).exit_code == 0
    page = (out / f"w/{WID}/index.html").read_text(encoding="utf-8")
    assert "data-static-export" in page
    assert f'data-search-index="/w/{WID}/recherche.json"' in page
    assert 'data-hx-get="/w/2021-05-04/recherche' not in page  # no server to ask as you type
    everywhere = (out / "recherche/index.html").read_text(encoding="utf-8")
    assert f'data-search-index="/w/{WID}/recherche.json" data-search-all' in everywhere
    # the app that served before the export is as it was
    served = client.get(f"/w/{WID}").get_data(as_text=True)
    assert "data-static-export" not in served and "data-search-index" not in served
    assert 'type="application/json+oembed"' in served
    assert f'data-hx-get="/w/{WID}/fragments/chapitres/capa-cite.html"' in served


def test_public_address_or_host_less(runner, media, tmp_path):
    out = tmp_path / "site"
    result = freeze(runner, out, "--base-url", "https://webinaires.example.org/")
    assert result.exit_code == 0 and result.stderr == ""
    page = (out / f"w/{WID}/chapitres/capa-cite/index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://webinaires.example.org/w/2021-05-04/chapitres/capa-cite">' in page
    assert 'content="https://webinaires.example.org/w/2021-05-04/chapitres/capa-cite/carte.jpg"' in page
    assert 'data-copy="https://webinaires.example.org/w/2021-05-04/chapitres/capa-cite"' in page

    result = freeze(runner, out)
    assert result.exit_code == 0
    assert result.stderr.startswith("attention : aucune adresse publique (--base-url ou PUBLIC_BASE_URL)")
    page = (out / f"w/{WID}/chapitres/capa-cite/index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="/w/2021-05-04/chapitres/capa-cite">' in page
    assert 'data-copy="/w/2021-05-04/chapitres/capa-cite"' in page


# ---------------------------------------------------------------- fragments and the index


def test_fragments_have_their_own_addresses_and_the_same_partials(client, media):
    own = client.get(f"/w/{WID}/fragments/chapitres/capa-cite.html")
    asked = client.get(f"/w/{WID}/chapitres/capa-cite", headers={"HX-Request": "true"})
    assert own.status_code == 200 and own.mimetype == "text/html"
    assert own.get_data(as_text=True) == asked.get_data(as_text=True)
    assert 'id="now"' in own.get_data(as_text=True)  # the card beside it, out of band
    own = client.get(f"/w/{WID}/fragments/transcription.html")
    asked = client.get(f"/w/{WID}/transcription", headers={"HX-Request": "true"})
    assert own.get_data(as_text=True) == asked.get_data(as_text=True)
    assert "chantier d&#39;insertion avec les régies." in own.get_data(as_text=True)
    missing = client.get(f"/w/{WID}/fragments/chapitres/nulle-part.html")
    assert missing.status_code == 404 and "Aucun chapitre « nulle-part »" in missing.get_data(as_text=True)


def test_search_index_holds_the_rows_of_the_server_search(client, media, webinars_dir):
    response = client.get(f"/w/{WID}/recherche.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    index = json.loads(response.get_data(as_text=True))
    webinar = load_webinar(webinars_dir / WID)
    entries = entries_of(webinar, read_transcript(webinars_dir / WID / "media" / "demo.fr.vtt"))
    assert len(index["rows"]) == len(entries)
    assert index["base"] == f"/w/{WID}" and index["everywhere"] == "/recherche"
    assert index["label"].startswith("Webinaire du 4 mai 2021 — ")
    kinds = index["kinds"]
    rows = [dict(zip(("kind", "title", "text", "start", "end", "context", "who", "href"),
                     [kinds[r[0]], *r[1:]])) for r in index["rows"]]
    chapter = next(r for r in rows if r["kind"] == "chapitre" and r["title"].startswith("Capa'Cité"))
    assert (chapter["start"], chapter["end"], chapter["who"]) == (1445, 2425, "Cédric Hervé")
    assert "href" not in chapter  # it opens the recording: the page builds its ?t= link
    line = next(r for r in rows if r["kind"] == "transcription" and r["start"] == 1446.5)
    assert line["text"] == CUES[1][3] and line["who"] == "Cédric Hervé"
    assert line["context"].startswith("Capa'Cité")
    for row in rows:
        assert ("start" in row) != ("href" in row), row  # a time, or a page
    # compact: one line of JSON, no empty trailing values
    assert "\n" not in response.get_data(as_text=True) and ", " not in response.get_data(as_text=True)[:200]


# ---------------------------------------------------------------- replacing, refusing, failing


def test_an_export_replaces_the_previous_one_only_when_it_succeeds(runner, media, tmp_path, webinars_dir):
    out = tmp_path / "site"
    assert freeze(runner, out).exit_code == 0
    (out / "left-over.txt").write_text("de l'export précédent", encoding="utf-8")
    assert freeze(runner, out).exit_code == 0
    assert not (out / "left-over.txt").exists() and (out / MARKER).is_file()

    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    data = webinars_dir / WID / "webinar.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("chapters:", "chapters: [", 1), encoding="utf-8")
    result = freeze(runner, out)  # its only webinar cannot be read: nothing to export
    assert result.exit_code == 1 and "Traceback" not in result.output
    warning, error = result.stderr.strip().splitlines()
    assert warning.startswith(f"attention : le webinaire « {WID} » n'est pas exporté : ")
    assert "webinar.yaml" in warning
    assert error == "erreur : aucun webinaire n'a pu être exporté"
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before  # the previous export, untouched
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site")) == []


def test_refuses_a_folder_that_is_not_an_export(runner, media, tmp_path):
    out = tmp_path / "documents"
    out.mkdir()
    (out / "rapport.txt").write_text("à garder", encoding="utf-8")
    line = one_error_line(freeze(runner, out))
    assert "n'est pas vide et ne vient pas d'un export précédent" in line
    assert (out / "rapport.txt").read_text(encoding="utf-8") == "à garder"
    a_file = tmp_path / "fichier"
    a_file.write_text("x", encoding="utf-8")
    assert "n'est pas un dossier" in one_error_line(freeze(runner, a_file))
    empty = tmp_path / "vide"
    empty.mkdir()
    assert freeze(runner, empty).exit_code == 0


@pytest.mark.parametrize("url", ["ftp://example.org", "webinaires.example.org", "https://", "https://x.org/?a=1"])
def test_a_base_url_that_is_not_one_is_refused(runner, media, tmp_path, url):
    line = one_error_line(freeze(runner, tmp_path / "site", "--base-url", url))
    assert "n'est pas une adresse publique" in line
    assert not (tmp_path / "site").exists()


def copy_webinar(webinars_dir: Path, wid: str) -> Path:
    """A second webinar: the built-in one's folder (its media included) under another id."""
    folder = webinars_dir / wid
    shutil.copytree(webinars_dir / WID, folder)
    data = folder / "webinar.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace(f"'{WID}'", f"'{wid}'"), encoding="utf-8")
    return folder


def test_a_webinar_without_a_recording_is_exported_naming_no_missing_file(runner, media, tmp_path):
    (media / "demo.fr.vtt").unlink()
    (media / "demo.mp4").unlink()  # just imported: no recording yet
    out = tmp_path / "site"
    result = freeze(runner, out, "--base-url", "https://webinaires.example.org")
    assert result.exit_code == 0 and result.stderr == "", result.output
    page = (out / f"w/{WID}/index.html").read_text(encoding="utf-8")
    assert "L'enregistrement n'est pas encore disponible." in page
    assert (out / f"w/{WID}/chapitres/capa-cite/index.html").is_file()
    assert not (out / f"w/{WID}/media").exists()
    # no page names the file that is not there: every address named is in the export
    named: set[str] = set()
    for html in out.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "demo.mp4" not in text, html
        named |= site_urls(text)
    assert sorted(url for url in named if not (out / file_of(url)).is_file()) == []


def test_freeze_writes_the_webinars_it_can_and_names_the_others(runner, media, tmp_path, webinars_dir):
    without = copy_webinar(webinars_dir, "2022-03-10")  # no recording yet
    for name in ("demo.mp4", "demo.fr.vtt"):
        (without / "media" / name).unlink()
    broken = copy_webinar(webinars_dir, "2023-01-12")  # a data file that cannot be read
    data = broken / "webinar.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("chapters:", "chapters: [", 1), encoding="utf-8")
    out = tmp_path / "site"
    result = freeze(runner, out, "--base-url", "https://webinaires.example.org")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    [warning] = result.stderr.strip().splitlines()
    assert warning.startswith("attention : le webinaire « 2023-01-12 » n'est pas exporté : ")
    assert re.search(r"2023-01-12/webinar\.yaml:\d+: ", warning)  # the file and its line
    assert (out / f"w/{WID}/media/demo.mp4").is_file()
    assert (out / "w/2022-03-10/index.html").is_file()
    assert not (out / "w/2023-01-12").exists()
    # the lists and the search across webinars name only the exported ones
    for page in ("index.html", "w/index.html"):
        html = (out / page).read_text(encoding="utf-8")
        assert re.findall(r'<a class="cat-link" href="([^"]+)"', html) == ["/w/2022-03-10", f"/w/{WID}"], page
        assert "2023-01-12" not in html and "Indisponible" not in html
    everywhere = (out / "recherche/index.html").read_text(encoding="utf-8")
    indexes = re.search(r'data-search-index="([^"]+)"', everywhere).group(1).split()
    assert sorted(indexes) == ["/w/2021-05-04/recherche.json", "/w/2022-03-10/recherche.json"]
    assert json.loads((out / MARKER).read_text(encoding="utf-8"))["webinars"] == [WID, "2022-03-10"]


def test_a_webinar_whose_page_fails_is_left_out_and_the_site_built_again(runner, media, tmp_path, webinars_dir):
    bad = copy_webinar(webinars_dir, "2022-03-10")
    (bad / "media" / "demo.fr.vtt").write_text("pas du WebVTT\n", encoding="utf-8")  # its transcript fails
    out = tmp_path / "site"
    result = freeze(runner, out, "--base-url", "https://webinaires.example.org")
    assert result.exit_code == 0, result.output
    [warning] = result.stderr.strip().splitlines()
    assert warning.startswith("attention : le webinaire « 2022-03-10 » n'est pas exporté : l'adresse /w/2022-03-10/")
    assert not (out / "w/2022-03-10").exists()
    # / plays the one webinar left, as for a site of one: nothing names the other
    assert "<video" in (out / "index.html").read_text(encoding="utf-8")
    assert not [p for p in out.rglob("*.html") if "2022-03-10" in p.read_text(encoding="utf-8")]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site")) == []


# ---------------------------------------------------------------- served by python -m http.server


def test_python_http_server_serves_the_export(runner, media, tmp_path):
    out = tmp_path / "site"
    assert freeze(runner, out).exit_code == 0
    server = subprocess.Popen(
        [sys.executable, "-u", "-m", "http.server", "--bind", "127.0.0.1", "0", "-d", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        port = re.search(r"port (\d+)", server.stdout.readline()).group(1)
        base = f"http://127.0.0.1:{port}"

        def get(path):
            with urllib.request.urlopen(base + path, timeout=10) as response:  # follows redirects
                return response.headers.get_content_type(), response.read().decode("utf-8")

        kind, html = get(f"/w/{WID}/chapitres/capa-cite?t=24m5s")  # -> .../capa-cite/?t=24m5s
        assert kind == "text/html" and "<h1>Créer et transformer" in html
        kind, html = get(f"/w/{WID}/fragments/chapitres/capa-cite.html")
        assert kind == "text/html" and '<article class="chapter-panel" data-chapter="capa-cite"' in html
        assert get(f"/w/{WID}/chapitres.vtt")[0] == "text/vtt"
        assert get(f"/w/{WID}/recherche.json")[0] == "application/json"
        assert get("/")[1] == (out / "index.html").read_text(encoding="utf-8")
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stdout.close()


# ---------------------------------------------------------------- the audio edition (media/audio/)


def make_audio_edition(media: Path, recording: str = "demo.mp4") -> Path:
    """A real audio edition of ``media/recording`` made by ffmpeg (AAC mono .m4a, a square
    JPEG cover) and its edition.json, as the maker leaves them."""
    folder = audio_folder(media)
    folder.mkdir(parents=True, exist_ok=True)
    run = lambda *args: subprocess.run([ffmpeg_exe(), "-nostdin", "-loglevel", "error", "-y", *args],
                                       capture_output=True, timeout=120, check=True)
    run("-i", str(media / recording), "-vn", "-ac", "1", "-c:a", "aac", "-b:a", "48k", str(folder / AUDIO_FILE))
    run("-f", "lavfi", "-i", "color=c=navy:s=1400x1400", "-frames:v", "1", str(folder / COVER_FILE))
    write_edition(media, Edition(media=recording, media_size=(media / recording).stat().st_size,
                                 duration=1.0, size=(folder / AUDIO_FILE).stat().st_size,
                                 chapters_key="k", cover_size=1400))
    return folder


@pytest.mark.parametrize("how", ["--link-media", "--copy-media"])
def test_the_audio_edition_is_exported_like_the_recording(runner, recorded, tmp_path, how):
    audio = make_audio_edition(recorded.parent)
    out = tmp_path / "site"
    result = freeze(runner, out, how)
    assert result.exit_code == 0, result.output
    exported = out / "w" / WID / "media" / "audio"
    for name in (AUDIO_FILE, COVER_FILE):
        assert (exported / name).read_bytes() == (audio / name).read_bytes()
        assert ((exported / name).stat().st_ino == (audio / name).stat().st_ino) == (how == "--link-media")
    assert not (exported / "edition.json").exists()  # a sidecar, never served


def test_a_stale_or_broken_audio_edition_is_left_out_and_the_webinar_exported(runner, recorded, tmp_path):
    audio = make_audio_edition(recorded.parent)
    with (audio / AUDIO_FILE).open("ab") as f:  # not the file the edition describes any more
        f.write(b"\0")
    assert freeze(runner, tmp_path / "stale").exit_code == 0
    assert not (tmp_path / "stale" / "w" / WID / "media" / "audio").exists()
    assert (tmp_path / "stale" / "w" / WID / "media" / "demo.mp4").is_file()
    (audio / "edition.json").write_text("{pas du json", encoding="utf-8")
    result = freeze(runner, tmp_path / "broken")
    assert result.exit_code == 0 and "n'est pas exporté" not in result.stderr
    assert not (tmp_path / "broken" / "w" / WID / "media" / "audio").exists()
    assert (tmp_path / "broken" / "w" / WID / "index.html").is_file()
