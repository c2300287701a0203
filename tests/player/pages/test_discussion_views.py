"""/w/<id>/discussion for viewers: the page, the tab's fragment, the tab on the watch page."""

from __future__ import annotations

import pytest

from chapters.chat import read_chat
from chapters.chat.store import import_messages, set_flags
from tests.support.chat import OLD_ZOOM
from tests.support.html import dom
from tests.support.webinar import WID

pytestmark = pytest.mark.usefixtures("recorded")


@pytest.fixture
def discussion(webinars_dir, tmp_path):
    chat = tmp_path / "chat.txt"
    chat.write_text(OLD_ZOOM, encoding="utf-8")
    messages, _ = read_chat(chat)
    import_messages(webinars_dir / WID, messages)
    set_flags(webinars_dir / WID, messages[0].id, hidden=True)  # "Bonjour à tous", hidden
    return messages


def test_no_tab_without_a_discussion(client):
    page = client.get(f"/w/{WID}").get_data(as_text=True)
    assert 'data-tab="Discussion"' not in page
    assert client.get(f"/w/{WID}/discussion").status_code == 404


def test_tab_page_and_fragment(client, discussion):
    watch = dom(client.get(f"/w/{WID}").get_data(as_text=True))
    panel = watch.one("div", id="discussion-tab")
    assert panel.attrs["data-tab"] == "Discussion" and panel.classes == ["tabpanel"]
    holder = panel.one("div", id="discussion-holder")
    assert holder.attrs["data-hx-get"] == f"/w/{WID}/fragments/discussion.html"
    assert holder.one("a").attrs["href"] == f"/w/{WID}/discussion"  # without JavaScript: the page

    page = client.get(f"/w/{WID}/discussion")
    fragment = client.get(f"/w/{WID}/fragments/discussion.html")
    assert page.status_code == fragment.status_code == 200
    assert not fragment.get_data(as_text=True).lstrip().startswith("<!doctype")
    for answer in (page, fragment):
        html = answer.get_data(as_text=True)
        items = dom(html).one("div", id="discussion").all("li")
        # the hidden message is never sent; the private one was never read; no address
        assert [li.attrs["data-time"] for li in items] == ["130.0", "180.0"]
        assert "Bonjour à tous" not in html and "secret" not in html and "example.org" not in html
        links = [li.one("a") for li in items]
        assert [a.attrs["href"] for a in links] == [f"/w/{WID}?t=2m10s", f"/w/{WID}?t=3m"]
        assert [a.attrs["data-seek"] for a in links] == ["130.0", "180.0"]
        assert "question" in links[0].text() and "question" not in links[1].text()


def test_static_export_writes_the_page_and_the_tab(runner, discussion, tmp_path):
    out = tmp_path / "site"
    result = runner.invoke(args=["freeze", str(out)])
    assert result.exit_code == 0, result.output
    page = (out / f"w/{WID}/discussion/index.html").read_text(encoding="utf-8")
    fragment = (out / f"w/{WID}/fragments/discussion.html").read_text(encoding="utf-8")
    assert "Où trouver les diapositives ?" in page and "Où trouver les diapositives ?" in fragment
    watch = dom((out / f"w/{WID}/index.html").read_text(encoding="utf-8"))
    assert watch.one("div", id="discussion-holder").attrs["data-hx-get"] == f"/w/{WID}/fragments/discussion.html"


def test_a_message_is_text_never_markup(client, webinars_dir, tmp_path):
    chat = tmp_path / "chat.txt"
    chat.write_text('00:00:10\t From  Eve : <script>alert("x")</script> & <b>gras</b>\n', encoding="utf-8")
    import_messages(webinars_dir / WID, read_chat(chat)[0])
    html = client.get(f"/w/{WID}/fragments/discussion.html").get_data(as_text=True)
    assert "<script>alert" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;gras&lt;/b&gt;" in html
