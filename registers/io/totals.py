"""Totals without a label at the end of a register's data: a row holding only a column's sum (合计 unwritten).

Shared by the row-by-row cut (:mod:`registers.io.detect`) and the columnar one (:mod:`registers.io.cut`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from registers.core.spec import SheetKind
from registers.core.values.money import read_money
from registers.core.values.text import Context

_NUMBERS = ("money", "number", "int")
_NO_CONTEXT = Context()


def total_rows(kind: SheetKind, n: int, value: Callable[[str, int], Any],
               column: Callable[[str, int], list[Any]]) -> int:
    """How many of the last of ``n`` data rows are totals without a label: a row holding nothing but
    numbers in the money and number columns, one of them the sum of its column above (合计 unwritten).

    ``value(field, i)`` is row ``i``'s cell (``None`` when blank), ``column(field, k)`` the first ``k``
    rows' cells of a field."""
    numeric = {f.name: f.kind for f in kind.fields if f.kind in _NUMBERS}
    names = [f.name for f in kind.fields]
    k = n
    while k > 1:
        present = {name: v for name in names if (v := value(name, k - 1)) is not None}
        if not present or any(name not in numeric for name in present):
            break
        if not any(_is_sum(v, column(name, k - 1)) for name, v in present.items()):
            break
        k -= 1
    return n - k


def _is_sum(total: Any, above: list[Any]) -> bool:
    want = read_money(total, _NO_CONTEXT)
    if not isinstance(want, int) or isinstance(want, bool) or want == 0:
        return False
    got = 0
    for v in above:
        if v is None:
            continue
        fen = read_money(v, _NO_CONTEXT)
        if isinstance(fen, int) and not isinstance(fen, bool):
            got += fen
    return abs(got - want) <= 1
