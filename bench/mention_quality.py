"""Precision and recall of mention detection on the labelled set (tests/data/mentions/labelled.yaml).

    .venv/bin/python bench/mention_quality.py [--json] [--errors]

Counts are per (excerpt, operation) pair: a true positive is an operation the
excerpt is labelled with and that peaceops links; the floors CI holds are in
tests/test_mention_quality.py.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
LABELLED = ROOT / "tests" / "data" / "mentions" / "labelled.yaml"


def evaluate(labelled_path: Path = LABELLED, data_dir=None) -> dict:
    import yaml

    from peaceops import catalog
    from peaceops.ingest.pipeline import Analyser

    analyser = Analyser(catalog.load(data_dir))
    items = yaml.safe_load(labelled_path.read_text(encoding="utf-8"))
    totals = {}
    errors = []
    for item in items:
        doc = analyser.analyse(item["text"], origin=item["id"], kind="paste")
        found = {m.operation_id for m in doc.mentions}
        gold = set(item["operations"])
        for lang in (item["language"], "all"):
            t = totals.setdefault(lang, {"tp": 0, "fp": 0, "fn": 0, "items": 0})
            t["tp"] += len(found & gold)
            t["fp"] += len(found - gold)
            t["fn"] += len(gold - found)
            t["items"] += 1
        if found != gold:
            errors.append({"id": item["id"], "missed": sorted(gold - found), "spurious": sorted(found - gold)})
    for t in totals.values():
        t["precision"] = round(t["tp"] / (t["tp"] + t["fp"]), 3) if t["tp"] + t["fp"] else 1.0
        t["recall"] = round(t["tp"] / (t["tp"] + t["fn"]), 3) if t["tp"] + t["fn"] else 1.0
    return {"totals": totals, "errors": errors}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--errors", action="store_true", help="list every excerpt where the links differ from the labels"
    )
    args = parser.parse_args()
    result = evaluate()
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return
    print(f"{'language':10} {'items':>5} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>9} {'recall':>7}")
    for lang in ("en", "ru", "all"):
        t = result["totals"].get(lang)
        if t:
            print(
                f"{lang:10} {t['items']:5d} {t['tp']:4d} {t['fp']:4d} {t['fn']:4d} {t['precision']:9.3f} "
                f"{t['recall']:7.3f}"
            )
    if args.errors:
        for e in result["errors"]:
            print(f"  {e['id']}: missed {e['missed']} spurious {e['spurious']}")


if __name__ == "__main__":
    main()
