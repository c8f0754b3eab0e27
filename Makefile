# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=

.PHONY: run test install demo lint check assets lighthouse bench bench-data bench-pages bench-workers clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_data

# The mail worker runs in the background beside runserver and stops with it (Ctrl+C, or runserver exiting).
run: demo
	@echo "Transferportal läuft auf http://127.0.0.1:8000 (Strg+C beendet). Verwaltung: http://127.0.0.1:8000/$${ADMIN_URL:-admin/}"
	@echo "mit den Demo-Zugängen oben. Der Mail-Worker läuft mit; E-Mails landen in sent-mail/."
	@$(PY) manage.py mail_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:8000

test: install
	@if command -v chromium >/dev/null 2>&1 || [ -n "$$E2E_CHROMIUM" ]; then \
		echo "Browser tests: running with $$(command -v chromium || echo $$E2E_CHROMIUM)"; \
	else \
		echo "Browser tests: SKIPPED, Chromium is not installed (apt-get install chromium)"; \
	fi
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

check: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# The portal's Bootstrap build (assets/): only when assets/bootstrap-portal.scss changes; the built
# file is committed, so `make run` needs no node.
assets:
	cd assets && npm ci --no-audit --no-fund && npm run build

# Lighthouse scores (mobile) of the home, event list and event page under production settings; needs node
# and Chromium (CHROME_PATH, default /usr/bin/chromium). Not part of `make test` (README, "Gestaltung").
lighthouse: install
	cd bench/lighthouse && npm ci --no-audit --no-fund
	bench/lighthouse/run.sh

# Benchmarks (bench/README.md). They need PostgreSQL on 127.0.0.1:5432 (user postgres, trust).
BENCH_DB ?= transferportal_bench
BENCH_DATA_ARGS ?=
BENCH_DATABASE_URL = postgres://postgres@127.0.0.1:5432/$(BENCH_DB)

# The large data set (bench/generate.py): drops and recreates $(BENCH_DB), then fills it.
bench-data: install
	psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $(BENCH_DB)" -c "CREATE DATABASE $(BENCH_DB)"
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) bench/generate.py $(BENCH_DATA_ARGS)

# Page throughput against gunicorn with the production settings (bench/throughput.py), on $(BENCH_DB).
BENCH_PAGES_ARGS ?=

bench-pages: install
	@command -v wrk >/dev/null 2>&1 || echo "wrk is not installed (apt-get install wrk): the built-in Python load generator is used and limits the fast pages."
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) bench/throughput.py $(BENCH_PAGES_ARGS)

# Registration burst against gunicorn, on a database of its own so the large data set survives.
BURST_DB ?= $(BENCH_DB)_burst
BENCH_PORT ?= 8093
BENCH_ARGS ?=
BURST_ENV = DATABASE_URL=postgres://postgres@127.0.0.1:5432/$(BURST_DB) DJANGO_SETTINGS_MODULE=portal.settings.dev

bench: install
	psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $(BURST_DB)" -c "CREATE DATABASE $(BURST_DB)"
	$(BURST_ENV) $(PY) manage.py migrate --noinput -v0
	$(BURST_ENV) $(PY) bench/registration_burst.py --start-server --port $(BENCH_PORT) $(BENCH_ARGS)

# Requests per second of the portal under several gunicorn worker configurations (bench/README.md).
WORKERS_DB ?= $(BENCH_DB)_workers
WORKERS_ENV = DATABASE_URL=postgres://postgres@127.0.0.1:5432/$(WORKERS_DB)

bench-workers: install
	psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $(WORKERS_DB)" -c "CREATE DATABASE $(WORKERS_DB)"
	$(WORKERS_ENV) $(PY) manage.py migrate --noinput -v0
	$(WORKERS_ENV) $(PY) bench/gunicorn_workers.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles test-output .pytest_cache
