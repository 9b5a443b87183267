"""The one shape of a comparison: operations side by side, by principle or by indicator.

``ops compare --json``, the web's ``/compare`` page and ``/compare.json``
all come from :func:`comparison`; the page only styles its rows.
"""

from __future__ import annotations

from typing import Literal

By = Literal["principle", "indicator"]


def comparison(results, catalog, by: By = "principle") -> dict:
    """Rows of principles (or indicators), each with a cell per operation.

    A principle cell holds the mean score, the indicators scored out of the total and the ids of the evidence
    behind it (each once, first use first); an indicator cell holds its score, status and confidence.
    """
    rows = []
    if by == "principle":
        for principle in catalog.framework.principles:
            row = {"principle": principle.id, "name": principle.name, "operations": {}}
            for r in results:
                summary = r.principle(principle.id)
                evidence = [i for ind in r.indicators if ind.principle == principle.id for i in ind.evidence_ids]
                row["operations"][r.operation] = {
                    "score": summary.score,
                    "scored": summary.scored,
                    "total": summary.total,
                    "evidence_ids": list(dict.fromkeys(evidence)),
                }
            rows.append(row)
    else:
        for indicator in catalog.framework.indicators:
            row = {"indicator": indicator.id, "principle": indicator.principle, "operations": {}}
            for r in results:
                item = r.indicator(indicator.id)
                row["operations"][r.operation] = {
                    "score": item.score,
                    "status": item.status,
                    "confidence": item.confidence,
                    "evidence_ids": list(dict.fromkeys(item.evidence_ids)),
                }
            rows.append(row)
    return {
        "by": by,
        "operations": [r.operation for r in results],
        "filter": results[0].filter if results else "",
        "rows": rows,
    }


def empty_comparison(by: By = "principle") -> dict:
    """The comparison of no operation (what ``/compare.json`` answers without ``ops``)."""
    return {"by": by, "operations": [], "filter": "", "rows": []}
