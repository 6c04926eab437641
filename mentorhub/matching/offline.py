"""`mentorhub match`: matching from spreadsheets, with no server and no database.

Two inputs. A people file (one row per mentor, mentee or peer) is checked like an import,
turned into the engine's Problem and matched with the program's approach and method. A
bring-your-own-score file lists the allowed pairs with a score (and optionally each side's
rank) and is solved directly: optimal (most matched, then highest total) or stable.
The formats are in docs/matching-csv.md. Nothing here imports Django.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import numpy as np
from numpy.typing import NDArray

from mentorhub.matching.engine import METHODS, Participant, Problem, match, rules_for
from mentorhub.matching.engine.problem import APPROACH_RULES, MENTEE, MENTOR, PEER
from mentorhub.matching.engine.result import MatchResult
from mentorhub.matching.engine.solvers.flow import SCALE, Edges, solve_flow
from mentorhub.matching.engine.solvers.stable import ordered_lists, stable_assignment
from mentorhub.matching.engine.timeplace import zone

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
PAIRS_COLUMNS = ("mentee", "mentor", "score", "mentee_rank", "mentor_rank")
CAPACITY_COLUMNS = ("mentor", "capacity")
HEADER_LINE = 1
MAX_LEVEL, MAX_CAPACITY = 10, 1000
MAX_EXACT_DECIMALS = 6  # scores with up to this many decimals are solved exactly


@dataclass(frozen=True)
class RowError:
    """A problem with one cell (or the file), by the line of the file it is on."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.column}: {self.message}"


class _CellError(Exception):
    """A cell's value cannot be used; the message says how to fix it."""


# --- reading CSV -----------------------------------------------------------------------------


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
    except (OSError, _CellError) as exc:
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
        raise _CellError("the file is UTF-16 text; save it as “CSV UTF-8” instead.")
    if b"\x00" in data[:4096]:
        raise _CellError("this looks like a binary file (a spreadsheet?); save it as CSV.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _CellError(
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


# --- the people file -------------------------------------------------------------------------


@dataclass
class PeopleFile:
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
    table = read_table(path, PEOPLE_COLUMNS, tuple(_REQUIRED))
    result = PeopleFile()
    lines: dict[str, list[int]] = {}
    for line, cells in zip(table.lines, table.rows, strict=True):
        person, errors = _person(line, dict(zip(table.header, cells, strict=True)))
        result.errors += errors
        if person.id:
            lines.setdefault(person.id, []).append(line)
            result.people.append(person)
    result.line_of = {pid: at[0] for pid, at in lines.items()}
    result.errors += table.errors + _duplicate_ids(lines) + _own_managers(result.people, lines)
    result.warnings += _unknown_references(result.people, result.line_of)
    result.errors.sort(key=lambda e: e.line)
    return result


def _person(line: int, cells: dict[str, str]) -> tuple[Participant, list[RowError]]:
    values: dict[str, Any] = {}
    errors = []
    for column, raw in cells.items():
        text = raw.strip()
        if column not in _PARSE or (not text and column not in _REQUIRED):
            continue  # unknown columns are reported with the header; empty cells keep defaults
        try:
            values[column] = _PARSE[column](text)
        except _CellError as exc:
            errors.append(RowError(line, column, str(exc)))
    fields = {k: v for k, v in values.items() if v is not None and k in _FIELDS}
    return Participant(id=values.get("id") or "", role=values.get("role") or "", **fields), errors


def _required(what: str) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        if not raw:
            raise _CellError(f"{what} is required.")
        return raw

    return parse


def _role(raw: str) -> str | None:
    role = raw.lower()
    if role not in (MENTOR, MENTEE, PEER):
        shown = f"“{raw}” is not a role" if raw else "a role is required"
        raise _CellError(f"{shown}; use mentor, mentee or peer.")
    return role


def _whole(low: int, high: int) -> Callable[[str], int | None]:
    def parse(raw: str) -> int | None:
        if not raw:
            return None
        if not (raw.isascii() and raw.isdigit() and low <= int(raw) <= high):
            raise _CellError(f"“{raw}” is not a whole number from {low} to {high}.")
        return int(raw)

    return parse


def _timezone(raw: str) -> str | None:
    if raw and zone(raw) is None:
        raise _CellError(f"“{raw}” is not an IANA time zone; use names like Europe/Berlin.")
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
            raise _CellError(
                f"“{item}” should be skill:proficiency with proficiency 1 to 5, e.g. python:4."
            )
        if name in offers:
            raise _CellError(f"“{name}” is listed more than once.")
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
    "level": _whole(1, MAX_LEVEL),
    "timezone": _timezone,
    "languages": _lowercase_set,
    "offers": _offers,
    "seeks": _lowercase_set,
    "interests": _lowercase_set,
    "goals": lambda raw: raw,
    "capacity": _whole(0, MAX_CAPACITY),
    "exclude": _ids,
}
_REQUIRED = frozenset({"id", "role"})
_FIELDS = frozenset(PEOPLE_COLUMNS) - _REQUIRED


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
        for other in sorted(x for x in person.exclude if x not in line_of):
            message = f"no row has the id “{other}”, so this exclusion changes nothing."
            warnings.append(RowError(line, "exclude", message))
    return warnings


