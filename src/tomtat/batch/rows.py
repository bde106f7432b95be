"""Turning one JSONL row into one output line: the unit of work every engine runs."""
from __future__ import annotations

from typing import Iterator

from ..io.readers import ReadError, Row, documents_from_row
from ..pipeline import InputError, summarize
from .jsonline import UnwritableId, dumps, written_id


def checked_rows(rows: Iterator[Row]) -> Iterator[Row]:
    """Rows whose id OUT can carry: lone surrogates replaced; an id that JSON cannot hold makes the
    row an error record (without that id), so every row still yields exactly one strict JSON line.
    """
    for row in rows:
        if row.error or row.id is None:
            yield row
            continue
        try:
            value = written_id(row.id)
        except UnwritableId as err:
            yield Row(row.line, None, str(err))
            continue
        yield row if value is row.id else Row(row.line, {**row.data, "id": value})


def error_record(row: Row, message: str) -> str:
    out: dict = {"line": row.line}
    if row.id is not None:
        out["id"] = row.id
    out["error"] = message
    return dumps(out)


def process_row(row: Row, in_name: str, max_words: int) -> tuple[str, bool]:
    """(JSON line without newline, ok). Never raises: a failure becomes an error record."""
    if row.error:
        return error_record(row, row.error), False
    try:
        docs = documents_from_row(row.data, f"{in_name}:{row.line}")
        summary = summarize(docs, max_words=max_words, cluster_id=row.id)
        return dumps(summary.to_dict()), True
    except (ReadError, InputError) as err:
        return error_record(row, str(err)), False
    except MemoryError:  # a cluster too big for this machine is that row's problem, not an internal error
        return error_record(row, "not enough memory to summarize this cluster"), False
    except Exception as err:  # a bug on one row must not lose the others
        return error_record(row, f"internal error: {type(err).__name__}: {err}"), False


def process_chunk(rows: list[Row], in_name: str, max_words: int) -> list[tuple[str, bool]]:
    """Several rows per task, so scheduling overhead stays small next to the summarizing itself."""
    return [process_row(row, in_name, max_words) for row in rows]


_WARM_TEXT = ("Sáng nay, mưa lớn kéo dài khiến nhiều tuyến phố ở Hà Nội ngập sâu. "
              "Lực lượng chức năng đã có mặt để phân luồng giao thông cho người dân.")


def warm_up() -> None:
    """Load the word segmenter, language data and trained model now, once per worker process.

    They are lazy singletons, so the first cluster a worker gets would otherwise pay for them; and a
    worker that cannot load them fails here, before it is given real rows.
    """
    summarize([_WARM_TEXT], max_words=30)


def init_local_worker(parent: int | None = None) -> None:
    """Initializer of a local worker process: die with the parent, leave Ctrl-C to it, then warm up."""
    import signal

    from .orphans import exit_with_parent

    exit_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    warm_up()
