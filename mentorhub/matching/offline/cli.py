"""`mentorhub match`: the command line, what it tells the person, and its progress bar."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import IO

from mentorhub.matching.engine import CIRCLE_METHODS, METHODS, Problem, match
from mentorhub.matching.engine.problem import APPROACH_RULES, PEER
from mentorhub.matching.engine.solvers.peer_circles import PeerCircleSizes
from mentorhub.matching.offline.output import match_rows, pair_rows, write_csv
from mentorhub.matching.offline.pairs import read_capacities, read_pairs, solve_pairs
from mentorhub.matching.offline.people import (
    PEER_METHODS,
    check_people,
    left_out,
    peer_matching,
    people_problem,
)
from mentorhub.matching.offline.tables import RowError

DESCRIPTION = """\
Match mentors and mentees from CSV files, with no server and no database.

  mentorhub match people.csv --approach traditional --out matches.csv
  mentorhub match people.csv --approach peer --method peer-circles --circle-size 3-5
  mentorhub match --pairs pairs.csv [--capacities capacities.csv] --out matches.csv

A people file has one row per person: id, name, role (mentor, mentee or peer), department,
manager_id, level, timezone, languages, offers, seeks, interests, goals, capacity, exclude
(only id and role are required). The output has one row per mentee: mentee, mentor, score
(0-100) and the reasons, or an empty mentor and the reason nobody was found; for circles,
one row per member with a first column, circle.

A pairs file lists every allowed pair with its score (mentee, mentor, score; higher is
better), and optionally mentee_rank and mentor_rank (1 = first choice) for --method stable.
The output is mentee, mentor, score. Every problem in a file is reported with its line
and nothing is written until the files are clean. See docs/matching-csv.md.
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mentorhub match",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("people", nargs="?", help="the people file (CSV; - reads stdin)")
    parser.add_argument(
        "--approach",
        choices=sorted(APPROACH_RULES),
        default=None,
        metavar="APPROACH",
        help="the program's approach, which sets the hard rules: "
        f"{', '.join(sorted(APPROACH_RULES))} (default: traditional)",
    )
    parser.add_argument(
        "--method",
        choices=METHODS,
        default=None,
        metavar="METHOD",
        help="optimal: most matched, then best total score (default); stable: no pair "
        "would both rather be together; circles: group mentoring; peers: mutual pairs "
        "(the default with --approach peer); peer-circles: groups of peers in which "
        "everyone gives and receives. With --pairs: optimal or stable.",
    )
    parser.add_argument(
        "--circle-size",
        type=circle_size,
        metavar="MIN-MAX",
        help="with --method circles or peer-circles: how many people a circle holds, e.g. "
        "3-5, or 4 for exactly four (default: circles 3 up to the mentor's capacity, "
        "peer circles 3-5)",
    )
    parser.add_argument("--pairs", metavar="PAIRS.csv", help="solve your own scores instead")
    parser.add_argument(
        "--capacities", metavar="CAPACITIES.csv", help="with --pairs: mentor, capacity (default 1)"
    )
    parser.add_argument(
        "--out", default="-", metavar="MATCHES.csv", help="where to write (default -: stdout)"
    )
    return parser


def _arguments(parser: argparse.ArgumentParser, argv: Sequence[str]) -> argparse.Namespace:
    args = parser.parse_args(list(argv))
    if (args.people is None) == (args.pairs is None):
        parser.error("give either a people file or --pairs PAIRS.csv")
    if args.pairs is not None:
        if args.approach is not None:
            parser.error("--approach applies to a people file; a pairs file has its own scores")
        if (args.method or "optimal") not in ("optimal", "stable"):
            parser.error("--pairs solves with --method optimal or --method stable")
    elif args.capacities is not None:
        parser.error("--capacities goes with --pairs; in a people file use the capacity column")
    if args.circle_size is not None:
        _check_circle_size(parser, args.method, args.circle_size)
    return args


def circle_size(text: str) -> tuple[int, int]:
    """`--circle-size`: "MIN-MAX" or "N" (exactly N), as (smallest, largest)."""
    low, dash, high = text.strip().partition("-")
    try:
        sizes = (int(low), int(high if dash else low))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"“{text}” is not a size: write MIN-MAX, e.g. 3-5, or one number such as 4"
        ) from None
    if sizes[0] < 1:
        raise argparse.ArgumentTypeError(f"“{text}”: a circle holds at least 1 person")
    if sizes[0] > sizes[1]:
        raise argparse.ArgumentTypeError(f"“{text}”: the smallest size is above the largest")
    return sizes


def _check_circle_size(
    parser: argparse.ArgumentParser, method: str | None, sizes: tuple[int, int]
) -> None:
    if method not in CIRCLE_METHODS:
        parser.error("--circle-size goes with --method circles or --method peer-circles")
    if method == "peer-circles":
        try:
            PeerCircleSizes(*sizes)
        except ValueError as exc:
            parser.error(f"--circle-size: {exc}")


