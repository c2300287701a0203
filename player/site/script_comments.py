"""Our JavaScript modules as browsers get them: without their comments, line for line.

The modules are written for the team (a quarter of their gzipped weight is comments) and sent to
viewers without them, with nothing else changed: every other character stays where it was, and a
comment over several lines leaves as many line breaks, so a line number in a browser's error
still points at the source file's line. No bundler, no renaming, no build step: the app strips
them when it packs the static folder (player/site/assets.py).
"""

from __future__ import annotations

import re

# After one of these, "/" starts a regular expression, not a division (the rule every
# hand-written JavaScript tokenizer uses; enough for our own modules, which the tests check
# against a real JavaScript tokenizer).
_BEFORE_REGEX = set("(,=:[!&|?{};+-*%<>~^")
_KEYWORDS_BEFORE_REGEX = {
    "return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case",
    "do", "else", "yield", "await",
}
_WORD = re.compile(r"[\w$]+")


class _Scanner:
    def __init__(self, source: str):
        self.src = source
        self.i = 0
        self.out: list[str] = []
        self.last = ""  # the last significant character or word emitted outside comments
        self.braces: list[bool] = []  # one per open "{": True when it is a template's "${"

    def emit(self, text: str) -> None:
        self.out.append(text)

    def copy_until(self, end: int) -> None:
        self.emit(self.src[self.i:end])
        self.i = end

    def regex_allowed(self) -> bool:
        return not self.last or self.last in _BEFORE_REGEX or self.last in _KEYWORDS_BEFORE_REGEX

    def trim_blanks(self) -> None:
        """Drop the spaces a comment leaves at the end of a line (code white space only)."""
        while self.out and self.out[-1] and self.out[-1][-1] in " \t":
            self.out[-1] = self.out[-1].rstrip(" \t")
            if self.out[-1]:
                break
            self.out.pop()

    def between_words(self, end: int) -> bool:
        before = self.out[-1][-1:] if self.out else ""
        after = self.src[end:end + 1]
        return bool(before.strip()) and bool(after.strip())

    def quoted(self, quote: str) -> None:
        src, j = self.src, self.i + 1
        while j < len(src) and src[j] != quote and src[j] != "\n":
            j += 2 if src[j] == "\\" else 1
        self.copy_until(min(j + 1, len(src)))
        self.last = quote

    def template(self) -> None:
        """From just inside a template literal to its end, or to a "${" (then code again)."""
        src, j = self.src, self.i
        while j < len(src):
            if src[j] == "\\":
                j += 2
            elif src[j] == "`":
                self.copy_until(j + 1)
                self.last = "`"
                return
            elif src.startswith("${", j):
                self.copy_until(j + 2)
                self.braces.append(True)
                self.last = "{"
                return
            else:
                j += 1
        self.copy_until(len(src))

    def regex(self) -> None:
        src, j, in_class = self.src, self.i + 1, False
        while j < len(src) and src[j] != "\n":
            c = src[j]
            if c == "\\":
                j += 2
                continue
            if c == "[":
                in_class = True
            elif c == "]":
                in_class = False
            elif c == "/" and not in_class:
                break
            j += 1
        j += 1
        while j < len(src) and (src[j].isalnum() or src[j] == "_"):  # its flags
            j += 1
        self.copy_until(min(j, len(src)))
        self.last = "/regex"

    def run(self) -> str:
        src = self.src
        while self.i < len(src):
            c = src[self.i]
            nxt = src[self.i + 1] if self.i + 1 < len(src) else ""
            if c == "/" and nxt == "/":
                end = src.find("\n", self.i)
                self.trim_blanks()
                self.i = len(src) if end < 0 else end
            elif c == "/" and nxt == "*":
                end = src.find("*/", self.i + 2)
                end = len(src) if end < 0 else end + 2
                breaks = src.count("\n", self.i, end)
                self.trim_blanks()
                # as many line breaks as the comment had; a comment inside a line still
                # separates the words on either side
                self.emit("\n" * breaks if breaks else " " if self.between_words(end) else "")
                self.i = end
            elif c in "'\"":
                self.quoted(c)
            elif c == "`":
                self.copy_until(self.i + 1)
                self.template()
            elif c == "/" and self.regex_allowed():
                self.regex()
            elif c == "{":
                self.braces.append(False)
                self.copy_until(self.i + 1)
                self.last = c
            elif c == "}":
                self.copy_until(self.i + 1)
                if self.braces and self.braces.pop():
                    self.template()
                else:
                    self.last = c
            elif c.isspace():
                self.copy_until(self.i + 1)
            else:
                word = _WORD.match(src, self.i)
                if word:
                    self.copy_until(word.end())
                    self.last = word.group()
                else:
                    self.copy_until(self.i + 1)
                    self.last = c
        return "".join(self.out)


def strip_comments(source: str) -> str:
    """``source`` (an ES module) without its comments, every line where it was.

    Strings, template literals (with code inside ``${}``) and regular expressions are kept as
    they are, ``//`` or ``/*`` inside them included; white space a comment leaves at the end
    of a line goes with it.
    """
    return _Scanner(source).run()
