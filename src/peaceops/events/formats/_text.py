"""Opening event files as text, zipped or not, and reading them in bounded chunks.

Files are streamed: a chunk holds at most ``chunk_rows`` rows, so memory does
not grow with the file. Every row keeps the line it starts on, for the
rejects file.
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import io
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from peaceops.events.errors import EventFileError

if TYPE_CHECKING:
    from collections.abc import Iterator

_TEXT_MEMBERS = (".csv", ".tsv", ".txt", ".export.csv")
REJECT_TEXT_MAX = 1000

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass(frozen=True)
class Reject:
    """A row that could not be read: where it is, why, and (the start of) its text."""

    line: int
    reason: str
    text: str


@dataclass
class RowBatch:
    """Up to ``chunk_rows`` rows of one width, with the line each starts on."""

    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)


@contextlib.contextmanager
def open_text(path: Path) -> Iterator[TextIO]:
    """Open ``path`` as UTF-8 text; ``.zip`` (first data member) and ``.gz`` are read in stream."""
    path = Path(path)
    try:
        if path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as archive:
                members = [m for m in archive.infolist() if not m.is_dir()]
                data = [m for m in members if m.filename.lower().endswith(_TEXT_MEMBERS)] or members
                if not data:
                    raise EventFileError(f"{path}: the zip archive holds no file; expected one CSV/TSV export")
                with archive.open(data[0]) as raw:
                    yield io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")
        elif path.suffix.lower() == ".gz":
            with gzip.open(path, "rt", encoding="utf-8-sig", errors="replace", newline="") as handle:
                yield handle
        else:
            with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
                yield handle
    except FileNotFoundError:
        raise EventFileError(f"{path}: no such file; check the path") from None
    except (zipfile.BadZipFile, gzip.BadGzipFile, EOFError) as exc:
        raise EventFileError(f"{path}: damaged archive ({exc}); download it again") from None
    except IsADirectoryError:
        raise EventFileError(f"{path}: is a directory; give the event files inside it") from None


def first_line(path: Path) -> str:
    """The first line of the (decompressed) file, without its line break; '' for an empty file."""
    with open_text(path) as handle:
        return handle.readline().rstrip("\r\n")


def csv_batches(handle: TextIO, chunk_rows: int, rejects: list[Reject]) -> Iterator[RowBatch]:
    """Rows of a CSV file with a header, in batches; rows of the wrong width go to ``rejects``.

    Line numbers count physical lines, so a quoted field with line breaks is
    still located correctly.
    """
    reader = csv.reader(handle)
    try:
        columns = [c.strip() for c in next(reader)]
    except StopIteration:
        return
    width = len(columns)
    batch = RowBatch(columns)
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            rejects.append(Reject(start, f"unreadable CSV row: {exc}", ""))
            start = reader.line_num + 1
            continue
        line, start = start, reader.line_num + 1
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) != width:
            rejects.append(
                Reject(
                    line, f"expected {width} fields as in the header, found {len(row)}", ",".join(row)[:REJECT_TEXT_MAX]
                )
            )
            continue
        batch.rows.append(row)
        batch.lines.append(line)
        if len(batch.rows) >= chunk_rows:
            yield batch
            batch = RowBatch(columns)
    if batch.rows:
        yield batch


def tsv_lines(handle: TextIO) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) of a tab-separated file without header or quoting (GDELT)."""
    for number, line in enumerate(handle, start=1):
        line = line.rstrip("\r\n")
        if line:
            yield number, line.split("\t")
