"""The HTTP API and web page: a thin shell over `tomtat.pipeline.summarize` (CONTRACT.md, "HTTP API").

Requests are parsed and checked on the event loop (cheap); decoding and summarizing run in worker
processes under a time limit (`pool.py`), so a slow cluster never stalls /healthz and a request past its
limit really stops. Every error is `{"detail": str}` with a 4xx status (or 503 for the time limit):
client input never yields a 500.
"""
from __future__ import annotations

import json
import logging
import re
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Callable, Optional

import anyio
from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import ValidationError
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from .. import __version__
from . import Limits, work
from .pool import WorkerDied, WorkerFailed, WorkerPool
from .schema import DigestJSON, DigestOptions, DigestOut, ErrorOut, HealthOut, Options, SummarizeJSON, SummaryOut

STATIC = Path(__file__).with_name("static")
MEDIA_TYPES = {"json": "application/json", "text": "text/plain; charset=utf-8",
               "html": "text/html; charset=utf-8", "timeline": "text/plain; charset=utf-8"}
# The page may load only what this server serves: the offline promise, and a second line against XSS.
PAGE_CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'"
log = logging.getLogger("tomtat.server")


class BodyTooLarge(Exception):
    """Raised while the body streams in, as soon as it passes the limit."""


class BodyLimit:
    """ASGI middleware: refuse bodies over the limit before anything parses them.

    A declared Content-Length over the limit is refused without reading; otherwise the bytes are
    counted as they arrive (chunked uploads, lying headers) and reading stops at the limit.
    """

    def __init__(self, app, max_mb: float) -> None:
        self.app, self.max_mb, self.max_bytes = app, max_mb, int(max_mb * 1024 * 1024)

    def message(self) -> str:
        return f"request body too large: at most {self.max_mb:g} MB"

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_bytes:
            return await JSONResponse({"detail": self.message()}, status_code=413)(scope, receive, send)
        seen = 0

        async def counted():
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise BodyTooLarge(self.message())
            return message

        await self.app(scope, counted, send)


def describe_validation(errors: list[dict]) -> str:
    """Pydantic's list of errors → one readable line ("documents[0].text: Field required; ...")."""
    parts = []
    for error in errors:
        loc = [p for p in error.get("loc", ()) if p != "body"]
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
        parts.append(f"{where}: {error.get('msg', 'invalid')}" if where else error.get("msg", "invalid"))
    return "; ".join(parts) or "invalid request"


def unprocessable(detail: str) -> HTTPException:
    return HTTPException(422, detail)


def check_count(n: int, what: str, limits: Limits) -> None:
    if n == 0:
        raise unprocessable(f"no documents: send at least one {what}")
    if n > limits.max_documents:
        raise unprocessable(f"too many documents: {n} (at most {limits.max_documents} per request)")


async def load_json_object(request: Request, example: str) -> dict:
    """The body as a JSON object; anything else is a one-line 422 (`example` shows what to send)."""
    body = await request.body()
    if not body.strip():
        raise unprocessable(f"empty body: send JSON {example}")
    try:
        data = json.loads(body)
        # \ud800-style escapes decode to lone surrogates, which no reply could encode
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except json.JSONDecodeError as err:
        raise unprocessable(f"bad JSON: {err.msg} at line {err.lineno}, column {err.colno}") from None
    except UnicodeEncodeError:
        raise unprocessable("bad JSON: a string holds a lone surrogate escape (\\ud800-\\udfff), not text") from None
    except ValueError:  # not UTF-8, or an integer too long to convert
        raise unprocessable("bad JSON: the body is not UTF-8 text, or holds a number too long to read") from None
    except RecursionError:
        raise unprocessable("bad JSON: nested too deeply") from None
    if not isinstance(data, dict):
        raise unprocessable(f"bad JSON: the body must be an object: {example}")
    return data


async def parse_json(request: Request, limits: Limits) -> work.Job:
    data = await load_json_object(request, '{"documents": [{"text": ...}]} or multipart files')
    if isinstance(data.get("documents"), list):
        check_count(len(data["documents"]), "document with text", limits)
    try:
        req = SummarizeJSON.model_validate(data, strict=True)  # JSON has types: "200" is not a number
    except ValidationError as err:
        raise unprocessable(describe_validation(err.errors())) from None
    for i, doc in enumerate(req.documents):
        if not doc.text.strip():
            raise unprocessable(f"documents[{i}].text is empty")
    options = Options.model_validate(req.model_dump(include=set(Options.model_fields)))
    return work.Job(options=options, documents=tuple(req.documents))


