"""The audit log itself: its line, its facts, its level and destination from configuration."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from geo import audit, config
from geo.store import GeoPackageStore
from tests.auditlog import REQUIRED

ROOT = Path(__file__).resolve().parents[1]


def test_a_line_is_one_json_object_with_every_field(audit_log):
    with audit.acting(audit.Actor(who="a@tomelilla.se", role="editor", client="10.0.0.9")):
        audit.record(audit.Event.WRITE, action="update", layer="walks", record_id="w1",
                     version=2, fields=["name"])
    (entry,) = audit_log()
    assert list(entry)[:len(REQUIRED)] == list(REQUIRED)
    assert entry["time"].endswith("Z") and entry["level"] == "info"
    assert (entry["who"], entry["role"], entry["client"]) == ("a@tomelilla.se", "editor",
                                                             "10.0.0.9")
    assert "forwarded_for" not in entry  # only behind a proxy


def test_a_fact_not_on_the_list_is_refused_before_anything_is_logged(audit_log):
    with pytest.raises(ValueError, match="description"):
        audit.record(audit.Event.WRITE, description="Någon bor här")
    assert audit_log() == []


def test_text_with_line_breaks_stays_on_one_line(audit_log):
    audit.record(audit.Event.SIGN_IN, who="x\ny@tomelilla.se", outcome="unknown")
    (entry,) = audit_log()
    assert entry["who"] == "x\ny@tomelilla.se" and entry["level"] == "warning"


def test_warning_level_keeps_only_what_went_wrong(tmp_path):
    path = tmp_path / "audit.log"
    audit.configure(str(path), "WARNING")
    try:
        audit.record(audit.Event.EXPORT, action="csv", count=3)
        audit.record(audit.Event.SIGN_IN, outcome="locked", who="a@tomelilla.se")
    finally:
        audit.configure()
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert [e["event"] for e in lines] == ["sign_in"]


def test_the_default_is_standard_error_as_it_is_at_each_line(monkeypatch, capsys):
    monkeypatch.delenv(config.AUDIT_LOG_ENV, raising=False)
    monkeypatch.delenv(config.LOG_LEVEL_ENV, raising=False)
    audit.configure()
    audit.record(audit.Event.PUBLISH, kommun="1270", files=3)
    err = capsys.readouterr().err
    assert json.loads(err)["event"] == "publish" and err.count("\n") == 1


def test_a_file_moved_by_logrotate_is_opened_anew(tmp_path):
    path = tmp_path / "audit.log"
    audit.configure(str(path), "INFO")
    try:
        audit.record(audit.Event.PUBLISH, files=1)
        path.rename(tmp_path / "audit.log.1")  # what logrotate does (without copytruncate)
        audit.record(audit.Event.PUBLISH, files=2)
    finally:
        audit.configure()
    assert json.loads((tmp_path / "audit.log.1").read_text())["files"] == 1
    assert json.loads(path.read_text())["files"] == 2


def test_a_failed_operation_is_one_line_with_the_error_class_only(audit_log):
    with pytest.raises(OSError), audit.operation(audit.Event.PUBLISH, kommun="1270"):
        raise OSError("/srv/secret/path is full")
    (entry,) = audit_log()
    assert (entry["outcome"], entry["error"], entry["level"]) == ("error", "OSError", "warning")
    assert "/srv/secret" not in json.dumps(entry)


def geo(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """``python -m geo ARGS`` in a new process with only ``env`` configured."""
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, capture_output=True,
                          text=True, check=False,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), **env})


@pytest.mark.parametrize(("env", "message"), [
    ({config.LOG_LEVEL_ENV: "chatty"}, "TRYGGHETSKARTAN_LOG_LEVEL must be one of"),
    ({config.AUDIT_LOG_ENV: "/nowhere/audit.log"}, "No such file or directory"),
])
def test_a_bad_setting_stops_a_command_before_it_writes(tmp_path, env, message):
    done = geo(tmp_path, "init", "--db", str(tmp_path / "store.gpkg"), **env)
    assert done.returncode == 2
    assert done.stderr.startswith("geo: error:") and message in done.stderr
    assert done.stderr.count("\n") == 1 and not (tmp_path / "store.gpkg").exists()


def test_a_command_logs_to_the_configured_file(tmp_path):
    log, db = tmp_path / "audit.log", str(tmp_path / "store.gpkg")
    GeoPackageStore(db).initialize()
    done = geo(tmp_path, "user", "add", "--email", "ny@tomelilla.se", "--role", "admin",
               "--db", db, **{config.AUDIT_LOG_ENV: str(log)})
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # the file, not standard error
    (entry,) = [json.loads(line) for line in log.read_text().splitlines()]
    assert (entry["event"], entry["action"], entry["client"]) == ("user", "create", "cli")
    assert entry["who"].startswith("cli:")


def test_the_command_line_names_the_person_behind_sudo(monkeypatch):
    monkeypatch.setenv("LOGNAME", "root")
    monkeypatch.setenv("SUDO_USER", "anna")
    assert audit.cli_actor() == audit.Actor(who="cli:anna (sudo root)", client="cli")
    monkeypatch.delenv("SUDO_USER")
    assert audit.cli_actor().who == "cli:root"
