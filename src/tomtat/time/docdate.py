"""An article's own date: from a `date` field, from a news page's metadata, or from its dateline.

Only places that state the publication date count. A year in the body ("INF được ký ngày 8/12/1987")
never dates the article; the dateline itself is found by text/clean.py (a short line with a date and a
time, a "|" or a weekday, such as "Khánh Minh LDO | 13/01/2022 07:53").
"""
from __future__ import annotations

import datetime as dt
import json

from ..model import parse_date_field

# Meta tags that state when the article was published, most specific first.
_META_KEYS = ("article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
              "date", "dc.date", "dc.date.issued", "dcterms.created", "article:published", "itemprop:datepublished")

# trafilatura looks only at the page's metadata for the date (no guessing from its text), and the
# upper bound is fixed so the result does not depend on the day the command runs.
TRAFILATURA_DATE_PARAMS = {"original_date": True, "extensive_search": False, "max_date": "2099-12-31"}


def parse_iso_date(value) -> tuple[dt.date, str]:
    """'2022-01-13', '2022-01-13T07:53:00+07:00', '2022-01' or '2022' → (date, precision).

    The calendar date is taken as written (a time and offset after it are ignored). Raises ValueError.
    Strings only (what a JSONL or API field holds); the one parser is model.parse_date_field.
    """
    if not isinstance(value, str):
        raise ValueError(f"date {value!r} is not an ISO 8601 date string (e.g. \"2019-07-18\", \"2019-07\", \"2019\")")
    return parse_date_field(value)


def _json_ld_dates(node, found: list[str]) -> None:
    if isinstance(node, dict):
        value = node.get("datePublished")
        if isinstance(value, str):
            found.append(value)
        for child in node.values():
            if isinstance(child, (dict, list)):
                _json_ld_dates(child, found)
    elif isinstance(node, list):
        for child in node:
            _json_ld_dates(child, found)


def page_date(markup: str, extracted_date: str | None = None) -> tuple[dt.date, str, str] | None:
    """(date, precision, where) from a news page's JSON-LD, meta tags, or trafilatura's metadata date."""
    candidates: list[tuple[str, str]] = []
    try:
        import lxml.html

        tree = lxml.html.fromstring(markup)
    except Exception:   # unparsable markup: trafilatura's own date is all there is
        tree = None
    if tree is not None:
        for script in tree.xpath('//script[@type="application/ld+json"]'):
            found: list[str] = []
            try:
                _json_ld_dates(json.loads(script.text_content()), found)
            except (ValueError, RecursionError):
                continue
            candidates += [(v, "JSON-LD datePublished") for v in found]
        metas = {}
        for meta in tree.xpath("//meta[@content]"):
            for attr in ("property", "name", "itemprop"):
                key = (meta.get(attr) or "").strip().lower()
                if key:
                    metas.setdefault(key, meta.get("content"))
        for key in _META_KEYS:
            if key in metas:
                candidates.append((metas[key], f"meta {key}"))
        for node in tree.xpath('//*[@itemprop="datePublished"][@datetime]'):
            candidates.append((node.get("datetime"), "itemprop datePublished"))
    if extracted_date:
        candidates.append((extracted_date, "page metadata (trafilatura)"))
    for value, where in candidates:
        try:
            date, precision = parse_iso_date(value.strip())
        except (ValueError, AttributeError):
            continue
        return date, precision, where
    return None
