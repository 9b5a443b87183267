"""Constants and helpers shared by the report tests (imported as ``report_helpers``)."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parent
SNAPSHOTS = Path(__file__).parent / "snapshots"
EVENTS = TESTS / "data" / "events"
MINI_OPS = ["transnistria-jpkf-1992", "south-ossetia-jpkf-1992", "kosovo-kfor-1999"]
AS_OF = dt.date(2025, 1, 1)
GENERATED = dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
UPDATE = os.environ.get("PEACEOPS_UPDATE_SNAPSHOTS") == "1"


_INLINE_SVG = re.compile(r"(<svg\b[^>]*>).*?</svg>", re.S)


def normalise_html(text: str) -> str:
    """Generation timestamp out; inline SVG bodies (charts and maps, tested on their own) reduced to their opening
    tag."""
    from peaceops.report import strip_generated

    return _INLINE_SVG.sub(lambda m: m.group(1) + "[svg body]</svg>", strip_generated(text))
