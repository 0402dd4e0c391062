# Kennisbank Studentenwelzijn — the front door. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT  # links in mails, feeds and calendar files follow the port `make run` serves on
MANAGE := $(BIN)/python manage.py

.DEFAULT_GOAL := help
.PHONY: help install browser run serve test bench lint format check

help: ## Show this help
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

install: $(BIN)/.installed ## Create .venv and install requirements.txt

run: install ## Set up the demo site on SQLite and serve it on 127.0.0.1:$(PORT)
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo
	@echo "Site: http://127.0.0.1:$(PORT)/   Beheer: http://127.0.0.1:$(PORT)/admin/"
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# `make serve`: the production settings on plain http://127.0.0.1 (so no TLS redirect and no secure-only cookies).
SERVE_ENV = DJANGO_SETTINGS_MODULE=portal.settings.production \
	SECRET_KEY="$$(cat .serve-secret)" ALLOWED_HOSTS=127.0.0.1,localhost \
	SECURE_SSL_REDIRECT=false SECURE_COOKIES=false SECURE_HSTS_SECONDS=0 \
	PUBLIC_BASE_URL=$${PUBLIC_BASE_URL:-http://127.0.0.1:$(PORT)} \
	EMAIL_BACKEND=$${EMAIL_BACKEND:-django.core.mail.backends.console.EmailBackend}

.serve-secret:
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@

serve: install .serve-secret ## Production configuration locally: gunicorn, DEBUG off, whitenoise, e-mail worker
	$(SERVE_ENV) $(MANAGE) migrate --no-input
	$(SERVE_ENV) $(MANAGE) collectstatic --no-input -v0
	$(SERVE_ENV) $(MANAGE) load_demo
	@echo "Site: http://127.0.0.1:$(PORT)/ (production settings; the e-mail worker runs beside it)"
	$(SERVE_ENV) nice -n 10 $(MANAGE) db_worker --no-startup-delay & worker=$$!; \
	trap 'kill $$worker' EXIT INT TERM; \
	$(SERVE_ENV) $(BIN)/gunicorn portal.wsgi -c python:portal.gunicorn -b 127.0.0.1:$(PORT) --access-logfile -

browser: ## Install Debian's Chromium for the browser tests when it is missing
	command -v chromium >/dev/null || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium)

# Test tools from npm (package-lock.json): HTML_CodeSniffer, the browser tests' second accessibility engine.
node_modules/.installed: package.json package-lock.json
	command -v npm >/dev/null || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q npm)
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

test: install browser node_modules/.installed ## Run the whole test suite, browser tests included (SQLite unless DATABASE_URL is set)
	$(BIN)/pytest

check: install ## Django checks and missing migrations
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

bench: install ## Benchmark on PostgreSQL: 10,000 entries, gunicorn, wrk (ENTRIES=100000 for the large run)
	command -v wrk >/dev/null || (apt-get update -q && apt-get install -y -q wrk)
	$(BIN)/python bench/run.py --entries $${ENTRIES:-10000}

lint: install ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install ## Apply ruff fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
