"""`mentorhub match`: matching from spreadsheets, with no server and no database.

Two inputs. A people file (one row per mentor, mentee or peer) is checked like an import,
turned into the engine's Problem and matched with the program's approach and method. A
bring-your-own-score file lists the allowed pairs with a score (and optionally each side's
rank) and is solved directly: optimal (most matched, then highest total) or stable.
The formats are in docs/matching-csv.md. Nothing here imports Django.

- `tables`: reading CSV with the line of each row; `RowError`.
- `people`: the people file, its checks, and the engine's Problem built from it.
- `pairs`: the pairs and capacities files, and solving them.
- `output`: the matches files, written whole and safe to open in a spreadsheet.
- `cli`: the command line (`run`), its report and progress bar.
"""

from __future__ import annotations

from mentorhub.matching.offline.cli import ProgressBar, main, run
from mentorhub.matching.offline.output import match_rows, pair_rows, write_matches
from mentorhub.matching.offline.pairs import PairsFile, read_capacities, read_pairs, solve_pairs
from mentorhub.matching.offline.people import (
    PeopleFile,
    check_people,
    left_out,
    peer_matching,
    people_problem,
    read_people,
)
from mentorhub.matching.offline.tables import RowError, Table, read_table

__all__ = [
    "PairsFile",
    "PeopleFile",
    "ProgressBar",
    "RowError",
    "Table",
    "check_people",
    "left_out",
    "main",
    "match_rows",
    "pair_rows",
    "peer_matching",
    "people_problem",
    "read_capacities",
    "read_pairs",
    "read_people",
    "read_table",
    "run",
    "solve_pairs",
    "write_matches",
]
