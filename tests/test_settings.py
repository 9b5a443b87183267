"""Settings live in one registry (peaceops.settings) that every module reads, and tests never see them."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import get_args

from peaceops import settings
from peaceops.ingest.language import configured_languages
from peaceops.vocab import LANGUAGE_NAMES, Language

SRC = Path(__file__).resolve().parents[1] / "src" / "peaceops"


def _environment_reads(path: Path) -> list[int]:
    """Lines of ``path`` that touch os.environ or os.getenv, except os.environ.setdefault (a write for a child)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "environb"):
            parent = parents.get(node)
            if isinstance(parent, ast.Attribute) and parent.attr == "setdefault":
                continue
            lines.append(node.lineno)
        elif (
            isinstance(node, ast.ImportFrom)
            and node.module == "os"
            and any(alias.name in ("environ", "getenv") for alias in node.names)
        ):
            lines.append(node.lineno)
    return lines


def test_only_the_settings_module_reads_the_environment():
    offenders = [
        f"{path.relative_to(SRC)}:{line}"
        for path in sorted(SRC.rglob("*.py"))
        if path.name != "settings.py"
        for line in _environment_reads(path)
    ]
    assert not offenders, f"read these through peaceops.settings (add a Setting there): {offenders}"


def test_every_peaceops_variable_the_code_names_is_registered():
    registered = {s.env for s in settings.SETTINGS}
    named = {
        (m.group(0), path.relative_to(SRC).as_posix())
        for path in SRC.rglob("*.py")
        for m in re.finditer(r"\bPEACEOPS_[A-Z_]+\b", path.read_text(encoding="utf-8"))
    }
    unknown = sorted((name, where) for name, where in named if name not in registered)
    assert not unknown, f"variables named in the code but missing from settings.SETTINGS: {unknown}"


def test_registry_is_well_formed():
    names = [s.name for s in settings.SETTINGS]
    envs = [s.env for s in settings.SETTINGS]
    assert len(set(names)) == len(names) and len(set(envs)) == len(envs)
    assert all(env.startswith(settings.PREFIX) for env in envs)
    assert all(s.help and s.default for s in settings.SETTINGS)
    assert settings.BY_NAME["cache"] is settings.CACHE


def test_settings_are_read_from_the_environment(monkeypatch, tmp_path):
    every_language = get_args(Language)
    assert configured_languages() == every_language  # the default is every language peaceops reads
    monkeypatch.setenv("PEACEOPS_LANGUAGES", "en, ru")
    assert configured_languages() == ("en", "ru")
    monkeypatch.setenv("PEACEOPS_LANGUAGES", "")  # empty counts as unset
    assert configured_languages() == every_language

    monkeypatch.delenv("XDG_CACHE_HOME")  # the suite shares one cache (conftest); the default is per user
    assert settings.cache_dir() == Path(tmp_path / "home" / ".cache" / "peaceops")
    monkeypatch.setenv("PEACEOPS_CACHE", "off")
    assert settings.cache_dir() is None
    monkeypatch.setenv("PEACEOPS_CACHE", str(tmp_path / "elsewhere"))
    assert settings.cache_dir() == tmp_path / "elsewhere"

    monkeypatch.setenv("PEACEOPS_DATA", str(tmp_path / "data"))
    assert settings.resolve_data_dir() == tmp_path / "data"
    assert settings.resolve_data_dir(tmp_path / "explicit") == tmp_path / "explicit"


def test_cli_user_comes_from_the_settings(cli, monkeypatch):
    from peaceops.cli.ingest import _actor

    monkeypatch.setenv("PEACEOPS_USER", "analyst-7")
    assert _actor(None) == "analyst-7"
    assert _actor("reviewer") == "reviewer"


def test_no_peaceops_variable_reaches_a_test():
    """Run on its own by the next test with variables set outside; in a clean run it checks the same."""
    assert [name for name in os.environ if name.startswith(settings.PREFIX)] == []


def test_conftest_clears_every_peaceops_variable(tmp_path):
    env = {
        **os.environ,
        "PEACEOPS_LANGUAGES": "xx",
        "PEACEOPS_CACHE": "off",
        "PEACEOPS_NOT_A_SETTING_YET": "1",
        "PYTHONPATH": os.pathsep.join([str(SRC.parent), os.environ.get("PYTHONPATH", "")]),
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-o",
            "addopts=",
            f"{__file__}::test_no_peaceops_variable_reaches_a_test",
        ],
        cwd=Path(__file__).parents[1],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout


def test_every_language_has_a_name_and_a_lingua_model():
    from lingua import IsoCode639_1

    assert list(LANGUAGE_NAMES) == list(get_args(Language))
    for code in get_args(Language):
        assert hasattr(IsoCode639_1, code.upper()), f"lingua has no model for {code}"
