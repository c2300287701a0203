"""The transcript page and tab fragment, and the downloads (transcript and chapters), through
Flask's test client on a copy of the committed webinar with captions of our own."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import webvtt

from chapters.store import load_webinar, save_webinar
from chapters.transcript import read_cues, sections
from chapters.transcript_exports import to_srt, to_text, to_webvtt
from tests.support.html import dom
from tests.support.webinar import STARTS

WID = "2021-05-04"

# voices, '&', '<' and HTML-looking text (to prove escaping), a cue of two lines, an identifier
CAPTIONS = """WEBVTT

accueil
00:00:01.000 --> 00:00:03.500
<v Dominique Dasso>Bonjour &amp; bienvenue
à toutes et à tous.

00:00:04.000 --> 00:00:06.000
<v Dominique Dasso>Le signe &lt;b&gt; n'est pas du gras, et 3 &lt; 5.

00:00:07.000 --> 00:00:08.000
<v Dominique Dasso>&lt;script&gt;alert("x")&lt;/script&gt; reste du texte.

00:06:06.000 --> 00:06:09.250
<v Florence Oulès>Merci. Les relocalisations d'abord.

00:06:09.500 --> 00:06:12.000
Une phrase sans voix.

00:24:06.500 --> 00:24:10.000
<v Cédric Hervé>Capa'Cité, chantier d'insertion.
"""

# (start, end, voice, text) of each cue, as read
CUES = [
    (1.0, 3.5, "Dominique Dasso", "Bonjour & bienvenue\nà toutes et à tous."),
    (4.0, 6.0, "Dominique Dasso", "Le signe <b> n'est pas du gras, et 3 < 5."),
    (7.0, 8.0, "Dominique Dasso", '<script>alert("x")</script> reste du texte.'),
    (366.0, 369.25, "Florence Oulès", "Merci. Les relocalisations d'abord."),
    (369.5, 372.0, None, "Une phrase sans voix."),
    (1446.5, 1450.0, "Cédric Hervé", "Capa'Cité, chantier d'insertion."),
]
# whole seconds in links, a line's start rounded down (its precise time is its data-seek)
HREFS = ["?t=1s", "?t=4s", "?t=7s", "?t=6m6s", "?t=6m9s", "?t=24m6s"]


@pytest.fixture
def folder(webinars_dir: Path) -> Path:
    return webinars_dir / WID


@pytest.fixture
def captions(folder: Path) -> Path:
    """The organiser's own captions in the webinar's folder (caption_file prefers them)."""
    path = folder / "transcription.fr.vtt"
    path.write_text(CAPTIONS, encoding="utf-8")
    return path


def html_of(response) -> str:
    return response.get_data(as_text=True)


def transcript_block(html: str) -> str:
    """The partial's own markup inside a full page."""
    start = html.index('<div class="transcript" id="transcript"')
    return html[start : html.rindex("</main>")].strip()


# ---------------------------------------------------------------- the page and the fragment


def test_page_shows_chapters_speakers_and_every_line_as_a_link(client, captions, static_url):
    response = client.get(f"/w/{WID}/transcription")
    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
    html = html_of(response)
    assert "<title>Transcription — Créer et transformer" in html
    doc = dom(html)
    # chapter headings: h2, the chapter's time and title, linking to the chapter's page
    headings = re.findall(r'<h2 class="tr-chapter" id="tr-([\w-]+)"><a href="([^"]+)"[^>]*>'
                          r'<span class="tr-time">([^<]+)</span> ([^<]+)</a></h2>', html)
    assert [(cid, href, time) for cid, href, time, _ in headings] == [
        ("ouverture", f"/w/{WID}/chapitres/ouverture", "0:00"),
        ("relocalisations", f"/w/{WID}/chapitres/relocalisations", "6:05"),
        ("capa-cite", f"/w/{WID}/chapitres/capa-cite", "24:05"),
    ]
    assert headings[2][3] == "Capa&#39;Cité, chantier d&#39;insertion avec GERES Restauration"
    # speakers by name, once per paragraph
    assert re.findall(r"<strong>([^<]+)</strong>", html) == ["Dominique Dasso", "Florence Oulès", "Cédric Hervé"]
    # every cue a real link to its time, for readers without a script and for search engines
    lines = [a for tag, a in doc.tags if tag == "a" and "data-to" in a]
    assert [a["href"] for a in lines] == [f"/w/{WID}{h}" for h in HREFS]
    assert [(float(a["data-seek"]), float(a["data-to"])) for a in lines] == [(s, e) for s, e, *_ in CUES]
    # no script of the watch page: this page has no player; its stylesheet, the tab's too
    assert "main.js" not in html and "transcript.js" not in html
    assert doc.find("link", rel="stylesheet", href=static_url("css/transcript.css"))
    (description,) = doc.find("meta", name="description")
    assert description["content"].startswith("Transcription de l'enregistrement")
    (canonical,) = doc.find("link", rel="canonical")
    assert canonical["href"].endswith(f"/w/{WID}/transcription")


