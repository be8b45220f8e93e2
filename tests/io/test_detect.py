"""Every register sheet is recognised from its headers in Simplified, Traditional and English."""

from __future__ import annotations

import pytest

from registers.core.spec import SHEET_KINDS, SheetKind, to_traditional
from registers.io.detect import find_table
from registers.io.grid import Grid


def _labels(kind: SheetKind, lang: str) -> list[str]:
    if lang == "en":
        return [f.label_en for f in kind.fields]
    if lang == "zh-Hant":
        return [to_traditional(f.label) for f in kind.fields]
    return [f.label for f in kind.fields]


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
@pytest.mark.parametrize("kind", SHEET_KINDS, ids=lambda k: k.key)
def test_full_header_row_is_recognised_with_every_column(kind: SheetKind, lang: str) -> None:
    grid = Grid("S", [["某管理处 某某登记表"], _labels(kind, lang), ["x"] * len(kind.fields)])
    table = find_table(grid)
    assert table is not None
    assert table.kind.key == kind.key
    assert table.header_row == 2
    assert set(table.columns) == {f.name for f in kind.fields}
    assert table.columns == {f.name: i for i, f in enumerate(kind.fields)}


@pytest.mark.parametrize("kind", SHEET_KINDS, ids=lambda k: k.key)
def test_required_headers_alone_are_enough(kind: SheetKind) -> None:
    grid = Grid("S", [[f.label for f in kind.required]])
    table = find_table(grid)
    assert table is not None and table.kind.key == kind.key
