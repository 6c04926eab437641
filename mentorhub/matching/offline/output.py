"""The matches files: their rows, and CSV written whole and safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import os
import sys
from pathlib import Path
from typing import IO

import numpy as np
from numpy.typing import NDArray

from mentorhub.matching.engine import CIRCLE_METHODS, MatchResult, Pair, Problem
from mentorhub.matching.offline.pairs import PairsFile

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(text: str) -> str:
    """People's text (names, ids, reasons) as a cell a spreadsheet shows, never runs."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def match_rows(result: MatchResult, problem: Problem) -> tuple[list[str], list[list[str]]]:
    """The output header and rows: one per mentee (per member for circles, per peer for peers)."""
    by_mentee: dict[str, list[list[str]]] = {}
    with_circle = result.method in CIRCLE_METHODS or any(p.circle for p in result.pairs)
    peers = problem.mentees is problem.mentors
    for pair in result.pairs:
        for person, other, reasons in _sides(pair, peers):
            row = [text_cell(person), text_cell(other), f"{pair.score * 100:.1f}", reasons]
            by_mentee.setdefault(person, []).append(
                [text_cell(pair.circle or ""), *row] if with_circle else row
            )
    rows = []
    for mentee in problem.mentees:
        found = by_mentee.get(mentee.id)
        if found:
            rows += found[:1] if peers else found
        else:
            reason = text_cell(result.unmatched.get(mentee.id, "no match was found"))
            person = text_cell(mentee.id)
            rows.append(["", person, "", "", reason] if with_circle else [person, "", "", reason])
    header = ["mentee", "mentor", "score", "reasons"]
    return (["circle", *header] if with_circle else header), rows


def _sides(pair: Pair, peers: bool) -> list[tuple[str, str, str]]:
    """Person, partner and reasons for each row the pair gives: both partners' for peer
    pairs. In a peer circle every member has a pair of their own, so it gives one row."""
    reasons = "; ".join(pair.reasons)
    sides = [(pair.mentee_id, pair.mentor_id, text_cell(reasons))]
    if peers and pair.circle is None:
        # The engine explains a pair once, from the first peer's side; say so on the other row.
        shared = f"reasons for both, from {pair.mentee_id}'s side: {reasons}"
        sides.append((pair.mentor_id, pair.mentee_id, text_cell(shared)))
    return sides


def pair_rows(pairs: PairsFile, chosen: NDArray[np.int64]) -> list[list[str]]:
    """One row per mentee, in the order they first appear: mentee, mentor, score."""
    rows = [[text_cell(mentee), "", ""] for mentee in pairs.mentees]
    for k in chosen.tolist():
        score = float(pairs.score[k])
        text = f"{score:.{pairs.decimals}f}" if pairs.decimals is not None else repr(score)
        mentor = text_cell(pairs.mentors[int(pairs.mentor[k])])
        rows[int(pairs.mentee[k])][1:] = [mentor, text]  # a score stays a number, even below 0
    return rows


def write_matches(path: str | Path, result: MatchResult, problem: Problem) -> None:
    """matches.csv: mentee, mentor, score (0–100), reasons; `-` writes to stdout."""
    header, rows = match_rows(result, problem)
    write_csv(path, header, rows)


def write_csv(path: str | Path, header: list[str], rows: list[list[str]]) -> None:
    """Write the file whole or not at all; `-` writes to stdout."""
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
