# Two entry points for a new user (see README.md):
#   make demo  - set up, then validate the bundled Birmingham data, summarise it and
#                write its interactive view to out/birmingham.html
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
	$(BIN)/orggraph export --format html -o out/birmingham.html
	@echo "Open out/birmingham.html in a browser: the Birmingham leadership, 2014-2016, with a time slider."

test: setup system-deps
	$(BIN)/python -m pytest

test-fast: setup
	$(BIN)/python -m pytest -m "not slow and not browser"
