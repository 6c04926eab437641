"""Fast row gathers from CSR matrices: scipy's fancy indexing costs more than the math here."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray


def row_ranges(
    indptr: NDArray[np.int32], rows: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """For the given rows: each stored entry's position in the matrix and its local row."""
    starts = indptr[rows].astype(np.int64)
    lengths = indptr[rows + 1].astype(np.int64) - starts
    local = np.repeat(np.arange(len(rows), dtype=np.int64), lengths)
    if len(local) == 0:
        return np.zeros(0, np.int64), local
    # positions: start of each row's run, then +1 within the run
    run_starts = np.repeat(np.cumsum(lengths) - lengths, lengths)
    offsets = np.arange(len(local), dtype=np.int64) - run_starts
    return np.repeat(starts, lengths) + offsets, local


def row_counts(matrix: sp.csr_matrix) -> NDArray[np.float32]:
    """How many entries each row has (names listed, slots free), as floats for scaling."""
    return np.diff(matrix.indptr).astype(np.float32)


def take_rows(matrix: sp.csr_matrix, rows: slice | NDArray[np.int64]) -> sp.csr_matrix:
    """matrix[rows] for an index array, without scipy's per-call validation."""
    if isinstance(rows, slice):
        return matrix[rows]
    positions, local = row_ranges(matrix.indptr, rows)
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(np.bincount(local, minlength=len(rows)), out=indptr[1:])
    return sp.csr_matrix(
        (matrix.data[positions], matrix.indices[positions], indptr),
        shape=(len(rows), matrix.shape[1]),
        copy=False,
    )


def barred_mask(
    barred: sp.csr_matrix,
    rows: slice | NDArray[np.int64],
    column_of: NDArray[np.int64],
    width: int,
) -> NDArray[np.bool_] | None:
    """False where (row, column) is barred; None when nothing in the block is.

    `column_of` maps every mentor to its column in the block (−1 when not in it).
    """
    if isinstance(rows, slice):
        rows = np.arange(*rows.indices(barred.shape[0]), dtype=np.int64)
    positions, local = row_ranges(barred.indptr, rows)
    if len(positions) == 0:
        return None
    cols = column_of[barred.indices[positions]]
    inside = cols >= 0
    if not inside.any():
        return None
    allowed = np.ones((len(rows), width), dtype=np.bool_)
    allowed[local[inside], cols[inside]] = False
    return allowed


def pair_sums(
    left: sp.csr_matrix,
    rows: NDArray[np.int64],
    right: NDArray[np.float32],
    cols: NDArray[np.int64],
) -> NDArray[np.float32]:
    """(left @ right)[rows[k], cols[k]] for each k, without the whole product.

    `right` is dense, names × columns; each row of `left` holds a few names.
    """
    positions, local = row_ranges(left.indptr, rows)
    values = left.data[positions] * right[left.indices[positions], cols[local]]
    return np.bincount(local, weights=values, minlength=len(rows)).astype(np.float32)


def pair_values(
    matrix: sp.csr_matrix, rows: NDArray[np.int64], cols: NDArray[np.int64]
) -> NDArray[np.float32]:
    """matrix[rows[k], cols[k]] for each k (0 where nothing is stored)."""
    canonical = matrix.copy()
    canonical.sum_duplicates()  # sorted, one entry per cell: a key search finds each
    width = matrix.shape[1]
    stored = np.repeat(np.arange(matrix.shape[0], dtype=np.int64), np.diff(canonical.indptr))
    keys = stored * width + canonical.indices
    values = np.zeros(len(rows), dtype=np.float32)
    if len(keys):
        wanted = rows * width + cols
        at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
        found = keys[at] == wanted
        values[found] = canonical.data[at[found]]
    return values
