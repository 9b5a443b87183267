"""Commands for the web application: ``peaceops serve`` and ``peaceops user ...``.

Registered in :mod:`peaceops.cli.main` as ``app.command("serve")(serve)`` and
``app.add_typer(user_app, name="user")``.
"""

from __future__ import annotations

import getpass
import ipaddress
import sys
from enum import StrEnum

import typer

from peaceops.cli.output import emit_json, handle_errors
from peaceops.errors import UsageError

user_app = typer.Typer(
    help="Accounts of the web application: editors ingest and review, admins also manage accounts.",
    no_args_is_help=True,
)


class Role(StrEnum):
    editor = "editor"
    admin = "admin"


def _cli_actor() -> str:
    """How a command-line user is named in the audit log."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _workspace(ctx):
    from peaceops.workspace import open_workspace  # deferred: ops show does not need it, keeps CLI start-up fast

    return open_workspace(ctx.obj.workspace)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@handle_errors
def serve(
    ctx: typer.Context,
    host: str = typer.Option(
        "127.0.0.1", "--host", help="Address to listen on (loopback by default; put HTTPS in front for anything else)."
    ),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    secure_cookies: bool = typer.Option(
        False, "--secure-cookies", help="Mark the session cookie Secure (when served over HTTPS)."
    ),
    log_level: str = typer.Option(
        "info", "--log-level", help="uvicorn log level: critical, error, warning, info, debug."
    ),
    forwarded_allow_ips: str = typer.Option(
        "",
        "--forwarded-allow-ips",
        metavar="ADDRESSES",
        help="Comma-separated addresses (or networks) of reverse proxies whose X-Forwarded-For and X-Forwarded-Proto "
        "are trusted. Empty (the default): forwarded headers are ignored and the peer's address is the client's.",
    ),
    watch: bool = typer.Option(
        False, "--watch", help="Also run the watch's poller (peaceops watch run) in this process, beside the web app."
    ),
) -> None:
    """Start the web application (browse, compare, review, ingest) with uvicorn.

    The session-signing key is $PEACEOPS_SECRET_KEY, else one kept in the
    workspace. Stop with Ctrl-C. Behind a reverse proxy, name it with
    --forwarded-allow-ips so that login limits and logs see the real client.
    """
    import uvicorn  # heavy: uvicorn, loaded on first use

    from peaceops.web import create_app  # deferred: ops show does not need it, keeps CLI start-up fast

    proxies = _trusted_proxies(forwarded_allow_ips)
    app = create_app(ctx.obj.workspace, ctx.obj.data, secure_cookies=secure_cookies)
    ws_root = app.state.web.workspace.root
    if not _is_loopback(host) and not secure_cookies:
        sys.stderr.write(
            "peaceops: warning: listening beyond loopback without --secure-cookies; "
            "serve it behind HTTPS and pass --secure-cookies\n"
        )
    typer.echo(f"peaceops web: http://{host}:{port}/  (workspace {ws_root}, data {app.state.web.data_dir})", err=True)
    stop, poller = _start_watch(ctx) if watch else (None, None)
    # uvicorn trusts X-Forwarded-For from 127.0.0.1 unless told otherwise (and reads $FORWARDED_ALLOW_IPS):
    # anyone on the machine could then forge their address past the login limit. Only named proxies are trusted.
    try:
        uvicorn.run(
            app,
            host=host,
            port=port,
            log_level=log_level,
            server_header=False,
            proxy_headers=bool(proxies),
            forwarded_allow_ips=proxies or None,
        )
    finally:
        if stop is not None:
            stop.set()
            poller.join(timeout=30)


def _start_watch(ctx):
    """The watch's poller in a thread of the server process; uvicorn's shutdown (SIGTERM, Ctrl-C) stops it."""
    import threading

    from peaceops import catalog
    from peaceops.watch import Watcher

    watcher = Watcher(_workspace(ctx), catalog.load(ctx.obj.data), actor="watch")
    stop = threading.Event()
    thread = threading.Thread(target=watcher.run, kwargs={"stop": stop}, name="peaceops-watch", daemon=True)
    thread.start()
    typer.echo("peaceops watch: polling the workspace's sources beside the web app", err=True)
    return stop, thread


def _trusted_proxies(value: str) -> list[str]:
    """The addresses or networks in ``--forwarded-allow-ips``; a usage error names any that is neither."""
    proxies = [item.strip() for item in value.split(",") if item.strip()]
    for item in proxies:
        if item == "*":
            continue
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError:
            raise UsageError(
                f"--forwarded-allow-ips: {item!r} is not an IP address or network; "
                "name each trusted proxy, e.g. --forwarded-allow-ips 10.0.0.5,10.0.1.0/24"
            ) from None
    return proxies


@user_app.command("add")
@handle_errors
def user_add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Account name (letters, digits, '.', '_', '@', '-')."),
    role: Role = typer.Option(
        Role.editor, "--role", help="editor (ingest and review) or admin (also manage accounts)."
    ),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from the first line of stdin instead of a prompt."
    ),
    json_out: bool = typer.Option(False, "--json", help="Print the account as JSON."),
) -> None:
    """Create an account; the password is asked twice (or read from stdin) and stored as an Argon2 hash."""
    from peaceops import users  # deferred: ops show does not need it, keeps CLI start-up fast

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    user = users.add_user(_workspace(ctx), name, password, role=role.value, actor=_cli_actor())
    if json_out:
        emit_json(user.as_dict())
    else:
        typer.echo(f"added {user.name} ({user.role})")


@user_app.command("list")
@handle_errors
def user_list(
    ctx: typer.Context, json_out: bool = typer.Option(False, "--json", help="Print the accounts as JSON.")
) -> None:
    """List accounts with their role and state."""
    from peaceops import users  # deferred: ops show does not need it, keeps CLI start-up fast

    accounts = users.list_users(_workspace(ctx))
    if json_out:
        emit_json([u.as_dict() for u in accounts])
        return
    if not accounts:
        typer.echo("no accounts yet; add one with `peaceops user add NAME --role admin`")
    for u in accounts:
        typer.echo(f"{u.name}\t{u.role}\t{'disabled' if u.disabled else 'enabled'}\t{u.created_at}")


@user_app.command("set-role")
@handle_errors
def user_set_role(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Account name."),
    role: Role = typer.Argument(..., help="editor or admin."),
    json_out: bool = typer.Option(False, "--json", help="Print the account as JSON."),
) -> None:
    """Change an account's role (the last enabled admin cannot be demoted)."""
    from peaceops import users  # deferred: ops show does not need it, keeps CLI start-up fast

    user = users.set_role(_workspace(ctx), name, role.value, actor=_cli_actor())
    if json_out:
        emit_json(user.as_dict())
    else:
        typer.echo(f"{user.name} is now {user.role}")


@user_app.command("disable")
@handle_errors
def user_disable(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Account name."),
    json_out: bool = typer.Option(False, "--json", help="Print the account as JSON."),
) -> None:
    """Disable an account: it can no longer log in, and its open sessions stop working at once."""
    from peaceops import users  # deferred: ops show does not need it, keeps CLI start-up fast

    user = users.disable(_workspace(ctx), name, actor=_cli_actor())
    if json_out:
        emit_json(user.as_dict())
    else:
        typer.echo(f"disabled {user.name}")


@user_app.command("enable")
@handle_errors
def user_enable(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Account name."),
    json_out: bool = typer.Option(False, "--json", help="Print the account as JSON."),
) -> None:
    """Re-enable a disabled account."""
    from peaceops import users  # deferred: ops show does not need it, keeps CLI start-up fast

    user = users.enable(_workspace(ctx), name, actor=_cli_actor())
    if json_out:
        emit_json(user.as_dict())
    else:
        typer.echo(f"enabled {user.name}")


__all__ = ["serve", "user_app"]
