# Kennisbank Studentenwelzijn — the front door. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

.DEFAULT_GOAL := help
.PHONY: help install run test lint format check

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

test: install ## Run the whole test suite (SQLite unless DATABASE_URL is set)
	$(BIN)/pytest

check: install ## Django checks and missing migrations
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

lint: install ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install ## Apply ruff fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
