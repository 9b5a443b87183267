"""Charts as SVG text, drawn with matplotlib and made byte-for-byte reproducible.

Determinism: a fixed ``svg.hashsalt`` (element ids), no ``Date`` in the SVG
metadata, a fixed ``Creator``, and text kept as ``<text>`` (``svg.fonttype =
'none'``) so it stays searchable in the HTML and in the PDF. matplotlib is
imported inside the functions (never at CLI start-up) and only through the
object-oriented API (no pyplot, no global backend switch).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt

RC = {
    "svg.hashsalt": "peaceops",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "legend.frameon": False,
    "legend.fontsize": 8,
}
BASIS_STYLE = {  # strength figure basis -> (marker, colour)
    "actual": ("o", "#1f4e79"),
    "reported": ("o", "#2e75b6"),
    "peak": ("^", "#1f4e79"),
    "announced": ("s", "#a5a5a5"),
    "authorised": ("D", "#7f7f7f"),
}
DEPLOYED = "#f2e6c9"
MAX_LABELLED = 15  # more points than this and the source labels would cover the chart
BARS = "#9c2f2f"


@dataclass(frozen=True)
class StrengthPoint:
    day: dt.date
    troops: int
    basis: str
    label: str  # e.g. "[12]" source numbers, drawn beside the point


@dataclass(frozen=True)
class Period:
    """Deaths in one period (a year or a month) as the events module counts them."""

    start: dt.date
    end: dt.date
    deaths: int


def _svg(fig, prefix: str) -> str:
    """The figure as an inline-ready <svg> element with ids prefixed, without XML prologue."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "peaceops (matplotlib)"}, bbox_inches=None)
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    ids = re.findall(r'\bid="([^"]+)"', text)
    for old in sorted(set(ids), key=len, reverse=True):
        new = f"{prefix}-{old}"
        text = (
            text.replace(f'id="{old}"', f'id="{new}"').replace(f"#{old})", f"#{new})").replace(f'"#{old}"', f'"#{new}"')
        )
    return text.strip() + "\n"


def _figure(width_in: float, height_in: float):
    from matplotlib.figure import Figure  # heavy: matplotlib, loaded on first use

    return Figure(figsize=(width_in, height_in), dpi=72, layout="constrained")


def strength_chart(
    points: list[StrengthPoint], *, title: str, prefix: str, start: dt.date | None = None, end: dt.date | None = None
) -> str:
    """Strength over time: one marker per registry figure, styled by basis, labelled with its source numbers."""
    # heavy: matplotlib, loaded on first use
    import matplotlib
    import matplotlib.dates as mdates

    with matplotlib.rc_context(RC):
        fig = _figure(7.2, 3.0)
        ax = fig.add_subplot()
        if start is not None:
            ax.axvspan(
                start,
                end or max(p.day for p in points),
                color=DEPLOYED,
                zorder=0,
                label="deployed" + ("" if end else " (ongoing)"),
            )
        for basis, (marker, colour) in BASIS_STYLE.items():
            mine = sorted((p for p in points if p.basis == basis), key=lambda p: p.day)
            if not mine:
                continue
            ax.plot(
                [p.day for p in mine],
                [p.troops for p in mine],
                marker=marker,
                linestyle="none",
                color=colour,
                markersize=6,
                label=basis,
                zorder=3,
            )
        deployed = sorted((p for p in points if p.basis in ("actual", "reported", "peak")), key=lambda p: p.day)
        if len(deployed) > 1:
            ax.plot([p.day for p in deployed], [p.troops for p in deployed], color="#2e75b6", linewidth=0.8, zorder=2)
        ceiling = sorted((p for p in points if p.basis == "authorised"), key=lambda p: p.day)
        if len(ceiling) > 1:  # a ceiling holds until the next one: a step line
            ax.step(
                [p.day for p in ceiling],
                [p.troops for p in ceiling],
                where="post",
                color="#7f7f7f",
                linewidth=0.8,
                linestyle="--",
                zorder=2,
            )
        for p in points if len(points) <= MAX_LABELLED else ():  # a dense series: the table gives references
            ax.annotate(
                p.label, (p.day, p.troops), textcoords="offset points", xytext=(4, 4), fontsize=7, color="#444444"
            )
        ax.set_ylim(0, max(1, *(p.troops for p in points)) * 1.18)  # an all-zero series still gets an axis
        ax.set_ylabel("personnel")
        ax.set_title(title)
        ax.yaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
        locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.grid(axis="y", color="#e3e3e3", linewidth=0.6)
        ax.legend(loc="upper left", ncols=6)
        return _svg(fig, prefix)


def fatalities_chart(
    periods: list[Period],
    *,
    title: str,
    prefix: str,
    deployment: tuple[dt.date, dt.date | None] | None,
    reference: tuple[dt.date, str] | None,
    ylabel: str,
) -> str:
    """Deaths per period as bars, the deployment shaded and the trajectory's reference date marked."""
    # heavy: matplotlib, loaded on first use
    import matplotlib
    import matplotlib.dates as mdates

    with matplotlib.rc_context(RC):
        fig = _figure(7.2, 3.0)
        ax = fig.add_subplot()
        first = min(p.start for p in periods)
        last = max(p.end for p in periods)
        if deployment is not None:
            start, end = deployment
            shown_end = min(end or last, last)
            if start <= last:
                ax.axvspan(
                    max(start, first),
                    shown_end,
                    color=DEPLOYED,
                    zorder=0,
                    label="deployed" + ("" if end else " (ongoing)"),
                )
        widths = [(p.end - p.start).days * 0.85 for p in periods]
        ax.bar(
            [p.start for p in periods],
            [p.deaths for p in periods],
            width=widths,
            align="edge",
            color=BARS,
            zorder=2,
            label="deaths (best estimate)",
        )
        if reference is not None and first <= reference[0] <= last:
            ax.axvline(reference[0], color="#333333", linestyle="--", linewidth=1, zorder=3, label=reference[1])
        top = max((p.deaths for p in periods), default=0)
        ax.set_ylim(0, max(top * 1.15, 1))
        ax.set_xlim(first, last)
        ax.set_ylabel(ylabel)
        ax.set_title(title)
        ax.yaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
        locator = mdates.AutoDateLocator(minticks=3, maxticks=10)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.grid(axis="y", color="#e3e3e3", linewidth=0.6)
        ax.legend(loc="upper left", ncols=3)
        return _svg(fig, prefix)
