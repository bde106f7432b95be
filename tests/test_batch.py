"""Batch at scale: same bytes for any engine, ordered writing, resume without loss, exit codes."""
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from tomtat.batch.output import BatchError, OrderedWriter, resume_point
from tomtat.batch.run import drive, run_batch
from tomtat.io.readers import Row, iter_jsonl

STORIES = [
    ("Mưa lớn gây ngập ở Cần Thơ",
     ["Đêm qua, mưa lớn kéo dài hơn ba giờ khiến nhiều tuyến đường ở trung tâm Cần Thơ ngập sâu.",
      "Nước dâng cao tới nửa bánh xe máy trên đường Trần Hưng Đạo và đường Mậu Thân.",
      "Nhiều hộ dân phải kê đồ đạc lên cao để tránh nước tràn vào nhà.",
      "Công ty thoát nước cho biết đã huy động 120 công nhân khơi thông cống rãnh.",
      "Đài khí tượng dự báo mưa còn kéo dài đến cuối tuần."]),
    ("Khánh thành cầu mới bắc qua sông Hồng",
     ["Sáng nay, thành phố tổ chức lễ khánh thành cây cầu thứ bảy bắc qua sông Hồng.",
      "Cây cầu dài 1.200 m, có sáu làn xe, tổng vốn đầu tư khoảng 3.000 tỷ đồng.",
      "Công trình giúp giảm ùn tắc cho các cửa ngõ phía bắc thủ đô.",
      "Người dân hai bên bờ sông phấn khởi vì thời gian đi lại rút ngắn một nửa.",
      "Chủ đầu tư cho biết cầu được hoàn thành sớm hơn kế hoạch hai tháng."]),
    ("Giá cà phê tăng kỷ lục",
     ["Giá cà phê nhân xô tại Tây Nguyên hôm nay tăng lên mức cao nhất trong mười năm.",
      "Các thương lái thu mua với giá hơn 100.000 đồng mỗi kg, tăng 2.000 đồng so với hôm qua.",
      "Nguyên nhân chính là nguồn cung từ các nước sản xuất lớn sụt giảm do hạn hán.",
      "Nhiều nông dân ở Đắk Lắk quyết định giữ hàng chờ giá lên thêm.",
      "Các chuyên gia khuyên người trồng không nên mở rộng diện tích ồ ạt."]),
    ("Đội tuyển bóng đá nữ giành huy chương vàng",
     ["Tối qua, đội tuyển bóng đá nữ Việt Nam giành huy chương vàng sau khi thắng 2-0 trong trận chung kết.",
      "Hai bàn thắng được ghi ở hiệp hai nhờ những pha phối hợp đẹp mắt.",
      "Huấn luyện viên trưởng dành lời khen cho tinh thần thi đấu của các cầu thủ.",
      "Hàng nghìn cổ động viên đã có mặt trên sân để tiếp lửa cho đội nhà.",
      "Đây là lần thứ tám đội tuyển nữ bước lên bục cao nhất của khu vực."]),
]


def cluster(story: int, variant: int, copies: int = 3) -> dict:
    """One story republished `copies` times with small edits, like a wire story on several sites."""
    title, sentences = STORIES[story % len(STORIES)]
    docs = []
    for c in range(copies):
        body = sentences[c % 2:] + [f"Bản tin số {variant}-{c} do phóng viên thường trú thực hiện."]
        docs.append({"title": title, "anchor_text": sentences[0], "raw_text": "\n".join(body)})
    return {"id": f"c{variant}", "single_documents": docs}


def write_jsonl(path, rows) -> None:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def tomtat(*args, **kw):
    return subprocess.run([sys.executable, "-m", "tomtat", *args], capture_output=True, timeout=180, **kw)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """Good clusters with a bad JSON line, a blank line and an empty cluster in between."""
    d = tmp_path_factory.mktemp("mixed")
    rows = [cluster(i, i) for i in range(8)]
    rows[2] = "{not json"
    rows[5] = {"id": "empty", "single_documents": []}
    rows.insert(4, "")
    src = d / "in.jsonl"
    write_jsonl(src, rows)
    ref = d / "ref.jsonl"
    p = tomtat("batch", str(src), "-o", str(ref), "--workers", "1")
    return src, ref, p


