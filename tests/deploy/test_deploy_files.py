"""The files in deploy/ agree with each other and with the app: nginx's upstreams are the
instances systemd starts, each instance runs the app on its own port with the secrets the
app reads, and the proxy's limits match the app's. Fast: nothing is started here."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from tests.deploy.files import (
    ENV_EXAMPLE,
    INSTALL_DIR,
    INSTANCE_UNIT,
    MIGRATE_UNIT,
    ROOT,
    SITE,
    TARGET_UNIT,
    UNITS,
    env_file,
    exec_start,
    target_ports,
    unit_entries,
    unit_environment,
    unit_values,
    upstream_ports,
)

SITE_TEXT = SITE.read_text()
STREAMLIT_CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
#: Settings an instance cannot run without behind a proxy (each must be the same in all).
SHARED_SECRETS = ("TRYGGHETSKARTAN_DB", "TRYGGHETSKARTAN_SESSION_SECRET",
                  "STREAMLIT_SERVER_COOKIE_SECRET")


HTTPS_SERVER = SITE_TEXT.split("listen 443 ssl", 1)[1]


def location(path: str) -> str:
    """The text of one ``location`` block of the HTTPS server."""
    match = re.search(r"location " + re.escape(path) + r" \{(.*?)\n    \}", HTTPS_SERVER,
                      re.S)
    assert match, f"no location {path}"
    return match.group(1)


def test_nginx_upstreams_are_the_instances_systemd_starts():
    ports = upstream_ports(SITE_TEXT)
    assert len(ports) >= 2 and len(set(ports)) == len(ports)
    assert target_ports() == ports
    assert unit_values(INSTANCE_UNIT, "Install", "WantedBy") == [TARGET_UNIT.name]


def test_each_instance_serves_asgi_py_on_its_own_port_on_loopback():
    command = exec_start(INSTANCE_UNIT, "8502")
    assert command[0] == f"{ROOT}/.venv/bin/streamlit" and command[1:3] == ["run", "asgi.py"]
    options = dict(zip(command[3::2], command[4::2], strict=True))
    assert options["--server.port"] == "8502"
    assert options["--server.address"] == "127.0.0.1"  # only nginx reaches it
    assert unit_values(INSTANCE_UNIT, "Service", "WorkingDirectory") == [INSTALL_DIR]
    assert unit_environment(INSTANCE_UNIT, "8502")["TRYGGHETSKARTAN_INSTANCE"].endswith("-8502")


def test_instances_and_migration_read_one_environment_file_with_the_shared_secrets():
    files = {unit.name: unit_values(unit, "Service", "EnvironmentFile")
             for unit in (INSTANCE_UNIT, MIGRATE_UNIT)}
    assert files[INSTANCE_UNIT.name] == files[MIGRATE_UNIT.name] == [
        "/etc/trygghetskartan/trygghetskartan.env"]
    assert exec_start(MIGRATE_UNIT)[-3:] == ["-m", "geo", "migrate"]
    assert MIGRATE_UNIT.name in " ".join(unit_values(INSTANCE_UNIT, "Unit", "After"))
    env = env_file(ENV_EXAMPLE.read_text())
    for name in SHARED_SECRETS:
        assert name in env, f"{ENV_EXAMPLE.name} does not set {name}"
    assert all("CHANGE-ME" in env[name] for name in SHARED_SECRETS)
    # no per-instance value: TRYGGHETSKARTAN_INSTANCE comes from the unit (%H-%i)
    assert "TRYGGHETSKARTAN_INSTANCE" not in env


def test_every_setting_in_the_env_example_is_one_the_app_reads():
    code = "\n".join(p.read_text() for folder in ("geo", "app")
                     for p in (ROOT / folder).rglob("*.py"))
    example = ENV_EXAMPLE.read_text()
    names = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", example, re.M))
    assert names, "the env example names no settings"
    for name in names:
        if name.startswith("STREAMLIT_SERVER_"):  # Streamlit's own: server.<option>
            option = name.removeprefix("STREAMLIT_SERVER_").lower()
            camel = re.sub(r"_(\w)", lambda m: m.group(1).upper(), option)
            import streamlit.config as stconfig

            assert f"server.{camel}" in stconfig._config_options_template, name
        elif name == "FORWARDED_ALLOW_IPS":  # uvicorn's, which Streamlit serves with
            import uvicorn.config

            assert name in Path(uvicorn.config.__file__).read_text()
        else:
            assert f'"{name}"' in code or f"'{name}'" in code, f"the app never reads {name}"


def test_the_body_limit_matches_streamlits_upload_limit():
    (limit,) = re.findall(r"client_max_body_size (\d+)m;", SITE_TEXT)
    # Streamlit refuses a body over maxUploadSize + 1 MB (a multipart body's framing)
    assert int(limit) == STREAMLIT_CONFIG["server"]["maxUploadSize"] + 1


def test_websockets_pass_with_long_timeouts_and_the_browsers_host():
    stream = location("/_stcore/stream")
    assert "proxy_http_version 1.1;" in stream
    assert "proxy_set_header Upgrade $http_upgrade;" in stream
    assert "proxy_set_header Connection $trygghetskartan_connection;" in stream
    assert "proxy_read_timeout 1d;" in stream and "proxy_send_timeout 1d;" in stream
    for path in ("/_stcore/stream", "/", "= /healthz"):
        # with the port: Streamlit and the sign-in endpoint compare it with the Origin
        assert "proxy_set_header Host $http_host;" in location(path), path
        assert "proxy_pass http://trygghetskartan;" in location(path), path
        assert "add_header" not in location(path)  # would drop the server's headers


def test_sessions_stick_to_one_instance_by_a_cookie_nginx_sets():
    upstream = re.search(r"upstream trygghetskartan \{(.*?)\}", SITE_TEXT, re.S).group(1)
    assert "hash $trygghetskartan_node consistent;" in upstream
    assert "add_header Set-Cookie $trygghetskartan_set_node always;" in SITE_TEXT
    assert "HttpOnly; Secure; SameSite=Lax" in SITE_TEXT


def test_tls_is_modern_with_placeholders_for_the_certificate():
    assert re.findall(r"ssl_protocols ([^;]+);", SITE_TEXT) == ["TLSv1.2 TLSv1.3"]
    (ciphers,) = re.findall(r"ssl_ciphers ([^;]+);", SITE_TEXT)
    assert all(("GCM" in c or "CHACHA20" in c) and "HE-" in c for c in ciphers.split(":"))
    assert "ssl_session_tickets off;" in SITE_TEXT
    assert 'Strict-Transport-Security "max-age=63072000"' in SITE_TEXT
    assert "ssl_certificate     /etc/ssl/trygghetskartan/fullchain.pem;" in SITE_TEXT
    assert "CHANGE-ME" in SITE_TEXT
    # plain HTTP only redirects
    http_server = SITE_TEXT.split("listen 80;", 1)[1].split("server {", 1)[0]
    assert "return 301 https://$host$request_uri;" in http_server
    assert "proxy_pass" not in http_server


def test_unit_files_parse_and_name_known_sections():
    for unit in UNITS.iterdir():
        sections = unit_entries(unit)
        assert set(sections) <= {"Unit", "Service", "Install", "Timer"}, unit.name
        assert sections["Unit"], unit.name


def test_systemd_analyze_verify_accepts_the_units(tmp_path):
    """``systemd-analyze verify`` on the units, their checkout paths pointing at this one."""
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed")
    for unit in UNITS.iterdir():
        (tmp_path / unit.name).write_text(unit.read_text().replace(INSTALL_DIR, str(ROOT)))
    names = [*(p.name for p in UNITS.iterdir() if "@." not in p.name), "trygghetskartan@8501"
             ".service"]
    (tmp_path / "trygghetskartan@8501.service").symlink_to(tmp_path / INSTANCE_UNIT.name)
    result = subprocess.run(["systemd-analyze", "verify", "--man=no",
                             *(str(tmp_path / name) for name in names)],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0 and result.stderr.strip() == "", result.stderr


def test_the_loopback_script_runs_the_stack_module():
    script = (ROOT / "deploy" / "loopback.sh").read_text()
    assert "python -m tests.deploy.stack" in script
    assert (ROOT / "deploy" / "loopback.sh").stat().st_mode & 0o111
    assert Path(ROOT / "tests" / "deploy" / "stack.py").exists()


def test_a_geopackage_store_lives_where_the_hardened_unit_may_write():
    """ProtectSystem=strict leaves only the StateDirectory (and /tmp) writable."""
    (state,) = unit_values(INSTANCE_UNIT, "Service", "StateDirectory")
    assert unit_values(INSTANCE_UNIT, "Service", "ProtectSystem") == ["strict"]
    (gpkg,) = re.findall(r"^# TRYGGHETSKARTAN_DB=(\S+\.gpkg)$", ENV_EXAMPLE.read_text(), re.M)
    assert Path(gpkg).parent == Path("/var/lib") / state
