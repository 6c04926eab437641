"""Reading an HR system's CSV export: decoding, CSV records, the header and each row's cells."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from mentorhub.errors import InvalidInput
from mentorhub.people.models import MAX_CAPACITY, MAX_LEVEL, Role, SkillDirection
from mentorhub.people.services import SkillEntry
from mentorhub.people.validators import validate_language_code, validate_timezone

REQUIRED_COLUMNS = ("email", "name")
OPTIONAL_COLUMNS = (
    "title",
    "department",
    "manager_email",
    "level",
    "timezone",
    "languages",
    "role",
    "skills",
    "interests",
    "mentor_capacity",
)
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
# Cells that become a Person field as they are; manager_email and skills need the whole file.
FIELD_OF_COLUMN = {
    "name": "full_name",
    "title": "title",
    "department": "department",
    "level": "level",
    "timezone": "timezone",
    "languages": "languages",
    "role": "role",
    "interests": "interests",
    "mentor_capacity": "mentor_capacity",
}
# These have no "empty" value, so an empty cell keeps what the person has (or the default).
KEEP_WHEN_EMPTY = frozenset({"level", "timezone", "role", "mentor_capacity"})
HEADER_LINE = 1
MAX_EMAIL_LENGTH = 254  # Person.email and User.email are EmailFields of this length


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.column}: {self.message}"


@dataclass
class PlannedRow:
    line: int
    email: str
    profile: dict[str, Any]  # Person field -> value from the file
    manager_email: str | None = None
    sets_manager: bool = False  # False when the file has no manager_email column
    skills: list[SkillEntry] | None = None  # None when the file has no skills column
    is_new: bool = True


class _CellError(Exception):
    """A cell's value cannot be used; the message tells the person how to fix it."""


class UnreadableCsv(Exception):
    def __init__(self, error: RowError):
        super().__init__(str(error))
        self.error = error


