"""The spreadsheet path: people and pairs files checked like an import, problems built from
them, and matches written in the documented columns."""

from __future__ import annotations

import gc
from pathlib import Path

import numpy as np
import pytest

from mentorhub.matching.engine import MatchResult, Pair, match
from mentorhub.matching.offline import (
    check_people,
    pair_rows,
    people_problem,
    read_capacities,
    read_pairs,
    read_people,
    solve_pairs,
    write_matches,
)
from mentorhub.matching.tests import PEOPLE, read_csv, write


@pytest.fixture
def people_file(tmp_path: Path) -> Path:
    return write(tmp_path, PEOPLE)


# --- reading people --------------------------------------------------------------------------


def test_people_are_read_with_skills_and_languages_lowercased(people_file):
    people, errors = read_people(people_file)
    mona = people[0]
    assert errors == []
    assert mona.offers == {"python": 5, "kubernetes": 4}
    assert mona.languages == frozenset({"en", "de"})
    assert mona.interests == frozenset({"chess"})
    assert people[2].seeks == frozenset({"python", "kubernetes"})


def test_people_cells_become_participant_fields(people_file):
    people, _ = read_people(people_file)
    mona, eve = people[0], people[3]
    assert (mona.role, mona.level, mona.capacity, mona.timezone) == (
        "mentor",
        7,
        2,
        "Europe/Berlin",
    )
    assert (eve.manager_id, eve.department, eve.goals) == ("mona", "Engineering", "Learn Python")


def test_only_id_and_role_are_required(tmp_path):
    people, errors = read_people(write(tmp_path, "role,id\nmentor,a\nmentee,b\n"))
    assert errors == []
    assert [(p.id, p.role, p.capacity) for p in people] == [("a", "mentor", 1), ("b", "mentee", 1)]


def test_every_bad_cell_is_reported_with_its_line_and_column(tmp_path):
    text = (
        "id,role,level,timezone,offers,capacity\n"
        "a,mentor,11,Mars/Olympus,python:9,x\n"
        "b,boss,3,UTC,python,2\n"
        ",mentee,two,,,\n"
    )
    _, errors = read_people(write(tmp_path, text))
    assert [(e.line, e.column) for e in errors] == [
        (2, "level"),
        (2, "timezone"),
        (2, "offers"),
        (2, "capacity"),
        (3, "role"),
        (3, "offers"),
        (4, "id"),
        (4, "level"),
    ]


def test_errors_say_what_to_write_instead(tmp_path):
    _, errors = read_people(write(tmp_path, "id,role,level,timezone\na,mentor,0,Berlin\n"))
    assert [str(e) for e in errors] == [
        "line 2, level: “0” is not a whole number from 1 to 10.",
        "line 2, timezone: “Berlin” is not an IANA time zone; use names like Europe/Berlin.",
    ]


def test_a_proficiency_outside_one_to_five_is_refused(tmp_path):
    _, errors = read_people(write(tmp_path, "id,role,offers\na,mentor,python:6\n"))
    assert errors[0].message.startswith("“python:6” should be skill:proficiency")


def test_a_bad_cell_repeated_on_many_rows_is_reported_on_each_of_its_lines(tmp_path):
    # Repeated cells are parsed once; every row that holds one is still told.
    text = "id,role,level,timezone\na,mentor,11,Mars\nb,mentee,2,UTC\nc,mentee,11,Mars\n"
    _, errors = read_people(write(tmp_path, text))
    assert [str(e) for e in errors] == [
        "line 2, level: “11” is not a whole number from 1 to 10.",
        "line 2, timezone: “Mars” is not an IANA time zone; use names like Europe/Berlin.",
        "line 4, level: “11” is not a whole number from 1 to 10.",
        "line 4, timezone: “Mars” is not an IANA time zone; use names like Europe/Berlin.",
    ]


def test_rows_with_the_same_cells_get_the_same_values(tmp_path):
    text = "id,role,languages,offers\na,mentor,EN; de,Go:4\nb,mentor,EN; de,Go:4\nc,mentor,en,\n"
    people, errors = read_people(write(tmp_path, text))
    assert errors == []
    assert [p.languages for p in people] == [frozenset({"en", "de"})] * 2 + [frozenset({"en"})]
    assert [p.offers for p in people] == [{"go": 4}, {"go": 4}, {}]


def test_a_column_named_twice_is_reported_and_read_from_its_last_cell(tmp_path):
    people, errors = read_people(write(tmp_path, "id,role,level,level\na,mentee,x,5\n"))
    assert [(e.line, e.column) for e in errors] == [(1, "level")]
    assert people[0].level == 5