def peer_matching(approach: str, method: str) -> bool:
    """Whether peers are matched with each other (rather than mentors with mentees)."""
    return approach == PEER or method == "peers"


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


# --- writing the matches of a people file ----------------------------------------------------


def match_rows(result: MatchResult, problem: Problem) -> tuple[list[str], list[list[str]]]:
    """The output header and rows: one per mentee (per member for circles, per peer for peers)."""
    by_mentee: dict[str, list[list[str]]] = {}
    with_circle = result.method == "circles" or any(p.circle for p in result.pairs)
    peers = problem.mentees is problem.mentors
    for pair in result.pairs:
        sides = [(pair.mentee_id, pair.mentor_id)]
        if peers:
            sides.append((pair.mentor_id, pair.mentee_id))
        for person, other in sides:
            row = [person, other, f"{pair.score * 100:.1f}", "; ".join(pair.reasons)]
            by_mentee.setdefault(person, []).append(
                [pair.circle or "", *row] if with_circle else row
            )
    rows = []
    for mentee in problem.mentees:
        found = by_mentee.get(mentee.id)
        if found:
            rows += found[:1] if peers else found
        else:
            reason = result.unmatched.get(mentee.id, "no match was found")
            rows.append(
                ["", mentee.id, "", "", reason] if with_circle else [mentee.id, "", "", reason]
            )
    header = ["mentee", "mentor", "score", "reasons"]
    return (["circle", *header] if with_circle else header), rows


def write_matches(path: str | Path, result: MatchResult, problem: Problem) -> None:
    """matches.csv: mentee, mentor, score (0–100), reasons; `-` writes to stdout."""
    header, rows = match_rows(result, problem)
    _write_csv(path, header, rows)


def _write_csv(path: str | Path, header: list[str], rows: list[list[str]]) -> None:
    if str(path) == "-":
        _csv_to(sys.stdout, header, rows)
        sys.stdout.flush()
        return
    target = Path(path)
    partial = target.with_name(f".{target.name}.partial")
    try:
        with partial.open("w", newline="", encoding="utf-8") as out:
            _csv_to(out, header, rows)
        os.replace(partial, target)  # readers never see a half-written file
    finally:
        partial.unlink(missing_ok=True)


def _csv_to(out: IO[str], header: list[str], rows: list[list[str]]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)


# --- bring your own score --------------------------------------------------------------------