def decode_csv(data: bytes) -> str:
    """The text of an uploaded or read file, or an InvalidInput saying why it is not CSV text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvalidInput("The file is UTF-16 text; save it as “CSV UTF-8” instead.")
    if b"\x00" in data[:4096]:
        raise InvalidInput("This looks like a binary file (a spreadsheet?); save it as CSV.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InvalidInput(
            f"The file is not UTF-8 text (line {line}, byte {exc.start + 1}); "
            "save it as “CSV UTF-8”."
        ) from None


# --- reading cells -------------------------------------------------------------------------


def _parse_email(raw: str) -> str:
    email = raw.strip().lower()
    if not email:
        raise _CellError("an email address is required.")
    if len(email) > MAX_EMAIL_LENGTH:
        raise _CellError(f"is longer than {MAX_EMAIL_LENGTH} characters.")
    try:
        validate_email(email)
    except ValidationError:
        raise _CellError(f"“{raw}” is not a valid email address.") from None
    return email


def _text(limit: int, required: bool = False) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        value = " ".join(raw.split())
        if required and not value:
            raise _CellError("a name is required.")
        if len(value) > limit:
            raise _CellError(f"is {len(value)} characters long; the limit is {limit}.")
        return value

    return parse


def _number(low: int, high: int) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        try:
            value = int(raw)
        except ValueError:
            value = low - 1
        if not low <= value <= high:
            raise _CellError(f"“{raw}” is not a whole number from {low} to {high}.")
        return value

    return parse


def _items(raw: str) -> list[str]:
    items = (" ".join(item.split()) for item in raw.split(";"))
    return list(dict.fromkeys(item for item in items if item))  # dedupe, keep order


def _parse_timezone(raw: str) -> str:
    try:
        validate_timezone(raw)
    except ValidationError as exc:
        raise _CellError(exc.messages[0]) from None
    return raw


def _parse_languages(raw: str) -> list[str]:
    codes = _items(raw.lower().replace("_", "-"))  # pt_BR, as some HR systems write it
    bad = [code for code in codes if not _is_language(code)]
    if bad:
        names = ", ".join(f"“{code}”" for code in bad)
        verb = "is not a known language code" if len(bad) == 1 else "are not known language codes"
        raise _CellError(f"{names} {verb} (use codes like en, de, pt-br, separated by ;).")
    return codes


def _is_language(code: str) -> bool:
    try:
        validate_language_code(code)
    except ValidationError:
        return False
    return True


def _parse_role(raw: str) -> str:
    role = raw.lower()
    if role not in Role.values:
        raise _CellError(f"“{raw}” is not a role; use one of {', '.join(Role.values)}.")
    return role


def _parse_skill(item: str) -> SkillEntry:
    parts = item.rsplit(":", 2)  # from the right, so a skill name may contain a colon
    if len(parts) != 3:
        raise _CellError(f"“{item}” should be name:proficiency:direction, e.g. Python:4:offers.")
    name, proficiency, direction = (part.strip() for part in parts)
    if not name or len(name) > 100:
        raise _CellError(f"“{item}”: a skill name must be 1 to 100 characters.")
    if proficiency not in {"1", "2", "3", "4", "5"}:
        raise _CellError(f"“{item}”: proficiency must be a whole number from 1 to 5.")
    if direction.lower() not in SkillDirection.values:
        raise _CellError(f"“{item}”: direction must be offers, seeks or both.")
    return SkillEntry(name, int(proficiency), direction.lower())


def _parse_skills(raw: str) -> list[SkillEntry]:
    entries = [_parse_skill(item) for item in _items(raw)]
    names = [entry.name.lower() for entry in entries]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise _CellError(f"{', '.join(twice)} listed more than once.")
    return entries


def _parse_manager_email(raw: str) -> str | None:
    return _parse_email(raw) if raw else None


PARSERS: dict[str, Callable[[str], Any]] = {
    "email": _parse_email,
    "name": _text(200, required=True),
    "title": _text(200),
    "department": _text(200),
    "manager_email": _parse_manager_email,
    "level": _number(1, MAX_LEVEL),
    "timezone": _parse_timezone,
    "languages": _parse_languages,
    "role": _parse_role,
    "skills": _parse_skills,
    "interests": _items,
    "mentor_capacity": _number(0, MAX_CAPACITY),
}


# --- reading the file ----------------------------------------------------------------------


def read_records(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each non-blank record with the file line it starts on (a quoted cell may span lines)."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    start = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                yield start, cells
            start = reader.line_num + 1
    except csv.Error as exc:
        raise UnreadableCsv(RowError(start, "file", f"cannot be read as CSV ({exc}).")) from None


def check_header(line: int, cells: list[str]) -> tuple[list[str], list[RowError]]:
    header = [cell.strip().lower() for cell in cells]
    errors = []
    unknown = [name for name in header if name and name not in COLUMNS]
    if unknown:
        names = ", ".join(f"“{name}”" for name in unknown)
        errors.append(
            RowError(
                line, "header", f"unknown column {names}; the columns are: {', '.join(COLUMNS)}."
            )
        )
    if "" in header:
        errors.append(RowError(line, "header", f"column {header.index('') + 1} has no name."))
    for name in sorted({name for name in header if name and header.count(name) > 1}):
        errors.append(RowError(line, "header", f"the column “{name}” appears more than once."))
    for name in REQUIRED_COLUMNS:
        if name not in header:
            errors.append(RowError(line, "header", f"the required column “{name}” is missing."))
    return header, errors


def read_row(line: int, header: list[str], cells: list[str]) -> tuple[PlannedRow, list[RowError]]:
    """The row as far as it can be read (a bad row still names its email), and its problems."""
    if len(cells) > len(header) and not any(c.strip() for c in cells[len(header) :]):
        cells = cells[: len(header)]  # trailing empty cells some spreadsheets add
    if len(cells) != len(header):
        message = (
            f"has {len(cells)} cells but the header has {len(header)} "
            "(is there a comma in an unquoted value?)."
        )
        return PlannedRow(line, "", {}), [RowError(line, "row", message)]
    values: dict[str, Any] = {}
    errors = []
    for column, raw in zip(header, cells, strict=True):
        if column not in PARSERS or (column in KEEP_WHEN_EMPTY and not raw.strip()):
            continue
        try:
            values[column] = PARSERS[column](raw.strip())
        except _CellError as exc:
            errors.append(RowError(line, column, str(exc)))
    return _planned(line, header, values), errors


def _planned(line: int, header: list[str], values: dict[str, Any]) -> PlannedRow:
    profile = {FIELD_OF_COLUMN[col]: v for col, v in values.items() if col in FIELD_OF_COLUMN}
    return PlannedRow(
        line=line,
        email=values.get("email", ""),
        profile=profile,
        manager_email=values.get("manager_email"),
        sets_manager="manager_email" in header,
        skills=values.get("skills"),
    )
