"""The MinHash signature of an article body: what links wire copies, computed where the page is extracted.

Each body is normalised (lower case, punctuation to spaces, whitespace collapsed) and cut
into overlapping 5-word shingles; rensa's R-MinHash turns the set into `NUM_PERM` values.
The values are cut into `BANDS` bands of `ROWS` values, each band hashed to one LSH key:
two articles sharing a key are candidates, and a candidate is a copy when the estimated
*containment* of the shorter text in the longer reaches a threshold (`is_copy`).

Pure and cheap to ship: `sign` runs in the extraction worker (a `Signed` article crosses
the process boundary with its signature and band keys), so the store's writer only looks
candidates up and writes rows. Every path that signs a body — the crawl, ``reextract``,
``import-warc``, ``link --rebuild`` and the store itself for an unsigned record — calls
`signature`, so one archive's signatures are all alike.
"""

from __future__ import annotations

import string
import sys
import zlib
from array import array
from dataclasses import dataclass, field

from rensa import RMinHash

from newsharvest.extract.record import Article, Rejection

SHINGLE_WORDS = 5
"""Words per shingle: long enough that two different stories on one event share few."""
NUM_PERM = 96
"""MinHash values per signature."""
BANDS = 16
ROWS = 2
"""LSH bands of `ROWS` values, cut from the first `BANDS` × `ROWS` of the signature: a pair
with Jaccard 0.5 shares a band with probability 0.99, one with Jaccard 0.1 with probability
0.15 (then dropped by the containment check). Every band is a row of the index, so few short
bands keep linking's writes and look-ups small; longer bands (32 × 3) found fewer copies
with twice the rows (benchmarks/linking.py)."""
SEED = 20230302
"""rensa's permutation seed: signatures in one archive must all use the same one."""
DEFAULT_THRESHOLD = 0.5
"""Estimated containment from which two articles are the same story (benchmarks/linking.py)."""
MIN_JACCARD = 0.2
"""Below this estimated Jaccard the containment estimate is too noisy to trust."""
MIN_SHINGLES = 40
"""Bodies with fewer distinct shingles (about 45 words) are signed but never linked: too
little text to tell a copy from a shared quote."""

_PUNCTUATION = str.maketrans(dict.fromkeys(string.punctuation + "“”‘’«»—–…·•", " "))
_LITTLE = sys.byteorder == "little"
_BAND_SEEDS = tuple(band * 0x9E3779B1 & 0xFFFFFFFF for band in range(BANDS))


@dataclass(frozen=True, slots=True)
class Signature:
    """An article body's MinHash signature, its number of distinct shingles, and (once
    computed) its LSH band keys."""

    values: array[int]
    shingles: int
    keys: tuple[int, ...] | None = field(default=None, compare=False)
    """The band keys, as `band_keys` computes them (None: not computed yet)."""
    packed: int | None = field(default=None, compare=False, repr=False)
    """The values as one integer, 32 bits each (`lanes`; None: not computed yet)."""

    @property
    def linkable(self) -> bool:
        return self.shingles >= MIN_SHINGLES and len(self.values) == NUM_PERM

    def to_bytes(self) -> bytes:
        values = array("I", self.values)
        if not _LITTLE:
            values.byteswap()
        return values.tobytes()

    @classmethod
    def from_bytes(cls, blob: bytes, shingles: int) -> Signature:
        values = array("I")
        values.frombytes(blob)
        if not _LITTLE:
            values.byteswap()
        return cls(values, shingles)

    def lanes(self) -> int:
        """The values as one integer of 32-bit lanes, computed once: `similarity` counts the
        equal values of two signatures with a few big-integer operations instead of a
        Python loop over 96 pairs (linking compares each article with every candidate)."""
        if self.packed is None:
            object.__setattr__(self, "packed", int.from_bytes(self.to_bytes(), "little"))
        return self.packed  # type: ignore[return-value]

    def bands(self) -> tuple[int, ...]:
        """The LSH keys (none for a body too short to link)."""
        return self.keys if self.keys is not None else band_keys(self.values, self.shingles)


