"""The faces agree: for every operation of the shipped registry, `ops show --json` and the web's JSON twin list the
same facts with the same sources under the same numbers, and so does the Markdown report (read for a third of
them, every seed case and every never-deployed one: the faces share their code, so a broken face shows on any);
the same holds for a comparison (`ops compare --json`, /compare.json and the comparison's Markdown report).

All three come from :mod:`peaceops.present`; this test reads what each face actually prints, so a face that
shapes a fact on its own again shows up here.
"""

from __future__ import annotations

import json
import re

import pytest
from web_support import client_for

SEED = ["kazakhstan-csto-cpf-2022", "afghanistan-isaf-2001", "bosnia-ifor-1995", "kosovo-kfor-1999", "lebanon-mnf-1982"]

HEADLINE = ("lead", "status", "declared peacekeeping by", "host", "conflict parties", "start", "end", "largest figure")
# fact label -> (the report's table, the cell that names the fact, the Markdown table's title)
TABLES = {
    "legal basis": (0, "Legal basis"),
    "requested by": (1, "Request and consent"),
    "consent": (1, "Request and consent"),
    "contributor": (0, "Contributors"),
    "task": (0, "Tasks"),
    "ceasefire": (2, "Conflict"),
    "settlement": (2, "Conflict"),
    "strength": (1, "Strength figures"),
    "area": (1, "Places of the area"),
}
_UNESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")
_FOOTNOTE = re.compile(r"^\[\^(\d+)\]: .*source id ([^\]\s]+?)\\?\]")
_REFS = re.compile(r"\[\^(\d+)\]")


def _plain(text: str) -> str:
    return " ".join(_UNESCAPE.sub(r"\1", text).split())


def _cells(line: str) -> list[str]:
    """The cells of a Markdown table row, unescaped, with the row's note (``<br>*…*``) dropped."""
    cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
    return [_plain(re.sub(r"<br>\*.*\*$", "", cell.strip())) for cell in cells]


def parse_markdown(md: str) -> tuple[dict[int, str], dict[str, str], dict[str, list[list[str]]]]:
    """(footnote number -> source id, headline label -> row line, table title -> its rows' lines)."""
    footnotes, headline, tables = {}, {}, {}
    title = None
    for line in md.splitlines():
        found = _FOOTNOTE.match(line)
        if found:
            footnotes[int(found.group(1))] = _UNESCAPE.sub(r"\1", found.group(2))
        elif line.startswith("### "):
            title = _plain(re.sub(r"<a id=\"[^\"]*\"></a>", "", line[4:]))
        elif line.startswith("| **"):
            label = _plain(line[4 : line.index("** |")])
            headline.setdefault(label.casefold(), line)
        elif line.startswith("| ") and title and not line.startswith("|---"):
            tables.setdefault(title, []).append(line)
    return footnotes, headline, {t: rows[1:] for t, rows in tables.items()}  # drop each table's header row


def _source_ids(line: str, footnotes: dict[int, str]) -> list[tuple[int, str]]:
    return [(int(n), footnotes[int(n)]) for n in dict.fromkeys(_REFS.findall(line))]


def _fact_sources(fact: dict) -> list[tuple[int, str]]:
    return [(s["number"], s["id"]) for s in fact["sources"]]


@pytest.fixture(scope="module")
def shipped_catalog():
    """The shipped catalog, loaded once: the reports of this module are built from it (read only)."""
    from peaceops import catalog

    return catalog.load(None)


