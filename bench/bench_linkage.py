"""Benchmark of the event linkage: peaceops (Ibis on DuckDB) against plain pandas and DuckDB's scan floor.

Run on demand (not part of pytest):

    .venv/bin/python bench/bench_linkage.py                 # 1, 5 and 10 million events
    .venv/bin/python bench/bench_linkage.py --sizes 1       # 1 million only
    .venv/bin/python bench/bench_linkage.py --sizes 10 --window   # also: one operation's years, store vs one file
    .venv/bin/python bench/bench_linkage.py --sizes --big 100     # 100 million under memory_limit 4GB vs 10 million
    .venv/bin/python bench/bench_linkage.py --load-rows 10  # also: peak memory of loading a 10-million-row CSV

Generated data: events spread over the inhabited latitudes in the
normalised Parquet schema (1995-2019, day precision; a map country and, for
state-based events, a UCDP conflict id), 50 operations of 4 point areas each
(radius 30-150 km) with 3-year windows, each with a host state and most with
UCDP conflict ids. Three runs per size, each in its own process so peak
memory (VmHWM) is its own:

* peaceops  - what `peaceops events metrics` runs: the conflict-aware linkage (peaceops.events.session.
              conflict_linked: areas and windows, then conflict id / host state) and the per-period metrics of
              the events that count, Ibis on DuckDB;
* pandas    - the same written plainly in pandas/numpy (bounding-box prefilter per point, haversine, dedupe,
              windows, the conflict and host-state rules, phases, group-by);
* floor     - DuckDB reading some of the same Parquet columns and summing them (no join): the cost of the scan alone.

The peaceops and pandas results are compared (events and deaths per operation and phase).

--window: one operation with a 3-year window, the peaceops path over the events of a workspace store (split by
dataset and year: only the files of those years are read) against the same query over the one unpartitioned file.
--big N: the peaceops path at N million events and at 10 million, both with DuckDB's memory_limit at 4GB and a
temp_directory to spill to; seconds, peak memory and the time ratio (goal: completes, peak < 5 GB, <= 12x).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

N_OPS, POINTS_PER_OP = 50, 4
COUNTRIES = ["Mali", "Sudan", "Chad", "Niger", "Nigeria", "Cameroon"]  # names on peaceops' map
CONFLICT_IDS = list(range(200, 210))
MEMORY_LIMIT = "4GB"
COLUMNS = [
    "event_uid",
    "dataset",
    "date_start",
    "date_end",
    "date_precision",
    "year",
    "month",
    "latitude",
    "longitude",
    "admin1_key",
    "violence_type",
    "violent",
    "side_a",
    "side_b",
    "fatalities_best",
    "fatalities_low",
    "fatalities_high",
    "deaths_civilians",
    "peacekeepers_involved",
    "map_country",
    "conflict_id",
    "conflict_name",
]


# -- data -------------------------------------------------------------------
def generate_events(path: Path, n: int, seed: int = 1, chunk: int = 1_000_000) -> None:
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    from peaceops.events.schema import EVENT_SCHEMA

    rng = np.random.default_rng(seed)
    writer = pq.ParquetWriter(path, EVENT_SCHEMA, compression="zstd")
    base = np.datetime64("1995-01-01")
    for offset in range(0, n, chunk):
        m = min(chunk, n - offset)
        days = rng.integers(0, 25 * 365, m)
        start = base + days.astype("timedelta64[D]")
        ts = start.astype("datetime64[D]")
        years = ts.astype("datetime64[Y]").astype(int) + 1970
        months = ts.astype("datetime64[M]").astype(int) % 12 + 1
        best = rng.poisson(2.0, m)
        violence = rng.choice(["state-based", "non-state", "one-sided"], m)
        country = rng.choice(COUNTRIES, m).astype(object)
        country[rng.random(m) < 0.1] = None  # no map country: area-only
        conflict = rng.choice(CONFLICT_IDS, m).astype("float64")
        conflict[(violence != "state-based") | (rng.random(m) < 0.1)] = np.nan
        named = ~np.isnan(conflict) & (rng.random(m) < 0.9)
        conflict_name = np.where(named, np.char.add("Conflict ", np.nan_to_num(conflict).astype(int).astype(str)), None)
        cols = {
            "event_uid": pa.array([f"bench:{i}" for i in range(offset, offset + m)]),
            "dataset": pa.array(np.full(m, "ucdp-ged")),
            "original_id": pa.array([str(i) for i in range(offset, offset + m)]),
            "source_file": pa.array(np.full(m, "generated")),
            "source_line": pa.array(np.arange(offset, offset + m, dtype="int64") + 2),
            "date_start": pa.array(ts, type=pa.date32()),
            "date_end": pa.array(ts, type=pa.date32()),
            "date_precision": pa.array(np.full(m, "day")),
            "year": pa.array(years.astype("int16")),
            "month": pa.array(months.astype("int8")),
            "latitude": pa.array(rng.uniform(-35, 60, m)),
            "longitude": pa.array(rng.uniform(-20, 120, m)),
            "location_precision": pa.array(np.full(m, "exact")),
            "violence_type": pa.array(violence),
            "map_country": pa.array(country, type=pa.string()),
            "conflict_id": pa.array(conflict, type=pa.int64(), from_pandas=True),
            "conflict_name": pa.array(conflict_name, type=pa.string()),
            "violent": pa.array(np.ones(m, dtype=bool)),
            "side_a": pa.array(rng.choice(["Government A", "Government B", "Rebels C"], m)),
            "side_b": pa.array(rng.choice(["Rebels D", "Civilians", "Militia E"], m)),
            "fatalities_best": pa.array(best.astype("int64")),
            "fatalities_low": pa.array(best.astype("int64")),
            "fatalities_high": pa.array((best * 2).astype("int64")),
            "deaths_civilians": pa.array(rng.poisson(0.5, m).astype("int64")),
            "peacekeepers_involved": pa.array(rng.random(m) < 0.01),
        }
        arrays = [cols[f.name] if f.name in cols else pa.nulls(m, f.type) for f in EVENT_SCHEMA]
        writer.write_table(pa.Table.from_arrays(arrays, schema=EVENT_SCHEMA))
    writer.close()


def make_areas(seed: int = 2):
    import numpy as np
    import pandas as pd

    from peaceops.events.areas import AreaTables

    rng = np.random.default_rng(seed)
    windows, points = [], []
    for k in range(N_OPS):
        op = f"bench-op-{k:02d}-{2000 + k % 15}"
        start = dt.date(2000 + k % 15, 1 + k % 12, 1)
        end = dt.date(start.year + 3 + k % 5, 12, 31) if k % 3 else dt.date(9999, 12, 31)
        wend = end if end.year == 9999 else dt.date(end.year + 3, 12, 31)
        windows.append((op, start, end, dt.date(start.year - 3, 1, 1), wend))
        lat0, lon0 = rng.uniform(-30, 55), rng.uniform(-15, 115)
        for j in range(POINTS_PER_OP):
            points.append(
                (
                    op,
                    f"p{j}",
                    "registry",
                    lat0 + rng.uniform(-2, 2),
                    lon0 + rng.uniform(-2, 2),
                    float(rng.uniform(30, 150)),
                )
            )
    return AreaTables(
        windows=pd.DataFrame(windows, columns=["op_id", "start_date", "end_date", "window_start", "window_end"]),
        points=pd.DataFrame(points, columns=["op_id", "area", "origin", "lat", "lon", "radius_km"]),
        admins=pd.DataFrame(columns=["op_id", "area", "origin", "admin_key"]),
    )


def make_ops():
    """The operations of make_areas() as peaceops.events.scope reads them: host state(s) and UCDP conflict ids."""
    from types import SimpleNamespace

    ops = []
    for k, op_id in enumerate(make_areas().windows.op_id):
        others = [SimpleNamespace(state=COUNTRIES[(k + 1) % len(COUNTRIES)])] if k % 4 == 0 else []
        conflicts = SimpleNamespace(value=[CONFLICT_IDS[k % 10], CONFLICT_IDS[(k + 3) % 10]]) if k % 3 else None
        host = SimpleNamespace(state=COUNTRIES[k % len(COUNTRIES)], other_states=others, territory=None)
        ops.append(SimpleNamespace(id=op_id, host=host, ucdp_conflicts=conflicts))
    return ops


def window_areas():
    """One operation (the first of make_areas) with a 3-year window: 2005-2007, deployed mid-2005 to mid-2006."""
    areas = make_areas()
    op = areas.windows.op_id.iloc[0]
    windows = areas.windows[areas.windows.op_id == op].copy()
    windows[["start_date", "end_date", "window_start", "window_end"]] = [
        dt.date(2005, 6, 1),
        dt.date(2006, 6, 30),
        dt.date(2005, 1, 1),
        dt.date(2007, 12, 31),
    ]
    return type(areas)(windows=windows, points=areas.points[areas.points.op_id == op], admins=areas.admins)


# -- the implementations (each runs in its own process) ---------------------
def _peaceops_metrics(con, table, areas, ops):
    """What peaceops.events.metrics.compute runs for ``ops``, on one Ibis table of events."""
    from peaceops.events.metrics import period_metrics
    from peaceops.events.scope import kept
    from peaceops.events.session import conflict_linked

    metrics = con.execute(period_metrics(kept(conflict_linked(table, areas, ops))))
    return metrics.groupby(["op_id", "phase"])[["events", "fatalities_best"]].sum()


def run_peaceops(parquet: str, memory_limit: str | None = None, con=None):
    """The conflict-aware linkage and per-period metrics on ``con`` (an Ibis connection: DuckDB, the default, or
    Spark), summed per operation and phase."""
    import ibis

    from peaceops.events.backend import read_events

    engine = "duckdb" if con is None or con.name == "duckdb" else "pyspark"
    con = con if con is not None else ibis.duckdb.connect()
    if memory_limit:
        spill = Path(parquet).parent / "duckdb-spill"
        con.raw_sql(f"SET memory_limit='{memory_limit}'")
        con.raw_sql(f"SET temp_directory='{spill}'")
    return _peaceops_metrics(con, read_events(con, engine, [parquet]), make_areas(), make_ops())


def run_window_file(parquet: str):
    import ibis

    from peaceops.events.backend import read_events

    con = ibis.duckdb.connect()
    areas = window_areas()
    return _peaceops_metrics(con, read_events(con, "duckdb", [parquet]), areas, make_ops()[:1])


def run_window_store(store_root: str):
    import ibis

    from peaceops.events.backend import read_events
    from peaceops.events.store import EventStore

    con = ibis.duckdb.connect()
    areas = window_areas()
    files = EventStore(Path(store_root)).event_files(areas.span())  # as Analysis.events(window) lists them
    return _peaceops_metrics(con, read_events(con, "duckdb", files), areas, make_ops()[:1])


def run_pandas(parquet: str):
    import numpy as np
    import pandas as pd

    from peaceops.events.areas import EARTH_RADIUS_KM, KM_PER_DEGREE

    areas = make_areas()
    import pyarrow.parquet as pq

    cols = ["event_uid", "date_start", "date_end", "year", "month", "latitude", "longitude", "fatalities_best"]
    cols += ["violence_type", "map_country", "conflict_id"]
    table = pq.read_table(parquet, columns=cols)
    ev = pd.DataFrame({c: table.column(c).to_numpy() for c in cols})  # dates as datetime64[D]: 9999-12-31 fits
    del table
    lat, lon = ev["latitude"].to_numpy(), ev["longitude"].to_numpy()
    found = []
    for p in areas.points.itertuples(index=False):
        dlat = p.radius_km / KM_PER_DEGREE
        dlon = dlat / max(np.cos(np.radians(min(abs(p.lat) + dlat, 89.9))), 1e-6)
        idx = np.flatnonzero((np.abs(lat - p.lat) <= dlat) & (np.abs(lon - p.lon) <= dlon))
        la, lo = np.radians(lat[idx]), np.radians(lon[idx])
        a = (
            np.sin((la - np.radians(p.lat)) / 2) ** 2
            + np.cos(la) * np.cos(np.radians(p.lat)) * np.sin((lo - np.radians(p.lon)) / 2) ** 2
        )
        dist = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(np.sqrt(a), 1.0))
        keep = dist <= p.radius_km
        found.append(pd.DataFrame({"op_id": p.op_id, "row": idx[keep], "distance_km": dist[keep]}))
    hits = pd.concat(found, ignore_index=True).groupby(["op_id", "row"], as_index=False)["distance_km"].min()
    hits = hits.join(ev, on="row").merge(areas.windows, on="op_id")
    for c in ("start_date", "end_date", "window_start", "window_end"):
        hits[c] = np.array(hits[c].tolist(), dtype="datetime64[D]")
    hits = hits[(hits.date_end >= hits.window_start) & (hits.date_start <= hits.window_end)]
    # the scope rules: an event of another conflict, or outside the host state(s), does not count
    ops = {op.id: op for op in make_ops()}
    own = {(o, c) for o, op in ops.items() if op.ucdp_conflicts for c in op.ucdp_conflicts.value}
    hosts = {(o, h) for o, op in ops.items() for h in [op.host.state, *(x.state for x in op.host.other_states)]}
    has_conflicts = hits.op_id.map({o: bool(op.ucdp_conflicts) for o, op in ops.items()})
    by_conflict = has_conflicts & hits.conflict_id.notna() & (hits.violence_type == "state-based")
    by_host = hits.map_country.notna()
    own_conflict = pd.Series([k in own for k in zip(hits.op_id, hits.conflict_id, strict=True)], index=hits.index)
    in_host = pd.Series([k in hosts for k in zip(hits.op_id, hits.map_country, strict=True)], index=hits.index)
    hits = hits[~((by_conflict & ~own_conflict) | (~by_conflict & by_host & ~in_host))]
    hits["phase"] = np.select(
        [
            hits.date_end < hits.start_date,
            (hits.date_start >= hits.start_date) & (hits.date_end <= hits.end_date),
            hits.date_start > hits.end_date,
        ],
        ["before", "during", "after"],
        "transition",
    )
    metrics = hits.groupby(["op_id", "year", "month", "phase"]).agg(
        events=("row", "size"), fatalities_best=("fatalities_best", "sum")
    )
    return metrics.groupby(["op_id", "phase"])[["events", "fatalities_best"]].sum()


def run_floor(parquet: str):
    """The scan alone: the columns a linkage cannot do without, summed."""
    import duckdb

    return duckdb.sql(
        "SELECT count(event_uid), sum(latitude), sum(longitude), min(date_start), max(date_end), sum(year), "
        "sum(month), "
        f"sum(fatalities_best) FROM read_parquet('{parquet}')"
    ).fetchall()


def peak_mb() -> float:
    """Peak resident memory of this process (VmHWM; unlike ru_maxrss it does not carry the parent's over exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _import_for(kind: str) -> None:
    """Import what each implementation uses before its clock starts: imports are the interpreter's one-time
    start-up (ibis alone takes about half a second), not linkage, and every side is treated alike."""
    if kind.startswith(("peaceops", "window")):
        import ibis
        import ibis.backends.duckdb  # noqa: F401

        import peaceops.events.link  # noqa: F401
        import peaceops.events.metrics  # noqa: F401
        import peaceops.events.session  # noqa: F401
        import peaceops.events.store  # noqa: F401

        del ibis
    elif kind == "pandas":
        import numpy  # noqa: F401
        import pandas  # noqa: F401
        import pyarrow.parquet  # noqa: F401

        import peaceops.events.areas  # noqa: F401
    import duckdb  # noqa: F401  (all three read Parquet through it or beside it)


def summarise(result) -> dict[str, list[int]]:
    """Events and deaths per operation and phase, as JSON can carry them: what two implementations must agree on."""
    return {f"{op}|{phase}": [int(r.events), int(r.fatalities_best)] for (op, phase), r in result.iterrows()}


RUNS = {
    "peaceops": run_peaceops,
    "peaceops-limited": lambda path: run_peaceops(path, MEMORY_LIMIT),
    "pandas": run_pandas,
    "floor": run_floor,
    "window-file": run_window_file,
    "window-store": run_window_store,
}


def child(kind: str, parquet: str) -> None:
    _import_for(kind)
    started = time.perf_counter()
    result = RUNS[kind](parquet)
    seconds = time.perf_counter() - started
    summary = summarise(result) if kind != "floor" else None
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb(), "summary": summary}))