@pytest.mark.parametrize("collecting", [True, False])
def test_reading_people_leaves_the_cycle_collector_as_it_was(people_file, collecting):
    was = gc.isenabled()
    (gc.enable if collecting else gc.disable)()
    try:
        read_people(people_file)
        assert gc.isenabled() is collecting
    finally:
        (gc.enable if was else gc.disable)()


def test_an_unknown_column_is_named(tmp_path):
    _, errors = read_people(write(tmp_path, "id,role,colour\na,mentor,red\n"))
    assert [(e.line, e.column) for e in errors] == [(1, "colour")]
    assert "unknown column “colour”" in errors[0].message


def test_a_missing_required_column_is_reported(tmp_path):
    _, errors = read_people(write(tmp_path, "id,name\na,Ann\n"))
    assert [str(e) for e in errors] == ["line 1, role: the required column “role” is missing."]


def test_a_duplicate_id_is_reported_on_each_of_its_lines(tmp_path):
    _, errors = read_people(write(tmp_path, "id,role\na,mentor\nb,mentee\na,mentee\n"))
    assert [(e.line, e.column) for e in errors] == [(2, "id"), (4, "id")]
    assert "on lines 2, 4" in errors[0].message


def test_a_row_with_too_many_cells_is_reported(tmp_path):
    _, errors = read_people(write(tmp_path, "id,role,name\na,mentor,Lee, Ann\n"))
    assert [(e.line, e.column) for e in errors] == [(2, "row")]


def test_line_numbers_count_the_lines_of_a_quoted_cell(tmp_path):
    text = 'id,role,goals\na,mentor,"line one\nline two"\n\nb,boss,\n'
    _, errors = read_people(write(tmp_path, text))
    assert [(e.line, e.column) for e in errors] == [(5, "role")]


def test_an_empty_file_is_refused(tmp_path):
    _, errors = read_people(write(tmp_path, "\n\n"))
    assert errors[0].message.startswith("the file is empty")


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes("id,role\nJosé,mentor\n".encode("latin-1"))
    _, errors = read_people(path)
    assert "not UTF-8 text (line 2" in errors[0].message


def test_nobody_can_be_their_own_manager(tmp_path):
    _, errors = read_people(write(tmp_path, "id,role,manager_id\na,mentor,a\n"))
    assert [str(e) for e in errors] == ["line 2, manager_id: nobody can be their own manager."]


def test_an_unknown_manager_is_a_warning_not_an_error(tmp_path):
    checked = check_people(write(tmp_path, "id,role,manager_id\na,mentor,boss\n"))
    assert checked.errors == []
    assert [(w.line, w.column) for w in checked.warnings] == [(2, "manager_id")]
    assert "org chart is partial" in checked.warnings[0].message


def test_an_unknown_excluded_id_is_a_warning(tmp_path):
    checked = check_people(write(tmp_path, "id,role,exclude\na,mentor,ghost;b\nb,mentee,\n"))
    assert checked.errors == []
    assert [(w.line, w.column) for w in checked.warnings] == [(2, "exclude")]
    assert checked.people[0].exclude == frozenset({"ghost", "b"})


# --- building the problem --------------------------------------------------------------------


def test_traditional_problem_has_mentees_and_mentors_apart(people_file):
    people, _ = read_people(people_file)
    problem = people_problem(people, "traditional", "optimal")
    assert [p.id for p in problem.mentees] == ["max", "eve", "ed"]
    assert [p.id for p in problem.mentors] == ["mona", "omar"]
    assert problem.rules.seniority == "more_senior"


def test_peer_approach_puts_the_peers_on_both_sides(tmp_path):
    people, _ = read_people(write(tmp_path, "id,role\np1,peer\np2,peer\nm,mentor\n"))
    problem = people_problem(people, "peer", "peers")
    assert [p.id for p in problem.mentees] == [p.id for p in problem.mentors] == ["p1", "p2"]
    assert problem.rules.seniority == "peer"


def test_the_org_chart_holds_every_row(tmp_path):
    text = "id,role,manager_id\nboss,peer,\nmona,mentor,boss\nmax,mentee,boss\n"
    people, _ = read_people(write(tmp_path, text))
    problem = people_problem(people, "traditional", "optimal")
    assert problem.org_chart == {"boss": None, "mona": "boss", "max": "boss"}


# --- writing matches -------------------------------------------------------------------------


def test_matches_have_one_row_per_mentee_in_the_documented_columns(people_file, tmp_path):
    people, _ = read_people(people_file)
    problem = people_problem(people, "traditional", "optimal")
    out = tmp_path / "matches.csv"
    write_matches(out, match(problem), problem)
    rows = read_csv(out)
    assert list(rows[0]) == ["mentee", "mentor", "score", "reasons"]
    assert [(r["mentee"], r["mentor"]) for r in rows] == [("max", "mona"), ("eve", ""), ("ed", "")]


