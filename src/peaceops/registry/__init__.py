"""The curated registry of peace operations and the sources behind every fact.

>>> from peaceops import registry
>>> reg = registry.load()
>>> reg.find("KFOR").id
'kosovo-kfor-1999'
>>> reg.frame()            # one row per operation, as a pandas DataFrame
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from peaceops.errors import DataValidationError, NotFoundError, Problem
from peaceops.registry import cache
from peaceops.registry.filters import OperationFilter
from peaceops.registry.loader import check as _check
from peaceops.registry.lookup import NameIndex
from peaceops.registry.models import LEGAL_RUNGS, Operation, Source
from peaceops.settings import resolve_data_dir

if TYPE_CHECKING:
    import datetime as dt
    from pathlib import Path

__all__ = ["Registry", "load", "check", "Operation", "Source"]


@dataclass
class Registry:
    """Validated operations and sources, with lookup, filters and tables."""

    operations: dict[str, Operation]
    sources: dict[str, Source]
    data_dir: Path
    _index: object = field(default=None, repr=False)

    def __iter__(self):
        return iter(self.operations.values())

    def __len__(self) -> int:
        return len(self.operations)

    def get(self, op_id: str) -> Operation:
        try:
            return self.operations[op_id]
        except KeyError:
            raise NotFoundError(f"no operation with id {op_id!r}; `peaceops ops list` shows every id") from None

    def find(self, query: str) -> Operation:
        """Operation by id, name, acronym or alias (English or Russian); see :mod:`.lookup`."""
        if self._index is None:
            self._index = NameIndex(self.operations)
        return self._index.find(query)

    def source(self, source_id: str) -> Source:
        try:
            return self.sources[source_id]
        except KeyError:
            raise NotFoundError(f"no source with id {source_id!r}") from None

    def filter(
        self,
        *,
        kind: str | None = None,
        lead: str | None = None,
        lead_group: str | None = None,
        host: str | None = None,
        status: str | None = None,
        active_on: dt.date | None = None,
        year_from: int | None = None,
        year_to: int | None = None,
        search: str | None = None,
        decade: str | None = None,
        regional_power: bool | None = None,
        cites: str | None = None,
        today: dt.date | None = None,
    ) -> list[Operation]:
        """Operations matching every criterion given (see :class:`.filters.OperationFilter`)."""
        criteria = OperationFilter(
            kind=kind,
            lead=lead,
            lead_group=lead_group,
            host=host,
            status=status,
            active_on=active_on,
            year_from=year_from,
            year_to=year_to,
            search=search,
            decade=decade,
            regional_power=regional_power,
            cites=cites,
            today=today,
        )
        return criteria.apply(self.operations.values())

    def cited_sources(self, op: Operation) -> dict[str, Source]:
        """The sources an operation cites, by id, in first-cited order."""
        ids = dict.fromkeys(source_id for _, source_id in op.citations())
        return {i: self.sources[i] for i in ids if i in self.sources}

    @staticmethod
    def strongest_rung(op: Operation) -> str | None:
        """The strongest rung of the legal-basis ladder any of its instruments reaches."""
        rungs = [lb.rung for lb in op.legal_basis]
        return min(rungs, key=LEGAL_RUNGS.index) if rungs else None

    def frame(self):
        """One row per operation as a pandas DataFrame (the ``operations`` export table)."""
        import pandas as pd  # heavy: pandas, loaded on first use

        from peaceops.registry.export import tables  # deferred: ops show does not need it, keeps CLI start-up fast

        return pd.DataFrame(tables(self)["operations"]).set_index("operation_id")

    def tables(self) -> dict[str, list[dict]]:
        from peaceops.registry.export import tables  # deferred: ops show does not need it, keeps CLI start-up fast

        return tables(self)


def check(data_dir: str | Path | None = None) -> tuple[Registry, list[Problem]]:
    """Load what parses and return every problem found (an empty list when valid)."""

    root = resolve_data_dir(data_dir)
    operations, sources, problems = _check(root)
    return Registry(operations, sources, root), problems


def load(data_dir: str | Path | None = None, *, use_cache: bool = True) -> Registry:
    """The validated registry; raises :class:`DataValidationError` listing every problem.

    A registry that validated is cached (see :mod:`peaceops.registry.cache`), keyed by every data file and
    every source file of peaceops (path, size, modification time), so an edit of either is always
    re-validated. `peaceops validate` never uses it.
    """

    root = resolve_data_dir(data_dir)
    if use_cache:
        hit = cache.get(root)
        if hit is not None:
            operations, sources = hit
            return Registry(operations, sources, root)
    reg, problems = check(root)
    if problems:
        raise DataValidationError(problems)
    if use_cache:
        cache.put(root, reg.operations, reg.sources)
    return reg
