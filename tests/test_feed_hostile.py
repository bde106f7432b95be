"""Hostile feeds for `tomtat cluster` / `tomtat digest`: odd file names, special files, stdin, bad arguments,
orphaned workers. Each case keeps every readable article and never ends in a traceback or "internal error"."""
import io
import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest
from stories_feed import STORIES, feed_rows

from tomtat.io.readers import ReadError
from tomtat.stories.cluster import cluster_articles, story_row
from tomtat.stories.digest import build_digest
from tomtat.stories.feed import Article, read_feed, read_stdin_feed

TEXTS = [obj["text"] for _, obj in feed_rows()]


def run(*args, stdin: str | None = None, timeout: float = 120):
    return subprocess.run([sys.executable, "-m", "tomtat", *args], capture_output=True, input=stdin,
                          encoding="utf-8", errors="strict", timeout=timeout)


def write_jsonl(path, objects):
    path.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects), encoding="utf-8")


def sources(out) -> list[str]:
    lines = out.read_bytes().decode("utf-8").splitlines()   # strict UTF-8: no lone surrogate was written
    return [d["source"] for line in lines for d in json.loads(line)["single_documents"]]


def no_crash(p) -> None:
    assert "Traceback" not in p.stderr and "internal error" not in p.stderr, p.stderr


# 1. a file name that is not UTF-8 -------------------------------------------------------------------------

def bad_name_folder(tmp_path):
    folder = tmp_path / "feed"
    folder.mkdir()
    for k, text in enumerate(TEXTS[1:]):
        (folder / f"a{k}.txt").write_text(text, encoding="utf-8")
    bad = os.path.join(os.fsencode(folder), b"bad\xff\xfename.txt")
    try:
        with open(bad, "wb") as fh:
            fh.write(TEXTS[0].encode("utf-8"))
    except OSError:
        pytest.skip("this file system refuses file names that are not UTF-8")
    return folder, bad


def test_undecodable_file_name_is_read_and_written_as_replacement_characters(tmp_path):
    folder, _ = bad_name_folder(tmp_path)
    out = tmp_path / "out.jsonl"
    p = run("cluster", str(folder), "-o", str(out), "--quiet")
    no_crash(p)
    assert p.returncode == 0 and p.stderr == ""
    found = sources(out)
    assert len(found) == len(TEXTS)                      # every article kept, the oddly named one too
    assert str(folder / "bad\ufffd\ufffdname.txt") in found


def test_undecodable_input_file_name_is_still_refused_as_output(tmp_path):
    folder, bad = bad_name_folder(tmp_path)
    p = subprocess.run([sys.executable, "-m", "tomtat", "cluster", os.fsencode(folder), "-o", bad, "--quiet"],
                       capture_output=True, timeout=120)
    assert p.returncode == 2 and b"is an input file" in p.stderr
    with open(bad, "rb") as fh:
        assert fh.read() == TEXTS[0].encode("utf-8")   # the article was not overwritten


# 2. an empty `text` falls through -----------------------------------------------------------------------

def test_empty_text_falls_through_to_raw_text_then_html(tmp_path):
    feed = tmp_path / "feed.jsonl"
    write_jsonl(feed, [{"text": "", "raw_text": TEXTS[0]},
                       {"text": "  \n", "raw_text": "", "html": f"<html><body><p>{TEXTS[1]}</p></body></html>"},
                       {"text": None, "raw_text": TEXTS[2]},
                       {"text": "", "raw_text": " ", "html": ""}])
    warnings = []
    arts = read_feed([str(feed)], warnings.append)
    assert [a.source for a in arts] == [f"{feed}:1", f"{feed}:2", f"{feed}:3"]
    assert arts[0].text == TEXTS[0] and arts[2].text == TEXTS[2]
    assert "Lũng Cú" in arts[1].text
    assert len(warnings) == 1 and f"{feed}:4" in warnings[0]