def band_keys(values: array[int], shingles: int) -> tuple[int, ...]:
    """Each band's values hashed with its number (CRC-32 of the little-endian bytes, signed
    32-bit); empty when the body is too short to link."""
    if shingles < MIN_SHINGLES or len(values) != NUM_PERM:
        return ()
    packed = array("I", values)
    if not _LITTLE:
        packed.byteswap()
    raw = memoryview(packed.tobytes())
    width = ROWS * 4
    crc = zlib.crc32
    keys = [crc(raw[i * width : (i + 1) * width], seed) for i, seed in enumerate(_BAND_SEEDS)]
    return tuple(key - 0x100000000 if key >= 0x80000000 else key for key in keys)


def shingles_of(body: str) -> set[str]:
    """The distinct 5-word shingles of a normalised body (one shingle if shorter)."""
    words = body.lower().translate(_PUNCTUATION).split()
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return set(map(" ".join, zip(*(words[i:] for i in range(SHINGLE_WORDS)), strict=False)))


def signature(body: str) -> Signature:
    """The signature of an article body, band keys included (empty values when it has no words)."""
    shingles = shingles_of(body)
    if not shingles:
        return Signature(array("I"), 0, ())
    sketch = RMinHash(NUM_PERM, SEED)
    sketch.update(list(shingles))
    values = array("I", sketch.digest())
    return Signature(values, len(shingles), band_keys(values, len(shingles)))


@dataclass(slots=True)
class Signed:
    """An article and the signature of its body, as an extraction worker hands it on."""

    article: Article
    signature: Signature


Extracted = Article | Rejection | Signed
"""What extraction hands on: a record, or an article signed for linking."""


def sign(record: Article | Rejection) -> Signed | Rejection:
    """An article with its body's signature; a rejection as it is."""
    if isinstance(record, Article):
        return Signed(record, signature(record.body))
    return record


def unsigned(record: Extracted) -> Article | Rejection:
    """The record without its signature."""
    return record.article if isinstance(record, Signed) else record


@dataclass(frozen=True, slots=True)
class Similarity:
    """Estimated resemblance of two bodies."""

    jaccard: float
    containment: float
    """Share of the shorter body's shingles found in the longer one."""


def similarity(a: Signature, b: Signature) -> Similarity:
    """Jaccard from the share of equal MinHash values, containment from it and the set sizes."""
    if not (a.linkable and b.linkable):
        return Similarity(0.0, 0.0)
    jaccard = _equal_lanes(a.lanes(), b.lanes()) / NUM_PERM
    common = jaccard * (a.shingles + b.shingles) / (1 + jaccard)
    return Similarity(jaccard, min(1.0, common / min(a.shingles, b.shingles)))


_LANE_BITS = int.from_bytes(b"\x01\x00\x00\x00" * NUM_PERM, "little")
"""The lowest bit of each 32-bit lane."""


def _equal_lanes(a: int, b: int) -> int:
    """How many of the `NUM_PERM` 32-bit lanes of `a` and `b` are equal: each lane of their
    XOR is folded onto its lowest bit (shifts of 16, 8, 4, 2 and 1 bring only the lane's own
    bits down to bit 0), which stays 0 only where the lanes were equal."""
    x = a ^ b
    x |= x >> 16
    x |= x >> 8
    x |= x >> 4
    x |= x >> 2
    x |= x >> 1
    return NUM_PERM - (x & _LANE_BITS).bit_count()


def is_copy(found: Similarity, threshold: float = DEFAULT_THRESHOLD) -> bool:
    """The rule: containment at or above `threshold`, with enough Jaccard to trust it."""
    return found.containment >= threshold and found.jaccard >= MIN_JACCARD
