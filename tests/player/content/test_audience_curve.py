"""The "most replayed" curve as pages get it (player/content/audience.py): only with enough
views, collecting on and the organiser's setting on; an unusable file gives none, never an error."""

from __future__ import annotations

from datetime import date

import pytest

from app import create_app
from chapters.audience import parse_beacon
from player.content import audience
from player.content.catalogue import get_webinar
from tests.support.webinar import WID


@pytest.fixture
def app(webinars_dir, tmp_path):
    return create_app({"TESTING": True, "WEBINARS_DIR": str(webinars_dir),
                       "AUDIENCE_PUBLIC_MIN_VIEWS": 3}, instance_path=str(tmp_path / "instance"))


def viewed(views: int, first: int = 0) -> None:
    """``views`` views each playing 1500-1530 twice (chapter capa-cite) and the start once."""
    webinar = get_webinar(WID)
    for n in range(first, first + views):
        body = ('{"v": 1, "w": "%s", "view": "%s", "seq": 0, '
                '"played": [[0, 10], [1500, 1530], [1500, 1530]]}' % (WID, f"curve{n:017d}"))
        audience.store().record(parse_beacon(body.encode()), audience.shape(webinar),
                                day=date.today(), now=1000.0 + n)


def test_the_curve_shows_where_the_recording_was_played_again(app):
    with app.test_request_context():
        viewed(2)
        assert audience.public_curve(get_webinar(WID)) is None  # 2 views: too few
    with app.test_request_context():
        audience.set_public_curve(WID, True)  # forgets the curve kept above
        viewed(1, first=2)
        curve = audience.public_curve(get_webinar(WID), bins=21)  # 300 s a bin
        assert len(curve) == 21 and curve[5] == 1.0 and sum(curve) == 1.0


def test_no_curve_when_the_organiser_or_the_settings_say_no(app):
    with app.test_request_context():
        viewed(3)
        audience.set_public_curve(WID, False)
        assert audience.public_curve(get_webinar(WID)) is None
        audience.set_public_curve(WID, True)
        assert audience.public_curve(get_webinar(WID)) is not None
        app.config["AUDIENCE"] = False
        assert audience.public_curve(get_webinar(WID)) is None


def test_an_unusable_file_gives_no_curve_and_no_error(app, tmp_path):
    (tmp_path / "instance").mkdir(exist_ok=True)
    (tmp_path / "instance" / "audience.sqlite").write_bytes(b"pas une base" * 200)
    with app.test_request_context():
        assert audience.public_curve(get_webinar(WID)) is None
