"""A polite, bounded HTTP client for feeds and article pages.

- a User-Agent that names tomtat;
- robots.txt of each host read once and obeyed (RFC 9309: a 4xx robots.txt allows everything, a server error
  or no answer disallows the host for this run); its Crawl-delay is honoured up to MAX_CRAWL_DELAY;
- at most one request per host every `delay` seconds (or the Crawl-delay, when longer);
- connect and read timeouts, and a deadline for the whole body, so a server that trickles bytes cannot hold
  a run; a size cap (Content-Length checked first, then counted while reading);
- redirects followed by hand (at most MAX_REDIRECTS, each hop checked against robots.txt and the rate limit;
  a loop is an error);
- retries with exponential back-off on connection errors, timeouts, 429 and 5xx (Retry-After honoured up to
  MAX_RETRY_AFTER).
Every failure is a FetchError with a one-line reason; the caller warns and goes on.
"""
from __future__ import annotations

import time
import urllib.robotparser
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urljoin, urlsplit

import urllib3

from .. import __version__

USER_AGENT = f"tomtat/{__version__} (Vietnamese news summarizer; polite fetcher)"
ROBOTS_AGENT = "tomtat"
MAX_BYTES = 10 * 1024 * 1024
MAX_ROBOTS_BYTES = 512 * 1024
MAX_REDIRECTS = 5
MAX_CRAWL_DELAY = 30.0
MAX_RETRY_AFTER = 60.0
RETRY_STATUS = {429, 500, 502, 503, 504}
ACCEPTED = ("text/html", "application/xhtml+xml", "text/xml", "application/xml", "application/rss+xml",
            "application/atom+xml", "application/rdf+xml", "text/plain")


class FetchError(Exception):
    """A page that could not be fetched; the message is one line naming the URL. `retry`: worth trying again."""

    def __init__(self, message: str, retry: bool = False):
        super().__init__(message)
        self.retry = retry


@dataclass
class Page:
    url: str            # the final URL, after redirects
    status: int
    content_type: str
    data: bytes
    location: str = ""                 # a redirect's target (absolute)
    retry_after: float | None = None   # a 429/503's Retry-After, in seconds


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


