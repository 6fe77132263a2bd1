# Two entry points for a fresh machine: `make demo` and `make test` do all the set-up they need.
PYTHON ?= python3
VENV := .venv
# pywb's environment: `topten-crawler replay` run from this checkout finds it here too
# (topten_crawler/archive/replay.py), so the tests and the command share one installation.
PYWB_VENV := .venv-pywb
LOCK_VENV := .venv-lock
BIN := $(VENV)/bin
# Every install comes from a lock file of requirements/ (`make lock` rewrites them), with
# pip as `python3 -m venv` ships it: hash checking needs nothing newer. --no-deps: the lock
# is the whole environment, and `pip check` below says so.
PIP := -m pip install --quiet --disable-pip-version-check
PIP_INSTALL := $(PIP) --require-hashes --no-deps
# The browser tests: a Chromium (Playwright, a dev dependency, only drives it) and
# ReplayWeb.page's two self-contained bundles. CHROMIUM=/path/to/chromium names one; else the
# first of these on PATH; else `make browser-deps` installs Debian's with apt-get (root in CI;
# sudo on a developer's machine). Expanded when a recipe runs, so after that install.
CHROMIUM_NAMES := chromium chromium-browser google-chrome google-chrome-stable
CHROMIUM ?= $(firstword $(foreach name,$(CHROMIUM_NAMES),$(shell command -v $(name) 2>/dev/null || true)))
REPLAYWEBPAGE_VERSION := 2.4.6
REPLAYWEBPAGE_DIR := .cache/replaywebpage
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq

.PHONY: setup demo crawl test test-fast check lint format benchmark clean browser-deps chromium \
	readme-screenshot lock

# The crawler alone (what `make demo` needs), in its own virtual environment. The build
# backend comes from the lock too (--no-build-isolation), so nothing unpinned is fetched.
$(VENV)/.installed-runtime: requirements/runtime.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python $(PIP_INSTALL) -r requirements/runtime.txt
	$(BIN)/python $(PIP) --no-deps --no-build-isolation --editable .
	$(BIN)/python -m pip check --disable-pip-version-check
	touch $@

# The development tools (pytest, ruff, mypy, Playwright...) added to the same environment:
# requirements/dev.txt holds the runtime lock's versions and the tools.
$(VENV)/.installed-dev: $(VENV)/.installed-runtime requirements/dev.txt
	$(BIN)/python $(PIP_INSTALL) -r requirements/dev.txt
	$(BIN)/python -m pip check --disable-pip-version-check
	touch $@

# pywb pins old werkzeug and redis versions: it lives in an environment of its own, never
# imported by the crawler. `topten-crawler replay` makes the same one, with the same stamp,
# when it is missing.
$(PYWB_VENV)/.installed: requirements/pywb.txt
	test -x $(PYWB_VENV)/bin/python || $(PYTHON) -m venv $(PYWB_VENV)
	$(PYWB_VENV)/bin/python $(PIP_INSTALL) -r requirements/pywb.txt
	touch $@

setup: $(VENV)/.installed-dev $(PYWB_VENV)/.installed

