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

if TYPE_CHECKING:
    from registers.io.detect import SheetTable
    from registers.io.read import Grid


def blank_to_null(values: pa.Array) -> pa.Array:
    """Empty and whitespace-only cells as nulls."""
    blank = pc.fill_null(pc.equal(pc.utf8_trim_whitespace(values), ""), True)
    return pc.if_else(blank, pa.scalar(None, pa.string()), values)


def clean(values: pa.Array) -> pa.Array:
    """:func:`registers.io.values.clean_text` on text: NFKC, zero-width characters dropped, stripped."""
    s = pc.utf8_normalize(values, "NFKC")
    for ch in ("\u200b", "\ufeff", "\x00"):
        s = pc.replace_substring(s, ch, "")
    return pc.utf8_trim_whitespace(s)


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
    is_footer = pc.fill_null(pc.match_substring_regex(clean(first), footer, ignore_case=True), False)
    if pc.any(is_footer).as_py():
        required = [f.name for f in kind.fields if f.required]
        count = np.zeros(n, dtype=np.int64)
        for name in required:
            count += valid[name].to_numpy(zero_copy_only=False)
        keep &= ~(is_footer.to_numpy(zero_copy_only=False) & (count < len(required)))

    header_row = grid.rows[last_header]
    header_texts = {c: header_row[c].strip() for c in table.columns.values()
                    if c < len(header_row) and isinstance(header_row[c], str) and header_row[c].strip()}
    if header_texts:
        need_same = max(2, len(header_texts) // 2)
        same = np.zeros(n, dtype=np.int64)
        for c, text in header_texts.items():
            if c < len(body):
                same += pc.fill_null(pc.equal(pc.utf8_trim_whitespace(body[c]), text), False).to_numpy(
                    zero_copy_only=False)
        keep &= same < need_same

    index = np.flatnonzero(keep)
    take = pa.array(index)
    table.data = {name: v.take(take) for name, v in values.items()}
    table.row_numbers = index.astype(np.int64) + start + 1
