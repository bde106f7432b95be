"""The plain text of any markup, for when the article extractor finds nothing.

trafilatura (through lxml) needs a page that looks like a page: a plain text that merely starts with
`<p>…</p>` yields nothing, and libxml2 drops everything below 256 levels of nesting. The standard
library's HTMLParser is a flat tokenizer with no tree and no depth limit, so it keeps every text node.
"""
from __future__ import annotations

from html.parser import HTMLParser

__all__ = ["page_metadata", "strip_tags"]

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


class _HeadReader(HTMLParser):
    """<link rel=canonical>, <meta property/name=... content=...> of a page, up to its <body>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, str] = {}
        self.done = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if self.done:
            return
        if tag == "body":
            self.done = True
            return
        values = {k.lower(): (v or "").strip() for k, v in attrs if k}
        if tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self.found.setdefault("canonical", values.get("href", ""))
        elif tag == "meta":
            key = (values.get("property") or values.get("name") or values.get("itemprop") or "").lower()
            if key and values.get("content"):
                self.found.setdefault(key, values["content"])

    handle_startendtag = handle_starttag


_HEAD_CHARS = 200_000   # metadata sits in <head>; a page's first 200,000 characters hold it


def _absolute(url: str) -> str:
    url = " ".join(url.split())
    return url if url.lower().startswith(("http://", "https://")) and " " not in url else ""


def page_metadata(markup: str) -> dict[str, str]:
    """Where a saved page comes from, as its metadata states it: `url` (link rel=canonical, else og:url),
    `outlet` (og:site_name, else application-name) and `author` (meta author, article:author). Only what
    the page states; absent keys are left out. Relative or non-http URLs are ignored."""
    reader = _HeadReader()
    try:
        reader.feed(markup[:_HEAD_CHARS])
        reader.close()
    except (AssertionError, ValueError, RecursionError):   # hostile markup: what was read so far still counts
        pass
    found = reader.found
    out: dict[str, str] = {}
    url = _absolute(found.get("canonical", "")) or _absolute(found.get("og:url", ""))
    if url:
        out["url"] = url
    outlet = found.get("og:site_name") or found.get("application-name") or ""
    if outlet.strip():
        out["outlet"] = " ".join(outlet.split())
    author = found.get("author") or found.get("article:author") or found.get("dc.creator") or ""
    if author.strip() and not author.lower().startswith(("http://", "https://")):
        out["author"] = " ".join(author.split())
    return out
