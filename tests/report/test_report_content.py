"""What every report must hold: traceable numbers, resolvable links, stated gaps, offline HTML, host-renderable
Markdown."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from report_helpers import MINI_OPS, TESTS

MINI = TESTS / "data" / "mini_registry"
SEED = ["kazakhstan-csto-cpf-2022", "afghanistan-isaf-2001", "bosnia-ifor-1995", "kosovo-kfor-1999", "lebanon-mnf-1982"]


class _Anchors(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.links, self.external = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        href = attrs.get("href") or ""
        if tag == "a" and href.startswith("#"):
            self.links.append(href[1:])
        if attrs.get("src") or tag in ("link", "script", "img", "iframe"):
            self.external.append((tag, attrs))
        if tag == "use" and attrs.get("xlink:href", "#").startswith(("http", "//")):
            self.external.append((tag, attrs))


def _anchors(html: str) -> _Anchors:
    parser = _Anchors()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def seed_report():
    """The seed's comparison on the shipped data (no workspace), built once for the read-only checks below."""
    import datetime as dt

    from peaceops.report import ReportOptions, build_report

    options = ReportOptions(as_of=dt.date(2025, 1, 1), generated_at=dt.datetime(2025, 1, 2, tzinfo=dt.UTC))
    return build_report(SEED, options=options)


def test_seed_comparison_has_the_seed_shape(seed_report):
    from peaceops import catalog
    from peaceops.report import render_html

    cat = catalog.load()
    assert [op.id for op in seed_report.operations] == SEED
    assert [row.principle_id for row in seed_report.rows] == [p.id for p in cat.framework.principles]
    assert all(len(row.cells) == len(SEED) for row in seed_report.rows)
    html = render_html(seed_report)
    found = _anchors(html)
    assert len(found.ids) == len(set(found.ids)), "duplicate ids"
    assert set(found.links) <= set(found.ids), f"links to nowhere: {sorted(set(found.links) - set(found.ids))[:5]}"
    for row in seed_report.rows:  # every cell links to its evidence block
        for cell in row.cells:
            assert f'href="#{cell.anchor}"' in html and f'id="{cell.anchor}"' in html
    # every curated evidence item of the five operations is shown, anchored by its id
    for op_id in SEED:
        for ev in cat.evidence_for(op_id):
            assert f'id="{ev.id}"' in html


def test_every_reference_number_is_defined_once_and_numbers_run_down_the_page(seed_report, tmp_path):
    from peaceops.report import write_built

    md = write_built(seed_report, "md", tmp_path / "seed.md").path.read_text(encoding="utf-8")
    body, _, notes = md.partition("\n## References\n")
    cited = [int(n) for n in re.findall(r"\[\^(\d+)\](?!:)", body)]
    first_seen = list(dict.fromkeys(cited))
    assert first_seen == list(range(1, len(first_seen) + 1)), "footnotes must be numbered in reading order"
    defined = [int(n) for n in re.findall(r"^\[\^(\d+)\]:", notes, re.M)]
    assert defined == list(range(1, len(seed_report.references) + 1))
    assert set(cited) == set(defined), "every reference is cited and every citation defined"


def test_every_source_a_fact_cites_is_in_the_bibliography(seed_report):
    from peaceops import registry

    reg = registry.load()
    keys = {r.key for r in seed_report.references}
    for op_id in SEED:
        op = reg.get(op_id)
        for source_id in op.lead.sources + op.host.sources:
            assert source_id in keys


def test_html_is_self_contained(tmp_path, options):
    from peaceops.report import write_report

    path = write_report(["kosovo-kfor-1999"], "html", tmp_path, data_dir=MINI, options=options()).path
    html = path.read_text(encoding="utf-8")
    found = _anchors(html)
    assert found.external == [], "a report must open offline: no external images, scripts or stylesheets"
    assert "<style>" in html and html.count("<svg") == 1  # the map (KFOR has no strength figure in the fixture)
    assert "@page" in html and "counter(pages)" in html  # prints with page numbers
    assert set(found.links) <= set(found.ids)


