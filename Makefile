# Two entry points for a fresh machine: `make demo` and `make test` do all the set-up they need.
PYTHON ?= python3
VENV := .venv
PYWB_VENV := .venv-pywb
BIN := $(VENV)/bin

.PHONY: setup demo crawl test check lint format benchmark clean

# The crawler and its development tools, in their own virtual environment.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# pywb pins old werkzeug and redis versions: it lives in an environment of its own, used only
# by the replay tests, never imported by the crawler.
$(PYWB_VENV)/.installed:
	$(PYTHON) -m venv $(PYWB_VENV)
	$(PYWB_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(PYWB_VENV)/bin/python -m pip install --quiet 'pywb==2.10.*'
	touch $@

setup: $(VENV)/.installed $(PYWB_VENV)/.installed

# Serve the bundled replica site on loopback and crawl it into archives/.
demo: $(VENV)/.installed
	$(BIN)/topten-crawler demo

# Crawl the real site (needs the internet) into archives/.
crawl: $(VENV)/.installed
	$(BIN)/topten-crawler crawl

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: setup lint
	TOPTEN_PYWB_VENV=$(CURDIR)/$(PYWB_VENV) $(BIN)/pytest

benchmark: $(VENV)/.installed
	$(BIN)/python benchmarks/crawl_speed.py

clean:
	rm -rf $(VENV) $(PYWB_VENV) .pytest_cache .mypy_cache .ruff_cache
