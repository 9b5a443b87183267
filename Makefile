# The two set-up commands of the README:
#   make demo   create .venv, install, build the workspace and run the main job
#   make test   create .venv if needed, install, run the code checks (make lint), then the whole test suite
#   make lint   ruff format --check, ruff check, vulture (dead code), lint-imports (import contract)
#   make fmt    apply ruff format and ruff's safe fixes
# Debian packages they need (PDF libraries; for tests also Java and Chromium)
# are installed by scripts/system-deps.sh when missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_WORKSPACE ?= build/workspace

.PHONY: demo test lint fmt bench install docs lock clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	bash scripts/system-deps.sh runtime
	$(BIN)/peaceops --workspace $(DEMO_WORKSPACE) demo --out build

# The code checks; configured in pyproject.toml ([tool.ruff], [tool.vulture], [tool.importlinter]).
LINT_PATHS := src tests bench scripts

lint: $(STAMP)
	$(BIN)/ruff format --check $(LINT_PATHS)
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/vulture
	$(BIN)/lint-imports

fmt: $(STAMP)
	$(BIN)/ruff format $(LINT_PATHS)
	$(BIN)/ruff check --fix $(LINT_PATHS)

# The suite runs on every core (pytest-xdist). worksteal: each worker starts on its own half of the tests, in order
# (a module's tests, and so its module-scoped fixtures, mostly stay on one worker), and a worker that runs out takes
# pending tests from another.
test: $(STAMP) lint
	bash scripts/system-deps.sh test
	$(BIN)/python -m pytest -n auto --dist worksteal

# Benchmarks: run on demand, never part of `make test`; they write bench/RESULTS.md.
bench: $(STAMP)
	bash scripts/system-deps.sh bench
	$(BIN)/python bench/run_all.py

# Regenerate the CLI reference, the data dictionary and the settings page (tests check they are current).
docs: $(STAMP)
	$(BIN)/python scripts/gen_docs.py

# Re-resolve every pinned version (run deliberately, review the diff, commit).
lock:
	rm -rf build/lockenv && $(PYTHON) -m venv build/lockenv
	build/lockenv/bin/pip install --quiet -e ".[test,bench]"
	build/lockenv/bin/pip freeze --exclude-editable --exclude peaceops | sort > requirements.lock

clean:
	rm -rf $(VENV) build
