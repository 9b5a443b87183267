"""The README's read-only example commands run as written (on the shipped data, in a private workspace)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
RUNNABLE = ("validate", "ops ", "framework show", "evidence list", "assess ", "compare ", "export ")


def _examples() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = text.split("## Use", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = []
    for line in block.splitlines():
        command = line.split("#", 1)[0].strip()
        if not command.startswith("peaceops "):
            continue
        rest = command[len("peaceops ") :]
        if rest.startswith(RUNNABLE) and not re.search(r"\[|\||CANDIDATE|\bID\b", rest):
            commands.append(rest)
    return commands


def test_examples_were_found():
    assert len(_examples()) >= 8


@pytest.mark.parametrize("command", _examples())
def test_readme_example_runs(cli, tmp_path, command):
    args = [a.replace("build/tables", str(tmp_path / "tables")) for a in shlex.split(command)]
    result = cli(*args)
    assert result.exit_code == 0, f"peaceops {command}\n{result.stderr}"
