"""Generate docs/cli.md (from --help), docs/data-dictionary.md (from the schemas) and docs/settings.md.

Run by `make docs`; tests/test_docs.py fails when the committed files are stale.
"""

from __future__ import annotations

import sys
import types
import typing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def cli_reference() -> str:
    import typer
    from typer.testing import CliRunner

    from peaceops.cli.main import app

    runner = CliRunner()
    root = typer.main.get_command(app)
    parts = [
        "# peaceops command reference",
        "",
        "Generated from `--help` by `make docs` (scripts/gen_docs.py); do not edit by hand.",
        "",
    ]

    def walk(command, path: list[str]) -> None:
        result = runner.invoke(app, [*path, "--help"], terminal_width=100, env={"COLUMNS": "100", "TERM": "dumb"})
        title = " ".join(["peaceops", *path])
        parts.extend([f"## `{title}`", "", "```text", result.output.rstrip(), "```", ""])
        if getattr(command, "commands", None):
            for name in sorted(command.commands):
                walk(command.commands[name], [*path, name])

    walk(root, [])
    return "\n".join(parts)


def data_dictionary() -> str:
    from pydantic import BaseModel

    from peaceops import datafiles
    from peaceops.registry import models

    parts = [
        "# Data dictionary",
        "",
        "Generated from the schemas in `src/peaceops/registry/models.py` and `src/peaceops/datafiles.py` "
        "by `make docs`; do not edit by hand.",
        "The YAML layout with examples is in [registry-format.md](registry-format.md); "
        "the export tables are listed at the end.",
        "",
    ]
    seen: list[type[BaseModel]] = []

    def collect(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.append(model)
        for field in model.model_fields.values():
            for sub in _models_in(field.annotation):
                collect(sub)

    collect(models.Source)
    collect(models.Operation)
    for schema in (
        datafiles.Gazetteer,
        datafiles.ThresholdsFile,
        datafiles.PublishedFile,
        datafiles.Reference,
        datafiles.WatchFile,
    ):
        collect(schema)
    for model in seen:
        doc = (model.__doc__ or "").strip().splitlines()[0] if model.__doc__ else ""
        parts += [f"## {model.__name__}", "", doc, "", "| field | type | required | description |", "|---|---|---|---|"]
        for name, field in model.model_fields.items():
            kind = _type_name(field.annotation)
            parts.append(
                f"| `{name}` | {kind} | {'yes' if field.is_required() else 'no'} | {field.description or ''} |"
            )
        parts.append("")
    from peaceops.registry.export import tables

    parts += [
        "## Export tables (`peaceops export`)",
        "",
        "Flat tables, one row per record, lists joined with `;`. Every table keys rows by `operation_id` "
        "(except `sources`, keyed by `source_id`).",
        "",
    ]
    example = tables(_EmptyRegistry())
    for name in example:
        parts.append(f"- `{name}`")
    parts.append("")
    parts += panel_columns()
    return "\n".join(parts)


def panel_columns() -> list[str]:
    """The panels of `peaceops export --panel`, every column with its type and meaning (from peaceops.panels)."""
    from peaceops import panels

    parts = [
        "## Panels for analysis (`peaceops export --panel`)",
        "",
        (panels.__doc__ or "").strip().split("\n\n")[1],
        "",
    ]
    for panel, columns in panels.COLUMNS.items():
        parts += [f"### `{panel}`", "", "| column | type | description |", "|---|---|---|"]
        parts += [f"| `{c.name}` | {c.dtype} | {c.description} |" for c in columns]
        parts.append("")
    return parts


class _EmptyRegistry:
    operations: dict = {}
    sources: dict = {}


def _models_in(annotation):
    from typing import get_args

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    out = []
    for arg in get_args(annotation):
        out += _models_in(arg)
    return out


def _type_name(annotation) -> str:
    """A readable type: unions as "a or b" however they were spelled (``X | None`` or ``Optional[X]``)."""
    if typing.get_origin(annotation) is typing.Annotated:
        return _type_name(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return " or ".join("None" if arg is type(None) else _type_name(arg) for arg in typing.get_args(annotation))
    text = getattr(annotation, "__name__", None) if isinstance(annotation, type) else None
    text = text or str(annotation)
    for junk in ("peaceops.registry.models.", "peaceops.datafiles.", "peaceops.dates.", "typing.", "<class '", "'>"):
        text = text.replace(junk, "")
    return text.replace("|", "or")


def settings_page() -> str:
    """docs/settings.md, from the registry in peaceops.settings."""
    from peaceops import settings

    return settings.markdown()


def main() -> None:
    (ROOT / "docs" / "cli.md").write_text(cli_reference() + "\n", encoding="utf-8")
    (ROOT / "docs" / "data-dictionary.md").write_text(data_dictionary() + "\n", encoding="utf-8")
    (ROOT / "docs" / "settings.md").write_text(settings_page(), encoding="utf-8")
    print("wrote docs/cli.md, docs/data-dictionary.md and docs/settings.md")


if __name__ == "__main__":
    main()
