"""Chapter starts proposed from the slide changes (issue 17, item 4): the change nearest the
programme's time in the window, a slide naming the chapter first; with captions, their finding
snapped to a slide change close by; said in one line with how far and why; --apply writes them."""

from __future__ import annotations

import json

from chapters import drift, slide_drift
from chapters.slides import Slide, Slides
from chapters.store import load_webinar
from chapters.transcript import Cue
from tests.support.paths import ROOT
from tests.support.slides import add_slides

WID = "2021-05-04"


def webinar():
    return load_webinar(ROOT / "webinars" / WID)


def deck(*changes: tuple[float, str | None]) -> Slides:
    starts = [t for t, _ in changes] + [6300.0]
    return Slides("demo.mp4", (1, 1), tuple(
        Slide(t, starts[i + 1], f"{i}.jpg", f"{i}.small.jpg", text) for i, (t, text) in enumerate(changes)
    ))  # fmt: skip


def test_a_slide_naming_the_chapter_wins_over_a_nearer_change():
    # chapter 2 is at 6:05 on paper; at 5:30 one more slide of the opening, at 7:12 its title
    slides = deck((0, "Ouverture"), (330, "Les intervenants du jour"),
                  (432.4, "Relocalisations industrielles\net sous-traitans inclusifs"))  # fmt: skip
    found = slide_drift.find_by_slides(webinar(), slides)[1]
    assert (found.found, found.how, found.status) == (432.0, slide_drift.SLIDE, "found")
    assert drift.report_line(found) == (
        "chapitre 2 : programme 6:05, diapositive « Relocalisations industrielles et "
        "sous-traitans… » à 7:12, +1 min 7 s (la diapositive nomme le chapitre)"
    )


def test_without_words_the_nearest_change_and_it_says_so():
    found = slide_drift.find_by_slides(webinar(), deck((0, None), (330, None), (432, None)))[1]
    assert found.found == 330
    assert drift.report_line(found) == (
        "chapitre 2 : programme 6:05, diapositive à 5:30, −35 s "
        "(changement de diapositive le plus proche)"
    )


def test_no_change_in_the_window_is_not_found():
    findings = slide_drift.find_by_slides(webinar(), deck((0, None), (5000, None)))
    assert findings[1].status == "not_found" and findings[1].found is None
    # the window: never back into the chapter before, ten minutes after by default
    assert findings[1].window == (65.0, 965.0)


def test_with_captions_their_finding_is_snapped_to_a_slide_change_close_by():
    cues = [Cue(428.5, 431.0, "Je passe la parole à Florence Oulès.")]
    slides = deck((0, None), (432.2, None), (1445, None))
    findings = slide_drift.find_starts(webinar(), cues, slides)
    second = findings[1]
    assert (second.found, second.how) == (432.0, drift.INTRODUCED)
    assert slide_drift.proposal_text(second) == "Florence Oulès annoncé à 7:08, diapositive à 7:12"
    assert drift.report_line(second) == (
        "chapitre 2 : programme 6:05, Florence Oulès annoncé à 7:08, +1 min 7 s "
        "(calé sur le changement de diapositive à 7:12)"
    )
    # where the captions found nothing, the slides' proposal stands
    assert (findings[2].found, findings[2].how) == (1445.0, slide_drift.SLIDE)
    # captions alone: as before
    alone = slide_drift.find_starts(webinar(), cues, None)[1]
    assert (alone.found, alone.why) == (428.0, "")


def test_check_chapters_with_slides_alone_proposes_and_applies(runner, recorded, webinars_dir):
    add_slides(recorded.parent, recorded.name, [(0, 300), (300, 432), (432, 1500), (1500, 2000)],
               ["Ouverture", "Le programme", "Relocalisations industrielles et sous-traitants inclusifs", "Capa'Cité"])  # fmt: skip
    result = runner.invoke(args=["check-chapters", WID, "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["captions"] is None and report["slides"] == 4
    second = report["chapters"][1]
    assert (second["found"], second["how"], second["why"]) == (432, "slide", "la diapositive nomme le chapitre")
    assert report["summary"].startswith("résumé : 3 chapitres sur 7 trouvés dans les 4 diapositives")
    result = runner.invoke(args=["check-chapters", WID, "--apply"])
    assert result.exit_code == 0, result.output
    assert "chapitre 2 : 6:05 → 7:12" in result.stdout
    assert [c.start for c in load_webinar(webinars_dir / WID).chapters][:3] == [0, 432, 1500]


def test_proposals_say_what_the_recording_says():
    slides = deck((0, None), (432.4, "Relocalisations industrielles et sous-traitants inclusifs"))
    assert slide_drift.proposal_text(slide_drift.find_by_slides(webinar(), slides)[1]) == "Diapositive à 7:12"
    heard = slide_drift.find_starts(webinar(), [Cue(430, 432, "Je passe la parole à Florence Oulès")], None)
    assert slide_drift.proposal_text(heard[1]) == "Florence Oulès annoncé à 7:10"
