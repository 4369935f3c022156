"""The files in ``deploy/`` as data: the systemd units' entries, the env file's settings and
the nginx site's upstream ports (read the way systemd and nginx read them, for what the
deploy tests need). Used by :mod:`tests.deploy.stack` and ``test_deploy_files``."""

from __future__ import annotations

import re
import shlex
import socket
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SITE = DEPLOY / "nginx" / "trygghetskartan.conf"
ENV_EXAMPLE = DEPLOY / "trygghetskartan.env.example"
SETUP_SQL = DEPLOY / "postgresql" / "setup.sql"
UNITS = DEPLOY / "systemd"
INSTANCE_UNIT = UNITS / "trygghetskartan@.service"
MIGRATE_UNIT = UNITS / "trygghetskartan-migrate.service"
TARGET_UNIT = UNITS / "trygghetskartan.target"
#: Where the units expect the checkout; on loopback it is this one.
INSTALL_DIR = "/opt/trygghetskartan"


def unit_entries(path: Path) -> dict[str, list[tuple[str, str]]]:
    """A systemd unit's sections and their ``Key=value`` lines, in order (keys may repeat)."""
    sections: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] | None = None
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        elif current is not None and "=" in line:
            key, value = line.split("=", 1)
            current.append((key.strip(), value.strip()))
        else:
            raise ValueError(f"{path.name}: not a unit line: {raw!r}")
    return sections


def unit_values(path: Path, section: str, key: str) -> list[str]:
    """Every value of ``key`` in ``[section]`` of a unit file."""
    return [value for k, value in unit_entries(path).get(section, []) if k == key]


def specifiers(text: str, instance: str = "") -> str:
    """The unit specifiers the deploy files use: ``%i`` (instance), ``%H`` (host), ``%%``."""
    return (text.replace("%%", "\0").replace("%i", instance)
            .replace("%H", socket.gethostname()).replace("\0", "%"))


def exec_start(unit: Path, instance: str = "") -> list[str]:
    """A unit's ``ExecStart`` as an argument list, run from this checkout."""
    (command,) = unit_values(unit, "Service", "ExecStart")
    return shlex.split(specifiers(command, instance).replace(INSTALL_DIR, str(ROOT)))


def unit_environment(unit: Path, instance: str = "") -> dict[str, str]:
    """A unit's ``Environment=`` assignments (several per line allowed, as in systemd)."""
    env: dict[str, str] = {}
    for line in unit_values(unit, "Service", "Environment"):
        for assignment in shlex.split(specifiers(line, instance)):
            key, value = assignment.split("=", 1)
            env[key] = value
    return env


def env_file(text: str) -> dict[str, str]:
    """The ``KEY=value`` lines of an ``EnvironmentFile`` (comments and blanks skipped)."""
    env: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            key, value = line.split("=", 1)
            env[key.strip()] = value.strip().strip("'\"")
    return env


def upstream_ports(site: str) -> list[int]:
    """The ports of the upstream servers in an nginx site (``server 127.0.0.1:PORT``)."""
    block = re.search(r"upstream trygghetskartan \{(.*?)\}", site, re.S)
    if block is None:
        raise ValueError("the site has no upstream trygghetskartan")
    return [int(port) for port in re.findall(r"^\s*server\s+127\.0\.0\.1:(\d+)\b",
                                              block.group(1), re.M)]


def target_ports() -> list[int]:
    """The ports of the instances ``trygghetskartan.target`` starts."""
    wants = " ".join(unit_values(TARGET_UNIT, "Unit", "Wants")).split()
    return [int(m.group(1)) for w in wants if (m := re.fullmatch(r"trygghetskartan@(\d+)"
                                                                  r"\.service", w))]
