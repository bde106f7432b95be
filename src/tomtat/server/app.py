"""The HTTP API and web page: a thin shell over `tomtat.pipeline.summarize` (CONTRACT.md, "HTTP API").

Requests are parsed and checked on the event loop (cheap); decoding and summarizing run in worker
threads under a time limit, so a slow cluster never stalls /healthz. Every error is `{"detail": str}`
with a 4xx status: client input never yields a 500.
"""
from __future__ import annotations

import json
import logging
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path
from typing import Callable, Literal, Optional

import anyio
from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field, ValidationError
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__, pipeline
from ..io.readers import ReadError, document_from_bytes, html_to_document, set_given_date
from ..model import Document
from . import Limits

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


class SummarizeJSON(Options):
    documents: list[DocumentIn]


class ErrorOut(BaseModel):
    detail: str


def json_documents(items: list[DocumentIn]) -> list[Document]:
    """Pasted articles → Documents; offsets index `text` as given (or the article extracted from HTML)."""
    docs = []
    for i, item in enumerate(items):
        source = item.source or f"document {i}"
        doc = html_to_document(item.text, source) if item.html else Document(text=item.text, source=source)
        doc.title = item.title or doc.title
        if item.date:
            set_given_date(doc, item.date, f"documents[{i}].date")
        docs.append(doc)
    return docs


def upload_documents(files: list[tuple[str, bytes]]) -> list[Document]:
    """Uploaded files → Documents, decoded exactly as the CLI decodes files (legacy encodings, HTML)."""
    return [document_from_bytes(data, name, name) for name, data in files]