@dataclass
class PairsFile:
    """Allowed pairs as indices into `mentees` and `mentors`, in file order."""

    mentees: list[str]
    mentors: list[str]
    mentee: NDArray[np.int64]
    mentor: NDArray[np.int64]
    score: NDArray[np.float64]
    scale: int  # scores × scale are whole numbers when the file's decimals allow it
    decimals: int | None  # decimals written in the file (None: exponents or too many)
    mentee_rank: NDArray[np.int64] | None = None
    mentor_rank: NDArray[np.int64] | None = None


def read_pairs(path: str | Path) -> tuple[PairsFile | None, list[RowError]]:
    """The pairs file: mentee, mentor, score, and optionally mentee_rank, mentor_rank.

    Checked column by column, so a million rows take about a second.
    """
    table = read_table(path, PAIRS_COLUMNS, ("mentee", "mentor", "score"))
    if not {"mentee", "mentor", "score"} <= set(table.header):
        return None, table.errors
    lines = table.lines
    at = {name: k for k, name in enumerate(table.header)}
    text = {name: [row[at[name]].strip() for row in table.rows] for name in at}
    errors = table.errors
    errors += _blank(lines, text["mentee"], "mentee") + _blank(lines, text["mentor"], "mentor")
    score, decimals = _scores(lines, text["score"], errors)
    ranks = {
        n: _ranks(lines, text[n], n, errors) for n in ("mentee_rank", "mentor_rank") if n in at
    }
    mentees, mentee = _factorize(text["mentee"])
    mentors, mentor = _factorize(text["mentor"])
    exact = decimals is not None and decimals <= MAX_EXACT_DECIMALS
    pairs = PairsFile(
        mentees,
        mentors,
        mentee,
        mentor,
        score,
        10 ** (decimals or 0) if exact else SCALE,
        decimals if exact else None,
        ranks.get("mentee_rank"),
        ranks.get("mentor_rank"),
    )
    errors += _duplicate_pairs(pairs, lines)
    errors.sort(key=lambda e: e.line)
    return (None if errors else pairs), errors


def _blank(lines: list[int], ids: list[str], side: str) -> list[RowError]:
    message = f"the {side}'s id is required."
    return [RowError(line, side, message) for line, i in zip(lines, ids, strict=True) if not i]


def _factorize(ids: list[str]) -> tuple[list[str], NDArray[np.int64]]:
    """The distinct ids in order of first appearance, and each row's index into them."""
    index: dict[str, int] = {}
    codes = [index.setdefault(i, len(index)) for i in ids]
    return list(index), np.array(codes, dtype=np.int64)


def _scores(
    lines: list[int], texts: list[str], errors: list[RowError]
) -> tuple[NDArray[np.float64], int | None]:
    """The scores, and the most decimals any is written with (None: not exactly decimal)."""
    try:
        scores = np.array(texts, dtype=np.float64)
    except ValueError:
        scores = np.full(len(texts), np.nan)
    if not np.isfinite(scores).all():
        for line, text in zip(lines, texts, strict=True):
            if not np.isfinite(_number(text)):
                message = f"“{text}” is not a number (e.g. 87 or 0.75)."
                errors.append(RowError(line, "score", message))
        return scores, None
    joined = "".join(texts)
    if "e" in joined.lower():
        return scores, None
    if "." not in joined:
        return scores, 0
    return scores, max(len(t) - t.find(".") - 1 for t in texts if "." in t)


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return float("nan")


def _ranks(
    lines: list[int], texts: list[str], column: str, errors: list[RowError]
) -> NDArray[np.int64]:
    """A rank column: 1 for the first choice, 2 for the next, …"""
    if all(t.isascii() and t.isdigit() and t[0] != "0" for t in texts):
        return np.array(texts, dtype=np.int64)
    for line, text in zip(lines, texts, strict=True):
        if not (text.isascii() and text.isdigit() and int(text) >= 1):
            shown = f"“{text}” is not a rank" if text else "a rank is required in this column"
            message = f"{shown}; use 1 for the first choice, 2 for the next, …"
            errors.append(RowError(line, column, message))
    return np.zeros(len(texts), dtype=np.int64)


