"""Where the project's own folders are, computed once from this package's place in the tree."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the folder that holds player/, chapters/, app.py
STATIC = ROOT / "static"
TEMPLATES = ROOT / "templates"
WEBINARS = ROOT / "webinars"