# Rewrite the lock files with the newest versions that pyproject.toml and pywb.in allow
# (Python 3.11, where CI runs), then run `make test` before committing them.
COMPILE = $(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links --upgrade
$(LOCK_VENV)/.installed:
	test -x $(LOCK_VENV)/bin/python || $(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python $(PIP) 'pip-tools>=7.4,<8'
	touch $@

lock: $(LOCK_VENV)/.installed
	$(COMPILE) --all-build-deps --output-file requirements/runtime.txt pyproject.toml
	$(COMPILE) --all-build-deps --extra dev --constraint requirements/runtime.txt \
		--output-file requirements/dev.txt pyproject.toml
	$(COMPILE) --output-file requirements/pywb.txt requirements/pywb.in

# A Chromium: the one found (see CHROMIUM above), else Debian's package.
chromium:
	@if [ -n "$(CHROMIUM)" ]; then \
		test -x "$(CHROMIUM)" || { echo "CHROMIUM=$(CHROMIUM) is not an executable" >&2; exit 1; }; \
	elif command -v apt-get >/dev/null 2>&1; then \
		echo "No Chromium found ($(CHROMIUM_NAMES)): installing Debian's"; \
		$(SUDO) apt-get update -qq && $(APT_INSTALL) chromium; \
	else \
		echo "make test needs Chromium: none of $(CHROMIUM_NAMES) is on PATH and there is no" \
			"apt-get to install it; install one, or name it with CHROMIUM=/path/to/chromium" >&2; \
		exit 1; \
	fi

# ReplayWeb.page: `npm install replaywebpage` does not resolve (a dependency asks for
# warcio@^2.4.12, which the registry lacks), but the package's ui.js and sw.js are
# self-contained bundles: unpack its tarball. npm only fetches it (installed with apt-get
# when missing).
# 2.4.x is the newest line for Node 20; the bundles themselves run in Chromium, not in Node.
$(REPLAYWEBPAGE_DIR)/.installed-$(REPLAYWEBPAGE_VERSION):
	@command -v npm >/dev/null 2>&1 || command -v apt-get >/dev/null 2>&1 || { \
		echo "make test needs npm to fetch ReplayWeb.page; install Node.js and npm" >&2; exit 1; }
	command -v npm >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(APT_INSTALL) npm; }
	rm -rf $(REPLAYWEBPAGE_DIR) && mkdir -p $(REPLAYWEBPAGE_DIR)
	cd $(REPLAYWEBPAGE_DIR) && npm pack --silent replaywebpage@$(REPLAYWEBPAGE_VERSION) >/dev/null
	tar -xzf $(REPLAYWEBPAGE_DIR)/replaywebpage-$(REPLAYWEBPAGE_VERSION).tgz \
		-C $(REPLAYWEBPAGE_DIR) --strip-components=1
	rm $(REPLAYWEBPAGE_DIR)/replaywebpage-$(REPLAYWEBPAGE_VERSION).tgz
	test -s $(REPLAYWEBPAGE_DIR)/ui.js && test -s $(REPLAYWEBPAGE_DIR)/sw.js
	touch $@

browser-deps: chromium $(REPLAYWEBPAGE_DIR)/.installed-$(REPLAYWEBPAGE_VERSION)

# Serve the bundled replica site on loopback and crawl it into archives/: the runtime only.
demo: $(VENV)/.installed-runtime
	$(BIN)/topten-crawler demo

# Crawl the real site (needs the internet) into archives/.
crawl: $(VENV)/.installed-runtime
	$(BIN)/topten-crawler crawl

# ruff, mypy strict on the package, and the layering contracts of pyproject.toml.
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The tests find pywb in $(PYWB_VENV) and Chromium under CHROMIUM_NAMES as the Makefile does;
# TOPTEN_CHROMIUM passes on the one found or given.
test: setup lint browser-deps
	TOPTEN_CHROMIUM=$(CHROMIUM) $(BIN)/pytest

# The unit tests alone, in seconds: no crawl (e2e), no pywb (replay), no Chromium (browser).
test-fast: $(VENV)/.installed-dev
	$(BIN)/pytest -m "not e2e and not replay and not browser"

# docs/replay-screenshot.png: a replayed post, as the browser tests see it; docs/history-diff.png
# and docs/linkrot-chart.png: the pages of history --html and linkrot.
readme-screenshot: setup browser-deps
	TOPTEN_CHROMIUM=$(CHROMIUM) $(BIN)/pytest -q tests/test_browser_replay.py -k readme_picture
	mkdir -p docs
	cp test-artifacts/browser-replay/replay-readme.png docs/replay-screenshot.png
	TOPTEN_CHROMIUM=$(CHROMIUM) $(BIN)/pytest -q tests/test_browser_overtime.py
	cp test-artifacts/overtime/history-readme.png docs/history-diff.png
	cp test-artifacts/overtime/linkrot-readme.png docs/linkrot-chart.png

# The crawl-speed benchmark serves the replica with Debian's nginx and its Lua module (for
# latency); without apt-get it falls back to the Python replica server and says so.
benchmark: $(VENV)/.installed-runtime
	@if ! command -v nginx >/dev/null 2>&1 || \
		[ ! -e /usr/lib/nginx/modules/ngx_http_lua_module.so ] || ! command -v wget >/dev/null 2>&1; then \
		if command -v apt-get >/dev/null 2>&1; then \
			$(SUDO) apt-get update -qq && $(APT_INSTALL) nginx-light libnginx-mod-http-lua wget; \
		else \
			echo "nginx or its Lua module is missing and there is no apt-get" >&2; \
		fi; \
	fi
	$(BIN)/python benchmarks/crawl_speed.py

clean:
	rm -rf $(VENV) $(PYWB_VENV) $(LOCK_VENV) .pytest_cache .mypy_cache .ruff_cache
