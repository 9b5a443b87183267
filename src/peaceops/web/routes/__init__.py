"""Routes, one module per domain; each handler calls domain functions and renders."""

from __future__ import annotations

from peaceops.web.routes import admin, auth, compare, evidence, ingest, operations, overview, review, studies, watch

ROUTERS = [
    overview.router,
    operations.router,
    compare.router,
    evidence.router,
    ingest.router,
    review.router,
    watch.router,
    studies.router,
    auth.router,
    admin.router,
]
