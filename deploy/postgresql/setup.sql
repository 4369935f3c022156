-- The PostGIS store of Trygghetskartan on Debian's PostgreSQL (apt-get install postgresql
-- postgresql-15-postgis-3). Run once, as the database superuser, with the password that
-- TRYGGHETSKARTAN_DB in /etc/trygghetskartan/trygghetskartan.env names:
--   sudo -u postgres psql -v ON_ERROR_STOP=1 -v db_password='…' -f deploy/postgresql/setup.sql
-- trygghetskartan-migrate.service then creates the tables (python -m geo migrate).
-- tests/deploy runs this file against its throw-away cluster.
CREATE ROLE trygghetskartan LOGIN PASSWORD :'db_password';
CREATE DATABASE trygghetskartan OWNER trygghetskartan ENCODING 'UTF8' TEMPLATE template0;
\connect trygghetskartan
-- PostGIS needs the superuser; the app's user owns everything else it makes.
CREATE EXTENSION IF NOT EXISTS postgis;
