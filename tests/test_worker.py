"""geo.worker: a job runs in a child process and its result or refusal comes back whole."""

from __future__ import annotations

import os

import pytest

from geo import worker
from geo.coverage import units
from geo.io.errors import Refused


def test_a_job_runs_in_another_process_and_returns_its_result():
    table = "rutid_scb;beftotalt\n3230006175250;12\n3230006175500;7,5\n".encode("cp1252")
    assert worker.run(units.read_population, table) == {"3230006175250": 12.0,
                                                        "3230006175500": 7.5}


def test_the_worker_is_another_process_at_a_lower_priority():
    pid, nice = worker.run(worker.identity)
    assert pid != os.getpid()
    assert nice >= os.nice(0) + worker.NICE


def test_a_refusal_comes_back_whole():
    with pytest.raises(Refused) as refused:
        worker.run(units.read_population, b"<OGRVRTDataSource><OGRVRTLayer/></OGRVRTDataSource>")
    assert refused.value.code == "virtual_format"
    assert refused.value.text("sv") == Refused("virtual_format").text("sv")


def test_only_functions_of_geo_run():
    with pytest.raises(ValueError, match="only functions of geo"):
        worker.run(os.system, "true")


def test_a_worker_without_an_answer_fails_plainly():
    with pytest.raises(worker.WorkerFailed):
        worker.run(units.read_population, b"id;pop\n1;2\n", timeout_s=0.01)
