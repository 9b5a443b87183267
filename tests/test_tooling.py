"""The test set-up and code checks: peaceops's warnings are errors, third-party ones filtered; ruff and vulture pass."""

from __future__ import annotations

import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _warn_from(module: str, category: type[Warning]) -> None:
    """Raise a warning whose origin is ``module``, the way pytest's filters see a warning from that module."""
    code = compile("import warnings\nwarnings.warn('something is off', category, stacklevel=1)", f"<{module}>", "exec")
    exec(code, {"__name__": module, "category": category})


@pytest.mark.parametrize("category", [UserWarning, DeprecationWarning, RuntimeWarning])
def test_a_warning_from_peaceops_fails_the_test(category):
    with pytest.raises(category, match="something is off"):
        _warn_from("peaceops.registry.loader", category)


def test_a_warning_from_another_package_is_only_recorded():
    with warnings.catch_warnings(record=True) as caught:  # keeps the configured filters, records instead of printing
        _warn_from("peaceopsish", UserWarning)
    assert [str(w.message) for w in caught] == ["something is off"]


def _tool(name: str) -> str:
    """The tool beside this interpreter (the venv's), else on PATH; a missing tool fails: it is in the test extra."""
    exe = Path(sys.executable).parent / name
    found = str(exe) if exe.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: install the test extra (pip install -e '.[test]')")
    return found


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=300)


def test_ruff_finds_nothing():
    """The same checks as `make lint`, so that pytest alone also catches a regression."""
    paths = ["src", "tests", "bench", "scripts"]
    lint = _run(_tool("ruff"), "check", "--no-cache", *paths)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    fmt = _run(_tool("ruff"), "format", "--check", "--no-cache", *paths)
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


def test_vulture_finds_no_dead_code():
    """Dead code fails the suite; a name used only by a template, pydantic or the tests goes in vulture_whitelist.py."""
    dead = _run(_tool("vulture"))  # reads [tool.vulture] in pyproject.toml
    assert dead.returncode == 0, dead.stdout + dead.stderr
