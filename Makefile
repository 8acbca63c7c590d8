# The two entry points for a fresh machine are `make run` and `make test`.
.PHONY: run test check lint types unit setup bench

VENV := .venv/bin

setup:
	@bash scripts/setup.sh

run: setup
	$(VENV)/machiflow serve

test: setup check

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
