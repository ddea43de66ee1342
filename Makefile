# Front door of the project: `make` lists the targets. The two set-up commands are `make all`
# (environment + feature tables + figures from seeds/) and `make test` (the whole test suite).
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with notebooks/sanitize.cfg

.PHONY: help all env features figures notebooks test lint validate bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

all: features figures ## set up .venv, regenerate the feature tables (out/) and figures (figures/) from seeds/

env: $(STAMP) ## create .venv and install the pinned environment (constraints.txt)

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check torch==2.13.0  # first, so that pip keeps the CPU build
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev,scale,embeddings]"
	touch $(STAMP)

features: $(STAMP) ## write the feature tables for seeds/ to out/
	$(PY) -m analysis features seeds/ --out out/

figures: $(STAMP) ## regenerate every figure in figures/
	$(PY) -m analysis figures

notebooks: $(STAMP) ## re-execute the notebooks in place (their outputs are nbval's baseline)
	$(VENV)/bin/jupyter nbconvert --to notebook --execute --inplace \
	  --ExecutePreprocessor.record_timing=False --ExecutePreprocessor.timeout=900 notebooks/*.ipynb

test: $(STAMP) ## unit tests, doctests and the notebooks under strict nbval
	$(VENV)/bin/ruff check analysis tests benchmarks
	$(PY) -m pytest $(if $(wildcard notebooks/*.ipynb),$(NBVAL) notebooks) tests analysis

validate: $(STAMP) ## print the validation tables of tone, actors and frames (needs ../shared/data)
	$(PY) benchmarks/validate_tone.py --models light
	$(PY) benchmarks/validate_actors.py --split test
	$(PY) benchmarks/validate_frames.py --split test

bench: $(STAMP) ## speed benchmarks (tone, actors, frames, the full pipeline on BBC x10)
	$(PY) benchmarks/bench_tone.py
	$(PY) benchmarks/bench_actors.py
	$(PY) benchmarks/bench_frames.py --check
	$(PY) benchmarks/bench_pipeline.py --copies 10 --jobs 2

lint: $(STAMP) ## ruff
	$(VENV)/bin/ruff check analysis tests benchmarks

clean: ## remove out/ and caches (keeps .venv)
	rm -rf out .pytest_cache
