"""The PDF (text extracted with pypdf), the conflict section from real event data, the CLI and the demo."""

from __future__ import annotations

import json

import pytest
from report_helpers import MINI_OPS, TESTS

MINI = TESTS / "data" / "mini_registry"


def _pdf_text(path) -> str:
    from pypdf import PdfReader

    reader = PdfReader(path)
    return "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_holds_operations_principles_and_citations_and_is_reproducible(tmp_path, options):
    from peaceops import catalog
    from peaceops.report import build_report, write_built

    report = build_report(MINI_OPS, data_dir=MINI, options=options())
    first = write_built(report, "pdf", tmp_path / "a.pdf").path
    second = write_built(report, "pdf", tmp_path / "b.pdf").path
    assert first.read_bytes()[:5] == b"%PDF-"
    assert first.read_bytes() == second.read_bytes(), "same data and timestamp must give the same bytes"
    text = " ".join(_pdf_text(first).split())
    cat = catalog.load(MINI)
    for op_id in MINI_OPS:
        assert cat.registry.get(op_id).name.en in text
    for principle in cat.framework.principles:
        assert principle.name in text
    for source in cat.registry.sources.values():  # every fixture source is cited somewhere in the comparison
        assert source.title[:40] in text
    assert "Not measured." in text and "2025-01-02T03:04:05Z" in text


def test_pdf_dates_are_the_generation_timestamp(tmp_path, options):
    from pypdf import PdfReader

    from peaceops.report import write_report

    path = write_report(["kosovo-kfor-1999"], "pdf", tmp_path, data_dir=MINI, options=options()).path
    info = PdfReader(path).metadata
    assert info["/CreationDate"].startswith("D:20250102030405")
    assert info["/ModDate"].startswith("D:20250102030405")


def test_conflict_section_from_event_data(events_workspace, options):
    from peaceops import events, registry
    from peaceops.report import build_report, render_markdown

    report = build_report(["kosovo-kfor-1999"], data_dir=MINI, options=options(workspace=events_workspace))
    conflict = report.conflict
    assert conflict.measured and conflict.figure is not None
    trajectory = events.trajectory("kosovo-kfor-1999", workspace=events_workspace, registry=registry.load(MINI))
    assert conflict.classification == trajectory.classification
    # the series the chart draws is the events module's deaths per year, zero-filled within the data's coverage
    frame = events.metrics("kosovo-kfor-1999", workspace=events_workspace, registry=registry.load(MINI))
    yearly = frame[frame.dataset == "ucdp-ged"].groupby("year")["fatalities_best"].sum()
    shown = {int(row.cells[0]): int(row.cells[1].replace(",", "")) for row in conflict.series.rows}
    assert sum(shown.values()) == int(yearly[yearly.index.isin(list(shown))].sum()) > 0
    assert all(shown[y] == 0 for y in shown if y not in yearly.index)
    assert conflict.files.rows[0].cells[0] == "ucdp_reduced_balkans.csv"
    dataset = [r for r in report.references if r.key == "dataset:ucdp-ged"]
    assert dataset and "Sundberg" in dataset[0].text
    # the assessment read the same trajectory: the outcome indicator is no longer "not measured"
    outcome = next(i for p in report.principles for i in p.indicators if i.id == "outcome-trajectory")
    assert outcome.status != "not measured"
    assert "fatalities" in render_markdown(report, "kosovo_files")


def test_cli_writes_each_format(report_cli, tmp_path):
    for fmt in ("html", "md"):
        result = report_cli(
            "transnistria-jpkf-1992",
            "--format",
            fmt,
            "--out",
            str(tmp_path),
            "--as-of",
            "2025-01-01",
            "--json",
            data=MINI,
        )
        assert result.exit_code == 0, result.stderr
        written = json.loads(result.stdout)
        assert written["kind"] == "operation" and written["format"] == fmt
        assert written["path"].endswith(f"transnistria-jpkf-1992.{fmt}")
    result = report_cli("JPKF Transnistria", "KFOR", "--out", str(tmp_path / "cmp.html"), data=MINI)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == str(tmp_path / "cmp.html")
    assert "Comparison: JPKF, KFOR" in (tmp_path / "cmp.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "args, message",
    [
        (["atlantis-force-2030"], "no operation matches"),
        (["kosovo-kfor-1999", "--format", "pdf", "--out", "x.html"], "ends in '.html' but the format is pdf"),
        (["kosovo-kfor-1999", "--as-of", "yesterday"], "expected a date as YYYY-MM-DD"),
        (["kosovo-kfor-1999", "--min-grade", "Z9"], "expected a grade like B3"),
    ],
)
def test_cli_errors_say_what_to_do(report_cli, args, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = report_cli(*args, data=MINI)
    assert result.exit_code != 0
    assert message in result.stderr


def test_reports_demo_writes_the_seed_comparison_in_every_format(tmp_path):
    from peaceops.cli.demo import run_reports_demo

    lines = []
    written = run_reports_demo(tmp_path / "build", tmp_path / "ws", None, lines.append)
    names = sorted(p.rsplit("/", 1)[1] for paths in written.values() for p in paths)
    assert names == sorted(
        f"{stem}.{ext}" for stem in ("seed-comparison", "kazakhstan-csto-cpf-2022") for ext in ("html", "pdf", "md")
    )
    text = " ".join(_pdf_text(tmp_path / "build" / "seed-comparison.pdf").split())
    for name in ("CSTO CPF", "ISAF", "IFOR", "KFOR", "MNF", "Consent of the main parties", "Multilateralism"):
        assert name in text
    assert any("seed's comparison" in line for line in lines)


def test_pdf_without_weasyprint_says_how_to_install(tmp_path, options, monkeypatch):
    import sys

    from peaceops.report import ReportError, write_report

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails as if it were not installed
    with pytest.raises(ReportError, match=r"pip install weasyprint.*libpango-1\.0-0 libpangoft2-1\.0-0"):
        write_report(["kosovo-kfor-1999"], "pdf", tmp_path, data_dir=MINI, options=options())
    assert [
        p for p in tmp_path.iterdir() if p.name != "home"
    ] == []  # no partial file left behind (home: the test's $HOME)