async def parse_digest(request: Request, limits: Limits) -> work.DigestJob:
    if body_kind(request.headers.get("content-type")) != "json":
        raise HTTPException(415, "unsupported content type: send application/json")
    data = await load_json_object(request, '{"articles": [{"text": ..., "title"?: ..., "date"?: ...}]}')
    articles = data.get("articles")
    if isinstance(articles, list):
        if not articles:
            raise unprocessable("no articles: send at least one article")
        if len(articles) > limits.max_articles:
            raise unprocessable(f"too many articles: {len(articles)} (at most {limits.max_articles} per request)")
    try:
        req = DigestJSON.model_validate(data, strict=True)
    except ValidationError as err:
        raise unprocessable(describe_validation(err.errors())) from None
    options = DigestOptions.model_validate(req.model_dump(include=set(DigestOptions.model_fields)))
    return work.DigestJob(options=options, articles=tuple(req.articles))


async def parse_multipart(request: Request, limits: Limits) -> work.Job:
    try:
        async with request.form(max_files=limits.max_documents + 1, max_fields=100) as form:
            uploads = form.getlist("files")
            check_count(len(uploads), "file in the field 'files'", limits)
            if not all(isinstance(u, UploadFile) for u in uploads):
                raise unprocessable("the field 'files' must hold uploaded files, not text")
            files = tuple([(u.filename or f"file {i}", await u.read()) for i, u in enumerate(uploads)])
            fields = {k: form[k] for k in Options.model_fields if k in form}
    except StarletteHTTPException as err:
        # Starlette's own multipart errors (too many files, malformed body) are client errors too.
        if err.status_code == 422:
            raise
        raise unprocessable(f"bad multipart body: {err.detail}") from None
    try:
        options = Options.model_validate(fields)
    except ValidationError as err:
        raise unprocessable(describe_validation(err.errors())) from None
    return work.Job(options=options, files=files)


def body_kind(content_type: Optional[str]) -> str:
    """"json", "multipart", or else the media type as given (→ 415). No header at all is taken as JSON."""
    if content_type is None:
        return "json"
    media = content_type.split(";")[0].strip().lower()
    if media == "multipart/form-data":
        return "multipart"
    if media == "application/json" or re.fullmatch(r"application/[\w.+-]+\+json", media):
        return "json"
    return content_type[:100]


