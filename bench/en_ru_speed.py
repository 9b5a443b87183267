"""Analysis time of English and Russian texts: the seed and the 94 labelled excerpts, best of three passes.

    .venv/bin/python bench/en_ru_speed.py [--no-suggest]
    PYTHONPATH=<a checkout of an earlier commit>/src .venv/bin/python bench/en_ru_speed.py --no-suggest

Issue 16 asks that the new languages not make English and Russian slower; run it on this checkout and on an
earlier one (the second form) to compare. Each text is analysed once as a warm-up (lazy loads, caches, the
suggestion model), then three timed passes; the best is printed.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-suggest", action="store_true", help="leave out the review queue's suggestion model")
    args = parser.parse_args()

    from peaceops import catalog
    from peaceops.ingest.pipeline import Analyser

    items = yaml.safe_load((ROOT / "tests" / "data" / "mentions" / "labelled.yaml").read_text(encoding="utf-8"))
    texts = [item["text"] for item in items] + [(ROOT / "examples" / "seed" / "war-for-peace.txt").read_text()]
    analyser = Analyser(catalog.load())
    if args.no_suggest and hasattr(analyser, "default_suggester"):
        analyser._suggester_ready, analyser._suggester = True, None
    for text in texts:
        analyser.analyse(text, origin="warm-up", kind="paste")
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for text in texts:
            analyser.analyse(text, origin="timed", kind="paste")
        best = min(best, time.perf_counter() - start)
    print(f"{len(texts)} texts, best of 3 passes: {best:.2f} s ({1000 * best / len(texts):.1f} ms per text)")


if __name__ == "__main__":
    main()
