"""Participants turned into arrays: the form in which millions of pairs are checked at once."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from mentorhub.matching.engine.problem import Participant, Problem
from mentorhub.matching.engine.text import TextModel, TfidfLsa
from mentorhub.matching.engine.timeplace import SLOTS_PER_WEEK, utc_offset_hours, utc_slots


class Vocabulary:
    """Names to column numbers, shared by both sides so their matrices line up."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.names: list[str] = []

    def column(self, name: str) -> int:
        if name not in self.index:
            self.index[name] = len(self.names)
            self.names.append(name)
        return self.index[name]

    def __len__(self) -> int:
        return len(self.names)


def _sparse(
    people: Sequence[Participant],
    values: Callable[[Participant], Iterable[tuple[str, float]]],
    vocabulary: Vocabulary,
) -> tuple[list[int], list[int], list[float]]:
    """Rows, columns and values from each person's (name, value) pairs."""
    rows: list[int] = []
    cols: list[int] = []
    data: list[float] = []
    index, names = vocabulary.index, vocabulary.names
    for row, person in enumerate(people):
        for name, value in values(person):
            column = index.get(name)
            if column is None:  # inline Vocabulary.column: this loop runs millions of times
                column = index[name] = len(names)
                names.append(name)
            rows.append(row)
            cols.append(column)
            data.append(value)
    return rows, cols, data


def _name_matrix(
    people: Sequence[Participant],
    names_of: Callable[[Participant], Iterable[str]],
    vocabulary: Vocabulary,
) -> sp.csr_matrix:
    """People × names, 1 where the person lists the name.

    Many people list the same set (the same languages, often the same skills), so each
    distinct set is looked up once; names get their columns in order of first appearance.
    """
    columns_of: dict[frozenset[str], list[int]] = {}
    counts: list[int] = []
    cols: list[int] = []
    for person in people:
        names = names_of(person)
        if not isinstance(names, frozenset):
            names = frozenset(names)  # any collection of names will do
        found = columns_of.get(names)
        if found is None:
            found = columns_of[names] = [vocabulary.column(name) for name in names]
        counts.append(len(found))
        cols += found
    indptr = np.zeros(len(people) + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    data = np.ones(len(cols), dtype=np.float32)
    shape = (len(people), max(len(vocabulary), 1))  # the full width comes with _pad
    matrix = sp.csr_matrix((data, np.array(cols, dtype=np.int64), indptr), shape=shape)
    matrix.sum_duplicates()  # columns sorted in each row, as from (row, column) pairs
    return matrix


@dataclass
class Side:
    """One side of the market (mentees or mentors), column by column."""

    people: Sequence[Participant]
    level: NDArray[np.int16]  # −1: not given
    tz_offset: NDArray[np.float32]  # hours from UTC on the reference date; NaN: not given
    department: NDArray[np.int32]  # −1: not given
    capacity: NDArray[np.int64]
    screened: NDArray[np.bool_]
    languages: sp.csr_matrix  # people × languages, 1 where spoken
    offers: sp.csr_matrix  # people × skills, proficiency 1..5
    seeks: sp.csr_matrix  # people × skills, 1 where sought
    interests: sp.csr_matrix
    answers: sp.csr_matrix  # people × (question, answer), one-hot
    availability: sp.csr_matrix  # people × 30-minute slots of the UTC week
    text: NDArray[np.float32]  # unit vectors of goals and bios

    def __len__(self) -> int:
        return len(self.people)

    def has(self, matrix: sp.csr_matrix) -> NDArray[np.bool_]:
        return np.diff(matrix.indptr) > 0


@dataclass
class Encoded:
    mentees: Side
    mentors: Side
    skills: Vocabulary
    languages: Vocabulary
    interests: Vocabulary
    questions: Vocabulary
    text_model: TextModel


def _document(person: Participant, skills: Iterable[str]) -> str:
    return " ".join([person.goals, *skills, *person.interests])


def encode(problem: Problem, text_model: TextModel | None = None) -> Encoded:
    reference = problem.rules.reference_date or datetime.now(UTC).date()
    names = ("skills", "languages", "interests", "questions", "departments")
    vocab = {name: Vocabulary() for name in names}
    mentees = _side(problem.mentees, vocab, reference)
    mentors = _side(problem.mentors, vocab, reference)
    _pad(mentees, vocab)
    _pad(mentors, vocab)
    model = text_model or TfidfLsa()
    mentees.text, mentors.text = model.vectors(
        [_document(p, p.seeks) for p in problem.mentees],
        [_document(p, p.offers) for p in problem.mentors],
    )
    return Encoded(
        mentees,
        mentors,
        vocab["skills"],
        vocab["languages"],
        vocab["interests"],
        vocab["questions"],
        model,
    )


def _side(people: Sequence[Participant], vocab: dict[str, Vocabulary], reference: date) -> Side:
    n = len(people)
    skills, languages, departments = vocab["skills"], vocab["languages"], vocab["departments"]
    offsets = [utc_offset_hours(p.timezone, reference) if p.timezone else None for p in people]
    return Side(
        people=people,
        level=np.array([p.level if p.level is not None else -1 for p in people], dtype=np.int16),
        tz_offset=np.array([np.nan if o is None else o for o in offsets], dtype=np.float32),
        department=np.array(
            [departments.column(p.department.lower()) if p.department else -1 for p in people],
            dtype=np.int32,
        ),
        capacity=np.array([max(p.capacity, 0) for p in people], dtype=np.int64),
        screened=np.array([p.screened for p in people], dtype=np.bool_),
        languages=_name_matrix(people, lambda p: p.languages, languages),
        offers=_parts(people, lambda p: p.offers.items(), skills, n),
        seeks=_name_matrix(people, lambda p: p.seeks, skills),
        interests=_name_matrix(people, lambda p: p.interests, vocab["interests"]),
        answers=_parts(
            people,
            lambda p: ((f"{q}={a}", 1.0) for q, a in p.answers.items()),
            vocab["questions"],
            n,
        ),
        availability=_availability(people, reference),
        text=np.zeros((n, 0), dtype=np.float32),
    )


def _parts(
    people: Sequence[Participant],
    values: Callable[[Participant], Iterable[tuple[str, float]]],
    vocabulary: Vocabulary,
    n: int,
) -> sp.csr_matrix:
    # Width is fixed later by _pad, once both sides have added their names.
    rows, cols, data = _sparse(people, values, vocabulary)
    return sp.csr_matrix((data, (rows, cols)), shape=(n, max(len(vocabulary), 1)), dtype=np.float32)


_WIDTHS = {
    "languages": "languages",
    "offers": "skills",
    "seeks": "skills",
    "interests": "interests",
    "answers": "questions",
}


def _pad(side: Side, vocab: Mapping[str, Vocabulary]) -> None:
    """Give each matrix the full width of its vocabulary, now both sides are read."""
    for attribute, name in _WIDTHS.items():
        matrix: sp.csr_matrix = getattr(side, attribute)
        width = max(len(vocab[name]), 1)
        setattr(
            side,
            attribute,
            sp.csr_matrix(
                (matrix.data, matrix.indices, matrix.indptr), shape=(matrix.shape[0], width)
            ),
        )


def _availability(people: Sequence[Participant], reference: date) -> sp.csr_matrix:
    rows, cols = [], []
    for row, person in enumerate(people):
        if person.availability:
            slots = utc_slots(person.availability, person.timezone, reference)
            rows.extend([row] * len(slots))
            cols.extend(slots)
    return sp.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(people), SLOTS_PER_WEEK)
    )
