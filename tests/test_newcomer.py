"""Issue 19: what a newcomer trips on. JSONL read by `summarize`, provenance through `cluster → batch`, pages and
the digest, `Document(date="...")`, the messages, the language of the interface, extras and the slow marker.

Most tests call the CLI's entry point in this process (`tomtat.cli.entry`, the console script's function), so
they see the exact stderr line and exit code without paying for a new interpreter and its models each time.
"""
import dataclasses
import datetime as dt
import json
import os
import pathlib
import re
import subprocess
import sys
import zipfile

import pytest
from threads_feed import feed_objects, saga_stories

import tomtat
from tomtat.batch.rows import process_row
from tomtat.io.readers import Row, html_to_document, read_file
from tomtat.stories.cluster import story_row
from tomtat.stories.digest import build_digest
from tomtat.stories.render import render_html as digest_html
from tomtat.stories.render import render_text as digest_text

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "metro"
VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.I)


def run_cli(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `tomtat ARGS...` through the console script's entry()."""
    from tomtat.cli import entry

    monkeypatch.setattr(sys, "argv", ["tomtat", *args])
    with pytest.raises(SystemExit) as done:
        entry()
    out, err = capsys.readouterr()
    return done.value.code, out, err


def write_jsonl(path: pathlib.Path, rows) -> pathlib.Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows),
                    encoding="utf-8")
    return path


# ------------------------------------------------------------------ 1. summarize reads JSONL


def test_summarize_reads_a_jsonl_feed_as_cluster_does(tmp_path, monkeypatch, capsys):
    feed = write_jsonl(tmp_path / "feed.jsonl", [*feed_objects(), "{not json"])
    objects = feed_objects()
    code, out, err = run_cli(monkeypatch, capsys, "summarize", str(feed), "--format", "json")
    assert code == 0
    assert f"skipped {feed}:6: invalid JSON" in err          # a bad line is skipped naming FILE:LINE, as cluster does
    data = json.loads(out)
    assert "\\n" not in data["summary"] and "câu 3252" not in data["summary"]
    assert [d["source"] for d in data["documents"]] == [f"{feed}:{k}" for k in range(1, 6)]
    for d, obj in zip(data["documents"], objects):
        assert d["id"] == obj["id"]
        assert d.get("url", "") == obj["url"]
        assert d.get("outlet", "") == obj.get("source", "")       # the feed's `source` is the article's outlet
        assert d["date"] == obj["date"]
    for s in data["sentences"]:                                 # offsets index each article's own text
        text = objects[s["doc"]]["text"]
        assert " ".join(text[s["start"]:s["end"]].split()) == s["text"]
        assert s["source"] == f"{feed}:{s['doc'] + 1}"


def test_the_outlet_is_shown_in_text_and_html(tmp_path, monkeypatch, capsys):
    feed = write_jsonl(tmp_path / "feed.jsonl", feed_objects()[:2])
    code, out, _ = run_cli(monkeypatch, capsys, "summarize", str(feed))
    assert code == 0 and f"{feed}:1 · Báo Thủ Đô" in out and "<https://thudo.example/chay>" in out
    code, out, _ = run_cli(monkeypatch, capsys, "summarize", str(feed), "--format", "html")
    assert code == 0 and "Báo Thủ Đô" in out and 'href="https://thudo.example/chay"' in out


def test_one_abmusu_row_is_summarized_as_batch_does(tmp_path, monkeypatch, capsys):
    row = {"id": "cụm-7", "single_documents": [{"title": o["title"], "raw_text": o["text"]} for o in feed_objects()[:3]]}
    path = write_jsonl(tmp_path / "one.jsonl", ["", row])     # a blank line first: the row is line 2
    code, out, _ = run_cli(monkeypatch, capsys, "summarize", str(path), "--format", "json")
    assert code == 0
    line, ok = process_row(Row(2, row), str(path), 200)
    assert ok and json.loads(out) == json.loads(line)
    assert json.loads(out)["id"] == "cụm-7" and json.loads(out)["documents"][0]["source"] == f"{path}:2#0"


def test_several_abmusu_rows_are_refused_with_a_pointer_to_batch(tmp_path, monkeypatch, capsys):
    row = {"single_documents": [{"title": "", "raw_text": feed_objects()[0]["text"]}]}
    path = write_jsonl(tmp_path / "rows.jsonl", [row, row, row])
    code, out, err = run_cli(monkeypatch, capsys, "summarize", str(path))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "3 AbMuSu rows" in err and f"tomtat batch {path} -o OUT.jsonl" in err


# ------------------------------------------------------------------ 2. provenance


