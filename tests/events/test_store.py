"""The event store: no duplicates on reload, atomic writes, chunking does not change the result."""

from __future__ import annotations

import shutil

import pyarrow.parquet as pq
import pytest

from peaceops.events import formats
from peaceops.events.store import EventStore


def test_loading_the_same_content_twice_does_not_duplicate(ws, events_data, tmp_path):
    store = EventStore(ws.events_dir)
    first = store.load(events_data / "ucdp_reduced_balkans.csv")
    copy = tmp_path / "renamed.csv"
    shutil.copy(events_data / "ucdp_reduced_balkans.csv", copy)
    again = store.load(copy)
    assert first.status == "loaded" and again.status == "already-loaded"
    assert again.sha256 == first.sha256 and again.file == str(copy)
    assert len(store.event_files()) == 1 and len(store.manifest()) == 1
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
    table_small = pq.read_table(tmp_path / "a" / small.outputs[0]).sort_by("source_line")
    table_large = pq.read_table(tmp_path / "b" / large.outputs[0]).sort_by("source_line")
    assert table_small.num_rows == 45 and table_small.equals(table_large)
    assert pq.ParquetFile(tmp_path / "a" / small.outputs[0]).num_row_groups > 1
