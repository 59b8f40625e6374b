"""`similarity` counts equal MinHash values with big-integer operations on packed lanes: the
same counts as comparing the values one by one, whichever bits of a value differ."""

from __future__ import annotations

import random
from array import array

from newsharvest.extract.signature import NUM_PERM, Signature, similarity


def equal_values(a: Signature, b: Signature) -> int:
    return sum(x == y for x, y in zip(a.values, b.values, strict=True))


def test_each_differing_bit_of_a_value_makes_it_unequal() -> None:
    values = array("I", [0x8000_0001 * (i + 1) & 0xFFFF_FFFF for i in range(NUM_PERM)])
    for bit in range(32):
        for lane in (0, 1, NUM_PERM // 2, NUM_PERM - 1):
            other = array("I", values)
            other[lane] ^= 1 << bit
            a, b = Signature(values, 100), Signature(other, 100)
            assert similarity(a, b).jaccard * NUM_PERM == NUM_PERM - 1


def test_the_counts_are_those_of_comparing_the_values_one_by_one() -> None:
    rng = random.Random(7)
    for _ in range(2000):
        values = array("I", [rng.getrandbits(32) for _ in range(NUM_PERM)])
        share = rng.random()
        other = array("I", [v if rng.random() < share else rng.getrandbits(32) for v in values])
        a, b = Signature(values, rng.randint(40, 900)), Signature(other, rng.randint(40, 900))
        assert round(similarity(a, b).jaccard * NUM_PERM) == equal_values(a, b)
    same = Signature(values, 50)
    assert similarity(same, Signature(array("I", values), 50)).jaccard == 1.0
    assert similarity(same, Signature(array("I", [v ^ 0xFFFF_FFFF for v in values]), 50)).jaccard == 0.0


def test_a_signature_read_back_from_its_bytes_compares_alike() -> None:
    values = array("I", [(i * 2654435761) & 0xFFFF_FFFF for i in range(NUM_PERM)])
    signed = Signature(values, 120)
    read = Signature.from_bytes(signed.to_bytes(), 120)
    assert similarity(signed, read).jaccard == 1.0
    assert signed == read  # the packed lanes are not part of equality
