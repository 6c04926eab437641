"""The engine's block arithmetic: the score in one product, parts pair by pair, candidate
lists, the sorts that pick each mentee's best, management chains and the text model."""

from __future__ import annotations

import random
import re
from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from mentorhub.matching.engine import Participant, Problem, prepare
from mentorhub.matching.engine.candidates import top_candidates
from mentorhub.matching.engine.conflicts import chain_above, find_conflicts
from mentorhub.matching.engine.pairs import COMPONENTS
from mentorhub.matching.engine.ranking import _descending, _from_descending, best_per_group
from mentorhub.matching.engine.text import STOPWORDS, TfidfLsa, shared_terms, words
from mentorhub.matching.tests import random_problem

WINTER = date(2026, 1, 13)


def rich_problem(seed: int = 3, n_mentees: int = 40, n_mentors: int = 25) -> Problem:
    """Every part of the score in play: questionnaires, availability, rankings, and some
    people with no department."""
    base = random_problem(seed, n_mentees, n_mentors)
    rng = random.Random(seed)

    def enrich(person: Participant, others: tuple[Participant, ...]) -> Participant:
        start = 60 * rng.randint(7, 12)
        return replace(
            person,
            answers={"pace": rng.choice("ab"), "style": rng.choice("xyz")},
            availability=((rng.randint(0, 4), start, start + 60 * rng.randint(1, 4)),),
            ranking=tuple(o.id for o in rng.sample(others, 3)),
            department=person.department if rng.random() < 0.8 else "",
        )

    mentees = tuple(enrich(p, base.mentors) for p in base.mentees)
    mentors = tuple(enrich(p, base.mentees) for p in base.mentors)
    return Problem(mentees, mentors, replace(base.rules, reference_date=WINTER))


@pytest.fixture(scope="module")
def rich():  # type: ignore[no-untyped-def]
    return prepare(rich_problem())


# --- the score and its parts ------------------------------------------------------------------


def test_every_part_of_the_score_is_in_play(rich):
    assert set(rich.scorer.weights) == set(COMPONENTS)


def test_a_blocks_score_is_the_weighted_mean_of_its_parts(rich):
    block = rich.scorer.rows(slice(None))
    weights = rich.scorer.weights
    expected = sum(block.parts[k] * w for k, w in weights.items()) / sum(weights.values())
    np.testing.assert_allclose(block.score, expected, atol=1e-6)


def test_parts_pair_by_pair_are_those_of_the_block(rich):
    block = rich.scorer.rows(slice(None))
    rng = np.random.default_rng(0)
    mentees = rng.integers(0, block.score.shape[0], 300)
    mentors = rng.integers(0, block.score.shape[1], 300)
    parts = rich.scorer.pair_parts(mentees, mentors)
    assert set(parts) == set(block.parts)
    for name, values in parts.items():
        np.testing.assert_allclose(values, block.parts[name][mentees, mentors], atol=1e-6)


def test_a_block_without_parts_has_the_same_score_and_rules(rich):
    full, bare = rich.scorer.rows(slice(0, 10)), rich.scorer.rows(slice(0, 10), parts=False)
    assert bare.parts == {}
    np.testing.assert_array_equal(bare.score, full.score)
    np.testing.assert_array_equal(bare.eligible, full.eligible)


def test_a_view_of_mentors_offering_a_skill_keeps_the_rules_and_scores(rich):
    scorer = rich.scorer
    skill = rich.encoded.skills.index["python"]
    seekers = np.flatnonzero(scorer.e.mentees.seeks[:, skill].toarray().ravel()).astype(np.int64)
    offering = np.flatnonzero(scorer.e.mentors.offers[:, skill].toarray().ravel() > 0)
    view = scorer.columns(offering.astype(np.int64), skill=skill)
    in_view, everyone = scorer.rows(seekers, view), scorer.rows(seekers)
    assert "expertise" not in in_view.rules  # every pair here passes it
    np.testing.assert_array_equal(in_view.eligible, everyone.eligible[:, offering])
    np.testing.assert_allclose(in_view.score, everyone.score[:, offering], atol=1e-6)


# --- candidate lists --------------------------------------------------------------------------


def test_candidate_lists_hold_each_mentees_best_eligible_mentors_once():
    prepared = prepare(random_problem(11, 80, 60))
    block = prepared.scorer.rows(slice(None))
    k = 4
    # Small blocks: many per skill, and mentees found again through their other skills.
    edges = top_candidates(prepared.scorer, 80, k, pairs_per_block=50).pairs()
    assert len(set(zip(edges.mentee.tolist(), edges.mentor.tolist(), strict=True))) == len(edges)
    assert block.eligible[edges.mentee, edges.mentor].all()
    for i in range(80):
        best = np.sort(block.score[i][block.eligible[i]])[::-1][:k]
        mine = np.sort(edges.score[edges.mentee == i])[::-1]
        np.testing.assert_allclose(mine, best, atol=1e-6)


