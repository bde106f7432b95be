"""The request and reply models of the HTTP API (CONTRACT.md, "HTTP API"), for parsing and /openapi.json.

Pydantic only, no FastAPI: worker processes import this module to receive the parsed request.
"""
from __future__ import annotations

from typing import Annotated, Literal, Optional

from pydantic import BaseModel, BeforeValidator, Field

NOT_BLANK = r"\S"  # for /openapi.json; the endpoint itself says "documents[i].text is empty"


class Options(BaseModel):
    max_words: int = Field(200, ge=20, le=2000, description="Length budget in syllables, a hard bound.")
    format: Literal["json", "text", "html", "timeline"] = "json"
    order: Literal["time", "source"] = Field("time", description="time: dated sentences in date order, then the "
                                                                  "rest; source: by document and position.")
    include_text: bool = Field(False, description="Extension: add each document's decoded text "
                                                  "(documents[].text, which start/end index) to the JSON.")


class DocumentIn(BaseModel):
    text: str
    title: Optional[str] = None
    source: Optional[str] = None
    html: bool = Field(False, description="text is an HTML page: extract the article first.")
    date: Optional[str] = Field(None, description="The article's publication date, ISO 8601 (\"2022-01-13\").")
    url: Optional[str] = Field(None, description="The article's address; kept in documents[i].url.")
    id: Optional[str] = Field(None, description="The article's own id; kept in documents[i].id.")
    outlet: Optional[str] = Field(None, description="The site or agency that published it; kept in documents[i].outlet.")
    author: Optional[str] = Field(None, description="The article's author; kept in documents[i].author.")
    captions: Optional[list[str]] = Field(None, description="Photo captions given apart from the text; sentences "
                                          "of the text that repeat one are dropped as captions.")


def _text_as_document(value):
    """A plain string is one article's text, as `tomtat.summarize` accepts it."""
    return {"text": value} if isinstance(value, str) else value


class SummarizeJSON(Options):
    documents: list[Annotated[DocumentIn, BeforeValidator(_text_as_document)]] = Field(
        description="The articles of one cluster: objects, or plain strings (one article's text each, "
                    "as `tomtat.summarize` accepts).")

    @classmethod
    def openapi_schema(cls, max_documents: int) -> dict:
        """The JSON schema as the endpoint checks it: a document may also be a plain string, there are
        1..max_documents of them, and a text holds something besides white space."""
        schema = cls.model_json_schema(ref_template="#/components/schemas/{model}")
        docs = schema["properties"]["documents"]
        docs["items"] = {"anyOf": [docs["items"], {"type": "string", "pattern": NOT_BLANK}]}
        docs.update(minItems=1, maxItems=max_documents)
        schema["$defs"]["DocumentIn"]["properties"]["text"]["pattern"] = NOT_BLANK
        return schema


class ArticleIn(BaseModel):
    """One feed article, as a line of `tomtat cluster`'s articles JSONL: `text` (or `raw_text`), or `html`."""

    text: Optional[str] = None
    raw_text: Optional[str] = None
    html: Optional[str] = Field(None, description="An HTML page: the article is extracted from it.")
    title: Optional[str] = None
    date: Optional[str] = Field(None, description="Publication date, ISO 8601; without it a dateline is looked for.")
    url: Optional[str] = None
    id: Optional[str] = None
    source: Optional[str] = Field(None, description="The outlet (a site or agency name).")
    captions: Optional[list[str]] = Field(None, description="Photo captions given apart from the text; sentences "
                                          "of the text that repeat one are dropped as captions.")


class DigestOptions(BaseModel):
    max_words: int = Field(200, ge=20, le=2000, description="Budget of each story's summary, in syllables.")
    format: Literal["json", "html", "text"] = "json"
    min_size: int = Field(2, ge=1, description="Summarize stories of at least this many articles.")
    top: Optional[int] = Field(None, ge=1, description="Only the K largest stories.")


class DigestJSON(DigestOptions):
    articles: list[Annotated[ArticleIn, BeforeValidator(_text_as_document)]] = Field(
        description="The feed: article objects, or plain strings (one article's text each).")

    @classmethod
    def openapi_schema(cls, max_articles: int) -> dict:
        schema = cls.model_json_schema(ref_template="#/components/schemas/{model}")
        items = schema["properties"]["articles"]
        items["items"] = {"anyOf": [items["items"], {"type": "string", "pattern": NOT_BLANK}]}
        items.update(minItems=1, maxItems=max_articles)
        return schema


class ErrorOut(BaseModel):
    detail: str = Field(description="What was wrong, in one line.")


