"""Turn data into a response: an HTML page, its JSON twin or a CSV table.

Pages are Jinja2 templates with autoescaping on for every template, so text
from ingested documents is always shown as text. Every data page names its
twins in a ``Link: <...>; rel="alternate"; type="..."`` header (and a
``<link rel="alternate">`` element), and every twin names its page.
"""

from __future__ import annotations

import csv
import io
import json
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from peaceops import vocab
from peaceops.present import format as fmt
from peaceops.web.security import csrf_token, current_user, safe_href

TEMPLATES_DIR = Path(__file__).parent / "templates"

JSON_TYPE = "application/json"
CSV_TYPE = "text/csv"
HTML_TYPE = "text/html"


@lru_cache(maxsize=1)
def templates() -> Jinja2Templates:

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,  # every template, whatever its extension
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_href"] = safe_href
    env.filters["score"] = fmt.score  # the one score format of every face
    env.filters["tojson_pretty"] = lambda value: json.dumps(value, ensure_ascii=False, indent=2, default=str)
    env.globals["query"] = query_string
    env.globals["vocab"] = vocab  # choices of select boxes come from the one definition
    return Jinja2Templates(env=env)


def query_string(**params) -> str:
    """A query string from keyword arguments, dropping empty values (lists repeat the key)."""
    pairs = []
    for key, value in params.items():
        if value is None or value == "" or value == []:
            continue
        if isinstance(value, (list, tuple)):
            pairs += [(key, v) for v in value]
        else:
            pairs.append((key, value))
    return ("?" + urlencode(pairs)) if pairs else ""


def link_header(alternates: list[tuple[str, str]]) -> str:
    return ", ".join(f'<{href}>; rel="alternate"; type="{kind}"' for href, kind in alternates)


def with_query(request: Request, path: str) -> str:
    """``path`` with the request's query string (so a filtered page's twin is filtered the same way)."""
    return path + (f"?{request.url.query}" if request.url.query else "")


BODY_SLOT = "<!--peaceops:page-body-->"
"""Where :func:`render` puts a page's content rendered beforehand (``body=``): the page template shows it as
``{{ body }}``."""


def render(
    request: Request,
    template: str,
    context: dict,
    *,
    status_code: int = 200,
    headers=None,
    alternates: list[tuple[str, str]] = (),
    body: bytes | None = None,
) -> HTMLResponse:
    """The page ``template`` (which extends base.html) for this visitor.

    ``body``: the page's content, rendered and encoded once and shared by every visitor (an operation, the list).
    It is joined to this visitor's layout as bytes, not passed through the template: a large page would be copied
    by Jinja's escaping and joins several times on every request.
    """
    if body is not None:
        context = {**context, "body": Markup(BODY_SLOT)}
    flash = request.session.pop("flash", None) if "session" in request.scope else None
    user = current_user(request) if "session" in request.scope else None
    page = {
        "request": request,
        "user": user,
        "csrf_token": csrf_token(request) if "session" in request.scope else "",
        "flash": flash,
        "alternates": list(alternates),
        "path": request.url.path,
        **context,
    }
    response = templates().TemplateResponse(request, template, page, status_code=status_code, headers=headers)
    if body is not None:
        before, after = response.body.split(BODY_SLOT.encode(), 1)
        response.body = b"".join((before, body, after))
        response.headers["content-length"] = str(len(response.body))
    if alternates:
        response.headers["link"] = link_header(list(alternates))
    return response


def flash(request: Request, message: str, kind: str = "info") -> None:
    """A one-line message shown on the next page the browser loads."""
    request.session["flash"] = {"message": message, "kind": kind}


def json_bytes(data) -> bytes:
    """The JSON body, serialised once (values JSON does not know, such as dates, become strings)."""
    return json.dumps(data, ensure_ascii=False, default=str, separators=(",", ":")).encode("utf-8")


def json_response(
    data, *, html: str | None = None, csv_href: str | None = None, status_code: int = 200, body: bytes | None = None
) -> Response:
    """A JSON response with its alternates in a Link header; pass ``body`` to send bytes already serialised."""
    alternates = []
    if html:
        alternates.append((html, HTML_TYPE))
    if csv_href:
        alternates.append((csv_href, CSV_TYPE))
    headers = {"link": link_header(alternates)} if alternates else None
    return Response(
        body if body is not None else json_bytes(data),
        status_code=status_code,
        headers=headers,
        media_type="application/json",
    )


def csv_response(
    rows: list[dict],
    *,
    filename: str,
    html: str | None = None,
    json_href: str | None = None,
    columns: list[str] | None = None,
) -> Response:
    """Rows as CSV; lists are joined with ';'. Cells starting with = + - @ are prefixed with ' (no formula
    injection)."""
    columns = columns or (list(rows[0]) if rows else [])
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(row.get(key)) for key in columns})
    alternates = [(h, k) for h, k in ((html, HTML_TYPE), (json_href, JSON_TYPE)) if h]
    headers = {"content-disposition": f'inline; filename="{filename}"'}
    if alternates:
        headers["link"] = link_header(alternates)
    return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = ";".join(str(v) for v in value)
    elif isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
