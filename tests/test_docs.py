"""Generated docs are current: regenerate with `make docs` when this fails."""

from __future__ import annotations

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _generator():
    spec = importlib.util.spec_from_file_location("gen_docs", REPO / "scripts" / "gen_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_current():
    assert (REPO / "docs" / "cli.md").read_text(encoding="utf-8") == _generator().cli_reference() + "\n", (
        "run `make docs`"
    )


def test_data_dictionary_is_current():
    assert (REPO / "docs" / "data-dictionary.md").read_text(
        encoding="utf-8"
    ) == _generator().data_dictionary() + "\n", "run `make docs`"


def test_settings_page_is_current():
    assert (REPO / "docs" / "settings.md").read_text(encoding="utf-8") == _generator().settings_page(), (
        "run `make docs`"
    )