class HealthOut(BaseModel):
    status: Literal["ok"]
    version: str


class SentenceDateOut(BaseModel):
    value: str = Field(description="ISO 8601 to the precision written (\"2019-07-18\", \"2021-11\", \"-07-18\").")
    precision: Literal["day", "month", "year"]
    basis: Literal["text", "document", "inferred"]
    role: Optional[str] = Field(None, description="What the expression is: event, statement or deadline (basis text).")
    start: Optional[int] = None
    end: Optional[int] = None


class SentenceOut(BaseModel):
    text: str
    doc: int = Field(description="Index into `documents`; in a digest, into the thread's source list (its [n] is doc + 1).")
    source: str
    sentence: int = Field(description="Index of the sentence within its cleaned document.")
    start: int = Field(description="Offset (code points) of the sentence in the document's text.")
    end: int
    date: Optional[SentenceDateOut] = None
    event: Optional[str] = Field(None, description="Digest timelines only: the event (story-NNNNN) the sentence tells.")


class DocumentOut(BaseModel):
    doc: int
    source: str
    title: str
    date: Optional[str] = Field(None, description="Publication date, ISO 8601, as precise as known.")
    date_basis: Optional[Literal["metadata", "dateline"]] = None
    text: Optional[str] = Field(None, description="The decoded text (only with include_text).")
    url: Optional[str] = Field(None, description="The article's address, when given (a document's or feed article's "
                                                  "`url`, a page's canonical URL).")
    id: Optional[str] = Field(None, description="The article's own id, when given.")
    outlet: Optional[str] = Field(None, description="The article's outlet, when given (a document's `outlet`, a feed's "
                                                     "`source` field, a page's og:site_name).")
    author: Optional[str] = Field(None, description="The article's author, when given (a page's metadata).")
    origin: Optional[str] = Field(None, description="Where `tomtat cluster` read the article (feed.jsonl:LINE), for "
                                                     "the documents of a cluster line.")
    event: Optional[str] = Field(None, description="Digest timelines only: the event (story-NNNNN) of the article.")


class SummaryOut(BaseModel):
    """The summary JSON (CONTRACT.md); later fields may be added, none removed."""

    id: Optional[str] = None
    summary: str
    sentences: list[SentenceOut]
    documents: list[DocumentOut]


class EventOut(SummaryOut):
    """One event of a thread's timeline: its summary (one to three sentences), numbered like its thread."""

    id: str = Field(description="The event's id, story-NNNNN as `tomtat cluster` numbers it.")
    headline: str
    size: int = Field(description="How many articles the event has.")
    first_date: Optional[str] = None
    last_date: Optional[str] = None


class StoryOut(SummaryOut):
    """One summarized thread. A thread of one event is that event's summary (id story-NNNNN); a thread of
    several is a timeline (id thread-NNNNN): `events` oldest first, and summary/sentences/documents are
    all of theirs in that order."""

    headline: str = Field(description="The story's most central title (never a roundup title when another is at hand).")
    size: int = Field(description="How many articles the story has.")
    first_date: Optional[str] = None
    last_date: Optional[str] = None
    thread: Optional[str] = Field(None, description="The thread's id, thread-NNNNN.")
    thread_headline: Optional[str] = None
    outlets: list[str] = Field(default_factory=list, description="The outlets of its articles (the feed's `source`, "
                                                                   "else the link's host), in source-list order.")
    events: Optional[list[EventOut]] = Field(None, description="A thread of several events: its timeline, oldest "
                                                               "first (events without a date after).")


class OtherArticleOut(BaseModel):
    title: str
    source: str
    date: Optional[str] = None
    outlet: Optional[str] = None
    url: Optional[str] = None


class OtherNewsOut(BaseModel):
    """An event of a thread with fewer than min_size articles: listed, not summarized."""

    id: str = Field(description="The event's id, story-NNNNN.")
    thread: str
    headline: str
    size: int
    date: Optional[str] = Field(None, description="The date of the article carrying the headline, ISO 8601.")
    outlet: Optional[str] = None
    url: Optional[str] = None
    source: str
    articles: list[OtherArticleOut]


class DigestOut(BaseModel):
    articles: int = Field(description="Articles read from the request.")
    stories: int = Field(description="Events they form (singletons included).")
    threads: Optional[int] = Field(None, description="Threads the events form.")
    digest: list[StoryOut] = Field(description="The summarized threads, largest first.")
    other_news: list[OtherNewsOut] = Field(default_factory=list, description="Events too small to summarize.")
