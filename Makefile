# Jianfu: `make run` serves the demo county, `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
JIANFU := $(BIN)/jianfu
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test install install-dev system-deps migrate demo lint bench messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): $(BIN)/python requirements.txt pyproject.toml
	$(BIN)/pip install -q -r requirements.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

$(VENV)/.installed-dev: $(STAMP) requirements-dev.txt
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $(VENV)/.installed-dev

install-dev: $(VENV)/.installed-dev

migrate: install
	$(JIANFU) migrate --noinput

demo: migrate
	$(JIANFU) demo

run: demo
	@$(JIANFU) demo --logins
	@echo "Jianfu 已启动：http://$(HOST):$(PORT)/  （Ctrl+C 停止）"
	$(JIANFU) runserver --noreload $(HOST):$(PORT)

system-deps:
	@scripts/system-deps.sh

test: install-dev system-deps
	$(BIN)/ruff check jianfu tests
	$(BIN)/lint-imports
	JIANFU_ENV=test $(JIANFU) makemigrations --check --dry-run
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check jianfu tests
	$(BIN)/ruff format --check jianfu tests
	$(BIN)/lint-imports

bench: install-dev
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) staticfiles
