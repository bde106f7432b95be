"""The README's day-by-day walk-through on the feeds and pages shipped in examples/feeds/ (offline: every entry
carries its full text, the pages are local files)."""
import json
from pathlib import Path

from typer.testing import CliRunner

from tomtat.cli import app

FEEDS = Path(__file__).resolve().parent.parent / "examples" / "feeds"


def run(*args):
    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_readme_walkthrough_on_the_shipped_feeds(tmp_path):
    db = tmp_path / "news.db"
    sources = [FEEDS / "song-hong.rss", FEEDS / "mien-trung.atom", FEEDS / "pages"]
    first = json.loads(run("ingest", *sources, "--store", db, "--quiet").splitlines()[-1])
    assert first == {"read": 7, "added": 7, "duplicates": 0, "skipped": 0, "events": 3, "threads": 3}
    assert json.loads(run("ingest", sources[0], "--store", db, "--quiet").splitlines()[-1])["added"] == 0
    day1 = json.loads(run("digest", "--store", db, "--day", "2025-10-14", "--format", "json"))
    assert [e["update"] for e in day1["entries"]] == [False, False]
    day2 = json.loads(run("digest", "--store", db, "--day", "2025-10-15", "--format", "json"))
    landslide = day2["entries"][0]
    assert landslide["update"] and "Sơn Tây" in landslide["thread_headline"]
    told_before = {s["text"] for e in day1["entries"] for s in e["summary"]["sentences"]}
    assert not told_before & {s["text"] for s in landslide["summary"]["sentences"]}
    assert [e["update"] for e in day2["entries"]] == [True, True, False]   # the book fair is new on day 2
    assert json.loads(run("stats", "--store", db))["digests"] == 2
