"""Mention detection, troop figures and dates, per language, on the labelled set (tests/data/mentions/).

    .venv/bin/python bench/mention_quality.py [--json] [--errors] [--figures]

Every ``labelled*.yaml`` of the directory is read (the format is in its
README). Mention counts are per (excerpt, operation) pair: a true positive is
an operation the excerpt is labelled with and that peaceops links; precision,
recall and F1 follow. A labelled troop figure or date counts as found when
peaceops attributes to that operation a troop count (same value) or a date
(same ISO value, or the same month when the label gives a month) that overlaps
the labelled words. The floors CI holds are in
tests/test_mention_quality.py.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
LABELLED_DIR = ROOT / "tests" / "data" / "mentions"


def load_items(directory: Path = LABELLED_DIR) -> list[dict]:
    import yaml

    items = []
    for path in sorted(directory.glob("labelled*.yaml")):
        items.extend(yaml.safe_load(path.read_text(encoding="utf-8")))
    return items


def _rates(t: dict) -> None:
    t["precision"] = round(t["tp"] / (t["tp"] + t["fp"]), 3) if t["tp"] + t["fp"] else 1.0
    t["recall"] = round(t["tp"] / (t["tp"] + t["fn"]), 3) if t["tp"] + t["fn"] else 1.0
    p, r = t["precision"], t["recall"]
    t["f1"] = round(2 * p * r / (p + r), 3) if p + r else 0.0


def _attributed(doc) -> tuple[set, set]:
    """(operation, start, end, value) of every troop count and every date peaceops attributes to an operation."""
    troops, dates = set(), set()
    for n in doc.figures:
        spot = (n["operation_id"], n["start"], n["end"])
        if n["kind"] == "troops":
            troops.add((*spot, n["value"]))
        else:
            dates.add((*spot, str(n["value"])))
    return troops, dates


def _found(label: dict, text: str, attributed: set, kind: str) -> bool:
    start = text.find(label["text"])
    end = start + len(label["text"])
    for op, a_start, a_end, value in attributed:
        if op != label["operation"] or a_end <= start or a_start >= end:
            continue
        if kind == "troops" and value == label["value"]:
            return True
        if kind == "date":
            wanted = str(label["date"])
            if value == wanted or (value.startswith("--") and wanted.endswith(value[1:])):
                return True
            if len(wanted) == 7 and value.startswith(wanted):
                return True
    return False


def evaluate(directory: Path = LABELLED_DIR, data_dir=None) -> dict:
    from peaceops import catalog
    from peaceops.ingest.pipeline import Analyser

    analyser = Analyser(catalog.load(data_dir))
    totals: dict[str, dict] = {}
    figures: dict[str, dict] = {}
    errors = []
    for item in load_items(directory):
        doc = analyser.analyse(item["text"], origin=item["id"], kind="paste")
        found = {m.operation_id for m in doc.mentions}
        gold = set(item["operations"])
        troops, dates = _attributed(doc)
        for lang in (item["language"], "all"):
            t = totals.setdefault(lang, {"tp": 0, "fp": 0, "fn": 0, "items": 0, "negatives": 0})
            t["tp"] += len(found & gold)
            t["fp"] += len(found - gold)
            t["fn"] += len(gold - found)
            t["items"] += 1
            t["negatives"] += not gold
            f = figures.setdefault(lang, {"troops": 0, "troops_found": 0, "dates": 0, "dates_found": 0})
            for label in item.get("figures") or []:
                f["troops"] += 1
                f["troops_found"] += _found(label, item["text"], troops, "troops")
            for label in item.get("dates") or []:
                f["dates"] += 1
                f["dates_found"] += _found(label, item["text"], dates, "date")
        if found != gold:
            errors.append({"id": item["id"], "missed": sorted(gold - found), "spurious": sorted(found - gold)})
    for t in totals.values():
        _rates(t)
    for f in figures.values():
        labelled = f["troops"] + f["dates"]
        f["accuracy"] = round((f["troops_found"] + f["dates_found"]) / labelled, 3) if labelled else None
    return {"totals": totals, "figures": figures, "errors": errors}


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
    header = f"{'language':8} {'items':>5} {'neg':>4} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>6} {'R':>6} {'F1':>6}"
    print(header + f" {'troops':>9} {'dates':>9} {'fig.acc':>7}")
    languages = sorted(k for k in result["totals"] if k != "all") + ["all"]
    for lang in languages:
        t, f = result["totals"][lang], result["figures"][lang]
        accuracy = f"{f['accuracy']:7.3f}" if f["accuracy"] is not None else f"{'—':>7}"
        print(
            f"{lang:8} {t['items']:5d} {t['negatives']:4d} {t['tp']:4d} {t['fp']:4d} {t['fn']:4d} "
            f"{t['precision']:6.3f} {t['recall']:6.3f} {t['f1']:6.3f} "
            f"{f['troops_found']:>4}/{f['troops']:<4} {f['dates_found']:>4}/{f['dates']:<4} {accuracy}"
        )
    if args.errors:
        for e in result["errors"]:
            print(f"  {e['id']}: missed {e['missed']} spurious {e['spurious']}")


if __name__ == "__main__":
    main()
