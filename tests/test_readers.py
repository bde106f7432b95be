"""Readers facing what scraped folders really hold: pipes, devices, loops, huge files, odd HTML, bad stdin parts."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tomtat.io import readers
from tomtat.io.files import ReadError, parse_size, read_bytes, read_stream
from tomtat.io.readers import html_to_document, read_paths, read_stdin

ARTICLE = (
    "Mưa lớn kéo dài ba ngày khiến nhiều tuyến đường ở thành phố Vĩnh An ngập sâu hơn nửa mét.\n"
    "Chính quyền thành phố đã sơ tán hơn 2.000 hộ dân khỏi các vùng trũng thấp ven sông.\n"
    "Lực lượng cứu hộ túc trực tại các điểm xung yếu để hỗ trợ người dân di chuyển đồ đạc.\n"
)
ARTICLE_2 = (
    "Sở Giao thông Vĩnh An cho biết đã phân luồng xe tránh các tuyến đường bị ngập sâu.\n"
    "Nhiều trường học cho học sinh nghỉ để bảo đảm an toàn trong những ngày mưa lớn.\n"
)

needs_posix = pytest.mark.skipif(not hasattr(os, "mkfifo") or not os.path.exists("/dev/zero"),
                                 reason="needs FIFOs and /dev/zero")


def run_cli(*args, stdin=None, memory_mb=1500):
    """The CLI in a child process, with a time limit (a FIFO must not hang the suite) and an
    address-space limit (an unbounded read must fail fast instead of eating the machine)."""
    def limit():
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb << 20, memory_mb << 20))

    return subprocess.run([sys.executable, "-m", "tomtat", *args], capture_output=True, input=stdin,
                          timeout=90, preexec_fn=limit if sys.platform != "win32" else None)


def article_folder(tmp_path):
    folder = tmp_path / "cluster"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "b.txt").write_text(ARTICLE_2, encoding="utf-8")
    return folder


# --- special files (issue 13, defect 4) -------------------------------------------------------

@needs_posix
def test_fifo_in_folder_is_skipped_with_a_warning_not_waited_on(tmp_path):
    folder = article_folder(tmp_path)
    os.mkfifo(folder / "pipe.txt")
    p = run_cli("summarize", str(folder), "--format", "json")
    err = p.stderr.decode()
    assert p.returncode == 0, err
    assert "pipe.txt" in err and "named pipe" in err and "Traceback" not in err
    assert {d["source"] for d in json.loads(p.stdout)["documents"]} == {str(folder / "a.txt"), str(folder / "b.txt")}


@needs_posix
def test_fifo_argument_is_refused_naming_it(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    p = run_cli("summarize", str(fifo))
    err = p.stderr.decode()
    assert p.returncode == 2
    assert err.strip() == f"tomtat: error: {fifo}: a named pipe (FIFO), not a regular file"


@needs_posix
def test_dev_zero_symlink_in_folder_is_skipped_and_the_articles_survive(tmp_path):
    folder = article_folder(tmp_path)
    os.symlink("/dev/zero", folder / "zero.txt")
    p = run_cli("summarize", str(folder), "--format", "json")
    err = p.stderr.decode()
    assert p.returncode == 0, err
    assert "zero.txt: a character device, not a regular file" in err
    assert "internal error" not in err and "MemoryError" not in err
    assert len(json.loads(p.stdout)["documents"]) == 2


@needs_posix
@pytest.mark.parametrize("how", ["argument", "stdin"])
def test_dev_zero_given_directly_is_one_line_exit_2(how):
    if how == "argument":
        p = run_cli("summarize", "/dev/zero")
    else:
        with open("/dev/zero", "rb") as zero:
            p = subprocess.run([sys.executable, "-m", "tomtat", "summarize", "-", "--max-file-size", "1MB"],
                               stdin=zero, capture_output=True, timeout=90)
    err = p.stderr.decode()
    assert p.returncode == 2
    assert len(err.strip().splitlines()) == 1 and "internal error" not in err
    assert ("/dev/zero: a character device" in err) if how == "argument" else ("stdin: larger than the 1 MB limit" in err)


def test_symlink_loop_says_symlink_loop(tmp_path):
    loop = tmp_path / "loop.txt"
    os.symlink(loop.name, loop)   # points at itself
    with pytest.raises(ReadError, match="loop.txt: symlink loop$"):
        read_paths([str(loop)], warn=lambda m: None)
    folder = article_folder(tmp_path)
    os.symlink("loop2.txt", folder / "loop2.txt")
    warnings = []
    docs = read_paths([str(folder)], warn=warnings.append)
    assert len(docs) == 2 and warnings == [f"skipped {folder / 'loop2.txt'}: symlink loop"]


def test_broken_symlink_and_missing_path_say_so(tmp_path):
    os.symlink("nowhere.txt", tmp_path / "dangling.txt")
    with pytest.raises(ReadError, match="dangling.txt: broken symlink"):
        read_paths([str(tmp_path / "dangling.txt")], warn=lambda m: None)
    with pytest.raises(ReadError, match="missing.txt: no such file or folder"):
        read_paths([str(tmp_path / "missing.txt")], warn=lambda m: None)


def test_file_over_the_size_cap_is_skipped_naming_it(tmp_path):
    folder = article_folder(tmp_path)
    (folder / "c_big.txt").write_text(ARTICLE * 40, encoding="utf-8")
    warnings = []
    docs = read_paths([str(folder)], warn=warnings.append, max_bytes=4096)
    assert [os.path.basename(d.source) for d in docs] == ["a.txt", "b.txt"]
    assert warnings == [f"skipped {folder / 'c_big.txt'}: larger than the 4 KB limit (--max-file-size)"]
    with pytest.raises(ReadError, match="larger than the 4 KB limit"):
        read_bytes(str(folder / "c_big.txt"), max_bytes=4096)
    assert read_bytes(str(folder / "a.txt"), max_bytes=len(ARTICLE.encode())) == ARTICLE.encode()


def test_max_file_size_option(tmp_path):
    folder = article_folder(tmp_path)
    p = run_cli("summarize", str(folder), "--max-file-size", "200B")
    assert p.returncode == 2 and "larger than the 200 bytes limit" in p.stderr.decode()
    p = run_cli("summarize", str(folder), "--max-file-size", "lots")
    assert p.returncode == 2 and "--max-file-size" in p.stderr.decode()


def test_parse_size():
    assert parse_size("50MB") == 50 * 1024 * 1024
    assert parse_size("500k") == 500 * 1024
    assert parse_size("1.5G") == 3 * 1024 ** 3 // 2
    assert parse_size("4096") == 4096
    for bad in ("", "-1", "0", "10 parsecs", "MB"):
        with pytest.raises(ValueError):
            parse_size(bad)


def test_stream_read_is_capped():
    import io

    assert read_stream(io.BytesIO(b"x" * 100), "stdin", max_bytes=100) == b"x" * 100
    with pytest.raises(ReadError, match="^stdin: larger than the 99 bytes limit"):
        read_stream(io.BytesIO(b"x" * 100), "stdin", max_bytes=99)


def test_memory_error_while_decoding_skips_the_file_not_the_run(tmp_path, monkeypatch):
    folder = article_folder(tmp_path)
    real = readers.decode_bytes

    def decode(data):
        if data.startswith(ARTICLE_2.encode()[:20]):
            raise MemoryError
        return real(data)

    monkeypatch.setattr(readers, "decode_bytes", decode)
    warnings = []
    docs = read_paths([str(folder)], warn=warnings.append)
    assert [os.path.basename(d.source) for d in docs] == ["a.txt"]
    assert warnings == [f"skipped {folder / 'b.txt'}: not enough memory to decode it"]


def test_memory_error_in_a_command_is_not_an_internal_error(tmp_path, monkeypatch, capsys):
    from tomtat import cli, pipeline

    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(pipeline, "summarize", exhausted)
    monkeypatch.setattr(sys, "argv", ["tomtat", "summarize", str(article_folder(tmp_path))])
    with pytest.raises(SystemExit) as exit_info:
        cli.entry()
    err = capsys.readouterr().err
    assert exit_info.value.code == 2
    assert "not enough memory" in err and "internal error" not in err


# --- HTML detection (issue 13, defect 5) ------------------------------------------------------

def test_plain_text_starting_with_a_paragraph_tag_keeps_its_text(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("<p>" + ARTICLE.replace("\n", "</p>\n", 1) + ARTICLE_2, encoding="utf-8")
    docs = read_paths([str(path)], warn=lambda m: None)
    text = docs[0].text
    assert "<p>" not in text and "</p>" not in text
    assert text.startswith("Mưa lớn kéo dài ba ngày") and "Nhiều trường học cho học sinh nghỉ" in text


def test_deeply_nested_html_yields_its_text():
    depth = 10_000
    markup = ("<html><head><title>Mưa lớn ở Vĩnh An</title></head><body>" + "<div>" * depth
              + "".join(f"<p>{line}</p>" for line in ARTICLE.splitlines()) + "</div>" * depth + "</body></html>")
    doc = html_to_document(markup, "deep.html")
    assert doc.text.splitlines() == ARTICLE.splitlines()
    assert doc.title == "Mưa lớn ở Vĩnh An"


def test_html_fallback_offsets_index_the_extracted_text(tmp_path):
    from tomtat.pipeline import summarize

    path = tmp_path / "note.txt"
    path.write_text("<p>" + ARTICLE.rstrip("\n") + "</p>\n" + ARTICLE_2, encoding="utf-8")
    result = summarize(read_paths([str(path)], warn=lambda m: None), max_words=200)
    text = result.cluster.documents[0].text
    assert result.sentences
    for s in result.sentences:
        assert " ".join(text[s.start:s.end].split()) == s.text


def test_tag_stripping_drops_scripts_styles_and_head():
    from tomtat.io.html_text import strip_tags

    markup = ("<head><style>p{color:red}</style><script>var x = '<p>không</p>';</script></head>"
              "<p>Đoạn một &amp; đoạn hai.</p><noscript>bật JavaScript</noscript><br>Dòng cuối.")
    assert strip_tags(markup) == ("Đoạn một & đoạn hai.\nDòng cuối.", "")


def test_markup_without_any_text_is_still_an_error():
    with pytest.raises(ReadError, match="empty.html: no article text found in the HTML"):
        html_to_document("<html><body><div><script>x()</script></div></body></html>", "empty.html")


def test_a_bad_stdin_part_is_skipped_with_a_warning():
    data = (ARTICLE + "---\n<div><script>only()</script></div>\n---\n" + ARTICLE_2).encode()
    warnings = []
    docs = read_stdin(data, warn=warnings.append)
    assert [d.text.strip() for d in docs] == [ARTICLE.strip(), ARTICLE_2.strip()]
    assert warnings == ["skipped stdin (part 2 of 3): no article text found in the HTML"]
    with pytest.raises(ReadError, match="^stdin: no article text found in the HTML|^stdin \\(part 1 of 1\\)"):
        read_stdin(b"<div></div>", warn=warnings.append)


def test_a_bad_stdin_part_through_the_cli():
    data = (ARTICLE + "---\n<div><script>only()</script></div>\n---\n" + ARTICLE_2).encode()
    p = run_cli("summarize", "-", "--format", "json", stdin=data)
    err = p.stderr.decode()
    assert p.returncode == 0, err
    assert "stdin (part 2 of 3)" in err
    assert len(json.loads(p.stdout)["documents"]) == 2


@needs_posix
def test_jsonl_input_that_is_a_fifo_is_refused_not_waited_on(tmp_path):
    from tomtat.io.readers import iter_jsonl

    fifo = tmp_path / "rows.jsonl"
    os.mkfifo(fifo)
    with pytest.raises(ReadError, match="rows.jsonl: not a regular file"):
        next(iter_jsonl(str(fifo)))


def test_memory_error_on_a_batch_row_is_that_rows_error_not_an_internal_error(monkeypatch):
    from tomtat.batch import rows
    from tomtat.io.readers import Row

    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(rows, "summarize", exhausted)
    row = Row(3, {"id": "c1", "single_documents": [{"raw_text": ARTICLE}]})
    line, ok = rows.process_row(row, "in.jsonl", 200)
    assert not ok
    assert json.loads(line) == {"line": 3, "id": "c1", "error": "not enough memory to summarize this cluster"}