# 3. FIFOs and devices named *.jsonl ----------------------------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo") or not os.path.exists("/dev/zero"), reason="needs FIFOs and /dev/zero")
def test_fifo_and_device_named_jsonl_are_skipped_beside_a_good_feed(tmp_path):
    good = tmp_path / "good.jsonl"
    write_jsonl(good, [obj for _, obj in feed_rows()])
    fifo, zero = tmp_path / "feed.jsonl", tmp_path / "x.jsonl"
    os.mkfifo(fifo)
    zero.symlink_to("/dev/zero")
    out = tmp_path / "out.jsonl"
    start = time.monotonic()
    p = run("cluster", str(good), str(fifo), str(zero), "-o", str(out), timeout=60)
    no_crash(p)
    assert p.returncode == 0 and time.monotonic() - start < 60
    warnings = [line for line in p.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 2 and str(fifo) in warnings[0] and str(zero) in warnings[1]
    assert "not a regular file" in warnings[0]
    assert len(sources(out)) == len(TEXTS)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_alone_is_exit_2_one_line_without_blocking(tmp_path):
    fifo = tmp_path / "feed.jsonl"
    os.mkfifo(fifo)
    p = run("cluster", str(fifo), "-o", str(tmp_path / "out.jsonl"), timeout=60)
    assert p.returncode == 2 and p.stderr.count("\n") == 1 and str(fifo) in p.stderr


def test_inputs_that_give_nothing_are_skipped_with_a_warning_each(tmp_path):
    """An empty JSONL, a JSONL of nested arrays, a folder without article files, a binary file and an
    empty one in a folder, a file name holding a newline: warnings, and the good articles are kept."""
    good = tmp_path / "good.jsonl"
    write_jsonl(good, [{"text": t} for t in TEXTS[:3]])
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "nested.jsonl").write_text("[" * 100_000 + "]" * 100_000 + "\n" + '{"a":' * 50_000 + "1" + "}" * 50_000
                                           + "\n", encoding="utf-8")
    (tmp_path / "nothing").mkdir()
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "bin.txt").write_bytes(bytes(random.Random(0).randrange(256) for _ in range(5000)))
    (folder / "zero.txt").write_bytes(b"")
    (folder / "new\nline.txt").write_text(TEXTS[3], encoding="utf-8")
    warnings = []
    names = [good, tmp_path / "empty.jsonl", tmp_path / "nested.jsonl", tmp_path / "nothing", folder]
    arts = read_feed([str(p) for p in names], warnings.append)
    assert [a.text for a in arts] == TEXTS[:4]
    for name in ("empty.jsonl", "nested.jsonl:1", "nested.jsonl:2", "nothing", "bin.txt", "zero.txt"):
        assert any(name in w for w in warnings), (name, warnings)
    with pytest.raises(ReadError):
        read_feed([str(tmp_path / "empty.jsonl"), str(tmp_path / "nothing")], warnings.append)


def test_a_binary_file_named_jsonl_gives_a_bounded_number_of_warnings(tmp_path):
    good, binary = tmp_path / "good.jsonl", tmp_path / "binary.jsonl"
    write_jsonl(good, [{"text": t} for t in TEXTS[:2]])
    rnd = random.Random(0)
    binary.write_bytes(b"\n".join(bytes(rnd.randrange(128, 256) for _ in range(50)) for _ in range(500)))
    warnings = []
    arts = read_feed([str(good), str(binary)], warnings.append)
    assert [a.text for a in arts] == TEXTS[:2]
    assert len(warnings) <= 25 and all("binary.jsonl" in w for w in warnings)
    assert any("480 more bad lines" in w and "500 in all" in w for w in warnings), warnings


# 4. stdin --------------------------------------------------------------------------------------------------

def test_stdin_jsonl_and_separated_articles():
    rows = "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in TEXTS[:3])
    arts = read_stdin_feed(io.BytesIO(("\ufeff\n  \n" + rows).encode("utf-8")), print)
    assert [a.source for a in arts] == ["stdin:3", "stdin:4", "stdin:5"] and [a.text for a in arts] == TEXTS[:3]
    parts = "\n---\n".join(TEXTS[:3]) + "\n---\n   \n"
    arts = read_stdin_feed(io.BytesIO(parts.encode("utf-8")), print)
    assert [a.source for a in arts] == ["stdin#1", "stdin#2", "stdin#3"]
    assert [a.text.strip() for a in arts] == [t.strip() for t in TEXTS[:3]]
    with pytest.raises(ReadError, match="stdin"):
        read_stdin_feed(io.BytesIO(b"\n \n"), print)
    with pytest.raises(ReadError, match="limit"):            # endless blank lines: an error, not a hang
        read_stdin_feed(io.BytesIO(b"\n" * 5000), print, max_bytes=1000)


def test_cli_cluster_reads_jsonl_on_stdin(tmp_path):
    rows = [obj for _, obj in feed_rows()]
    out = tmp_path / "out.jsonl"
    p = run("cluster", "-", "-o", str(out), "--quiet",
            stdin="".join(json.dumps(o, ensure_ascii=False) + "\n" for o in rows))
    no_crash(p)
    assert p.returncode == 0, p.stderr
    assert sorted(sources(out)) == sorted(f"stdin:{k}" for k in range(1, len(rows) + 1))


def test_cli_digest_reads_separated_articles_on_stdin():
    d = run("digest", "-", "--format", "json", "--quiet", stdin="\n---\n".join(STORIES["fuel"]))
    no_crash(d)
    assert d.returncode == 0, d.stderr
    assert '"stdin#1"' in d.stdout and '"stdin#2"' in d.stdout


def test_stdin_cannot_be_combined_with_paths(tmp_path):
    feed = tmp_path / "feed.jsonl"
    write_jsonl(feed, [{"text": TEXTS[0]}])
    p = run("cluster", "-", str(feed), "-o", str(tmp_path / "out.jsonl"), stdin="")
    assert p.returncode == 2 and "stdin" in p.stderr and p.stderr.count("\n") == 1


