"""The review queue's quality on the reviewed sentences (data/review/sentences.yaml), cross-validated, per language.

    .venv/bin/python bench/review_quality.py [--json] [--threshold 0.5] [--folds 5]

Method: 5-fold cross-validation grouped by excerpt (every sentence of one
text falls in the same fold, so a model never sees the text it is tested on).
Each fold's model is trained on the curated evidence and the other folds'
sentences, and judges the held-out fold:

- queue precision: the share of proposed sentences that are usable;
- recall of usable sentences, beside the cue-only queue's on the same
  sentences. The sentences the cue-only queue passed over were sampled at
  45 % when the set was made; ``weighted`` figures count each of them 1/0.45
  times, to estimate recall over all sentences;
- top-1 and top-3 indicator accuracy on usable sentences (an indicator the
  reviewer marked acceptable counts; ``top1_strict`` counts only the best);
- stance accuracy on usable sentences.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
NOT_PROPOSED_SAMPLE = 0.45


def evaluate(threshold: float | None = None, folds: int = 5, data_dir=None) -> dict:
    from sklearn.model_selection import GroupKFold

    from peaceops import catalog as catalog_module
    from peaceops import curated, datafiles
    from peaceops.suggest import junk, training

    catalog = catalog_module.load(data_dir)
    data_dir = catalog.registry.data_dir
    threshold = training.PROPOSE_THRESHOLD if threshold is None else threshold
    reviewed, _ = curated.load(data_dir / datafiles.REVIEWED, datafiles.ReviewedSentences, root=data_dir)
    sentences = reviewed.sentences
    examples = training.reviewed_examples(data_dir)
    curated_examples = training.curated_examples(catalog)
    groups = [e.group for e in examples]
    results = [None] * len(sentences)
    for train_rows, test_rows in GroupKFold(n_splits=folds).split(examples, groups=groups):
        model = training.train(curated_examples + [examples[i] for i in train_rows], catalog)
        suggestions = model.suggest(
            [sentences[i].sentence for i in test_rows], [sentences[i].language for i in test_rows], explain=False
        )
        for i, suggestion in zip(test_rows, suggestions, strict=True):
            results[i] = suggestion
    totals: dict[str, dict] = defaultdict(lambda: defaultdict(float))
    for s, suggestion in zip(sentences, results, strict=True):
        proposed = (
            s.proposed_operation is not None and junk.junk_reason(s.sentence) is None and suggestion.usable >= threshold
        )
        weight = 1.0 if s.cue_only_proposed else 1 / NOT_PROPOSED_SAMPLE
        acceptable = {s.indicator, *s.indicators_ok}
        ranked = [i for i, _ in suggestion.indicators]
        for key in (s.language, "all"):
            t = totals[key]
            t["sentences"] += 1
            t["usable"] += s.usable
            t["usable_weighted"] += s.usable * weight
            t["proposed"] += proposed
            t["proposed_usable"] += proposed and s.usable
            t["proposed_usable_weighted"] += (proposed and s.usable) * weight
            t["cue_proposed"] += s.cue_only_proposed
            t["cue_proposed_usable"] += s.cue_only_proposed and s.usable
            if s.usable:
                t["top1"] += ranked[0] in acceptable
                t["top1_strict"] += ranked[0] == s.indicator
                t["top3"] += bool(set(ranked[:3]) & acceptable)
                t["stance"] += suggestion.stance[0] == s.stance
    out = {}
    for key, t in totals.items():
        usable = t["usable"] or 1
        out[key] = {
            "sentences": int(t["sentences"]),
            "usable": int(t["usable"]),
            "proposed": int(t["proposed"]),
            "queue_precision": _ratio(t["proposed_usable"], t["proposed"]),
            "cue_only_precision": _ratio(t["cue_proposed_usable"], t["cue_proposed"]),
            "recall": _ratio(t["proposed_usable"], t["usable"]),
            "cue_only_recall": _ratio(t["cue_proposed_usable"], t["usable"]),
            "recall_weighted": _ratio(t["proposed_usable_weighted"], t["usable_weighted"]),
            "cue_only_recall_weighted": _ratio(t["cue_proposed_usable"], t["usable_weighted"]),
            "top1": round(t["top1"] / usable, 3),
            "top1_strict": round(t["top1_strict"] / usable, 3),
            "top3": round(t["top3"] / usable, 3),
            "stance": round(t["stance"] / usable, 3),
        }
    return {"threshold": threshold, "folds": folds, "method": "GroupKFold by excerpt", "totals": out}


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 3) if b else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    result = evaluate(args.threshold, args.folds)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"threshold {result['threshold']}, {result['folds']}-fold {result['method']}")
    head = f"{'lang':5} {'sent':>5} {'usab':>5} {'prop':>5} {'P':>6} {'P cue':>6} {'R':>6} {'R cue':>6}"
    print(head + f" {'Rw':>6} {'Rw cue':>6} {'top1':>6} {'top3':>6} {'stance':>6}")
    for key in sorted(k for k in result["totals"] if k != "all") + ["all"]:
        t = result["totals"][key]
        cells = [
            t["queue_precision"],
            t["cue_only_precision"],
            t["recall"],
            t["cue_only_recall"],
            t["recall_weighted"],
            t["cue_only_recall_weighted"],
            t["top1"],
            t["top3"],
            t["stance"],
        ]
        print(
            f"{key:5} {t['sentences']:5d} {t['usable']:5d} {t['proposed']:5d} "
            + " ".join(f"{c:6.3f}" if c is not None else f"{'—':>6}" for c in cells)
        )


if __name__ == "__main__":
    main()
