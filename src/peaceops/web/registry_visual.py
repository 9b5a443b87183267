"""The registry at a glance on the home page and /operations: the timeline, the world map and their rows.

The rows and both SVGs are built by the domain (:mod:`peaceops.present.overview`,
:mod:`peaceops.present.visual`) once per registry and day (an active
operation's bar runs to today), and kept in the web context. A filtered page
draws the same operations with the filtered-out ones hidden; only the latest
filtered drawing is kept, and the world's countries are drawn once per process.
"""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from peaceops.present import overview, visual
from peaceops.web.context import WebContext


def registry_overview(ctx: WebContext, ops=None) -> dict:
    """The ``registry`` part of /index.json and /operations.json: legend, decades, counts and one row per operation
    (every operation, or those of ``ops`` in the same order as the full list)."""
    today = dt.date.today()
    full = ctx.latest("registry-overview", today, lambda: overview.registry_overview(ctx.registry, today))
    if ops is None:
        return full
    ids = {op.id for op in ops}
    rows = [row for row in full["operations"] if row["id"] in ids]
    return {
        **full,
        "bars": sum(1 for r in rows if r["start"]),
        "markers": sum(len(r["area"]) for r in rows),
        "operations": rows,
    }


def registry_svgs(ctx: WebContext, ops=None, hidden=frozenset()) -> dict:
    """``{"timeline": svg, "map": svg}`` of ``ops`` (None: every operation), those in ``hidden`` drawn hidden."""
    today = dt.date.today()
    hidden = frozenset(hidden)

    def draw(rows) -> dict:
        # Markup: the pages embed these as they are. The builders escape every text and attribute value they write
        # (xml.sax.saxutils.escape and quoteattr), and the content is curated data, never ingested text.
        return {
            "timeline": Markup(visual.timeline_svg(rows, today=today, hidden=hidden)),
            "map": Markup(visual.map_svg(rows, hidden=hidden)),
        }

    if ops is None and not hidden:
        return ctx.latest("registry-svgs", today, lambda: draw(registry_overview(ctx)["operations"]))
    rows = registry_overview(ctx, ops)["operations"]
    key = (today, tuple(r["id"] for r in rows), hidden)
    return ctx.latest("registry-svgs-filtered", key, lambda: draw(rows))
