"""Size limits on what a browser may send (ingested text is untrusted, and so is its size)."""

from __future__ import annotations

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
"""Largest file or pasted text accepted by /ingest."""

FORM_OVERHEAD_BYTES = 64 * 1024
"""Room for the other form fields and the multipart boundaries around the upload."""

MAX_INGEST_BODY = MAX_UPLOAD_BYTES + FORM_OVERHEAD_BYTES
MAX_FORM_BODY = 256 * 1024
"""Every other form (login, review, admin) is small."""


def too_large_message(path: str = "/ingest") -> str:
    """Why a request to ``path`` was refused with 413, naming that path's own limit."""
    if body_limit_for(path) == MAX_INGEST_BODY:
        return (
            f"the request is larger than the {MAX_UPLOAD_BYTES // (1024 * 1024)} MB limit for uploads and pasted text; "
            "split the document, or ingest it with `peaceops ingest` on the command line"
        )
    return (
        f"the request to {path[:200]} is larger than the {MAX_FORM_BODY // 1024} KB limit for this form; "
        "shorten what you entered (only /ingest takes documents)"
    )


def body_limit_for(path: str) -> int:
    return MAX_INGEST_BODY if path == "/ingest" else MAX_FORM_BODY


class BodyLimitMiddleware:
    """Refuse request bodies over the limit of their path with 413, before and while they are read.

    A declared Content-Length over the limit is refused before any byte is
    read; a body sent without one is counted as it streams in. The refusal is
    rendered by the application's error handler, so it has the one error
    shape (JSON) or is the error page (HTML).
    """

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit_for(scope.get("path", ""))
        declared = None
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = None
        if declared is not None and declared > limit:
            await _refuse(scope, receive, send)
            return
        seen = 0

        async def counting_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    from starlette.exceptions import HTTPException  # heavy: starlette, loaded on first use

                    raise HTTPException(413, too_large_message(scope.get("path", "")))
            return message

        await self.app(scope, counting_receive, send)


async def _refuse(scope, receive, send) -> None:
    from starlette.exceptions import HTTPException  # heavy: starlette, loaded on first use
    from starlette.requests import Request  # heavy: starlette, loaded on first use

    from peaceops.web.errors import http_error  # heavy: pulls in fastapi and starlette

    request = Request(scope, receive)
    response = await http_error(request, HTTPException(413, too_large_message(request.url.path)))
    response.headers["connection"] = "close"
    await response(scope, receive, send)
