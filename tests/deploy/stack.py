"""The deployment in ``deploy/`` brought up on loopback: PostGIS, N app instances, nginx + TLS.

No containers and no systemd: every part runs as a child process of this one, on free
high ports of 127.0.0.1, from the files in ``deploy/`` themselves, so that what is tested
is what an operator installs:

- the database: ``deploy/postgresql/setup.sql`` run by ``psql`` against the throw-away
  PostgreSQL cluster of the tests (:mod:`tests.store.pg_server`);
- the settings: ``deploy/trygghetskartan.env.example`` with every ``CHANGE-ME`` filled in;
- the schema: the ``ExecStart`` of ``trygghetskartan-migrate.service``;
- the instances: the ``ExecStart`` and ``Environment`` of ``trygghetskartan@.service``, one
  per upstream server of the nginx site;
- nginx: ``deploy/nginx/trygghetskartan.conf`` with only ports and paths replaced
  (:func:`render_site`), a self-signed certificate, and a main configuration in the
  stack's folder (Debian's nginx, ``-p``/``-c``/``-e``, not the system's service).

``python -m tests.deploy.stack`` (or ``deploy/loopback.sh``) keeps the stack up until
Ctrl-C; ``tests/deploy`` uses :func:`loopback_stack` as a fixture.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import signal
import ssl
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from tests import fixture_data
from tests.deploy.files import (
    ENV_EXAMPLE,
    INSTANCE_UNIT,
    MIGRATE_UNIT,
    ROOT,
    SETUP_SQL,
    SITE,
    env_file,
    exec_start,
    unit_environment,
    upstream_ports,
)
from tests.store.pg_server import PgCluster, free_port, running_cluster

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
OPENSSL = shutil.which("openssl") or "/usr/bin/openssl"
STARTUP_S = 90


# -- the deploy files, rendered for loopback ------------------------------------------------


def _replace(text: str, replacements: list[tuple[str, str]], what: str) -> str:
    """Apply each replacement, which must match: a changed deploy file fails loudly here."""
    for old, new in replacements:
        if old not in text:
            raise ValueError(f"{what}: {old!r} is no longer there; update tests/deploy/stack.py")
        text = text.replace(old, new)
    return text


def render_site(site: str, https: int, http: int, ports: dict[int, int], folder: Path) -> str:
    """The nginx site with loopback ports and the stack's own certificate and log paths."""
    return _replace(site, [
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https} ssl http2;"),
        ("listen [::]:443 ssl http2;", ""),
        ("listen 80;", f"listen 127.0.0.1:{http};"),
        ("listen [::]:80;", ""),
        ("https://$host$request_uri", f"https://$host:{https}$request_uri"),
        ("/etc/ssl/trygghetskartan/fullchain.pem", str(folder / "cert.pem")),
        ("/etc/ssl/trygghetskartan/privkey.pem", str(folder / "key.pem")),
        ("/var/log/nginx/trygghetskartan.access.log", str(folder / "access.log")),
        ("root /var/www/html;", f"root {folder / 'www'};"),
        *((f"server 127.0.0.1:{old} ", f"server 127.0.0.1:{new} ") for old, new in ports.items()),
    ], SITE.name)


def render_env(example: str, cluster: PgCluster, password: str) -> dict[str, str]:
    """The env example with every placeholder filled in; refuses one left over."""
    text = _replace(example, [
        ("CHANGE-ME-db-password", password),
        ("@127.0.0.1:5432/", f"@127.0.0.1:{cluster.port}/"),
        ("CHANGE-ME-session-secret", secrets.token_urlsafe(32)),
        ("CHANGE-ME-cookie-secret", secrets.token_urlsafe(32)),
    ], ENV_EXAMPLE.name)
    env = env_file(text)
    left = [key for key, value in env.items() if "CHANGE-ME" in value]
    if left:
        raise ValueError(f"{ENV_EXAMPLE.name}: no loopback value for {', '.join(left)}")
    return env


NGINX_MAIN = """\
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log notice;
events {{ worker_connections 512; }}
http {{
    client_body_temp_path {scratch}/body;
    proxy_temp_path {scratch}/proxy;
    fastcgi_temp_path {scratch}/fastcgi;
    uwsgi_temp_path {scratch}/uwsgi;
    scgi_temp_path {scratch}/scgi;
    access_log off;
    include {folder}/site.conf;
}}
"""


