"""Peer pairs: the most peers paired, then the highest total score, on a general graph.

Who may pair and a pair's score: see peer_graph.py (mutual, the mean of both directions).
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
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse.csgraph import connected_components

from mentorhub.matching.engine.optimal import Prepared
from mentorhub.matching.engine.result import MatchResult
from mentorhub.matching.engine.solvers.flow import Edges, solve_flow
from mentorhub.matching.engine.solvers.peer_graph import (
    PeerGraph,
    Progress,
    counterparts,
    peer_pairs,
    solve_in_chunks,
    why_left_out,
)

# Up to this many people and allowed pairs, an integer program settles odd cycles exactly.
# Sparse groups of 1,000 take a few seconds; dense ones (everyone may pair with everyone)
# are much harder for it, hence the pair limit and the time limit.
EXACT_PEERS = 1_000
EXACT_EDGES = 30_000
EXACT_SECONDS = 10.0  # per integer program; past it the approximate pairs stand


def match_peers(prepared: Prepared, progress: Progress | None = None) -> MatchResult:
    """Peer pairs: pairs the manager fixed first, then the most pairs and best total."""
    counterpart = counterparts(prepared)
    result = MatchResult([], {}, "peers")
    locked = _locked(prepared)
    result.pairs += peer_pairs(prepared, counterpart, locked, locked=True)
    placed = {i for pair in locked for i in pair}
    free = np.array([i for i in range(len(counterpart)) if i not in placed], dtype=np.int64)
    exact = solve_in_chunks(
        prepared, counterpart, free, progress, lambda graph: _match_pairs(graph, result)
    )
    result.stats["chunks"] = float(len(exact))
    result.stats["exact"] = float(all(exact) and len(exact) <= 1)
    return result


def _locked(prepared: Prepared) -> list[tuple[int, int]]:
    """The pairs a manager fixed, as mentee rows; a person in two keeps the first."""
    at, fixed, seen = prepared.mentee_at, [], set[int]()
    for a, b in sorted(prepared.problem.locked):
        if a in at and b in at and a != b and not {at[a], at[b]} & seen:
            fixed.append((at[a], at[b]))
            seen |= {at[a], at[b]}
    return fixed


def _match_pairs(graph: PeerGraph, result: MatchResult) -> bool:
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
    result.pairs += graph.pairs(pairs)
    paired = {x for pair in pairs for x in pair}
    left = np.array([x for x in range(c) if x not in paired], dtype=np.int64)
    result.unmatched.update(why_left_out(graph, left, _taken_by_pairs))
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
        chosen = solve_binary(-np.ones(e), constraints)
        if chosen is None:
            return None
        size = int(chosen.sum())
    chosen = solve_binary(-w, [*constraints, LinearConstraint(np.ones((1, e)), size, size)])
    if chosen is None:
        return None
    return [(int(u[k]), int(v[k])) for k in np.flatnonzero(chosen)], True


def solve_binary(
    cost: NDArray[np.float64],
    constraints: list[LinearConstraint],
    seconds: float = EXACT_SECONDS,
) -> NDArray[np.bool_] | None:
    """Minimize over 0/1 variables to a proven optimum (no gap); None if not in time."""
    solved = milp(
        cost,
        constraints=constraints,
        integrality=np.ones(len(cost)),
        bounds=Bounds(0, 1),
        options={"mip_rel_gap": 0, "time_limit": seconds},
    )
    return np.asarray(solved.x) > 0.5 if solved.status == 0 else None


def _taken_by_pairs(count: int) -> str:
    if count == 1:
        return "the 1 peer they could pair with is paired with someone else"
    return f"each of the {count} peers they could pair with is paired with someone else"
