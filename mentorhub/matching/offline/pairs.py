"""Bring your own score: the pairs and capacities files, solved optimally or stably."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from mentorhub.matching.engine.solvers.flow import SCALE, Edges, solve_flow
from mentorhub.matching.engine.solvers.stable import ordered_lists, stable_assignment
from mentorhub.matching.offline.tables import CellError, RowError, read_table, whole_number

PAIRS_COLUMNS = ("mentee", "mentor", "score", "mentee_rank", "mentor_rank")
CAPACITY_COLUMNS = ("mentor", "capacity")
MAX_EXACT_DECIMALS = 6  # scores with up to this many decimals are solved exactly


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
    parse = whole_number(0, 1_000_000)
    for line, row in zip(table.lines, table.rows, strict=True):
        cells = dict(zip(table.header, (c.strip() for c in row), strict=True))
        mentor = cells["mentor"]
        try:
            value = parse(cells["capacity"])
        except CellError as exc:
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
