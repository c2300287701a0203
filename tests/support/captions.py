"""Caption files written for the tests (webvtt-py writes them)."""

from __future__ import annotations

from pathlib import Path

import webvtt

from chapters.timecode import to_vtt

# Cues written to the tmp copy's transcription.fr.vtt: (start, end, voice, text).
CUES = [
    (12.0, 15.5, "Dominique Dasso", "Bonjour à toutes et à tous, bienvenue."),
    (1500.25, 1504.0, "Cédric Hervé", "La boulangerie solidaire ouvrira au printemps."),
    (3400.0, 3404.0, None, "Les régies emploient des habitants du quartier."),
    (5400.5, 5403.0, "Jonathan Leveugle", "Le financement passe par un prêt d'honneur."),
]


def write_vtt(path: Path, cues=CUES) -> Path:
    """A WebVTT file through webvtt-py, voices as <v Name> spans."""
    captions = [
        webvtt.Caption(to_vtt(start), to_vtt(end), f"<v {voice}>{text}" if voice else text)
        for start, end, voice, text in cues
    ]
    path.write_text(webvtt.WebVTT(captions=captions).content, encoding="utf-8")
    return path
