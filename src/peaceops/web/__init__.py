"""The web application: browse, compare, review and ingest in a browser.

    from peaceops.web import create_app
    app = create_app(workspace="my-workspace")     # a FastAPI application

Run it with ``peaceops serve``. Pages are server-rendered Jinja2 templates;
every data page has a ``.json`` twin and tables a ``.csv`` one; the only
scripts are the small files under ``static/``. See docs/web.md.
"""

from __future__ import annotations

__all__ = ["create_app"]


def create_app(workspace=None, data_dir=None, secret_key=None, **kwargs):
    from peaceops.web.app import create_app as _create_app  # heavy: pulls in fastapi and starlette

    return _create_app(workspace, data_dir, secret_key, **kwargs)
