# Tilik's entry points. Each target bootstraps what it needs, so all of them work
# from a fresh clone. The logic lives in scripts/ (plain bash), not here.
#
#   make demo    venv, migrate, static files, synthetic Denpasar data, serve on :8000
#   make test    everything CI runs (lint, migrations check, SQLite + PostgreSQL + browser tests)
#   make lint    ruff, mypy, import-linter
#   make bench   benchmarks; refreshes the table in bench/README.md (BENCH_ARGS=--quick)

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
BENCH_ARGS ?=

.PHONY: help venv demo test lint bench pg-start pg-stop clean

help:
	@sed -n '4,8p' Makefile | sed 's/^# *//'

venv:
	@bash scripts/bootstrap.sh

demo:
	@bash scripts/demo.sh

test:
	@bash scripts/test.sh

lint: venv
	@bash scripts/lint.sh

bench: venv
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# A throwaway PostgreSQL cluster for working by hand: prints its DATABASE_URL;
# `make pg-stop` stops it and deletes its data.
pg-start:
	@bash scripts/pg_cluster.sh start

pg-stop:
	@bash scripts/pg_cluster.sh stop

# Caches only; keeps .venv and var/ (your database and secret key).
clean:
	rm -rf .pytest_cache .mypy_cache .ruff_cache .hypothesis var/test-reports var/browser-artifacts
	find . -path ./.venv -prune -o -name __pycache__ -type d -exec rm -rf {} +
