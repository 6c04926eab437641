"""Every OR-Library assignment instance, solved through `mentorhub match --pairs`, reaches its
known optimum exactly (score = constant − cost, every mentee matched, capacity 1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorhub.matching.offline import run
from mentorhub.matching.tests import read_csv

# CI checks the shared folder out beside the repository.
ORLIB = Path(__file__).resolve().parents[3].parent / "shared/reference/orlib-assignment"
INSTANCES = (
    *(f"assign{n}" for n in range(100, 900, 100)),
    *(f"assignp{n}" for n in (800, 1500, 3000, 5000)),
)
CONSTANT = 1000  # above every cost in the instances, so each score is positive


def reference_folder() -> Path:
    if not (ORLIB / "assignopt.txt").is_file():
        pytest.fail(
            f"The OR-Library instances are missing: expected them in {ORLIB} (the shared "
            "reference folder next to the repository). Check it out there and run again."
        )
    return ORLIB


def known_optima() -> dict[str, int]:
    optima = {}
    for line in (reference_folder() / "assignopt.txt").read_text().splitlines():
        name, _, value = line.partition(" ")
        if name.startswith("assign") and value.strip().isdigit():
            optima[name] = int(value)
    return optima


def costs(name: str) -> tuple[int, dict[tuple[int, int], int]]:
    """n and the cost of each allowed (row, column), 1-based as in the file."""
    numbers = (reference_folder() / f"{name}.txt").read_text().split()
    n, values = int(numbers[0]), [int(x) for x in numbers[1:]]
    if name.startswith("assignp"):  # sparse: i j cost
        return n, {(values[k], values[k + 1]): values[k + 2] for k in range(0, len(values), 3)}
    assert len(values) == n * n, f"{name}: expected {n}×{n} costs"
    return n, {(k // n + 1, k % n + 1): cost for k, cost in enumerate(values)}


def write_pairs(path: Path, cost: dict[tuple[int, int], int]) -> None:
    lines = [f"r{i},c{j},{CONSTANT - c}" for (i, j), c in cost.items()]
    path.write_text("mentee,mentor,score\n" + "\n".join(lines) + "\n")


def test_every_instance_in_the_folder_is_tested():
    found = {p.stem for p in reference_folder().glob("assign*.txt")} - {"assignopt"}
    assert found == set(INSTANCES)
    assert set(known_optima()) == set(INSTANCES)


@pytest.mark.parametrize("name", INSTANCES)
def test_pairs_path_reaches_the_known_optimum(name, tmp_path):
    # GIVEN the instance as a pairs file, cost turned into score
    n, cost = costs(name)
    pairs, out = tmp_path / "pairs.csv", tmp_path / "matches.csv"
    write_pairs(pairs, cost)
    # WHEN solved by `mentorhub match --pairs`
    assert run(["--pairs", str(pairs), "--out", str(out)]) == 0
    # THEN every row gets its own column, at exactly the known optimal cost
    rows = read_csv(out)
    chosen = [(int(r["mentee"][1:]), int(r["mentor"][1:])) for r in rows if r["mentor"]]
    assert len(chosen) == n
    assert len({j for _, j in chosen}) == n
    assert sum(cost[pair] for pair in chosen) == known_optima()[name]
    assert sum(int(r["score"]) for r in rows) == n * CONSTANT - known_optima()[name]