class PoliteClient:
    def __init__(self, *, delay: float = 1.0, timeout: float = 20.0, deadline: float = 60.0, max_bytes: int = MAX_BYTES,
                 retries: int = 3, backoff: float = 1.0, robots: bool = True, user_agent: str = USER_AGENT,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic):
        self.delay, self.deadline, self.max_bytes = delay, deadline, max_bytes
        self.retries, self.backoff, self.use_robots, self.user_agent = retries, backoff, robots, user_agent
        self.sleep, self.clock = sleep, clock
        self.http = urllib3.PoolManager(retries=False, timeout=urllib3.Timeout(connect=min(10.0, timeout), read=timeout),
                                        headers={"User-Agent": user_agent,
                                                 "Accept": "text/html,application/xhtml+xml,application/rss+xml,"
                                                           "application/atom+xml,application/xml;q=0.9,*/*;q=0.5"})
        self._next: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._crawl_delay: dict[str, float] = {}

    # ------------------------------------------------------------ politeness

    def _wait_turn(self, origin: str) -> None:
        now = self.clock()
        ready = self._next.get(origin, now)
        if ready > now:
            self.sleep(ready - now)
        self._next[origin] = max(now, ready) + max(self.delay, self._crawl_delay.get(origin, 0.0))

    def _robots_for(self, origin: str) -> urllib.robotparser.RobotFileParser | None:
        """The host's rules; None = the host may not be fetched this run (robots.txt unreachable)."""
        if origin in self._robots:
            return self._robots[origin]
        parser = urllib.robotparser.RobotFileParser()
        try:
            page = self._request(origin + "/robots.txt", MAX_ROBOTS_BYTES, accept_any=True)
        except FetchError:
            self._robots[origin] = None
            return None
        if page.status >= 500:
            self._robots[origin] = None
            return None
        if 400 <= page.status < 500:
            parser.parse([])              # unavailable: everything allowed
        else:
            parser.parse(page.data.decode("utf-8", "replace").splitlines())
            delay = parser.crawl_delay(ROBOTS_AGENT)
            if delay:
                self._crawl_delay[origin] = min(float(delay), MAX_CRAWL_DELAY)
        self._robots[origin] = parser
        return parser

    def allowed(self, url: str) -> bool:
        if not self.use_robots:
            return True
        rules = self._robots_for(_origin(url))
        return rules is not None and rules.can_fetch(ROBOTS_AGENT, url)

    # ------------------------------------------------------------ requests

    def _request(self, url: str, max_bytes: int, accept_any: bool = False) -> Page:
        """One GET (no redirects followed), retried with back-off; a 3xx is returned as is."""
        origin = _origin(url)
        attempt = 0
        while True:
            self._wait_turn(origin)
            try:
                page = self._once(url, max_bytes, accept_any)
            except FetchError as err:
                if not err.retry or attempt >= self.retries:
                    raise
                wait = self.backoff * 2 ** attempt
            else:
                if page.status not in RETRY_STATUS or attempt >= self.retries:
                    return page
                wait = self.backoff * 2 ** attempt
                if page.retry_after is not None:
                    wait = max(wait, min(page.retry_after, MAX_RETRY_AFTER))
            attempt += 1
            self.sleep(wait)

    def _once(self, url: str, max_bytes: int, accept_any: bool) -> Page:
        started = self.clock()
        try:
            response = self.http.request("GET", url, preload_content=False, redirect=False)
        except urllib3.exceptions.HTTPError as err:
            raise FetchError(f"{url}: {_why(err)}", retry=True) from None
        try:
            status = response.status
            content_type = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if 300 <= status < 400 or status in RETRY_STATUS or status >= 400:
                location = response.headers.get("Location")
                return Page(url, status, content_type, b"", location=urljoin(url, location) if location else "",
                            retry_after=_retry_after(response.headers.get("Retry-After")))
            if not accept_any and content_type and not content_type.startswith(ACCEPTED):
                raise FetchError(f"{url}: not a page or feed ({content_type})")
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise FetchError(f"{url}: larger than the {max_bytes // 1024} KB limit ({int(length) // 1024} KB)")
            chunks, size = [], 0
            for chunk in response.stream(65536):
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"{url}: larger than the {max_bytes // 1024} KB limit")
                if self.clock() - started > self.deadline:
                    raise FetchError(f"{url}: too slow (no whole answer within {self.deadline:g} s)")
                chunks.append(chunk)
            return Page(url, status, content_type, b"".join(chunks))
        except urllib3.exceptions.HTTPError as err:
            raise FetchError(f"{url}: {_why(err)}", retry=True) from None
        finally:
            response.release_conn()

    def get(self, url: str) -> Page:
        """The page at `url` after redirects; FetchError (one line) when it cannot be had."""
        seen = set()
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            parts = urlsplit(current)
            if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
                raise FetchError(f"{url}: not an http(s) address ({current})")
            if current in seen:
                raise FetchError(f"{url}: redirect loop (back to {current})")
            seen.add(current)
            if not self.allowed(current):
                raise FetchError(f"{current}: disallowed by robots.txt (or robots.txt unreachable)")
            page = self._request(current, self.max_bytes)
            if 300 <= page.status < 400 and page.location:
                current = page.location
                continue
            if page.status >= 300:
                raise FetchError(f"{current}: HTTP {page.status}")
            return page
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")


def _why(err: Exception) -> str:
    reason = getattr(err, "reason", None)
    text = " ".join(str(reason or err).split())
    if isinstance(err, urllib3.exceptions.TimeoutError) or "timed out" in text.lower():
        return "timed out"
    return text or type(err).__name__


def _retry_after(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return float(value.strip())
    return None
