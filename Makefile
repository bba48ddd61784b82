# The README's two commands: `make demo` and `make test`. Both create .venv if it is missing and
# install perf-tui (editable) with its test extras; they need only Python 3.11+ and pip.
# `make run` starts the app again afterwards (perf-tui lives in .venv/bin, not on the PATH).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.perf-tui-installed

.PHONY: demo run test test-fast bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/perf-tui demo

run: $(STAMP)
	$(BIN)/perf-tui

# Two workers: the suite (kill loop and wheel build included) stays under 3 minutes on 2 cores.
test: $(STAMP)
	$(BIN)/python -m pytest -n 2 -q

# Without the slow robustness tests (kill loop, wheel build): for quick checks while editing.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -n 2 -q -m "not slow"

bench: $(STAMP)
	$(BIN)/python bench/storage.py

clean:
	rm -rf $(VENV) build dist snapshot_report.html
