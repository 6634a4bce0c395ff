"""Long native calls that still stop when asked.

Python runs a signal handler only between bytecodes of the main thread, so Ctrl-C or SIGTERM sent while the main
thread is inside a solver's C++ code waits until the solve ends (minutes, at scale). Here the solver runs in a
daemon thread while the calling thread waits in short slices, so the interrupt is raised in the caller at once.
The solver is asked to stop through its interrupter where it honours one; where it does not (HiGHS through
MathOpt finishes its current solve), the daemon thread is abandoned, and the command line ends the process
without waiting for it (``__main__``).

Worker processes are handled alike: they ignore Ctrl-C themselves (the terminal sends it to the whole process
group) and are terminated by the parent when it is interrupted, instead of being waited for.
"""


from __future__ import annotations

import importlib
import multiprocessing
import signal
import threading
from collections.abc import Callable, Sequence
from typing import Any

POLL_SECONDS = 0.1
GRACE_SECONDS = 0.5  # how long an interrupted solver may take to stop before it is left behind


def call_interruptibly(function: Callable[..., Any], *args: Any, stop: Callable[[], None] | None = None,
                       **kwargs: Any) -> Any:
    """``function(*args, **kwargs)``, run in a daemon thread; an interrupt of the caller calls ``stop`` and is
    re-raised at once."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = function(*args, **kwargs)
        except BaseException as error:  # handed to the caller, which re-raises it
            box["error"] = error

    thread = threading.Thread(target=target, name="solver", daemon=True)
    thread.start()
    try:
        while thread.is_alive():
            thread.join(POLL_SECONDS)
    except BaseException:
        if stop is not None:
            stop()
        thread.join(GRACE_SECONDS)
        raise
    if "error" in box:
        raise box["error"]
    return box["value"]


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _indexed(job: tuple[Callable[..., Any], int, tuple]) -> tuple[int, Any]:
    function, index, arguments = job
    return index, function(*arguments)


def map_in_processes(function: Callable[..., Any], tasks: Sequence[tuple], workers: int,
                     on_done: Callable[[int, Any], None] | None = None) -> list[Any]:
    """``function(*task)`` for every task in ``workers`` fresh ("spawn") processes; ``on_done(index, value)`` as
    each finishes; the values in task order. An interrupt or error terminates every worker at once."""
    context = multiprocessing.get_context("spawn")  # clean interpreters: no solver state copied from this one
    pool = context.Pool(processes=workers, initializer=_ignore_interrupts)
    found: dict[int, Any] = {}
    try:
        results = pool.imap_unordered(_indexed, [(function, i, tuple(t)) for i, t in enumerate(tasks)])
        while len(found) < len(tasks):
            try:
                # In short slices: a signal may be delivered to another thread, and only a waiting that returns
                # now and then lets this one act on it.
                index, value = results.next(timeout=POLL_SECONDS)
            except multiprocessing.TimeoutError:
                continue
            found[index] = value
            if on_done is not None:
                on_done(index, value)
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
    return [found[index] for index in range(len(tasks))]


def _warm_up(module: str | None) -> None:
    _ignore_interrupts()
    if module:
        importlib.import_module(module)


class Apart:
    """A second ("spawn") process that runs one function at a time while the caller works on. Start it early and
    its imports (``warm``: a module to import at once) overlap the caller's work; ``start(function, *arguments)``
    when the arguments are ready; ``result()`` waits, after which it can start the next. As a context manager,
    leaving it ends the process (terminating a function still running); an interrupt or error while waiting
    terminates it at once."""

    def __init__(self, warm: str | None = None) -> None:
        self._pool = multiprocessing.get_context("spawn").Pool(processes=1, initializer=_warm_up, initargs=(warm,))
        self._pending: Any = None

    def start(self, function: Callable[..., Any], *arguments: Any) -> Apart:
        if self._pending is not None:
            raise RuntimeError("the process apart is still running a function: wait for its result first")
        self._pending = self._pool.apply_async(function, arguments)
        return self

    def result(self) -> Any:
        pending, self._pending = self._pending, None
        try:
            while True:
                try:
                    return pending.get(timeout=POLL_SECONDS)
                except multiprocessing.TimeoutError:
                    continue
        except BaseException:
            self._pool.terminate()
            self._pool.join()
            raise

    def close(self) -> None:
        self._pool.terminate()
        self._pool.join()

    def __enter__(self) -> Apart:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