# -- the stack -------------------------------------------------------------------------------


@dataclass
class Stack:
    """A running loopback deployment: where to reach it and what it was made of."""

    folder: Path
    url: str  #: https through nginx
    http_url: str  #: plain http through nginx (redirects)
    instances: dict[int, str] = field(default_factory=dict)  #: port -> the instance's name
    db_url: str = ""
    #: Seconds each step of bringing the stack up took (for the report and slow machines).
    timings: dict[str, float] = field(default_factory=dict)

    @contextlib.contextmanager
    def step(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self.timings[name] = round(time.perf_counter() - started, 2)

    @property
    def access_log(self) -> Path:
        return self.folder / "access.log"

    def direct(self, port: int) -> str:
        """One instance's own URL, past nginx."""
        return f"http://127.0.0.1:{port}"


def insecure_context() -> ssl.SSLContext:
    """A TLS client that accepts the stack's self-signed certificate."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """Status, headers (lower-case names; Set-Cookie lines joined by newlines) and body.

    Redirects are not followed: the stack's plain-HTTP server answers only with one.
    """
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    opener = urllib.request.build_opener(
        NoRedirect, urllib.request.HTTPSHandler(context=insecure_context()))
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with opener.open(request, timeout=10) as response:
            status, message, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, message, body = error.code, error.headers, error.read()
    names = {name.lower() for name in message.keys()}
    return status, {name: "\n".join(message.get_all(name) or []) for name in names}, body


def _run(command: list[str], what: str, **kwargs: Any) -> None:
    result = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False,
                            **kwargs)
    if result.returncode != 0:
        raise RuntimeError(f"{what} failed ({result.returncode}):\n{result.stdout}"
                           f"\n{result.stderr}")


def _wait_until(ready: Callable[[], bool], what: str,
                processes: list[subprocess.Popen[bytes]]) -> None:
    """Poll ``ready()`` (a health endpoint, never a page) until it holds or time runs out."""
    deadline = time.monotonic() + STARTUP_S
    while not ready():
        if any(p.poll() is not None for p in processes) or time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not come up")
        time.sleep(0.2)


def _healthy(url: str) -> bool:
    try:
        return get(url)[0] == 200
    except OSError:
        return False


def _make_database(cluster: PgCluster, password: str) -> str:
    """The store as ``setup.sql`` makes it; the app's user's URL."""
    _run([str(cluster.bindir / "psql"), "-h", "127.0.0.1", "-p", str(cluster.port),
          "-U", "postgres", "-d", "postgres", "-q", "-v", "ON_ERROR_STOP=1",
          "-v", f"db_password={password}", "-f", str(SETUP_SQL)], "setup.sql")
    return f"postgresql://trygghetskartan:{password}@127.0.0.1:{cluster.port}/trygghetskartan"


def _fill_store(url: str, folder: Path) -> None:
    """The tests' fixture data (its editor and admin accounts among them) in the store."""
    from geo.store import GeoPackageStore, transfer
    from geo.store.postgis.store import PostGISStore

    fixture_data.build(folder / "fixture.gpkg")
    target = PostGISStore(url)
    try:
        report = transfer.copy(GeoPackageStore(folder / "fixture.gpkg"), target)
    finally:
        target.close()
    if not all(check.ok for check in report.checks):
        raise RuntimeError("the fixture data did not copy whole")


def _self_signed(folder: Path) -> None:
    _run([OPENSSL, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
          "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
          "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
          "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")], "openssl")


def _base_environment() -> dict[str, str]:
    """This process's environment without the app's settings: systemd starts clean."""
    return {k: v for k, v in os.environ.items()
            if not k.startswith(("TRYGGHETSKARTAN_", "STREAMLIT_"))}


@contextlib.contextmanager
def _processes() -> Iterator[list[subprocess.Popen[bytes]]]:
    """Child processes, each stopped (TERM, then KILL) when the stack goes down."""
    started: list[subprocess.Popen[bytes]] = []
    try:
        yield started
    finally:
        for process in reversed(started):
            process.terminate()
        for process in reversed(started):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextlib.contextmanager
