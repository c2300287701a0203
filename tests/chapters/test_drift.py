"""check-chapters: the programme's chapter starts against where the captions introduce speakers."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
import webvtt

from chapters import drift
from chapters.store import StoreError, load_webinar, save_webinar
from chapters.timecode import to_clock, to_vtt
from chapters.transcript import read_cues
from player.media import demo
from player.media import voice
from tests.support.paths import ROOT

WID = "2021-05-04"
MINUS = "\u2212"

# The committed programme: 0:00, 6:05, 24:05, 40:25, 55:34, 1:10:00, 1:29:40; recording 1:45:00.
CUES = [
    (1, "<v Dominique Dasso>Bonjour à toutes et à tous, je suis Dominique Dasso, du GRAFIE."),
    # the opening reads the programme out: neither a listing nor a promise is an introduction
    (90, "Nous accueillons Florence Oulès, puis Cédric Hervé et Nicolas Auzière."),
    (120, "Florence Oulès interviendra tout à l'heure."),
    (362, "je passe la parole a florence oules, conseil regional"),  # 6:02, no accents, no capitals
    (900, "Cédric Hervé nous rejoindra : je lui passerai la parole."),  # 15:00, before the window
    (1320, "Comme chez Cédric Hervé, le travail partagé compte."),  # 22:00, named, not introduced
    (1449.6, "Je passe la parole\nà Cédric Hervé, de Capa'Cité"),  # 24:09.6
    (1475, "cedric herve, vous avez la parole"),  # a second introduction, later
    (2413, "Nicolas Auzière, Coorace."),  # 40:13, before the programme's 40:25
    (3000, "Cédric Hervé, je vous donne la parole pour réagir."),  # 50:00, after the window
    (3336, "<v Tarek Daher>Bonjour, merci pour l'invitation."),  # 55:36, only his voice
    (3345, "<v Tarek Daher>Les régies de quartier répondent à des besoins sociaux."),
    (5385, "Place à France Active Île-de-France."),  # 1:29:45, the organisation alone
    (5700, "Nicolas Fescourt, Halage, voulez-vous ajouter un mot ?"),  # 1:35:00, not his window
]

REPORT = [
    "chapitre 1 : programme 0:00, Dominique Dasso annoncé à 0:01, +1 s",
    f"chapitre 2 : programme 6:05, Florence Oulès annoncé à 6:02, {MINUS}3 s",
    "chapitre 3 : programme 24:05, Cédric Hervé annoncé à 24:09, +4 s",
    f"chapitre 4 : programme 40:25, Nicolas Auzière annoncé à 40:13, {MINUS}12 s",
    "chapitre 5 : programme 55:34, Tarek Daher prend la parole à 55:36, +2 s",
    "chapitre 6 : programme 1:10:00, Nicolas Fescourt non trouvé entre 1:05:00 et 1:20:00",
    "chapitre 7 : programme 1:29:40, France Active Île-de-France annoncé à 1:29:45, +5 s",
    f"résumé : 6 chapitres sur 7 trouvés dans transcription.fr.vtt, 6 décalés (écart le plus "
    f"grand : {MINUS}12 s, chapitre 4), 1 non trouvé",
]


def vtt(cues: list[tuple[float, str]]) -> str:
    """WebVTT text written by webvtt-py, each cue four seconds long."""
    captions = [webvtt.Caption(to_vtt(t), to_vtt(t + 4), text.split("\n")) for t, text in cues]
    return webvtt.WebVTT(captions=captions).content


def write_captions(webinars_dir: Path, cues=CUES) -> Path:
    path = webinars_dir / WID / "transcription.fr.vtt"
    path.write_text(vtt(cues), encoding="utf-8")
    return path


def run(runner, *args):
    return runner.invoke(args=["check-chapters", *args])


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") or "tmp" in p.name)


# ---------------------------------------------------------------- the report


def test_report_one_line_per_chapter_and_a_summary(runner, webinars_dir):
    write_captions(webinars_dir)
    before = (webinars_dir / WID / "webinar.yaml").read_bytes()
    result = run(runner, WID)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[: len(REPORT)] == REPORT
    # without --apply the report says what --apply would do, and the file is untouched
    assert result.stdout.splitlines()[len(REPORT):] == [
        "chapitre 1 : --apply refuserait : le premier chapitre commence avec l'enregistrement",
        "--apply déplacerait 5 débuts de chapitre",
    ]
    assert result.stderr == ""
    assert (webinars_dir / WID / "webinar.yaml").read_bytes() == before


def test_the_default_webinar_is_the_committed_one(runner, webinars_dir):
    write_captions(webinars_dir)
    assert run(runner).stdout.splitlines()[: len(REPORT)] == REPORT


def test_json_gives_the_same_report_for_tools(runner, webinars_dir):
    write_captions(webinars_dir)
    result = run(runner, WID, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["webinar"] == WID and data["captions"] == "transcription.fr.vtt"
    assert data["window"] == {"before": 300, "after": 600}
    assert [c["line"] for c in data["chapters"]] == REPORT[:-1]
    assert data["summary"] == REPORT[-1]
    assert [c["status"] for c in data["chapters"]] == ["found"] * 5 + ["not_found", "found"]
    assert [c["drift"] for c in data["chapters"]] == [1, -3, 4, -12, 2, None, 5]
    assert [c["found"] for c in data["chapters"]] == [1, 362, 1449, 2413, 3336, None, 5385]
    assert all(type(c["found"]) in (int, type(None)) for c in data["chapters"])  # 1449, not 1449.0
    assert [c["how"] for c in data["chapters"]] == [
        "introduced", "introduced", "introduced", "introduced", "voice", None, "organisation"
    ]
    third = data["chapters"][2]
    assert third["id"] == "capa-cite" and third["programme_clock"] == "24:05"
    assert third["found_clock"] == "24:09" and third["who"] == "Cédric Hervé"
    assert third["cue"] == {"start": 1449.6, "text": "Je passe la parole\nà Cédric Hervé, de Capa'Cité",
                            "voice": None}
    assert data["chapters"][4]["cue"]["voice"] == "Tarek Daher"
    assert [(m["id"], m["to"], m["refused"] is None) for m in data["moves"]] == [
        ("ouverture", 1, False), ("relocalisations", 362, True), ("capa-cite", 1449, True),
        ("besoins-sociaux-iae", 2413, True), ("regies-de-quartier", 3336, True),
        ("france-active", 5385, True),
    ]
    assert data["applied"] is False


def test_window_option_widens_the_search(runner, webinars_dir):
    write_captions(webinars_dir)
    # 24 minutes after 1:10:00 is 1:34:00: the mention at 1:35:00 stays outside, 25 reach it
    result = run(runner, WID, "--window", "5m,24m")
    line = result.stdout.splitlines()[5]
    assert line == "chapitre 6 : programme 1:10:00, Nicolas Fescourt non trouvé entre 1:05:00 et 1:34:00"
    result = run(runner, WID, "--window", "5m,25m")
    assert result.stdout.splitlines()[5] == (
        "chapitre 6 : programme 1:10:00, Nicolas Fescourt annoncé à 1:35:00, +25 min"
    )


# ---------------------------------------------------------------- --apply


def test_apply_moves_the_starts_in_place_atomically(runner, webinars_dir):
    write_captions(webinars_dir)
    folder = webinars_dir / WID
    before = (folder / "webinar.yaml").read_text(encoding="utf-8").splitlines()
    result = run(runner, WID, "--apply")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[: len(REPORT)] == REPORT
    assert lines[len(REPORT):] == [
        "chapitre 1 : déplacement refusé, le premier chapitre commence avec l'enregistrement ; "
        "reste à 0:00",
        "chapitre 2 : 6:05 → 6:02",
        "chapitre 3 : 24:05 → 24:09",
        "chapitre 4 : 40:25 → 40:13",
        "chapitre 5 : 55:34 → 55:36",
        "chapitre 7 : 1:29:40 → 1:29:45",
        f"{folder / 'webinar.yaml'} : 5 débuts de chapitre déplacés",
    ]
    webinar = load_webinar(folder)
    assert [c.start for c in webinar.chapters] == [0, 362, 1449, 2413, 3336, 4200, 5385]
    # only the moved starts changed: comments, order and every other line are as they were
    after = (folder / "webinar.yaml").read_text(encoding="utf-8").splitlines()
    assert len(after) == len(before)
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert changed == [
        ('  start: "6:05"', '  start: "6:02"'),
        ('  start: "24:05"', '  start: "24:09"'),
        ('  start: "40:25"', '  start: "40:13"'),
        ('  start: "55:34"', '  start: "55:36"'),
        ('  start: "1:29:40"', '  start: "1:29:45"'),
    ]
    assert leftovers(folder) == []
    # a second run finds the programme where the captions are and changes nothing
    again = run(runner, WID, "--apply")
    assert again.exit_code == 0, again.output
    assert "chapitre 3 : programme 24:09, Cédric Hervé annoncé à 24:09, 0 s" in again.stdout
    assert again.stdout.splitlines()[-1] == f"{folder / 'webinar.yaml'} : aucun changement"
    assert (folder / "webinar.yaml").read_text(encoding="utf-8").splitlines() == after


def test_apply_refuses_a_reorder_and_a_start_past_the_end(runner, webinars_dir):
    # a wide window lets chapter 3's speaker be "found" after chapter 4's
    write_captions(webinars_dir, [
        (2280, "Je passe la parole à Cédric Hervé."),  # 38:00: +13:55
        (2160, "Nicolas Auzière, bonjour, vous avez la parole."),  # 36:00: -4:25
        (6360, "Jonathan Leveugle, de France Active, bonjour."),  # 1:46:00, after the end
    ])
    folder = webinars_dir / WID
    result = run(runner, WID, "--window", "10m,20m", "--apply")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "chapitre 3 : programme 24:05, Cédric Hervé annoncé à 38:00, +13 min 55 s" in lines
    assert f"chapitre 4 : programme 40:25, Nicolas Auzière annoncé à 36:00, {MINUS}4 min 25 s" in lines
    assert lines[-4:] == [
        "chapitre 3 : déplacement refusé, 38:00 ne vient pas avant le chapitre 4 (36:00) ; "
        "reste à 24:05",
        "chapitre 4 : 40:25 → 36:00",
        "chapitre 7 : déplacement refusé, 1:46:00 est après la fin de l'enregistrement (1:45:00) ; "
        "reste à 1:29:40",
        f"{folder / 'webinar.yaml'} : 1 début de chapitre déplacé",
    ]
    assert [c.start for c in load_webinar(folder).chapters] == [0, 365, 1445, 2160, 3334, 4200, 5380]


def test_of_two_colliding_moves_the_larger_is_refused_and_nothing_reorders():
    webinar = load_webinar(ROOT / "webinars" / WID)
    cues = read_cues(vtt([(2000, "Je passe la parole à Cédric Hervé."),
                          (2000, "Je passe la parole à Nicolas Auzière.")]))
    findings = drift.find_chapters(webinar, cues, drift.Window(1200, 1200))
    moves = drift.plan_moves(webinar, findings)
    assert [(m.chapter_id, m.new, m.refused is None) for m in moves] == [
        ("capa-cite", 2000, False), ("besoins-sociaux-iae", 2000, True)
    ]
    starts = [c.start for c in webinar.chapters]
    for m in moves:
        if m.refused is None:
            starts[m.number - 1] = m.new
    assert starts == sorted(set(starts))


def test_only_the_start_values_change_whatever_their_notation():
    text = (ROOT / "webinars" / WID / "webinar.yaml").read_text(encoding="utf-8")
    text = text.replace('  start: "24:05"', "  start: 24'05   # d'après le programme")
    text = text.replace('  start: "40:25"', "  start: 2425").replace("\n", "\r\n")
    out = drift.rewrite_starts(text, {"capa-cite": 1449, "besoins-sociaux-iae": 2413}, WID, "w.yaml")
    expected = text.replace("  start: 24'05   #", '  start: "24:09"   #')
    assert out == expected.replace("  start: 2425", '  start: "40:13"')
    with pytest.raises(StoreError, match="a changé"):
        drift.rewrite_starts(text, {"disparu": 10}, WID, "w.yaml")


def test_apply_refuses_a_file_changed_since_the_check(webinars_dir):
    folder = webinars_dir / WID
    webinar = load_webinar(folder)
    moves = drift.plan_moves(webinar, drift.find_chapters(webinar, read_cues(vtt(CUES))))
    path = folder / "webinar.yaml"
    edited = path.read_text(encoding="utf-8").replace('start: "24:05"', 'start: "24:06"')
    path.write_text(edited, encoding="utf-8")
    with pytest.raises(StoreError, match="a changé pendant la vérification"):
        drift.apply_moves(webinar, folder, moves)
    assert path.read_text(encoding="utf-8") == edited


def test_a_chapter_without_speaker_and_a_start_past_its_own_end():
    webinar = load_webinar(ROOT / "webinars" / WID)
    webinar.chapters[1].speakers = []
    webinar.chapters[2].end = 1450  # chapter 3 ends at 24:10
    cues = read_cues(vtt([(370, "Je passe la parole à Florence Oulès."),
                          (1460, "Je passe la parole à Cédric Hervé.")]))
    findings = drift.find_chapters(webinar, cues)
    assert drift.report_line(findings[1]) == "chapitre 2 : programme 6:05, aucun intervenant au programme"
    assert findings[1].status == "no_speaker"
    [move] = drift.plan_moves(webinar, findings)
    assert drift.move_line(move) == (
        "chapitre 3 : déplacement refusé, 24:20 n'est pas avant la fin du chapitre (24:10) ; "
        "reste à 24:05"
    )
    assert drift.summary_line(findings, "x.vtt") == (
        "résumé : 1 chapitre sur 7 trouvé dans x.vtt, 1 décalé (écart le plus grand : +15 s, "
        "chapitre 3), 5 non trouvés, 1 sans intervenant"
    )


# ---------------------------------------------------------------- matching


@pytest.mark.parametrize(
    "text, found",
    [
        ("CÉDRIC HERVÉ, à vous.", 1500),  # capitals and accents, the cue starts with the name
        ("Avec cedric herve, de la Fondation de l'Armée du Salut.", 1500),  # name and organisation
        ("Je laisse la parole à M. Hervé.", 1500),  # the last name alone is distinctive
        ("Bienvenue à Capa'Cité et à GERES Restauration.", 1500),  # organisation only
        ("Cédric Hervé prendra la parole tout à l'heure.", None),  # a promise
        ("Nous accueillons Cédric Hervé puis Nicolas Auzière.", None),  # a listing
        ("Le travail de Cédric Hervé est connu.", None),  # named, not introduced
        ("Je passe la parole à Cédric.", None),  # a first name is no one's in particular
    ],
)
def test_introductions_are_recognised_in_the_programmes_spellings(text, found):
    webinar = load_webinar(ROOT / "webinars" / WID)
    findings = drift.find_chapters(webinar, read_cues(vtt([(1500, text)])))
    assert findings[2].found == found


def test_a_misspelling_from_the_questions_is_accepted():
    webinar = load_webinar(ROOT / "webinars" / WID)  # q5 is answered by "Nicolas Flescourt"
    findings = drift.find_chapters(webinar, read_cues(vtt([(4210, "Je passe la parole à M. Flescourt.")])))
    assert (findings[5].found, findings[5].who) == (4210, "Nicolas Fescourt")


def test_an_introduction_split_over_two_cues():
    webinar = load_webinar(ROOT / "webinars" / WID)
    cues = read_cues(vtt([(1446, "Merci Florence Oulès. Je vais maintenant passer la parole"),
                          (1449, "à notre invité de l'Armée du Salut : Cédric Hervé.")]))
    assert drift.find_chapters(webinar, cues)[2].found == 1449


def test_an_introduction_comes_before_a_voice():
    webinar = load_webinar(ROOT / "webinars" / WID)
    cues = read_cues(vtt([(1440, "<v Cédric Hervé>Bonjour."), (1452, "Cédric Hervé, de Capa'Cité.")]))
    finding = drift.find_chapters(webinar, cues)[2]
    assert (finding.found, finding.how) == (1452, drift.INTRODUCED)


@pytest.mark.parametrize("seconds, text", [(4, "+4 s"), (-12, f"{MINUS}12 s"), (0, "0 s"),
                                           (0.4, "0 s"), (2.5, "+3 s"), (-0.6, f"{MINUS}1 s")])
def test_drift_is_signed_and_rounded_to_the_second(seconds, text):
    assert drift.format_drift(seconds) == text


# ---------------------------------------------------------------- the stand-in's own captions


def test_the_speaking_stand_in_drifts_by_its_announcement_delay(runner, webinars_dir):
    """A short stand-in of the committed programme, voiced by espeak-ng: each announcement
    ("Chapitre 3. Cédric Hervé, Capa'Cité.") is said ANNOUNCE_AT seconds after its chapter."""
    assert voice.espeak_exe(), "espeak-ng is needed (scripts/setup installs it)"
    folder = webinars_dir / WID
    webinar = load_webinar(folder)
    for i, chapter in enumerate(webinar.chapters):
        chapter.start = 20.0 * i
    webinar.recording.duration = 20.0 * len(webinar.chapters)
    save_webinar(webinar, folder)
    demo.make_demo_recording(webinar, folder / "media" / "demo.mp4")

    data = json.loads(run(runner, WID, "--format", "json").stdout)
    assert data["captions"] == "demo.fr.vtt"
    delay = math.floor(voice.ANNOUNCE_AT)  # cue times are floored to the second
    assert [(c["status"], c["how"], c["drift"]) for c in data["chapters"]] == [
        ("found", "introduced", delay)
    ] * 7
    assert [c["cue"]["text"].split(".")[0] for c in data["chapters"]] == [
        f"Chapitre {n}" for n in range(1, 8)
    ]
    assert data["chapters"][2]["line"] == (
        f"chapitre 3 : programme 0:40, Cédric Hervé annoncé à {to_clock(40 + delay)}, +{delay} s"
    )

    result = run(runner, WID, "--apply")
    assert result.exit_code == 0, result.output
    assert [c.start for c in load_webinar(folder).chapters] == [0] + [20.0 * i + delay for i in range(1, 7)]
    assert leftovers(folder) == []


# ---------------------------------------------------------------- errors


def one_error_line(result) -> str:
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("erreur : "), result.stderr
    return lines[0]


def test_no_captions_and_no_slides(runner, webinars_dir):
    line = one_error_line(run(runner, WID))
    assert line == (
        f"erreur : ni transcription ni diapositives pour {WID} : ajoutez un fichier .vtt dans le "
        f"dossier du webinaire ({webinars_dir / WID}), lancez demo-recording, ou cherchez les "
        "diapositives avec la commande slides"
    )


def test_broken_captions(runner, webinars_dir):
    (webinars_dir / WID / "transcription.fr.vtt").write_text("pas du webvtt\n", encoding="utf-8")
    line = one_error_line(run(runner, WID))
    assert line == ("erreur : transcription.fr.vtt : WebVTT illisible : la première ligne doit "
                    "commencer par WEBVTT")


def test_unknown_webinar(runner, webinars_dir):
    line = one_error_line(run(runner, "inconnu"))
    assert line == (f"erreur : {webinars_dir / 'inconnu' / 'webinar.yaml'} : aucun webinaire "
                    "« inconnu » (fichier absent)")


@pytest.mark.parametrize("window", ["dix", "5m,10m,15m"])
def test_bad_window(runner, webinars_dir, window):
    write_captions(webinars_dir)
    assert one_error_line(run(runner, WID, "--window", window)).startswith("erreur : --window")


def test_unwritable_data_file(webinars_dir):
    """The real command, in a process that cannot write files: one line, the file unchanged."""
    write_captions(webinars_dir)
    folder = webinars_dir / WID
    before = (folder / "webinar.yaml").read_bytes()
    # the shell ignores SIGXFSZ and sets a zero file-size limit: every write to a regular file
    # then fails with EFBIG, as on a full disk or quota, whatever user runs the tests
    done = subprocess.run(
        ["bash", "-c", "trap '' XFSZ; ulimit -f 0; exec \"$@\"", "bash",
         sys.executable, "-m", "flask", "--app", f"app:create_app({{'WEBINARS_DIR': '{webinars_dir}'}})",
         "check-chapters", WID, "--apply"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stderr.splitlines() == [
        f"erreur : {folder / 'webinar.yaml'} : écriture impossible (fichier trop grand pour le système)"
    ]
    assert done.stdout == ""
    assert (folder / "webinar.yaml").read_bytes() == before
    assert leftovers(folder) == []


@pytest.mark.parametrize(
    "hostile, words",
    [
        ("chapters:\n- id: ouverture\n  start: 0\n  x: " + "[" * 600 + "]" * 600 + "\n", "imbrication"),
        ("base: &a {start: 0}\nchapters:\n- id: ouverture\n  start: 0\n  x: *a\n", "alias"),
        ("chapters:\n- id: ouverture\n  start: 0\n# " + "x" * 2_100_000 + "\n", "trop gros"),
    ],
)
def test_rewrite_goes_through_the_data_files_limits(hostile, words):
    """A hostile file gets the same one-line error from the rewrite as from any load."""
    with pytest.raises(StoreError) as caught:
        drift.rewrite_starts(hostile, {"ouverture": 3}, WID, "w.yaml")
    message = str(caught.value)
    assert words in message and message.startswith("w.yaml") and "\n" not in message
