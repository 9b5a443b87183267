"""Strength series: dense, tidy strength figures kept as CSV beside the hand-curated operation files.

A series file ``data/strength/<name>.csv`` holds one row per operation and date::

    operation_id,date,basis,troops,police,observers,sources,note
    lebanon-unifil-1978,1995-12,actual,4568,0,0,passmore-shannon-hart-2018-un-mission-months,December figure

Each row becomes a :class:`~peaceops.registry.models.Strength` entry of its operation, validated by the same
schema as a ``strength:`` entry in YAML (``sources`` separated by ``;``). A dataset's month-by-month series
would swamp an operation file, so it lives here; once loaded, nothing downstream (charts, exports, panels,
reports) can tell a series figure from a curated one, and every one keeps its citation.

Rules checked for every row: the operation exists; the date lies within the deployment (a month of slack
either side, as datasets round to months); the basis and numbers are valid; every source exists.
"""

from __future__ import annotations

import csv
import datetime as dt
from typing import TYPE_CHECKING

from pydantic import ValidationError

from peaceops.curated import relative
from peaceops.errors import Problem
from peaceops.registry.models import Operation, Source, Strength

if TYPE_CHECKING:
    from pathlib import Path

SERIES_DIR = "strength"
COLUMNS = ("operation_id", "date", "basis", "troops", "police", "observers", "sources", "note")
SLACK_DAYS = 31


def read_series(data_dir: Path, operations: dict[str, Operation], sources: dict[str, Source]):
    """Strength entries of every series file by operation id, and the problems found (file, row, column)."""
    by_operation: dict[str, list[Strength]] = {}
    problems: list[Problem] = []
    for path in sorted((data_dir / SERIES_DIR).glob("*.csv")):
        rel = relative(path, data_dir)
        try:
            with path.open(newline="", encoding="utf-8") as handle:
                reader = csv.DictReader(handle)
                missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
                if missing:
                    problems.append(
                        Problem(rel, "header", f"missing column(s) {', '.join(missing)}; expected {','.join(COLUMNS)}")
                    )
                    continue
                for line, row in enumerate(reader, start=2):
                    entry, errs = _entry(row, f"row {line}", rel, operations, sources)
                    problems += errs
                    if entry is not None:
                        by_operation.setdefault(row["operation_id"], []).append(entry)
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            problems.append(Problem(rel, "", f"cannot read the series file ({exc}); save it as UTF-8 CSV"))
    return by_operation, problems


def _entry(row: dict, where: str, rel: str, operations, sources) -> tuple[Strength | None, list[Problem]]:
    op = operations.get(row["operation_id"])
    if op is None:
        return None, [Problem(rel, f"{where}: operation_id", f"unknown operation {row['operation_id']!r}")]
    data = {
        "date": row["date"],
        "basis": row["basis"],
        "troops": row["troops"],
        "police": row["police"] or None,
        "observers": row["observers"] or None,
        "sources": [s.strip() for s in (row["sources"] or "").split(";") if s.strip()],
        "note": row["note"] or None,
    }
    try:
        entry = Strength.model_validate(data)
    except ValidationError as exc:
        return None, [Problem(rel, f"{where}: {'.'.join(map(str, e['loc'])) or 'row'}", e["msg"]) for e in exc.errors()]
    problems = [
        Problem(rel, f"{where}: sources", f"cites unknown source {s!r}; add data/sources/{s}.yaml or fix the id")
        for s in entry.sources
        if s not in sources
    ]
    if not _within_deployment(op, entry):
        problems.append(
            Problem(
                rel,
                f"{where}: date",
                f"{entry.date} is outside the deployment of {op.id} "
                f"({op.start.date if op.start else 'never deployed'} to {op.end.date if op.end else 'now'})",
            )
        )
    return entry, problems


def _within_deployment(op: Operation, entry: Strength) -> bool:
    if op.start is None:
        return entry.basis in ("authorised", "announced")  # a ceiling can be set for a force never deployed
    return within_deployment(op, entry.date)


def within_deployment(op: Operation, date) -> bool:
    """Whether a figure dated ``date`` (a PartialDate) falls within the deployment, a month of slack either side."""
    if op.start is None:
        return False
    slack = dt.timedelta(days=SLACK_DAYS)
    if date.latest() < op.start.date.earliest() - slack:
        return False
    return op.end is None or date.earliest() <= op.end.date.latest() + slack


def to_csv(rows) -> str:
    """Series rows (sequences in :data:`COLUMNS` order) as the CSV text of a series file, header first."""
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue()


def write_or_check(text: str, out: Path, script: str, argv=None) -> int:
    """The ``main`` of a script that derives a series file: write ``text`` to ``out``, or with ``--check`` exit 1
    when the committed file differs from what the script derives."""
    import argparse

    parser = argparse.ArgumentParser(description=f"Derive {out.name}; --check compares instead of writing.")
    parser.add_argument("--check", action="store_true", help="exit 1 when the file is out of date")
    args = parser.parse_args(argv)
    if args.check:
        if (out.read_text(encoding="utf-8") if out.exists() else "") != text:
            print(f"{out} is out of date: run python {script}")
            return 1
        return 0
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out}: {text.count(chr(10)) - 1} rows")
    return 0


def merge(operations: dict[str, Operation], series: dict[str, list[Strength]]) -> dict[str, Operation]:
    """Operations with their series figures appended to ``strength`` (curated entries first, then by date)."""
    merged = dict(operations)
    for op_id, entries in series.items():
        op = merged[op_id]
        ordered = sorted(entries, key=lambda s: (s.date.earliest(), s.basis))
        merged[op_id] = op.model_copy(update={"strength": [*op.strength, *ordered]})
    return merged
