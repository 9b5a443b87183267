"""Everything curated, loaded and cross-checked together: registry, framework, evidence.

``peaceops validate`` reports the problems of all three at once, with those of
the other curated files (:func:`check_all`); the assessment reads a :class:`Catalog`.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from peaceops import datafiles, evidence, framework, milestones, registry
from peaceops.errors import DataValidationError, Problem
from peaceops.ingest.pipeline import Analyser

if TYPE_CHECKING:
    from pathlib import Path


@dataclass
class Catalog:
    registry: peaceops.registry.Registry  # noqa: F821
    framework: peaceops.framework.Framework  # noqa: F821
    evidence: list = field(default_factory=list)
    _analyser: object = field(default=None, init=False, repr=False, compare=False)
    _analyser_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_key = defaultdict(list)
        for ev in self.evidence:
            self._by_key[(ev.operation, ev.indicator)].append(ev)

    def evidence_for(self, operation_id: str, indicator_id: str | None = None) -> list:
        if indicator_id is not None:
            return list(self._by_key.get((operation_id, indicator_id), []))
        return [ev for ev in self.evidence if ev.operation == operation_id]

    def add_evidence(self, items) -> Catalog:
        """A new catalog with more evidence (e.g. items accepted in the workspace's review queue)."""
        known = {ev.id for ev in self.evidence}
        return Catalog(self.registry, self.framework, [*self.evidence, *(ev for ev in items if ev.id not in known)])

    def analyser(self):
        """The ingestion analyser of this catalog (name and cue indexes, gazetteer), built once.

        It lives as long as the catalog. The web server's threads share one
        catalog: the first to ask builds the analyser under a lock, the others
        wait for it and get the same one.
        """
        if self._analyser is None:
            with self._analyser_lock:
                if self._analyser is None:
                    self._analyser = Analyser(self)
        return self._analyser


def check(data_dir: str | Path | None = None, *, reg=None) -> tuple[Catalog, list[Problem]]:
    """Load registry, framework and evidence; every problem of each is returned. ``reg``: a registry already
    validated (then only the framework and the evidence are checked here)."""

    if reg is None:
        reg, problems = registry.check(data_dir)
    else:
        problems = []
    fw, fw_problems = framework.check(reg.data_dir)
    problems += fw_problems
    indicator_ids = {i.id for i in fw.indicators} if fw else set()
    # an operation whose file exists but failed to parse is reported once, by the registry, not again per evidence file
    operation_ids = set(reg.operations) | {p.stem for p in (reg.data_dir / "operations").glob("*.yaml")}
    items, ev_problems = evidence.check(reg.data_dir, operation_ids, reg.sources, indicator_ids)
    if fw is None:  # without a framework every indicator would be reported unknown: say it once
        ev_problems = [p for p in ev_problems if "unknown indicator" not in p.message]
    problems += ev_problems
    return Catalog(reg, fw, items), problems


def check_all(data_dir: str | Path | None = None) -> tuple[Catalog, list[Problem]]:
    """:func:`check`, plus every other curated file: gazetteer, thresholds, published figures, event reference.

    This is what ``peaceops validate`` runs; loading a catalog for an assessment needs only :func:`check`.
    """

    cat, problems = check(data_dir)
    reg = cat.registry
    problems += milestones.check(reg.data_dir, reg.operations, reg.sources)[1]
    return cat, problems + datafiles.check(reg.data_dir)


def load(data_dir: str | Path | None = None) -> Catalog:
    """The validated catalog; the registry comes from its cache when nothing changed (see registry.load)."""
    catalog, problems = check(data_dir, reg=registry.load(data_dir))
    if problems:
        raise DataValidationError(problems)
    return catalog
