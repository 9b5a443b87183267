"""The wheel works on its own: built, installed in a fresh virtual environment, run outside the repository.

The fresh environment reuses the pinned dependencies of the test environment
offline: a .pth file puts their site-packages after its own, and the wheel is
installed with ``--no-deps --no-index`` (``--ignore-installed`` so that pip
never touches the peaceops installed in the test environment). Select with
``-m wheel``; it runs the whole demo, so it takes a minute or two.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.wheel


def _run(args: list, *, cwd: Path, env: dict, timeout: int = 900) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, (
        f"{' '.join(map(str, args))} failed ({result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )
    return result


def test_the_wheel_validates_and_runs_the_demo_when_installed(tmp_path):
    env = {
        name: value for name, value in os.environ.items() if name != "PYTHONPATH" and not name.startswith("PEACEOPS_")
    }
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    dist = tmp_path / "dist"
    _run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", dist, REPO], cwd=REPO, env=env)
    wheels = list(dist.glob("peaceops-*.whl"))
    assert len(wheels) == 1, wheels

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=tmp_path, env=env)
    python = venv / "bin" / "python"
    own = Path(
        _run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=tmp_path, env=env
        ).stdout.strip()
    )
    (own / "pinned-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    _run(
        [python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--ignore-installed", wheels[0]],
        cwd=tmp_path,
        env=env,
    )

    outside = tmp_path / "elsewhere"  # a working directory with no repository around it
    outside.mkdir()
    where = _run(
        [python, "-c", "import peaceops.settings as s; print(s.shipped_data_dir()); print(s.shipped_examples_dir())"],
        cwd=outside,
        env=env,
    ).stdout.split()
    assert [Path(p) for p in where] == [own / "peaceops" / "_data", own / "peaceops" / "_examples"]

    peaceops = venv / "bin" / "peaceops"
    workspace, out = tmp_path / "workspace", tmp_path / "out"
    validated = _run([peaceops, "--workspace", workspace, "validate"], cwd=outside, env=env)
    assert f"in {own / 'peaceops' / '_data'} are valid" in validated.stdout

    demo = _run([peaceops, "--workspace", workspace, "demo", "--out", out], cwd=outside, env=env)
    assert "events: loading 3 file(s)" in demo.stdout
    for made in ("registry", "seed-comparison.md", "seed-comparison.html", "seed-comparison.pdf", "studies"):
        assert (out / made).exists(), f"the demo did not write {made}:\n{demo.stdout[-3000:]}"
    assert not list(outside.iterdir()), "the demo wrote into its working directory"
