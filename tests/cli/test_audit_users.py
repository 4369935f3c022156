"""``python -m geo user add|remove``: each change of an account is one audit line, named by the
operating-system user who ran the command, never with the password or the person's name."""

from __future__ import annotations

import getpass
import io
import json

from geo.cli import main as cli
from geo.store import GeoPackageStore

PASSWORD = "ett-hemligt-lösenord"
NAME = "Karin Andersson"


def test_add_change_and_remove_a_user_from_the_command_line(tmp_path, audit_log, monkeypatch,
                                                            capsys):
    store = GeoPackageStore(tmp_path / "store.gpkg")
    store.initialize()
    db = str(store.path)
    who = f"cli:{getpass.getuser()}"
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert cli.main(["user", "add", "--email", "ny@tomelilla.se", "--name", NAME, "--role",
                     "editor", "--kommun", "1270", "--password-stdin", "--db", db]) == 0
    assert cli.main(["user", "add", "--email", "ny@tomelilla.se", "--role", "admin",
                     "--db", db]) == 0
    assert cli.main(["user", "remove", "--email", "ny@tomelilla.se", "--db", db]) == 0
    assert cli.main(["user", "remove", "--email", "ny@tomelilla.se", "--db", db]) == 2
    lines = audit_log()
    assert [(e["event"], e["action"], e["outcome"], e["who"], e["client"], e["record"])
            for e in lines] == [
        ("user", "create", "ok", who, "cli", "ny@tomelilla.se"),
        ("user", "update", "ok", who, "cli", "ny@tomelilla.se"),
        ("user", "delete", "ok", who, "cli", "ny@tomelilla.se"),
        ("user", "delete", "not_found", who, "cli", "ny@tomelilla.se")]
    assert [(e["target_role"], e["previous_role"], e["password_changed"])
            for e in lines[:2]] == [("editor", None, True), ("admin", "editor", False)]
    text = json.dumps(lines, ensure_ascii=False)
    assert PASSWORD not in text and NAME not in text and "argon2" not in text
    capsys.readouterr()
