"""Near-duplicates: syndicated and repeated copies of a document get ``duplicate_of``.

A document's text becomes a set of word 5-gram shingles and a MinHash signature of them
(datasketch). Two documents whose estimated Jaccard similarity reaches the threshold are copies;
the later one (in input order, or any document of a later run) points to the earliest, never to
another copy, so ``duplicate_of`` always names an original.

    >>> from communique.dedup import signature, similarity
    >>> similarity(signature(text_a), signature(text_b))  # estimated Jaccard, 0..1

Candidates are found by locality-sensitive hashing: the signature is cut into ``b`` bands of ``r``
rows (datasketch's MinHashLSH chooses b and r for the threshold), and two documents sharing any
band are compared. datasketch keeps its LSH tables in memory (or Redis/Cassandra); here the bands
live in SQLite next to the documents, so the index survives between runs, serves ``--resume``, and
takes no memory however large the corpus grows. That banding, a dozen lines, is ours for that reason.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from functools import lru_cache

import numpy as np

NUM_PERM = 128
SHINGLE_WORDS = 5
SEED = 1
DEFAULT_THRESHOLD = 0.8
_WORD = re.compile(r"\w+")
#: Shingles hashed per numpy call: datasketch's update_batch builds a (shingles x permutations)
#: array, so a 1,000,000-character document is signed in slices to keep that array small.
_CHUNK = 4096
_MAX_LSH_THRESHOLD = 0.95

DDL = """
CREATE TABLE IF NOT EXISTS dedup_signatures (
    doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    original TEXT,                 -- the document's duplicate_of at the time it was indexed
    signature BLOB NOT NULL        -- NUM_PERM little-endian uint32 MinHash values
);
CREATE TABLE IF NOT EXISTS dedup_bands (
    band INTEGER NOT NULL,
    key INTEGER NOT NULL,          -- 64-bit hash of the band's rows
    doc_id TEXT NOT NULL REFERENCES dedup_signatures(doc_id) ON DELETE CASCADE,
    PRIMARY KEY (band, key, doc_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS dedup_bands_doc ON dedup_bands(doc_id);
CREATE TABLE IF NOT EXISTS dedup_layout (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


def shingles(text: str) -> set[bytes]:
    words = _WORD.findall(text.lower())
    if not words:
        return {text.strip().encode("utf-8", "surrogatepass")}
    k = min(SHINGLE_WORDS, len(words))
    return {" ".join(words[i : i + k]).encode("utf-8", "surrogatepass") for i in range(len(words) - k + 1)}


def signature(text: str) -> bytes:
    """The MinHash signature of ``text``: NUM_PERM uint32 values as bytes (512 bytes)."""
    from datasketch import MinHash

    minhash = MinHash(num_perm=NUM_PERM, seed=SEED)
    found = list(shingles(text))
    for start in range(0, len(found), _CHUNK):
        minhash.update_batch(found[start : start + _CHUNK])
    # datasketch's hash values are 32-bit numbers held in uint64; half the bytes suffice
    return minhash.hashvalues.astype("<u4").tobytes()


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    return float(np.count_nonzero(np.frombuffer(a, "<u4") == np.frombuffer(b, "<u4"))) / NUM_PERM


@lru_cache(maxsize=16)
def lsh_layout(threshold: float) -> tuple[int, int]:
    """(bands, rows) that datasketch's MinHashLSH picks for this threshold and NUM_PERM."""
    from datasketch import MinHashLSH

    # Above ~0.95 datasketch would choose a single band, which it refuses; a looser layout only
    # finds more candidates, and every candidate is checked against the real threshold anyway.
    lsh = MinHashLSH(threshold=min(threshold, _MAX_LSH_THRESHOLD), num_perm=NUM_PERM)
    return lsh.b, lsh.r


class DuplicateIndex:
    """The LSH index on an SQLite connection: the store's, or a scratch file when there is none.

    Call :meth:`find` before a document is written and :meth:`add` in the transaction that writes
    it. The store deletes a document's index rows with the document (foreign keys).
    """

    def __init__(self, conn: sqlite3.Connection, threshold: float = DEFAULT_THRESHOLD) -> None:
        if not 0.0 < threshold <= 1.0:
            from .errors import UsageError

            raise UsageError(f"The near-duplicate threshold must be in (0, 1], not {threshold}.")
        self.conn = conn
        self.threshold = threshold
        self.bands, self.rows = lsh_layout(threshold)
        conn.executescript(DDL)
        self._check_layout()

    def _check_layout(self) -> None:
        layout = f"{NUM_PERM} perm, {SHINGLE_WORDS}-word shingles, seed {SEED}, {self.bands}x{self.rows}"
        row = self.conn.execute("SELECT value FROM dedup_layout WHERE name = 'layout'").fetchone()
        if row is not None and row[0] == layout:
            return
        # Another threshold chose other bands: re-cut the stored signatures once (or, if the
        # signatures themselves were made differently, forget them: they cannot be compared).
        same_signatures = row is not None and row[0].split(", ")[:3] == layout.split(", ")[:3]
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self.conn.execute("DELETE FROM dedup_bands")
            if same_signatures:
                cursor = self.conn.execute("SELECT doc_id, signature FROM dedup_signatures")
                while rows := cursor.fetchmany(1000):
                    for doc_id, sig in rows:
                        self._insert_bands(doc_id, sig)
            else:
                self.conn.execute("DELETE FROM dedup_signatures")
            self.conn.execute("INSERT OR REPLACE INTO dedup_layout(name, value) VALUES ('layout', ?)", (layout,))
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def _keys(self, sig: bytes) -> list[tuple[int, int]]:
        width = self.rows * 4
        return [
            (band, int.from_bytes(hashlib.blake2b(sig[band * width : (band + 1) * width], digest_size=8).digest(), "little", signed=True))
            for band in range(self.bands)
        ]

    def find(self, doc_id: str, sig: bytes) -> str | None:
        """The id of the original this document copies, or None."""
        keys = self._keys(sig)
        query = " UNION ".join(["SELECT doc_id FROM dedup_bands WHERE band = ? AND key = ?"] * len(keys))
        params = [v for pair in keys for v in pair]
        candidates = {row[0] for row in self.conn.execute(query, params)} - {doc_id}
        best: tuple[int, str] | None = None
        for cand in candidates:
            row = self.conn.execute(
                "SELECT rowid, original, signature FROM dedup_signatures WHERE doc_id = ?", (cand,)
            ).fetchone()
            if row is None or similarity(sig, row[2]) < self.threshold:
                continue
            original = row[1] or cand
            if original == doc_id:
                continue  # this document was itself the original of the candidate
            if best is None or row[0] < best[0]:
                best = (row[0], original)
        return best[1] if best else None

    def add(self, doc_id: str, sig: bytes, original: str | None) -> None:
        """Index a document (inside the caller's transaction), replacing what it had."""
        self.conn.execute("DELETE FROM dedup_signatures WHERE doc_id = ?", (doc_id,))
        self.conn.execute(
            "INSERT INTO dedup_signatures(doc_id, original, signature) VALUES (?,?,?)", (doc_id, original, sig)
        )
        self._insert_bands(doc_id, sig)

    def _insert_bands(self, doc_id: str, sig: bytes) -> None:
        self.conn.executemany(
            "INSERT OR IGNORE INTO dedup_bands(band, key, doc_id) VALUES (?,?,?)",
            [(band, key, doc_id) for band, key in self._keys(sig)],
        )


__all__ = ["DEFAULT_THRESHOLD", "DuplicateIndex", "NUM_PERM", "shingles", "signature", "similarity"]
