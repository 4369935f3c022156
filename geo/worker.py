"""Run one heavy job in a Python process of its own, at a lower CPU priority.

The app serves every visitor from one process, and Python runs one thread at a time in
it: reading and analysing a visitor's uploaded file in a thread of that process slowed
every other visitor's page (a map load went from 1.9 s to 5 s while four uploads ran).
:func:`run` hands ``job(*args)`` to ``python -m geo.worker`` instead, niced, and returns
its result or raises its exception (a :class:`~geo.io.errors.Refused` comes back whole).

A fresh interpreter per job, not :mod:`multiprocessing`: Streamlit runs each page as the
``__main__`` module, and a spawned worker would run that page again on start-up. Only
functions of the ``geo`` package are run; the job travels as a pickle through a pipe
between this process and its own child.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
#: CPU niceness of a worker (the pages that serve visitors keep the app's priority).
NICE = 10


class WorkerFailed(RuntimeError):
    """The worker process ended without an answer (killed, out of memory, timed out)."""


def run(job: Callable[..., Any], *args: Any, timeout_s: float | None = None) -> Any:
    """``job(*args)`` in a niced child process; its result, or its exception raised here."""
    if not getattr(job, "__module__", "").startswith("geo."):
        raise ValueError(f"only functions of geo run in a worker, not {job!r}")
    try:
        done = subprocess.run([sys.executable, "-m", "geo.worker"], cwd=ROOT,
                              input=pickle.dumps((job, args)), capture_output=True,
                              timeout=timeout_s, preexec_fn=lambda: os.nice(NICE),
                              check=False)
    except subprocess.TimeoutExpired:
        raise WorkerFailed("the worker took too long") from None
    if done.returncode != 0 or not done.stdout:
        raise WorkerFailed(f"the worker ended with code {done.returncode}")
    ok, value = pickle.loads(done.stdout)
    if ok:
        return value
    raise value


def identity() -> tuple[int, int]:
    """The process a job runs in and its niceness (to check that it is not the app's)."""
    return os.getpid(), os.nice(0)


def main() -> None:
    """Read one pickled ``(job, args)`` on stdin; write ``(ok, result or exception)``."""
    job, args = pickle.load(sys.stdin.buffer)
    answer = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing a job prints may mix with the answer
    try:
        result: tuple[bool, Any] = (True, job(*args))
    except Exception as error:  # noqa: BLE001 - handed back to the caller, who raises it
        result = (False, error)
    answer.write(pickle.dumps(result))
    answer.flush()


if __name__ == "__main__":
    main()
