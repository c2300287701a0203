"""Flask CLI commands: import-programme, export-chapters, demo-recording, set-recording."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Attach every command to the app's CLI."""
