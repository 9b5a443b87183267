"""What a report says, independent of its format: the templates render these records.

Every value shown carries the numbers of the references it rests on
(``refs``), or names the computation that produced it. A gap is a record too
(``Missing``), so a thin report says what is not known instead of leaving a
blank.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt

    from peaceops.present.citations import Reference


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    refs: list[int] = field(default_factory=list)
    note: str | None = None


@dataclass(frozen=True)
class Row:
    """A table row: cells of text, the references of the row, an optional note."""

    cells: list[str]
    refs: list[int] = field(default_factory=list)
    note: str | None = None


@dataclass(frozen=True)
class Table:
    title: str
    columns: list[str]
    rows: list[Row]
    missing: str | None = None  # what to say when there are no rows
    note: str | None = None

    @property
    def cited(self) -> bool:
        """Whether any row cites a reference (else the table has no Sources column)."""
        return any(row.refs for row in self.rows)


@dataclass(frozen=True)
class Figure:
    """A chart or map: inline SVG for HTML/PDF, a file beside the Markdown."""

    key: str  # file stem in the Markdown assets folder
    svg: str
    caption: str
    alt: str


@dataclass(frozen=True)
class EvidenceView:
    id: str
    stance: str
    grade: str
    text: str
    is_quote: bool
    locator: str
    refs: list[int]
    reviewed_by: str
    note: str | None
    counted: bool  # False when the grade filter left it out


@dataclass(frozen=True)
class RuleView:
    rule: str
    status: str
    score: str
    confidence: str
    detail: str
    facts: list[str]
    metrics: str


@dataclass(frozen=True)
class IndicatorView:
    id: str
    principle: str
    question: str
    scale: str
    combine: str
    status: str
    score: str
    level: str
    confidence: str
    css: str
    rationale: str
    rules: list[RuleView]
    evidence: list[EvidenceView]
    anchor: str


@dataclass(frozen=True)
class PrincipleView:
    id: str
    name: str
    group: str
    summary: str
    reference: list[int]
    score: str
    level: str
    css: str
    scored: int
    total: int
    statuses: str
    indicators: list[IndicatorView]
    anchor: str


@dataclass(frozen=True)
class ConflictView:
    """The conflict trajectory section, or why it is not measured."""

    measured: bool
    message: str
    classification: str | None = None
    reason: str | None = None
    facts: list[Fact] = field(default_factory=list)
    figure: Figure | None = None
    series: Table | None = None
    files: Table | None = None


@dataclass(frozen=True)
class MapView:
    figure: Figure | None
    places: Table
    message: str | None


@dataclass(frozen=True)
class Header:
    title: str
    subtitle: str
    generated: str  # ISO timestamp, the one field allowed to differ between two runs
    as_of: dt.date
    evidence_filter: str
    evidence_origin: str
    peaceops_version: str
    data: str  # what curated data, with a content fingerprint


@dataclass(frozen=True)
class OperationReport:
    kind = "operation"
    header: Header
    operation_id: str
    gaps: list[str]
    facts: list[Fact]
    tables: list[Table]  # legal basis, request and consent, contributors, tasks, conflict
    strength: Table
    strength_figure: Figure | None
    map: MapView
    principles: list[PrincipleView]
    conflict: ConflictView
    method: list[str]
    references: list[Reference]

    @property
    def figures(self) -> list[Figure]:
        out = [f for f in (self.strength_figure, self.map.figure, self.conflict.figure) if f is not None]
        return out


@dataclass(frozen=True)
class ComparisonCell:
    operation_id: str
    score: str
    level: str
    css: str
    scored: int
    total: int
    anchor: str


@dataclass(frozen=True)
class ComparisonRow:
    """One principle: a cell per operation, and the per-operation detail each cell links to."""

    principle_id: str
    name: str
    group: str
    summary: str
    reference: list[int]
    cells: list[ComparisonCell]
    details: list[PrincipleView]


@dataclass(frozen=True)
class OperationColumn:
    id: str
    name: str
    short: str
    facts: list[Fact]
    gaps: list[str]
    conflict: ConflictView
    anchor: str


@dataclass(frozen=True)
class ComparisonReport:
    kind = "comparison"
    header: Header
    operations: list[OperationColumn]
    rows: list[ComparisonRow]
    method: list[str]
    references: list[Reference]

    @property
    def figures(self) -> list[Figure]:
        return [op.conflict.figure for op in self.operations if op.conflict.figure is not None]
