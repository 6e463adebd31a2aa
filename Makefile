# Two commands do all the set-up on a fresh clone:
#   make handouts   create .venv, install, build the Ozola handouts into output/
#   make test       the whole test suite (lint included)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CAMPAIGN ?= ozola

.PHONY: handouts test test-fast fuzz lint typecheck snapshots bench system-deps clean

$(BIN)/companion: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# WeasyPrint needs Pango; HarfBuzz's subsetter makes font embedding about ten times faster;
# Graphviz lays out the clue graph of the GM's book.
# Installed with apt when missing and we may; otherwise a note says what to install.
SYSTEM_LIBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 graphviz
# Optional: Chromium, which the browser tests of the local server drive (they are skipped
# without it). Never a reason for `make handouts` to fail.
OPTIONAL_PACKAGES := chromium
system-deps:
	@missing=""; for lib in $(SYSTEM_LIBS); do \
	  dpkg -s $$lib >/dev/null 2>&1 || missing="$$missing $$lib"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing$$missing"; apt-get -o DPkg::Lock::Timeout=600 update -qq && \
	    apt-get -o DPkg::Lock::Timeout=600 install -y -qq $$missing >/dev/null; \
	  else echo "note: please install$$missing with your package manager"; fi; fi
	@-missing=""; for package in $(OPTIONAL_PACKAGES); do \
	  dpkg -s $$package >/dev/null 2>&1 || missing="$$missing $$package"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing$$missing (optional)"; \
	    { apt-get -o DPkg::Lock::Timeout=600 update -qq && \
	      apt-get -o DPkg::Lock::Timeout=600 install -y -qq $$missing >/dev/null; } || \
	      echo "note: could not install$$missing; the browser tests will be skipped"; \
	  else echo "note: install$$missing to run the browser tests"; fi; fi

handouts: $(BIN)/companion system-deps
	$(BIN)/companion build $(CAMPAIGN)

test: $(BIN)/companion system-deps lint typecheck
	$(BIN)/pytest -n 2 --hypothesis-profile=ci

# Everything but the slow visual tests (every page rendered and compared): the quick loop.
test-fast: $(BIN)/companion system-deps
	$(BIN)/pytest -n 2 -m "not slow"

# Campaigns generated at random from the models, many more than the suite tries; a failure
# prints the campaign as YAML, to keep as a regression test. FUZZ_EXAMPLES sets how many.
FUZZ_EXAMPLES ?= 200
fuzz: $(BIN)/companion system-deps
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest --fuzz tests/generated -k fuzz

lint: $(BIN)/companion
	$(BIN)/ruff check companion tests
	$(BIN)/ruff format --check companion tests

typecheck: $(BIN)/companion
	$(BIN)/mypy

# Accept changed HTML snapshots and page images after reviewing what `make test` showed (the
# failing pages' expected, actual and difference images are in output/pixel-failures/).
snapshots: $(BIN)/companion
	$(BIN)/pytest --snapshot-update tests/kinds/test_snapshots.py
	$(BIN)/pytest --update-pixels tests/visual/test_pixels.py

bench: $(BIN)/companion system-deps
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf output .pytest_cache .ruff_cache .mypy_cache