def _scratch() -> Iterator[Path]:
    """A folder under /tmp that anyone may write to (nginx's temporary files); removed after."""
    scratch = Path(tempfile.mkdtemp(prefix="trygghetskartan-nginx-"))
    try:
        os.chmod(scratch, 0o1777)
        yield scratch
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


@contextlib.contextmanager
def loopback_stack(cluster: PgCluster, folder: Path) -> Iterator[Stack]:
    """Bring the deployment up in ``folder`` on ``cluster``; take it down afterwards."""
    (folder / "www").mkdir(parents=True, exist_ok=True)
    site = SITE.read_text()
    ports = {old: free_port() for old in upstream_ports(site)}
    https, http = free_port(), free_port()
    password = secrets.token_urlsafe(16)
    stack = Stack(folder, f"https://127.0.0.1:{https}", f"http://127.0.0.1:{http}")
    with stack.step("setup.sql"):
        stack.db_url = _make_database(cluster, password)
    settings = {**render_env(ENV_EXAMPLE.read_text(), cluster, password),
                "TRYGGHETSKARTAN_BASEMAP": ""}  # on loopback nothing may leave the machine
    if settings["TRYGGHETSKARTAN_DB"] != stack.db_url:
        raise RuntimeError("the env example's TRYGGHETSKARTAN_DB is not setup.sql's database")
    base = {**_base_environment(), **settings}
    with stack.step("migrate"):
        _run(exec_start(MIGRATE_UNIT), "trygghetskartan-migrate.service", cwd=ROOT,
             env={**base, **unit_environment(MIGRATE_UNIT)})
    with _scratch() as scratch, _processes() as running:
        with stack.step("instances and nginx up"):
            for port in ports.values():  # they start while the rest is made (seconds each)
                env = {**base, **unit_environment(INSTANCE_UNIT, str(port))}
                stack.instances[port] = env.get("TRYGGHETSKARTAN_INSTANCE", "")
                with open(folder / f"instance-{port}.log", "w") as log:
                    running.append(subprocess.Popen(
                        exec_start(INSTANCE_UNIT, str(port)), cwd=ROOT, env=env,
                        stdout=log, stderr=subprocess.STDOUT))
            _fill_store(stack.db_url, folder)
            nginx = _nginx_command(folder, scratch, render_site(site, https, http, ports,
                                                                  folder))
            running.append(subprocess.Popen([*nginx, "-g", "daemon off;"],
                                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT))
            for port in ports.values():
                _wait_until(partial(_healthy, f"{stack.direct(port)}/healthz"),
                            f"the instance on port {port} (see {folder}/instance-{port}.log)",
                            running)
            _wait_until(partial(_healthy, f"{stack.url}/healthz"),
                        f"nginx (see {folder}/nginx-error.log)", running)
        yield stack


def _nginx_command(folder: Path, scratch: Path, site: str) -> list[str]:
    """Write nginx's configuration and certificate into ``folder``; check it; the command.

    Its temporary files go to ``scratch``: started as root, nginx's workers run as nobody,
    who may not be able to pass through ``folder``'s parents (pytest's are 0700).
    """
    _self_signed(folder)
    (folder / "site.conf").write_text(site)
    (folder / "nginx.conf").write_text(NGINX_MAIN.format(folder=folder, scratch=scratch))
    nginx = [NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf"),
             "-e", str(folder / "nginx-error.log")]
    _run([*nginx, "-t"], "nginx -t")
    return nginx


def main() -> None:
    """Bring the stack up, say where it is, keep it up until Ctrl-C."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folder", type=Path, help="where the stack's files go "
                        "(default: a new temporary folder, removed afterwards)")
    args = parser.parse_args()
    # systemd, timeout(1) and kill stop with SIGTERM: unwind as for Ctrl-C, stopping everything
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    folder = args.folder or Path(tempfile.mkdtemp(prefix="trygghetskartan-loopback-"))
    with running_cluster() as cluster, loopback_stack(cluster, folder) as stack:
        print(f"Trygghetskartan through nginx: {stack.url}  (self-signed certificate)")
        for port, name in stack.instances.items():
            print(f"  instance {name}: {stack.direct(port)}/healthz")
        print(f"  editor: {fixture_data.EDITOR[0]} / {fixture_data.EDITOR[1]}")
        print(f"  files and logs: {folder}    Ctrl-C stops everything")
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)
    if args.folder is None:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