def run(argv: Sequence[str]) -> int:
    """`mentorhub match …`: the exit status (0 done, 1 bad input, 2 bad arguments)."""
    try:
        args = _arguments(_parser(), argv)
    except SystemExit as exc:  # argparse has printed the help or the problem
        return int(exc.code or 0)
    report = Report(sys.stderr if args.out == "-" else sys.stdout)
    if args.pairs is not None:
        return _run_pairs(args, report)
    return _run_people(args, report)


def _run_people(args: argparse.Namespace, report: Report) -> int:
    # A peer method implies the peer approach, whose rules let equals pair at all.
    approach = args.approach or (PEER if args.method in PEER_METHODS else "traditional")
    method = args.method or ("peers" if approach == PEER else "optimal")
    with report.phase("read"):
        checked = check_people(args.people)
    warnings = sorted(checked.warnings + left_out(checked, approach, method), key=lambda e: e.line)
    if not report.problems(args.people, checked.errors, warnings):
        return 1
    problem = people_problem(checked.people, approach, method)
    if not problem.mentees or not problem.mentors:
        report.fail(f"{args.people}: nothing to match; {_missing(problem, approach, method)}")
        return 1
    started = time.perf_counter()
    progress = ProgressBar.on(sys.stderr)
    result = match(problem, method, progress, circle_sizes=args.circle_size)
    # What the solver does not time itself is encoding the problem (or all of it, if it times
    # nothing).
    untimed = time.perf_counter() - started - sum(result.timings.values())
    report.timings["prepare" if result.timings else "match"] = untimed
    report.timings.update(result.timings)
    with report.phase("write"):
        header, rows = match_rows(result, problem)
        if not report.written(args.out, header, rows):
            return 1
    at = header.index("mentor")
    matched = len({row[at - 1] for row in rows if row[at]})  # the person is left of the mentor
    who = "peers" if peer_matching(approach, method) else "mentees"
    quality = f"mean score {result.mean_score * 100:.1f}"
    report.summary(matched, len(problem.mentees), who, quality)
    return 0


def _missing(problem: Problem, approach: str, method: str) -> str:
    if peer_matching(approach, method):
        return "peer matching needs rows with role peer."
    side = "mentee" if not problem.mentees else "mentor"
    return f"the file has no {side} rows."


def _run_pairs(args: argparse.Namespace, report: Report) -> int:
    method = args.method or "optimal"
    with report.phase("read"):
        pairs, errors = read_pairs(args.pairs)
    if pairs is None:
        report.problems(args.pairs, errors, [])
        return 1
    capacity, errors, warnings = read_capacities(args.capacities, pairs)
    if not report.problems(args.capacities, errors, warnings):
        return 1
    with report.phase("solve"):
        chosen = solve_pairs(pairs, capacity, method)
    with report.phase("write"):
        if not report.written(args.out, ["mentee", "mentor", "score"], pair_rows(pairs, chosen)):
            return 1
    total = float(pairs.score[chosen].sum())
    text = f"{total:.{pairs.decimals}f}" if pairs.decimals is not None else f"{total:g}"
    report.summary(len(chosen), len(pairs.mentees), "mentees", f"total score {text}")
    return 0


class Report:
    """What the command tells the person: problems on stderr, then a summary."""

    def __init__(self, out: IO[str]):
        self.out = out
        self.timings: dict[str, float] = {}

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - started

    def problems(self, path: str, errors: list[RowError], warnings: list[RowError]) -> bool:
        """Print them; True when matching may go on."""
        for warning in warnings:
            print(f"{path}: warning: {warning}", file=sys.stderr)
        for error in errors:
            print(f"{path}: {error}", file=sys.stderr)
        if errors:
            count = f"{len(errors)} problem{'s' * (len(errors) != 1)}"
            print(f"Nothing was matched: fix the {count} above and run again.", file=sys.stderr)
        return not errors

    def fail(self, message: str) -> None:
        print(message, file=sys.stderr)

    def written(self, path: str, header: list[str], rows: list[list[str]]) -> bool:
        try:
            write_csv(path, header, rows)
        except OSError as exc:
            self.fail(f"{path}: cannot be written: {exc.strerror or exc}.")
            return False
        return True

    def summary(self, matched: int, total: int, who: str, quality: str) -> None:
        phases = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in self.timings.items())
        print(f"Matched {matched} of {total} {who}; {quality}.", file=self.out)
        print(f"Time: {phases}.", file=self.out)


class ProgressBar:
    """A one-line bar on a terminal, redrawn as each phase of the engine advances."""

    WIDTH = 30

    def __init__(self, out: IO[str]):
        self.out = out
        self.shown = ""

    @classmethod
    def on(cls, out: IO[str]) -> Callable[[str, float], None] | None:
        return cls(out) if out.isatty() else None

    def __call__(self, phase: str, fraction: float) -> None:
        done = int(self.WIDTH * min(max(fraction, 0.0), 1.0))
        line = f"\r{phase:<12} [{'#' * done}{'.' * (self.WIDTH - done)}] {fraction:4.0%}"
        if line != self.shown:
            self.out.write(line + ("\n" if fraction >= 1 else ""))
            self.out.flush()
            self.shown = line


def main() -> None:
    raise SystemExit(run(sys.argv[1:]))
