"""What peer pairs and peer circles share: peers scored against each other, and the words.

The caller puts the same people (role "peer") on both sides of the Problem, usually with
`rules_for("peer")`. Two peers are linked only if they may pair both ways (the peer rule is
mutual by construction; exclusions, forbidden pairs and screening are checked from both
sides), never a person with themselves. A link's score is the mean of its two directions.

Above PEER_CHUNK people, peers are sorted by level, language and time zone and matched in
chunks of that size: nobody is paired, or put in a circle, across chunks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from mentorhub.matching.engine.explain import pair_reasons
from mentorhub.matching.engine.optimal import PAIRS_PER_BLOCK, Prepared
from mentorhub.matching.engine.pairs import RULES, MentorColumns
from mentorhub.matching.engine.problem import Participant, Seniority
from mentorhub.matching.engine.result import Pair

Progress = Callable[[str, float], None]
Answer = TypeVar("Answer")
PEER_CHUNK = 6_000  # people scored against each other at once (dense matrices)
PAIR_STEP = 256  # pairs scored per block when explaining chosen pairs


def counterparts(prepared: Prepared) -> NDArray[np.int64]:
    """Each peer's column on the mentor side; both sides must hold the same people."""
    ids = [p.id for p in prepared.problem.mentees]
    mentors = len(prepared.problem.mentors)
    same = len(set(ids)) == len(ids) == len(prepared.mentor_at) == mentors
    if not same or any(i not in prepared.mentor_at for i in ids):
        raise ValueError(
            "peer matching needs the same people on both sides: put every peer once among "
            "the mentees and once among the mentors"
        )
    return np.array([prepared.mentor_at[i] for i in ids], dtype=np.int64)


def solve_in_chunks(
    prepared: Prepared,
    counterpart: NDArray[np.int64],
    people: NDArray[np.int64],
    progress: Progress | None,
    solve: Callable[[PeerGraph], Answer],
    *,
    circles: bool = False,
) -> list[Answer]:
    """Build the graph of each chunk of `people` and solve it: one answer per chunk."""
    chunks = _chunks(prepared, people)
    answers = []
    for done, chunk in enumerate(chunks, start=1):
        answers.append(solve(PeerGraph.build(prepared, counterpart, chunk, circles)))
        if progress:
            progress("peers", done / len(chunks))
    return answers


