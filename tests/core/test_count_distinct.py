"""``compare.count_distinct``: how many products list each reaction ("listed by"), for
the adverse-reaction table and the EU band chart alike."""

from __future__ import annotations

import numpy as np

from denocompare.core.compare import count_distinct


def codes(*values: int) -> np.ndarray:
    return np.array(values, dtype=np.int8)  # factorize's small codes: no overflow


def test_a_pair_given_twice_counts_once_and_each_group_counts_its_own():
    # group 0: members 0, 1 (1 twice); group 1: none; group 2: member 1
    found = count_distinct(codes(0, 0, 0, 2), 3, codes(0, 1, 1, 1), 2)
    assert found.tolist() == [2, 0, 1]


def test_groups_past_the_last_code_are_counted_as_none():
    assert count_distinct(codes(0), 4, codes(0), 1).tolist() == [1, 0, 0, 0]


def test_members_are_told_apart_at_the_widest_codes():
    """Pairs (0, members - 1) and (1, 0) are next to each other in the packed codes:
    a width one short would merge them."""
    found = count_distinct(codes(0, 1, 1), 2, codes(99, 0, 99), 100)
    assert found.tolist() == [1, 2]


def test_no_rows():
    assert count_distinct(codes(), 0, codes(), 0).tolist() == []
    assert count_distinct(codes(), 2, codes(), 0).tolist() == [0, 0]


def test_many_codes_do_not_overflow_a_small_integer_type():
    """factorize hands int8 codes for up to 127 names: 100 groups x 100 members packed
    into one code pass int8's range."""
    group = (np.arange(1000) % 100).astype(np.int8)
    member = (np.arange(1000) % 97).astype(np.int8)
    want = [len({m for g, m in zip(group.tolist(), member.tolist()) if g == k})
            for k in range(100)]
    assert count_distinct(group, 100, member, 100).tolist() == want
