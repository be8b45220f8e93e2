"""Cut the data rows out of a sheet read column by column — :func:`registers.io.detect._cut_rows` on Arrow.

The same rows are kept as the row-by-row cut keeps: a row is data when one of the
register's columns holds something (a blank or whitespace-only cell is nothing);
a footer (``合计``, ``制表人：`` … as the row's first non-empty cell) is skipped
unless the row has every required field; a header repeated inside the data
(printing layouts) is skipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from registers.io.totals import total_rows

if TYPE_CHECKING:
    from registers.core.spec import SheetKind
    from registers.io.detect import SheetTable
    from registers.io.grid import Grid


def blank_to_null(values: pa.Array) -> pa.Array:
    """Empty and whitespace-only cells as nulls (what trimming leaves empty; tested to be the same)."""
    blank = pc.fill_null(pc.or_(pc.equal(values, ""), pc.utf8_is_space(values)), True)
    if not pc.any(blank).as_py():
        return values
    return pc.if_else(blank, pa.scalar(None, pa.string()), values)


def _footer_rows(first: pa.Array, footer: str) -> np.ndarray:
    """Rows whose first non-empty cell, cleaned (:func:`clean`), starts with a footer word.

    Text of printable ASCII cleans to itself trimmed, so only the other rows (few, in a ledger of
    receipt numbers and dates) are normalised."""
    plain = pc.and_(pc.string_is_ascii(first), pc.invert(pc.match_substring(first, "\x00")))  # clean drops NUL
    ascii_ = pc.fill_null(plain, True).to_numpy(zero_copy_only=False)
    out: np.ndarray = pc.fill_null(pc.match_substring_regex(pc.utf8_trim_whitespace(first), footer, ignore_case=True),
                       False).to_numpy(zero_copy_only=False).copy()
    other = np.flatnonzero(~ascii_)
    if len(other):
        cleaned = clean(first.take(pa.array(other, pa.int64())))
        out[other] = pc.fill_null(pc.match_substring_regex(cleaned, footer, ignore_case=True),
                                  False).to_numpy(zero_copy_only=False)
    return out


def clean(values: pa.Array) -> pa.Array:
    """:func:`registers.core.values.text.clean_text` on text: NFKC, zero-width characters dropped, stripped."""
    s = pc.utf8_normalize(values, "NFKC")
    for ch in ("\u200b", "\ufeff", "\x00"):
        s = pc.replace_substring(s, ch, "")
    return pc.utf8_trim_whitespace(s)


def _total_rows(kind: SheetKind, values: dict[str, pa.Array], index: np.ndarray) -> int:
    """:func:`registers.io.detect.total_rows` over the kept rows (``index``): the unlabelled totals at the end."""
    def value(name: str, i: int) -> object:
        return values[name][int(index[i])].as_py()

    def column(name: str, n: int) -> list[object]:
        return list(values[name].take(pa.array(index[:n])).to_pylist())

    return total_rows(kind, len(index), value, column)


def cut_columns(grid: Grid, table: SheetTable, last_header: int, footer: str) -> None:
    """Fill ``table.data`` and ``table.row_numbers`` from the columnar ``grid``."""
    assert grid.columns is not None
    start = last_header + 1
    height = grid.height
    body = [c.slice(start) for c in grid.columns] if start < height else []
    n = max(height - start, 0)
    kind = table.kind
    values: dict[str, pa.Array] = {}
    for f in kind.fields:
        c = table.columns.get(f.name)
        values[f.name] = blank_to_null(body[c]) if c is not None and c < len(body) else pa.nulls(n, pa.string())
    if n == 0:
        table.data = values
        table.row_numbers = np.zeros(0, dtype=np.int64)
        return
    valid = {name: pc.is_valid(v) for name, v in values.items()}
    keep = np.zeros(n, dtype=bool)
    for name in table.columns:
        keep |= valid[name].to_numpy(zero_copy_only=False)

    first = pc.coalesce(*[pc.if_else(pc.fill_null(pc.equal(c, ""), True), pa.scalar(None, pa.string()), c)
                          for c in body])
    is_footer = _footer_rows(first, footer)
    if is_footer.any():
        required = [f.name for f in kind.fields if f.required]
        count = np.zeros(n, dtype=np.int64)
        for name in required:
            count += valid[name].to_numpy(zero_copy_only=False)
        incomplete = count < len(required)
        for f in kind.fields:  # a unit or an id that is 合计 is no record
            if f.kind in ("unit", "id") and f.name in table.columns:
                incomplete |= _footer_rows(values[f.name], footer)
        keep &= ~(is_footer & incomplete)

    header_row = grid.rows[last_header]
    header_texts = {c: header_row[c].strip() for c in table.columns.values()
                    if c < len(header_row) and isinstance(header_row[c], str) and header_row[c].strip()}
    if header_texts:
        need_same = max(2, len(header_texts) // 2)
        same = np.zeros(n, dtype=np.int64)
        for c, text in header_texts.items():
            if c < len(body):
                # a cell that holds the header text (a cheap search) is compared trimmed
                holds = np.flatnonzero(pc.fill_null(pc.match_substring(body[c], text), False).to_numpy(
                    zero_copy_only=False))
                if len(holds):
                    cells = body[c].take(pa.array(holds, pa.int64()))
                    same[holds] += pc.fill_null(pc.equal(pc.utf8_trim_whitespace(cells), text), False).to_numpy(
                        zero_copy_only=False)
        keep &= same < need_same

    index = np.flatnonzero(keep)
    drop = _total_rows(kind, values, index)
    if drop:
        index = index[:-drop]
    take = pa.array(index)
    table.data = {name: v.take(take) for name, v in values.items()}
    table.row_numbers = index.astype(np.int64) + start + 1
