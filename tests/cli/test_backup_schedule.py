"""The nightly backup's systemd units: what they run works, as systemd would run it.

systemd is not running on the test machines, so the service's commands are run the way it
would run them: ``%%`` and ``$$`` unescaped, the checkout and the state folder moved to this
checkout and a temporary folder, the settings from an environment file. They must write
today's backup (which restores), leave no temporary folder, and remove backups older than
14 days while keeping the newer ones. ``systemd-analyze verify`` checks the files' syntax.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import time
from datetime import date
from pathlib import Path

import pytest

from geo.store import backup as backups

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "deploy" / "systemd"
SERVICE = UNITS / "trygghetskartan-backup.service"
TIMER = UNITS / "trygghetskartan-backup.timer"
INSTALL_DIR = "/opt/trygghetskartan"
STATE_DIR = "/var/lib/trygghetskartan"
DAY = 24 * 3600


def entries(unit: Path, key: str) -> list[str]:
    """The values of ``key=`` lines in a unit file, in order."""
    return [line.split("=", 1)[1] for line in unit.read_text().splitlines()
            if line.startswith(f"{key}=")]


def command(line: str, state: Path) -> list[str]:
    """One Exec line as systemd hands it to the program, moved into this checkout."""
    line = line.replace(INSTALL_DIR, str(ROOT)).replace(STATE_DIR, str(state))
    return [word.replace("%%", "%").replace("$$", "$") for word in shlex.split(line)]


def test_the_units_pass_systemd_analyze(tmp_path):
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed")
    for unit in (SERVICE, TIMER):
        (tmp_path / unit.name).write_text(unit.read_text().replace(INSTALL_DIR, str(ROOT)))
    result = subprocess.run(["systemd-analyze", "verify", "--man=no",
                             str(tmp_path / SERVICE.name), str(tmp_path / TIMER.name)],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0 and result.stderr.strip() == "", result.stderr
    assert entries(TIMER, "Unit") == [SERVICE.name]
    assert entries(TIMER, "OnCalendar") == ["*-*-* 02:30:00"]
    assert entries(TIMER, "WantedBy") == ["timers.target"]


def test_the_service_writes_todays_backup_and_keeps_fourteen_days(tmp_path):
    state = tmp_path / "state"
    folder = state / "backups"
    folder.mkdir(parents=True)
    store = state / "trygghetskartan.gpkg"
    assert subprocess.run([f"{ROOT}/.venv/bin/python", "-m", "geo", "init", "--db",
                           str(store)], cwd=ROOT, capture_output=True, check=False
                          ).returncode == 0
    old, recent = folder / "trygghetskartan-2020-01-01.gpkg", folder / "trygghetskartan-x.gpkg"
    killed = folder / ".trygghetskartan-2020-01-01.gpkg.abc"
    for path, days in ((old, 15), (recent, 10)):
        path.write_bytes(b"")
        os.utime(path, (time.time() - days * DAY,) * 2)
    killed.mkdir()
    os.utime(killed, (time.time() - 2 * DAY,) * 2)
    env = {"PATH": os.environ["PATH"], "TRYGGHETSKARTAN_DB": str(store)}
    assert entries(SERVICE, "WorkingDirectory") == [INSTALL_DIR]
    for key in ("ExecStartPre", "ExecStart", "ExecStartPost"):
        (line,) = entries(SERVICE, key)
        result = subprocess.run(command(line, state), cwd=ROOT, env=env, capture_output=True,
                                text=True, timeout=120, check=False)
        assert result.returncode == 0, (key, result.stderr)
        if key == "ExecStart":
            assert re.search(r"^Klart: säkerhetskopian är skriven", result.stdout, re.M)
    today = folder / f"trygghetskartan-{date.today().isoformat()}.gpkg"
    assert sorted(p.name for p in folder.iterdir()) == sorted([today.name, recent.name])
    assert backups.integrity(today) == "ok"
    assert backups.open_backup(today, tmp_path).exists()
