"""Work in a worker process: progress arrives, the value comes back, Cancel stops it at once (solver included)."""

from __future__ import annotations

import time

from optimizer.app.jobs import Job


def counted(n: int, progress) -> int:
    for i in range(n):
        progress(f"step {i + 1}/{n}")
    return n * 10


def asleep(seconds: float, progress) -> None:
    progress("sleeping")
    time.sleep(seconds)


def broken(progress) -> None:
    raise ZeroDivisionError("a bug")


def test_progress_arrives_in_order_and_the_value_comes_back():
    job = Job.start("count", counted, 3).wait(60)
    assert job.state == "done" and job.value == 30
    assert job.messages == ["step 1/3", "step 2/3", "step 3/3"]
    assert not job.process.is_alive()


def test_cancel_ends_the_worker_process_at_once():
    job = Job.start("sleep", asleep, 600)
    deadline = time.monotonic() + 60
    while not job.poll().messages and time.monotonic() < deadline:
        time.sleep(0.1)
    began = time.monotonic()
    job.cancel()
    assert job.state == "cancelled" and not job.process.is_alive()
    assert time.monotonic() - began < 5
    job.cancel()  # twice is harmless
    assert job.state == "cancelled"


def test_an_unexpected_error_is_reported_not_lost():
    job = Job.start("broken", broken).wait(60)
    assert job.state == "failed" and "ZeroDivisionError: a bug" in job.error
