"""The plain text of any markup, for when the article extractor finds nothing.

trafilatura (through lxml) needs a page that looks like a page: a plain text that merely starts with
`<p>…</p>` yields nothing, and libxml2 drops everything below 256 levels of nesting. The standard
library's HTMLParser is a flat tokenizer with no tree and no depth limit, so it keeps every text node.
"""
from __future__ import annotations

from html.parser import HTMLParser

__all__ = ["strip_tags"]

# Text inside these is never article text.
_HIDDEN = frozenset({"script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object"})
# Tags that end a line of text (paragraphs, headings, list items, table rows, line breaks).
_BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure", "footer",
    "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
    "table", "td", "th", "tr", "ul", "body", "html", "title",
})


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.hidden = 0          # depth inside hidden elements (only these are counted: no tree kept)
        self.in_title = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag == "title":
            self.in_title = True
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN and self.hidden:
            self.hidden -= 1
        elif tag == "title":
            self.in_title = False
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.hidden:
            self.parts.append(data)


def strip_tags(markup: str) -> tuple[str, str]:
    """(text, title): the text nodes of markup outside scripts, styles and <head>, one line per block
    element, blank lines and runs of spaces collapsed; the <title> text apart."""
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    lines = (" ".join(line.split()) for line in "".join(collector.parts).split("\n"))
    return "\n".join(line for line in lines if line), " ".join("".join(collector.title).split())
