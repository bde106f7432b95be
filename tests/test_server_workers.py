"""Issue 13, defect 2: a summary past its time limit really stops, and its memory comes back.

The summaries run in worker processes; these tests check liveness (which processes and threads are
left), never speed: every bound is generous. The articles are invented for these tests.
"""
import json
import os
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest
import server_tasks
from fastapi.testclient import TestClient

from tomtat.server import Limits
from tomtat.server.app import create_app

RUNAWAY = "người dân thành phố đi làm bằng xe buýt điện mỗi sáng và chiều tối trên tuyến ven biển " * 20_000
NEWS = ("Sáng nay, thành phố Cần Thơ khánh thành cây cầu đi bộ mới bắc qua sông Hậu. "
        "Cây cầu dài 300 mét, có đèn chiếu sáng và làn riêng cho xe đạp. "
        "Người dân có thể đi qua cầu miễn phí từ 5 giờ sáng đến nửa đêm.")


def alive(pid: int) -> bool:
    """True while the process exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def eventually(condition, seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def threads_in_the_pipeline() -> list[str]:
    """Threads of this process whose stack is inside tomtat's pipeline (a summary still running here)."""
    found = []
    for thread_id, frame in sys._current_frames().items():
        while frame is not None:
            name = frame.f_code.co_filename
            if f"tomtat{os.sep}pipeline.py" in name or f"tomtat{os.sep}text{os.sep}" in name:
                found.append(f"thread {thread_id}: {name}:{frame.f_lineno}")
                break
            frame = frame.f_back
    return found


def post(client, documents, **options):
    return client.post("/v1/summarize", content=json.dumps({"documents": documents, **options}).encode(),
                       headers={"content-type": "application/json"})


def test_a_real_summary_past_its_limit_leaves_no_thread_and_no_process_running():
    """Three 1.6 M-character requests without punctuation under a 0.3 s limit: all 503, nothing left over."""
    with TestClient(create_app(Limits(timeout=0.3, workers=2))) as c:
        pool = c.app.state.pool
        before = set(pool.pids())
        replies = [post(c, [{"text": RUNAWAY}]) for _ in range(3)]
        assert [r.status_code for r in replies] == [503, 503, 503]
        assert "0.3 s" in replies[0].json()["detail"]
        # no thread of the server goes on summarizing (the old thread pool's failure) ...
        assert eventually(lambda: not threads_in_the_pipeline()), threads_in_the_pipeline()
        # ... and each worker that held one of these requests has been killed and reaped: memory is back
        assert all(not alive(pid) for pid in before - set(pool.pids()))
        assert before - set(pool.pids()) and pool.replaced >= 1
        assert len(pool.pids()) == 2 and all(alive(pid) for pid in pool.pids())
        # the replacements, once warm, serve ordinary requests
        assert eventually(lambda: pool.warm_idle() == 2, 60)
        r = post(c, [NEWS], max_words=40)
        assert r.status_code == 200 and r.json()["sentences"]


def test_a_spinning_job_is_killed_at_the_limit_and_its_worker_replaced():
    with TestClient(create_app(Limits(timeout=0.5, workers=1), task=server_tasks.spin)) as c:
        pool = c.app.state.pool
        for round_ in range(2):
            (old,) = pool.pids()
            r = post(c, [NEWS])
            assert r.status_code == 503, r.text
            assert not alive(old), f"round {round_}: worker {old} still running after the 503"
            (new,) = pool.pids()
            assert new != old and alive(new)
        assert pool.replaced == 2


def test_a_worker_that_dies_mid_job_is_a_422_and_is_replaced():
    with TestClient(create_app(Limits(workers=1), task=server_tasks.die)) as c:
        pool = c.app.state.pool
        (old,) = pool.pids()
        r = post(c, [NEWS])
        assert r.status_code == 422 and "could not be summarized" in r.json()["detail"]
        (new,) = pool.pids()
        assert new != old and not alive(old) and alive(new)


def test_a_worker_past_its_memory_bound_is_replaced_after_its_reply():
    with TestClient(create_app(Limits(workers=1, worker_max_rss_mb=1), task=server_tasks.fixed)) as c:
        pool = c.app.state.pool
        seen = set(pool.pids())
        for _ in range(3):
            r = post(c, [NEWS])
            assert r.status_code == 200, r.text
            seen.update(pool.pids())
        assert pool.replaced == 3 and len(seen) == 4
        assert sum(alive(pid) for pid in seen) == 1


def test_workers_are_processes_that_leave_with_the_server():
    """SIGKILL the server (no chance to clean up): its worker processes still exit on their own."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "tomtat", "serve", "--port", str(port), "--workers", "1",
                               "--log-level", "warning"])
    try:
        assert eventually(lambda: _healthy(port), 120), "server did not start"
        tree = _descendants(server.pid)  # the workers, and the forkserver they were forked from
        assert sum("multiprocessing" in _cmdline(p) for p in tree) >= 2, [_cmdline(p) for p in tree]
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=10)
        assert eventually(lambda: not any(alive(p) for p in tree), 15), [_cmdline(p) for p in tree if alive(p)]
    finally:
        if server.poll() is None:
            server.kill()


def _healthy(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200
    except httpx.TransportError:
        return False


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        for task in os.listdir(f"/proc/{todo[0]}/task"):
            with open(f"/proc/{todo[0]}/task/{task}/children") as f:
                todo += [int(c) for c in f.read().split()]
        found.append(todo.pop(0))
    return found[1:]


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except FileNotFoundError:
        return ""


if not sys.platform.startswith("linux"):  # /proc is how these tests look at processes
    pytestmark = pytest.mark.skip("needs Linux /proc")
