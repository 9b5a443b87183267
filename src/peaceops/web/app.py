"""The application factory.

    from peaceops.web import create_app
    app = create_app(workspace="ws", data_dir=None, secret_key=None)

``workspace`` and ``data_dir`` resolve as everywhere in peaceops (argument,
then environment, then default; see :mod:`peaceops.settings`). The secret
that signs session cookies resolves as described in
:func:`peaceops.web.context.resolve_secret_key`.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from peaceops import __version__, catalog
from peaceops.settings import resolve_data_dir
from peaceops.web import errors
from peaceops.web.context import WebContext, resolve_secret_key
from peaceops.web.limits import BodyLimitMiddleware
from peaceops.web.ratelimit import LoginLimiter
from peaceops.web.security import SESSION_COOKIE, SESSION_MAX_AGE, SecurityHeadersMiddleware, csrf_guard
from peaceops.workspace import open_workspace

STATIC_DIR = Path(__file__).parent / "static"

DESCRIPTION = """\
Evidence-based monitoring of peace operations: the registry, the assessment by
principle with the evidence behind every score, comparisons, graded evidence,
ingestion and the review queue.

Every page that shows data has a JSON twin (`/operations/<id>` and
`/operations/<id>.json`); tables also export as CSV. Reading is open; POST
routes need a logged-in editor or admin and the session's form token
(`csrf_token` field or `X-CSRF-Token` header; `GET /session.json` gives it).
Every error has the shape `{"error": {"status", "message", "detail"}}`.
"""


def create_app(
    workspace=None,
    data_dir=None,
    secret_key: str | None = None,
    *,
    secure_cookies: bool = False,
    login_limiter: LoginLimiter | None = None,
) -> FastAPI:
    """A FastAPI application serving the workspace ``workspace`` and the curated data in ``data_dir``."""
    from peaceops.web.routes import ROUTERS  # heavy: pulls in jinja2

    ws = open_workspace(workspace)
    data = resolve_data_dir(data_dir)
    context = WebContext(workspace=ws, data_dir=data, catalog=catalog.load(data))

    app = FastAPI(
        title="peaceops",
        version=__version__,
        description=DESCRIPTION,
        dependencies=[Depends(csrf_guard)],
        docs_url=None,  # the interactive docs load scripts from a CDN: not here
        redoc_url=None,
    )
    app.state.web = context
    app.state.login_limiter = (login_limiter or LoginLimiter()).bind(ws)
    errors.install(app)
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_middleware(
        SessionMiddleware,
        secret_key=resolve_secret_key(secret_key, ws.root),
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_MAX_AGE,
        same_site="lax",
        https_only=secure_cookies,
    )
    app.add_middleware(BodyLimitMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)
    return app
