"""Property-based API tests from the generated OpenAPI document (schemathesis), with a bounded number of examples.

Every operation in the document is called with generated inputs (valid and
invalid), first anonymously, then as a logged-in admin sending the session's
form token, so the POST handlers run on generated data rather than stopping
at the CSRF check. The checks are schemathesis' defaults: no server error,
and status codes, content types, headers and bodies as documented (the one
error shape included).

Driven through Hypothesis directly: schemathesis' pytest plugin
(``schema.parametrize``) does not work with pytest 9 yet.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from web_support import ADMIN, SEED, csrf_of, login

MAX_EXAMPLES = 15  # per operation and run: both runs together stay well under two minutes on two cores

# Schema-valid requests that these operations rightly refuse with 400, for reasons no schema can state:
# /ingest needs exactly one of text, file and url; a review action needs a candidate that is still pending
# and linked to an operation; the operations list refuses year_from after year_to (the generator finds that case
# since the list gained its lead_group and decade filters). Every other check still runs on them.
STATEFUL = {
    "/ingest",
    "/review/{candidate_id}/accept",
    "/review/{candidate_id}/reject",
    "/review/{candidate_id}/edit",
    "/operations.json",
    "/operations.csv",
}


def _operations(app):
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    return sorted(operations, key=lambda op: op.path == "/logout")  # logging out last keeps the session for the others


def _describe(exc: BaseException) -> str:
    inner = exc.exceptions if isinstance(exc, BaseExceptionGroup) else [exc]
    return "; ".join(f"{type(e).__name__}: {' '.join(str(e).split())[:400]}" for e in inner)


def _run(app, headers: dict | None = None) -> list[str]:
    from schemathesis.specs.openapi.checks import positive_data_acceptance

    failures = []
    for operation in _operations(app):
        excluded = [positive_data_acceptance] if operation.path in STATEFUL else []

        @given(case=operation.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):  # called below, in this same iteration
            case.call_and_validate(headers=headers, excluded_checks=excluded)  # noqa: B023

        try:
            check()
        except (Exception, BaseExceptionGroup) as exc:  # collect every operation's failures, then report them all
            failures.append(f"{operation.method.upper()} {operation.path}: {_describe(exc)}")
    return failures


def test_every_api_operation_is_in_the_document(app):
    paths = {(op.method.upper(), op.path) for op in _operations(app)}
    assert {
        ("GET", "/operations.json"),
        ("GET", "/operations/{op_id}.json"),
        ("GET", "/evidence.csv"),
        ("POST", "/ingest"),
        ("POST", "/review/{candidate_id}/accept"),
        ("GET", "/admin.json"),
    } <= paths


def test_api_conforms_to_its_openapi_document_anonymously(app):
    failures = _run(app)
    if failures:
        pytest.fail("\n\n".join(failures))


def test_api_conforms_to_its_openapi_document_as_an_admin(app, accounts, new_client):
    client = new_client(app)
    assert login(client, *ADMIN).status_code == 303
    token = csrf_of(client)
    client.post("/ingest", data={"csrf_token": token, "text": SEED.read_text(encoding="utf-8")})  # a queue to act on
    headers = {"cookie": f"peaceops_session={client.cookies.get('peaceops_session')}", "x-csrf-token": token}
    failures = _run(app, headers)
    if failures:
        pytest.fail("\n\n".join(failures))