def install_error_handlers(app: FastAPI) -> None:
    async def too_large(request: Request, err: BodyTooLarge) -> JSONResponse:
        return JSONResponse({"detail": str(err)}, status_code=413)

    async def invalid(request: Request, err: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": describe_validation(err.errors())}, status_code=422)

    async def gone(request: Request, err: ClientDisconnect) -> Response:
        # Nobody is left to read a reply; one line for the operator, no traceback.
        client = f"{request.client.host}:{request.client.port}" if request.client else "a client"
        log.info("%s %s: %s disconnected before sending the whole body", request.method, request.url.path, client)
        return Response(status_code=400)

    async def crashed(request: Request, err: Exception) -> JSONResponse:
        log.exception("unexpected error on %s", request.url.path)
        return JSONResponse({"detail": "internal server error"}, status_code=500)

    app.add_exception_handler(BodyTooLarge, too_large)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(ClientDisconnect, gone)
    app.add_exception_handler(Exception, crashed)


def openapi_request_body(limits: Limits) -> tuple[dict, dict]:
    """The two accepted bodies, for /openapi.json (the endpoint parses them itself)."""
    schema = SummarizeJSON.openapi_schema(limits.max_documents)
    defs = schema.pop("$defs", {})
    form = {"type": "object", "required": ["files"], "properties": {
        "files": {"type": "array", "items": {"type": "string", "format": "binary"},
                  "minItems": 1, "maxItems": limits.max_documents},
        "max_words": {"type": "integer", "minimum": 20, "maximum": 2000, "default": 200},
        "format": {"type": "string", "enum": ["json", "text", "html", "timeline"], "default": "json"},
        "order": {"type": "string", "enum": ["time", "source"], "default": "time"},
        "include_text": {"type": "boolean", "default": False}}}
    body = {"required": True, "content": {"application/json": {"schema": schema},
                                          "multipart/form-data": {"schema": form}}}
    return body, defs


def offline_fastapi(**kwargs) -> FastAPI:
    """FastAPI whose /docs (Swagger UI) and /redoc load their scripts and styles from this server, not from a CDN
    (fastapi-offline ships them), so the API docs work without the Internet."""
    try:
        from fastapi_offline import FastAPIOffline
    except ImportError:   # an install without it: FastAPI's own pages (blank offline)
        return FastAPI(**kwargs)
    return FastAPIOffline(**kwargs)


def create_app(limits: Limits | None = None, task: Optional[Callable[[work.Job], Any]] = None,
               store: Optional[str] = None) -> FastAPI:
    """The app; `task` replaces the worker's job function (tests: a slow or failing one, no warm-up).
    `store`: a story store (file or postgresql:// URL) whose digests, threads and search the app serves too;
    it must already be at this tomtat's schema version (open_store brings it there); raises StoreError if not."""
    limits = limits or Limits()
    pool = WorkerPool(limits.workers, task or work.run, warm=None if task else work.warm_up,
                      recycle_mb=limits.worker_max_rss_mb)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # Start and warm the workers before the first request, so it pays no start-up cost.
        await pool.wait_ready()
        try:
            yield
        finally:
            await pool.close()
            if store is not None:
                from .storepages import close

                close(app)

    app = offline_fastapi(title="tomtat", version=__version__, lifespan=lifespan,
                          description="Tóm tắt nhiều bài báo tiếng Việt về một sự kiện, có dẫn nguồn từng câu.")
    app.state.limits = limits
    app.state.pool = pool
    app.add_middleware(BodyLimit, max_mb=limits.max_body_mb)
    install_error_handlers(app)
    request_body, schemas = openapi_request_body(limits)
    digest_schema = DigestJSON.openapi_schema(limits.max_articles)
    schemas.update(digest_schema.pop("$defs", {}))
    digest_body = {"required": True, "content": {"application/json": {"schema": digest_schema}}}
    errors = {code: {"model": ErrorOut, "description": text} for code, text in (
        (413, "body over the size limit"), (415, "not a content type the endpoint reads"),
        (422, "unusable input: bad JSON, no documents, empty text, too many documents, max_words out of "
              "range, undecodable upload, or nothing to summarize"),
        (503, "over the per-request time limit (the work is stopped)"))}

    @app.get("/healthz", response_model=HealthOut)
    async def healthz() -> dict:
        return {"status": "ok", "version": __version__}

    @app.post("/v1/summarize", response_model=SummaryOut, responses={
        200: {"description": "the summary: JSON (format=json), plain text or an HTML page",
              "content": {"text/plain": {"schema": {"type": "string"}},
                          "text/html": {"schema": {"type": "string"}}}}, **errors},
              openapi_extra={"requestBody": request_body})
    async def summarize(request: Request) -> Response:
        """Summarize one cluster: JSON documents or uploaded files (field `files`)."""
        kind = body_kind(request.headers.get("content-type"))
        if kind == "multipart":
            job = await parse_multipart(request, limits)
        elif kind == "json":
            job = await parse_json(request, limits)
        else:
            raise HTTPException(415, f"unsupported content type {kind!r}: "
                                     "send application/json or multipart/form-data")
        return Response(await run_job(job, "summary", "documents"), media_type=MEDIA_TYPES[job.options.format])

    @app.post("/v1/digest", response_model=DigestOut, responses={
        200: {"description": "the digest: JSON (format=json), plain text or one HTML page",
              "content": {"text/plain": {"schema": {"type": "string"}},
                          "text/html": {"schema": {"type": "string"}}}}, **errors},
              openapi_extra={"requestBody": digest_body})
    async def digest(request: Request) -> Response:
        """Group a feed of articles into stories and summarize every story of at least `min_size` articles."""
        job = await parse_digest(request, limits)
        return Response(await run_job(job, "digest", "articles"), media_type=MEDIA_TYPES[job.options.format])

    async def run_job(job, what: str, items: str) -> bytes:
        """The job's reply bytes from a worker, under the time limit; its failures as 422 / 503."""
        try:
            with anyio.fail_after(limits.timeout):
                content = await pool.run(job)
        except TimeoutError:
            raise HTTPException(503, f"the {what} took longer than the {limits.timeout:g} s limit; "
                                     f"send fewer or shorter {items}") from None
        except (WorkerFailed, WorkerDied) as err:  # a pipeline bug on odd input is still that input's fault
            log.warning("%s failed: %s", what, err)
            raise unprocessable(f"these {items} could not be summarized ({err})") from None
        if isinstance(content, work.Unusable):
            raise unprocessable(content.detail)
        return content

    @app.get("/", include_in_schema=False)
    async def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Content-Security-Policy": PAGE_CSP})

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    if store is not None:
        from .storepages import install  # the store and its libraries load only when asked for

        install(app, store, limits, pool)

    def openapi() -> dict:
        if app.openapi_schema is None:
            from fastapi.openapi.utils import get_openapi

            spec = get_openapi(title=app.title, version=app.version, description=app.description,
                               routes=app.routes)
            spec.setdefault("components", {}).setdefault("schemas", {}).update(schemas)
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi
    return app
