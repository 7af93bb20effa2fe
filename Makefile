# Two commands for a fresh machine: `make demo` and `make test`.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test browser lint typecheck imports bench eval check clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed: set PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

## Start the bot on its embedded default: Telegram when a token is configured, else the console chat.
demo: $(STAMP)
	$(BIN)/python -m bot demo

## Run the whole test suite (with the browser tests), the linters, the type checker and the import rules.
test: $(STAMP) browser
	$(BIN)/python -m pytest
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

## The browser of the web tests: Debian's chromium-headless-shell, installed with apt-get when missing.
browser:
	@.ci/install-browser

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy

imports: $(STAMP)
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python -m benchmarks

## The FAQ engine beside the naive rapidfuzz baseline on the dev and heldout cases (evaluation/cases).
eval: $(STAMP)
	$(BIN)/python -m evaluation

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
