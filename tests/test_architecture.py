"""The import contract: the domain imports no face, and the faces (web, report) import neither each other nor the CLI.

The contract is written in pyproject.toml ([tool.importlinter]) and checked by import-linter on the
sources of this checkout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SRC = REPO / "src"
FACES = {"cli", "web", "report"}


def lint_imports(src: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    """Run lint-imports on the package under ``src`` with this repository's contract."""
    exe = Path(sys.executable).parent / "lint-imports"
    found = str(exe) if exe.exists() else shutil.which("lint-imports")
    if found is None:
        pytest.fail(
            "lint-imports is not installed: install the test extra (pip install -e '.[test]'), "
            "which brings import-linter"
        )
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run(
        [found, "--no-logo", "--no-cache", str(REPO / "pyproject.toml")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def contracts() -> list[dict]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["importlinter"]["contracts"]


def test_import_contract_holds(tmp_path):
    result = lint_imports(SRC, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_domain_contract_names_every_module_below_the_faces():
    """A new top-level module of peaceops must join the domain contract (or be a face), or it goes unchecked."""
    top = {
        p.stem if p.is_file() else p.name
        for p in (SRC / "peaceops").iterdir()
        if (p.is_file() and p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").exists()
    }
    domain = next(c for c in contracts() if c["type"] == "forbidden")
    listed = {m.removeprefix("peaceops.") for m in domain["source_modules"]}
    assert listed == top - FACES, (
        f"add {sorted(top - FACES - listed)} to / remove {sorted(listed - (top - FACES))} from "
        "the domain contract's source_modules in pyproject.toml"
    )
    assert {m.removeprefix("peaceops.") for m in domain["forbidden_modules"]} == FACES


def _copy_sources(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(
        SRC / "peaceops", src / "peaceops", ignore=shutil.ignore_patterns("__pycache__", "static", "templates")
    )
    return src


def test_a_web_module_importing_the_cli_breaks_the_contract(tmp_path):
    src = _copy_sources(tmp_path)
    module = src / "peaceops" / "web" / "views.py"
    module.write_text(
        module.read_text(encoding="utf-8") + "\nimport peaceops.cli  # noqa: E402,F401\n", encoding="utf-8"
    )
    result = lint_imports(src, tmp_path)
    assert result.returncode != 0
    assert "peaceops.web is not allowed to import peaceops.cli" in result.stdout
    assert "peaceops.web.views -> peaceops.cli" in result.stdout


def test_a_domain_module_importing_a_face_breaks_the_contract(tmp_path):
    src = _copy_sources(tmp_path)
    module = src / "peaceops" / "present" / "format.py"
    module.write_text(
        module.read_text(encoding="utf-8") + "\nimport peaceops.report  # noqa: E402,F401\n", encoding="utf-8"
    )
    result = lint_imports(src, tmp_path)
    assert result.returncode != 0
    assert "peaceops.present.format -> peaceops.report" in result.stdout