# 5. workers die with a SIGKILLed parent ----------------------------------------------------------------------

def descendants(pid: int) -> list:
    """(pid, start time) of every process under pid, from psutil or /proc."""
    try:
        import psutil
    except ImportError:
        psutil = None
    if psutil is not None:
        try:
            return [(c.pid, c.create_time()) for c in psutil.Process(pid).children(recursive=True)]
        except psutil.Error:
            return []
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
                parents[int(entry)] = (int(fields[1]), fields[19])
            except (OSError, IndexError, ValueError):
                continue
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        kids = [(c, start) for c, (ppid, start) in parents.items() if ppid == p]
        found += kids
        todo += [c for c, _ in kids]
    return found


def alive(pid: int, start) -> bool:
    """The same process still runs (not a zombie, not a new process that reused the pid)."""
    try:
        import psutil

        try:
            proc = psutil.Process(pid)
            return proc.create_time() == start and proc.status() != psutil.STATUS_ZOMBIE
        except psutil.Error:
            return False
    except ImportError:
        try:
            with open(f"/proc/{pid}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            return False
        return fields[19] == start and fields[0] != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs Linux process listing")
def test_cluster_workers_die_with_a_sigkilled_parent(tmp_path):
    sentences = [s for t in TEXTS for s in t.replace("\n", ". ").split(". ")]
    rnd = random.Random(1)
    feed = tmp_path / "big.jsonl"
    write_jsonl(feed, [{"text": ". ".join(rnd.sample(sentences, 6)) + f" Bài số {i}."} for i in range(2000)])
    parent = subprocess.Popen([sys.executable, "-m", "tomtat", "cluster", str(feed), "-o", str(tmp_path / "o.jsonl"),
                               "--workers", "2", "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        workers = []
        while time.monotonic() < deadline and parent.poll() is None:
            workers = descendants(parent.pid)
            if len(workers) >= 2:
                time.sleep(0.3)   # let the workers get past their start-up
                workers = descendants(parent.pid)
                break
            time.sleep(0.05)
        assert parent.poll() is None and len(workers) >= 2, "the workers never started"
        parent.send_signal(signal.SIGKILL)
        parent.wait(10)
        end = time.monotonic() + 5
        while time.monotonic() < end and any(alive(*w) for w in workers):
            time.sleep(0.1)
        left = [w for w in workers if alive(*w)]
    finally:
        if parent.poll() is None:
            parent.kill()
    for pid, _ in left:   # clean up before failing
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    assert not left, f"{len(left)} of {len(workers)} child processes outlived their SIGKILLed parent"


# 6. bad arguments of the library calls ------------------------------------------------------------------------

def some_articles():
    return [Article(text=t, source=f"s{k}") for k, t in enumerate(TEXTS[:4])]


@pytest.mark.parametrize("kwargs, word", [
    ({"threshold": float("nan")}, "threshold"), ({"threshold": -0.5}, "threshold"), ({"threshold": 1.5}, "threshold"),
    ({"threshold": 0.0}, "threshold"), ({"threshold": "0.3"}, "threshold"), ({"window": -1}, "window"),
    ({"window": float("nan")}, "window"), ({"workers": 0}, "workers"), ({"workers": 1.5}, "workers"),
    ({"engine": "spark"}, "engine"), ({"neighbours": 0}, "neighbours"),
])
def test_bad_cluster_arguments_are_plain_value_errors(kwargs, word):
    with pytest.raises(ValueError, match=word):
        cluster_articles(some_articles(), **kwargs)


def test_no_articles_or_not_articles_is_a_plain_value_error():
    with pytest.raises(ValueError, match="no articles"):
        cluster_articles([])
    with pytest.raises(ValueError, match=r"articles\[1\]"):
        cluster_articles([some_articles()[0], "just a string"])


@pytest.mark.parametrize("kwargs, word", [
    ({"top": -1}, "top"), ({"top": 0}, "top"), ({"min_size": 0}, "min_size"), ({"max_words": 0}, "max_words"),
    ({"workers": 0}, "workers"),
])
def test_bad_digest_arguments_are_plain_value_errors(kwargs, word):
    with pytest.raises(ValueError, match=word):
        build_digest([], **kwargs)


def test_lone_surrogates_in_api_articles_do_not_crash_and_are_written():
    arts = some_articles() + [Article(text="Lũ quét \ud800 ở Hà Giang cuốn trôi 12 ngôi nhà, 3 người mất tích.",
                                      source="x\udcff.txt", title="Lũ \udfff", id="\ud800")]
    stories = cluster_articles(arts)
    assert sum(s.size for s in stories) == len(arts)
    lines = [json.dumps(story_row(s, k), ensure_ascii=False).encode("utf-8") for k, s in enumerate(stories, 1)]
    written = b"".join(lines).decode("utf-8")
    assert "\ufffd" in written and "x\ufffd.txt" in written
