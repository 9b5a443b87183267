"""Small dependencies shared by the route modules."""

from __future__ import annotations

from fastapi import Request

from peaceops.web.context import WebContext


def web(request: Request) -> WebContext:
    """The application's :class:`WebContext`."""
    return request.app.state.web


def actor(user) -> str:
    """How a web user is named in the audit log."""
    return user.name
