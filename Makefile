# The two set-up commands of the README:
#   make demo   create .venv, install, build the workspace and run the main job
#   make test   create .venv if needed, install, run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_WORKSPACE ?= build/workspace

.PHONY: demo test install docs lock clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/peaceops --workspace $(DEMO_WORKSPACE) demo --out build

test: $(STAMP)
	$(BIN)/python -m pytest

# Regenerate the CLI reference and the data dictionary (tests check they are current).
docs: $(STAMP)
	$(BIN)/python scripts/gen_docs.py

# Re-resolve every pinned version (run deliberately, review the diff, commit).
lock:
	rm -rf build/lockenv && $(PYTHON) -m venv build/lockenv
	build/lockenv/bin/pip install --quiet -e ".[test]"
	build/lockenv/bin/pip freeze --exclude-editable --exclude peaceops | sort > requirements.lock

clean:
	rm -rf $(VENV) build