def test_text_is_escaped(client, captions):
    html = html_of(client.get(f"/w/{WID}/transcription"))
    assert "Bonjour &amp; bienvenue à toutes et à tous." in html  # two lines read as one
    assert "Le signe &lt;b&gt; n&#39;est pas du gras, et 3 &lt; 5." in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; reste du texte." in html
    assert "<script>alert" not in html and "<b> n" not in html


def test_fragment_is_the_same_partial_alone(client, captions):
    page = html_of(client.get(f"/w/{WID}/transcription"))
    response = client.get(f"/w/{WID}/transcription", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
    fragment = html_of(response).strip()
    assert "<html" not in fragment and "<h1" not in fragment
    # inside the tab the chapters are h3, under the panel's own h2; nothing else differs
    assert fragment == transcript_block(page).replace("<h2", "<h3").replace("</h2>", "</h3>")


def test_without_captions_the_page_is_not_found_and_the_fragment_says_so(client):
    page = client.get(f"/w/{WID}/transcription")
    assert page.status_code == 404
    assert "Pas encore de transcription pour cet enregistrement" in html_of(page)
    fragment = client.get(f"/w/{WID}/transcription", headers={"HX-Request": "true"})
    assert fragment.status_code == 200  # htmx swaps it in: the tab shows the message
    assert "Pas encore de transcription pour cet enregistrement" in html_of(fragment)
    for name in ("transcription.txt", "transcription.vtt", "transcription.srt"):
        response = client.get(f"/w/{WID}/{name}")
        assert response.status_code == 404
        assert "Pas encore de transcription" in html_of(response)


@pytest.mark.parametrize("text", ["pas du webvtt", "WEBVTT\n\n00:00:01.000 --> plus tard\nmot\n"])
def test_broken_captions_get_a_french_message_never_a_500(client, folder, text):
    (folder / "transcription.fr.vtt").write_text(text, encoding="utf-8")
    page = client.get(f"/w/{WID}/transcription")
    assert page.status_code == 503
    assert "les sous-titres sont illisibles" in html_of(page)
    assert "transcription.fr.vtt : WebVTT illisible" in html_of(page)
    fragment = client.get(f"/w/{WID}/transcription", headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "les sous-titres sont illisibles" in html_of(fragment)
    response = client.get(f"/w/{WID}/transcription.srt")
    assert response.status_code == 503
    assert "illisibles" in html_of(response)


def test_unknown_webinar(client):
    for path in ("transcription", "transcription.vtt", "chapitres.json", "chapitres-youtube.txt"):
        response = client.get(f"/w/nulle-part/{path}")
        assert response.status_code == 404
        assert "Aucun webinaire « nulle-part »" in html_of(response)


# ---------------------------------------------------------------- the watch page


def test_watch_page_has_the_tab_but_not_the_transcript(client, captions):
    html = html_of(client.get(f"/w/{WID}"))
    doc = dom(html)
    (panel,) = doc.find("div", id="transcription")
    assert panel["data-tab"] == "Transcription" and panel["class"] == "tabpanel"
    (holder,) = doc.find("div", id="transcript-holder")
    # the fragment's own address (a static copy of the site serves it too)
    assert holder["data-hx-get"] == f"/w/{WID}/fragments/transcription.html"
    assert holder["data-hx-trigger"] == "show-transcript"
    assert holder["data-hx-target"] == "this" and holder["data-hx-swap"] == "innerHTML"
    # without a script: a plain link to the page; the words themselves load on demand only
    assert doc.find("a", href=f"/w/{WID}/transcription")
    assert 'id="transcript"' not in html and "data-to=" not in html and 'class="tr-p"' not in html
    fetched = [a.get("src") or a.get("href") or "" for tag, a in doc.tags if tag in ("script", "link")]
    assert not [url for url in fetched if "transcript" in url]


def test_watch_page_without_captions_has_no_tab(client):
    html = html_of(client.get(f"/w/{WID}"))
    assert 'id="transcription"' not in html
    assert "/transcription" not in html


def test_downloads_menu_lists_real_links(client, captions):
    doc = dom(html_of(client.get(f"/w/{WID}")))
    links = {a["href"]: a["download"] for a in doc.find("a") if "download" in a}
    assert links == {
        f"/w/{WID}/chapitres.vtt": f"{WID}-chapitres.vtt",
        f"/w/{WID}/chapitres-youtube.txt": f"{WID}-chapitres-youtube.txt",
        f"/w/{WID}/chapitres.json": f"{WID}-chapitres.json",
        f"/w/{WID}/chapitres-ffmetadata.txt": f"{WID}-chapitres-ffmetadata.txt",
        f"/w/{WID}/transcription.txt": f"{WID}-transcription.txt",
        f"/w/{WID}/transcription.vtt": f"{WID}-transcription.vtt",
        f"/w/{WID}/transcription.srt": f"{WID}-transcription.srt",
    }
    assert doc.find("details", id="telecharger")
    for href in links:
        assert client.get(href).status_code == 200, href


def test_downloads_menu_without_captions_has_the_chapters_only(client):
    doc = dom(html_of(client.get(f"/w/{WID}")))
    hrefs = [a["href"] for a in doc.find("a") if "download" in a]
    assert len(hrefs) == 4 and all("/chapitres" in h for h in hrefs)


# ---------------------------------------------------------------- the downloads


def expect_attachment(response, mimetype: str, filename: str) -> str:
    assert response.status_code == 200
    assert response.headers["Content-Type"] == f"{mimetype}; charset=utf-8"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{filename}"'
    return response.get_data().decode("utf-8")


def test_transcript_as_webvtt_reads_back_the_same(client, captions):
    text = expect_attachment(client.get(f"/w/{WID}/transcription.vtt"), "text/vtt", f"{WID}-transcription.vtt")
    cues = read_cues(text)  # the strict reader
    assert [(c.start, c.end, c.voice, c.text) for c in cues] == CUES
    assert cues[0].identifier == "accueil"
    assert "<v Dominique Dasso>Le signe &lt;b&gt; n'est pas du gras, et 3 &lt; 5." in text


def test_transcript_as_srt(client, captions):
    text = expect_attachment(
        client.get(f"/w/{WID}/transcription.srt"), "application/x-subrip", f"{WID}-transcription.srt"
    )
    blocks = text.strip("\n").split("\n\n")
    assert [b.split("\n")[0] for b in blocks] == ["1", "2", "3", "4", "5", "6"]
    assert [b.split("\n")[1] for b in blocks] == [
        "00:00:01,000 --> 00:00:03,500",
        "00:00:04,000 --> 00:00:06,000",
        "00:00:07,000 --> 00:00:08,000",
        "00:06:06,000 --> 00:06:09,250",
        "00:06:09,500 --> 00:06:12,000",
        "00:24:06,500 --> 00:24:10,000",
    ]
    # the speaker named where the voice changes; text as said, '<' kept
    assert blocks[0].split("\n")[2:] == ["Dominique Dasso : Bonjour & bienvenue", "à toutes et à tous."]
    assert blocks[1].split("\n")[2:] == ["Le signe <b> n'est pas du gras, et 3 < 5."]
    assert blocks[3].split("\n")[2] == "Florence Oulès : Merci. Les relocalisations d'abord."
    # and webvtt-py's own SubRip reader takes it
    srt = webvtt.WebVTT.from_buffer(iter(text.splitlines(keepends=True)), format="srt")
    assert [c.start for c in srt.captions][-1] == "00:24:06.500"
    assert len(srt.captions) == 6


def test_transcript_as_text(client, captions):
    text = expect_attachment(client.get(f"/w/{WID}/transcription.txt"), "text/plain", f"{WID}-transcription.txt")
    lines = text.split("\n")
    assert lines[0] == "Créer et transformer l'activité pour répondre aux besoins sociaux en Île-de-France — transcription"
    assert "0:00 — Ouverture : le programme et les intervenants" in lines
    assert "24:05 — Capa'Cité, chantier d'insertion avec GERES Restauration" in lines
    assert (
        "[0:01] Dominique Dasso : Bonjour & bienvenue à toutes et à tous. Le signe <b> n'est pas du gras, "
        'et 3 < 5. <script>alert("x")</script> reste du texte.'
    ) in lines
    # a cue without a voice goes on with the speaker before it
    assert "[6:06] Florence Oulès : Merci. Les relocalisations d'abord. Une phrase sans voix." in lines
    heading = lines.index("6:05 — Relocalisations industrielles et sous-traitants inclusifs")
    assert lines[heading + 1] == "-" * len(lines[heading])


def test_chapters_json_is_podcasting_2(client):
    text = expect_attachment(
        client.get(f"/w/{WID}/chapitres.json"), "application/json+chapters", f"{WID}-chapitres.json"
    )
    doc = json.loads(text)
    assert doc["version"] == "1.2.0"
    assert [c["startTime"] for c in doc["chapters"]] == STARTS
    assert set(doc["chapters"][0]) == {"startTime", "title", "endTime"}
    assert doc["chapters"][2]["title"] == "Capa'Cité, chantier d'insertion avec GERES Restauration"
    assert doc["chapters"][-1]["endTime"] == 6300


def test_chapters_youtube_and_ffmetadata(client):
    text = expect_attachment(
        client.get(f"/w/{WID}/chapitres-youtube.txt"), "text/plain", f"{WID}-chapitres-youtube.txt"
    )
    assert text.splitlines()[:3] == [
        "0:00 Ouverture : le programme et les intervenants",
        "6:05 Relocalisations industrielles et sous-traitants inclusifs",
        "24:05 Capa'Cité, chantier d'insertion avec GERES Restauration",
    ]
    text = expect_attachment(
        client.get(f"/w/{WID}/chapitres-ffmetadata.txt"), "text/plain", f"{WID}-chapitres-ffmetadata.txt"
    )
    assert text.startswith(";FFMETADATA1\ntitle=Créer et transformer")
    assert text.count("[CHAPTER]") == 7 and "START=1445000\nEND=2425000" in text


def test_chapters_youtube_refused_with_the_reason(client, folder):
    webinar = load_webinar(folder)
    webinar.chapters[1].start = 5  # the opening now lasts 5 s: too short for YouTube
    save_webinar(webinar, folder)
    response = client.get(f"/w/{WID}/chapitres-youtube.txt")
    assert response.status_code == 409
    html = html_of(response)
    assert "Export impossible" in html
    assert "YouTube demande des chapitres d&#39;au moins 10 secondes" in html
    assert "Content-Disposition" not in response.headers
    # the menu says it too, instead of offering a link that fails
    page = html_of(client.get(f"/w/{WID}"))
    assert "Description YouTube (.txt) — indisponible : YouTube demande des chapitres" in page
    assert f'href="/w/{WID}/chapitres-youtube.txt"' not in page


# ---------------------------------------------------------------- the writers alone


def test_words_before_the_first_chapter_have_their_own_heading(folder):
    webinar = load_webinar(folder)
    webinar.chapters[0].start = 10
    cues = read_cues("WEBVTT\n\n00:00:02.000 --> 00:00:04.000\nAvant.\n\n00:00:12.000 --> 00:00:13.000\nAprès.\n")
    text = to_text(webinar, sections(webinar, cues))
    assert "0:02 — Avant le premier chapitre" in text.split("\n")
    assert "0:10 — Ouverture : le programme et les intervenants" in text.split("\n")
    assert to_srt([]) == ""
    assert read_cues(to_webvtt(cues)) == cues
