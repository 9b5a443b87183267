"""What every reader provides, and what it is given for one load."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import pandas as pd

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    import pyarrow as pa

    from peaceops.events.formats._text import Reject
    from peaceops.events.reference import Reference


@dataclass
class LoadContext:
    """One load of one file: its name, a short tag of its content hash, the rejects so far."""

    path: Path
    file_tag: str
    reference: Reference
    chunk_rows: int = 50_000
    rejects: list[Reject] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)

    @property
    def file_name(self) -> str:
        return self.path.name

    def fallback_uids(self, dataset: str, lines: list[int], index: pd.Index) -> pd.Series:
        """Ids for rows without their own: dataset, file content hash and line (stable for that file)."""
        return pd.Series([f"{dataset}:{self.file_tag}:{n}" for n in lines], index=index, dtype=object)


class Reader(Protocol):
    name: str
    kind: str  # "events" or "deployments"

    def sniff(self, first_line: str) -> bool:
        """True when a file whose first line is ``first_line`` is in this format."""

    def tables(self, ctx: LoadContext) -> Iterator[pa.Table]:
        """Normalised Arrow tables, one per chunk; malformed rows go to ``ctx.rejects``."""
