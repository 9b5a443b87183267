"""/ingest: paste text, upload a file or give a URL, and see what was found. Editors and admins.

URLs go through :func:`peaceops.ingest.ingest`, whose safe fetcher refuses
private and loopback addresses, caps sizes and follows redirects with the
same checks; this module never fetches anything itself. Only http(s) URLs
are passed on, parsed by the one URL parser of ingestion (any scheme case),
and ``ingest(only_urls=True)`` never reads a path or stdin: ``HTTP://x`` is
a URL here, never the server's own folder ``HTTP:/x``.
"""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from starlette.exceptions import HTTPException

from peaceops import ingest
from peaceops.errors import UsageError
from peaceops.ingest.errors import InputRejected
from peaceops.ingest.store import recent_documents
from peaceops.ingest.urls import is_web_url, parse_web_url, shown
from peaceops.web.context import WebContext
from peaceops.web.deps import actor, web
from peaceops.web.errors import ERROR_RESPONSES, FORM_RESPONSES, wants_json
from peaceops.web.limits import MAX_UPLOAD_BYTES, too_large_message
from peaceops.web.render import JSON_TYPE, json_response, render
from peaceops.web.security import require_editor

router = APIRouter(
    tags=["ingest"],
    responses={
        **ERROR_RESPONSES,
        401: ERROR_RESPONSES[400] | {"description": "Unauthorized"},
        403: ERROR_RESPONSES[400] | {"description": "Forbidden"},
        413: ERROR_RESPONSES[400] | {"description": "Content Too Large"},
    },
)


@router.get("/ingest", include_in_schema=False)
def ingest_page(request: Request, user=Depends(require_editor), ctx: WebContext = Depends(web)):
    return render(
        request,
        "ingest.html",
        {"results": None, "limit_mb": MAX_UPLOAD_BYTES // (1024 * 1024), "recent": recent_documents(ctx.workspace, 25)},
        alternates=[("/documents.json", JSON_TYPE)],
    )


@router.get("/documents.json", summary="The newest ingested documents, with their mentions and pending candidates")
def documents_json(limit: int = Query(50, ge=1, le=500), ctx: WebContext = Depends(web)):
    return json_response({"documents": recent_documents(ctx.workspace, limit)}, html="/ingest")


def _check_url(url: str) -> str:
    url = url.strip()
    if not is_web_url(url):
        raise UsageError(f"expected an http:// or https:// address, found {shown(url)!r}")
    try:
        parse_web_url(url)
    except InputRejected as exc:
        raise UsageError(str(exc)) from None
    return url


@router.post(
    "/ingest",
    responses=FORM_RESPONSES,
    summary="Ingest pasted text, an uploaded file or a URL (one of text, file, url; editors)",
    form_limits={"max_part_size": MAX_UPLOAD_BYTES, "max_files": 1, "max_fields": 10},
)
def ingest_submit(
    request: Request,
    text: str = Form("", description="Pasted text or HTML."),
    url: str = Form("", max_length=2000, description="An http(s) address, fetched through the safe fetcher."),
    file: UploadFile | None = File(None, description="A file (HTML or plain text, any common encoding)."),
    user=Depends(require_editor),
    ctx: WebContext = Depends(web),
):
    given = [
        name
        for name, present in (
            ("text", text.strip()),
            ("file", file is not None and file.filename),
            ("url", url.strip()),
        )
        if present
    ]
    if len(given) != 1:
        raise UsageError(
            "give exactly one of: pasted text, a file, or a URL" + (f" (found {', '.join(given)})" if given else "")
        )
    who = actor(user)
    if given == ["text"]:
        results = [
            ingest.ingest_text(
                text, origin="paste", workspace=ctx.workspace, catalog=ctx.catalog, actor=who, kind="paste"
            )
        ]
    elif given == ["file"]:
        raw = file.file.read(MAX_UPLOAD_BYTES + 1)
        if len(raw) > MAX_UPLOAD_BYTES:
            raise HTTPException(413, too_large_message())
        name = (file.filename or "upload").replace("\\", "/").rsplit("/", 1)[-1][:200]
        results = [
            ingest.ingest_bytes(
                raw,
                origin=f"upload:{name}",
                workspace=ctx.workspace,
                catalog=ctx.catalog,
                actor=who,
                kind="upload",
                content_type=file.content_type,
            )
        ]
    else:
        report = ingest.ingest(
            [_check_url(url)],
            workspace=ctx.workspace,
            catalog=ctx.catalog,
            allow_private=False,
            actor=who,
            only_urls=True,
        )
        results = report.results
    data = {"documents": [_result_dict(r) for r in results]}
    if wants_json(request):
        return json_response(data)

    return render(
        request,
        "ingest.html",
        {
            "results": data["documents"],
            "limit_mb": MAX_UPLOAD_BYTES // (1024 * 1024),
            "recent": recent_documents(ctx.workspace, 25),
        },
    )


def _result_dict(result) -> dict:
    return asdict(result)
