"""The command line as users and the contract see it: outputs, exit codes, one-line errors."""
import json
import os
import subprocess
import sys

import pytest

from tomtat.io.legacy_codecs import encode_legacy


def run(*args, stdin=None, cwd=None):
    return subprocess.run([sys.executable, "-m", "tomtat", *args], capture_output=True, input=stdin,
                          cwd=cwd, timeout=120)


def test_summarize_json_spans_point_into_files(example_dir):
    p = run("summarize", str(example_dir), "--format", "json")
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert len(out["summary"].split()) <= 200
    docs = {d["doc"]: d for d in out["documents"]}
    for s in out["sentences"]:
        src = docs[s["doc"]]["source"]
        if src.endswith(".txt"):
            text = open(src, encoding="utf-8").read()
            assert " ".join(text[s["start"]:s["end"]].split()) == s["text"]


def test_text_and_html_formats_and_output_file(example_dir, tmp_path):
    p = run("summarize", str(example_dir))
    assert p.returncode == 0 and "Nguồn:" in p.stdout.decode()
    target = tmp_path / "out.html"
    p = run("summarize", str(example_dir), "--format", "html", "-o", str(target))
    assert p.returncode == 0 and p.stdout == b""
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "http" not in page.split("<body>")[0]


def test_stdin_articles_separated_by_dashes():
    text = ("Mưa lớn kéo dài ba ngày khiến nhiều tuyến đường ở thành phố Vĩnh An ngập sâu hơn nửa mét.\n---\n"
            "Chính quyền thành phố Vĩnh An đã sơ tán hơn 2.000 hộ dân khỏi các vùng trũng thấp ven sông.\n")
    p = run("summarize", "-", "--format", "json", stdin=text.encode())
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert [d["source"] for d in out["documents"]] == ["stdin", "stdin"]


def test_legacy_encodings_give_the_same_summary(example_dir, tmp_path):
    reference = json.loads(run("summarize", str(example_dir), "--format", "json").stdout)
    for encoding in ("tcvn3", "viscii", "cp1258", "utf-16", "utf-8-sig"):
        folder = tmp_path / encoding
        folder.mkdir()
        for name in sorted(os.listdir(example_dir)):
            text = (example_dir / name).read_text(encoding="utf-8")
            if name.endswith(".txt"):
                data = encode_legacy(text, encoding) if encoding in ("tcvn3", "viscii", "cp1258") \
                    else text.encode(encoding)
                (folder / name).write_bytes(data)
            else:
                (folder / name).write_text(text, encoding="utf-8")
        out = json.loads(run("summarize", str(folder), "--format", "json").stdout)
        if encoding == "tcvn3":   # TCVN3 has no upper-case toned letters: compare case-folded
            assert out["summary"].lower() == reference["summary"].lower()
        else:
            assert out["summary"] == reference["summary"], encoding
        assert [(s["doc"], s["sentence"]) for s in out["sentences"]] == \
               [(s["doc"], s["sentence"]) for s in reference["sentences"]]


@pytest.mark.parametrize("case", ["missing", "empty_folder", "empty_file", "binary_file", "undecodable"])
def test_bad_input_is_one_line_exit_2(case, tmp_path):
    target = tmp_path / case
    if case == "empty_folder":
        target.mkdir()
    elif case == "empty_file":
        target = tmp_path / "empty.txt"
        target.write_bytes(b"")
    elif case == "binary_file":
        target = tmp_path / "photo.txt"
        target.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    elif case == "undecodable":
        target = tmp_path / "junk.txt"
        target.write_bytes(bytes([0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x28, 0xA1]) * 50)
    p = run("summarize", str(target))
    err = p.stderr.decode()
    assert p.returncode == 2
    assert target.name in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_partly_unreadable_folder_warns_and_summarizes(example_dir, tmp_path):
    for name in os.listdir(example_dir):
        (tmp_path / name).write_bytes((example_dir / name).read_bytes())
    (tmp_path / "00_broken.txt").write_bytes(b"")
    p = run("summarize", str(tmp_path), "--format", "json")
    assert p.returncode == 0
    assert "00_broken.txt" in p.stderr.decode()
    assert json.loads(p.stdout)["sentences"]


def test_batch_writes_one_line_per_input_line_with_error_records(tmp_path):
    rows = [
        {"id": "a", "single_documents": [{"title": "Bão số 3", "anchor_text": "",
                                           "raw_text": "Bão số 3 đổ bộ vào các tỉnh ven biển miền Trung sáng nay.\nHơn 5.000 người đã được sơ tán an toàn."}]},
        "{not json",
        {"id": "c", "single_documents": []},
        {"single_documents": [{"title": "", "anchor_text": "",
                               "raw_text": "Giá vàng trong nước tăng mạnh phiên sáng nay theo đà thế giới."}]},
    ]
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows]
    lines.insert(2, "")
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    p = run("batch", str(src), "-o", str(out), "--quiet")
    assert p.returncode == 1, p.stderr
    got = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(got) == 4
    assert got[0]["id"] == "a" and got[0]["sentences"][0]["source"] == f"{src}:1#0"
    assert got[1] == {"line": 2, "error": got[1]["error"]} and "JSON" in got[1]["error"]
    assert got[2]["line"] == 4 and got[2]["id"] == "c"
    assert "id" not in got[3] and got[3]["summary"]


