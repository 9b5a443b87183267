"""Ingestion throughput: the whole peaceops pipeline against trafilatura extraction alone.

    .venv/bin/python bench/bench_ingest.py [--rounds 3] [--json]

Documents: every excerpt of the labelled set (94 real article texts, en and
ru) and the seed article, each wrapped in a news-page HTML shell with
navigation, a ticker and a footer. The peer is `trafilatura.extract` on the
same HTML, measured in the same run. The pipeline is measured end to end:
extraction, encoding, language, sentences, mentions, candidates and the
SQLite write, as `peaceops ingest FOLDER` does with one worker process (a fresh
workspace per round). Goal: the pipeline costs at most 1.5x extraction alone.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
GOAL = 1.5


def documents() -> list[bytes]:
    import yaml

    items = yaml.safe_load((ROOT / "tests" / "data" / "mentions" / "labelled.yaml").read_text(encoding="utf-8"))
    texts = [(item["title"] or item["id"], item["text"]) for item in items]
    seed = (ROOT / "examples" / "seed" / "war-for-peace.txt").read_text(encoding="utf-8")
    texts.append(("War for Peace", seed))
    pages = []
    for title, text in texts:
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n") if p.strip())
        pages.append(
            (
                f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head><body>"
                "<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/ru'>Читать на русском</a></nav>"
                "<div class='ticker'>USD89.70 EUR97.10 OIL81.97</div>"
                f"<article><h1>{html.escape(title)}</h1>{paragraphs}</article>"
                "<aside>Subscribe to our weekly digest</aside><footer>© Example News</footer></body></html>"
            ).encode()
        )
    return pages


def time_extraction(pages) -> float:
    import trafilatura

    start = time.perf_counter()
    for page in pages:
        trafilatura.extract(page.decode("utf-8"), with_metadata=True)
    return time.perf_counter() - start


def time_pipeline(pages, cat) -> float:
    """`ingest` on a folder of the pages, one process (the peer is single-threaded too)."""
    from peaceops.ingest import ingest
    from peaceops.workspace import open_workspace

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        for number, page in enumerate(pages):
            (folder / f"{number:03d}.html").write_bytes(page)
        ws = open_workspace(Path(tmp) / "ws")
        start = time.perf_counter()
        report = ingest([str(folder)], workspace=ws, catalog=cat, workers=1)
        elapsed = time.perf_counter() - start
        unexpected = [
            r.reason for r in report.results if r.status == "failed" and "no article text" not in (r.reason or "")
        ]
        assert not unexpected, unexpected  # pages trafilatura finds no text in fail for both sides alike
        return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    from peaceops import catalog

    pages = documents()
    cat = catalog.load()
    # build indexes and load models once, outside the timing (the analyser lives on the catalog)
    cat.analyser().analyse(pages[0], origin="warm-up", kind="upload")
    time_extraction(pages[:3])
    extraction = min(time_extraction(pages) for _ in range(args.rounds))
    pipeline = min(time_pipeline(pages, cat) for _ in range(args.rounds))
    result = {
        "documents": len(pages),
        "extraction_docs_per_s": round(len(pages) / extraction, 1),
        "pipeline_docs_per_s": round(len(pages) / pipeline, 1),
        "cost_ratio": round(pipeline / extraction, 2),
        "goal": f"<= {GOAL}",
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(
            f"{result['documents']} documents; trafilatura alone {result['extraction_docs_per_s']} docs/s; "
            f"peaceops pipeline {result['pipeline_docs_per_s']} docs/s; pipeline/extraction = {result['cost_ratio']}x "
            f"(goal {result['goal']}) on {result['machine']}"
        )


if __name__ == "__main__":
    main()
