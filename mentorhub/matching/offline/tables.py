"""Reading CSV tables with the line each row is on, and the problems found, by line."""

from __future__ import annotations

import csv
import gc
import io
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

HEADER_LINE = 1


@dataclass(frozen=True)
class RowError:
    """A problem with one cell (or the file), by the line of the file it is on."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.column}: {self.message}"


class CellError(Exception):
    """A cell's value cannot be used; the message says how to fix it."""


@dataclass
class Table:
    """A CSV file's header, its rows and the line each row starts on."""

    header: list[str]
    lines: list[int]
    rows: list[list[str]]
    errors: list[RowError]


def read_table(path: str | Path, known: Sequence[str], required: Sequence[str]) -> Table:
    """A CSV file's header and rows; header problems and cell-count problems as errors.

    Blank lines are skipped; a quoted cell may span lines, so a row's line is where it starts.
    """
    try:
        text = _read_text(path)
    except (OSError, CellError) as exc:
        return Table([], [], [], [RowError(HEADER_LINE, "file", _why(exc))])
    try:
        records, starts = _records(text)
    except csv.Error as exc:
        return Table([], [], [], [RowError(HEADER_LINE, "file", f"not readable as CSV: {exc}.")])
    kept = [k for k, cells in enumerate(records) if any(cells)]
    if not kept:
        message = f"the file is empty; its first line must be the header, e.g. {','.join(known)}."
        return Table([], [], [], [RowError(HEADER_LINE, "file", message)])
    header, errors = _header(records[kept[0]], known, required, starts[kept[0]])
    width = len(header)
    for k in kept[1:]:
        if len(records[k]) != width:
            message = (
                f"has {len(records[k])} cells but the header has {width}; "
                "quote cells that contain a comma."
            )
            errors.append(RowError(starts[k], "row", message))
    kept = [k for k in kept[1:] if len(records[k]) == width]
    return Table(header, [starts[k] for k in kept], [records[k] for k in kept], errors)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a large file becomes objects.

    Every row becomes objects that are kept, so collecting finds nothing to free, yet each
    full pass walks everything built so far: with 100,000 rows that was a third of the
    reading time. Rows hold no reference cycles; the collector resumes as it was.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def whole_number(low: int, high: int) -> Callable[[str], int | None]:
    """A cell parser: empty is None, otherwise a whole number from low to high."""

    def parse(raw: str) -> int | None:
        if not raw:
            return None
        if not (raw.isascii() and raw.isdigit() and low <= int(raw) <= high):
            raise CellError(f"“{raw}” is not a whole number from {low} to {high}.")
        return int(raw)

    return parse


def _records(text: str) -> tuple[list[list[str]], list[int]]:
    """Every CSV record (blank lines as empty ones) and the line each starts on."""
    records = list(csv.reader(io.StringIO(text, newline="")))
    if len(records) == text.count("\n") + (not text.endswith("\n")):
        return records, list(range(1, len(records) + 1))  # no record spans two lines
    reader = csv.reader(io.StringIO(text, newline=""))
    ends = [reader.line_num for _ in reader]
    return records, [1, *(end + 1 for end in ends[:-1])]


def _why(exc: Exception) -> str:
    if isinstance(exc, OSError):
        return f"cannot be read: {exc.strerror or exc}."
    return str(exc)


def _read_text(path: str | Path) -> str:
    data = sys.stdin.buffer.read() if str(path) == "-" else Path(path).read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CellError("the file is UTF-16 text; save it as “CSV UTF-8” instead.")
    if b"\x00" in data[:4096]:
        raise CellError("this looks like a binary file (a spreadsheet?); save it as CSV.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CellError(
            f"the file is not UTF-8 text (line {line}, byte {exc.start + 1}); "
            "save it as “CSV UTF-8”."
        ) from None


def _header(
    cells: list[str], known: Sequence[str], required: Sequence[str], line: int
) -> tuple[list[str], list[RowError]]:
    header = [c.strip().lower() for c in cells]
    errors = []
    for name in header:
        if name not in known:
            message = f"unknown column “{name}”; the columns are {', '.join(known)}."
            errors.append(RowError(line, name or "header", message))
        elif header.count(name) > 1:
            errors.append(RowError(line, name, "this column appears twice; keep one."))
    for name in required:
        if name not in header:
            errors.append(RowError(line, name, f"the required column “{name}” is missing."))
    return header, list(dict.fromkeys(errors))
