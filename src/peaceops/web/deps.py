"""Small dependencies shared by the route modules."""

from __future__ import annotations

from fastapi import Request

from peaceops.web.context import WebContext


async def web(request: Request) -> WebContext:
    """The application's :class:`WebContext`.

    ``async``: it only reads an attribute, and FastAPI runs a plain ``def`` dependency in its thread pool, a
    hand-over to a thread and back on every request."""
    return request.app.state.web


def actor(user) -> str:
    """How a web user is named in the audit log."""
    return user.name
