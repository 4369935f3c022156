"""The limits on uploads and heavy jobs (app/limits.py) hold: unit tests and AppTest."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from streamlit.testing.v1 import AppTest

from app import limits
from geo import i18n


@contextmanager
def held(gate: limits.JobGate, n: int) -> Iterator[None]:
    """``n`` slots of ``gate`` held by other threads while the block runs."""
    taken, release = threading.Barrier(n + 1), threading.Event()

    def job() -> None:
        assert gate.acquire(1)
        taken.wait()
        release.wait()
        gate.release()

    threads = [threading.Thread(target=job) for _ in range(n)]
    for thread in threads:
        thread.start()
    taken.wait()
    try:
        yield
    finally:
        release.set()
        for thread in threads:
            thread.join()


def test_gate_refuses_when_full_and_admits_when_a_slot_frees():
    gate = limits.JobGate(2)
    with held(gate, 2):
        assert gate.running == 2
        assert not gate.acquire(0.05)  # a third waits its bounded time, then is refused
    assert gate.running == 0
    with gate.slot(0) as got:
        assert got and gate.running == 1
        with gate.slot(0) as nested:  # the same thread: no second slot, no deadlock
            assert nested and gate.running == 1
    assert gate.running == 0


def test_the_process_gate_is_small():
    assert 1 <= limits.GATE.slots <= 2


def test_upload_window_counts_new_files_and_bytes_per_minute():
    now = [0.0]
    window = limits.UploadWindow(max_files=3, max_bytes=10 * limits.MB, clock=lambda: now[0])
    assert window.admit("a", 8 * limits.MB)  # one file within its size limit passes
    assert window.admit("a", 8 * limits.MB)  # the same upload on the next rerun
    assert not window.admit("b", 3 * limits.MB)  # 11 MB in the minute
    assert window.admit("c", 1 * limits.MB)
    assert window.admit("d", 1 * limits.MB)
    assert not window.admit("e", 1)  # a fourth file in the minute
    now[0] = 61.0
    assert window.admit("e", 1)


def _busy_script() -> None:
    import streamlit as st

    from app import limits

    with limits.heavy_job("sv", wait_s=0.2):
        st.write("analysen kördes")


def test_heavy_job_says_busy_when_every_slot_is_taken():
    with held(limits.GATE, limits.GATE.slots):
        at = AppTest.from_function(_busy_script, default_timeout=30).run()
    assert not at.exception
    assert [e.value for e in at.error] == [i18n.t("limits.busy", "sv")]
    assert not at.markdown
    assert limits.GATE.running == 0
    at = AppTest.from_function(_busy_script, default_timeout=30).run()  # free again
    assert not at.error and at.markdown[0].value == "analysen kördes"
    assert limits.GATE.running == 0


def test_server_wide_upload_limit_is_the_import_limit():
    import tomllib
    from pathlib import Path

    from geo.io import limits as io_limits

    config = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit"
                            / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * limits.MB == io_limits.MAX_FILE_BYTES
    assert limits.PUBLIC_UPLOAD_MB < config["server"]["maxUploadSize"]
