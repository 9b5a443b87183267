"""The event store: no duplicates on reload, atomic writes, chunking does not change the result, files split by
dataset and year so that a query over some years reads only theirs, and workspaces of the layout before the split."""

from __future__ import annotations

import datetime as dt
import shutil

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from peaceops.events import formats
from peaceops.events.errors import EventFileError
from peaceops.events.schema import EVENT_SCHEMA
from peaceops.events.store import EventStore


def test_loading_the_same_content_twice_does_not_duplicate(ws, events_data, tmp_path):
    store = EventStore(ws.events_dir)
    first = store.load(events_data / "ucdp_reduced_balkans.csv")
    copy = tmp_path / "renamed.csv"
    shutil.copy(events_data / "ucdp_reduced_balkans.csv", copy)
    again = store.load(copy)
    assert first.status == "loaded" and again.status == "already-loaded"
    assert again.sha256 == first.sha256 and again.file == str(copy)
    assert again.outputs == first.outputs and len(store.manifest()) == 1
    assert [str(p.relative_to(store.root)) for p in store.event_files()] == first.outputs
    assert store.coverage()["ucdp-ged"]["rows"] == 323


def test_a_load_killed_half_way_leaves_nothing_behind(ws, events_data, monkeypatch):
    store = EventStore(ws.events_dir)
    real = formats.ucdp.UcdpGedReader.tables

    def dies_after_first_chunk(self, ctx):
        for number, table in enumerate(real(self, ctx)):
            if number == 1:
                raise KeyboardInterrupt("killed")
            yield table

    monkeypatch.setattr(formats.ucdp.UcdpGedReader, "tables", dies_after_first_chunk)
    with pytest.raises(KeyboardInterrupt):
        store.load(events_data / "ucdp_reduced_balkans.csv", chunk_rows=100)
    leftovers = [p for p in store.root.rglob("*") if p.is_file()]
    assert leftovers == []
    monkeypatch.undo()
    result = store.load(events_data / "ucdp_reduced_balkans.csv", chunk_rows=100)
    assert result.status == "loaded" and result.rows_written == 323


def test_chunk_size_does_not_change_what_is_written(tmp_path, events_data):
    small = EventStore(tmp_path / "a").load(events_data / "gdelt1_mixed_slice.tsv", chunk_rows=7)
    large = EventStore(tmp_path / "b").load(events_data / "gdelt1_mixed_slice.tsv", chunk_rows=10_000)
    assert small.outputs == large.outputs
    for output in small.outputs:
        table_small = pq.read_table(tmp_path / "a" / output).sort_by("source_line")
        table_large = pq.read_table(tmp_path / "b" / output).sort_by("source_line")
        assert table_small.equals(table_large)
    assert sum(pq.ParquetFile(tmp_path / "a" / o).metadata.num_rows for o in small.outputs) == 45
    assert max(pq.ParquetFile(tmp_path / "a" / o).num_row_groups for o in small.outputs) > 1


def test_events_are_split_by_dataset_and_year_and_keep_their_types(ws, events_data):
    store = EventStore(ws.events_dir)
    result = store.load(events_data / "gdelt1_mixed_slice.tsv")
    assert result.outputs and all(o.startswith("events/dataset=") for o in result.outputs)
    for output in result.outputs:
        path = store.root / output
        table = pq.read_table(path)
        assert table.schema == EVENT_SCHEMA  # every column kept in the file, year an int16
        assert set(table.column("dataset").to_pylist()) == {path.parent.parent.name.removeprefix("dataset=")}
        assert set(table.column("year").to_pylist()) == {int(path.parent.name.removeprefix("year="))}
    assert {o.split("/")[1] for o in result.outputs} == {"dataset=gdelt1"} and len(result.outputs) == 4
    assert sum(pq.ParquetFile(store.root / o).metadata.num_rows for o in result.outputs) == result.rows_written


def _normalised(path, rows):
    """A Parquet file in EVENT_SCHEMA with the given (uid, date_start, date_end) rows."""
    cols = {
        "event_uid": [uid for uid, _, _ in rows],
        "dataset": ["ucdp-ged"] * len(rows),
        "date_start": [start for _, start, _ in rows],
        "date_end": [end for _, _, end in rows],
        "year": [start.year for _, start, _ in rows],
    }
    arrays = [
        pa.array(cols[f.name], type=f.type) if f.name in cols else pa.nulls(len(rows), f.type) for f in EVENT_SCHEMA
    ]
    pq.write_table(pa.Table.from_arrays(arrays, schema=EVENT_SCHEMA), path)
    return path


def _years(files) -> list[int]:
    return sorted(int(p.parent.name.removeprefix("year=")) for p in files)


def test_a_window_lists_only_the_years_that_may_meet_it(tmp_path):
    store = EventStore(tmp_path / "ws")
    rows = [(f"ucdp-ged:{y}", dt.date(y, 6, 1), dt.date(y, 6, 1)) for y in range(1990, 2011)]
    store.load_normalised(_normalised(tmp_path / "a.parquet", rows))
    assert store.year_spans() == {"ucdp-ged": 0}
    assert _years(store.event_files((dt.date(2000, 1, 1), dt.date(2002, 12, 31)))) == [2000, 2001, 2002]
    assert _years(store.event_files((dt.date(2008, 1, 1), dt.date(9999, 12, 31)))) == [2008, 2009, 2010]
    assert store.event_files((dt.date(2030, 1, 1), dt.date(2031, 12, 31))) == []
    assert len(store.event_files()) == 21

    # an event of 1997 that lasts into 1999: a window starting in 1999 must still read 1997's file
    store.load_normalised(
        _normalised(tmp_path / "b.parquet", [("ucdp-ged:long", dt.date(1997, 11, 1), dt.date(1999, 2, 1))])
    )
    assert store.year_spans() == {"ucdp-ged": 2}
    assert _years(store.event_files((dt.date(1999, 1, 1), dt.date(1999, 12, 31)))) == [1997, 1997, 1998, 1999]


def test_loading_a_normalised_file_twice_is_a_no_op(tmp_path):
    store = EventStore(tmp_path / "ws")
    path = _normalised(tmp_path / "a.parquet", [("ucdp-ged:1", dt.date(2001, 1, 1), dt.date(2001, 1, 1))])
    first = store.load_normalised(path)
    files = {p: p.stat().st_mtime_ns for p in store.event_files()}
    again = store.load_normalised(path)
    assert (first.status, again.status) == ("loaded", "already-loaded")
    assert {p: p.stat().st_mtime_ns for p in store.event_files()} == files and len(store.manifest()) == 1


def test_a_file_not_in_the_normalised_schema_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / "other.parquet"
    pq.write_table(pa.table({"event_uid": ["x"]}), path)
    with pytest.raises(EventFileError, match="not in the normalised event schema .*peaceops events load"):
        EventStore(tmp_path / "ws").load_normalised(path)
