# Two entry points for a new user (see README.md):
#   make demo  - set up, then validate the bundled Birmingham data and summarise it
#   make test  - set up (including Debian's chromium for the browser tests), then run every test
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup system-deps demo test test-fast

$(BIN)/orggraph: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/orggraph

setup: $(BIN)/orggraph

system-deps:
	sh scripts/install-system-deps.sh

demo: setup
	$(BIN)/orggraph validate
	$(BIN)/orggraph stats

test: setup system-deps
	$(BIN)/python -m pytest

test-fast: setup
	$(BIN)/python -m pytest -m "not slow and not browser"
