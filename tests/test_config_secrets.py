"""``[connections.trygghetskartan]`` in ``.streamlit/secrets.toml`` names the store, for the
app and the CLI alike; ``TRYGGHETSKARTAN_DB`` wins over it; a password is never printed."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from geo import config
from geo.cli import main as cli
from tests.store.pg_server import free_port, pg_cluster  # noqa: F401 - the session fixture

PASSWORD = "hemligt:lösen@/#"


@pytest.fixture
def places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """A home folder, a working folder and a project folder, none with secrets yet."""
    home, work, project = (tmp_path / name for name in ("home", "work", "project"))
    for folder in (home, work, project):
        folder.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(work)
    monkeypatch.setattr(config, "PROJECT_DIR", project)
    monkeypatch.delenv(config.DB_ENV, raising=False)
    return {"home": home, "work": work, "project": project}


def write_secrets(folder: Path, text: str) -> Path:
    path = folder / ".streamlit" / "secrets.toml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_without_secrets_the_example_geopackage(places):
    write_secrets(places["work"], '[auth]\nclient_id = "x"\n')
    assert config.db_location() == str(config.DEFAULT_DB)
    assert config.db_origin() == "default"


def test_a_url_in_the_home_secrets_and_the_environment_wins(places, monkeypatch):
    url = "postgresql://eva:losen@db.kommun.se:5432/trygghet"
    write_secrets(places["home"], f'[connections.trygghetskartan]\nurl = "{url}"\n')
    assert config.db_location() == url
    assert "[connections.trygghetskartan]" in config.db_origin()
    monkeypatch.setenv(config.DB_ENV, "/data/annan.gpkg")
    assert config.db_location() == "/data/annan.gpkg"
    assert config.db_origin() == config.DB_ENV


def test_fields_as_for_st_connection_make_the_url(places):
    write_secrets(places["work"], f"""
[connections.trygghetskartan]
type = "sql"
dialect = "postgresql"
driver = "psycopg"
host = "db.kommun.se"
port = 6543
database = "trygghet"
username = "eva"
password = "{PASSWORD}"
query = {{ sslmode = "require" }}
""")
    url = make_url(config.db_location())
    assert (url.drivername, url.host, url.port, url.database, url.username) == (
        "postgresql+psycopg", "db.kommun.se", 6543, "trygghet", "eva")
    assert url.password == PASSWORD  # quoted in the URL, read back whole
    assert url.query == {"sslmode": "require"}


def test_the_working_folder_replaces_the_home_connections_as_streamlit_does(places):
    write_secrets(places["home"], '[connections.trygghetskartan]\n'
                                  'url = "postgresql://a@home/hem"\n')
    write_secrets(places["work"], '[connections.annan]\nurl = "postgresql://b@work/x"\n')
    assert config.db_location() == str(config.DEFAULT_DB)  # [connections] replaced whole
    assert config.db_origin() == "default"
    write_secrets(places["work"], '[connections.trygghetskartan]\n'
                                  'url = "postgresql://b@work/arbete"\n')
    assert config.db_location() == "postgresql://b@work/arbete"  # read again when changed


@pytest.mark.parametrize("table, says", [
    (f'dialect = "mysql"\nhost = "h"\nusername = "u"\npassword = "{PASSWORD}"',
     "must name a PostgreSQL database"),
    ('dialect = "postgresql"', "needs url, or dialect and host"),
    (f'url = "postgresql://u:{PASSWORD}@h/db"\nuser = "u"', "unknown fields: user"),
])
def test_a_bad_connection_is_refused_in_one_line_without_the_password(
        places, capsys, table, says):
    write_secrets(places["work"], f"[connections.trygghetskartan]\n{table}\n")
    assert cli.main(["stats", "--kommun", "1270", "--year", "2020"]) == 2
    err = capsys.readouterr().err
    assert says in err and len(err.strip().splitlines()) == 1
    assert "lösen" not in err


def test_an_unreachable_server_is_named_without_the_password(places, capsys):
    port = free_port()  # nothing listens there
    write_secrets(places["project"], '[connections.trygghetskartan]\n'
                                     f'url = "postgresql://eva:{PASSWORD.replace("@", "%40")}'
                                     f'@127.0.0.1:{port}/trygghet"\n')
    for command in (["migrate"], ["stats", "--kommun", "1270", "--year", "2020"],
                    ["coverage", "--kommun", "1270", "--year", "2020"]):
        assert cli.main(command) == 2
        err = capsys.readouterr().err
        assert f"eva:***@127.0.0.1:{port}/trygghet" in err, err
        assert "lösen" not in err and "l%C3%B6sen" not in err


def test_the_cli_uses_the_database_the_secrets_name(places, capsys, pg_cluster):  # noqa: F811
    url = make_url(pg_cluster.new_database()).set(password=PASSWORD)  # trust: any password
    try:
        write_secrets(places["work"], "[connections.trygghetskartan]\n"
                                      f'url = "{url.render_as_string(hide_password=False)}"\n')
        assert cli.main(["migrate"]) == 0
        out = capsys.readouterr().out
        assert "current revision:" in out and "secrets.toml [connections.trygghetskartan]" in out
        assert PASSWORD not in out and ":***@" in out
        assert cli.main(["init"]) == 0
        assert cli.main(["stats", "--kommun", "1270", "--year", "2020", "--json"]) == 0
        assert capsys.readouterr().out.strip().endswith('"activities": 0}')
    finally:
        pg_cluster.drop_database(url.render_as_string(hide_password=False))
