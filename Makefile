# Trygghetskartan: `make run` starts the dashboard, `make test` runs every test.
# Both set up what they need on a fresh machine (Python venv, packages, store, Chromium).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501
# The store: DB=…, else TRYGGHETSKARTAN_DB, else [connections.trygghetskartan] in
# .streamlit/secrets.toml, else data/trygghetskartan.gpkg (geo/config.py decides).
DB     ?= $(TRYGGHETSKARTAN_DB)
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
ifneq ($(DB),)
export TRYGGHETSKARTAN_DB := $(DB)
endif

.PHONY: run test setup test-setup system-packages chromium store lint clean test-deploy

# asgi.py serves dashboard.py through st.App, which adds the sign-in cookie's endpoint
# (app/signin_cookie.py): with `streamlit run dashboard.py` a local sign-in ends on reload.
run: setup store
	$(VENV)/bin/streamlit run asgi.py --server.port $(PORT)

test: setup test-setup chromium
	$(PY) -m ruff check .
	$(PY) -m mypy
	$(PY) -m pytest

setup: system-packages $(VENV)/.installed node_modules/.installed static/vendor/.installed

test-setup: $(VENV)/.dev-installed

# Packages come from the lock files (every version pinned, every file's hash checked):
# requirements.lock is the app with PostGIS, requirements-dev.lock adds the test tools.
$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.lock
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

# Regenerate the locks after a change to requirements*.txt. Versions already in a lock are
# kept (uv prefers them), so only what changed moves; the dev lock is held to the app's.
# A new package needs PyPI once; after that `UV_OFFLINE=1 make lock` works from uv's cache.
LOCK := $(VENV)/bin/uv pip compile --quiet --universal --python-version 3.11 \
	--generate-hashes --no-strip-extras --custom-compile-command "make lock"
.PHONY: lock
lock: test-setup
	$(LOCK) requirements.txt requirements-postgis.txt -o requirements.lock
	$(LOCK) -c requirements.lock requirements.txt requirements-postgis.txt \
	  requirements-dev.txt -o requirements-dev.lock

static/vendor/.installed: $(VENV)/.installed node_modules/.installed
	$(PY) -m geo assets
	touch $@

# The store is created with the pledges and example data on first start only.
# A PostGIS database (DB=postgresql://…) is only migrated: `geo init --example` would empty it.
store: $(VENV)/.installed
	@store="$$($(PY) -c 'from geo import config; print(config.db_location())')" && \
	case "$$store" in \
	  postgres*) $(PY) -m geo migrate ;; \
	  *) [ -e "$$store" ] || $(PY) -m geo init --example ;; \
	esac

# Debian packages: Pango for the PDF reports (app), Chromium and poppler for the tests; nginx
# and openssl for the loopback deployment (tests/deploy; its site is deploy/nginx/).
APT_RUN  := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
APT_TEST := chromium poppler-utils postgresql postgresql-15-postgis-3 nginx openssl libreoffice-writer-nogui
define apt_install
	@missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  $(SUDO) apt-get update && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends $$missing; \
	fi
endef

system-packages:
	$(call apt_install,$(APT_RUN))

chromium: system-packages
	$(call apt_install,$(APT_TEST))

# Only the deployment's tests (deploy/: nginx + two instances + PostGIS on loopback); `make
# test` runs them too. `deploy/loopback.sh` brings the same stack up and keeps it running.
test-deploy: setup test-setup chromium
	$(PY) -m pytest tests/deploy tests/store/test_store_health.py tests/app/test_health_endpoint.py

lint: test-setup
	$(PY) -m ruff check .
	$(PY) -m mypy

# npm packages pinned in package.json/package-lock.json: Leaflet.draw and Leaflet.heat (served
# by the app from static/vendor, copied by `geo assets`) and axe-core (browser tests).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# The map benchmark (issue 7): prints a table, writes bench/results/map.json. Not a test.
.PHONY: bench
bench: setup test-setup chromium
	$(PY) -m bench.map_bench

clean:
	rm -rf $(VENV) static/vendor .pytest_cache .mypy_cache artifacts