def test_markdown_tables_parse_and_images_exist(tmp_path, options):
    from markdown_it import MarkdownIt

    from peaceops.report import write_report

    written = write_report(["kosovo-kfor-1999"], "md", tmp_path, data_dir=MINI, options=options())
    md = written.path.read_text(encoding="utf-8")
    html = MarkdownIt("commonmark").enable("table").render(md)
    tables = len(re.findall(r"^\|---", md, re.M))
    assert html.count("<table>") == tables > 5
    assert "|---" not in html  # no table fell apart into a paragraph
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", md)
    assert images == ["kosovo-kfor-1999_files/map.svg"]
    assert [p.name for p in written.assets] == ["map.svg"]
    assert (written.path.parent / images[0]).read_text(encoding="utf-8").startswith("<?xml")


def test_thin_operation_says_what_is_missing(options):
    from peaceops.report import build_report, render_html, render_markdown

    report = build_report(["transnistria-jpkf-1992"], data_dir=MINI, options=options())
    gaps = " ".join(report.gaps)
    for missing in (
        "deployed strength",
        "area point",
        "who requested it",
        "who declared it peacekeeping",
    ):
        assert f"Not recorded: {missing}" in gaps
    assert all(f.value.strip() for f in report.facts), "no blank fact"
    assert report.strength.rows == [] and report.strength.missing == "No strength figure is recorded."
    assert report.map.message.startswith("No area point")
    assert not report.conflict.measured and "events load" in report.conflict.message
    outcome = next(p for p in report.principles if p.id == "conflict-outcome")
    assert outcome.score == "—" and outcome.level == "not measured"  # never a zero
    for text in (render_html(report), render_markdown(report, "x_files")):
        assert "None" not in text and "nan" not in text.lower().split()
        assert "No strength figure is recorded." in text and "Not measured." in text


def test_evidence_filter_is_shown_and_dropped_items_are_marked(options):
    from peaceops.evidence import GradeFilter
    from peaceops.report import build_report, render_markdown

    opts = options(grade_filter=GradeFilter(frozenset({"borshchevskaya-2022-war-for-peace"})))
    report = build_report(["transnistria-jpkf-1992"], data_dir=MINI, options=opts)
    assert report.header.evidence_filter == "excluding sources borshchevskaya-2022-war-for-peace"
    items = [ev for p in report.principles for ind in p.indicators for ev in ind.evidence]
    dropped = [ev for ev in items if not ev.counted]
    assert len(dropped) == 1 and dropped[0].stance == "contradicts"
    assert "not counted: left out by the evidence filter" in render_markdown(report, "x_files")


def test_comparison_of_one_operation_twice_is_refused(options):
    from peaceops.errors import UsageError
    from peaceops.report import build_report

    with pytest.raises(UsageError, match="named twice"):
        build_report(["kosovo-kfor-1999", "KFOR"], data_dir=MINI, options=options())


def test_two_runs_differ_only_in_the_generation_timestamp(tmp_path):
    import datetime as dt

    from peaceops.report import ReportOptions, strip_generated, write_report

    texts = []
    for hour in (1, 2):
        opts = ReportOptions(as_of=dt.date(2025, 1, 1), generated_at=dt.datetime(2025, 1, 2, hour, tzinfo=dt.UTC))
        for fmt in ("html", "md"):
            path = write_report(MINI_OPS, fmt, tmp_path / str(hour), data_dir=MINI, options=opts).path
            texts.append(path.read_text(encoding="utf-8"))
    assert texts[0] != texts[2]  # the timestamps differ ...
    assert strip_generated(texts[0]) == strip_generated(texts[2])  # ... and nothing else
    assert strip_generated(texts[1]) == strip_generated(texts[3])
