"""Benchmark of the matching engine: end to end from a CSV file, at several sizes.

    .venv/bin/python bench/matching.py                      # 1k×100, 10k×1k, 100k×10k
    .venv/bin/python bench/matching.py --sizes 10000x1000   # one size

Each size runs in its own process (so its peak memory is its own): generate a realistic
population, write people.csv, then time every phase of `mentorhub match` (read, prepare,
candidates, solve, explain, write). Then, outside the timed run: a greedy baseline on the
same candidate lists, suggestions for single mentees (and single mentors), and the stable
method with 20-long rank lists. Prints one table; nothing is asserted (tests check
correctness, not speed).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

DEFAULT_SIZES = ["1000x100", "10000x1000", "100000x10000"]


def _timed(label: str, timings: dict[str, float], fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    value = fn(*args, **kwargs)
    timings[label] = time.perf_counter() - started
    return value


def run_size(n_mentees: int, n_mentors: int, seed: int) -> dict[str, object]:
    from population import generate, write_csv

    from mentorhub.matching.engine import prepare
    from mentorhub.matching.engine.optimal import match_optimal
    from mentorhub.matching.offline import people_problem, read_people, write_matches

    folder = Path(tempfile.mkdtemp(prefix="mentorhub-bench-"))
    source, target = folder / "people.csv", folder / "matches.csv"
    write_csv(generate(n_mentees, n_mentors, seed), source)
    t: dict[str, float] = {}
    people, errors = _timed("read", t, read_people, source)
    assert not errors, errors[:3]
    problem = people_problem(people, "traditional", "optimal")
    prepared = _timed("prepare", t, prepare, problem)
    result = match_optimal(prepared)
    t.update(result.timings)
    _timed("write", t, write_matches, target, result, problem)
    t["total"] = sum(t.values())
    row: dict[str, object] = {
        "size": f"{n_mentees:,}×{n_mentors:,}",
        **{k: round(v, 2) for k, v in t.items()},
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "matched": round(100 * result.matched / max(n_mentees, 1), 1),
        "mean_score": round(100 * result.mean_score, 1),
        "candidates_per_mentee": round(result.stats.get("candidates", 0) / max(n_mentees, 1), 1),
    }
    row.update(_greedy(prepared))
    row.update(_suggestions(prepared))
    row.update(_stable(prepared))
    return row


def _greedy(prepared) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """The usual platform approach: best pairs first, on the same candidate lists."""
    from mentorhub.matching.engine.candidates import top_candidates
    from mentorhub.matching.engine.optimal import LIST_LENGTH, PAIRS_PER_BLOCK

    n, m = len(prepared.problem.mentees), len(prepared.problem.mentors)
    k = m if n * m <= 5_000_000 else LIST_LENGTH
    edges = top_candidates(prepared.scorer, n, k, PAIRS_PER_BLOCK).pairs()
    seats = prepared.encoded.mentors.capacity.copy()
    taken = np.zeros(n, dtype=bool)
    total = matched = 0
    for e in np.argsort(-edges.score, kind="stable"):
        i, j = edges.mentee[e], edges.mentor[e]
        if not taken[i] and seats[j] > 0:
            taken[i], seats[j] = True, seats[j] - 1
            matched += 1
            total += edges.score[e]
    return {
        "greedy_matched": round(100 * matched / max(n, 1), 1),
        "greedy_mean_score": round(100 * total / max(matched, 1), 1),
    }


def _suggestions(prepared) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """One mentee against every mentor, and one mentor against every mentee."""
    from mentorhub.matching.engine import suggest
    from mentorhub.matching.engine.suggest import suggest_mentees

    row: dict[str, object] = {}
    for key, find, people in (
        ("suggest", suggest, prepared.problem.mentees),
        ("suggest_mentees", suggest_mentees, prepared.problem.mentors),
    ):
        rng = np.random.default_rng(3)
        ids = [p.id for p in people]
        times = []
        for index in rng.choice(len(ids), size=min(100, len(ids)), replace=False):
            started = time.perf_counter()
            find(prepared, ids[index], k=10)
            times.append(1000 * (time.perf_counter() - started))
        row[f"{key}_ms_median"] = round(float(np.median(times)), 1)
        row[f"{key}_ms_p95"] = round(float(np.percentile(times, 95)), 1)
    return row


def _stable(prepared) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """20-long rank lists from the candidate lists; only the solve is timed."""
    from mentorhub.matching.engine.candidates import top_candidates
    from mentorhub.matching.engine.optimal import PAIRS_PER_BLOCK
    from mentorhub.matching.engine.solvers.stable import stable_assignment

    n, m = len(prepared.problem.mentees), len(prepared.problem.mentors)
    edges = top_candidates(prepared.scorer, n, 20, PAIRS_PER_BLOCK).pairs()
    order = np.lexsort((-edges.score, edges.mentee))
    mentee_prefs: list[list[int]] = [[] for _ in range(n)]
    for e in order:
        mentee_prefs[edges.mentee[e]].append(int(edges.mentor[e]))
    by_mentor = np.lexsort((-edges.score, edges.mentor))
    mentor_prefs: list[list[int]] = [[] for _ in range(m)]
    for e in by_mentor:
        mentor_prefs[edges.mentor[e]].append(int(edges.mentee[e]))
    capacity = prepared.encoded.mentors.capacity
    started = time.perf_counter()
    assignment = stable_assignment(mentee_prefs, mentor_prefs, capacity)
    return {
        "stable_s": round(time.perf_counter() - started, 2),
        "stable_matched": round(100 * float((assignment >= 0).mean()), 1),
    }


COLUMNS = [
    ("size", "size"),
    ("read", "read s"),
    ("prepare", "prepare s"),
    ("candidates", "candidates s"),
    ("solve", "solve s"),
    ("explain", "explain s"),
    ("write", "write s"),
    ("total", "total s"),
    ("peak_mb", "peak MB"),
    ("matched", "matched %"),
    ("mean_score", "mean score"),
    ("greedy_matched", "greedy matched %"),
    ("greedy_mean_score", "greedy score"),
    ("suggest_ms_median", "suggest ms (median)"),
    ("suggest_ms_p95", "suggest ms (p95)"),
    ("suggest_mentees_ms_median", "mentor-side ms (median)"),
    ("suggest_mentees_ms_p95", "mentor-side ms (p95)"),
    ("stable_s", "stable s"),
]


def print_table(rows: list[dict[str, object]]) -> None:
    widths = [max(len(title), *(len(str(r.get(key, ""))) for r in rows)) for key, title in COLUMNS]
    print(" | ".join(title.rjust(w) for (_, title), w in zip(COLUMNS, widths, strict=True)))
    print("-+-".join("-" * w for w in widths))
    for r in rows:
        print(
            " | ".join(
                str(r.get(key, "")).rjust(w) for (key, _), w in zip(COLUMNS, widths, strict=True)
            )
        )


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="*", default=DEFAULT_SIZES, help="MENTEESxMENTORS")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        n, m = (int(x) for x in args.one.split("x"))
        print(json.dumps(run_size(n, m, args.seed)))
        return
    rows = []
    for size in args.sizes:
        print(f"running {size} …", file=sys.stderr, flush=True)
        child = subprocess.run(
            [sys.executable, __file__, "--one", size, "--seed", str(args.seed)],
            capture_output=True,
            text=True,
            check=False,
        )
        if child.returncode:
            print(child.stderr, file=sys.stderr)
            raise SystemExit(f"size {size} failed")
        rows.append(json.loads(child.stdout.strip().splitlines()[-1]))
    print(f"matching benchmark on {machine()}")
    print_table(rows)


if __name__ == "__main__":
    main()
