"""Events split by dataset and year: one operation's query reads only the files of its window's years and gives
what a read of every file gives; a workspace of the layout before the split reads as it is, with the same results."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from peaceops import events
from peaceops.events import session as session_module
from peaceops.events.metrics import compute
from peaceops.events.session import Analysis
from peaceops.events.store import EventStore
from peaceops.events.trajectory import trajectories
from peaceops.workspace import open_workspace

FILES = ("ucdp_ged_full_linkage.csv", "ucdp_reduced_balkans.csv", "gdelt1_mixed_slice.tsv", "geopko_v23_slice.csv")


@pytest.fixture
def split_ws(ws, events_data):
    events.load_files([events_data / name for name in FILES], workspace=ws)
    return ws


@pytest.fixture
def old_ws(split_ws, tmp_path):
    """The same loads in the layout before the split: events/<dataset>/<sha256>.parquet, one file per load and
    dataset, and manifest entries without year_span_max."""
    old = open_workspace(tmp_path / "old")
    store, new = EventStore(old.events_dir), EventStore(split_ws.events_dir)
    (store.root / "deployments").mkdir(parents=True)
    for path in new.deployment_files():
        (store.root / "deployments" / path.name).write_bytes(path.read_bytes())
    store.manifest_dir.mkdir(parents=True)
    for entry in new.manifest():
        outputs = []
        for dataset, info in entry.datasets.items():
            info.pop("year_span_max", None)
            if dataset == "geopko":
                outputs.append(f"deployments/{entry.sha256}.parquet")
                continue
            parts = [pq.read_table(new.root / o) for o in entry.outputs if f"/dataset={dataset}/" in f"/{o}"]
            target = store.root / "events" / dataset / f"{entry.sha256}.parquet"
            target.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(pa.concat_tables(parts), target)
            outputs.append(str(target.relative_to(store.root)))
        entry.outputs = outputs
        (store.manifest_dir / f"{entry.sha256}.json").write_text(json.dumps(entry.to_dict()), encoding="utf-8")
    return old


@pytest.fixture
def files_read(monkeypatch):
    """Every list of files the analysis reads events from."""
    seen: list[list] = []
    real = session_module.read_events

    def recording(con, engine, files):
        seen.append(list(files))
        return real(con, engine, files)

    monkeypatch.setattr(session_module, "read_events", recording)
    return seen


def _years(files) -> set[int]:
    return {int(p.parent.name.removeprefix("year=")) for p in files}


def test_one_operation_reads_only_the_years_of_its_window(split_ws, fixture_registry, files_read):
    analysis = Analysis.open(workspace=split_ws, registry=fixture_registry)
    every = analysis.store.event_files()
    assert _years(every) >= {1982, 1995, 2002, 2015}
    compute(analysis, [analysis.operation("bosnia-ifor-1995")])  # window 1992-01-01 .. 1999-12-31 (end 1996 + 3)
    (read,) = files_read
    assert read and _years(read) <= set(range(1992, 2000)) and set(read) < set(every)
    assert all(p in read for p in every if 1992 <= int(p.parent.name.removeprefix("year=")) <= 1999)


def test_a_workspace_of_the_layout_before_the_split_gives_the_same_results(
    split_ws, old_ws, fixture_registry, files_read
):
    assert all("dataset=" not in str(p) for p in EventStore(old_ws.events_dir).event_files())
    new = Analysis.open(workspace=split_ws, registry=fixture_registry)
    old = Analysis.open(workspace=old_ws, registry=fixture_registry)
    ops = list(fixture_registry)
    for op in [ops, *([one] for one in ops)]:
        pd.testing.assert_frame_equal(compute(new, op), compute(old, op))
        pd.testing.assert_frame_equal(compute(new, op, by="side"), compute(old, op, by="side"))
    assert [t.to_dict() for t in trajectories(new, ops)] == [t.to_dict() for t in trajectories(old, ops)]
    old_reads = [files for files in files_read if "dataset=" not in str(files[0])]
    assert old_reads and all(len(files) == 3 for files in old_reads)  # every old file, every time: no year to prune


def test_year_reads_as_int16_on_duckdb(split_ws, fixture_registry):
    import ibis.expr.datatypes as dt

    analysis = Analysis.open(workspace=split_ws, registry=fixture_registry)
    assert analysis.events().schema()["year"] == dt.int16
    assert analysis.events().schema()["dataset"] == dt.string