def measure(kind: str, parquet: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(parquet)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


# -- loading memory -----------------------------------------------------------
def load_child(csv_path: str, ws: str) -> None:
    from peaceops.events.store import EventStore

    started = time.perf_counter()
    result = EventStore(Path(ws)).load(csv_path)
    print(json.dumps({"seconds": time.perf_counter() - started, "rows": result.rows_written, "peak_mb": peak_mb()}))


def bench_load(millions: float, tmp: Path) -> None:
    import numpy as np

    n = int(millions * 1_000_000)
    path = tmp / f"ged_reduced_{millions}m.csv"
    rng = np.random.default_rng(3)
    with path.open("w", encoding="utf-8") as handle:
        handle.write("year,longitude,latitude,where_coordinates,best,deaths_civilians\n")
        for offset in range(0, n, 1_000_000):
            m = min(1_000_000, n - offset)
            block = zip(
                rng.integers(1995, 2020, m),
                rng.uniform(-20, 120, m).round(5),
                rng.uniform(-35, 60, m).round(5),
                rng.integers(0, 5000, m),
                rng.poisson(3, m),
                rng.poisson(1, m),
                strict=True,
            )
            handle.writelines(f"{y},{lo},{la},place {p},{b},{c}\n" for y, lo, la, p, b, c in block)
    size_mb = path.stat().st_size / 1e6
    out = subprocess.run(
        [sys.executable, __file__, "--load-child", str(path), str(tmp / "ws")],
        capture_output=True,
        text=True,
        check=True,
    )
    res = json.loads(out.stdout.strip().splitlines()[-1])
    print(
        f"load {n:,} rows of a UCDP reduced CSV ({size_mb:,.0f} MB): {res['seconds']:.1f} s, "
        f"peak memory {res['peak_mb']:,.0f} MB, {res['rows']:,} rows written"
    )


def measure_best(kind: str, path: Path, repeat: int) -> dict:
    """The fastest of ``repeat`` runs (each in its own process): the machine is shared, a slow run is noise."""
    return min((measure(kind, path) for _ in range(repeat)), key=lambda r: r["seconds"])


def window_figure(parquet: Path, tmp: Path, repeat: int = 1) -> dict:
    """One operation's 3 years: the events of a workspace store (split by year) against the one file."""
    from peaceops.events.store import EventStore

    store = EventStore(tmp / "store")
    started = time.perf_counter()
    store.load_normalised(parquet)
    split_s = time.perf_counter() - started
    every, read = store.event_files(), store.event_files(window_areas().span())
    file_r = measure_best("window-file", parquet, repeat)
    store_r = measure_best("window-store", store.root, repeat)
    return {
        "file": file_r,
        "store": store_r,
        "agree": file_r["summary"] == store_r["summary"],
        "files_read": len(read),
        "files": len(every),
        "split_seconds": split_s,
    }


def big_figure(millions: float, tmp: Path, repeat: int = 1) -> dict:
    """The peaceops path at ``millions`` and at 10 million events, both under DuckDB's memory_limit."""
    out = {}
    for size in (10, millions):
        n = int(size * 1_000_000)
        parquet = tmp / f"events_{n}.parquet"
        started = time.perf_counter()
        generate_events(parquet, n)
        print(
            f"  generated {n:,} events in {time.perf_counter() - started:.0f} s ({parquet.stat().st_size / 1e9:.1f} GB)"
        )
        out[size] = measure_best("peaceops-limited", parquet, repeat if size == 10 else 1)
        parquet.unlink()
    return {"small": out[10], "big": out[millions], "millions": millions}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--sizes", type=float, nargs="*", default=[1, 5, 10], help="millions of events (default 1 5 10)"
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs of floor and peaceops per size; the fastest counts (default 1)"
    )
    parser.add_argument(
        "--window", action="store_true", help="also: one operation's 3 years, workspace store vs one file (last size)"
    )
    parser.add_argument(
        "--big", type=float, default=None, help=f"also: this many million events under memory_limit {MEMORY_LIMIT}"
    )
    parser.add_argument(
        "--load-rows", type=float, default=None, help="also time loading a CSV of this many million rows"
    )
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--load-child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(*args.child)
    if args.load_child:
        return load_child(*args.load_child)

    with tempfile.TemporaryDirectory(prefix="peaceops-bench-") as tmp:
        tmp = Path(tmp)
        print(f"{N_OPS} operations x {POINTS_PER_OP} points; cpu count {os.cpu_count()}")
        if args.sizes:
            print(f"{'events':>12} {'impl':>9} {'seconds':>8} {'peak MB':>8} {'x floor':>8}  agree")
        for number, millions in enumerate(args.sizes):
            n = int(millions * 1_000_000)
            parquet = tmp / f"events_{n}.parquet"
            generate_events(parquet, n)
            results = {kind: measure_best(kind, parquet, args.repeat) for kind in ("floor", "peaceops")}
            results["pandas"] = measure("pandas", parquet)
            floor = results["floor"]["seconds"]
            agree = results["peaceops"]["summary"] == results["pandas"]["summary"]
            for kind in ("floor", "peaceops", "pandas"):
                r = results[kind]
                note = ("yes" if agree else "NO") if kind != "floor" else ""
                print(
                    f"{n:>12,} {kind:>9} {r['seconds']:>8.2f} {r['peak_mb']:>8.0f} {r['seconds'] / floor:>8.1f}  {note}"
                )
            pe, pa_ = results["peaceops"]["seconds"], results["pandas"]["seconds"]
            print(f"{'':>12} pandas / peaceops = {pa_ / pe:.1f}x")
            if args.window and number == len(args.sizes) - 1:
                w = window_figure(parquet, tmp, args.repeat)
                fs, ss = w["file"]["seconds"], w["store"]["seconds"]
                print(
                    f"one operation's 3 years of {n:,} events over 25 years: one file {fs:.2f} s "
                    f"(peak {w['file']['peak_mb']:.0f} MB), store split by year {ss:.2f} s "
                    f"(peak {w['store']['peak_mb']:.0f} MB, {w['files_read']} of {w['files']} files read) -> "
                    f"{fs / ss:.1f}x faster; results {'identical' if w['agree'] else 'DIFFER'} "
                    f"(splitting the file into the store took {w['split_seconds']:.0f} s)"
                )
            parquet.unlink()
        if args.big:
            b = big_figure(args.big, tmp, args.repeat)
            small, big = b["small"], b["big"]
            print(
                f"memory_limit {MEMORY_LIMIT}: 10M events {small['seconds']:.2f} s (peak {small['peak_mb']:.0f} MB), "
                f"{args.big:g}M events {big['seconds']:.2f} s (peak {big['peak_mb']:.0f} MB) -> "
                f"{big['seconds'] / small['seconds']:.1f}x the 10M time (goal: peak < 5 GB, <= 12x)"
            )
        if args.load_rows:
            bench_load(args.load_rows, tmp)


if __name__ == "__main__":
    main()