def brute_force_best(group, score, other, k):  # type: ignore[no-untyped-def]
    best: dict[tuple[int, int], float] = {}
    for g, s, o in zip(group.tolist(), score.tolist(), other.tolist(), strict=True):
        best[(g, o)] = max(s, best.get((g, o), s))
    ranked = sorted((g, -s, o) for (g, o), s in best.items())
    taken: dict[int, int] = {}
    kept = []
    for g, s, o in ranked:
        if taken.get(g, 0) < k:
            kept.append((g, -s, o))
            taken[g] = taken.get(g, 0) + 1
    return kept


@pytest.mark.parametrize("offset", [0, 2**40], ids=["packed keys", "numbers too large to pack"])
def test_each_groups_best_are_kept_ties_to_the_lower_and_repeats_once(offset):
    rng = np.random.default_rng(5)
    scores = np.array([0, 0.125, 0.25, 0.5, 0.7, np.nextafter(0.7, 1), 1], dtype=np.float32)
    for _ in range(100):
        n = int(rng.integers(0, 200))
        group = rng.integers(0, int(rng.integers(1, 15)), n) + offset
        other = rng.integers(0, int(rng.integers(1, 40)), n) + offset // 2**20
        score = rng.choice(scores, n)
        k = int(rng.integers(1, 5))
        kept = best_per_group(group, score, other, k)
        found = list(zip(*(a.tolist() for a in kept), strict=True))
        assert found == brute_force_best(group, score, other, k)


def test_score_keys_sort_from_the_highest_and_give_the_score_back():
    special = [0.0, -0.0, np.inf, -np.inf, 1e-40, -1e-40, 1.0, -1.0]
    scores = np.concatenate([np.random.default_rng(1).standard_normal(5000), special]).astype(
        np.float32
    )
    keys = _descending(scores)
    assert (np.diff(scores[np.argsort(keys, kind="stable")]) <= 0).all()
    np.testing.assert_array_equal(_from_descending(keys), scores + np.float32(0))
    assert (
        _descending(np.array([0.0, -0.0], dtype=np.float32)).tolist()[0]
        == (_descending(np.array([-0.0], dtype=np.float32)).tolist()[0])
    )


# --- management chains ------------------------------------------------------------------------


def test_management_chains_are_those_found_walking_up_the_org_chart():
    rng = random.Random(2)
    for _ in range(200):
        ids = [f"p{i}" for i in range(rng.randint(1, 25))]
        people = [  # a forest: each reports to someone earlier, to nobody, or to an outsider
            Participant(pid, "peer", manager_id=rng.choice([*ids[:i], None, "ghost"]))
            for i, pid in enumerate(ids)
        ]
        chart: dict[str, str | None] = {p.id: p.manager_id for p in people}
        chart["ghost"] = None  # in the org chart, not in the program
        problem = Problem(tuple(people), tuple(people), org_chart=chart)
        at = {pid: k for k, pid in enumerate(ids)}
        expected = {
            pair
            for pid in ids
            for above in chain_above(pid, chart)
            if above in at
            for pair in ((at[pid], at[above]), (at[above], at[pid]))
        }
        chain = find_conflicts(problem).chain.tocoo()
        assert set(zip(chain.row.tolist(), chain.col.tolist(), strict=True)) == expected


# --- the text model ---------------------------------------------------------------------------


def test_the_words_of_a_text_are_read_piece_by_piece_as_from_the_whole_text():
    whole = re.compile(r"[a-z0-9][a-z0-9+#.\-]*[a-z0-9+#]|[a-z0-9]")
    rng = random.Random(4)
    for _ in range(2000):
        text = "".join(rng.choice("aZ09+#.-_ \t\n\u00a0,;İ") for _ in range(rng.randint(0, 40)))
        expected = [w for w in whole.findall(text.lower()) if w not in STOPWORDS and len(w) > 1]
        assert list(words(text)) == expected


def test_tfidf_keeps_the_words_two_documents_share_and_weighs_rare_ones_more():
    model = TfidfLsa()
    matrix = model.tfidf(["python python data", "python teams", "data teams lead", "solo"])
    assert list(model.vocabulary) == ["data", "python", "teams"]  # "lead", "solo": once
    assert matrix.shape == (4, 3)
    np.testing.assert_allclose(np.linalg.norm(matrix.toarray()[:3], axis=1), 1)
    assert matrix[0, model.vocabulary["python"]] > matrix[0, model.vocabulary["data"]]


def test_shared_terms_are_the_rarest_words_both_use():
    model = TfidfLsa()
    model.tfidf(["rust teams data", "rust data", "data teams", "data ops", "rust ops"])
    assert shared_terms(model, "rust and data teams", "teams of data and rust") == [
        "teams",
        "rust",
        "data",
    ]
    assert shared_terms(model, "rust", "data") == []
