"""What the programme reader finds before the webinar is built: blocks of lines, rows of the
running order, questions, resources and contacts by theme."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Theme


@dataclass
class Block:
    """Consecutive non-blank lines, starting at a 1-based line number."""

    line: int
    lines: list[str]

    @property
    def first(self) -> str:
        return self.lines[0].strip()


@dataclass
class Row:
    line: int
    time: str
    start: int
    speaker: str
    content: str
    speaker_line: int = 0

    @property
    def label(self) -> str:
        """The time cell when it is a word ("Ouverture"): the slot's own name."""
        return "" if any(c.isdigit() for c in self.time) else self.time


@dataclass
class Item:
    line: int
    theme: str
    text: str
    more: list[str] = field(default_factory=list)  # wrapped lines, joined once read (linear)


@dataclass
class Asked:
    line: int
    text: str
    answered_by: str = ""
    answer_line: int = 0
    paragraphs: list[list[str]] = field(default_factory=list)
    more: list[str] = field(default_factory=list)  # wrapped lines, joined once read (linear)


@dataclass
class Rest:
    """What follows the running order: Q&A, then resources and contacts by theme."""

    part: str = "qa"
    theme: str | None = None
    blank: bool = False
    questions: list[Asked] = field(default_factory=list)
    resources: list[Item] = field(default_factory=list)
    contacts: list[Item] = field(default_factory=list)
    themes: dict[str, Theme] = field(default_factory=dict)


def split_blocks(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    current: Block | None = None
    for no, line in enumerate(lines, 1):
        if not line.strip():
            current = None
        elif current is None:
            current = Block(no, [line])
            blocks.append(current)
        else:
            current.lines.append(line)
    return blocks