def _duplicate_pairs(pairs: PairsFile, lines: list[int]) -> list[RowError]:
    key = pairs.mentee * max(len(pairs.mentors), 1) + pairs.mentor
    _, first, counts = np.unique(key, return_index=True, return_counts=True)
    twice = set(key[first[counts > 1]].tolist())
    return [
        RowError(
            lines[k],
            "mentor",
            f"the pair {pairs.mentees[pairs.mentee[k]]} – {pairs.mentors[pairs.mentor[k]]} "
            "is listed more than once; keep one row.",
        )
        for k in np.flatnonzero(np.isin(key, list(twice))).tolist()
    ]


def read_capacities(
    path: str | Path | None, pairs: PairsFile
) -> tuple[NDArray[np.int64], list[RowError], list[RowError]]:
    """Each mentor's capacity (1 unless the file says otherwise); errors and warnings."""
    capacity = np.ones(len(pairs.mentors), dtype=np.int64)
    if path is None:
        return capacity, [], []
    table = read_table(path, CAPACITY_COLUMNS, CAPACITY_COLUMNS)
    index = {name: j for j, name in enumerate(pairs.mentors)}
    seen: dict[str, int] = {}
    errors, warnings = table.errors, []
    parse = _whole(0, 1_000_000)
    for line, row in zip(table.lines, table.rows, strict=True):
        cells = dict(zip(table.header, (c.strip() for c in row), strict=True))
        mentor = cells["mentor"]
        try:
            value = parse(cells["capacity"])
        except _CellError as exc:
            errors.append(RowError(line, "capacity", str(exc)))
            continue
        if mentor in seen:
            message = f"“{mentor}” is also on line {seen[mentor]}; list each mentor once."
            errors.append(RowError(line, "mentor", message))
        elif mentor not in index:
            message = f"“{mentor}” is in no pair of the pairs file, so this capacity is unused."
            warnings.append(RowError(line, "mentor", message))
        elif value is None:
            errors.append(RowError(line, "capacity", "a capacity is required (0 or more)."))
        else:
            capacity[index[mentor]] = value
        seen.setdefault(mentor, line)
    return capacity, sorted(errors, key=lambda e: e.line), warnings


def solve_pairs(pairs: PairsFile, capacity: NDArray[np.int64], method: str) -> NDArray[np.int64]:
    """The chosen pairs (indices into the file's rows): optimal or stable."""
    if method == "optimal":
        edges = Edges(pairs.mentee, pairs.mentor, pairs.score)
        return solve_flow(len(pairs.mentees), capacity, edges, scale=pairs.scale).chosen
    if method != "stable":
        raise ValueError(f"--pairs solves with optimal or stable, not {method}")
    # A side without rank columns ranks by score, best first.
    mentee_key = -pairs.score if pairs.mentee_rank is None else pairs.mentee_rank.astype(float)
    mentor_key = -pairs.score if pairs.mentor_rank is None else pairs.mentor_rank.astype(float)
    mentee_prefs = ordered_lists(pairs.mentee, pairs.mentor, mentee_key, len(pairs.mentees))
    mentor_prefs = ordered_lists(pairs.mentor, pairs.mentee, mentor_key, len(pairs.mentors))
    mentor_of = stable_assignment(mentee_prefs, mentor_prefs, capacity)
    return np.flatnonzero(mentor_of[pairs.mentee] == pairs.mentor).astype(np.int64)


def pair_rows(pairs: PairsFile, chosen: NDArray[np.int64]) -> list[list[str]]:
    """One row per mentee, in the order they first appear: mentee, mentor, score."""
    rows = [[mentee, "", ""] for mentee in pairs.mentees]
    for k in chosen.tolist():
        score = float(pairs.score[k])
        text = f"{score:.{pairs.decimals}f}" if pairs.decimals is not None else repr(score)
        rows[int(pairs.mentee[k])][1:] = [pairs.mentors[int(pairs.mentor[k])], text]
    return rows


