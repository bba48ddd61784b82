# The README's two commands: `make demo` and `make test`. Both create .venv if it is missing and
# install perf-tui (editable) with its test extras; they need only Python 3.11+ and pip.
# `make run` starts the app again afterwards (perf-tui lives in .venv/bin, not on the PATH).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.perf-tui-installed

.PHONY: demo run test test-fast bench mutate clean

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
	$(BIN)/python bench/ui.py

# Mutation testing of the core (not in CI; mutmut, configured in pyproject.toml): tests every mutant
# of the listed modules again against the unit tests that reach it, then prints killed / total, the
# score and the survivors per module (figures also in mutants/mutation-score.json); fails below 90 %.
# `make mutate MODULES="scoring agenda"` for some modules; MUTATE_JOBS=2 on an otherwise idle machine.
MODULES ?=
MUTATE_JOBS ?= 1
MUTATE_STAMP := $(VENV)/.perf-tui-mutate-installed

$(MUTATE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,mutate]'
	touch $(MUTATE_STAMP)

mutate: $(MUTATE_STAMP)
	$(BIN)/python tools/mutation_score.py --run --max-children $(MUTATE_JOBS) --fail-under 90 $(MODULES)

clean:
	rm -rf $(VENV) build dist snapshot_report.html