def test_a_match_has_a_score_out_of_100_and_its_reasons(people_file, tmp_path):
    people, _ = read_people(people_file)
    problem = people_problem(people, "traditional", "optimal")
    out = tmp_path / "matches.csv"
    write_matches(out, match(problem), problem)
    row = read_csv(out)[0]
    assert 0 < float(row["score"]) <= 100 and len(row["score"].split(".")[1]) == 1
    assert "offers 2 of the 2 skills sought" in row["reasons"]
    assert "; " in row["reasons"]


def test_unmatched_rows_carry_the_reason(people_file, tmp_path):
    people, _ = read_people(people_file)
    problem = people_problem(people, "traditional", "optimal")
    out = tmp_path / "matches.csv"
    write_matches(out, match(problem), problem)
    reasons = {r["mentee"]: r["reasons"] for r in read_csv(out) if not r["mentor"]}
    assert reasons == {
        "eve": "of the 1 mentor otherwise suitable, all are in the same management chain",
        "ed": "of the 1 mentor otherwise suitable, none shares a language (ja)",
    }


def test_circles_write_one_row_per_member_with_its_circle(people_file, tmp_path):
    people, _ = read_people(people_file)
    problem = people_problem(people, "group", "circles")
    result = MatchResult(
        [
            Pair("max", "mona", 0.5, ("shared theme: platform",), circle="c1"),
            Pair("eve", "mona", 0.25, ("shared theme: platform",), circle="c1"),
        ],
        {"ed": "no circle shares a language"},
        "circles",
    )
    out = tmp_path / "matches.csv"
    write_matches(out, result, problem)
    assert [list(r.values()) for r in read_csv(out)] == [
        ["c1", "max", "mona", "50.0", "shared theme: platform"],
        ["c1", "eve", "mona", "25.0", "shared theme: platform"],
        ["", "ed", "", "", "no circle shares a language"],
    ]


def test_peers_each_get_a_row_naming_their_partner(tmp_path):
    people, _ = read_people(write(tmp_path, "id,role\np1,peer\np2,peer\np3,peer\n"))
    problem = people_problem(people, "peer", "peers")
    result = MatchResult([Pair("p1", "p2", 0.5, ("mutual",))], {"p3": "odd one out"}, "peers")
    out = tmp_path / "matches.csv"
    write_matches(out, result, problem)
    assert [(r["mentee"], r["mentor"]) for r in read_csv(out)] == [
        ("p1", "p2"),
        ("p2", "p1"),
        ("p3", ""),
    ]


def test_a_peer_partner_row_says_the_reasons_are_for_both(tmp_path):
    # GIVEN peers paired with one set of reasons, written from p1's side
    people, _ = read_people(write(tmp_path, "id,role\np1,peer\np2,peer\n"))
    problem = people_problem(people, "peer", "peers")
    result = MatchResult([Pair("p1", "p2", 0.5, ("gives: sql to p2", "shared goals"))], {}, "peers")
    out = tmp_path / "matches.csv"
    # WHEN the matches are written
    write_matches(out, result, problem)
    # THEN p1's row reads as written, and p2's says once whose side it is from
    assert [r["reasons"] for r in read_csv(out)] == [
        "gives: sql to p2; shared goals",
        "reasons for both, from p1's side: gives: sql to p2; shared goals",
    ]


def test_cells_from_peoples_text_cannot_run_as_spreadsheet_formulas(tmp_path):
    text = "id,role\n=1+1,mentee\n-x,mentee\n@mona,mentor\n"
    people, _ = read_people(write(tmp_path, text))
    problem = people_problem(people, "traditional", "optimal")
    result = MatchResult(
        [Pair("=1+1", "@mona", 0.5, ("+ shared interests",))], {"-x": "\tnobody fits"}, "optimal"
    )
    out = tmp_path / "matches.csv"
    write_matches(out, result, problem)
    assert [list(r.values()) for r in read_csv(out)] == [
        ["'=1+1", "'@mona", "50.0", "'+ shared interests"],
        ["'-x", "", "", "'\tnobody fits"],
    ]


def test_circle_ids_from_peoples_text_cannot_run_as_formulas(people_file, tmp_path):
    people, _ = read_people(people_file)
    problem = people_problem(people, "group", "circles")
    result = MatchResult([Pair("max", "mona", 0.5, ("theme",), circle="=c1")], {}, "circles")
    out = tmp_path / "matches.csv"
    write_matches(out, result, problem)
    assert read_csv(out)[0]["circle"] == "'=c1"


