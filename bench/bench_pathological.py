"""The cost of one pathological document: "KFOR " (or "KFOR. ") repeated, at several sizes (issue 19, defect 4).

    .venv/bin/python bench/bench_pathological.py [--sizes 50,200,1000,4608] [--json]

Every word of the text is a registry acronym, so each is a name match in one
endless sentence: before the sorted sweep the overlap check was quadratic and
4.5 MB did not finish in 300 s. "KFOR. " makes one paragraph of short
sentences, which the sentence splitter (pysbd) once took minutes over. The document goes through the whole analysis
(`Analyser.analyse`, default work bounds), so past the match bound it ends as a
quarantine entry, which is the outcome reported. The peer is ordinary news text
(the labelled excerpts, repeated) of the same size, analysed in the same run.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def _ordinary(size: int) -> str:
    import yaml

    items = yaml.safe_load((ROOT / "tests" / "data" / "mentions" / "labelled.yaml").read_text(encoding="utf-8"))
    corpus = "\n\n".join(item["text"] for item in items)
    return (corpus * (size // len(corpus.encode()) + 1))[:size]


def _measure(analyser, text: str, origin: str) -> tuple[float, str]:
    from peaceops.ingest.errors import InputRejected

    started = time.perf_counter()
    try:
        doc = analyser.analyse(text, origin=origin, kind="paste")
        outcome = f"processed, {len(doc.mentions):,} mentions"
    except InputRejected as exc:
        outcome = "quarantined: " + str(exc).split(": ", 1)[1].split(";")[0]
    return time.perf_counter() - started, outcome


def measure(sizes_kb: list[int], peer_up_to_kb: int = 1024) -> list[dict]:
    from peaceops import catalog
    from peaceops.ingest.pipeline import Analyser

    analyser = Analyser(catalog.load())
    analyser.analyse(
        "KFOR patrols Kosovo.", origin="warm-up", kind="paste"
    )  # models and indexes load outside the timing
    out = []
    for kb in sizes_kb:
        size = kb * 1024
        peer = _measure(analyser, _ordinary(size), f"news-{kb}KB") if kb <= peer_up_to_kb else (None, "not measured")
        for unit in ("KFOR ", "KFOR. "):
            seconds, outcome = _measure(analyser, unit * (size // len(unit)), f"kfor-{kb}KB")
            out.append(
                {
                    "kb": kb,
                    "unit": unit,
                    "seconds": round(seconds, 3),
                    "outcome": outcome,
                    "peer_seconds": None if peer[0] is None else round(peer[0], 3),
                    "peer_outcome": peer[1],
                }
            )
    return out


def rows(quick: bool) -> list[dict]:
    """Rows for bench/RESULTS.md (see run_all.py)."""
    sizes = [50, 200, 1024] if quick else [50, 200, 1024, 4608]
    result = []
    for r in measure(sizes):
        peer = (
            "not measured"
            if r["peer_seconds"] is None
            else f"{r['peer_seconds']:.2f} s (ordinary news text, {r['peer_outcome']})"
        )
        result.append(
            {
                "figure": f"pathological document, {r['kb']:,} KB of {r['unit']!r} ({r['outcome']})",
                "peaceops": f"{r['seconds']:.2f} s",
                "peer": peer,
                "ratio": "—" if r["peer_seconds"] is None else f"{r['seconds'] / r['peer_seconds']:.1f}x the cost",
                "goal": "ends, well within the 120 s bound",
                "met": r["seconds"] < 120,
            }
        )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,200,1024,4608", help="sizes in KB, comma-separated")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = measure([int(s) for s in args.sizes.split(",")])
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for r in results:
            print(
                f"{r['kb']:>6} KB of {r['unit']!r:8} {r['seconds']:8.2f} s  {r['outcome']}   | news text: "
                f"{r['peer_seconds']} s"
            )


if __name__ == "__main__":
    main()
