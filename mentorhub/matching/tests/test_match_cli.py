"""`mentorhub match`: the command a program in a spreadsheet runs, with no server or database."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mentorhub.cli import main
from mentorhub.matching.offline import ProgressBar, run
from mentorhub.matching.tests import PEOPLE, read_csv, write

REPO = Path(__file__).resolve().parents[3]
NO_DATABASE = "postgres://nobody:secret@127.0.0.1:9/nowhere"  # nothing listens on port 9
BAD_PEOPLE = "id,role,level\na,mentor,11\nb,boss,2\n"


@pytest.fixture
def people_file(tmp_path: Path) -> Path:
    return write(tmp_path, PEOPLE)


def test_match_writes_the_documented_columns(people_file, tmp_path):
    out = tmp_path / "matches.csv"
    assert run([str(people_file), "--approach", "traditional", "--out", str(out)]) == 0
    rows = read_csv(out)
    assert list(rows[0]) == ["mentee", "mentor", "score", "reasons"]
    assert [r["mentee"] for r in rows] == ["max", "eve", "ed"]


def test_match_prints_a_summary_with_the_phases(people_file, tmp_path, capsys):
    run([str(people_file), "--out", str(tmp_path / "matches.csv")])
    out = capsys.readouterr().out
    assert "Matched 1 of 3 mentees; mean score" in out
    assert "Time: read" in out and "solve" in out and "write" in out


def test_bad_input_reports_every_problem_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "matches.csv"
    status = run([str(write(tmp_path, BAD_PEOPLE)), "--out", str(out)])
    err = capsys.readouterr().err.splitlines()
    assert status == 1
    assert not out.exists()
    path = tmp_path / "people.csv"
    assert err[:2] == [
        f"{path}: line 2, level: “11” is not a whole number from 1 to 10.",
        f"{path}: line 3, role: “boss” is not a role; use mentor, mentee or peer.",
    ]
    assert err[2] == "Nothing was matched: fix the 2 problems above and run again."


def test_bad_input_leaves_an_earlier_output_untouched(tmp_path):
    out = write(tmp_path, "mentee,mentor,score,reasons\n", "matches.csv")
    run([str(write(tmp_path, BAD_PEOPLE)), "--out", str(out)])
    assert out.read_text() == "mentee,mentor,score,reasons\n"


def test_dash_writes_the_matches_to_stdout_and_the_summary_to_stderr(people_file, capsys):
    assert run([str(people_file), "--out", "-"]) == 0
    captured = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(captured.out)))
    assert [r["mentee"] for r in rows] == ["max", "eve", "ed"]
    assert "Matched 1 of 3 mentees" in captured.err


def test_stable_method_runs_from_a_people_file(people_file, tmp_path):
    out = tmp_path / "matches.csv"
    assert run([str(people_file), "--method", "stable", "--out", str(out)]) == 0
    row = read_csv(out)[0]
    assert row["mentor"] == "mona"
    assert "stable: no pair would both rather be together" in row["reasons"]


def test_peer_rows_are_left_out_of_mentoring_with_a_warning(tmp_path, capsys):
    people = write(tmp_path, PEOPLE + "pat,,peer,,,,,,,,,,,\n")
    assert run([str(people), "--out", str(tmp_path / "m.csv")]) == 0
    assert "line 7, role: peer rows are matched with --approach peer" in capsys.readouterr().err


def test_nothing_to_match_is_an_error(tmp_path, capsys):
    assert run([str(write(tmp_path, "id,role\na,mentor\n")), "--out", "-"]) == 1
    assert "the file has no mentee rows" in capsys.readouterr().err


def test_pairs_path_writes_mentee_mentor_score(tmp_path, capsys):
    # x takes two: the best two of its three mentees
    pairs = write(tmp_path, "mentee,mentor,score\na,x,10\nb,x,1\nc,x,3.5\n", "p.csv")
    caps = write(tmp_path, "mentor,capacity\nx,2\n", "c.csv")
    out = tmp_path / "matches.csv"
    status = run(["--pairs", str(pairs), "--capacities", str(caps), "--out", str(out)])
    assert status == 0
    assert [list(r.values()) for r in read_csv(out)] == [
        ["a", "x", "10.0"],
        ["b", "", ""],
        ["c", "x", "3.5"],
    ]
    assert "Matched 2 of 3 mentees; total score 13.5." in capsys.readouterr().out


def test_pairs_path_reports_bad_rows_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "matches.csv"
    pairs = write(tmp_path, "mentee,mentor,score\na,x,ten\n", "p.csv")
    assert run(["--pairs", str(pairs), "--out", str(out)]) == 1
    assert "line 2, score: “ten” is not a number" in capsys.readouterr().err
    assert not out.exists()


def test_pairs_path_refuses_the_circles_method(tmp_path, capsys):
    pairs = write(tmp_path, "mentee,mentor,score\na,x,1\n", "p.csv")
    assert run(["--pairs", str(pairs), "--method", "circles"]) == 2
    assert "--pairs solves with --method optimal or --method stable" in capsys.readouterr().err


def test_a_people_file_and_pairs_together_are_refused(people_file, capsys):
    assert run([str(people_file), "--pairs", str(people_file)]) == 2
    assert "give either a people file or --pairs" in capsys.readouterr().err


def test_help_describes_both_inputs(capsys):
    assert run(["--help"]) == 0
    text = capsys.readouterr().out
    assert "mentorhub match people.csv --approach traditional --out matches.csv" in text
    assert "--capacities" in text and "mentee_rank" in text and "docs/matching-csv.md" in text


def test_a_missing_file_is_reported_plainly(tmp_path, capsys):
    assert run([str(tmp_path / "nope.csv")]) == 1
    assert "line 1, file: cannot be read: No such file or directory." in capsys.readouterr().err


def test_an_output_that_cannot_be_written_is_reported(people_file, tmp_path, capsys):
    out = tmp_path / "missing-folder" / "matches.csv"
    assert run([str(people_file), "--out", str(out)]) == 1
    assert "matches.csv: cannot be written: No such file or directory." in capsys.readouterr().err


def test_progress_is_drawn_only_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    bar = ProgressBar.on(screen)
    assert ProgressBar.on(io.StringIO()) is None
    assert bar is not None
    bar("candidates", 0.5)
    assert screen.getvalue() == "\rcandidates   [" + "#" * 15 + "." * 15 + "]  50%"


def test_console_script_routes_match_past_django(people_file, tmp_path):
    out = tmp_path / "matches.csv"
    main(["mentorhub", "match", str(people_file), "--out", str(out)])
    assert out.exists()


def test_console_script_exits_with_the_status_of_bad_input(tmp_path):
    with pytest.raises(SystemExit) as exited:
        main(["mentorhub", "match", str(write(tmp_path, BAD_PEOPLE)), "--out", "-"])
    assert exited.value.code == 1


def test_match_needs_no_database(people_file, tmp_path):
    # GIVEN a database URL nothing answers, in a fresh process without Django set up
    out = tmp_path / "matches.csv"
    env = {**os.environ, "MENTORHUB_DATABASE_URL": NO_DATABASE}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    script = (
        "import sys; from mentorhub.cli import main; main(sys.argv[1:]); "
        "print('django loaded' if 'django' in sys.modules else 'no django')"
    )
    # WHEN `mentorhub match` runs
    done = subprocess.run(
        [sys.executable, "-c", script, "mentorhub", "match", str(people_file), "--out", str(out)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    # THEN it succeeds, writes the matches, and never loaded Django
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "no django"
    assert [r["mentor"] for r in read_csv(out)] == ["mona", "", ""]


# Circle sizes

PEERS = "id,role,level,interests\n" + "".join(f"p{i},peer,3,chess\n" for i in range(7))


def test_peer_circles_write_one_row_per_member_with_its_circle(tmp_path, capsys):
    # GIVEN seven peers who all share an interest
    out = tmp_path / "circles.csv"
    people = write(tmp_path, PEERS)
    # WHEN they are matched in peer circles of 3 to 4
    argv = [str(people), "--approach", "peer", "--method", "peer-circles", "--circle-size", "3-4"]
    assert run([*argv, "--out", str(out)]) == 0
    # THEN every peer has one row, in a circle of 3 or 4 named in the first column
    rows = read_csv(out)
    assert list(rows[0]) == ["circle", "mentee", "mentor", "score", "reasons"]
    assert [r["mentee"] for r in rows] == [f"p{i}" for i in range(7)]
    members: dict[str, list[str]] = {}
    for row in rows:
        members.setdefault(row["circle"], []).append(row["mentee"])
    assert sorted(len(m) for m in members.values()) == [3, 4]
    assert all(row["circle"].startswith("peer-circle-") for row in rows)
    assert all(row["reasons"].startswith("peer circle of") for row in rows)
    assert "Matched 7 of 7 peers" in capsys.readouterr().out


def test_peer_circles_take_peer_rows_without_the_approach(tmp_path):
    out = tmp_path / "circles.csv"
    argv = [str(write(tmp_path, PEERS)), "--method", "peer-circles", "--circle-size", "7"]
    assert run([*argv, "--out", str(out)]) == 0
    assert {r["circle"] for r in read_csv(out)} == {"peer-circle-1"}


def test_a_peer_left_out_of_every_circle_gets_a_row_with_the_reason(tmp_path):
    out = tmp_path / "circles.csv"
    argv = [str(write(tmp_path, PEERS)), "--method", "peer-circles", "--circle-size", "3"]
    assert run([*argv, "--out", str(out)]) == 0
    left = [r for r in read_csv(out) if not r["circle"]]
    assert len(left) == 1
    assert left[0]["reasons"].startswith("left over when circles of 3 were formed")


@pytest.mark.parametrize(
    ("method", "size", "message"),
    [
        ("peer-circles", "three", "“three” is not a size: write MIN-MAX, e.g. 3-5"),
        ("peer-circles", "3-", "“3-” is not a size"),
        ("circles", "5-3", "“5-3”: the smallest size is above the largest"),
        ("circles", "0", "“0”: a circle holds at least 1 person"),
        ("peer-circles", "2-4", "--circle-size: a peer circle needs at least 3 people, not 2"),
        ("optimal", "3-4", "--circle-size goes with --method circles or --method peer-circles"),
    ],
)
def test_bad_circle_sizes_are_refused_with_a_clear_message(tmp_path, capsys, method, size, message):
    people = write(tmp_path, PEERS)
    out = tmp_path / "circles.csv"
    argv = [str(people), "--method", method, "--circle-size", size, "--out", str(out)]
    assert run(argv) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()
