"""The optimal method against an independent LP (scipy's HiGHS): the same number matched, then
the same total score.

The bipartite b-matching polytope is integral, so two LPs give the true optimum: the most
pairs, then the best total with that many pairs fixed.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.optimize import linprog

from mentorhub.matching.engine import match, prepare
from mentorhub.matching.engine import optimal as optimal_module
from mentorhub.matching.engine.optimal import match_optimal
from mentorhub.matching.engine.solvers.flow import SCALE
from mentorhub.matching.offline import PairsFile, solve_pairs
from mentorhub.matching.tests import random_problem


def lp_optimum(
    n: int,
    mentee: NDArray[np.int64],
    mentor: NDArray[np.int64],
    score: NDArray[np.float64],
    capacity: NDArray[np.int64],
) -> tuple[int, float]:
    """Most pairs, then the highest total score, by two LPs over the allowed pairs."""
    k, m = len(mentee), len(capacity)
    rows = np.concatenate([mentee, n + mentor])
    columns = np.concatenate([np.arange(k), np.arange(k)])
    a_ub = sp.csr_matrix((np.ones(2 * k), (rows, columns)), shape=(n + m, k))
    b_ub = np.concatenate([np.ones(n), capacity]).astype(float)
    most = linprog(-np.ones(k), A_ub=a_ub, b_ub=b_ub, bounds=(0, 1), method="highs")
    assert most.status == 0, most.message
    matched = round(-most.fun)
    best = linprog(
        -score,
        A_ub=a_ub,
        b_ub=b_ub,
        A_eq=sp.csr_matrix(np.ones((1, k))),
        b_eq=[matched],
        bounds=(0, 1),
        method="highs",
    )
    assert best.status == 0, best.message
    return matched, -best.fun


def random_pairs(seed: int, n: int, m: int, decimals: int = 0) -> PairsFile:
    """Each mentee allowed 1–15 random mentors, scores with the given decimals, capacities 0–10."""
    rng = np.random.default_rng(seed)
    degree = rng.integers(1, 16, size=n)
    mentee = np.repeat(np.arange(n), degree)
    mentor = np.concatenate([rng.choice(m, size=min(d, m), replace=False) for d in degree])
    mentee = mentee[: len(mentor)]
    score = rng.integers(0, 100 * 10**decimals, size=len(mentor)) / 10**decimals
    return PairsFile(
        [f"e{i}" for i in range(n)],
        [f"r{j}" for j in range(m)],
        mentee.astype(np.int64),
        mentor.astype(np.int64),
        score,
        10**decimals,
        decimals,
    )


def capacities(seed: int, m: int) -> NDArray[np.int64]:
    return np.random.default_rng(seed + 1000).integers(0, 11, size=m).astype(np.int64)


@pytest.mark.parametrize(("seed", "n", "m"), [(1, 30, 5), (2, 300, 40), (3, 2000, 200)])
def test_pairs_optimum_equals_the_lp_exactly(seed, n, m):
    pairs, capacity = random_pairs(seed, n, m), capacities(seed, m)
    chosen = solve_pairs(pairs, capacity, "optimal")
    matched, total = lp_optimum(n, pairs.mentee, pairs.mentor, pairs.score, capacity)
    assert len(chosen) == matched
    assert round(pairs.score[chosen].sum()) == round(total)


def test_decimal_scores_reach_the_lp_optimum_exactly():
    pairs, capacity = random_pairs(4, 1000, 100, decimals=3), capacities(4, 100)
    chosen = solve_pairs(pairs, capacity, "optimal")
    whole = np.rint(pairs.score * 1000)  # the same scores in thousandths, as integers
    matched, total = lp_optimum(1000, pairs.mentee, pairs.mentor, whole, capacity)
    assert len(chosen) == matched
    assert round(whole[chosen].sum()) == round(total)


def test_the_chosen_pairs_respect_every_capacity():
    pairs, capacity = random_pairs(5, 2000, 200), capacities(5, 200)
    chosen = solve_pairs(pairs, capacity, "optimal")
    assert len(set(pairs.mentee[chosen].tolist())) == len(chosen)
    assert (np.bincount(pairs.mentor[chosen], minlength=200) <= capacity).all()


def eligible_pairs(prepared) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
    """Every pair the hard rules allow, with its score: the LP's full candidate list."""
    block = prepared.scorer.rows(slice(0, len(prepared.problem.mentees)))
    mentee, mentor = np.nonzero(block.eligible)
    return mentee.astype(np.int64), mentor.astype(np.int64), block.score[mentee, mentor]


@pytest.mark.parametrize(("seed", "n", "m"), [(11, 200, 30), (12, 2000, 200)])
def test_participants_through_match_reach_the_lp_optimum(seed, n, m):
    # GIVEN a generated program (every eligible pair is a candidate at this size)
    prepared = prepare(random_problem(seed, n, m))
    mentee, mentor, score = eligible_pairs(prepared)
    # WHEN matched by the optimal method
    result = match(prepared)
    # THEN as many are matched as the LP allows, and the total score is the LP's, to the
    # millionth of a point per pair at which the engine compares scores
    matched, total = lp_optimum(n, mentee, mentor, score.astype(np.float64), capacity(prepared))
    assert 0 < result.matched == matched < n

    assert abs(result.total_score - total) <= matched / SCALE


def capacity(prepared) -> NDArray[np.int64]:
    return prepared.encoded.mentors.capacity


@pytest.mark.parametrize("seed", [21, 22])
def test_short_candidate_lists_still_match_as_many_as_the_lp(seed, monkeypatch):
    # GIVEN candidate lists of two, forced even on a small problem
    monkeypatch.setattr(optimal_module, "EXACT_PAIRS", 0)
    problem = random_problem(seed, 600, 60)
    prepared = prepare(problem)
    mentee, mentor, score = eligible_pairs(prepared)
    # WHEN matched, THEN nobody is left out only because their list was short
    result = match_optimal(prepared, list_length=2)
    matched, _ = lp_optimum(600, mentee, mentor, score.astype(np.float64), capacity(prepared))
    assert result.stats["list_length"] == 2
    assert result.matched == matched


def test_random_instances_are_not_trivial():
    # The instances above leave people unmatched, so the first LP has real work to do.
    pairs, capacity = random_pairs(3, 2000, 200), capacities(3, 200)
    matched, _ = lp_optimum(2000, pairs.mentee, pairs.mentor, pairs.score, capacity)
    assert 0 < matched < 2000
