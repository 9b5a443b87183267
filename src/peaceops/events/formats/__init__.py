"""Readers of the event-data formats peaceops knows, and format detection.

| format     | dataset                                   | kind        |
|------------|-------------------------------------------|-------------|
| ucdp-ged   | UCDP Georeferenced Event Dataset CSV       | events      |
| acled      | ACLED export CSV (current and older)       | events      |
| gdelt1     | GDELT 1.0 event export (57/58 fields)      | events      |
| gdelt2     | GDELT 2.0 event export (61 fields)         | events      |
| geopko     | Geo-PKO deployments (v2.3 and v1.x)        | deployments |
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peaceops.events.errors import EventFileError
from peaceops.events.formats._text import first_line
from peaceops.events.formats.acled import AcledReader
from peaceops.events.formats.base import LoadContext, Reader
from peaceops.events.formats.gdelt import GdeltReader
from peaceops.events.formats.geopko import GeoPkoReader
from peaceops.events.formats.ucdp import UcdpGedReader

if TYPE_CHECKING:
    from pathlib import Path

FORMATS = ("ucdp-ged", "acled", "gdelt1", "gdelt2", "geopko")

__all__ = ["FORMATS", "LoadContext", "Reader", "detect", "reader"]


def reader(name: str) -> Reader:
    """The reader of format ``name`` (one of FORMATS)."""
    readers = {"ucdp-ged": UcdpGedReader, "acled": AcledReader, "geopko": GeoPkoReader}
    if name in ("gdelt1", "gdelt2"):
        return GdeltReader(name)
    if name not in readers:
        raise EventFileError(f"unknown format {name!r}; use one of {', '.join(FORMATS)}")
    return readers[name]()


def detect(path: Path) -> str:
    """The format of ``path``, told from its first line; raises EventFileError when none fits."""
    line = first_line(path)
    if not line:
        raise EventFileError(f"{path}: the file is empty; nothing to load")
    for name in FORMATS:
        if reader(name).sniff(line):
            return name
    shown = line[:120] + ("..." if len(line) > 120 else "")
    raise EventFileError(
        f"{path}: cannot tell the format from its first line ({shown!r}); give it with --format {'|'.join(FORMATS)}"
    )
