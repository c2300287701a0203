"""One small HTML tree for every test that looks inside a page (stdlib parser, no browser).

    doc = dom(html)
    doc.one("main").all("a", cls="listen")      # elements, by tag, class and attributes
    doc.find("link", rel="canonical")            # their attribute dicts, exact names
    doc.tags                                     # every (tag, attrs) in document order
"""

from __future__ import annotations

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class Node:
    """An element (or the document) with its attributes, parent and children (nodes or text)."""

    def __init__(self, tag: str, attrs: dict, parent: Node | None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def text(self, skip: str | None = None) -> str:
        """The text inside, leaving out elements of class ``skip`` (e.g. visually-hidden)."""
        return "".join(
            c if isinstance(c, str) else c.text(skip)
            for c in self.children
            if isinstance(c, str) or skip is None or skip not in c.classes
        )

    def descendants(self) -> list[Node]:
        """Every element below, in document order."""
        found = []
        for child in self.children:
            if isinstance(child, Node):
                found.append(child)
                found.extend(child.descendants())
        return found

    def all(self, tag: str | None = None, cls: str | None = None, **attrs) -> list[Node]:
        """The elements below with this tag, class and attributes (``data_x`` means data-x)."""
        wanted = {k.replace("_", "-"): v for k, v in attrs.items()}
        return [
            n for n in self.descendants()
            if (tag is None or n.tag == tag) and (cls is None or cls in n.classes)
            and all(n.attrs.get(k) == v for k, v in wanted.items())
        ]

    def one(self, tag: str | None = None, cls: str | None = None, **attrs) -> Node:
        (node,) = self.all(tag, cls, **attrs)
        return node

    @property
    def tags(self) -> list[tuple[str, dict]]:
        """(tag, attributes) of every element below, in document order."""
        return [(n.tag, n.attrs) for n in self.descendants()]

    def find(self, tag: str, **attrs) -> list[dict]:
        """The attribute dicts of the ``tag`` elements whose attributes have these exact values."""
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#document", {}, None)

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def dom(html: str) -> Node:
    """The document's tree."""
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root
