"""A throw-away PostgreSQL + PostGIS cluster for the tests, and the ``pg_cluster`` fixture.

The cluster lives in a fresh directory under the system's temporary folder, listens on a
free port of 127.0.0.1 only (and on a Unix socket in its own directory), trusts local
connections, and runs without ``fsync``: it holds nothing worth keeping. ``initdb`` refuses
to run as root, so as root every server command runs as the ``postgres`` user.

Where PostgreSQL or PostGIS is not installed, :func:`pg_cluster` skips the tests that use it
and says what to install (``make test`` installs both).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

PG_ROOT = Path("/usr/lib/postgresql")
PREFIX = "trygghetskartan-pg-"
SERVER_USER = "postgres"
SUPERUSER = "postgres"
TEMPLATE = "postgis_template"
INSTALL_HINT = "apt-get install postgresql postgresql-15-postgis-3 (make test does this)"
#: Settings for a cluster whose data may be lost: no durability, quick to start and stop.
FAST_SETTINGS = (
    "listen_addresses=127.0.0.1", "fsync=off", "synchronous_commit=off",
    "full_page_writes=off", "max_connections=100", "shared_buffers=64MB",
    "max_wal_size=1GB", "checkpoint_timeout=1h", "log_min_messages=warning",
)


class ClusterUnavailable(Exception):
    """PostgreSQL or PostGIS is missing here; the message says what to install."""


def find_bindir() -> Path:
    """The ``bin`` folder of the newest installed PostgreSQL server that has PostGIS."""
    found = []
    for bindir in sorted(PG_ROOT.glob("*/bin"), key=lambda p: _version(p.parent.name)):
        if (bindir / "initdb").exists() and (bindir / "pg_ctl").exists():
            found.append(bindir)
    if not found:
        on_path = shutil.which("initdb")
        if on_path is None:
            raise ClusterUnavailable(f"PostgreSQL server is not installed: {INSTALL_HINT}")
        found.append(Path(on_path).resolve().parent)
    with_postgis = [b for b in found if _postgis_control(b) is not None]
    if not with_postgis:
        raise ClusterUnavailable(f"PostGIS is not installed for PostgreSQL "
                                 f"{', '.join(b.parent.name for b in found)}: {INSTALL_HINT}")
    return with_postgis[-1]


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".") if part.isdigit())


def _postgis_control(bindir: Path) -> Path | None:
    version = bindir.parent.name
    for share in (Path("/usr/share/postgresql") / version, bindir.parent / "share"):
        control = share / "extension" / "postgis.control"
        if control.exists():
            return control
    return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PgCluster:
    """One ``initdb``-made cluster: start, make databases, stop and remove."""

    def __init__(self, bindir: Path | None = None) -> None:
        self.bindir = bindir or find_bindir()
        self.as_root = os.geteuid() == 0
        self.dir = Path(tempfile.mkdtemp(prefix=PREFIX))
        (self.dir / "owner.pid").write_text(str(os.getpid()))
        self.data = self.dir / "data"
        self.port = 0
        self.started_in = 0.0
        self._counter = 0
        # One database is made ahead, in the background, while a test runs.
        self._maker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pg-createdb")
        self._spare: Future[str] | None = None

    # -- life cycle ------------------------------------------------------------------------

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.as_root:
            command = ["runuser", "-u", SERVER_USER, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)

    def start(self) -> None:
        """``initdb`` and ``pg_ctl start`` on a free port; make the PostGIS template."""
        started = time.perf_counter()
        self._reap_orphans()
        if self.as_root:
            shutil.chown(self.dir, SERVER_USER, SERVER_USER)
        result = self._run("initdb", "-D", str(self.data), "--username", SUPERUSER,
                           "--auth", "trust", "--encoding", "UTF8", "--locale", "C.UTF-8",
                           "--no-sync")
        if result.returncode != 0:
            raise RuntimeError(f"initdb failed: {result.stderr.strip()}")
        options = " ".join(f"-c {setting}" for setting in FAST_SETTINGS)
        for _attempt in range(3):  # another program may take the port between probe and start
            self.port = free_port()
            result = self._run("pg_ctl", "-D", str(self.data), "-l", str(self.dir / "log"),
                               "-w", "-t", "60", "-o",
                               f"-p {self.port} -k {self.dir} {options}", "start")
            if result.returncode == 0:
                break
        else:
            log = (self.dir / "log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"pg_ctl start failed: {result.stderr.strip()}\n{log}")
        self.sql("postgres", f"CREATE DATABASE {TEMPLATE}")
        self.sql(TEMPLATE, "CREATE EXTENSION postgis")
        self.sql("postgres", f"ALTER DATABASE {TEMPLATE} WITH IS_TEMPLATE true")
        self.started_in = time.perf_counter() - started

    def _reap_orphans(self) -> None:
        """Stop and remove clusters left by test runs that were killed before their end."""
        for other in Path(tempfile.gettempdir()).glob(f"{PREFIX}*"):
            try:
                owner = int((other / "owner.pid").read_text())
            except (OSError, ValueError):
                continue
            if other == self.dir or _alive(owner):
                continue
            if (other / "data" / "postmaster.pid").exists():
                self._run("pg_ctl", "-D", str(other / "data"), "-m", "immediate", "-w", "stop")
            shutil.rmtree(other, ignore_errors=True)

    def stop(self) -> None:
        """Stop the server at once and remove every file of the cluster."""
        self._maker.shutdown(wait=True, cancel_futures=True)
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)

    # -- databases -------------------------------------------------------------------------

    def url(self, database: str) -> str:
        """The ``postgresql://`` URL of one database of this cluster."""
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def sql(self, database: str, statement: str) -> None:
        """Run one statement outside a transaction (``CREATE DATABASE`` needs that)."""
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER,
                             dbname=database, autocommit=True) as conn:
            conn.execute(statement)

    def new_database(self) -> str:
        """A new, empty database with PostGIS; return its URL."""
        ready = self._spare or self._maker.submit(self._create_database)
        self._spare = self._maker.submit(self._create_database)
        return ready.result()

    def _create_database(self) -> str:
        self._counter += 1
        name = f"test_{self._counter}_{uuid.uuid4().hex[:8]}"
        self.sql("postgres", f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Drop a database made by :meth:`new_database`, closing its connections."""
        name = url.rsplit("/", 1)[-1]
        self.sql("postgres", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@contextlib.contextmanager
def running_cluster() -> Iterator[PgCluster]:
    """A started cluster, stopped and removed afterwards (whatever happens in between)."""
    cluster = PgCluster()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()


def _check_driver() -> None:
    try:
        import geoalchemy2  # noqa: F401
        import psycopg  # noqa: F401
        import sqlalchemy  # noqa: F401
    except ImportError as error:
        raise ClusterUnavailable(f"{error.name} is not installed: pip install -r "
                                 "requirements.txt") from None


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """A throw-away PostGIS cluster for the whole test session (skips where none can run)."""
    try:
        _check_driver()
        find_bindir()
    except ClusterUnavailable as missing:
        pytest.skip(f"PostGIS backend not tested: {missing}")
    with running_cluster() as cluster:
        yield cluster
