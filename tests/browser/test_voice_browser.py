"""The speaking stand-in's captions in Chromium: the bar's button shows them, in step with the VTT."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from chapters.transcript import read_transcript
from player.media.demo import demo_captions
from tests.support.browser import wait_js
from tests.support.watch import TIMEOUT, VIDEO, open_watch, pause_at
from tests.support.webinar import WID

SUBTITLES = f"[...{VIDEO}.textTracks].find(t => t.kind === 'subtitles')"


def test_captions_button_shows_the_cue_of_the_vtt(page: Page, live_server, page_log, demo_recording):
    cues = read_transcript(demo_captions(demo_recording))
    # A cue of the third chapter spoken by Cédric Hervé, and the announcement of the fourth.
    chosen = [
        next(c for c in cues if c.voice == "Cédric Hervé"),
        next(c for c in cues if c.text.startswith("Chapitre 4.")),
    ]
    open_watch(page, f"{live_server}/w/{WID}")
    track = page.locator("#video track[kind=subtitles]")
    expect(track).to_have_attribute("srclang", "fr")
    expect(track).to_have_attribute("label", "Français")
    button = page.locator("#captions-toggle")
    expect(button).to_have_attribute("aria-pressed", "false")
    assert page.evaluate(f"{SUBTITLES}.mode") != "showing"

    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    assert page.evaluate(f"{SUBTITLES}.mode") == "showing"
    wait_js(page, f"{SUBTITLES}.cues && {SUBTITLES}.cues.length === {len(cues)}", timeout=TIMEOUT)

    for cue in chosen:
        pause_at(page, (cue.start + cue.end) / 2)
        wait_js(page, f"{SUBTITLES}.activeCues.length === 1", timeout=TIMEOUT)
        active = page.evaluate(
            f"(() => {{ const c = {SUBTITLES}.activeCues[0];"
            " return {start: c.startTime, end: c.endTime, raw: c.text,"
            " text: c.getCueAsHTML().textContent}; })()"
        )
        assert active["raw"].startswith(f"<v {cue.voice}>" if cue.voice else "Chapitre")
        assert abs(active["start"] - cue.start) < 0.001 and abs(active["end"] - cue.end) < 0.001
        assert " ".join(active["text"].split()) == " ".join(cue.text.split())

    button.click()  # and off again
    expect(button).to_have_attribute("aria-pressed", "false")
    assert page.evaluate(f"{SUBTITLES}.mode") == "disabled"
    assert page_log.errors() == []