def test_operation_facts_agree_on_every_face(cli, shipped_app, shipped_catalog, workspace_dir):
    from peaceops.report import ReportOptions, build_report, render_markdown

    client = client_for(shipped_app)
    shipped_ops = [op.id for op in shipped_catalog.registry]
    assert len(shipped_ops) > 20
    # the Markdown report costs about half a second an operation (a chart, a map): it is read for every third
    # operation, the seed cases and every never-deployed one; the CLI and the web are compared on all of them
    never_deployed = {op.id for op in shipped_catalog.registry if not op.is_deployed}
    reported = set(shipped_ops[::3]) | set(SEED) | never_deployed
    for op_id in shipped_ops:
        shown = json.loads(cli("ops", "show", op_id, "--json").stdout)
        twin = client.get(f"/operations/{op_id}.json")
        assert twin.status_code == 200, op_id
        web = twin.json()
        # CLI and web: the very same rows and the same numbered sources
        assert shown["facts"] == web["facts"], op_id
        assert [(s["number"], s["id"]) for s in shown["sources"]] == [(s["number"], s["id"]) for s in web["sources"]], (
            op_id
        )
        cited = {sid for fact in shown["facts"] for s in fact["sources"] for sid in [s["id"]]}
        assert cited == set(shown["cited_sources"]), (
            f"{op_id}: a cited source has no fact row, or a fact row cites an unknown source"
        )

        if op_id not in reported:
            continue
        report = build_report([op_id], shipped_catalog, options=ReportOptions(workspace=workspace_dir))
        md = render_markdown(report, f"{op_id}_files")
        footnotes, headline, tables = parse_markdown(md)
        by_label: dict[str, list[dict]] = {}
        for fact in shown["facts"]:
            by_label.setdefault(fact["label"], []).append(fact)
        for label in HEADLINE:
            (fact,) = by_label[label]
            line = headline[label]
            value = _cells(line)[1]
            assert _REFS.sub("", value) == _plain(fact["value"]), (op_id, label, line)
            assert _source_ids(line, footnotes) == _fact_sources(fact), (op_id, label, line)
        for title in dict.fromkeys(t for _, t in TABLES.values()):
            labels = [label for label, (_, t) in TABLES.items() if t == title]
            facts = [fact for fact in shown["facts"] if fact["label"] in labels]
            rows = next((rows for t, rows in tables.items() if t.split(":")[0] == title), [])
            assert len(rows) == len(facts), (op_id, title, rows, facts)
            for fact, line in zip(facts, rows, strict=True):
                key_cell = _cells(line)[TABLES[fact["label"]][0]]
                assert key_cell and key_cell in fact["value"], (op_id, fact, line)
                assert _source_ids(line, footnotes) == _fact_sources(fact), (op_id, fact, line)


def test_a_comparison_agrees_on_every_face(cli, shipped_app, workspace_dir):
    from peaceops.present import format as fmt
    from peaceops.report import ReportOptions, build_report, render_markdown

    shown = json.loads(cli("compare", *SEED, "--json").stdout)
    web = client_for(shipped_app).get("/compare.json", params=[("ops", op) for op in SEED]).json()
    assert shown == web
    assert shown["operations"] == SEED and shown["rows"]
    page = client_for(shipped_app).get("/compare", params=[("ops", op) for op in SEED]).text
    md = render_markdown(build_report(SEED, options=ReportOptions(workspace=workspace_dir)), "seed_files")
    lines = md.split("## Principles by operation", 1)[1].split("## The operations", 1)[0].splitlines()
    table = [line for line in lines if line.startswith("| ") and "---" not in line][1:]
    assert len(table) == len(shown["rows"])
    for row, line in zip(shown["rows"], table, strict=True):
        cells = re.findall(r"\[\*\*(.+?)\*\* [^(]*\((\d+)/(\d+)\)\]\(#([^)]+)\)", line)
        expected = [
            (fmt.score(c["score"]), str(c["scored"]), str(c["total"]), f"{op}--{row['principle']}")
            for op, c in row["operations"].items()
        ]
        assert cells == expected, (row["principle"], line)
        for op, c in row["operations"].items():  # the page's cell: the same score, count and evidence
            cell = re.search(rf'<td data-operation="{op}" data-principle="{row["principle"]}">(.*?)</td>', page, re.S)
            assert cell, (op, row["principle"])
            text = " ".join(re.sub(r"<[^>]+>", " ", cell.group(1)).split())
            assert text.startswith(fmt.score(c["score"]) if c["score"] is not None else "insufficient evidence"), text
            assert f"{c['scored']}/{c['total']} scored · {len(c['evidence_ids'])} evidence" in text, text
