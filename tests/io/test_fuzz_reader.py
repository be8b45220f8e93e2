"""Property-based fuzzing of the reader (issue 9, item 1): whatever the cells or the bytes, a value or a
finding — never an exception, never a silent loss.

The generators and the checks are :mod:`tests.support.reader_proof`, shared with ``scripts/prove_reader.py``
(many more inputs, each in a watched worker process) and ``fuzz/fuzz_reader.py`` (atheris).
``REGISTERS_FUZZ_EXAMPLES`` raises the number of examples (the prove script sets it).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.reader_proof import Pick, bytes_case, cells_case, corpus

# a cell case runs every rule (~0.2 s); a mutated workbook is mostly refused early (~0.03 s)
EXAMPLES = int(os.environ.get("REGISTERS_FUZZ_EXAMPLES", "0")) or None
CELLS = settings(max_examples=EXAMPLES or 25, deadline=None, suppress_health_check=list(HealthCheck))
BYTES = settings(max_examples=EXAMPLES or 80, deadline=None, suppress_health_check=list(HealthCheck))


def _picker(data: st.DataObject) -> Pick:
    return lambda n: data.draw(st.integers(0, n - 1)) if n > 1 else 0


@pytest.mark.slow
@CELLS
@given(data=st.data())
def test_any_cell_values_are_values_or_findings(data: st.DataObject) -> None:
    """Arbitrary values in every column of a register: the check never raises, no rule crashes, and
    every value its column cannot read is an ``input.bad-value`` finding at its cell."""
    assert cells_case(_picker(data)) == []


@pytest.mark.slow
@BYTES
@given(data=st.data())
def test_mutated_real_workbooks_are_read_or_one_unreadable_finding(data: st.DataObject,
                                                                    tmp_path_factory: pytest.TempPathFactory) -> None:
    """Bit flips, truncations and part edits of the shared real workbooks: no exception escapes the
    check, and an unreadable workbook is exactly one ``input.unreadable`` finding."""
    files = corpus()
    if not files:
        pytest.skip("the shared real-workbook corpus is absent")
    office = tmp_path_factory.mktemp("office")
    assert bytes_case(_picker(data), files, Path(office)) == []
