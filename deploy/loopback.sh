#!/bin/sh
# The whole deployment of deploy/ on loopback, on a Debian machine with nginx, openssl,
# PostgreSQL and PostGIS (`make test` installs them; no containers, no systemd):
# a throw-away PostGIS cluster, deploy/postgresql/setup.sql, the migrate unit, one app
# instance per nginx upstream server (trygghetskartan@.service's ExecStart), and nginx
# with deploy/nginx/trygghetskartan.conf and a self-signed certificate, on free high
# ports of 127.0.0.1. It prints the URL and keeps everything up until Ctrl-C.
#   deploy/loopback.sh [--folder DIR]
set -eu
cd "$(dirname "$0")/.."
exec .venv/bin/python -m tests.deploy.stack "$@"
