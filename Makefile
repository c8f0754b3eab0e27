# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=

.PHONY: run test install demo lint check bench clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_data

run: demo
	@echo "Transferportal läuft auf http://127.0.0.1:8000 (Strg+C beendet). Verwaltung: http://127.0.0.1:8000/$${ADMIN_URL:-admin/}"
	@echo "mit den Demo-Zugängen oben. E-Mails landen in sent-mail/."
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

# Registration burst against gunicorn on PostgreSQL (bench/README.md). Needs PostgreSQL on 127.0.0.1:5432.
BENCH_DB ?= transferportal_bench
BENCH_PORT ?= 8093
BENCH_ARGS ?=
BENCH_ENV := DATABASE_URL=postgres://postgres@127.0.0.1:5432/$(BENCH_DB) DJANGO_SETTINGS_MODULE=portal.settings.dev

bench: install
	psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $(BENCH_DB)" -c "CREATE DATABASE $(BENCH_DB)"
	$(BENCH_ENV) $(PY) manage.py migrate --noinput -v0
	$(BENCH_ENV) $(PY) bench/registration_burst.py --start-server --port $(BENCH_PORT) $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles test-output .pytest_cache
