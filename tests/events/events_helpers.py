"""Paths shared by the events tests (imported as ``events_helpers``; a name no other test folder uses, so the import
never depends on which folder's conftest.py pytest loaded last)."""

from __future__ import annotations

from pathlib import Path

EVENTS_DATA = Path(__file__).resolve().parents[1] / "data" / "events"
FIXTURE_REGISTRY = EVENTS_DATA / "registry"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "events"
