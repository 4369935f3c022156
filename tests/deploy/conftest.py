"""The loopback deployment (:mod:`tests.deploy.stack`) as a fixture, once per test session.

It needs Debian's nginx and openssl and the PostgreSQL + PostGIS that the store tests use
(``make test`` installs all of them); where one is missing the deploy tests are skipped
and say what to install.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from tests.deploy.stack import NGINX, OPENSSL, Stack, loopback_stack
from tests.store.pg_server import pg_cluster  # noqa: F401 - the session fixture


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory, pg_cluster) -> Iterator[Stack]:  # noqa: F811
    """nginx (TLS) in front of two app instances on one PostGIS database, on loopback."""
    for program in (NGINX, OPENSSL):
        if shutil.which(program) is None:
            pytest.skip(f"{program} is not installed: apt-get install nginx openssl "
                        "(make test does this)")
    with loopback_stack(pg_cluster, tmp_path_factory.mktemp("deploy")) as running:
        print(f"\nloopback stack up (s): {running.timings}")
        yield running
