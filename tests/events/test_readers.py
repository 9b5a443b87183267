"""Each reader on real slices (UCDP reduced, Geo-PKO, GDELT) and on hand-written rows in the real layouts."""

from __future__ import annotations

import csv
import json
import zipfile

import pyarrow.parquet as pq
import pytest

from peaceops.events import formats
from peaceops.events.errors import EventFileError
from peaceops.events.formats.gdelt import GDELT1_COLUMNS, GDELT2_COLUMNS
from peaceops.events.store import EventStore


def _rows(store: EventStore, result) -> list[dict]:
    rows = []
    for rel in result.outputs:
        rows += pq.read_table(store.root / rel).to_pylist()
    return sorted(rows, key=lambda r: r["source_line"])


def _rejects(store: EventStore, result) -> list[dict]:
    with (store.root / result.rejects_file).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def store(ws) -> EventStore:
    return EventStore(ws.events_dir)


def test_ucdp_reduced_keeps_year_precision_and_records_missing_columns(store, events_data):
    result = store.load(events_data / "ucdp_reduced_balkans.csv")
    assert result.format == "ucdp-ged" and result.rows_rejected == 0
    assert result.rows_written == 323
    assert "date_start" in result.missing_columns and "type_of_violence" in result.missing_columns
    assert any("year precision" in note for note in result.notes)
    rows = _rows(store, result)
    first = rows[0]
    assert first["date_precision"] == "year" and first["month"] is None
    assert first["date_start"].isoformat() == f"{first['year']}-01-01"
    assert first["date_end"].isoformat() == f"{first['year']}-12-31"
    assert first["location_precision"] == "unknown" and first["side_a"] is None
    assert first["peacekeepers_involved"] is None  # the reduced export cannot say
    raw = json.loads(first["raw"])
    assert raw["best"] == str(first["fatalities_best"]) and first["event_uid"].startswith("ucdp-ged:")
    assert result.datasets["ucdp-ged"]["year_min"] == 1995


def test_ucdp_full_layout(store, events_data):
    result = store.load(events_data / "ucdp_ged_full_linkage.csv", "ucdp-ged")
    assert result.missing_columns == [] and result.rows_written == 13
    by_id = {r["original_id"]: r for r in _rows(store, result)}
    assert by_id["9000005"]["violence_type"] == "one-sided" and by_id["9000005"]["deaths_civilians"] == 13
    assert by_id["9000006"]["violence_type"] == "non-state"
    assert (
        by_id["9000004"]["fatalities_best"],
        by_id["9000004"]["fatalities_low"],
        by_id["9000004"]["fatalities_high"],
    ) == (11, 10, 12)
    ranged = by_id["9000008"]
    assert (
        ranged["date_precision"] == "week"
        and str(ranged["date_start"]) == "1999-05-20"
        and str(ranged["date_end"]) == "1999-06-05"
    )
    assert by_id["9000013"]["peacekeepers_involved"] is True and by_id["9000004"]["peacekeepers_involved"] is False
    assert by_id["9000004"]["admin1_key"] == "kosovo" and by_id["9000004"]["event_uid"] == "ucdp-ged:9000004"