def _chunks(prepared: Prepared, people: NDArray[np.int64]) -> list[NDArray[np.int64]]:
    """Groups of at most PEER_CHUNK people who are alike (level, language, time zone)."""
    if len(people) <= PEER_CHUNK:
        return [people]
    side, mentees = prepared.encoded.mentees, prepared.problem.mentees
    first_language = [min(mentees[i].languages, default="") for i in people]
    language = np.unique(first_language, return_inverse=True)[1]
    zone = np.nan_to_num(side.tz_offset[people], nan=99.0)
    order = people[np.lexsort((zone, language, side.level[people]))]
    return list(np.array_split(order, -(-len(people) // PEER_CHUNK)))


@dataclass
class PeerGraph:
    """Everyone in a chunk against everyone: who may pair (both ways), and how well.

    Indices into the graph are positions in the chunk; `people` maps them to mentee rows.
    """

    prepared: Prepared
    counterpart: NDArray[np.int64]  # every peer's mentor column, across all chunks
    people: NDArray[np.int64]  # mentee rows of the chunk, in order
    view: MentorColumns  # the same people as mentor columns, in the same order
    eligible: NDArray[np.bool_]
    weight: NDArray[np.float32]  # symmetric: the mean of both directions
    # Circles only: every hard rule but the exchange, both ways (may sit in one circle).
    compatible: NDArray[np.bool_] = field(default_factory=lambda: np.zeros((0, 0), np.bool_))

    @classmethod
    def build(
        cls,
        prepared: Prepared,
        counterpart: NDArray[np.int64],
        people: NDArray[np.int64],
        circles: bool,
    ) -> PeerGraph:
        c = len(people)
        view = prepared.scorer.columns(counterpart[people])
        eligible, weight = np.zeros((c, c), np.bool_), np.zeros((c, c), np.float32)
        compatible = np.zeros((c, c) if circles else (0, 0), np.bool_)
        step = max(16, PAIRS_PER_BLOCK // max(c, 1))
        for begin in range(0, c, step):
            block = prepared.scorer.rows(people[begin : begin + step], view)
            eligible[begin : begin + step] = block.eligible
            weight[begin : begin + step] = block.score
            if circles:
                allowed = _close_levels(prepared, people[begin : begin + step], people)
                for name, mask in block.rules.items():
                    if name != "seniority":  # the exchange is per member, not per pair
                        allowed &= mask
                compatible[begin : begin + step] = allowed
        eligible &= eligible.T
        compatible &= compatible.T
        weight += weight.T
        weight *= np.float32(0.5)
        return cls(prepared, counterpart, people, view, eligible, weight, compatible)

    def edges(self, free: NDArray[np.bool_]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """Each allowed pair once (u < v), among the free."""
        u, v = np.nonzero(np.triu(self.eligible & free[:, None] & free[None, :], 1))
        return u.astype(np.int64), v.astype(np.int64)

    def pairs(self, couples: list[tuple[int, int]]) -> list[Pair]:
        """Couples of positions in the chunk as explained pairs."""
        rows = self.people
        return peer_pairs(self.prepared, self.counterpart, [(rows[a], rows[b]) for a, b in couples])


def _close_levels(
    prepared: Prepared, rows: NDArray[np.int64], cols: NDArray[np.int64]
) -> NDArray[np.bool_]:
    """Levels within the peer gap (or unknown): the seniority rule without the exchange."""
    rules, level = prepared.problem.rules, prepared.encoded.mentees.level.astype(np.int32)
    mine, theirs = level[rows][:, None], level[cols][None, :]
    if rules.seniority != Seniority.PEER:
        return np.ones((len(rows), len(cols)), dtype=np.bool_)
    known = (mine >= 0) & (theirs >= 0)
    return np.asarray(~known | (np.abs(mine - theirs) <= rules.peer_level_gap))


# Pairs and reasons in words


def peer_pairs(
    prepared: Prepared,
    counterpart: NDArray[np.int64],
    couples: list[tuple[int, int]],
    locked: bool = False,
) -> list[Pair]:
    """Peers (a, b) by mentee row as pairs: the mean of both directions' score and parts,
    with reasons."""
    if not couples:
        return []
    a, b = (np.array(side, dtype=np.int64) for side in zip(*couples, strict=True))
    there, parts_there = _directed(prepared, a, counterpart[b])
    back, parts_back = _directed(prepared, b, counterpart[a])
    people, weights = prepared.problem.mentees, prepared.scorer.weights
    pairs = []
    for k in range(len(couples)):
        parts = {name: float(v[k] + parts_back[name][k]) / 2 for name, v in parts_there.items()}
        mine, theirs = people[a[k]], people[b[k]]
        rest = {name: v for name, v in parts.items() if name not in ("skills", "interests")}
        extra = pair_reasons(mine, theirs, rest, weights, prepared.encoded, limit=2)
        reasons = ["fixed by the program manager"] if locked else []
        reasons += exchange_reasons(mine, [theirs])
        reasons += [r for r in extra if r != "meets every rule of the program"]
        score = float(there[k] + back[k]) / 2
        pairs.append(Pair(mine.id, theirs.id, score, tuple(reasons) or extra, parts, locked))
    return pairs


def _directed(
    prepared: Prepared, rows: NDArray[np.int64], cols: NDArray[np.int64]
) -> tuple[NDArray[np.float32], dict[str, NDArray[np.float32]]]:
    """Score and parts of mentee rows[k] with mentor column cols[k], a diagonal at a time."""
    score = np.zeros(len(rows), dtype=np.float32)
    parts: dict[str, NDArray[np.float32]] = {}
    for begin in range(0, len(rows), PAIR_STEP):
        r, c = rows[begin : begin + PAIR_STEP], cols[begin : begin + PAIR_STEP]
        block = prepared.scorer.rows(r, prepared.scorer.columns(c))
        diagonal = np.arange(len(r))
        score[begin : begin + len(r)] = block.score[diagonal, diagonal]
        for name, values in block.parts.items():
            kept = parts.setdefault(name, np.zeros(len(rows), dtype=np.float32))
            kept[begin : begin + len(r)] = values[diagonal, diagonal]
    return score, parts


def exchange_reasons(me: Participant, others: list[Participant]) -> list[str]:
    """What `me` gives to, receives from and shares with the others, a few of each."""
    gives = [f"{s} to {_name(o)}" for o in others for s in sorted(o.seeks & me.offers.keys())]
    gets = [f"{s} from {_name(o)}" for o in others for s in sorted(me.seeks & o.offers.keys())]
    shared = [f"{s} with {_name(o)}" for o in others for s in sorted(me.interests & o.interests)]
    said = [("gives", gives), ("receives", gets), ("shares interests", shared)]
    return [f"{verb}: {', '.join(items[:3])}" for verb, items in said if items]


def why_left_out(
    graph: PeerGraph, left: NDArray[np.int64], taken: Callable[[int], str]
) -> dict[str, str]:
    """Why each person left out (positions in the chunk) is: the first hard rule that leaves
    no peer, or `taken(count)` when there are `count` peers they could pair with."""
    if not len(left):
        return {}
    people = graph.prepared.problem.mentees
    block = graph.prepared.scorer.rows(graph.people[left], graph.view)
    allowed = np.ones(block.score.shape, dtype=np.bool_)
    allowed[np.arange(len(left)), left] = False  # not themselves
    counts = [allowed.sum(axis=1)]
    for rule in RULES:
        allowed &= block.rule(rule)
        counts.append(allowed.sum(axis=1))
    mutual = graph.eligible[left].sum(axis=1)
    reasons = {}
    for row, x in enumerate(left):
        person = people[graph.people[x]]
        empty = [step for step in range(1, len(RULES) + 1) if counts[step][row] == 0]
        if mutual[row]:
            reasons[person.id] = taken(int(mutual[row]))
        elif counts[0][row] == 0:
            reasons[person.id] = "nobody else takes part in this peer matching"
        elif empty:
            rule, before = RULES[empty[0] - 1], int(counts[empty[0] - 1][row])
            reasons[person.id] = _rule_reason(graph, rule, person, before)
        else:
            reasons[person.id] = (
                f"none of the {int(counts[-1][row])} peers they could pair with may pair with "
                "them in return (a declared conflict, screening or capacity on their side)"
            )
    return reasons


def _rule_reason(graph: PeerGraph, rule: str, person: Participant, left: int) -> str:
    before = f"of the {left} peer{'s' * (left != 1)} otherwise suitable, " if left else ""
    gap = graph.prepared.problem.rules.peer_level_gap
    if rule == "seniority" and not (person.offers or person.seeks or person.interests):
        return "they list no skills offered or sought and no interests: no exchange is possible"
    wording = {
        "expertise": f"no peer offers a skill sought ({', '.join(sorted(person.seeks)[:4])})",
        "language": f"{before}none shares a language ({', '.join(sorted(person.languages))})",
        "seniority": f"{before}none is within {gap} level{'s' * (gap != 1)} and in a mutual "
        "exchange (each offering a skill the other seeks, or a shared interest)",
        "time": f"{before}none is close enough in time zone or free at the same times",
        "screening": f"{before}none has a valid screening",
        "capacity": f"{before}none is taking part (capacity 0)",
        "chain": f"{before}all are in the same management chain",
    }
    return wording.get(rule, f"{before}all are excluded as declared conflicts")


def _name(person: Participant) -> str:
    return person.name or person.id
