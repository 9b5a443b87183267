"""Benchmark of the event linkage: peaceops (Ibis on DuckDB) against plain pandas and DuckDB's scan floor.

Run on demand (not part of pytest):

    .venv/bin/python bench/bench_linkage.py                 # 1, 5 and 10 million events
    .venv/bin/python bench/bench_linkage.py --sizes 1       # 1 million only
    .venv/bin/python bench/bench_linkage.py --load-rows 10  # also: peak memory of loading a 10-million-row CSV

Generated data: events spread over the inhabited latitudes in the
normalised Parquet schema (1995-2019, day precision), 50 operations of 4
point areas each (radius 30-150 km) with 3-year windows. Three runs per size,
each in its own process so peak memory (VmHWM) is its own:

* peaceops  - link + per-period metrics, the Ibis expressions of peaceops.events on DuckDB;
* pandas    - the same linkage written plainly in pandas/numpy (bounding-box prefilter per point,
              haversine, dedupe, windows, phases, group-by);
* floor     - DuckDB reading the same Parquet columns and summing them (no join): the cost of the scan alone.

The peaceops and pandas results are compared (events and deaths per operation and phase).
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
            "violence_type": pa.array(rng.choice(["state-based", "non-state", "one-sided"], m)),
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


# -- the three implementations (each runs in its own process) ---------------
def run_peaceops(parquet: str, con=None):
    """The linkage and per-period metrics on ``con`` (an Ibis connection; default a new DuckDB one), summed per
    operation and phase."""
    import ibis

    from peaceops.events.link import linked_events
    from peaceops.events.metrics import period_metrics

    con = con if con is not None else ibis.duckdb.connect()
    table = con.read_parquet(parquet)
    metrics = con.execute(period_metrics(linked_events(table, make_areas())))
    return metrics.groupby(["op_id", "phase"])[["events", "fatalities_best"]].sum()


def run_pandas(parquet: str):
    import numpy as np
    import pandas as pd

    from peaceops.events.areas import EARTH_RADIUS_KM, KM_PER_DEGREE

    areas = make_areas()
    import pyarrow.parquet as pq

    cols = ["event_uid", "date_start", "date_end", "year", "month", "latitude", "longitude", "fatalities_best"]
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
    if kind == "peaceops":
        import ibis
        import ibis.backends.duckdb  # noqa: F401

        import peaceops.events.link  # noqa: F401
        import peaceops.events.metrics  # noqa: F401

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


def child(kind: str, parquet: str) -> None:
    _import_for(kind)
    started = time.perf_counter()
    result = {"peaceops": run_peaceops, "pandas": run_pandas, "floor": run_floor}[kind](parquet)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--sizes", type=float, nargs="*", default=[1, 5, 10], help="millions of events (default 1 5 10)"
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
        print(f"{'events':>12} {'impl':>9} {'seconds':>8} {'peak MB':>8} {'x floor':>8}  agree")
        for millions in args.sizes:
            n = int(millions * 1_000_000)
            parquet = tmp / f"events_{n}.parquet"
            generate_events(parquet, n)
            results = {kind: measure(kind, parquet) for kind in ("floor", "peaceops", "pandas")}
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
            parquet.unlink()
        if args.load_rows:
            bench_load(args.load_rows, tmp)


if __name__ == "__main__":
    main()
