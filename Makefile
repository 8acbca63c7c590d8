# The two entry points for a fresh machine are `make run` and `make test`.
.PHONY: run test check lint types unit setup setup-test bench

VENV := .venv/bin

setup:
	@bash scripts/setup.sh

# The tests also need Chromium and axe-core (the browser tests); `make run` does not.
setup-test:
	@bash scripts/setup.sh --test

run: setup
	$(VENV)/machiflow serve

test: setup-test check

check: lint types unit

lint:
	$(VENV)/ruff check .
	$(VENV)/ruff format --check .

types:
	$(VENV)/mypy

unit:
	$(VENV)/pytest

bench: setup
	$(VENV)/python bench/model.py
	$(VENV)/python bench/engine.py
	$(VENV)/python bench/api.py --quick
