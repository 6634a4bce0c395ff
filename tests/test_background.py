"""Stopping when asked: Ctrl-C and SIGTERM end a run within about a second, even inside the solver's longest
stage, with the previous result folder byte-identical and nothing left behind."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from tiny import write_instance

from optimizer import api, files
from optimizer.background import Apart, call_interruptibly, map_in_processes
from optimizer.inputs import synth

REPO = Path(__file__).resolve().parent.parent
LONGEST_STAGE = "solving fairness[key_post]"  # the 200-unit instance spends minutes in this stage
STOP_SECONDS = 5.0  # "about a second", with room for a loaded machine


def snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): "<dir>" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*"))}


@pytest.fixture(scope="module")
def long_instance(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("long") / "synthetic"
    files.write_result_folder(folder, synth.synthetic_instance(200, years=5, seed=2023))
    return folder / "scenario.yaml"


@pytest.fixture(scope="module")
def previous_result(tmp_path_factory) -> Path:
    """An earlier result folder (of a tiny instance) that the interrupted run would have replaced."""
    root = tmp_path_factory.mktemp("previous")
    _, scenario = write_instance(root / "in")
    return api.write(api.solve(scenario.path), root / "results" / "run")


@pytest.mark.parametrize("signum, status, word", [(signal.SIGINT, 130, "interrupted"),
                                                  (signal.SIGTERM, 143, "terminated")])
def test_a_signal_inside_the_longest_stage_stops_the_run_at_once_and_changes_nothing(
        long_instance, previous_result, signum, status, word):
    before = snapshot(previous_result.parent)
    run = subprocess.Popen([sys.executable, "-m", "optimizer", "solve", str(long_instance), "--out",
                            str(previous_result), "--lang", "en"], cwd=REPO, stderr=subprocess.PIPE, text=True)
    try:
        seen = []
        for line in run.stderr:
            seen.append(line)
            if LONGEST_STAGE in line:
                break
        assert LONGEST_STAGE in "".join(seen), "".join(seen)
        time.sleep(1.0)  # well inside the native solve
        assert run.poll() is None
        sent = time.monotonic()
        run.send_signal(signum)
        assert run.wait(timeout=60) == status
        took = time.monotonic() - sent
        rest = run.stderr.read()
    finally:
        if run.poll() is None:
            run.kill()
    assert took < STOP_SECONDS, f"took {took:.1f} s to stop"
    assert f"{word}; no result folder was changed" in rest and "Traceback" not in rest
    assert snapshot(previous_result.parent) == before  # the folder as it was, and no temporary sibling


def test_call_interruptibly_returns_the_value_and_raises_the_error_of_the_call():
    assert call_interruptibly(lambda a, b=0: a + b, 2, b=3) == 5
    with pytest.raises(ZeroDivisionError):
        call_interruptibly(lambda: 1 / 0)


def interrupt_after(seconds: float) -> None:
    """Ctrl-C from another thread after ``seconds``, as a terminal's may land on any thread of the process."""
    def interrupt() -> None:
        time.sleep(seconds)
        signal.raise_signal(signal.SIGINT)

    threading.Thread(target=interrupt, daemon=True).start()


def test_call_interruptibly_lets_an_interrupt_through_and_asks_the_call_to_stop():
    release = threading.Event()
    stopped = []

    interrupt_after(0.3)
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        call_interruptibly(release.wait, 60, stop=lambda: (stopped.append(True), release.set()))
    assert stopped == [True] and time.monotonic() - started < 5


def _square(x: int) -> int:
    return x * x


def test_map_in_processes_gives_the_values_in_task_order_and_reports_each():
    done = []
    assert map_in_processes(_square, [(n,) for n in range(5)], 2, on_done=lambda i, v: done.append(i)) == [
        0, 1, 4, 9, 16]
    assert sorted(done) == [0, 1, 2, 3, 4]


def _fail(x: int) -> int:
    raise ValueError(f"task {x}")


def test_children_started_here_lists_a_process_the_test_left_running(children_started_here):
    process = multiprocessing.Process(target=time.sleep, args=(60,))
    process.start()
    try:
        assert [child.pid for child in children_started_here()] == [process.pid]
    finally:
        process.terminate()
        process.join()
    assert children_started_here() == []


def test_map_in_processes_raises_a_worker_error_and_leaves_no_worker_behind(children_started_here):
    with pytest.raises(ValueError, match="task"):
        map_in_processes(_fail, [(1,), (2,)], 2)
    assert children_started_here() == []
    assert os.getpid() > 0


def _sleep(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def test_an_interrupt_while_waiting_for_workers_terminates_them_at_once(children_started_here):
    interrupt_after(1.0)
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        map_in_processes(_sleep, [(60,), (60,)], 2)
    assert time.monotonic() - started < 20
    assert children_started_here() == []


def test_a_process_apart_gives_the_value_while_the_caller_works_on_and_raises_its_error(children_started_here):
    with Apart(warm="json") as apart:
        assert sum(range(1000)) == 499500  # the caller's own work while the process starts
        assert apart.start(_square, 7).result() == 49
    with pytest.raises(ValueError, match="task 3"), Apart() as apart:
        apart.start(_fail, 3).result()
    assert children_started_here() == []


def test_leaving_a_process_apart_unwaited_terminates_it(children_started_here):
    with Apart() as apart:
        apart.start(_sleep, 60)
    assert children_started_here() == []


def test_an_interrupt_while_waiting_for_a_process_started_apart_terminates_it_at_once(children_started_here):
    started = Apart().start(_sleep, 60)
    interrupt_after(1.0)
    begun = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        started.result()
    assert time.monotonic() - begun < 20
    assert children_started_here() == []
