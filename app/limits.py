"""Limits on what visitors' uploads may cost the server: size, rate, concurrency, cache.

Why they are here, in one place: the Täckning page takes two uploads from *anonymous*
visitors (a units file and a population table), and reading and analysing them is the
heaviest work the app does. Measured on loopback before these limits (issue 13), four
parallel 40 MB uploads took the process to 3.5 GB and another visitor's map from 3 s to
52 s. Each limit answers one part of that:

- **size before parsing**: ``server.maxUploadSize`` (``.streamlit/config.toml``, 64 MB,
  the import's :data:`geo.io.limits.MAX_FILE_BYTES`) is enforced by the server while the
  request streams in; public uploaders ask the browser for :data:`PUBLIC_UPLOAD_MB`
  (``max_upload_size=``), and because a browser's check can be bypassed,
  :func:`upload_bytes` checks ``UploadedFile.size`` again before the bytes are handed on;
- **rate per session**: :class:`UploadWindow` admits at most :data:`UPLOADS_PER_MINUTE`
  new files and :data:`UPLOAD_BYTES_PER_MINUTE` per session and minute (a file already
  admitted is not counted again on the reruns that follow it);
- **concurrency per process**: :data:`GATE` lets :data:`HEAVY_JOBS` heavy jobs (reading
  an uploaded file, the analysis of one, an import, a survey import) run at once; others
  wait up to :data:`HEAVY_WAIT_S` seconds and are then told the server is busy. Map pages
  never take a slot, so a visitor's map is not queued behind an upload;
- **CPU and the interpreter lock**: the heavy work of an anonymous upload (reading the
  file, the analysis) runs in a worker process (:func:`run_heavy`, :mod:`geo.worker`) at
  a lower CPU priority: in a thread of the app's own process it held Python's
  interpreter lock and slowed every other visitor's script (a map load went from 1.9 s
  to 5 s while four uploads ran); ``TRYGGHETSKARTAN_HEAVY_INLINE=1`` runs it in the
  page's thread instead (tests that watch a call in-process);
- **memory held by caches**: results keyed on uploaded bytes are few and short-lived
  (:data:`UPLOAD_CACHE_ENTRIES`, :data:`UPLOAD_CACHE_TTL_S`, used by
  ``app.coverage_cache``); Streamlit keys a cache on an md5 of the bytes, not the bytes.

The pure pieces (:class:`JobGate`, :class:`UploadWindow`) take no Streamlit object and
are unit-tested; :func:`upload_bytes` and :func:`heavy_job` are the page-side gates.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import streamlit as st

from geo import i18n, worker
from geo.io import limits as io_limits

MB = 1024 * 1024
#: Largest file a public (anonymous) upload widget accepts, in MB. A municipality's own
#: units (DeSO, 250 m squares: a few thousand polygons) are 1-2 MB of GeoJSON; 9.5 MB
#: files (45,000 polygons) from four visitors at once still took 1.2 GB and tripled
#: another visitor's map time on a 2-core machine.
PUBLIC_UPLOAD_MB = 5
#: Largest file the import accepts, in MB (the server-wide ``server.maxUploadSize``).
IMPORT_UPLOAD_MB = io_limits.MAX_FILE_BYTES // MB
#: Heavy jobs (reading and analysing uploaded files, imports) running at once per process:
#: one per two CPUs, at most two, so that one CPU is always left for the map pages.
HEAVY_JOBS = min(2, max(1, (os.cpu_count() or 2) // 2))
#: Longest a heavy job may run in its worker process (seconds).
WORKER_TIMEOUT_S = 120.0
#: Set to 1 to run heavy jobs in the page's own thread instead of a worker process.
INLINE_ENV = "TRYGGHETSKARTAN_HEAVY_INLINE"
#: How long a heavy job waits for a free slot before the visitor is told to come back.
HEAVY_WAIT_S = 20.0
#: New uploaded files admitted per session and minute, and their bytes.
UPLOADS_PER_MINUTE = 6
UPLOAD_BYTES_PER_MINUTE = 30 * MB
#: Cache entries keyed on uploaded bytes: how many per cached function, and for how long.
UPLOAD_CACHE_ENTRIES = 4
UPLOAD_CACHE_TTL_S = 600

WINDOW_KEY = "_limits_upload_window"


class JobGate:
    """A process-wide bounded number of heavy jobs; a caller waits a bounded time.

    A thread that holds a slot gets nested slots at once (an analysis that reads an
    uploaded file inside it must not wait for a second slot, or two such analyses
    would each hold one and wait for the other).
    """

    def __init__(self, slots: int) -> None:
        self.slots = slots
        self._semaphore = threading.BoundedSemaphore(slots)
        self._lock = threading.Lock()
        self._running = 0
        self._local = threading.local()

    @property
    def running(self) -> int:
        """Jobs holding a slot now."""
        return self._running

    def acquire(self, wait_s: float) -> bool:
        """Take a slot, waiting at most ``wait_s`` seconds; ``False`` when none came free."""
        depth = getattr(self._local, "depth", 0)
        if depth:
            self._local.depth = depth + 1
            return True
        if not self._semaphore.acquire(timeout=max(0.0, wait_s)):
            return False
        self._local.depth = 1
        with self._lock:
            self._running += 1
        return True

    def release(self) -> None:
        """Give back a slot taken by :meth:`acquire` in this thread."""
        self._local.depth -= 1
        if self._local.depth:
            return
        with self._lock:
            self._running -= 1
        self._semaphore.release()

    @contextmanager
    def slot(self, wait_s: float) -> Iterator[bool]:
        """``with gate.slot(5) as got:`` — ``got`` says whether the job may run."""
        got = self.acquire(wait_s)
        try:
            yield got
        finally:
            if got:
                self.release()


class UploadWindow:
    """New uploads of one session in the last minute: how many, and how many bytes."""

    def __init__(self, max_files: int = UPLOADS_PER_MINUTE,
                 max_bytes: int = UPLOAD_BYTES_PER_MINUTE, window_s: float = 60.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_files, self.max_bytes, self.window_s = max_files, max_bytes, window_s
        self._clock = clock
        self._recent: list[tuple[float, int]] = []
        self._admitted: dict[str, None] = {}  # file ids already let through (the last 32)

    def admit(self, file_id: str, size: int) -> bool:
        """Whether this upload may be read; an upload admitted before is always admitted."""
        if file_id in self._admitted:
            return True
        now = self._clock()
        self._recent = [(at, n) for at, n in self._recent if now - at < self.window_s]
        # the bytes bound counts from the second file: one file within its size limit passes
        if (len(self._recent) >= self.max_files
                or (self._recent and sum(n for _, n in self._recent) + size > self.max_bytes)):
            return False
        self._recent.append((now, size))
        self._admitted[file_id] = None
        while len(self._admitted) > 32:
            del self._admitted[next(iter(self._admitted))]
        return True


#: The one gate of this server process (modules under app/ are imported once per process).
GATE = JobGate(HEAVY_JOBS)


def _lang(lang: str | None) -> str:
    return i18n.language(lang or st.session_state.get("lang"))


def too_large(size: int, limit_mb: int) -> bool:
    """Whether ``size`` bytes exceed ``limit_mb`` megabytes."""
    return size > limit_mb * MB


def size_refusal(upload: Any, limit_mb: int, lang: str | None = None) -> str | None:
    """The "too large" sentence for an upload over ``limit_mb`` MB, else ``None``."""
    if upload is None or not too_large(upload.size, limit_mb):
        return None
    lang = _lang(lang)
    return i18n.t("limits.too_large", lang, size=megabytes(upload.size, lang), limit=limit_mb)


def megabytes(size: int, lang: str) -> str:
    """``size`` bytes in MB with one decimal, a decimal comma in Swedish."""
    text = f"{size / MB:.1f}"
    return text.replace(".", ",") if lang == "sv" else text


def upload_bytes(upload: Any, limit_mb: int, lang: str | None = None) -> bytes | None:
    """The bytes of an upload within the limits, or ``None`` after a one-line refusal.

    The size is checked on ``upload.size`` before the bytes are used, and then the
    session's rate; a refused upload is as if none had been given.
    """
    if upload is None:
        return None
    lang = _lang(lang)
    refusal = size_refusal(upload, limit_mb, lang)
    if refusal:
        st.error(refusal)
        return None
    window = st.session_state.setdefault(WINDOW_KEY, UploadWindow())
    if not window.admit(upload.file_id, upload.size):
        st.error(i18n.t("limits.too_many_uploads", lang))
        return None
    return upload.getvalue()


@contextmanager
def heavy_job(lang: str | None = None, *, gate: JobGate | None = None,
              wait_s: float | None = None) -> Iterator[None]:
    """Run the block in one of the process's few heavy-job slots.

    When no slot comes free in time, the page says the server is busy and stops
    (``st.stop``); the slot is given back however the block ends.
    """
    gate = gate or GATE
    wait_s = HEAVY_WAIT_S if wait_s is None else wait_s
    if not gate.acquire(0):
        with st.spinner(i18n.t("limits.waiting", _lang(lang))):
            got = gate.acquire(wait_s)
        if not got:
            st.error(i18n.t("limits.busy", _lang(lang)))
            st.stop()
    try:
        yield
    finally:
        gate.release()



def run_heavy(job: Callable[..., Any], *args: Any, lang: str | None = None) -> Any:
    """``job(*args)`` in a heavy-job slot, in a worker process; its result or its exception.

    ``job`` is a function of ``geo`` and its arguments plain, picklable values (bytes,
    frames). A worker that ends without an answer (killed, out of memory, too slow) makes
    the page say the server is busy.
    """
    with heavy_job(lang):
        if os.environ.get(INLINE_ENV) == "1":
            return job(*args)
        try:
            return worker.run(job, *args, timeout_s=WORKER_TIMEOUT_S)
        except worker.WorkerFailed:
            logging.getLogger("trygghetskartan").warning("a heavy job failed: %s", job)
    st.error(i18n.t("limits.busy", _lang(lang)))
    st.stop()
