"""Chat files as Zoom and YouTube write them, for the discussion's tests (chapters/chat/)."""

from __future__ import annotations

import json

OLD_ZOOM = (
    "00:01:05\t From  Jeanne Martin : Bonjour à tous\n"
    "00:02:10\t From  Paul Durand(paul.durand@example.org) : Où trouver les diapositives ?\n"
    "00:02:30\t From  Paul Durand to  Jeanne Martin(Privately) : secret entre nous\n"
    "00:03:00\t From  Amina : écrivez-moi à amina@example.org\n"
)
NEW_ZOOM = (
    "00:01:05 From Jeanne Martin to Everyone:\n"
    "\tBonjour à tous\n"
    "00:02:10 From Paul Durand to Everyone:\n"
    "\tQuelle est la date\n"
    "\tdu prochain webinaire ?\n"
    "00:02:30 From Paul Durand to Jeanne Martin(Direct Message):\n"
    "\tsecret entre nous\n"
    "00:04:00 From Amina to Everyone:\n"
    "\tMerci !\n"
)
CLOUD_ZOOM = "00:58:04\tAlex:\tCela dépend du public.\n00:58:20\tLéa:\tVraiment ?\n"


def youtube_line(ms: int, author: str, runs: list[dict]) -> str:
    """One line as yt-dlp's live chat downloader writes it."""
    return json.dumps({
        "clickTrackingParams": "CAEQl98BIhMI",
        "replayChatItemAction": {
            "actions": [{"addChatItemAction": {"item": {"liveChatTextMessageRenderer": {
                "message": {"runs": runs}, "authorName": {"simpleText": author},
                "id": f"id{ms}", "timestampUsec": "1620115200000000"}}, "clientId": "c"}}],
            "videoOffsetTimeMsec": str(ms)}}, ensure_ascii=False)


QA_CSV = (
    "Question and Answer Report\n"
    "Report Generated:,\"May 4, 2021 12:00:00\"\n"
    "Topic,Webinar ID,Actual Start Time,Actual Duration (minutes),# Question\n"
    "\"Industrie\",\"812 3456 7890\",\"May 4, 2021 10:00:00\",\"100\",\"2\"\n"
    "Question Details\n"
    "#,Question,Asker Name,Asker Email,Answer(s),Answered By,Question Time,Answer Time\n"
    "1,\"Comment financer un CQP\",\"Sophie Bernard\",\"sophie@example.org\",\"Par l'OPCO, voir la fiche.\","
    "\"Marc (marc@example.org)\",\"May 4, 2021 10:31:40\",\"May 4, 2021 10:35:00\"\n"
    "2,\"Et pour les TPE ?\",\"Luc\",\"luc@example.org\",\"live answered\",\"Marc\",\"May 4, 2021 10:50:00\",\"\"\n"
)