# --- the command line ------------------------------------------------------------------------

DESCRIPTION = """\
Match mentors and mentees from CSV files, with no server and no database.

  mentorhub match people.csv --approach traditional --out matches.csv
  mentorhub match --pairs pairs.csv [--capacities capacities.csv] --out matches.csv

A people file has one row per person: id, name, role (mentor, mentee or peer), department,
manager_id, level, timezone, languages, offers, seeks, interests, goals, capacity, exclude
(only id and role are required). The output has one row per mentee: mentee, mentor, score
(0-100) and the reasons, or an empty mentor and the reason nobody was found.

A pairs file lists every allowed pair with its score (mentee, mentor, score; higher is
better), and optionally mentee_rank and mentor_rank (1 = first choice) for --method stable.
The output is mentee, mentor, score. Every problem in a file is reported with its line
and nothing is written until the files are clean. See docs/matching-csv.md.
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mentorhub match",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("people", nargs="?", help="the people file (CSV; - reads stdin)")
    parser.add_argument(
        "--approach",
        choices=sorted(APPROACH_RULES),
        default=None,
        metavar="APPROACH",
        help="the program's approach, which sets the hard rules: "
        f"{', '.join(sorted(APPROACH_RULES))} (default: traditional)",
    )
    parser.add_argument(
        "--method",
        choices=METHODS,
        default=None,
        metavar="METHOD",
        help="optimal: most matched, then best total score (default); stable: no pair "
        "would both rather be together; circles: group mentoring; peers: mutual pairs "
        "(the default with --approach peer). With --pairs: optimal or stable.",
    )
    parser.add_argument("--pairs", metavar="PAIRS.csv", help="solve your own scores instead")
    parser.add_argument(
        "--capacities", metavar="CAPACITIES.csv", help="with --pairs: mentor, capacity (default 1)"
    )
    parser.add_argument(
        "--out", default="-", metavar="MATCHES.csv", help="where to write (default -: stdout)"
    )
    return parser


def _arguments(parser: argparse.ArgumentParser, argv: Sequence[str]) -> argparse.Namespace:
    args = parser.parse_args(list(argv))
    if (args.people is None) == (args.pairs is None):
        parser.error("give either a people file or --pairs PAIRS.csv")
    if args.pairs is not None:
        if args.approach is not None:
            parser.error("--approach applies to a people file; a pairs file has its own scores")
        if (args.method or "optimal") not in ("optimal", "stable"):
            parser.error("--pairs solves with --method optimal or --method stable")
    elif args.capacities is not None:
        parser.error("--capacities goes with --pairs; in a people file use the capacity column")
    return args


def run(argv: Sequence[str]) -> int:
    """`mentorhub match …`: the exit status (0 done, 1 bad input, 2 bad arguments)."""
    try:
        args = _arguments(_parser(), argv)
    except SystemExit as exc:  # argparse has printed the help or the problem
        return int(exc.code or 0)
    report = Report(sys.stderr if args.out == "-" else sys.stdout)
    if args.pairs is not None:
        return _run_pairs(args, report)
    return _run_people(args, report)


def _run_people(args: argparse.Namespace, report: Report) -> int:
    approach = args.approach or "traditional"
    method = args.method or ("peers" if approach == PEER else "optimal")
    with report.phase("read"):
        checked = check_people(args.people)
    warnings = sorted(checked.warnings + left_out(checked, approach, method), key=lambda e: e.line)
    if not report.problems(args.people, checked.errors, warnings):
        return 1
    problem = people_problem(checked.people, approach, method)
    if not problem.mentees or not problem.mentors:
        report.fail(f"{args.people}: nothing to match; {_missing(problem, approach, method)}")
        return 1
    started = time.perf_counter()
    result = match(problem, method=method, progress=ProgressBar.on(sys.stderr))
    # What the solver does not time itself is encoding the problem (or all of it, if it times
    # nothing).
    untimed = time.perf_counter() - started - sum(result.timings.values())
    report.timings["prepare" if result.timings else "match"] = untimed
    report.timings.update(result.timings)
    with report.phase("write"):
        header, rows = match_rows(result, problem)
        if not report.written(args.out, header, rows):
            return 1
    at = header.index("mentor")
    matched = len({row[at - 1] for row in rows if row[at]})  # the person is left of the mentor
    who = "peers" if peer_matching(approach, method) else "mentees"
    quality = f"mean score {result.mean_score * 100:.1f}"
    report.summary(matched, len(problem.mentees), who, quality)
    return 0


def _missing(problem: Problem, approach: str, method: str) -> str:
    if peer_matching(approach, method):
        return "peer matching needs rows with role peer."
    side = "mentee" if not problem.mentees else "mentor"
    return f"the file has no {side} rows."


def _run_pairs(args: argparse.Namespace, report: Report) -> int:
    method = args.method or "optimal"
    with report.phase("read"):
        pairs, errors = read_pairs(args.pairs)
    if pairs is None:
        report.problems(args.pairs, errors, [])
        return 1
    capacity, errors, warnings = read_capacities(args.capacities, pairs)
    if not report.problems(args.capacities, errors, warnings):
        return 1
    with report.phase("solve"):
        chosen = solve_pairs(pairs, capacity, method)
    with report.phase("write"):
        if not report.written(args.out, ["mentee", "mentor", "score"], pair_rows(pairs, chosen)):
            return 1
    total = float(pairs.score[chosen].sum())
    text = f"{total:.{pairs.decimals}f}" if pairs.decimals is not None else f"{total:g}"
    report.summary(len(chosen), len(pairs.mentees), "mentees", f"total score {text}")
    return 0


class Report:
    """What the command tells the person: problems on stderr, then a summary."""

    def __init__(self, out: IO[str]):
        self.out = out
        self.timings: dict[str, float] = {}

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - started

    def problems(self, path: str, errors: list[RowError], warnings: list[RowError]) -> bool:
        """Print them; True when matching may go on."""
        for warning in warnings:
            print(f"{path}: warning: {warning}", file=sys.stderr)
        for error in errors:
            print(f"{path}: {error}", file=sys.stderr)
        if errors:
            count = f"{len(errors)} problem{'s' * (len(errors) != 1)}"
            print(f"Nothing was matched: fix the {count} above and run again.", file=sys.stderr)
        return not errors

    def fail(self, message: str) -> None:
        print(message, file=sys.stderr)

    def written(self, path: str, header: list[str], rows: list[list[str]]) -> bool:
        try:
            _write_csv(path, header, rows)
        except OSError as exc:
            self.fail(f"{path}: cannot be written: {exc.strerror or exc}.")
            return False
        return True

    def summary(self, matched: int, total: int, who: str, quality: str) -> None:
        phases = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in self.timings.items())
        print(f"Matched {matched} of {total} {who}; {quality}.", file=self.out)
        print(f"Time: {phases}.", file=self.out)


class ProgressBar:
    """A one-line bar on a terminal, redrawn as each phase of the engine advances."""

    WIDTH = 30

    def __init__(self, out: IO[str]):
        self.out = out
        self.shown = ""

    @classmethod
    def on(cls, out: IO[str]) -> Callable[[str, float], None] | None:
        return cls(out) if out.isatty() else None

    def __call__(self, phase: str, fraction: float) -> None:
        done = int(self.WIDTH * min(max(fraction, 0.0), 1.0))
        line = f"\r{phase:<12} [{'#' * done}{'.' * (self.WIDTH - done)}] {fraction:4.0%}"
        if line != self.shown:
            self.out.write(line + ("\n" if fraction >= 1 else ""))
            self.out.flush()
            self.shown = line


def main() -> None:
    raise SystemExit(run(sys.argv[1:]))


if __name__ == "__main__":
    main()
