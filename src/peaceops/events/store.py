"""The workspace's event store: normalised Parquet, a manifest of loaded files, rejects.

Layout under ``Workspace.events_dir``::

    events/dataset=<d>/year=<y>/<sha256>.parquet
                                        normalised events: one file per loaded file, dataset and year
                                        (Hive-style names; the files keep every column, ``dataset`` and
                                        ``year`` included, so each file reads alone with its own types)
    deployments/<sha256>.parquet        Geo-PKO deployments
    rejects/<sha256>.csv                malformed rows: line, reason, text
    manifest/<sha256>.json              one entry per loaded file, written last

A file is known by the SHA-256 of its bytes, so loading it again (under any
name) does nothing. Every output is written to a ``.partial`` file and renamed
into place, and the manifest entry comes last: a killed load leaves no
half-written Parquet and no entry, and the next load of that file starts over.

A query over some years reads only the files of those years
(:meth:`EventStore.event_files` with ``window``). The manifest records, per
dataset, how many years an event's ``date_end`` may lie after its ``year``
(``year_span_max``), so an event that began in an earlier year and lasts into
the window is not missed. Workspaces loaded before the split
(``events/<dataset>/<sha256>.parquet``) are read as they are: their files hold
every year and are always read.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from peaceops import _failpoints as failpoints
from peaceops.events.errors import EventFileError
from peaceops.events.formats import LoadContext, detect, reader
from peaceops.events.reference import load_reference
from peaceops.events.schema import EVENT_SCHEMA

PARTIAL = ".partial"
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"  # Hive's name for a null partition value


@dataclass
class LoadResult:
    """What one load did: the file, its format and hash, rows written and rejected, where things went."""

    file: str
    format: str
    sha256: str
    status: str  # "loaded" or "already-loaded"
    rows_written: int = 0
    rows_rejected: int = 0
    outputs: list[str] = field(default_factory=list)
    rejects_file: str | None = None
    missing_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    datasets: dict[str, dict] = field(default_factory=dict)
    loaded_at: str = ""
    provenance: dict = field(default_factory=dict)  # where a fetched file came from: dataset, version, url, date

    def to_dict(self) -> dict:
        return asdict(self)


class EventStore:
    """Parquet files and their manifest in one workspace."""

    def __init__(self, events_dir: Path):
        self.root = Path(events_dir)

    # -- where things are ------------------------------------------------
    @property
    def manifest_dir(self) -> Path:
        return self.root / "manifest"

    def event_files(self, window: tuple[dt.date, dt.date] | None = None) -> list[Path]:
        """The event files, or with ``window`` (first day, last day) only those that may hold an event whose
        interval [date_start, date_end] meets it: years up to the last day's, and back to the first day's year
        less the dataset's ``year_span_max``. Files of the layout before the split by year are always listed."""

        base = self.root / "events"
        split = sorted(base.glob("dataset=*/year=*/*.parquet"))
        unsplit = sorted(p for p in base.glob("*/*.parquet") if not p.parent.name.startswith("dataset="))
        if window is None:
            return split + unsplit
        first, last = window
        spans = self.year_spans()
        keep = []
        for path in split:
            dataset, year = path.parent.parent.name.removeprefix("dataset="), path.parent.name.removeprefix("year=")
            if year == NULL_PARTITION:
                keep.append(path)
                continue
            span = spans.get(dataset)
            if int(year) <= last.year and (span is None or int(year) >= first.year - span):
                keep.append(path)
        return keep + unsplit

    def year_spans(self) -> dict[str, int | None]:
        """Per dataset: the most years any loaded event's date_end lies after its year; None when a manifest entry
        of the dataset predates this figure (then no year of it can be left out)."""
        spans: dict[str, int] = {}
        unknown = set()
        for entry in self.manifest():
            for dataset, info in entry.datasets.items():
                if "year_span_max" not in info:
                    unknown.add(dataset)
                else:  # null when no event has a date_end: such events link to no window
                    spans[dataset] = max(spans.get(dataset, 0), info["year_span_max"] or 0)
        return {dataset: None if dataset in unknown else spans.get(dataset, 0) for dataset in spans.keys() | unknown}

    def deployment_files(self) -> list[Path]:
        return sorted((self.root / "deployments").glob("*.parquet"))

    def manifest(self) -> list[LoadResult]:
        """Every completed load, oldest first."""
        entries = []
        for path in sorted(self.manifest_dir.glob("*.json")):
            entries.append(LoadResult(**json.loads(path.read_text(encoding="utf-8"))))
        return sorted(entries, key=lambda e: e.loaded_at)

    def coverage(self) -> dict[str, dict]:
        """Per dataset: first and last year and row count over every loaded file (from the manifest, no scan)."""
        out: dict[str, dict] = {}
        for entry in self.manifest():
            for dataset, info in entry.datasets.items():
                cov = out.setdefault(dataset, {"year_min": None, "year_max": None, "rows": 0, "date_precision": {}})
                cov["rows"] += info["rows"]
                if info["year_min"] is not None:
                    cov["year_min"] = min(filter(None, (cov["year_min"], info["year_min"])))
                    cov["year_max"] = max(filter(None, (cov["year_max"], info["year_max"])))
                for prec, n in info["date_precision"].items():
                    cov["date_precision"][prec] = cov["date_precision"].get(prec, 0) + n
        return out

    # -- loading -----------------------------------------------------------
    def load(
        self, path: str | Path, fmt: str | None = None, *, chunk_rows: int = 50_000, provenance: dict | None = None
    ) -> LoadResult:
        """Normalise one file into the store; a file already loaded (same bytes) is not loaded again.

        ``provenance`` (from ``peaceops events fetch``: dataset, version, address, retrieval date) is written into
        the file's manifest entry.
        """

        path = Path(path)
        digest, done = self._digest_and_done(path)
        if done is not None:
            return done

        fmt = fmt or detect(path)
        rd = reader(fmt)
        ctx = LoadContext(path=path, file_tag=digest[:12], reference=load_reference(), chunk_rows=chunk_rows)
        return self._write(path, digest, fmt, rd.kind, rd.tables(ctx), ctx, provenance)

    def load_normalised(self, path: str | Path, *, provenance: dict | None = None) -> LoadResult:
        """Load a Parquet file already in the normalised event schema (EVENT_SCHEMA), such as a file of another
        workspace or of the layout before the split by year: its rows are split by dataset and year like any load,
        and the same bytes load once."""

        path = Path(path)
        digest, done = self._digest_and_done(path)
        if done is not None:
            return done
        try:
            parquet = pq.ParquetFile(path)
        except (OSError, ValueError) as exc:
            raise EventFileError(f"{path}: not a Parquet file ({exc}); give a file written by peaceops") from exc
        missing = [name for name in EVENT_SCHEMA.names if name not in parquet.schema_arrow.names]
        if missing:
            raise EventFileError(
                f"{path}: not in the normalised event schema (no column {', '.join(missing)}); load the dataset's "
                "own export with `peaceops events load` instead"
            )
        ctx = LoadContext(path=path, file_tag=digest[:12], reference=None)
        tables = (
            pa.Table.from_batches([batch]).cast(EVENT_SCHEMA)
            for batch in parquet.iter_batches(columns=EVENT_SCHEMA.names)
        )
        return self._write(path, digest, "normalised", "events", tables, ctx, provenance)

    def _digest_and_done(self, path: Path) -> tuple[str, LoadResult | None]:
        """The file's SHA-256, and its earlier load's result (status ``already-loaded``) if these bytes were loaded."""
        if not path.is_file():
            raise EventFileError(f"{path}: no such file; check the path")
        digest = file_sha256(path)
        entry_path = self.manifest_dir / f"{digest}.json"
        if not entry_path.exists():
            return digest, None
        done = LoadResult(**json.loads(entry_path.read_text(encoding="utf-8")))
        done.status = "already-loaded"
        done.file = str(path)
        return digest, done

    def _write(self, path: Path, digest: str, fmt: str, kind: str, tables, ctx: LoadContext, provenance) -> LoadResult:
        """Write ``tables`` (events split by dataset and year; deployments whole), then the manifest entry."""
        writers: dict[tuple, tuple[Path, object]] = {}
        stats: dict[str, dict] = {}
        written = 0
        try:
            for table in tables:
                if table.num_rows == 0:
                    continue
                groups = _split_by_dataset(table) if kind == "events" else {"geopko": table}
                for dataset, part in groups.items():
                    if dataset not in stats:
                        stats[dataset] = {"rows": 0, "year_min": None, "year_max": None, "date_precision": Counter()}
                        if kind == "events":
                            stats[dataset]["year_span_max"] = None
                    _update_stats(stats[dataset], part)
                    pieces = _split_by_year(part) if kind == "events" else {None: part}
                    for year, piece in pieces.items():
                        key = (dataset, year)
                        if key not in writers:
                            target = self._target(kind, dataset, year, digest)
                            target.parent.mkdir(parents=True, exist_ok=True)
                            partial = target.with_name(target.name + PARTIAL)
                            writers[key] = (target, pq.ParquetWriter(partial, piece.schema, compression="zstd"))
                        writers[key][1].write_table(piece)
                    written += part.num_rows
                    failpoints.hit("events.mid-write")  # some rows written to .partial files, nothing final yet
        except BaseException:
            for target, writer in writers.values():
                writer.close()
                target.with_name(target.name + PARTIAL).unlink(missing_ok=True)
            raise
        outputs = []
        for target, writer in writers.values():
            writer.close()
            os.replace(target.with_name(target.name + PARTIAL), target)
            outputs.append(str(target.relative_to(self.root)))
        failpoints.hit("events.before-manifest")  # Parquet in place, manifest entry not yet written
        rejects_file = self._write_rejects(digest, ctx) if ctx.rejects else None
        result = LoadResult(
            file=str(path),
            format=fmt,
            sha256=digest,
            status="loaded",
            rows_written=written,
            rows_rejected=len(ctx.rejects),
            outputs=sorted(outputs),
            rejects_file=rejects_file,
            missing_columns=ctx.missing_columns,
            notes=ctx.notes,
            datasets={k: {**v, "date_precision": dict(v["date_precision"])} for k, v in stats.items()},
            loaded_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            provenance=dict(provenance or {}),
        )
        self.manifest_dir.mkdir(parents=True, exist_ok=True)
        _atomic_write_text(self.manifest_dir / f"{digest}.json", json.dumps(result.to_dict(), indent=2, sort_keys=True))
        return result

    def _target(self, kind: str, dataset: str, year: int | None, digest: str) -> Path:
        if kind == "deployments":
            return self.root / "deployments" / f"{digest}.parquet"
        partition = NULL_PARTITION if year is None else str(year)
        return self.root / "events" / f"dataset={dataset}" / f"year={partition}" / f"{digest}.parquet"

    def _write_rejects(self, digest: str, ctx: LoadContext) -> str:
        target = self.root / "rejects" / f"{digest}.csv"
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + PARTIAL)
        with partial.open("w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle)
            out.writerow(["file", "line", "reason", "text"])
            for reject in sorted(ctx.rejects, key=lambda r: r.line):
                out.writerow([ctx.file_name, reject.line, reject.reason, reject.text])
        os.replace(partial, target)
        return str(target.relative_to(self.root))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _atomic_write_text(path: Path, text: str) -> None:
    partial = path.with_name(path.name + PARTIAL)
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def _split_by_dataset(table):
    """One table per value of its ``dataset`` column (GDELT files may hold 1.0 and 2.0 rows)."""

    names = table.column("dataset").unique().to_pylist()
    if len(names) == 1:
        return {names[0]: table}
    return {name: table.filter(pc.equal(table.column("dataset"), name)) for name in names}


def _split_by_year(table):
    """One table per value of its ``year`` column (None for rows without a year)."""

    years = table.column("year").unique().to_pylist()
    if len(years) == 1:
        return {years[0]: table}
    out = {year: table.filter(pc.equal(table.column("year"), year)) for year in years if year is not None}
    if None in years:
        out[None] = table.filter(pc.is_null(table.column("year")))
    return out


def _update_stats(stats: dict, table) -> None:
    stats["rows"] += table.num_rows
    years = pc.min_max(table.column("year"))
    lo, hi = years["min"].as_py(), years["max"].as_py()
    if lo is not None:
        stats["year_min"] = lo if stats["year_min"] is None else min(stats["year_min"], lo)
        stats["year_max"] = hi if stats["year_max"] is None else max(stats["year_max"], hi)
    if "year_span_max" in stats:  # events: how far into later years an event may last
        span = pc.max(pc.subtract(pc.year(table.column("date_end")), table.column("year").cast("int64"))).as_py()
        if span is not None:
            stats["year_span_max"] = max(stats["year_span_max"] or 0, span)
    if "date_precision" in table.column_names:
        for item in pc.value_counts(table.column("date_precision")).to_pylist():
            stats["date_precision"][item["values"]] += item["counts"]
