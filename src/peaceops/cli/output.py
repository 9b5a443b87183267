"""Shared output helpers: JSON to stdout, errors to stderr with a non-zero exit."""

from __future__ import annotations

import functools
import json
import sys

import typer

from peaceops.errors import AmbiguousNameError, DataValidationError, PeaceopsError


def emit_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def fail(message: str, code: int = 1) -> None:
    sys.stderr.write(f"peaceops: error: {message}\n")
    raise typer.Exit(code)


def handle_errors(func):
    """Turn a PeaceopsError into a one-line message on stderr and exit status 1 (2 for ambiguity)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except AmbiguousNameError as exc:
            fail(str(exc), 2)
        except DataValidationError as exc:
            for problem in exc.problems:
                sys.stderr.write(f"  {problem}\n")
            fail(f"{len(exc.problems)} problem(s) in the curated data; fix them and run `peaceops validate`")
        except PeaceopsError as exc:
            fail(str(exc))

    return wrapper
