# In the Frame: `make run` serves the site with the seed data, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 3

# Development defaults; `make serve` (production) overrides DEBUG.
export DEBUG ?= 1

.PHONY: run serve soak faults rehearse test lint lock bench datasette messages compilemessages

# uv (pinned in the lock) installs the locked requirements: ~1 s where pip took ~15 s. The venv is
# made without pip (putting pip in it took ~4 s) and PYTHON's own pip puts uv in it; a PYTHON
# without pip gets pip in the venv for that instead.
UV := "$$(grep '^uv==' requirements.lock)"
$(BIN)/.installed: pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "In the Frame needs Python 3.12 or newer, but $(PYTHON) is Python " + sys.version.split()[0] + ". Install Python 3.12+ and run: make PYTHON=python3.12 ...")'
	test -x $(BIN)/python || $(PYTHON) -m venv --without-pip $(VENV)
	$(PYTHON) -m pip --version >/dev/null 2>&1 \
		&& $(PYTHON) -m pip --python $(BIN)/python install --quiet $(UV) \
		|| { $(BIN)/python -m ensurepip --upgrade >/dev/null && $(BIN)/python -m pip install --quiet $(UV); }
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.lock
	touch $@

# The Spanish messages (locale/es/LC_MESSAGES/django.po) compiled to the .mo Django reads; the
# .mo is built here when the .po is newer, never committed. Needs gettext's msgfmt (apt-get
# install gettext), called as `manage.py compilemessages` calls it, without starting Django.
MO := locale/es/LC_MESSAGES/django.mo
$(MO): locale/es/LC_MESSAGES/django.po
	msgfmt --check-format -o $@ $<

compilemessages: $(MO)

# Every string marked in the templates and code into the .po (new ones untranslated, changed
# ones fuzzy); then translate them and `make test` (tests/test_translations.py). README
# "Translations".
messages: $(BIN)/.installed
	$(BIN)/python manage.py makemessages --locale es --no-obsolete --add-location=file --ignore=.venv --ignore=tests --ignore=staticfiles --ignore=build

run: $(BIN)/.installed compilemessages
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production: DEBUG off whatever the environment says, static files collected and served
# compressed by WhiteNoise, gunicorn with WORKERS processes. Needs SECRET_KEY and ALLOWED_HOSTS
# (a missing one stops here with one line naming it); see README "Production".
serve: DEBUG = 0
serve: $(BIN)/.installed compilemessages
	$(BIN)/python manage.py prepare
	exec $(BIN)/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers $(WORKERS) --no-control-socket

# 60 s at 64 connections against `make serve` on PostgreSQL (DATABASE_URL), 127.0.0.1 only.
soak: $(BIN)/.installed
	$(BIN)/python tests/load/soak.py

# Fault drill under load against `make serve` on a PostgreSQL on this host (DATABASE_URL, a
# scratch database): restarts PostgreSQL (PG_CLUSTER, default "15 main"), stops Redis when
# CACHE_URL names one, kills a worker, overfills the cache table; see tests/load/faults.py.
FAULTS ?= postgres,redis,worker,cache
faults: $(BIN)/.installed
	FAULTS="$(FAULTS)" $(BIN)/python tests/load/faults.py

# Two `make serve` app servers and a redis-server on 127.0.0.1 sharing PostgreSQL (DATABASE_URL)
# and Redis: an edit through one shows on the other at once. Stops everything it started.
rehearse: $(BIN)/.installed
	$(BIN)/python -m tests.rehearse

# PYTEST_ARGS passes options on, e.g. PYTEST_ARGS='-m "not browser"' leaves the browser tests out.
test: $(BIN)/.installed compilemessages
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

# Load-test every page type against /healthz with wrk (apt-get install wrk) on PostgreSQL; the
# database (BENCH_DATABASE_URL) is created and filled with 100,000 productions on first use.
bench: $(BIN)/.installed
	$(BIN)/python -m tests.bench.run

# Re-pin every package after changing pyproject.toml's dependencies.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet '.[dev]'
	.lock-venv/bin/python -m pip freeze --exclude in-the-frame > requirements.lock
	rm -rf .lock-venv build *.egg-info

# The latest dataset release (manage.py release_dataset), read-only, in Datasette on
# http://127.0.0.1:8001. RELEASES_DIR as in the settings.
RELEASES_DIR ?= releases
datasette: $(BIN)/.installed
	@latest="$$(ls -d "$(RELEASES_DIR)"/[0-9]*/ 2>/dev/null | sort -V | tail -n 1)"; \
	if [ -z "$$latest" ]; then \
		echo "No dataset release in $(RELEASES_DIR): make one with $(BIN)/python manage.py release_dataset --site-url https://..."; \
		exit 1; \
	fi; \
	echo "Opening $${latest}in-the-frame.sqlite read-only"; \
	exec $(BIN)/datasette serve --immutable "$${latest}in-the-frame.sqlite" -h 127.0.0.1 -p 8001
