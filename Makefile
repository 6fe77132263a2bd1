# Two entry points for a fresh machine: `make demo` and `make test` do all the set-up they need.
PYTHON ?= python3
VENV := .venv
PYWB_VENV := .venv-pywb
BIN := $(VENV)/bin
# The browser tests: Debian's Chromium (Playwright, a dev dependency, only drives it) and
# ReplayWeb.page's two self-contained bundles. Root in CI; sudo on a developer's machine.
CHROMIUM ?= /usr/bin/chromium
REPLAYWEBPAGE_VERSION := 2.4.6
REPLAYWEBPAGE_DIR := .cache/replaywebpage
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup demo crawl test test-fast check lint format benchmark clean browser-deps readme-screenshot

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

# Headless Chromium from Debian, installed when missing (CHROMIUM=/path/to/chromium skips it).
$(CHROMIUM):
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

# ReplayWeb.page: `npm install replaywebpage` does not resolve (a dependency asks for
# warcio@^2.4.12, which the registry lacks), but the package's ui.js and sw.js are
# self-contained bundles: unpack its tarball.
# 2.4.x is the newest line for Node 20; the bundles themselves run in Chromium, not in Node.
$(REPLAYWEBPAGE_DIR)/.installed-$(REPLAYWEBPAGE_VERSION):
	command -v npm >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; }
	rm -rf $(REPLAYWEBPAGE_DIR) && mkdir -p $(REPLAYWEBPAGE_DIR)
	cd $(REPLAYWEBPAGE_DIR) && npm pack --silent replaywebpage@$(REPLAYWEBPAGE_VERSION) >/dev/null
	tar -xzf $(REPLAYWEBPAGE_DIR)/replaywebpage-$(REPLAYWEBPAGE_VERSION).tgz \
		-C $(REPLAYWEBPAGE_DIR) --strip-components=1
	rm $(REPLAYWEBPAGE_DIR)/replaywebpage-$(REPLAYWEBPAGE_VERSION).tgz
	test -s $(REPLAYWEBPAGE_DIR)/ui.js && test -s $(REPLAYWEBPAGE_DIR)/sw.js
	touch $@

browser-deps: $(CHROMIUM) $(REPLAYWEBPAGE_DIR)/.installed-$(REPLAYWEBPAGE_VERSION)

# Serve the bundled replica site on loopback and crawl it into archives/.
demo: $(VENV)/.installed
	$(BIN)/topten-crawler demo

# Crawl the real site (needs the internet) into archives/.
crawl: $(VENV)/.installed
	$(BIN)/topten-crawler crawl

# ruff, mypy strict on the package, and the layering contracts of pyproject.toml.
lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: setup lint browser-deps
	TOPTEN_PYWB_VENV=$(CURDIR)/$(PYWB_VENV) TOPTEN_CHROMIUM=$(CHROMIUM) $(BIN)/pytest

# The unit tests alone, in seconds: no crawl (e2e), no pywb (replay), no Chromium (browser).
test-fast: $(VENV)/.installed
	$(BIN)/pytest -m "not e2e and not replay and not browser"

# docs/replay-screenshot.png: a replayed post, as the browser tests see it.
readme-screenshot: setup browser-deps
	TOPTEN_PYWB_VENV=$(CURDIR)/$(PYWB_VENV) TOPTEN_CHROMIUM=$(CHROMIUM) \
		$(BIN)/pytest -q tests/test_browser_replay.py -k readme_picture
	mkdir -p docs
	cp test-artifacts/browser-replay/replay-readme.png docs/replay-screenshot.png

benchmark: $(VENV)/.installed
	$(BIN)/python benchmarks/crawl_speed.py

clean:
	rm -rf $(VENV) $(PYWB_VENV) .pytest_cache .mypy_cache .ruff_cache
