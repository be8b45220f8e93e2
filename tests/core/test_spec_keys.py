"""The sheet keys named in :mod:`registers.core.spec` are the keys of its sheet kinds, each once.

Every other module looks a sheet up by these names; a name that no kind carries would read an
empty frame, and a kind without a name would invite a typed-in key again."""

from __future__ import annotations

from registers.core import spec


def test_the_named_keys_are_the_sheet_kinds_keys() -> None:
    assert sorted(spec.SHEET_KEYS) == sorted(k.key for k in spec.SHEET_KINDS)
    assert len(set(spec.SHEET_KEYS)) == len(spec.SHEET_KEYS)


def test_the_register_name_is_a_register() -> None:
    assert spec.FEE_LEDGER in spec.REGISTERS