def test_batch_unreadable_input_exit_2(tmp_path):
    p = run("batch", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "o.jsonl"))
    assert p.returncode == 2 and "nope.jsonl" in p.stderr.decode()


@pytest.mark.parametrize("args", [["summarize", "examples/metro", "--max-words", "0"],
                                  ["summarize", "examples/metro", "--format", "xml"],
                                  ["batch"], ["nocommand"]])
def test_bad_arguments_are_one_line_exit_2(args):
    from conftest import ROOT

    p = run(*args, cwd=ROOT)
    err = p.stderr.decode()
    assert p.returncode == 2 and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and err.startswith("tomtat: error:")


def test_text_with_nothing_left_warns(tmp_path):
    target = tmp_path / "menu.txt"
    target.write_text("TRANG CHỦ\nTin mới nhất\n", encoding="utf-8")
    p = run("summarize", str(target), "--format", "json")
    assert p.returncode == 0 and "no sentence left" in p.stderr.decode()
    assert json.loads(p.stdout)["sentences"] == []


def invoke(*args):
    """In-process run (fast); stdout and stderr apart."""
    from typer.testing import CliRunner

    from tomtat.cli import app

    r = CliRunner().invoke(app, [str(a) for a in args])
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    return r


@pytest.fixture
def articles(example_dir, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in sorted(os.listdir(example_dir)):
        (folder / name).write_bytes((example_dir / name).read_bytes())
    return folder


@pytest.mark.parametrize("how", ["same path", "other spelling", "symlink", "inside the folder"])
def test_output_naming_an_input_is_refused_and_the_input_kept(articles, how):
    article = sorted(articles.glob("*.txt"))[0]
    before = article.read_bytes()
    inputs, output = [article], article
    if how == "other spelling":
        output = articles / ".." / articles.name / article.name
    elif how == "symlink":
        output = articles.parent / "summary.txt"
        output.symlink_to(article)
    elif how == "inside the folder":
        inputs = [articles]
    r = invoke("summarize", *inputs, "-o", output)
    assert r.exit_code == 2 and "is an input file" in r.stderr and str(output) in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert article.read_bytes() == before


def test_output_beside_the_inputs_is_written(articles):
    r = invoke("summarize", articles, "-o", articles.parent / "summary.txt")
    assert r.exit_code == 0 and (articles.parent / "summary.txt").read_text(encoding="utf-8")


def test_budget_below_every_sentence_says_so(articles):
    r = invoke("summarize", articles, "--max-words", "3")
    assert r.exit_code == 0
    assert "--max-words 3 is smaller than any sentence" in r.stderr and "cleaning" not in r.stderr


@pytest.mark.parametrize("where", ["closed pipe", "/dev/full"])
def test_stdout_that_cannot_be_written_is_one_line_exit_2(example_dir, where):
    if where == "closed pipe":
        read_end, sink = os.pipe()
        os.close(read_end)   # like `| head -c0` once head has gone
    else:
        if not os.path.exists("/dev/full"):
            pytest.skip("no /dev/full")
        sink = os.open("/dev/full", os.O_WRONLY)
    try:
        p = subprocess.run([sys.executable, "-m", "tomtat", "summarize", str(example_dir)], stdout=sink,
                           stderr=subprocess.PIPE, timeout=120)
    finally:
        os.close(sink)
    err = p.stderr.decode()
    assert p.returncode == 2 and "cannot write to stdout" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err and "Exception ignored" not in err


def test_workers_far_above_the_cpus_warn(monkeypatch, tmp_path):
    import tomtat.batch.run
    import tomtat.cli.batch

    src = tmp_path / "in.jsonl"
    src.write_text("{}\n", encoding="utf-8")
    monkeypatch.setattr(tomtat.cli.batch, "available_cpus", lambda: 2)
    monkeypatch.setattr(tomtat.batch.run, "run_batch", lambda *a, **k: tomtat.batch.run.BatchReport(done=1))
    r = invoke("batch", src, "-o", tmp_path / "o.jsonl", "--workers", "64", "--quiet")
    assert r.exit_code == 0 and "--workers 64 is far above the 2 CPUs" in r.stderr
    r = invoke("batch", src, "-o", tmp_path / "o.jsonl", "--workers", "4", "--quiet")
    assert r.exit_code == 0 and r.stderr == ""


@pytest.mark.parametrize("command", ["summarize", "batch", "evaluate", "serve", "cluster"])
def test_help_reads_like_an_ordinary_cli(command):
    r = invoke(command, "--help")
    flat = " ".join(r.stdout.replace("│", " ").split())   # a narrow terminal may wrap the help column
    assert r.exit_code == 0 and "Show this message and exit." in flat
    for typer_label in ("<bool>", "<str>", "<int", "<list", "{"):
        assert typer_label not in r.stdout, typer_label
