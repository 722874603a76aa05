# Developer and CI entry points for peerhub.
# Run `make` (or `make help`) to list the targets.

PYTHON ?= python3
PORT ?= 8000
# `make run` gives the site its own address (feed, webcal and QR links) from PORT, unless SITE_URL
# is set: PORT=8080 make run links to http://127.0.0.1:8080.
RUN_SITE_URL = $(or $(SITE_URL),http://127.0.0.1:$(PORT))
PYTEST_ARGS ?=

VENV := .venv
BIN := $(VENV)/bin
INSTALL_STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help

.PHONY: help install run test lint format lock clean screenshots messages

help:
	@echo "Targets:"
	@echo "  install  create $(VENV) and install requirements-dev.txt (re-runs when it changes)"
	@echo "  run      migrate, load demo data if the database has no regions, runserver on 127.0.0.1:\$$PORT (default 8000), SITE_URL defaulting to that address"
	@echo "  test     run pytest (extra arguments via PYTEST_ARGS=...; honours DATABASE_URL)"
	@echo "  lint     ruff check + ruff format --check + lint-imports (the floors, docs/architecture.md)"
	@echo "  format   ruff format + ruff check --fix"
	@echo "  messages update locale/*/django.po from the marked strings and compile them (needs GNU gettext)"
	@echo "  lock     regenerate requirements.txt and requirements-dev.txt with pip-tools"
	@echo "  screenshots  retake docs/screenshots/ from a scratch demo database (needs Chromium)"
	@echo "  bench    benchmarks at today's size and national scale, with Redis and the task worker (see docs/benchmarks.md)"
	@echo "  clean    remove $(VENV) and caches (never the database)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The stamp is newer than requirements-dev.txt once it has been installed;
# editing the lock file triggers a re-install.
$(INSTALL_STAMP): requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

install: $(INSTALL_STAMP)

run: $(INSTALL_STAMP)
	$(BIN)/python manage.py migrate --noinput && $(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py seed_demo --if-empty
	SITE_URL='$(RUN_SITE_URL)' $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# ical.js, an independent calendar client the feed tests cross-check with. Without npm the
# suite still runs and those tests are skipped with a reason that names the missing program.
CLIENTS_STAMP := tests/clients/node_modules/.package-lock.json
$(CLIENTS_STAMP): tests/clients/package-lock.json tests/clients/package.json
	npm ci --prefix tests/clients --no-audit --no-fund

test: $(INSTALL_STAMP) $(if $(shell command -v npm 2>/dev/null),$(CLIENTS_STAMP))
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(INSTALL_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	# The floors: an app imports only the apps below it, and no modules import each other in a loop.
	$(BIN)/lint-imports --no-cache

format: $(INSTALL_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

PIP_COMPILE_FLAGS := --strip-extras --no-header --no-emit-index-url --no-emit-find-links

lock: | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check pip-tools
	$(BIN)/pip-compile $(PIP_COMPILE_FLAGS) --extra dev -o requirements-dev.txt pyproject.toml
	# The runtime lock takes the dev lock's versions, so tests run what production runs.
	$(BIN)/pip-compile $(PIP_COMPILE_FLAGS) -c requirements-dev.txt -o requirements.txt pyproject.toml

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
	find . -type d -name __pycache__ -prune -exec rm -rf {} +

SHOTS_DB := /tmp/peerhub-screenshots.sqlite3
screenshots: $(INSTALL_STAMP)
	rm -f $(SHOTS_DB)
	DATABASE_URL=sqlite:///$(SHOTS_DB) $(BIN)/python manage.py migrate --noinput -v0
	DATABASE_URL=sqlite:///$(SHOTS_DB) $(BIN)/python manage.py createcachetable
	DATABASE_URL=sqlite:///$(SHOTS_DB) $(BIN)/python manage.py seed_demo
	DATABASE_URL=sqlite:///$(SHOTS_DB) $(BIN)/python manage.py runserver 127.0.0.1:8140 --noreload & \
	  server=$$!; sleep 4; $(BIN)/python docs/screenshots.py http://127.0.0.1:8140; status=$$?; \
	  kill $$server; exit $$status

# Benchmarks, not part of `make test`: the "today" and "national" networks in the production
# shape (docker-compose.yml): gunicorn with production settings, Redis as the cache
# (redis://127.0.0.1:6379/12 by default, flushed by the bench; --no-redis to run without it) and
# the task worker, on PostgreSQL when DATABASE_URL is set (SQLite files otherwise). Each load row
# in 3 interleaved rounds with the static file; about 12 minutes on 2 cores. Writes
# bench/results.json and the tables in docs/benchmarks.md. Options through BENCH_ARGS, e.g.
# BENCH_ARGS="--sizes today --rounds 2 --no-docs" (python -m bench.run --help lists them).
BENCH_ARGS ?=
.PHONY: bench
bench: $(INSTALL_STAMP)
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# The translations (README "Languages"): collect every marked string into locale/<lang>/LC_MESSAGES/
# django.po, then compile the .mo files the site reads (both are committed, so running the site
# needs no gettext). Locations are by file only, so a moved line does not change the catalogues.
MESSAGES_IGNORE := --ignore=.venv --ignore=tests --ignore=staticfiles --ignore=bench --ignore=docs --ignore=node_modules
messages: $(INSTALL_STAMP)
	$(BIN)/python manage.py makemessages -l es -l pt_BR --add-location=file --no-obsolete $(MESSAGES_IGNORE)
	$(BIN)/python manage.py compilemessages -l es -l pt_BR $(MESSAGES_IGNORE)
