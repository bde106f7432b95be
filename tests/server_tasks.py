"""Job functions that stand in for the summary inside the server's worker processes (test_server*.py).

They live in their own module so a spawned worker can import them by name.
"""
import time


def slow(job):
    """The real summary, one second late."""
    from tomtat.server import work

    time.sleep(1.0)
    return work.render(job)


def broken(job):
    raise RuntimeError("lỗi bất ngờ")


def spin(job):
    """Never ends: burns CPU until its worker is killed."""
    while True:
        pass


def die(job):
    """The worker process vanishes mid-job, as under the kernel's OOM killer."""
    import os
    os._exit(9)


def fixed(job):
    """A reply at once, without the pipeline (for pool bookkeeping tests)."""
    return b'{"summary": "", "sentences": [], "documents": []}'
