"""One loader for every curated file under ``data/``, and the strict base of their schemas.

Every curated YAML file (an operation, a source, an evidence file, the
framework, the gazetteer, the trajectory thresholds, the published figures,
the event reference tables) is read by :func:`load`, which returns the
validated object, or ``None``, together with *every* problem found: a YAML
syntax error with its line, or each field that breaks the schema, named by
its dotted path with what was expected. Nothing stops at the first error, so
``peaceops validate`` can list them all in one pass.

    >>> op, problems = load(data_dir / "operations/kosovo-kfor-1999.yaml", Operation, root=data_dir)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from peaceops.errors import Problem

__all__ = ["Strict", "load", "read_yaml", "parse_model", "relative", "field_path"]

M = TypeVar("M", bound=BaseModel)


class Strict(BaseModel):
    """Base of every curated schema: unknown keys are errors, records are immutable, text is stripped."""

    # defer_build: a schema's validator is built when it first validates, not when the module is imported; a command
    # served from the registry cache (ops show) unpickles records and validates none.
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True)


class ByLanguage(Strict):
    """Base of the per-language lists (one field per :data:`peaceops.vocab.Language`); see :func:`by_language`."""

    def all(self) -> list[str]:
        """Every entry of every language, in the order of the languages."""
        return [entry for code in type(self).model_fields for entry in getattr(self, code)]

    def pairs(self) -> list[tuple[str, str]]:
        """(language, entry) for every entry."""
        return [(code, entry) for code in type(self).model_fields for entry in getattr(self, code)]


def by_language(name: str, doc: str, what: str, *, module: str, required: tuple[str, ...] = ()) -> type[ByLanguage]:
    """A schema with one list field per supported language; those in ``required`` must not be empty.

    ``module`` is the defining module's ``__name__``: the class must be found
    there by name for the registry cache to pickle it.

    Built from :data:`peaceops.vocab.LANGUAGE_NAMES`, so a language added there
    is accepted by every multilingual file at once.
    """
    from peaceops.vocab import LANGUAGE_NAMES

    fields: dict[str, Any] = {}
    for code, language in LANGUAGE_NAMES.items():
        description = f"{language} {what}."
        if code in required:
            fields[code] = (list[str], Field(min_length=1, description=description))
        else:
            fields[code] = (list[str], Field(default_factory=list, description=description))
    model = create_model(name, __base__=ByLanguage, __doc__=doc, __module__=module, **fields)
    return model


def load(path: Path, schema: type[M], *, root: Path | None = None, empty: Any = None) -> tuple[M | None, list[Problem]]:
    """Read ``path`` and validate it against ``schema``; returns the object (or None) and every problem.

    ``root`` is the data directory the file is reported relative to (``data/gazetteer.yaml``);
    ``empty`` is what an empty file stands for (e.g. ``{}`` when every field has a default),
    else an empty file is a problem.
    """
    root = root if root is not None else path.parent
    if not path.is_file():
        return None, [Problem(relative(path, root), "", f"file not found: expected {path}")]
    data, problems = read_yaml(path, root)
    if problems:
        return None, problems
    if data is None and empty is not None:
        data = empty
    return parse_model(schema, data, path, root)


def read_yaml(path: Path, root: Path) -> tuple[Any, list[Problem]]:
    """Parse one YAML file; a syntax error becomes a Problem with its line and column."""
    import yaml  # deferred: a command served from the registry cache (ops show) reads no YAML

    rel = relative(path, root)
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)), []
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        return None, [Problem(rel, where, f"YAML syntax error: {exc.problem}; fix the syntax at that line")]
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        return None, [Problem(rel, "", f"cannot read file: {exc}")]


def parse_model(schema: type[M], data: Any, path: Path, root: Path) -> tuple[M | None, list[Problem]]:
    """Validate ``data`` against ``schema``; each pydantic error becomes a Problem naming the field."""
    rel = relative(path, root)
    if not isinstance(data, dict):
        found = "an empty file" if data is None else type(data).__name__
        return None, [Problem(rel, "", f"expected a mapping of fields at the top level, found {found}")]
    try:
        return schema.model_validate(data), []
    except ValidationError as exc:
        return None, [Problem(rel, field_path(err["loc"]), _message(err)) for err in exc.errors()]


def field_path(loc: tuple) -> str:
    """A pydantic error location as a dotted path: ``('items', 3, 'source')`` -> ``items[3].source``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _message(err: dict) -> str:
    kind, msg = err["type"], err["msg"]
    if kind == "extra_forbidden":
        return "unknown key; check its spelling against docs/data-dictionary.md"
    if kind == "missing":
        return "required field is missing"
    if kind == "too_short" and err["loc"] and err["loc"][-1] == "sources":
        return "a fact needs at least one source id (sources: [id, ...])"
    found = err.get("input")
    shown = repr(found) if not isinstance(found, (dict, list)) else type(found).__name__
    if len(shown) > 80:
        shown = shown[:77] + "..."
    return f"{msg.removeprefix('Value error, ')} (found {shown})"


def relative(path: Path, root: Path) -> str:
    """``path`` as the user knows it: relative to the data directory and starting with its name."""
    try:
        return str(Path(root.name) / path.relative_to(root))
    except ValueError:
        return str(path)
