"""Long work (a solve, a sensitivity run) in a worker process, so that the page stays responsive and a Cancel
button really stops it: cancelling terminates the process, solver and all, at once. Folders are written all or
nothing (``files``), so a cancelled solve leaves nothing half written.

The worker reports through a queue: ``("progress", message)`` any number of times, then ``("done", value)`` or
``("failed", (text, exit_status))``. The page polls ``Job.poll`` on each rerun.
"""

from __future__ import annotations

import multiprocessing
import queue as queues
import time
from dataclasses import dataclass, field
from typing import Any, Callable

CANCEL_WAIT_SECONDS = 3.0


def _run(function: Callable[..., Any], arguments: tuple, channel) -> None:
    def progress(message: Any) -> None:
        channel.put(("progress", message))
    try:
        channel.put(("done", function(*arguments, progress=progress)))
    except BaseException as error:  # a bug: shown as it is (the work functions turn known failures into values)
        channel.put(("failed", f"{type(error).__name__}: {error}"))


@dataclass
class Job:
    """``function(*arguments, progress=callback)`` running in a fresh ("spawn") process."""

    label: str
    process: Any
    channel: Any
    started: float = field(default_factory=time.monotonic)
    messages: list = field(default_factory=list)
    state: str = "running"  # running, done, failed, cancelled
    value: Any = None
    error: str | None = None
    ended: float | None = None

    @classmethod
    def start(cls, label: str, function: Callable[..., Any], *arguments: Any, daemon: bool = True) -> Job:
        """``daemon``: the job ends with the server (Ctrl-C); False for work that starts processes of its own
        (a sensitivity run's pool), which a daemon may not, and which the server then waits for when it stops."""
        context = multiprocessing.get_context("spawn")  # a clean interpreter: no solver or server state copied
        channel = context.Queue()
        process = context.Process(target=_run, args=(function, arguments, channel), name=label, daemon=daemon)
        process.start()
        return cls(label, process, channel)

    def poll(self) -> Job:
        """Take what the worker reported since the last poll; notice a worker that died without a word."""
        while self.state == "running":
            try:
                kind, payload = self.channel.get_nowait()
            except queues.Empty:
                if self.process.is_alive():
                    break
                try:
                    kind, payload = self.channel.get(timeout=0.5)  # the last words may still be in the pipe
                except queues.Empty:
                    self._end("failed", error=f"the worker process ended (exit code {self.process.exitcode})")
                    break
            if kind == "progress":
                self.messages.append(payload)
            elif kind == "done":
                self._end("done", value=payload)
            else:
                self._end("failed", error=payload)
        return self

    def cancel(self) -> None:
        """Stop the worker now (solver included); what it was writing is never half written."""
        if self.state != "running":
            return
        self.process.terminate()
        self.process.join(CANCEL_WAIT_SECONDS)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(CANCEL_WAIT_SECONDS)
        self._end("cancelled")

    def wait(self, timeout: float = 600.0) -> Job:
        """Poll until the job ends (for scripts and tests); ``timeout`` seconds at most."""
        deadline = time.monotonic() + timeout
        while self.poll().state == "running" and time.monotonic() < deadline:
            time.sleep(0.1)
        return self

    @property
    def seconds(self) -> float:
        return (self.ended or time.monotonic()) - self.started

    def _end(self, state: str, value: Any = None, error: str | None = None) -> None:
        self.state, self.value, self.error, self.ended = state, value, error, time.monotonic()
        if state != "cancelled":
            self.process.join(CANCEL_WAIT_SECONDS)