def test_error_records_in_order_and_run_goes_on(mixed):
    src, ref, p = mixed
    assert p.returncode == 1, p.stderr
    got = [json.loads(line) for line in ref.read_text(encoding="utf-8").splitlines()]
    assert len(got) == 8  # one per non-blank line
    assert [g.get("id") for g in got] == ["c0", "c1", None, "c3", "c4", "empty", "c6", "c7"]
    assert got[2] == {"line": 3, "error": got[2]["error"]} and "JSON" in got[2]["error"]
    assert got[5]["line"] == 7 and "error" in got[5]  # blank line 5 counted
    assert got[6]["documents"][0]["source"] == f"{src}:8#0" and got[6]["summary"]
    assert p.stdout == b""
    assert p.stderr.decode().strip() == p.stderr.decode().strip().splitlines()[-1]  # one summary line
    assert "8 done, 2 failed, 0 skipped" in p.stderr.decode()


def test_workers_2_and_dask_write_the_same_bytes(mixed, tmp_path):
    src, ref, _ = mixed
    for name, args in [("w2", ["--workers", "2"]), ("dask", ["--engine", "dask", "--workers", "2"])]:
        out = tmp_path / f"{name}.jsonl"
        p = tomtat("batch", str(src), "-o", str(out), "--quiet", *args)
        assert p.returncode == 1, p.stderr
        # --quiet: nothing on stderr; the workers' own shutdown chatter (a heartbeat racing the scheduler's
        # close used to print a traceback) is silenced at its source.
        assert p.stderr.decode().strip() == "", p.stderr
        assert out.read_bytes() == ref.read_bytes(), name


def test_resume_after_crash_mid_line_equals_uninterrupted_run(mixed, tmp_path):
    src, ref, _ = mixed
    full = ref.read_bytes()
    cut = full.index(b"\n", full.index(b"\n", full.index(b"\n") + 1) + 1) + 40  # inside line 4
    out = tmp_path / "out.jsonl"
    out.write_bytes(full[:cut])
    p = tomtat("batch", str(src), "-o", str(out), "--resume", "--workers", "2")
    assert p.returncode == 1, p.stderr
    assert out.read_bytes() == full
    assert "5 done, 2 failed, 3 skipped" in p.stderr.decode()  # line 3's error record kept, counted
    again = tomtat("batch", str(src), "-o", str(out), "--resume")
    assert out.read_bytes() == full and "0 done, 2 failed, 8 skipped" in again.stderr.decode()


def test_kill_half_way_then_resume_equals_uninterrupted_run(tmp_path):
    src = tmp_path / "slow.jsonl"
    write_jsonl(src, [cluster(i, i, copies=10) for i in range(32)])
    expected = tmp_path / "expected.jsonl"
    run_batch(str(src), str(expected), quiet=True)
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "tomtat", "batch", str(src), "-o", str(out), "--workers", "2"],
                            stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if out.exists() and out.read_bytes().count(b"\n") >= 3:
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the whole group: parent and its workers, no clean-up
    proc.wait()
    partial = out.read_bytes()
    assert 3 <= partial.count(b"\n") < 32, "the run was not stopped half-way"
    assert expected.read_bytes().startswith(partial[:partial.rindex(b"\n") + 1])
    p = tomtat("batch", str(src), "-o", str(out), "--resume")
    assert p.returncode == 0, p.stderr
    assert out.read_bytes() == expected.read_bytes()


def test_resume_refuses_the_output_of_another_input(mixed, tmp_path):
    src, ref, _ = mixed
    other = tmp_path / "other.jsonl"
    write_jsonl(other, [cluster(i, i + 100) for i in range(8)])
    out = tmp_path / "out.jsonl"
    out.write_bytes(ref.read_bytes()[:-30])
    before = out.read_bytes()
    p = tomtat("batch", str(other), "-o", str(out), "--resume")
    err = p.stderr.decode()
    assert p.returncode == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "cannot --resume" in err and str(out) in err
    assert out.read_bytes() == before  # untouched, partial line included


