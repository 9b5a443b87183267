"""Snapshots of the Markdown and HTML reports on the fixture registry (review the diff when they change).

Refresh with ``PEACEOPS_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/report``.
"""

from __future__ import annotations

import pytest
from report_helpers import MINI_OPS, TESTS, normalise_html

MINI = TESTS / "data" / "mini_registry"


@pytest.mark.parametrize(
    "queries, name",
    [
        (["transnistria-jpkf-1992"], "transnistria-jpkf-1992"),
        (["kosovo-kfor-1999"], "kosovo-kfor-1999"),
        (MINI_OPS, "mini-comparison"),
    ],
)
def test_markdown_and_html_snapshots(queries, name, options, snapshot, tmp_path):
    from peaceops.report import strip_generated, write_report

    md = write_report(queries, "md", tmp_path, data_dir=MINI, options=options(), name=name)
    snapshot(f"{name}.md", strip_generated(md.path.read_text(encoding="utf-8")))
    html = write_report(queries, "html", tmp_path, data_dir=MINI, options=options(), name=name)
    snapshot(f"{name}.html", normalise_html(html.path.read_text(encoding="utf-8")))
