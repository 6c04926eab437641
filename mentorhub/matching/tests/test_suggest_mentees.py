"""The pure engine, mentor side: one mentor's best mentees, ranked, with reasons, rules kept."""

from __future__ import annotations

import pytest

from mentorhub.matching.engine import Participant, Problem, Rules, Weights, prepare, suggest
from mentorhub.matching.engine.problem import rules_for
from mentorhub.matching.engine.suggest import suggest_mentees

SKILLS_ONLY = Weights(goals=0, interests=0, questionnaire=0, availability=0, diversity=0)


def mentee(pid: str, **kw) -> Participant:
    defaults = {"level": 2, "seeks": frozenset({"python"}), "languages": frozenset({"en"})}
    return Participant(pid, "mentee", **{**defaults, **kw})


def mentor(pid: str = "m1", **kw) -> Participant:
    defaults = {
        "level": 6,
        "offers": {"python": 5, "design": 4},
        "languages": frozenset({"en"}),
        "capacity": 2,
    }
    return Participant(pid, "mentor", **{**defaults, **kw})


def ids(pairs) -> list[str]:
    return [p.mentee_id for p in pairs]


def test_mentees_come_best_fit_first_with_their_reasons():
    # GIVEN Mona offers Python (5/5) and design (4/5); Ann seeks only Python, Bea Python and
    # design, Cid Python and Rust (which Mona does not offer)
    mentees = (
        mentee("cid", seeks=frozenset({"python", "rust"})),
        mentee("bea", seeks=frozenset({"python", "design"})),
        mentee("ann"),
    )
    prepared = prepare(Problem(mentees, (mentor(),), Rules(), SKILLS_ONLY))
    # WHEN Mona asks for her best mentees
    ideas = suggest_mentees(prepared, "m1", k=5)
    # THEN the one she covers fully comes first, and each says why
    assert ids(ideas) == ["ann", "bea", "cid"]
    assert ideas[0].score > ideas[1].score > ideas[2].score
    assert all(p.mentor_id == "m1" for p in ideas)
    assert any("python (5/5)" in reason for reason in ideas[0].reasons)


def test_a_pair_scores_and_reads_the_same_from_either_side():
    mentees = tuple(
        mentee(f"e{i}", seeks=frozenset(s), goals=g)
        for i, (s, g) in enumerate(
            [({"python"}, "grow into a tech lead"), ({"design"}, "ship better products")]
        )
    )
    mentors = (mentor("m1", goals="I lead a product team"), mentor("m2", offers={"design": 5}))
    prepared = prepare(Problem(mentees, mentors, Rules()))

    for pair in suggest_mentees(prepared, "m1", k=10):
        [same] = [p for p in suggest(prepared, pair.mentee_id, k=10) if p.mentor_id == "m1"]
        assert (same.score, same.reasons, same.parts) == (pair.score, pair.reasons, pair.parts)


@pytest.mark.parametrize(
    ("who", "why"),
    [
        (mentee("boss", level=1), "manages the mentor"),
        (mentee("report", manager_id="m1"), "reports to the mentor"),
        (mentee("french", languages=frozenset({"fr"})), "shares no language"),
        (mentee("cobol", seeks=frozenset({"cobol"})), "seeks nothing the mentor offers"),
        (mentee("senior", level=8), "more senior than the mentor"),
        (mentee("declared", exclude=frozenset({"m1"})), "declared a conflict"),
    ],
)
def test_a_mentee_who_breaks_a_hard_rule_never_appears(who, why):
    boss_of_mentor = mentor("m1", manager_id="boss")
    prepared = prepare(Problem((who, mentee("fits")), (boss_of_mentor,), Rules()))
    assert ids(suggest_mentees(prepared, "m1", k=50)) == ["fits"], why


def test_only_k_mentees_are_given_the_best_ones():
    mentees = (
        mentee("half", seeks=frozenset({"python", "rust"})),
        mentee("full"),
        mentee("most", seeks=frozenset({"python", "design"})),
        mentee("also_full"),
    )
    prepared = prepare(Problem(mentees, (mentor(),), Rules(), SKILLS_ONLY))
    # A tie keeps the program's order: "full" was listed before "also_full".
    assert ids(suggest_mentees(prepared, "m1", k=2)) == ["full", "also_full"]
    assert ids(suggest_mentees(prepared, "m1", k=3)) == ["full", "also_full", "most"]
    assert suggest_mentees(prepared, "m1", k=0) == []


def test_a_mentor_with_no_seat_left_fits_nobody():
    prepared = prepare(Problem((mentee("ann"),), (mentor(capacity=0),), Rules()))
    assert suggest_mentees(prepared, "m1") == []


def test_a_peer_is_never_suggested_to_themselves():
    peers = tuple(
        Participant(pid, "peer", level=3, offers={"python": 4}, seeks=frozenset({"python"}))
        for pid in ("p1", "p2", "p3")
    )
    prepared = prepare(Problem(peers, peers, rules_for("peer")))
    assert sorted(ids(suggest_mentees(prepared, "p1", k=10))) == ["p2", "p3"]


@pytest.mark.parametrize("unknown", ["nobody", "ann"])
def test_an_unknown_mentor_is_a_key_error_naming_them(unknown):
    prepared = prepare(Problem((mentee("ann"),), (mentor(),), Rules()))
    with pytest.raises(KeyError, match=f"no mentor '{unknown}'"):
        suggest_mentees(prepared, unknown)