def render(make_documents: Callable[[], list[Document]], options: Options) -> bytes:
    """Runs in a worker thread: decode, summarize, render, encode (so any failure is caught there)."""
    summary = pipeline.summarize(make_documents(), max_words=options.max_words, order=options.order)
    if options.format == "json" and options.include_text:
        data = summary.to_dict()
        for info, doc in zip(data["documents"], summary.cluster.documents):
            info["text"] = doc.text
        return (json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8")
    return summary.render(options.format).encode("utf-8")


def unprocessable(detail: str) -> HTTPException:
    return HTTPException(422, detail)


def check_count(n: int, what: str, limits: Limits) -> None:
    if n == 0:
        raise unprocessable(f"no documents: send at least one {what}")
    if n > limits.max_documents:
        raise unprocessable(f"too many documents: {n} (at most {limits.max_documents} per request)")


async def parse_json(request: Request, limits: Limits) -> tuple[Callable[[], list[Document]], Options]:
    body = await request.body()
    if not body.strip():
        raise unprocessable("empty body: send JSON {\"documents\": [{\"text\": ...}]} or multipart files")
    try:
        data = json.loads(body)
        # \ud800-style escapes decode to lone surrogates, which no reply could encode
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except json.JSONDecodeError as err:
        raise unprocessable(f"bad JSON: {err.msg} at line {err.lineno}, column {err.colno}") from None
    except UnicodeEncodeError:
        raise unprocessable("bad JSON: a string holds a lone surrogate escape (\\ud800-\\udfff), not text") from None
    except ValueError:
        raise unprocessable("bad JSON: the body is not UTF-8 text") from None
    except RecursionError:
        raise unprocessable("bad JSON: nested too deeply") from None
    if not isinstance(data, dict):
        raise unprocessable("bad JSON: the body must be an object with a \"documents\" list")
    if isinstance(data.get("documents"), list):
        check_count(len(data["documents"]), "document with text", limits)
    try:
        req = SummarizeJSON.model_validate(data)
    except ValidationError as err:
        raise unprocessable(describe_validation(err.errors())) from None
    for i, doc in enumerate(req.documents):
        if not doc.text.strip():
            raise unprocessable(f"documents[{i}].text is empty")
    return partial(json_documents, req.documents), req


async def parse_multipart(request: Request, limits: Limits) -> tuple[Callable[[], list[Document]], Options]:
    try:
        async with request.form(max_files=limits.max_documents + 1, max_fields=100) as form:
            uploads = form.getlist("files")
            check_count(len(uploads), "file in the field 'files'", limits)
            if not all(isinstance(u, UploadFile) for u in uploads):
                raise unprocessable("the field 'files' must hold uploaded files, not text")
            files = [(u.filename or f"file {i}", await u.read()) for i, u in enumerate(uploads)]
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
    return partial(upload_documents, files), options


def install_error_handlers(app: FastAPI) -> None:
    async def too_large(request: Request, err: BodyTooLarge) -> JSONResponse:
        return JSONResponse({"detail": str(err)}, status_code=413)

    async def invalid(request: Request, err: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": describe_validation(err.errors())}, status_code=422)

    async def crashed(request: Request, err: Exception) -> JSONResponse:
        log.exception("unexpected error on %s", request.url.path)
        return JSONResponse({"detail": "internal server error"}, status_code=500)

    app.add_exception_handler(BodyTooLarge, too_large)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(Exception, crashed)


def openapi_request_body() -> tuple[dict, dict]:
    """The two accepted bodies, for /openapi.json (the endpoint parses them itself)."""
    schema = SummarizeJSON.model_json_schema(ref_template="#/components/schemas/{model}")
    defs = schema.pop("$defs", {})
    form = {"type": "object", "required": ["files"], "properties": {
        "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
        "max_words": {"type": "integer", "minimum": 20, "maximum": 2000, "default": 200},
        "format": {"type": "string", "enum": ["json", "text", "html"], "default": "json"},
        "include_text": {"type": "boolean", "default": False}}}
    body = {"required": True, "content": {"application/json": {"schema": schema},
                                          "multipart/form-data": {"schema": form}}}
    return body, defs


def create_app(limits: Limits | None = None) -> FastAPI:
    limits = limits or Limits()
    workers = anyio.CapacityLimiter(limits.threads)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # Load the word segmenter and models once, before requests race to load them lazily.
        await anyio.to_thread.run_sync(pipeline.summarize, ["Khởi động máy chủ tóm tắt."])
        yield

    app = FastAPI(title="tomtat", version=__version__, lifespan=lifespan,
                  description="Tóm tắt nhiều bài báo tiếng Việt về một sự kiện, có dẫn nguồn từng câu.")
    app.state.limits = limits
    app.add_middleware(BodyLimit, max_mb=limits.max_body_mb)
    install_error_handlers(app)
    request_body, schemas = openapi_request_body()
    errors = {code: {"model": ErrorOut, "description": text} for code, text in
              ((413, "body over the size limit"), (422, "unusable input"), (503, "over the time limit"))}

    @app.get("/healthz")
    async def healthz() -> dict:
        return {"status": "ok", "version": __version__}

    @app.post("/v1/summarize", responses={200: {"content": {"text/plain": {}, "text/html": {}}}, **errors},
              openapi_extra={"requestBody": request_body})
    async def summarize(request: Request) -> Response:
        """Summarize one cluster: JSON documents or uploaded files (field `files`)."""
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype == "multipart/form-data":
            make_documents, options = await parse_multipart(request, limits)
        elif ctype in ("", "application/json") or ctype.endswith("+json"):
            make_documents, options = await parse_json(request, limits)
        else:
            raise HTTPException(415, f"unsupported content type {ctype!r}: "
                                     "send application/json or multipart/form-data")
        try:
            with anyio.fail_after(limits.timeout):
                content = await anyio.to_thread.run_sync(render, make_documents, options,
                                                         limiter=workers, abandon_on_cancel=True)
        except TimeoutError:
            raise HTTPException(503, f"the summary took longer than the {limits.timeout:g} s limit; "
                                     "send fewer or shorter documents") from None
        except (ReadError, pipeline.InputError) as err:
            raise unprocessable(str(err)) from None
        except Exception as err:  # a pipeline bug on odd input is still reported as that input's fault
            log.exception("summarize failed")
            raise unprocessable(f"these documents could not be summarized ({type(err).__name__}: {err})") from None
        return Response(content, media_type=MEDIA_TYPES[options.format])

    @app.get("/", include_in_schema=False)
    async def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Content-Security-Policy": PAGE_CSP})

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

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
