"""set-recording brings in the live chat replay a site keeps (yt-dlp's ``live_chat`` track), and
looks for the questions' answers in the captions it brings, against the fixture HTTP server:
real yt-dlp, no internet."""

from __future__ import annotations

from chapters.chat import read_discussion
from tests.support.answers import ANSWERED, CHAT, CUES
from tests.support.captions import write_vtt
from tests.support.chat import youtube_line
from tests.support.webinar import WID

PAGE = """<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{title}</title></head>
<body><video controls><source src="media/webinaire.mp4" type="video/mp4">
<track kind="subtitles" srclang="live_chat" src="media/{chat}"></video></body></html>
"""


def site_page(http_fixture, name: str, chat_name: str, chat: str) -> str:
    http_fixture.file(f"media/{chat_name}").write_text(chat, encoding="utf-8")
    http_fixture.file(name).write_text(PAGE.format(title="Avec discussion", chat=chat_name), encoding="utf-8")
    return http_fixture.url(name)


def test_live_chat_replay_imported_with_the_recording(runner, webinars_dir, http_fixture):
    chat = "\n".join([youtube_line(61_000, "Camille", [{"text": "Bonjour à tous"}]),
                      youtube_line(1_900_000, "Noé", [{"text": "Où est le support ?"}]),
                      youtube_line(7_000_000, "Léa", [{"text": "Merci"}])]) + "\n"
    url = site_page(http_fixture, "avec-discussion.html", "avec.live_chat.json", chat)
    result = runner.invoke(args=["set-recording", url, "--mode", "link"])
    assert result.exit_code == 0, result.output
    assert "discussion du direct : 3 message(s) lu(s), 3 nouveau(x)" in result.stdout
    # 7 000 s is past the end of the 6 400 s recording: kept at its end, the line named
    assert ("attention : live_chat.json:3: 1:56:40 est après la fin de l'enregistrement (1:46:40) : "
            "message gardé à la fin") in result.stderr
    kept = read_discussion(webinars_dir / WID)
    assert [(m.time, m.author, m.question) for m in kept] == [
        (61.0, "Camille", False), (1900.0, "Noé", True), (6400.0, "Léa", False)]
    assert not [p for p in (webinars_dir / WID / "media").iterdir() if p.name.startswith(".incoming-")]
    again = runner.invoke(args=["set-recording", url, "--mode", "link"])
    assert again.exit_code == 0 and "3 message(s) lu(s), 0 nouveau(x)" in again.stdout
    assert len(read_discussion(webinars_dir / WID)) == 3


def test_a_broken_chat_replay_warns_and_keeps_the_recording(runner, webinars_dir, http_fixture):
    url = site_page(http_fixture, "discussion-cassee.html", "cassee.live_chat.json", "pas du JSON\n")
    result = runner.invoke(args=["set-recording", url, "--mode", "link"])
    assert result.exit_code == 0, result.output
    assert ("attention : discussion du direct non importée : live_chat.json:1: format de discussion "
            "inconnu") in result.stderr
    assert not (webinars_dir / WID / "discussion.json").exists()
    assert (webinars_dir / WID / "recording.json").is_file()


def test_no_chat_track_no_discussion_step(runner, webinars_dir, http_fixture):
    result = runner.invoke(args=["set-recording", http_fixture.url("webinaire.html"), "--mode", "link"])
    assert result.exit_code == 0 and "discussion" not in result.output
    assert not (webinars_dir / WID / "discussion.json").exists()


CAPTIONED = """<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Sous-titré</title></head>
<body><video controls><source src="media/webinaire.mp4" type="video/mp4">
<track kind="subtitles" srclang="fr" src="media/sous-titres.vtt"></video></body></html>
"""


def test_captions_brought_by_set_recording_answer_the_questions(runner, webinars_dir, http_fixture, tmp_path):
    chat = tmp_path / "chat.txt"
    chat.write_text(CHAT, encoding="utf-8")
    assert runner.invoke(args=["import-chat", WID, str(chat)]).exit_code == 0  # no captions yet
    write_vtt(http_fixture.file("media/sous-titres.vtt"), CUES)
    http_fixture.file("sous-titre.html").write_text(CAPTIONED, encoding="utf-8")
    result = runner.invoke(args=["set-recording", http_fixture.url("sous-titre.html"), "--mode", "link"])
    assert result.exit_code == 0, result.output
    assert "réponses : 2 question(s) avec le moment de leur réponse" in result.stdout
    found = {m.author: m.answer_at for m in read_discussion(webinars_dir / WID) if m.question}
    assert found == ANSWERED
