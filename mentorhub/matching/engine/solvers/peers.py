"""Peer matching among equals: pairs, or circles in which every member gives and receives.

The caller puts the same people (role "peer") on both sides of the Problem, usually with
`rules_for("peer")`. A pair is allowed only if it is allowed both ways (the peer rule is
mutual by construction; exclusions, forbidden pairs and screening are checked from both
sides), never a person with themselves. A pair's score is the mean of its two directions.

Peer pairs: the most people paired, then the highest total score, on a general graph.
1. The doubled graph (everyone once as giver, once as receiver) is a bipartite flow, solved
   like the optimal method. Its optimum is the best *fractional* matching, an upper bound.
   It falls apart into 2-cycles (pairs), longer cycles and paths.
2. Repair: each cycle or path is cut into its best pairs (exact, by dynamic programming).
   Even cycles and paths lose nothing, so without an odd cycle the result equals the bound:
   a proven optimum. An odd cycle leaves one person out who may fit better elsewhere.
3. Those left out pair with each other (best first), then along alternating paths (a
   breadth-first search that does not shrink blossoms, so it may miss some). If that meets
   the bound, it is optimal. Otherwise, up to EXACT_PEERS people and EXACT_EDGES allowed
   pairs, an integer program (scipy `milp`, HiGHS, with odd-set cuts) finds the exact
   optimum within EXACT_SECONDS. Beyond those limits the result is approximate; in our
   measurements it paired as many people as the optimum and lost under 0.5% of the score.
   `stats` has the bound (`paired_bound` people, `score_bound`) and `exact`.

Peer circles (a heuristic, no optimality claim): the person with the fewest free partners
seeds a circle; it grows by the free person who can exchange with at least one member (the
peer rule) and sits with every member (all hard rules except that exchange), the highest
summed score to the members first. Each member joined through an exchange with someone
already in, so everyone gives and receives. A seed that cannot fill a circle seeds no other.

Above PEER_CHUNK people, peers are sorted by level, language and time zone and matched in
chunks of that size: nobody is paired across chunks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse.csgraph import connected_components

from mentorhub.matching.engine.explain import pair_reasons
from mentorhub.matching.engine.optimal import PAIRS_PER_BLOCK, Prepared
from mentorhub.matching.engine.pairs import RULES, MentorColumns
from mentorhub.matching.engine.problem import Participant, Seniority
from mentorhub.matching.engine.result import MatchResult, Pair
from mentorhub.matching.engine.solvers.flow import Edges, solve_flow

Progress = Callable[[str, float], None]
PEER_CHUNK = 6_000  # people scored against each other at once (dense matrices)
# Up to this many people and allowed pairs, an integer program settles odd cycles exactly.
# Sparse groups of 1,000 take a few seconds; dense ones (everyone may pair with everyone)
# are much harder for it, hence the pair limit and the time limit.
EXACT_PEERS = 1_000
EXACT_EDGES = 30_000
EXACT_SECONDS = 10.0  # per integer program; past it the approximate pairs stand
PEER_CIRCLE_SIZE = 4  # the usual circle size, for callers offering peer circles
LINK_WEIGHT = 0.5  # a candidate's bonus for each member they can exchange with
PAIR_STEP = 256  # pairs scored per block when explaining chosen pairs


def match_peers(
    prepared: Prepared, progress: Progress | None = None, *, circle_size: int | None = None
) -> MatchResult:
    """Peer pairs (`circle_size` None) or peer circles of `circle_size` people."""
    if circle_size is not None and circle_size < 3:
        raise ValueError(f"a peer circle needs at least 3 people, not {circle_size}; use pairs")
    counterpart = _counterparts(prepared)
    result = MatchResult([], {}, "peers" if circle_size is None else "peer circles")
    locked = _locked(prepared) if circle_size is None else []
    result.pairs += _pairs(prepared, counterpart, locked, locked=True)
    placed = {i for pair in locked for i in pair}
    free = np.array([i for i in range(len(counterpart)) if i not in placed], dtype=np.int64)
    chunks = _chunks(prepared, free)
    exact = True
    for done, chunk in enumerate(chunks, start=1):
        graph = PeerGraph.build(prepared, chunk, counterpart[chunk], circles=bool(circle_size))
        if circle_size is None:
            exact &= _match_pairs(graph, counterpart, result)
        else:
            _match_circles(graph, counterpart, circle_size, result)
        if progress:
            progress("peers", done / len(chunks))
    result.stats["chunks"] = float(len(chunks))
    if circle_size is None:
        result.stats["exact"] = float(exact and len(chunks) <= 1)
    return result


def _counterparts(prepared: Prepared) -> NDArray[np.int64]:
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


def _locked(prepared: Prepared) -> list[tuple[int, int]]:
    at, fixed, seen = prepared.mentee_at, [], set[int]()
    for a, b in sorted(prepared.problem.locked):
        if a in at and b in at and a != b and not {at[a], at[b]} & seen:
            fixed.append((at[a], at[b]))
            seen |= {at[a], at[b]}
    return fixed


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
    """Everyone in a chunk against everyone: who may pair (both ways), and how well."""

    prepared: Prepared
    people: NDArray[np.int64]  # mentee rows of the chunk, in order
    view: MentorColumns  # the same people as mentor columns, in the same order
    eligible: NDArray[np.bool_]
    weight: NDArray[np.float32]  # symmetric: the mean of both directions
    compatible: NDArray[np.bool_] = field(default_factory=lambda: np.zeros((0, 0), np.bool_))

    @classmethod
    def build(
        cls,
        prepared: Prepared,
        people: NDArray[np.int64],
        columns: NDArray[np.int64],
        circles: bool,
    ) -> PeerGraph:
        c = len(people)
        view = prepared.scorer.columns(columns)
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
        return cls(prepared, people, view, eligible, weight, compatible)

    def edges(self, free: NDArray[np.bool_]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """Each allowed pair once (u < v), among the free."""
        u, v = np.nonzero(np.triu(self.eligible & free[:, None] & free[None, :], 1))
        return u.astype(np.int64), v.astype(np.int64)


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


# Peer pairs


def _match_pairs(graph: PeerGraph, counterpart: NDArray[np.int64], result: MatchResult) -> bool:
    """Pair the chunk; True when the pairs are a proven optimum."""
    c = len(graph.people)
    u, v = graph.edges(np.ones(c, dtype=np.bool_))
    w = graph.weight[u, v].astype(np.float64)
    both = Edges(np.concatenate([u, v]), np.concatenate([v, u]), np.concatenate([w, w]))
    doubled = solve_flow(c, np.ones(c, dtype=np.int64), both)
    pairs = _repair(doubled.mentor_of, graph.weight)
    bound = (doubled.matched, doubled.total_score)  # twice the best fractional matching
    if not _reaches(pairs, graph.weight, bound, c):
        pairs = _pair_leftovers(pairs, graph)
    exact = _reaches(pairs, graph.weight, bound, c)
    if not exact and c <= EXACT_PEERS and len(u) <= EXACT_EDGES:
        known = len(pairs) if 2 * len(pairs) == bound[0] else None
        cuts = _odd_sets(c, u, v, doubled.mentor_of)
        pairs, exact = _integer_program(c, u, v, w, cuts, known) or (pairs, False)
    result.stats["paired_bound"] = result.stats.get("paired_bound", 0.0) + bound[0]
    result.stats["score_bound"] = result.stats.get("score_bound", 0.0) + bound[1] / 2
    rows = graph.people
    result.pairs += _pairs(graph.prepared, counterpart, [(rows[a], rows[b]) for a, b in pairs])
    paired = {x for pair in pairs for x in pair}
    left = np.array([x for x in range(c) if x not in paired], dtype=np.int64)
    result.unmatched.update(_unmatched(graph, left, _taken_by_pairs))
    return exact


def _reaches(
    pairs: list[tuple[int, int]],
    weight: NDArray[np.float32],
    bound: tuple[int, float],
    c: int,
) -> bool:
    """Do the pairs meet the fractional bound (so nothing better exists)?"""
    total = sum(float(weight[a, b]) for a, b in pairs)
    return 2 * len(pairs) == bound[0] and 2 * total >= bound[1] - 1e-6 * max(c, 1)


def _repair(successor: NDArray[np.int64], weight: NDArray[np.float32]) -> list[tuple[int, int]]:
    """Cut every cycle and path of the doubled solution into its best pairs."""
    pairs: list[tuple[int, int]] = []
    for nodes, cycle in _walks(successor):
        if cycle and len(nodes) > 2:
            closing = [(nodes[-1], nodes[0]), *_best_on_path(nodes[1:-1], weight)[1]]
            options = [_best_on_path(nodes, weight), (_value(closing, weight), closing)]
            pairs += max(options, key=lambda option: option[0])[1]
        else:
            pairs += _best_on_path(nodes, weight)[1]
    return pairs


def _walks(successor: NDArray[np.int64]) -> list[tuple[list[int], bool]]:
    """The paths and cycles of a graph where everyone has at most one successor."""
    n = len(successor)
    has_pred = np.zeros(n, dtype=np.bool_)
    has_pred[successor[successor >= 0]] = True
    seen = np.zeros(n, dtype=np.bool_)
    walks = []
    starts = [int(x) for x in np.flatnonzero(~has_pred & (successor >= 0))]
    starts += [int(x) for x in np.flatnonzero(has_pred)]  # what is left of these: cycles
    for start in starts:
        if seen[start]:
            continue
        nodes, x = [], start
        while x >= 0 and not seen[x]:
            seen[x] = True
            nodes.append(x)
            x = int(successor[x])
        walks.append((nodes, x == start))
    return walks


def _value(pairs: list[tuple[int, int]], weight: NDArray[np.float32]) -> tuple[int, float]:
    return len(pairs), sum(float(weight[a, b]) for a, b in pairs)


def _best_on_path(
    nodes: list[int], weight: NDArray[np.float32]
) -> tuple[tuple[int, float], list[tuple[int, int]]]:
    """The best pairs of neighbours along a path: most pairs, then highest total."""
    best: list[tuple[int, float]] = [(0, 0.0)] * (len(nodes) + 1)
    took = [False] * (len(nodes) + 1)
    for k in range(2, len(nodes) + 1):
        count, total = best[k - 2]
        take = (count + 1, total + float(weight[nodes[k - 2], nodes[k - 1]]))
        took[k] = take > best[k - 1]
        best[k] = take if took[k] else best[k - 1]
    pairs, k = [], len(nodes)
    while k >= 2:
        if took[k]:
            pairs.append((nodes[k - 2], nodes[k - 1]))
        k -= 2 if took[k] else 1
    return best[len(nodes)], pairs


def _pair_leftovers(pairs: list[tuple[int, int]], graph: PeerGraph) -> list[tuple[int, int]]:
    """Pair those left out: with each other (best first), then along alternating paths."""
    mate = np.full(len(graph.people), -1, dtype=np.int64)
    for a, b in pairs:
        mate[a], mate[b] = b, a
    u, v = graph.edges(mate < 0)
    for e in np.argsort(-graph.weight[u, v], kind="stable"):
        if mate[u[e]] < 0 and mate[v[e]] < 0:
            mate[u[e]], mate[v[e]] = v[e], u[e]
    for single in np.flatnonzero(mate < 0):
        if mate[single] < 0:  # may have been paired by an earlier path
            _augment(mate, graph.eligible, int(single))
    return [(int(a), int(mate[a])) for a in range(len(mate)) if a < mate[a]]


def _augment(mate: NDArray[np.int64], eligible: NDArray[np.bool_], single: int) -> bool:
    """One more pair along an alternating path from `single` to another unpaired person.

    Breadth-first without shrinking odd cycles (Edmonds' blossoms), so it can miss a path
    that exists; every path it does find is valid.
    """
    seen = np.zeros(len(mate), dtype=np.bool_)
    seen[single] = True
    came_from = np.full(len(mate), -1, dtype=np.int64)  # person reached -> the one before
    layer = [single]
    while layer:
        following = []
        for outer in layer:
            for reached in np.flatnonzero(eligible[outer] & ~seen):
                seen[reached], came_from[reached] = True, outer
                if mate[reached] < 0:
                    _flip(mate, came_from, int(reached))
                    return True
                if not seen[mate[reached]]:
                    seen[mate[reached]] = True
                    following.append(int(mate[reached]))
        layer = following
    return False


def _flip(mate: NDArray[np.int64], came_from: NDArray[np.int64], end: int) -> None:
    """Swap paired and unpaired along the path that ends at `end`."""
    while end >= 0:
        outer = int(came_from[end])
        left_behind = int(mate[outer])  # −1 at the start of the path
        mate[end], mate[outer] = outer, end
        end = left_behind


def _odd_sets(
    c: int, u: NDArray[np.int64], v: NDArray[np.int64], successor: NDArray[np.int64]
) -> list[NDArray[np.bool_]]:
    """Groups of an odd number of people, each of which can form at most (size − 1) / 2
    pairs: the connected parts of the graph and the odd cycles of the doubled solution.
    They cut off the fractional answers that make the integer program slow."""
    _, part = connected_components(sp.csr_matrix((np.ones(len(u)), (u, v)), (c, c)))
    sizes = np.bincount(part)
    sets = [part == k for k in np.flatnonzero((sizes % 2 == 1) & (sizes > 1))]
    for nodes, cycle in _walks(successor):
        if cycle and len(nodes) % 2 == 1:
            inside = np.zeros(c, dtype=np.bool_)
            inside[nodes] = True
            sets.append(inside)
    return sets


def _integer_program(
    c: int,
    u: NDArray[np.int64],
    v: NDArray[np.int64],
    w: NDArray[np.float64],
    odd_sets: list[NDArray[np.bool_]],
    size: int | None,
) -> tuple[list[tuple[int, int]], bool] | None:
    """The exact optimum: most pairs (unless known), then the best total among those.
    None when the solver did not prove it in time."""
    e = len(u)
    if e == 0:
        return [], True
    rows = np.r_[u, v]
    constraints = [
        LinearConstraint(sp.csr_matrix((np.ones(2 * e), (rows, np.r_[0:e, 0:e])), (c, e)), 0, 1)
    ]
    if odd_sets:
        inside = sp.csr_matrix(np.array([s[u] & s[v] for s in odd_sets], dtype=np.float64))
        most = np.array([(s.sum() - 1) // 2 for s in odd_sets], dtype=np.float64)
        constraints.append(LinearConstraint(inside, 0, most))
    if size is None:
        chosen = _milp(-np.ones(e), constraints)
        if chosen is None:
            return None
        size = int(chosen.sum())
    chosen = _milp(-w, [*constraints, LinearConstraint(np.ones((1, e)), size, size)])
    if chosen is None:
        return None
    return [(int(u[k]), int(v[k])) for k in np.flatnonzero(chosen)], True


def _milp(
    cost: NDArray[np.float64], constraints: list[LinearConstraint]
) -> NDArray[np.bool_] | None:
    """Minimize over 0/1 variables to a proven optimum (no gap); None if not in time."""
    solved = milp(
        cost,
        constraints=constraints,
        integrality=np.ones(len(cost)),
        bounds=Bounds(0, 1),
        options={"mip_rel_gap": 0, "time_limit": EXACT_SECONDS},
    )
    return np.asarray(solved.x) > 0.5 if solved.status == 0 else None


# Peer circles


def _match_circles(
    graph: PeerGraph, counterpart: NDArray[np.int64], size: int, result: MatchResult
) -> None:
    circles = _form_circles(graph, size)
    for circle in circles:
        number = int(result.stats.get("circles", 0)) + 1
        result.stats["circles"] = float(number)
        result.pairs += _circle_pairs(graph, counterpart, circle, f"peer-circle-{number}")
    placed = {x for circle in circles for x in circle}
    left = np.array([x for x in range(len(graph.people)) if x not in placed], dtype=np.int64)
    result.unmatched.update(_unmatched(graph, left, lambda k: _left_over(k, size)))


def _form_circles(graph: PeerGraph, size: int) -> list[list[int]]:
    eligible = graph.eligible
    free = np.ones(len(graph.people), dtype=np.bool_)
    partners = eligible.sum(axis=1).astype(np.int64)  # free partners of each person
    may_seed = partners > 0
    circles = []
    while (free & may_seed).any():
        seeds = np.flatnonzero(free & may_seed)
        seed = int(seeds[np.argmin(partners[seeds])])  # the hardest to place goes first
        members = _grow(graph, seed, free, size)
        if len(members) < size:
            may_seed[seed] = False
            continue
        circles.append(members)
        free[members] = False
        partners -= eligible[:, members].sum(axis=1)
    return circles


def _grow(graph: PeerGraph, seed: int, free: NDArray[np.bool_], size: int) -> list[int]:
    members = [seed]
    open_seat = free & graph.compatible[seed]
    links = graph.eligible[seed].astype(np.int64)
    affinity = graph.weight[seed].astype(np.float64)
    while len(members) < size:
        candidates = np.flatnonzero(open_seat & (links > 0))
        if not len(candidates):
            break
        best = int(candidates[np.argmax(affinity[candidates] + LINK_WEIGHT * links[candidates])])
        members.append(best)
        open_seat &= graph.compatible[best]
        links += graph.eligible[best]
        affinity += graph.weight[best]
    return members


def _circle_pairs(
    graph: PeerGraph, counterpart: NDArray[np.int64], circle: list[int], circle_id: str
) -> list[Pair]:
    """One row per member: their closest exchange partner in the circle, and the reasons."""
    people, rows = graph.prepared.problem.mentees, graph.people
    couples, rows_out = [], []
    for me in circle:
        others = [x for x in circle if x != me]
        partner = max(
            (x for x in others if graph.eligible[me, x]), key=lambda x: float(graph.weight[me, x])
        )
        couples.append((rows[me], rows[partner]))
        reasons = (
            f"peer circle of {len(circle)}",
            *_exchange(people[rows[me]], [people[rows[x]] for x in others]),
        )
        rows_out.append((float(np.mean(graph.weight[me, others])), reasons))
    return [
        replace(pair, score=score, reasons=reasons, circle=circle_id)
        for pair, (score, reasons) in zip(
            _pairs(graph.prepared, counterpart, couples), rows_out, strict=True
        )
    ]


def _exchange(me: Participant, others: list[Participant]) -> list[str]:
    gives = [f"{s} to {_name(o)}" for o in others for s in sorted(o.seeks & me.offers.keys())]
    gets = [f"{s} from {_name(o)}" for o in others for s in sorted(me.seeks & o.offers.keys())]
    shared = [f"{s} with {_name(o)}" for o in others for s in sorted(me.interests & o.interests)]
    said = [("gives", gives), ("receives", gets), ("shares interests", shared)]
    return [f"{verb}: {', '.join(items[:3])}" for verb, items in said if items]


# Pairs and reasons in words


def _pairs(
    prepared: Prepared,
    counterpart: NDArray[np.int64],
    couples: list[tuple[int, int]],
    locked: bool = False,
) -> list[Pair]:
    """Peers (a, b) as pairs: the mean of both directions' score and parts, with reasons."""
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
        reasons += _exchange(mine, [theirs])
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


def _unmatched(
    graph: PeerGraph, left: NDArray[np.int64], taken: Callable[[int], str]
) -> dict[str, str]:
    """Why each person left out is: the first hard rule that leaves no peer, or the others
    they could pair with are taken."""
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


def _taken_by_pairs(count: int) -> str:
    if count == 1:
        return "the 1 peer they could pair with is paired with someone else"
    return f"each of the {count} peers they could pair with is paired with someone else"


def _left_over(count: int, size: int) -> str:
    return (
        f"left over when circles of {size} were formed: no free group of {size} could be "
        f"made with them from the {count} peer{'s' * (count != 1)} they could exchange with"
    )


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
