"""The sums per unit, item and month of the roll's checks: counted in a table or after a sort, the same."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from registers.views.roll import _sum_and_latest

MIN = np.iinfo(np.int64).min


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(-5_000, 5_000), st.integers(MIN, 2**62)), max_size=60))
def test_a_table_and_a_sort_give_the_same_sums_and_latest_moments(rows: list[tuple[int, int, int]]) -> None:
    key = np.array([k for k, _, _ in rows], dtype=np.int64)
    share = np.array([s for _, s, _ in rows], dtype=np.int64)
    moment = np.array([m for _, _, m in rows], dtype=np.int64)
    by_table = _sum_and_latest(key, share, moment, 51)
    by_sort = _sum_and_latest(key, share, moment, 10**12)  # too many keys for a table
    expected = sorted({k: (sum(s for kk, s, _ in rows if kk == k), max(m for kk, _, m in rows if kk == k))
                       for k, _, _ in rows}.items())
    for keys, sums, latest in (by_table, by_sort):
        assert [(int(k), (int(s), int(m))) for k, s, m in zip(keys, sums, latest, strict=True)] == expected
