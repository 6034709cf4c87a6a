# Nordthüringen CMS. `make run` and `make test` are the two commands of the README.
PYTHON ?= python3
VENV := .venv
PORT ?= 8000
WEBSITE_PORT ?= 3000
CLIENT_SOURCES := $(shell find clients -path '*/node_modules' -prune -o -path '*/dist' -prune -o -path '*/.astro' -prune -o -path '*/generated' -prune -o -type f -print 2>/dev/null)
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: venv setup website run worker webhook-worker test messages lint format search-engine search-engine-stop redis redis-stop object-storage object-storage-stop stack stack-stop bench bench-search

$(STAMP): requirements.lock pyproject.toml
	@echo "==> Creating the virtualenv and installing pinned dependencies"
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps -e .
	@rm -f $(VENV)/.installed-*
	@touch $@

venv: $(STAMP)

## Set up the database, locales, roles, demo content and a local admin (idempotent).
setup: venv
	$(PY) manage.py compile_catalogs
	$(PY) manage.py migrate --noinput
	$(PY) manage.py setup_site --website http://127.0.0.1:$(WEBSITE_PORT)
	$(PY) manage.py load_demo_content --if-empty
	$(PY) manage.py adopt_translations
	$(PY) manage.py setup_roles
	$(PY) manage.py create_local_admin

clients/node_modules/.package-lock.json: clients/package-lock.json
	@echo "==> Installing the website's npm packages (clients/package-lock.json)"
	cd clients && npm ci --no-audit --no-fund

clients/website/dist/server/entry.mjs: clients/node_modules/.package-lock.json $(CLIENT_SOURCES)
	@echo "==> Building the typed client and the reference website (clients/)"
	cd clients && ASTRO_TELEMETRY_DISABLED=1 npm run build
	@touch $@

## The reference website (clients/website/), built when its sources changed.
website: clients/website/dist/server/entry.mjs

## Set up, then serve the website on http://127.0.0.1:3000/ beside admin and API on :8000.
run: setup website
	@echo "==> Website: http://127.0.0.1:$(WEBSITE_PORT)/   Admin: http://127.0.0.1:$(PORT)/admin/   API: http://127.0.0.1:$(PORT)/api/v1/"
	@trap 'kill $$website 2>/dev/null' EXIT INT TERM; \
	HOST=127.0.0.1 PORT=$(WEBSITE_PORT) CMS_API_URL=http://127.0.0.1:$(PORT) \
	  ASTRO_TELEMETRY_DISABLED=1 node clients/website/dist/server/entry.mjs & website=$$!; \
	$(PY) manage.py serve 127.0.0.1:$(PORT)

## Production: the publishing scheduler as its own process (`make run` runs it inside the server).
worker: venv
	$(PY) manage.py run_scheduler

## Production: the webhook sender as its own process (`make run` runs it inside the server).
webhook-worker: venv
	$(PY) manage.py db_worker --backend webhooks --no-reload

## The whole suite: lint, catalogs, then pytest on every database in TEST_DATABASE_URLS.
test: venv
	bin/test

## Regenerate the gettext catalogs from the code (German filled in; add the English by hand).
messages: venv
	$(PY) manage.py update_catalogs
	$(PY) manage.py check_catalogs

## Ruff, and docstring coverage at the level of [tool.interrogate] fail-under (pyproject.toml).
lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/interrogate .

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## Start a real search engine node on 127.0.0.1:9201 (from Maven Central artifacts).
search-engine:
	bin/search-engine start

search-engine-stop:
	bin/search-engine stop

## Start Redis (Debian's redis-server) on 127.0.0.1:6390: CACHE_URL=redis://127.0.0.1:6390/0.
redis:
	bin/redis start

redis-stop:
	bin/redis stop

## Start S3-compatible object storage (s3proxy from Maven Central) on 127.0.0.1:9390 (docs/deployment.md).
object-storage:
	bin/object-storage start

object-storage-stop:
	bin/object-storage stop

## The production topology on this machine (docs/deployment.md): PostgreSQL, two search nodes,
## two gunicorn app servers behind Varnish on http://127.0.0.1:8180/, workers, one scheduler.
stack: venv
	bin/stack start

stack-stop:
	bin/stack stop

## Search relevance benchmark on SQLite (bench/search; see bench/README.md for PostgreSQL and the engine).
bench-search: venv
	DATABASE_URL=$${BENCH_DATABASE_URL:-sqlite:///$(CURDIR)/var/bench-search.sqlite3} $(PY) bench/search/run.py --setup --modes database,stock