# --- bring your own score --------------------------------------------------------------------


def test_pairs_are_read_with_integer_scores_solved_exactly(tmp_path):
    pairs, errors = read_pairs(write(tmp_path, "mentee,mentor,score\na,x,3\nb,x,5\n", "p.csv"))
    assert errors == [] and pairs is not None
    assert (pairs.mentees, pairs.mentors, pairs.scale) == (["a", "b"], ["x"], 1)


def test_decimal_scores_get_an_exact_scale(tmp_path):
    pairs, _ = read_pairs(write(tmp_path, "mentee,mentor,score\na,x,0.25\nb,x,1.5\n", "p.csv"))
    assert pairs is not None and (pairs.scale, pairs.decimals) == (100, 2)


def test_bad_pairs_rows_are_reported_with_line_and_column(tmp_path):
    text = (
        "mentee,mentor,score,mentee_rank\n"
        "a,x,high,1\n"
        ",x,3,1\n"
        "b,x,4,0\n"
        "c,y,nan,1\n"
        "d,y,2,1\n"
        "d,y,3,2\n"
    )
    pairs, errors = read_pairs(write(tmp_path, text, "p.csv"))
    assert pairs is None
    assert [(e.line, e.column) for e in errors] == [
        (2, "score"),
        (3, "mentee"),
        (4, "mentee_rank"),
        (5, "score"),
        (6, "mentor"),
        (7, "mentor"),
    ]
    assert "listed more than once" in errors[-1].message


def test_optimal_pairs_match_the_most_people_first(tmp_path):
    # a–x alone scores most, but a–y and b–x match both mentees
    text = "mentee,mentor,score\na,x,10\na,y,1\nb,x,1\n"
    pairs, _ = read_pairs(write(tmp_path, text, "p.csv"))
    assert pairs is not None
    chosen = solve_pairs(pairs, np.ones(2, dtype=np.int64), "optimal")
    assert sorted(chosen.tolist()) == [1, 2]


def test_capacities_let_a_mentor_take_several(tmp_path):
    pairs, _ = read_pairs(write(tmp_path, "mentee,mentor,score\na,x,2\nb,x,2\n", "p.csv"))
    assert pairs is not None
    capacity, errors, _ = read_capacities(write(tmp_path, "mentor,capacity\nx,2\n", "c.csv"), pairs)
    assert errors == [] and capacity.tolist() == [2]
    assert len(solve_pairs(pairs, capacity, "optimal")) == 2


def test_bad_capacities_are_reported_and_unknown_mentors_warned(tmp_path):
    pairs, _ = read_pairs(write(tmp_path, "mentee,mentor,score\na,x,2\n", "p.csv"))
    assert pairs is not None
    text = "mentor,capacity\nx,-1\nghost,3\nx,2\nx,1\n"
    _, errors, warnings = read_capacities(write(tmp_path, text, "c.csv"), pairs)
    assert [(e.line, e.column) for e in errors] == [(2, "capacity"), (5, "mentor")]
    assert [(w.line, w.column) for w in warnings] == [(3, "mentor")]


def test_stable_pairs_follow_the_rank_columns(tmp_path):
    # Both mentees rank x first; x ranks b first although a scores higher.
    text = "mentee,mentor,score,mentee_rank,mentor_rank\na,x,9,1,2\nb,x,1,1,1\na,y,1,2,1\n"
    pairs, _ = read_pairs(write(tmp_path, text, "p.csv"))
    assert pairs is not None
    chosen = solve_pairs(pairs, np.ones(2, dtype=np.int64), "stable")
    assert sorted(chosen.tolist()) == [1, 2]


def test_stable_pairs_rank_by_score_without_rank_columns(tmp_path):
    text = "mentee,mentor,score\na,x,9\nb,x,1\na,y,1\n"
    pairs, _ = read_pairs(write(tmp_path, text, "p.csv"))
    assert pairs is not None
    chosen = solve_pairs(pairs, np.ones(2, dtype=np.int64), "stable")
    assert chosen.tolist() == [0]  # a–x: both like it best; b has nobody else


def test_pairs_output_quotes_formula_like_ids_but_keeps_negative_scores(tmp_path):
    text = "mentee,mentor,score\n=a,+x,-2.5\n@b,y,-1\n"
    pairs, _ = read_pairs(write(tmp_path, text, "p.csv"))
    assert pairs is not None
    chosen = solve_pairs(pairs, np.ones(2, dtype=np.int64), "optimal")
    assert pair_rows(pairs, chosen) == [["'=a", "'+x", "-2.5"], ["'@b", "y", "-1.0"]]
