"""The people file: one row per mentor, mentee or peer, checked like an import and turned
into the engine's Problem."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mentorhub.matching.engine import Participant, Problem, rules_for
from mentorhub.matching.engine.problem import MENTEE, MENTOR, PEER
from mentorhub.matching.engine.timeplace import zone
from mentorhub.matching.offline.tables import (
    CellError,
    RowError,
    Table,
    collector_paused,
    read_table,
    whole_number,
)

PEOPLE_COLUMNS = (
    "id",
    "name",
    "role",
    "department",
    "manager_id",
    "level",
    "timezone",
    "languages",
    "offers",
    "seeks",
    "interests",
    "goals",
    "capacity",
    "exclude",
)
MAX_LEVEL, MAX_CAPACITY = 10, 1000


@dataclass
class PeopleFile:
    """A checked people file: who is in it, what blocks matching, and each person's line."""

    people: list[Participant] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)  # nothing is matched while any exist
    warnings: list[RowError] = field(default_factory=list)  # worth knowing, not blocking
    line_of: dict[str, int] = field(default_factory=dict)  # person id -> line


def read_people(path: str | Path) -> tuple[list[Participant], list[RowError]]:
    """Every person in a people file, and every problem that blocks matching them."""
    checked = check_people(path)
    return checked.people, checked.errors


def check_people(path: str | Path) -> PeopleFile:
    """Read and check a people file: participants, errors and warnings, by line."""
    with collector_paused():
        table = read_table(path, PEOPLE_COLUMNS, tuple(_REQUIRED))
        return _checked(table)


def _checked(table: Table) -> PeopleFile:
    result = PeopleFile()
    lines: dict[str, list[int]] = {}
    person_of = _row_reader(table.header)
    for line, cells in zip(table.lines, table.rows, strict=True):
        person, errors = person_of(line, cells)
        result.errors += errors
        if person.id:
            lines.setdefault(person.id, []).append(line)
            result.people.append(person)
    result.line_of = {pid: at[0] for pid, at in lines.items()}
    result.errors += table.errors + _duplicate_ids(lines) + _own_managers(result.people, lines)
    result.warnings += _unknown_references(result.people, result.line_of)
    result.errors.sort(key=lambda e: e.line)
    return result


Outcome = tuple[Any, str | None]  # a cell's value (None: keep the default), or its problem
RowReader = Callable[[int, list[str]], tuple[Participant, list[RowError]]]


def _row_reader(header: list[str]) -> RowReader:
    """A reader of one row's cells into a participant and the problems of its cells.

    Columns whose cells repeat from row to row (see _REPEATING) parse each distinct cell
    once and remember its value or its problem: that was most of the time it took to read
    a large file. A column named twice is read once, from its last cell (the header
    reports it).
    """
    where = {column: at for at, column in enumerate(header) if column in _PARSE}
    columns: list[tuple[str, int, Callable[[str], Outcome], dict[str, Outcome] | None]] = [
        (column, at, _cell(column), {} if column in _REPEATING else None)
        for column, at in where.items()
    ]

    def person(line: int, cells: list[str]) -> tuple[Participant, list[RowError]]:
        values: dict[str, Any] = {}
        errors = []
        for column, at, outcome_of, known in columns:
            raw = cells[at]
            outcome = known.get(raw) if known is not None else None
            if outcome is None:
                outcome = outcome_of(raw)
                if known is not None:
                    known[raw] = outcome
            value, problem = outcome
            if problem is not None:  # told on each row with that cell, on its own line
                errors.append(RowError(line, column, problem))
            elif value is not None:
                values[column] = value
        pid, role = values.pop("id", ""), values.pop("role", "")
        # Rows with the same cell share its value: participants are frozen, and nothing
        # changes their sets or skills in place.
        return Participant(id=pid, role=role, **values), errors

    return person


def _cell(column: str) -> Callable[[str], Outcome]:
    """The column's reading of one raw cell; an empty optional cell keeps the default."""
    parse, required = _PARSE[column], column in _REQUIRED

    def outcome(raw: str) -> Outcome:
        text = raw.strip()
        if not text and not required:
            return None, None
        try:
            return parse(text), None
        except CellError as exc:
            return None, str(exc)

    return outcome


def _required(what: str) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        if not raw:
            raise CellError(f"{what} is required.")
        return raw

    return parse


def _role(raw: str) -> str | None:
    role = raw.lower()
    if role not in (MENTOR, MENTEE, PEER):
        shown = f"“{raw}” is not a role" if raw else "a role is required"
        raise CellError(f"{shown}; use mentor, mentee or peer.")
    return role


def _timezone(raw: str) -> str | None:
    if raw and zone(raw) is None:
        raise CellError(f"“{raw}” is not an IANA time zone; use names like Europe/Berlin.")
    return raw or None


