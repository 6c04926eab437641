"""Text similarity of goals and bios: a pluggable component, TF-IDF with LSA by default.

The default needs nothing but numpy and scipy and learns from the program's own words:
TF-IDF weights, then (for a large vocabulary) latent semantic analysis, which places words
that occur in the same contexts near each other. A semantic backend (sentence embeddings
from a locally installed model) plugs in by implementing `TextModel`; nothing here ever
downloads a model.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from typing import Protocol

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

WORD = re.compile(r"[a-z0-9][a-z0-9+#.\-]*[a-z0-9+#]")  # one letter alone says nothing
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


def words(text: str) -> tuple[str, ...]:
    """The words of a text that can carry meaning (two characters or more, no stopwords).

    No word spans a space, so a text's words are those of its space-separated pieces, in
    order; pieces repeat across people ("python", "mentoring"), so each is read once.
    """
    return tuple(chain.from_iterable(map(_piece_words, text.split())))


@lru_cache(maxsize=250_000)
def _piece_words(piece: str) -> tuple[str, ...]:
    return tuple(w for w in WORD.findall(piece.lower()) if w not in STOPWORDS)


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
    _rarest: dict[str, tuple[tuple[str, ...], frozenset[str]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def vectors(
        self, left: Sequence[str], right: Sequence[str]
    ) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
        matrix = self.tfidf([*left, *right])
        dense = self._reduce(matrix)
        return dense[: len(left)], dense[len(left) :]

    def rarest_terms(self, text: str) -> tuple[tuple[str, ...], frozenset[str]]:
        """A text's words the model knows, rarest first (ties by word, so reproducible),
        and as a set. Remembered: the reasons of many pairs read the same goals."""
        found = self._rarest.get(text)
        if found is None:
            known = {w for w in words(text) if w in self.vocabulary}
            ranked = sorted(known, key=lambda w: (-self.idf[self.vocabulary[w]], w))
            found = self._rarest[text] = (tuple(ranked), frozenset(known))
        return found

    def tfidf(self, documents: Sequence[str]) -> sp.csr_matrix:
        self._rarest.clear()  # a new vocabulary
        met, numbers, lengths = _numbered(documents)
        rows = np.repeat(np.arange(len(documents), dtype=np.int64), lengths)
        # How many documents use each word: each (document, word) counted once.
        uses = _distinct(rows * max(len(met), 1) + numbers) % max(len(met), 1)
        frequency = np.bincount(uses, minlength=len(met))
        # Words used by one person only say nothing about two people being alike.
        kept = sorted((w, k) for k, w in enumerate(met) if frequency[k] > 1)
        self.vocabulary = {w: i for i, (w, _) in enumerate(kept)}
        column = np.full(len(met), -1, dtype=np.int64)
        column[[k for _, k in kept]] = np.arange(len(kept))
        n_docs = max(len(documents), 1)
        used = frequency[[k for _, k in kept]].astype(np.float64)
        self.idf = np.log((1 + n_docs) / (1 + used)) + 1
        cols = column[numbers]
        inside = cols >= 0
        counts = sp.csr_matrix(
            (np.ones(int(inside.sum())), (rows[inside], cols[inside])),
            shape=(len(documents), len(kept)),
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


def _numbered(
    documents: Sequence[str],
) -> tuple[list[str], NDArray[np.int64], NDArray[np.int64]]:
    """Every word met, numbered in order of first use; all documents' words as numbers,
    one document after another; and how many words each document has.

    The words of a document are those of its space-separated pieces (see `words`), and
    pieces repeat from person to person, so each distinct piece is read once.
    """
    number: dict[str, int] = {}
    of_piece: dict[str, list[int]] = {}
    numbers: list[int] = []
    lengths: list[int] = []
    for document in documents:
        start = len(numbers)
        for piece in document.split():
            found = of_piece.get(piece)
            if found is None:
                found = of_piece[piece] = [
                    number.setdefault(w, len(number)) for w in _piece_words(piece)
                ]
            numbers += found
        lengths.append(len(numbers) - start)
    return list(number), np.array(numbers, dtype=np.int64), np.array(lengths, dtype=np.int64)


def _distinct(values: NDArray[np.int64]) -> NDArray[np.int64]:
    """The distinct values, sorted (np.unique is far slower on numpy 2.4)."""
    ordered = np.sort(values)
    first = np.ones(len(ordered), dtype=np.bool_)
    first[1:] = ordered[1:] != ordered[:-1]
    return ordered[first]


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
    rarest, _ = model.rarest_terms(a)
    _, known = model.rarest_terms(b)
    return [w for w in rarest if w in known][:limit]
