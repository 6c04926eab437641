"""Benchmark of circles: group circles and peer circles at realistic sizes.

    .venv/bin/python bench/circles.py                       # the default rows below
    .venv/bin/python bench/circles.py --peers 1000 10000    # peer circles only, these sizes

Each row reads a generated population (bench/population.py) through the CSV reader, then
times `prepare` and the solve of the engine. Peer circles run twice: with the exact step in
small groups (the engine as shipped) and greedy only, to show what the exact step adds and
what it costs. Prints one table; nothing is asserted (tests check correctness, not speed).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

DEFAULT_GROUPS = ["5000x500"]
DEFAULT_PEERS = [1_000, 10_000]
PEER_SIZES = (3, 5)


def _people(n_mentees: int, n_mentors: int, seed: int, as_peers: bool):  # type: ignore[no-untyped-def]
    from population import generate, write_csv

    from mentorhub.matching.offline import read_people

    people = generate(n_mentees, n_mentors, seed)
    if as_peers:  # the same realistic people, all of them equals
        people = [replace(p, role="peer", capacity=1) for p in people]
    path = Path(tempfile.mkdtemp(prefix="mentorhub-bench-")) / "people.csv"
    write_csv(people, path)
    read, errors = read_people(path)
    assert not errors, errors[:3]
    return read


def _timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - started


def group_row(size: str, seed: int) -> dict[str, object]:
    from mentorhub.matching.engine import match, prepare
    from mentorhub.matching.offline import people_problem

    n, m = (int(x) for x in size.split("x"))
    problem = people_problem(_people(n, m, seed, as_peers=False), "group", "circles")
    prepared, prepare_s = _timed(prepare, problem)
    result, solve_s = _timed(match, prepared, "circles", circle_sizes=(3, 8))
    circles = {p.circle for p in result.pairs}
    return {
        "case": f"group circles {n:,} × {m:,} (3–8)",
        "prepare_s": f"{prepare_s:.2f}",
        "solve_s": f"{solve_s:.2f}",
        "circles": f"{len(circles):,}",
        "placed": f"{result.matched:,} of {n:,}",
        "fit": f"{result.mean_score:.3f}",
        "exact": "–",
    }


def peer_rows(n: int, seed: int) -> list[dict[str, object]]:
    from mentorhub.matching.engine import prepare
    from mentorhub.matching.engine.solvers import peer_circles_exact
    from mentorhub.matching.engine.solvers.peer_circles import match_peer_circles
    from mentorhub.matching.offline import people_problem

    # About one mentor for nine mentees, as in an organization's org chart.
    problem = people_problem(_people(n - n // 10, n // 10, seed, True), "peer", "peer-circles")
    prepared, prepare_s = _timed(prepare, problem)
    rows = []
    for label, limit in (("exact in small groups", None), ("greedy only", 0)):
        shipped = peer_circles_exact.EXACT_PEOPLE
        if limit is not None:
            peer_circles_exact.EXACT_PEOPLE = limit
        try:
            result, solve_s = _timed(match_peer_circles, prepared, min_size=3, max_size=5)
        finally:
            peer_circles_exact.EXACT_PEOPLE = shipped
        rows.append(
            {
                "case": f"peer circles {n:,} (3–5), {label}",
                "prepare_s": f"{prepare_s:.2f}",
                "solve_s": f"{solve_s:.2f}",
                "circles": f"{int(result.stats['circles']):,}",
                "placed": f"{result.matched:,} of {n:,}",
                "fit": f"{result.stats['mean_circle_fit']:.3f}",
                "exact": "proven" if result.stats["exact"] else "no",
            }
        )
    return rows


COLUMNS = [
    ("case", "case"),
    ("prepare_s", "prepare s"),
    ("solve_s", "solve s"),
    ("circles", "circles"),
    ("placed", "placed"),
    ("fit", "mean fit"),
    ("exact", "optimum"),
]


def print_table(rows: list[dict[str, object]]) -> None:
    widths = [max(len(title), *(len(str(r.get(key, ""))) for r in rows)) for key, title in COLUMNS]
    print(" | ".join(title.ljust(w) for (_, title), w in zip(COLUMNS, widths, strict=True)))
    print("-+-".join("-" * w for w in widths))
    for r in rows:
        cells = (str(r.get(key, "")).ljust(w) for (key, _), w in zip(COLUMNS, widths, strict=True))
        print(" | ".join(cells))


def main() -> None:
    from matching import machine

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", nargs="*", default=DEFAULT_GROUPS, help="MENTEESxMENTORS")
    parser.add_argument("--peers", nargs="*", type=int, default=DEFAULT_PEERS)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rows = []
    for size in args.groups:
        print(f"group circles {size} …", file=sys.stderr, flush=True)
        rows.append(group_row(size, args.seed))
    for n in args.peers:
        print(f"peer circles {n} …", file=sys.stderr, flush=True)
        rows += peer_rows(n, args.seed)
    print(f"circles benchmark on {machine()}")
    print_table(rows)


if __name__ == "__main__":
    main()
