"""Text similarity of goals and bios: a pluggable component, TF-IDF with LSA by default.

The default needs nothing but numpy and scipy and learns from the program's own words:
TF-IDF weights, then (for a large vocabulary) latent semantic analysis, which places words
that occur in the same contexts near each other. A semantic backend (sentence embeddings
from a locally installed model) plugs in by implementing `TextModel`; nothing here ever
downloads a model.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

WORD = re.compile(r"[a-z0-9][a-z0-9+#.\-]*[a-z0-9+#]|[a-z0-9]")
STOPWORDS = frozenset(
    [
        "a",
        "about",
        "after",
        "all",
        "also",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "been",
        "being",
        "but",
        "by",
        "can",
        "could",
        "do",
        "does",
        "for",
        "from",
        "get",
        "getting",
        "had",
        "has",
        "have",
        "how",
        "i",
        "i'd",
        "i'm",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "just",
        "like",
        "me",
        "more",
        "most",
        "my",
        "no",
        "not",
        "of",
        "on",
        "or",
        "our",
        "out",
        "over",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "too",
        "up",
        "us",
        "very",
        "want",
        "was",
        "we",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "will",
        "with",
        "would",
        "you",
        "your",
    ]
)


@lru_cache(maxsize=250_000)
def words(text: str) -> tuple[str, ...]:
    """The words of a text that can carry meaning; cached, as reasons read them again."""
    return tuple(w for w in WORD.findall(text.lower()) if w not in STOPWORDS and len(w) > 1)


class TextModel(Protocol):
    """Turns documents into unit vectors whose dot product is their similarity in [−1, 1]."""

    def vectors(
        self, left: Sequence[str], right: Sequence[str]
    ) -> tuple[NDArray[np.float32], NDArray[np.float32]]: ...


@dataclass
class TfidfLsa:
    """TF-IDF over both sides' documents; LSA to `dimensions` when the vocabulary is larger."""

    dimensions: int = 64
    seed: int = 7
    sample: int = 20_000  # documents the topics are learned from; all are then projected
    vocabulary: dict[str, int] = field(default_factory=dict, init=False)
    idf: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0), init=False)

    def vectors(
        self, left: Sequence[str], right: Sequence[str]
    ) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
        matrix = self.tfidf([*left, *right])
        dense = self._reduce(matrix)
        return dense[: len(left)], dense[len(left) :]

    def tfidf(self, documents: Sequence[str]) -> sp.csr_matrix:
        tokens = [words(doc) for doc in documents]
        document_frequency: Counter[str] = Counter()
        for doc in tokens:
            document_frequency.update(set(doc))
        # Words used by one person only say nothing about two people being alike.
        kept = sorted(w for w, n in document_frequency.items() if n > 1)
        self.vocabulary = {w: i for i, w in enumerate(kept)}
        n_docs = max(len(documents), 1)
        frequency = np.array([document_frequency[w] for w in kept], dtype=np.float64)
        self.idf = np.log((1 + n_docs) / (1 + frequency)) + 1
        rows: list[int] = []
        cols: list[int] = []
        for row, doc in enumerate(tokens):
            ids = [self.vocabulary[w] for w in doc if w in self.vocabulary]
            rows.extend([row] * len(ids))
            cols.extend(ids)
        counts = sp.csr_matrix(
            (np.ones(len(rows)), (rows, cols)), shape=(len(documents), len(kept))
        )  # duplicates add up: term counts
        counts.data = (1 + np.log(counts.data)) * self.idf[counts.indices]
        return _unit_rows(counts)

    def _reduce(self, matrix: sp.csr_matrix) -> NDArray[np.float32]:
        if matrix.shape[1] <= self.dimensions:
            return np.asarray(matrix.todense(), dtype=np.float32)
        rng = np.random.default_rng(self.seed)
        rows = matrix.shape[0]
        fit = matrix[rng.choice(rows, self.sample, replace=False)] if rows > self.sample else matrix
        basis = _top_right_singular_vectors(fit, self.dimensions, self.seed)
        reduced = matrix @ basis
        norms = np.linalg.norm(reduced, axis=1, keepdims=True)
        norms[norms == 0] = 1
        return (reduced / norms).astype(np.float32)


def _unit_rows(matrix: sp.csr_matrix) -> sp.csr_matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    return sp.csr_matrix(sp.diags(1 / norms) @ matrix)


def _orthonormal(sample: NDArray[np.float64]) -> NDArray[np.float64]:
    """An orthonormal basis of the columns, via their small Gram matrix (k × k).

    Cheaper than a QR of a tall matrix and plenty accurate for topics; directions with no
    weight are dropped.
    """
    gram = sample.T @ sample
    values, vectors = np.linalg.eigh(gram)
    keep = values > values.max(initial=0) * 1e-10
    return sample @ (vectors[:, keep] / np.sqrt(values[keep]))


def _top_right_singular_vectors(matrix: sp.csr_matrix, k: int, seed: int) -> NDArray[np.float64]:
    """Randomized SVD (Halko et al.): the k strongest topics of the vocabulary, seeded."""
    rng = np.random.default_rng(seed)
    probe = rng.standard_normal((matrix.shape[1], k + 10))
    basis = _orthonormal(np.asarray(matrix @ probe))
    for _ in range(2):  # power iterations sharpen the spectrum of text data
        basis = _orthonormal(np.asarray(matrix @ (matrix.T @ basis)))
    small = np.asarray((matrix.T @ basis).T)
    _, _, right = np.linalg.svd(small, full_matrices=False)
    return np.asarray(right[:k].T)


def shared_terms(model: TfidfLsa, a: str, b: str, limit: int = 3) -> list[str]:
    """The rarest words two documents share, to explain why they read alike."""
    common = set(words(a)) & set(words(b))
    ranked = sorted(
        (w for w in common if w in model.vocabulary),
        key=lambda w: (-model.idf[model.vocabulary[w]], w),  # ties by word: reproducible
    )
    return ranked[:limit]
