"""``python -m geo user add|list|remove``: manage accounts without the app.

A password is read from standard input with ``--password-stdin`` (never from an
argument, which would land in the shell history); without it the account can
only sign in through the organisation's identity provider (``st.login``).
"""

from __future__ import annotations

import argparse
import sys

from geo.access.auth import Role, User, hash_password
from geo.cli.common import UsageError, existing_store
from geo.spatial import boundaries

SYSTEM = "cli"


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register ``user`` and its actions."""
    user = commands.add_parser("user", help="manage users (roles, municipalities, passwords)")
    actions = user.add_subparsers(dest="action", required=True, parser_class=type(user))
    add = actions.add_parser("add", help="add or change a user")
    add.add_argument("--email", required=True)
    add.add_argument("--name", default="")
    add.add_argument("--role", required=True, choices=[Role.EDITOR.value, Role.ADMIN.value])
    add.add_argument("--kommun", action="append", default=[],
                     help="a municipality the user edits (repeat for more)")
    add.add_argument("--password-stdin", action="store_true",
                     help="read the password from standard input")
    add.add_argument("--db", help="store path")
    add.set_defaults(run=_add)
    listing = actions.add_parser("list", help="list users")
    listing.add_argument("--db", help="store path")
    listing.set_defaults(run=_list)
    remove = actions.add_parser("remove", help="remove a user")
    remove.add_argument("--email", required=True)
    remove.add_argument("--db", help="store path")
    remove.set_defaults(run=_remove)


def _store(location: str | None):

    return existing_store(location)


def _add(args: argparse.Namespace) -> int:

    unknown = [k for k in args.kommun if k not in boundaries.names()]
    if unknown:
        raise UsageError(f"unknown municipality code {unknown[0]!r}")
    if args.role == Role.EDITOR.value and not args.kommun:
        raise UsageError("an editor needs at least one --kommun")
    user = User(email=args.email.strip(), name=args.name, role=args.role,
                kommuner=tuple(args.kommun))
    password_hash = None
    if args.password_stdin:
        password_hash = hash_password(sys.stdin.readline().rstrip("\n"))
    _store(args.db).save_user(user, password_hash, SYSTEM)
    print(f"saved {user.email} ({user.role.value}: {', '.join(user.kommuner) or 'all'})")
    return 0


def _list(args: argparse.Namespace) -> int:
    for user in _store(args.db).users():
        print(f"{user.email}\t{user.role.value}\t{','.join(user.kommuner)}")
    return 0


def _remove(args: argparse.Namespace) -> int:

    if not _store(args.db).remove_user(args.email, SYSTEM):
        raise UsageError(f"no user {args.email!r}")
    print(f"removed {args.email}")
    return 0
