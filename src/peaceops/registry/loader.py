"""Load curated YAML into validated models, collecting every problem.

``check()`` never stops at the first problem: it reports each broken file,
field and cross-reference so an analyst can fix them all in one pass.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peaceops import curated
from peaceops.curated import parse_model, read_yaml, relative
from peaceops.errors import DataValidationError, Problem
from peaceops.registry import series
from peaceops.registry.models import Operation, Source
from peaceops.registry.names import normalise

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["check", "all_labels", "read_yaml", "parse_model"]  # the last two re-exported from peaceops.curated

_rel = relative


def check(data_dir: Path) -> tuple[dict[str, Operation], dict[str, Source], list[Problem]]:
    """Load everything that parses and list every problem found in ``data_dir``."""
    problems: list[Problem] = []
    if not data_dir.is_dir():
        raise DataValidationError(
            [Problem(str(data_dir), "", "data directory not found; pass --data DIR or set PEACEOPS_DATA")]
        )

    sources, _, errs = _load_records(data_dir, "sources", Source)
    problems += errs
    operation_paths = sorted((data_dir / "operations").glob("*.yaml"))
    if not operation_paths:
        problems.append(
            Problem(
                _rel(data_dir / "operations", data_dir),
                "",
                "no operation files found (expected data/operations/<id>.yaml)",
            )
        )
    operations, files, errs = _load_records(data_dir, "operations", Operation)
    problems += errs
    for op_id, op in operations.items():
        problems += _check_operation(op, files[op_id], sources)
    strength_series, errs = series.read_series(data_dir, operations, sources)
    problems += errs
    operations = series.merge(operations, strength_series)

    problems += _check_unique_names(operations, files)
    return operations, sources, problems


def _load_records(data_dir: Path, folder: str, model) -> tuple[dict, dict, list[Problem]]:
    """Every ``<folder>/*.yaml`` parsed as ``model``; records by id, their files, and the problems found."""
    records: dict = {}
    files: dict[str, str] = {}
    problems: list[Problem] = []
    kind = "source" if folder == "sources" else "operation"
    for path in sorted((data_dir / folder).glob("*.yaml")):
        record, errs = curated.load(path, model, root=data_dir)
        problems += errs
        if record is None:
            continue
        rel = _rel(path, data_dir)
        if record.id != path.stem:
            problems.append(Problem(rel, "id", f"id {record.id!r} must equal the file name {path.stem!r}"))
        if record.id in records:
            problems.append(Problem(rel, "id", f"duplicate {kind} id {record.id!r}, also in {files[record.id]}"))
            continue
        records[record.id] = record
        files[record.id] = rel
    return records, files, problems


def _check_operation(op: Operation, rel: str, sources: dict[str, Source]) -> list[Problem]:
    problems = []
    for field, source_id in op.citations():
        if source_id not in sources:
            problems.append(
                Problem(
                    rel,
                    f"{field}.sources",
                    f"cites unknown source {source_id!r}; add data/sources/{source_id}.yaml or fix the id",
                )
            )
    if op.start and op.end and op.start.date.earliest() > op.end.date.latest():
        problems.append(Problem(rel, "end.date", f"end {op.end.date} is before start {op.start.date}"))
    status = op.status.value
    if status == "requested-not-deployed" and op.start is not None:
        problems.append(
            Problem(
                rel,
                "start",
                "an operation that was requested but not deployed has no start; put the date in request.date",
            )
        )
    if status == "requested-not-deployed" and op.request is None:
        problems.append(
            Problem(rel, "request", "a requested-not-deployed operation must say who requested it (request.by)")
        )
    if status != "requested-not-deployed" and op.start is None:
        problems.append(Problem(rel, "start", f"a deployed operation (status {status}) needs a start date"))
    if status == "ended" and op.end is None:
        problems.append(Problem(rel, "end", "status is 'ended' but no end date is given"))
    if status == "active" and op.end is not None:
        problems.append(
            Problem(rel, "status", "status is 'active' but an end date is given; use 'ended' or drop the end")
        )
    if op.start and op.start.date.year != op.start_year:
        problems.append(Problem(rel, "id", f"id ends with {op.start_year} but the start date is {op.start.date}"))
    return problems


def _check_unique_names(operations: dict[str, Operation], files: dict[str, str]) -> list[Problem]:
    """No name or alias may be claimed by two operations, or lookup would guess.

    Acronyms are exempt: "JPKF" really names two forces, and a lookup by it
    lists both instead of guessing.
    """
    claimed: dict[str, set[str]] = {}
    shown: dict[str, str] = {}
    for op in operations.values():
        for label in set(all_labels(op, with_acronym=False)):
            key = normalise(label)
            if key:
                claimed.setdefault(key, set()).add(op.id)
                shown.setdefault(key, label)
    problems = []
    for key, owners in sorted(claimed.items()):
        if len(owners) > 1:
            for op_id in sorted(owners):
                others = ", ".join(sorted(owners - {op_id}))
                problems.append(
                    Problem(
                        files[op_id],
                        "aliases",
                        f"name or alias {shown[key]!r} is also claimed by {others}; make it specific to one operation",
                    )
                )
    return problems


def all_labels(op: Operation, *, with_acronym: bool = True) -> list[str]:
    """Every name a user may type for ``op``: id, names, acronym and aliases in all languages."""
    labels = [op.id, *op.name.labels(), *op.aliases.all()]
    if op.acronym and with_acronym:
        labels.append(op.acronym)
    return labels
