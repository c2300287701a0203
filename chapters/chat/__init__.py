"""The audience's chat and questions: read from Zoom and YouTube files, kept in discussion.json."""

from chapters.chat.model import ChatError, Message
from chapters.chat.read import FILE_MAX, read_chat
from chapters.chat.store import (
    DiscussionError, import_messages, read_discussion, set_flags, visible, write_discussion,
)

__all__ = ["ChatError", "Message", "FILE_MAX", "read_chat", "DiscussionError", "import_messages",
           "read_discussion", "set_flags", "visible", "write_discussion"]