def test_exit_codes_and_one_line_errors(mixed, tmp_path):
    src, _, _ = mixed
    good = tmp_path / "good.jsonl"
    write_jsonl(good, [cluster(0, 0), "", cluster(1, 1)])
    p = tomtat("batch", str(good), "-o", str(tmp_path / "o.jsonl"), "--quiet")
    assert p.returncode == 0 and p.stderr == b"" and p.stdout == b""
    assert len((tmp_path / "o.jsonl").read_text(encoding="utf-8").splitlines()) == 2
    for args, word in [([str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "x.jsonl")], "missing.jsonl"),
                       ([str(src), "-o", str(tmp_path)], str(tmp_path)),
                       ([str(src), "-o", str(tmp_path / "no" / "x.jsonl")], "x.jsonl"),
                       ([str(src), "-o", str(tmp_path / "x.jsonl"), "--engine", "dask", "--scheduler", "nowhere"],
                        "nowhere")]:
        p = tomtat("batch", *args)
        err = p.stderr.decode()
        assert p.returncode == 2, (args, err)
        assert len(err.strip().splitlines()) == 1 and word in err and "Traceback" not in err


def test_unreachable_scheduler_leaves_existing_output_alone(mixed, tmp_path):
    src, _, _ = mixed
    out = tmp_path / "keep.jsonl"
    out.write_bytes(b"earlier results\n")
    env = {**os.environ, "TOMTAT_DASK_CONNECT_TIMEOUT": "1s"}
    p = tomtat("batch", str(src), "-o", str(out), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9", env=env)
    assert p.returncode == 2 and "127.0.0.1:9" in p.stderr.decode()
    assert out.read_bytes() == b"earlier results\n"


class ReverseEngine:
    """Completes chunks in reverse submission order, and records how many are in flight."""

    workers = 2

    def __init__(self):
        self.pending, self.max_pending = [], 0

    def submit(self, rows):
        import concurrent.futures as cf

        future = cf.Future()
        self.pending.append((future, rows))
        self.max_pending = max(self.max_pending, len(self.pending))
        if len(self.pending) == 3 or rows[-1].line == 10:
            while self.pending:
                f, chunk = self.pending.pop()
                f.set_result([(json.dumps({"line": r.line}), r.line != 4) for r in chunk])
        return future


def test_ordered_writer_writes_in_input_order_within_a_bounded_window(tmp_path):
    rows = iter([[Row(i, {})] for i in range(1, 11)])
    out = tmp_path / "o.jsonl"
    with open(out, "wb", buffering=0) as fh:
        writer = OrderedWriter(fh)
        engine, progressed = ReverseEngine(), []
        drive(engine, rows, writer, window=3, progress=progressed.append)
    assert [json.loads(x)["line"] for x in out.read_text().splitlines()] == list(range(1, 11))
    assert engine.max_pending <= 3 and sum(progressed) == 10 and writer.failed == 1


def test_resume_point_drops_partial_line_and_checks_ids(tmp_path):
    src = tmp_path / "in.jsonl"
    write_jsonl(src, ["{bad", {"id": "x"}])
    out = tmp_path / "o.jsonl"
    out.write_text('{"line": 1, "error": "invalid JSON"}\n{"id": "x", "li', encoding="utf-8")
    rows = iter_jsonl(str(src))
    assert resume_point(str(out), str(src), rows) == (1, 1)
    assert out.read_text(encoding="utf-8") == '{"line": 1, "error": "invalid JSON"}\n'
    assert next(rows).id == "x"  # the rest is left for the run
    out.write_text('{"id": "y", "line": 1, "error": "e"}\n', encoding="utf-8")
    with pytest.raises(BatchError):
        resume_point(str(out), str(src), iter_jsonl(str(src)))


HOSTILE = [
    '{"id": "deep", "x": ' + "[" * 100_000 + "]" * 100_000 + "}",     # past the JSON parser's depth limit
    '{"id": "big", "x": ' + "9" * 5000 + "}",                          # past Python's 4,300-digit limit
    '{"id": "s\\ud800", "single_documents": [{"raw_text": "Đêm qua, m\\ud800ưa lớn kéo dài khiến nhiều tuyến đường ngập sâu."}]}',
    '{"id": NaN, "single_documents": []}',
    '{"id": 1e999999, "single_documents": []}',
]


def strict_json(raw: bytes):
    """What any JSON reader accepts: UTF-8 without lone surrogates, no NaN/Infinity."""
    def refuse(constant):
        raise ValueError(f"{constant} is not JSON")
    return json.loads(raw.decode("utf-8"), parse_constant=refuse)


def test_hostile_rows_each_give_one_strict_line_and_resume_goes_past_them(tmp_path):
    rows = []
    for i, bad in enumerate(HOSTILE):
        rows += [cluster(i, i), bad]
    rows.append(cluster(0, 99))
    src = tmp_path / "in.jsonl"
    write_jsonl(src, rows)
    out = tmp_path / "out.jsonl"
    report = run_batch(str(src), str(out), quiet=True)
    lines = out.read_bytes().splitlines(keepends=True)
    assert len(lines) == len(rows) and report.done == len(rows) and report.failed == 4
    got = [strict_json(x) for x in lines]
    assert [g.get("id") for g in got[::2]] == [f"c{i}" for i in range(5)] + ["c99"]  # nothing after is lost
    assert all(g["summary"] for g in got[::2])
    deep, big, surrogate, nan, inf = got[1::2]
    assert deep == {"line": 2, "error": deep["error"]}
    assert "nested too deeply" in deep["error"] and "number too long" in big["error"]
    assert surrogate["id"] == "s\ufffd" and surrogate["summary"].startswith("Đêm qua, m\ufffdưa")
    for record, line in ((nan, 8), (inf, 10)):
        assert record == {"line": line, "error": record["error"]} and "finite" in record["error"]
    # --resume from every cut point reaches the same bytes (it used to fail on the same row each time).
    full = out.read_bytes()
    for keep in (2, 3, 5, 6, 9):
        out.write_bytes(b"".join(lines[:keep]) + lines[keep][:7])
        again = run_batch(str(src), str(out), quiet=True, resume=True)
        assert out.read_bytes() == full and again.skipped == keep


def test_hostile_rows_through_the_cli_exit_1_not_2(tmp_path):
    src = tmp_path / "in.jsonl"
    write_jsonl(src, [HOSTILE[0], cluster(1, 1), HOSTILE[2], HOSTILE[3]])
    out = tmp_path / "out.jsonl"
    p = tomtat("batch", str(src), "-o", str(out), "--workers", "2", "--quiet")
    assert p.returncode == 1 and p.stderr == b"", p.stderr
    assert [strict_json(x).get("id") for x in out.read_bytes().splitlines()] == [None, "c1", "s\ufffd", None]


def alive(pid: int) -> bool:
    """Running (a zombie waiting for its new parent to reap it counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_gone(pids, seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(alive(p) for p in pids):
        time.sleep(0.1)
    return [p for p in pids if alive(p)]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_exit_when_only_the_parent_is_killed(tmp_path):
    src = tmp_path / "slow.jsonl"
    write_jsonl(src, [cluster(i, i, copies=10) for i in range(40)])
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "tomtat", "batch", str(src), "-o", str(out), "--workers", "2"],
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None and not (out.exists() and out.read_bytes().count(b"\n")):
            time.sleep(0.05)
        with open(f"/proc/{proc.pid}/task/{proc.pid}/children") as fh:
            children = [int(p) for p in fh.read().split()]
        workers = [p for p in children if b"spawn_main" in open(f"/proc/{p}/cmdline", "rb").read()]
        assert len(workers) == 2, children
        os.kill(proc.pid, signal.SIGKILL)  # the parent only: it runs no clean-up
        proc.wait()
        assert wait_gone(workers, 10) == [], "workers outlived their parent"
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


GRANDCHILD = """
import sys, time
from tomtat.batch.orphans import watch_parent
watch_parent(int(sys.argv[1]), every=0.1)
time.sleep(60)
"""


def test_parent_watch_thread_alone_ends_an_orphan(tmp_path):
    # The portable fallback, without prctl: a middle process starts a watcher, prints its pid and exits.
    middle = ("import os, subprocess, sys; p = subprocess.Popen([sys.executable, '-c', sys.argv[1], str(os.getpid())]); "
              "print(p.pid)")
    p = subprocess.run([sys.executable, "-c", middle, GRANDCHILD], capture_output=True, text=True, timeout=60,
                       start_new_session=True)
    orphan = int(p.stdout)
    try:
        assert wait_gone([orphan], 10) == []
    finally:
        if alive(orphan):
            os.kill(orphan, signal.SIGKILL)