def test_cluster_then_batch_keeps_url_id_outlet_and_the_feed_line():
    story = saga_stories()[1]                                 # the fire: fire-0 (outlet, url) and fire-1 (url only)
    row = json.loads(json.dumps(story_row(story, 2), ensure_ascii=False))   # as `cluster` writes it
    line, ok = process_row(Row(2, row), "stories.jsonl", 200)
    assert ok
    docs = json.loads(line)["documents"]
    assert [d["source"] for d in docs] == ["stories.jsonl:2#0", "stories.jsonl:2#1"]   # the contract's source
    assert [d["origin"] for d in docs] == ["feed.jsonl:1", "feed.jsonl:2"]             # where cluster read them
    assert [d["id"] for d in docs] == ["fire-0", "fire-1"]
    assert [d.get("url") for d in docs] == ["https://thudo.example/chay", "https://www.tinnhanh.example/chay-karaoke"]
    assert docs[0]["outlet"] == "Báo Thủ Đô" and "outlet" not in docs[1]


PAGE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>Cháy quán karaoke ở Cầu Giấy | Báo Thủ Đô</title>
<link rel="canonical" href="https://thudo.example/chay-karaoke-123.html">
<meta property="og:url" content="https://thudo.example/chay-karaoke-123.html?utm_source=x">
<meta property="og:site_name" content="Báo Thủ Đô">
<meta name="author" content="Nguyễn Văn An">
</head><body><article><h1>Cháy quán karaoke ở Cầu Giấy, 3 người tử vong</h1>
<p>Khoảng 22 giờ ngày 12/3, quán karaoke Ánh Sao trên phố Trần Thái Tông, quận Cầu Giấy, Hà Nội bốc cháy dữ dội.
Lực lượng cảnh sát phòng cháy chữa cháy đã cứu được 15 người mắc kẹt, nhưng 3 nhân viên của quán tử vong.</p>
<p>Đám cháy được dập tắt sau gần hai giờ, nguyên nhân ban đầu được xác định là chập điện ở tầng hai.</p>
</article></body></html>"""


def test_a_saved_page_keeps_its_canonical_url_site_name_and_author(tmp_path):
    doc = html_to_document(PAGE, "page.html")
    assert (doc.url, doc.outlet, doc.author) == ("https://thudo.example/chay-karaoke-123.html", "Báo Thủ Đô", "Nguyễn Văn An")
    summary = tomtat.summarize([doc], max_words=60)
    info = summary.to_dict()["documents"][0]
    assert (info["url"], info["outlet"], info["author"]) == (doc.url, doc.outlet, doc.author)
    page = summary.to_html()
    assert 'href="https://thudo.example/chay-karaoke-123.html"' in page and "Nguyễn Văn An" in page
    # and through the feed reader (cluster, digest): a page file's article keeps url and outlet
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    from tomtat.stories.feed import read_feed

    (article,) = read_feed([str(tmp_path / "page.html")], lambda m: None)
    assert (article.url, article.outlet) == (doc.url, doc.outlet)


def test_a_page_without_metadata_gets_none_made_up():
    doc = read_file(str(EXAMPLE / "03_news_site.html"))
    assert (doc.url, doc.outlet, doc.author) == ("", "", "")
    assert not {"url", "outlet", "author", "id", "origin"} & set(tomtat.summarize([doc]).to_dict()["documents"][0])


def test_digest_names_an_untitled_article_by_its_source_once():
    stories = saga_stories()
    for story in stories:
        story.articles = [dataclasses.replace(a, title="", text=a.text.split("\n", 1)[1]) for a in story.articles]
        story.titles = [""] * len(story.articles)
    digest = build_digest(stories, max_words=200)
    sources = [line for line in digest_text(digest).splitlines() if re.match(r"\s+\[\d+\] ", line)]
    assert sources
    for line in sources:
        where = re.search(r"feed\.jsonl:\d+", line).group()
        assert line.count(where) == 1, line
    html = digest_html(digest)
    for item in re.findall(r'<li value="\d+">.*?</li>', html):
        where = re.search(r"feed\.jsonl:\d+", item).group()
        assert item.count(where) == 1, item


# ------------------------------------------------------------------ 3. Document(date="...")


def test_document_takes_an_iso_date_string_as_the_jsonl_and_api_do():
    text = ("Ngày 18/7, Ngoại trưởng Nga Sergey Lavrov cho biết Moskva sẽ kêu gọi NATO thiết lập những liên lạc "
            "thông thường giữa các chuyên gia quân sự. Hai bên vẫn chưa đạt được thỏa thuận về những yêu cầu chính.")
    doc = tomtat.Document(text=text, date="2019-07-18")
    assert doc.date == dt.date(2019, 7, 18) and doc.date_precision == "day"
    out = tomtat.summarize([doc], max_words=80).to_dict()
    assert out["documents"][0]["date"] == "2019-07-18" and out["documents"][0]["date_basis"] == "metadata"
    assert out["sentences"][0]["date"]["value"] == "2019-07-18"
    assert tomtat.Document(text=text, date="2019-07").date_precision == "month"
    assert tomtat.Document(text=text, date="2022-01-13T07:53:00+07:00").date == dt.date(2022, 1, 13)
    assert tomtat.Document(text=text, date=dt.date(2020, 2, 29)).date == dt.date(2020, 2, 29)


@pytest.mark.parametrize("bad", ["18/7/2019", "2019-13-01", "hôm qua", 20190718])
def test_a_bad_document_date_is_a_clear_value_error(bad):
    with pytest.raises(ValueError, match=r"date .*(ISO 8601|not a valid calendar date)"):
        tomtat.Document(text="Một câu.", date=bad)


# ------------------------------------------------------------------ 4. messages, language, progress


def test_batch_on_a_folder_says_it_needs_a_jsonl_file(tmp_path, monkeypatch, capsys):
    code, _, err = run_cli(monkeypatch, capsys, "batch", str(tmp_path), "-o", str(tmp_path / "out.jsonl"))
    assert code == 2 and err.count("\n") == 1
    assert "JSONL file" in err and "no such file" not in err and f"tomtat summarize {tmp_path}" in err


def test_a_misspelt_format_says_did_you_mean_once(monkeypatch, capsys):
    code, out, err = run_cli(monkeypatch, capsys, "summarize", str(EXAMPLE), "--format", "jsn")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.count("error") == 1 and err.count("did you mean 'json'") == 1


def test_max_words_that_is_not_a_number_says_so(monkeypatch, capsys):
    code, _, err = run_cli(monkeypatch, capsys, "summarize", str(EXAMPLE), "--max-words", "abc")
    assert code == 2 and err.count("\n") == 1
    assert "--max-words: 'abc' is not a whole number" in err and "Input should be" not in err


def test_a_word_file_is_named_and_how_to_convert_it_said(tmp_path, monkeypatch, capsys):
    path = tmp_path / "bai.docx"
    with zipfile.ZipFile(path, "w") as docx:
        docx.writestr("[Content_Types].xml", "<Types/>")
        docx.writestr("word/document.xml", "<w:document><w:body><w:p><w:r><w:t>Hà Nội</w:t></w:r></w:p></w:body></w:document>")
    code, _, err = run_cli(monkeypatch, capsys, "summarize", str(path))
    assert code == 2 and err.count("\n") == 1
    assert "Word files are not read; save as .txt or .html (e.g. libreoffice --headless --convert-to txt" in err
    assert "binary" not in err


def test_the_readme_stdin_example_gives_a_summary():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (line,) = [ln for ln in readme.splitlines() if "| tomtat summarize -" in ln]
    command = line.split("#")[0].strip()
    done = subprocess.run(["bash", "-c", command], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    summary = done.stdout.split("\n\n")[0]
    assert len(summary.split()) > 20 and "không có câu nào" not in summary and done.stderr == ""


def test_help_and_messages_are_english_and_the_readme_says_so(monkeypatch, capsys):
    from tomtat.cli import app

    commands = ["", *sorted(c.name for c in app.registered_commands if c.name)] or [""]
    commands += ["summarize", "batch", "evaluate", "serve", "cluster", "digest"]
    for name in dict.fromkeys(commands):
        code, out, _ = run_cli(monkeypatch, capsys, *([name] if name else []), "--help")
        assert code == 0 and not VIETNAMESE.search(out), (name, VIETNAMESE.findall(out))
    sources = "".join(p.read_text(encoding="utf-8") for p in
                      [ROOT / "src/tomtat/cli/cluster.py", ROOT / "src/tomtat/cli/digest.py", ROOT / "src/tomtat/batch/run.py"])
    for label in re.findall(r'desc="([^"]*)"|unit="([^"]*)"', sources):
        assert not VIETNAMESE.search("".join(label)), label
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "in English" in readme and "in Vietnamese" in readme


def test_digest_shows_its_clustering_step_on_a_terminal_only(tmp_path):
    import pty

    feed = write_jsonl(tmp_path / "feed.jsonl", feed_objects())
    script = (f"import os, sys, fcntl, termios, struct; fcntl.ioctl(2, termios.TIOCSWINSZ, struct.pack('HHHH', 30, 120, 0, 0));"
              f"sys.argv = ['tomtat', 'digest', {str(feed)!r}, '-o', {str(tmp_path / 'd.html')!r}];"
              "from tomtat.cli import entry; entry()")
    pid, fd = pty.fork()
    if pid == 0:   # the child: stderr is the terminal
        os.execv(sys.executable, [sys.executable, "-c", script])
    seen = b""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.waitpid(pid, 0)
    text = seen.decode("utf-8", "replace")
    assert "preparing" in text and "grouping into events and threads" in text and "summarizing" in text
    plain = subprocess.run([sys.executable, "-m", "tomtat", "digest", str(feed), "-o", str(tmp_path / "e.html")],
                           capture_output=True, text=True, timeout=300)
    assert plain.returncode == 0 and "grouping" not in plain.stderr and "preparing" not in plain.stderr
