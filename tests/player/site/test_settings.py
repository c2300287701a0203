"""Settings from PLAYER_* environment variables and the instance folder's config.py; ProxyFix only when asked."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from app import create_app
from player.paths import ROOT

CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)">')


@pytest.fixture(autouse=True)
def no_player_env(monkeypatch):
    """The developer's own PLAYER_* variables must not leak into these tests."""
    import os

    for name in list(os.environ):
        if name.startswith("PLAYER_"):
            monkeypatch.delenv(name)


def canonical(response) -> str:
    assert response.status_code == 200
    return CANONICAL.search(response.get_data(as_text=True)).group(1)


def test_environment_sets_data_folder_default_webinar_and_public_url(
    monkeypatch, webinars_dir: Path, tmp_path: Path
):
    shutil.copytree(webinars_dir / "2021-05-04", webinars_dir / "2030-01-01")
    monkeypatch.setenv("PLAYER_WEBINARS_DIR", str(webinars_dir))
    monkeypatch.setenv("PLAYER_DEFAULT_WEBINAR", "2030-01-01")
    monkeypatch.setenv("PLAYER_PUBLIC_BASE_URL", "https://webinaires.example.org")
    app = create_app({"TESTING": True}, instance_path=str(tmp_path / "instance"))
    assert app.config["WEBINARS_DIR"] == str(webinars_dir)
    page = app.test_client().get("/")
    assert canonical(page) == "https://webinaires.example.org/w/2030-01-01"


def test_instance_config_file_is_read_and_environment_wins(monkeypatch, webinars_dir: Path, tmp_path: Path):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text(
        f"WEBINARS_DIR = {str(webinars_dir)!r}\n"
        "PUBLIC_BASE_URL = 'https://depuis-le-fichier.example.org'\n"
        "DEFAULT_WEBINAR = '2021-05-04'\n",
        encoding="utf-8",
    )
    app = create_app({"TESTING": True}, instance_path=str(instance))
    assert app.config["WEBINARS_DIR"] == str(webinars_dir)
    assert canonical(app.test_client().get("/")) == "https://depuis-le-fichier.example.org/w/2021-05-04"

    monkeypatch.setenv("PLAYER_PUBLIC_BASE_URL", "https://depuis-l-environnement.example.org")
    app = create_app({"TESTING": True}, instance_path=str(instance))
    assert canonical(app.test_client().get("/")).startswith("https://depuis-l-environnement.example.org/")


def test_test_config_overrides_environment(monkeypatch, webinars_dir: Path, tmp_path: Path):
    monkeypatch.setenv("PLAYER_WEBINARS_DIR", str(tmp_path / "nowhere"))
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(webinars_dir)}, instance_path=str(tmp_path / "i"))
    assert app.config["WEBINARS_DIR"] == str(webinars_dir)
    assert app.test_client().get("/").status_code == 200


FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "webinaires.example.org", "X-Forwarded-For": "203.0.113.9"}


def test_forwarded_headers_ignored_by_default(webinars_dir: Path, tmp_path: Path):
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(webinars_dir)}, instance_path=str(tmp_path / "i"))
    assert canonical(app.test_client().get("/", headers=FORWARDED)) == "http://localhost/w/2021-05-04"


def test_forwarded_headers_honoured_with_proxy_fix_from_environment(
    monkeypatch, webinars_dir: Path, tmp_path: Path
):
    monkeypatch.setenv("PLAYER_PROXY_FIX", "1")
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(webinars_dir)}, instance_path=str(tmp_path / "i"))
    client = app.test_client()
    assert canonical(client.get("/", headers=FORWARDED)) == "https://webinaires.example.org/w/2021-05-04"
    # without the headers, the request's own host as before
    assert canonical(client.get("/")) == "http://localhost/w/2021-05-04"


def test_proxy_fix_counts_per_header(webinars_dir: Path, tmp_path: Path):
    """A proxy trusted for the scheme only: the forwarded host is not believed."""
    app = create_app(
        {"TESTING": True, "WEBINARS_DIR": str(webinars_dir), "PROXY_FIX": {"x_proto": 1}},
        instance_path=str(tmp_path / "i"),
    )
    assert canonical(app.test_client().get("/", headers=FORWARDED)) == "https://localhost/w/2021-05-04"


def test_the_instance_folder_can_be_named_in_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PLAYER_INSTANCE_PATH", str(tmp_path / "ailleurs"))
    assert create_app({"TESTING": True}).instance_path == str(tmp_path / "ailleurs")
    # the tests' own apps never use the repository's instance/ (see tests/conftest.py)
    monkeypatch.undo()
    assert not create_app({"TESTING": True}).instance_path.startswith(str(ROOT))