def _items(raw: str) -> list[str]:
    """The `;`-separated items of a cell, spaces tidied, each once, in order."""
    items = [" ".join(item.split()) for item in raw.split(";")]
    return list(dict.fromkeys(item for item in items if item))


def _lowercase_set(raw: str) -> frozenset[str]:
    return frozenset([" ".join(item.split()) for item in raw.lower().split(";")]) - {""}


def _offers(raw: str) -> dict[str, int]:
    offers: dict[str, int] = {}
    for item in _items(raw):
        name, _, level = item.rpartition(":")  # from the right: a skill name may hold a colon
        name = name.strip().lower()
        if not name or level.strip() not in {"1", "2", "3", "4", "5"}:
            raise CellError(
                f"“{item}” should be skill:proficiency with proficiency 1 to 5, e.g. python:4."
            )
        if name in offers:
            raise CellError(f"“{name}” is listed more than once.")
        offers[name] = int(level)
    return offers


def _ids(raw: str) -> frozenset[str]:
    return frozenset(_items(raw))


_PARSE: dict[str, Callable[[str], Any]] = {
    "id": _required("an id"),
    "name": lambda raw: " ".join(raw.split()),
    "role": _role,
    "department": lambda raw: " ".join(raw.split()),
    "manager_id": lambda raw: raw or None,
    "level": whole_number(1, MAX_LEVEL),
    "timezone": _timezone,
    "languages": _lowercase_set,
    "offers": _offers,
    "seeks": _lowercase_set,
    "interests": _lowercase_set,
    "goals": lambda raw: raw,
    "capacity": whole_number(0, MAX_CAPACITY),
    "exclude": _ids,
}
_REQUIRED = frozenset({"id", "role"})
# Columns where many rows hold the same cell (ids, names and goals are each their own).
_REPEATING = frozenset(
    {
        "role",
        "department",
        "manager_id",
        "level",
        "timezone",
        "languages",
        "offers",
        "seeks",
        "interests",
        "capacity",
    }
)


def _duplicate_ids(lines: dict[str, list[int]]) -> list[RowError]:
    return [
        RowError(line, "id", f"“{pid}” is on lines {', '.join(map(str, at))}; list each once.")
        for pid, at in lines.items()
        if len(at) > 1
        for line in at
    ]


def _own_managers(people: list[Participant], lines: dict[str, list[int]]) -> list[RowError]:
    return [
        RowError(lines[p.id][0], "manager_id", "nobody can be their own manager.")
        for p in people
        if p.manager_id == p.id
    ]


def _unknown_references(people: list[Participant], line_of: dict[str, int]) -> list[RowError]:
    """Ids named in manager_id or exclude that no row has: allowed, but worth a look."""
    warnings = []
    for person in people:
        line = line_of[person.id]
        if person.manager_id and person.manager_id not in line_of:
            message = (
                f"no row has the id “{person.manager_id}”; fine when the org chart is partial, "
                "but their management chain stops there."
            )
            warnings.append(RowError(line, "manager_id", message))
        unknown = [x for x in person.exclude if x not in line_of] if person.exclude else []
        for other in sorted(unknown):
            message = f"no row has the id “{other}”, so this exclusion changes nothing."
            warnings.append(RowError(line, "exclude", message))
    return warnings


PEER_METHODS = ("peers", "peer-circles")


def peer_matching(approach: str, method: str) -> bool:
    """Whether peers are matched with each other (rather than mentors with mentees)."""
    return approach == PEER or method in PEER_METHODS


def left_out(checked: PeopleFile, approach: str, method: str) -> list[RowError]:
    """Rows the run does not match, as warnings: peer rows only in peer matching."""
    peers = peer_matching(approach, method)
    why = (
        "peer matching takes peer rows only"
        if peers
        else f"peer rows are matched with --approach peer, not {approach}"
    )
    return [
        RowError(checked.line_of[p.id], "role", f"{why}, so this row is left out.")
        for p in checked.people
        if p.role in (MENTOR, MENTEE, PEER) and (p.role == PEER) != peers
    ]


def people_problem(people: Sequence[Participant], approach: str, method: str) -> Problem:
    """The engine's problem for the approach: peers face each other for peer matching."""
    if peer_matching(approach, method):
        mentees = mentors = tuple(p for p in people if p.role == PEER)
    else:
        mentees = tuple(p for p in people if p.role == MENTEE)
        mentors = tuple(p for p in people if p.role == MENTOR)
    org_chart = {p.id: p.manager_id for p in people}  # every row, so chains run through all
    return Problem(mentees, mentors, rules_for(approach), org_chart=org_chart)
