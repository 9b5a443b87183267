"""Render a built report as HTML (self-contained), Markdown (with its images beside it) or PDF (WeasyPrint)."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from markupsafe import Markup

from peaceops.report.errors import ReportError

if TYPE_CHECKING:
    from pathlib import Path

FORMATS = ("html", "pdf", "md")
GENERATED = re.compile(
    r"(Generated |datetime=\"|content=\"|class=\"generated\" datetime=\"<generated>\">)"
    r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"
)


def strip_generated(text: str) -> str:
    """The text with its generation timestamps replaced by a fixed marker (to compare two runs)."""
    for _ in range(2):  # the visible <time> text follows its own (already replaced) datetime attribute
        text = GENERATED.sub(r"\1<generated>", text)
    return text


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<|])")
_MD_LINE_START = re.compile(r"^(\s*)([#>]|[-+](?=\s))")
_MD_ORDERED = re.compile(r"^(\s*\d+)([.)])(?=\s)")


def md_escape(text) -> str:
    """Escape Markdown syntax so registry text shows as written (inline marks anywhere, block marks at the start)."""
    text = _MD_SPECIAL.sub(r"\\\1", str(text))
    text = _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    return _MD_ORDERED.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def md_cell(text) -> str:
    """Escaped for a table cell: one line."""
    return md_escape(re.sub(r"\s*\n\s*", " ", str(text)).strip())


@lru_cache(maxsize=1)
def _environment():
    # heavy: jinja2, loaded on first use
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("peaceops.report", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    env.filters["md"] = md_escape
    env.filters["cell"] = md_cell
    return env


def _css() -> str:
    return resources.files("peaceops.report").joinpath("templates/report.css").read_text(encoding="utf-8")


def render_html(report) -> str:
    """One self-contained HTML page: inline CSS, inline SVG charts and map, no external resource."""

    template = _environment().get_template(f"{report.kind}.html.j2")
    return _tidy(template.render(r=report, css=Markup(_css())))


def render_markdown(report, assets_dir_name: str) -> str:
    """Markdown (GitHub flavour: tables, footnotes); figures are linked as ``<assets_dir_name>/<key>.svg``."""
    template = _environment().get_template(f"{report.kind}.md.j2")
    return _tidy(template.render(r=report, assets=assets_dir_name))


def _tidy(text: str) -> str:
    """No trailing spaces, at most one blank line in a row, one final newline."""
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip() + "\n"


def write_pdf(html: str, target: Path) -> None:
    """The HTML printed to PDF by WeasyPrint; the PDF's dates are the report's generation timestamp."""
    try:
        import weasyprint  # heavy: weasyprint, loaded on first use
    except (ImportError, OSError) as exc:  # OSError: the Pango libraries are missing
        raise ReportError(
            f"PDF output needs WeasyPrint and the Pango libraries ({exc}); install them with "
            "`pip install weasyprint` and `apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core`, or use "
            "--format html"
        ) from exc
    document = weasyprint.HTML(string=html, base_url=None).render()
    document.write_pdf(target)