def test_ucdp_malformed_rows_go_to_rejects_with_line_and_reason(store, events_data, tmp_path):
    lines = (events_data / "ucdp_ged_full_linkage.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    bad_lat = lines[1].split(",")
    bad_lat[header.index("latitude")] = "north"
    bad_best = lines[2].split(",")
    bad_best[header.index("best")] = "-3"
    broken = [lines[0], ",".join(bad_lat), ",".join(bad_best), "1,2,3", *lines[3:]]
    path = tmp_path / "ged_broken.csv"
    path.write_text("\n".join(broken) + "\n", encoding="utf-8")
    result = store.load(path)
    assert result.rows_written == 11 and result.rows_rejected == 3
    rejects = {int(r["line"]): r["reason"] for r in _rejects(store, result)}
    assert "latitude" in rejects[2]
    assert "best" in rejects[3]
    assert rejects[4] == "expected 49 fields as in the header, found 3"


def test_acled_current_and_older_layouts(store, events_data):
    current = store.load(events_data / "acled_current_handwritten.csv")
    assert current.format == "acled" and current.rows_written == 3 and current.rows_rejected == 2
    rows = {r["original_id"]: r for r in _rows(store, current)}
    attack = rows["MLI1001"]
    assert attack["peacekeepers_involved"] is True and attack["violent"] is True
    assert attack["fatalities_best"] == 10 and attack["fatalities_low"] is None
    assert attack["violence_type"] == "explosions/remote violence" and attack["location_precision"] == "exact"
    assert rows["MLI1002"]["date_precision"] == "week" and rows["MLI1002"]["peacekeepers_involved"] is False
    month = rows["MLI1003"]
    assert month["date_precision"] == "month" and (str(month["date_start"]), str(month["date_end"])) == (
        "2019-03-01",
        "2019-03-31",
    )
    assert month["violent"] is False
    reasons = {int(r["line"]): r["reason"] for r in _rejects(store, current)}
    assert "event_date" in reasons[5] and "fatalities" in reasons[6]

    older = store.load(events_data / "acled_older_handwritten.csv")
    assert older.rows_written == 2 and older.rows_rejected == 0 and "ACLED older layout" in older.notes
    old = {r["original_id"]: r for r in _rows(store, older)}
    assert str(old["DRC2001"]["date_start"]) == "2016-03-15" and old["DRC2001"]["peacekeepers_involved"] is True
    assert str(old["DRC2002"]["date_start"]) == "2016-04-02" and old["DRC2002"]["violence_type"] == "riots"


def _gdelt2_row(fields58: list[str], eventcode: str | None = None) -> str:
    """A GDELT 2.0 row made from a real 1.0 row: an empty ADM2 code in each geo block, DATEADDED with time."""
    row = list(fields58)
    if eventcode:
        row[26], row[27], row[28] = eventcode, eventcode[:3], eventcode[:2]
    out = row[:35]
    for start in (35, 42, 49):
        block = row[start : start + 7]
        out += block[:4] + [""] + block[4:]
    out += [row[56] + "120000", row[57]]
    assert len(out) == 61
    return "\t".join(out)


def test_gdelt_rows_of_three_widths_and_malformed_lines(store, events_data, tmp_path):
    real = (events_data / "gdelt1_mixed_slice.tsv").read_text(encoding="utf-8").splitlines()
    widths = sorted({len(line.split("\t")) for line in real})
    assert widths == [57, 58]
    first58 = real[0].split("\t")
    extra = [
        _gdelt2_row(first58, eventcode="0861"),  # line 46: GDELT 2.0, receive peacekeepers
        "123\tonly three fields",  # line 47: wrong width
        real[1].replace("\t20150729\t", "\t20151399\t", 1),  # line 48: impossible date
    ]
    path = tmp_path / "mixed.tsv"
    path.write_text("\n".join(real + extra) + "\n", encoding="utf-8")
    result = store.load(path)
    assert result.format == "gdelt1"
    assert result.rows_written == 46 and result.rows_rejected == 2
    assert set(result.datasets) == {"gdelt1", "gdelt2"} and result.datasets["gdelt2"]["rows"] == 1
    assert any("mixed row widths" in note for note in result.notes)
    reasons = {int(r["line"]): r["reason"] for r in _rejects(store, result)}
    assert reasons == {
        47: "expected 57, 58 or 61 tab-separated fields, found 2",
        48: "SQLDATE (field 2) is not a date YYYYMMDD",
    }
    rows = _rows(store, result)
    pk = [r for r in rows if r["dataset"] == "gdelt2"][0]
    assert pk["peacekeepers_involved"] is True and pk["source_line"] == 46
    assert json.loads(pk["raw"])["actiongeo_adm2code"] == ""
    old = [r for r in rows if r["source_line"] == 31][0]  # first 57-field row (1982, no SOURCEURL)
    assert old["dataset"] == "gdelt1" and old["year"] == 1982 and "sourceurl" not in json.loads(old["raw"])
    fight = [r for r in rows if r["violence_type"] == "fight"]
    assert all(r["violent"] for r in fight)


def test_gdelt_zipped_file_is_read_in_stream(store, events_data, tmp_path):
    archive = tmp_path / "20160728.export.CSV.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.write(events_data / "gdelt1_mixed_slice.tsv", "20160728.export.CSV")
    assert formats.detect(archive) == "gdelt1"
    result = store.load(archive)
    assert result.rows_written == 45 and result.rows_rejected == 0


def test_gdelt_column_names_match_the_published_list():
    shipped = (EXAMPLES_DIR / "gdelt1_column_names.csv").read_text(encoding="utf-8").strip().split("\t")
    assert GDELT1_COLUMNS == shipped
    assert len(GDELT2_COLUMNS) == 61 and GDELT2_COLUMNS[39] == "actor1geo_adm2code"


def test_geopko_v23_and_v1x(store, events_data):
    v23 = store.load(events_data / "geopko_v23_slice.csv")
    assert v23.format == "geopko" and v23.rows_written == 597 and "Geo-PKO v2.3 layout" in v23.notes
    rows = pq.read_table(store.root / v23.outputs[0]).to_pylist()
    assert {r["mission"] for r in rows} == {"UNOMIG", "UNMOT", "UNFICYP"}
    gali = [r for r in rows if r["location"] == "Gali" and r["year"] == 1995][0]
    assert gali["layout"] == "v2.3" and gali["month"] is None

    v1x = store.load(events_data / "geopko_v1x_slice.csv")
    assert v1x.rows_written == 39 and v1x.rows_rejected == 1 and "Geo-PKO v1.x layout" in v1x.notes
    reject = _rejects(store, v1x)[0]
    assert reject["line"] == "41" and "latitude" in reject["reason"] and "UNOCI" in reject["text"]
    first = pq.read_table(store.root / v1x.outputs[0]).to_pylist()[0]
    assert (first["mission"], first["year"], first["month"], first["hq"]) == ("BINUB", 2007, 3, 3)


def test_detection_and_its_errors(events_data, tmp_path):
    assert formats.detect(events_data / "ucdp_reduced_balkans.csv") == "ucdp-ged"
    assert formats.detect(events_data / "acled_older_handwritten.csv") == "acled"
    assert formats.detect(events_data / "geopko_v1x_slice.csv") == "geopko"
    unknown = tmp_path / "notes.csv"
    unknown.write_text("name,value\na,1\n", encoding="utf-8")
    with pytest.raises(EventFileError, match="--format"):
        formats.detect(unknown)
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(EventFileError, match="empty"):
        formats.detect(empty)
    with pytest.raises(EventFileError, match="no such file"):
        formats.detect(tmp_path / "missing.csv")


def test_a_format_given_that_does_not_fit_fails_with_the_columns_needed(ws, events_data):
    with pytest.raises(EventFileError, match="ACLED export needs"):
        EventStore(ws.events_dir).load(events_data / "ucdp_reduced_balkans.csv", "acled")


from events_helpers import EXAMPLES as EXAMPLES_DIR  # noqa: E402


def test_every_normalised_column_is_documented():
    from peaceops.events.schema import DEPLOYMENT_COLUMNS, EVENT_COLUMNS

    doc = (EXAMPLES_DIR.parents[1] / "docs" / "events.md").read_text(encoding="utf-8")
    for name, _, description in [*EVENT_COLUMNS, *DEPLOYMENT_COLUMNS]:
        assert f"| `{name}` |" in doc and description in doc, f"docs/events.md: document column {name}"
