# The two commands a new user runs: `make up` (the quickstart) and `make test`.
# Each creates .venv and installs what it needs; nothing else is assumed but python3.

PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python

.PHONY: test lint unit slow bench up down clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

venv: $(VENV)/.installed

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

## The whole test suite, as CI runs it: lint, types, then every test tier.
test: lint
	$(VENV)/bin/pytest

## Long soaks and full-size runs.
slow: $(VENV)/.installed
	$(VENV)/bin/pytest -m slow

bench: $(VENV)/.installed
	$(PY) -m bench

## The quickstart: set up .venv, a local state backend (.pulumi/) and the dev stack on the
## embedded ICE emulator, run `pulumi up --yes`, print the outputs. Needs the Pulumi CLI.
up:
	@PYTHON=$(PYTHON) bash scripts/quickstart.sh up

## Destroy the quickstart's dev stack.
down:
	@PYTHON=$(PYTHON) bash scripts/quickstart.sh down

clean:
	rm -rf $(VENV) .ice-emulator .pytest_cache .mypy_cache .ruff_cache build dist *.egg-info
