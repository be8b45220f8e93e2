"""The ``.xlsx``/``.xlsm`` worksheet XML and shared-strings scans: a sheet's true extent and merged ranges.

A first pass (RE2, about 1 ms per megabyte) looks only for a reference beyond a generous
bound; a sheet it cannot clear is read again exactly (about 10 ms per megabyte).  The readers
reuse the merged ranges found here (:func:`sheet_merges`), so the sheets are not inflated twice.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from registers.io.grid import Unreadable
from registers.io.guard.inflate import tags
from registers.io.guard.limits import (
    EXCEL_COLS,
    EXCEL_ROWS,
    MB,
    Extent,
    InputLimits,
    MergedRanges,
    col_number,
    furthest,
)

# Cell references (r="B17" on <c>) in every form XML allows: either quote, blanks around "=".  Leading
# zeros are skipped so that digit strings compare by length.  (Other attributes whose names end in
# "r" and whose values look like references only make the bound larger, never smaller.)
_REF_ROW = re.compile(rb"""r\s*=\s*["'][A-Za-z]+0*([0-9]+)["']""")
# Every pattern that spans a tag stops at "<" as well as ">": text that lost its ">" then costs one scan
# to the next tag, not one to the end of the piece per match.
# A reference not followed, within its tag, by "/>": a cell that may hold a value.  The look-ahead
# stops at the tag's end and at 256 bytes (a cell's other attributes are short), so that text
# missing its ">" cannot make every reference scan the rest of the piece (found by atheris: a
# 1.5 MB sheet without brackets kept the exact pass busy for minutes); a longer tag counts as valued.
_VALUED_REF = re.compile(rb"""r\s*=\s*["']([A-Za-z]+)0*([0-9]+)["'](?![^<>]{0,256}/>)""")
_ROW_ATTR = re.compile(rb"""<(?:[\w.-]+:)?row\b[^<>]{0,1024}?\sr\s*=\s*["']0*([0-9]+)""")
_CELL_TAG = re.compile(rb"<(?:[\w.-]+:)?c[\s/>]")
_ROW_TAG = re.compile(rb"<(?:[\w.-]+:)?row[\s/>]")
_DIMENSION = re.compile(rb"""<(?:[\w.-]+:)?dimension\b[^<>]*\bref\s*=\s*["']([^"']*)""")
# Merged ranges as the readers take them (upper-case references, double quotes, no "$").
SHEET_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref\s*=\s*"([A-Z]+)([0-9]+)(?::([A-Z]+)([0-9]+))?"')
_MERGE = re.compile(
    rb"""<(?:[\w.-]+:)?mergeCell\b[^<>]*\bref\s*=\s*["']\$?([A-Za-z]+)\$?([0-9]+)(?::\$?([A-Za-z]+)\$?([0-9]+))?"""
)


def scan_sheet_xml(open_part: Callable[[], Iterator[bytes]], name: str, limits: InputLimits) -> MergedRanges:
    """The extent of a worksheet from its cell references; refused when it is too big.  Returns the
    sheet's merged ranges as the readers take them (:data:`SHEET_MERGE`).

    A first, quick pass bounds the extent from above: every reference's row, any column of two or
    more letters, single-letter columns as 26.  Only a sheet it cannot clear is read again, exactly:
    then only cells that may hold a value count (a self-closing ``<c r="ZZ1048576" s="0"/>`` is a
    formatted empty cell, which the readers skip), and it stops at the first cell past the limit.
    """
    ranges: set[tuple[tuple[int, int], tuple[int, int]]] = set()
    if not _first_pass(open_part(), name, limits, ranges):
        ranges.clear()
        _exact_pass(open_part(), name, limits, ranges)
    return sorted(ranges)


# Cell tags the first pass cannot judge (RE2 has no look-ahead: "<c " not followed by 'r="'), and
# prefixed cell tags.
_UNUSUAL_CELL_RE2 = (r"""<c(?:[\t\r\n/>]| [^r]| r[^=]| r=[^"]| $| r$| r=$)""", r""":c[\s/>]""")
# The tiers of the first pass: a sheet is surely small enough when all its references stay within the
# columns of one tier and below that tier's row bound (the rows ``max_cells`` allows at that width).
_TIER_COLS = (26, 702)  # columns of one letter (A-Z); of at most two (A-ZZ)
_BATCH = 8 * MB  # pieces searched together (bounds the pass's own memory)


def at_least(n: int) -> str:
    """A regular expression for a decimal number without leading zeros that is ≥ ``n`` (n ≥ 1)."""
    digits = str(n)
    k = len(digits)
    alts = [f"[1-9][0-9]{{{k},}}", digits]
    for i, d in enumerate(digits):
        if d != "9":
            alts.append(f"{digits[:i]}[{int(d) + 1}-9][0-9]{{{k - i - 1}}}")
    return "(?:" + "|".join(alts) + ")"


@functools.lru_cache(maxsize=64)
def _tier_pattern(cols: int, max_cells: int) -> str:
    """A reference outside the tier: a column beyond ``cols`` or a row beyond ``max_cells // cols``."""
    letters = 1 if cols == 26 else 2
    wider = f"[A-Za-z]{{{letters + 1},}}0*[0-9]+"
    longer = f"[A-Za-z]+0*{at_least(max_cells // cols + 1)}"
    return r"""r\s*=\s*["'](?:""" + wider + "|" + longer + r""")["']"""


@functools.lru_cache(maxsize=16)
def _anything_beyond(max_cells: int) -> str:
    """A reference outside some tier (one search for all: they start alike)."""
    return "|".join(_tier_pattern(cols, max_cells) for cols in _TIER_COLS)


def _binary_array(pieces: list[bytes]) -> pa.Array:
    """``pieces`` as an Arrow binary array; one piece (the usual batch: a block of the inflated part) is
    wrapped, not copied."""
    data = pieces[0] if len(pieces) == 1 else b"".join(pieces)
    offsets = np.zeros(len(pieces) + 1, dtype=np.int64)
    np.cumsum([len(p) for p in pieces], out=offsets[1:])
    return pa.Array.from_buffers(pa.large_binary(), len(pieces), [None, pa.py_buffer(offsets), pa.py_buffer(data)])


def _any_match(arr: pa.Array, pattern: str) -> bool:
    return bool(pc.any(pc.match_substring_regex(arr, pattern)).as_py())


def _first_pass(chunks: Iterator[bytes], name: str, limits: InputLimits,
                ranges: set[tuple[tuple[int, int], tuple[int, int]]]) -> bool:
    """True when the sheet is surely within the limits; False when the exact pass must decide.

    Every cell must be written ``<c r="…"`` (any other form leaves the decision to the exact pass), and
    every reference (each ``r="…"`` of letters and digits, of cells or not) must fit one tier for the
    whole sheet: one-letter columns and rows up to ``max_cells // 26``, or columns up to ZZ and rows
    up to ``max_cells // 702``.  The pieces are searched in batches with RE2 (pyarrow's regular
    expressions: linear time, about 0.5 ms per megabyte, and the GIL released, so that sheets are
    scanned while others are parsed); the declared dimension and the merged ranges are read from the
    pieces that name them.
    """
    tiers = set(range(len(_TIER_COLS)))  # the tiers every batch so far fits
    merged = 0
    batch: list[bytes] = []
    size = 0

    def fits(pieces: list[bytes]) -> bool:
        nonlocal tiers
        arr = _binary_array(pieces)
        # (separate searches: RE2 skips ahead fastest when every alternative starts with the same byte)
        if any(_any_match(arr, p) for p in _UNUSUAL_CELL_RE2):
            return False
        if not _any_match(arr, _anything_beyond(limits.max_cells)):
            return True  # the usual case: every tier still fits
        tiers = {t for t in tiers if not _any_match(arr, _tier_pattern(_TIER_COLS[t], limits.max_cells))}
        return bool(tiers)

    for piece in tags(chunks, name):
        if b"dimension" in piece:
            _check_dimension(piece, name)
        if b"mergeCell" in piece:
            merged += _merged_cells(piece, name, limits, ranges)
            if merged > limits.max_cells:
                raise Unreadable("too-many-cells", f"{name}: merged ranges cover {merged:,} cells")
        batch.append(piece)
        size += len(piece)
        if size >= _BATCH:
            if not fits(batch):
                return False
            batch, size = [], 0
    return fits(batch) if batch else True


def _exact_pass(chunks: Iterator[bytes], name: str, limits: InputLimits,
                ranges: set[tuple[tuple[int, int], tuple[int, int]]]) -> None:
    """Every reference of a cell that may hold a value.  Cells without an ``r`` attribute are placed by
    the readers after the previous one, so each may widen the sheet by a column and each row without
    ``r`` add a row."""
    extent = Extent(name, limits)
    cells = refs = rows = row_refs = merged = 0
    for piece in tags(chunks, name):
        refs += len(_REF_ROW.findall(piece))
        found = _VALUED_REF.findall(piece)
        if found:
            letters = {c.upper() for c, _ in found}
            longest = max(map(len, letters))
            extent.grow(furthest([r for _, r in found]),
                        col_number(max(c for c in letters if len(c) == longest)))
        row_attrs = _ROW_ATTR.findall(piece)
        if row_attrs:
            row_refs += len(row_attrs)
            extent.grow(furthest(row_attrs), 0)
        cells += len(_CELL_TAG.findall(piece))
        rows += len(_ROW_TAG.findall(piece))
        if b"mergeCell" in piece:
            merged += _merged_cells(piece, name, limits, ranges)
            if merged > limits.max_cells:
                raise Unreadable("too-many-cells", f"{name}: merged ranges cover {merged:,} cells")
    # the cells the readers number themselves, one after the other (in rows they may number too)
    if cells > refs:
        extent.grow(extent.rows + max(rows - row_refs, 0), extent.cols + cells - refs)
    if extent.rows > EXCEL_ROWS or extent.cols > EXCEL_COLS:
        raise Unreadable("too-many-cells", f"{name}: a cell beyond Excel's last row or column "
                                           f"({extent.rows:,} × {extent.cols:,})")


def _check_dimension(piece: bytes, name: str) -> None:
    """The ``<dimension ref="A1:XFD1048576">`` a sheet declares: absurd beyond Excel's own limits.

    Within them it is only informative — the readers size the sheet by its cells, so the cells decide.
    """
    m = _DIMENSION.search(piece)
    if not m:
        return
    ref = m.group(1).strip()
    parts = re.fullmatch(rb"\$?([A-Za-z]{1,8})\$?([0-9]{1,12})(?::\$?([A-Za-z]{1,8})\$?([0-9]{1,12}))?", ref)
    if parts is None:
        return
    cols = col_number(parts.group(3) or parts.group(1))
    rows = int(parts.group(4) or parts.group(2))
    if rows > EXCEL_ROWS or cols > EXCEL_COLS:
        raise Unreadable("too-many-cells", f"{name}: declares {ref.decode('ascii', 'replace')}")


def sheet_merges(piece: bytes, start: int = 0) -> set[tuple[tuple[int, int], tuple[int, int]]]:
    """The merged ranges in ``piece`` (from ``start``) as the readers take them (:data:`SHEET_MERGE`), 0-based
    ``((first row, first col), (last row, last col))``."""
    found = set()
    for c0, r0, c1, r1 in SHEET_MERGE.findall(piece, start):
        first = (int(r0) - 1, col_number(c0) - 1)
        found.add((first, (int(r1) - 1, col_number(c1) - 1) if c1 else first))
    return found


def _merged_cells(piece: bytes, name: str, limits: InputLimits,
                  ranges: set[tuple[tuple[int, int], tuple[int, int]]] | None = None) -> int:
    """Cells covered by the merged ranges in ``piece`` (the reader fills each from its top-left cell);
    the ranges as the readers take them are added to ``ranges``."""
    total = 0
    start = max(piece.rfind(b"<", 0, piece.find(b"mergeCell")), 0)  # the ranges come together, after the cells
    if ranges is not None:
        ranges |= sheet_merges(piece, start)
    for m in _MERGE.finditer(piece, start):
        c0, r0 = col_number(m.group(1)), int(m.group(2))
        c1, r1 = (col_number(m.group(3)), int(m.group(4))) if m.group(3) else (c0, r0)
        if max(r0, r1) > EXCEL_ROWS or max(c0, c1) > EXCEL_COLS:
            raise Unreadable("too-many-cells", f"{name}: a merged range beyond the sheet")
        total += (abs(r1 - r0) + 1) * (abs(c1 - c0) + 1)
        if total > limits.max_cells:
            raise Unreadable("too-many-cells", f"{name}: merged ranges cover {total:,} cells")
    return total


_SST = re.compile(rb'<(?:\w+:)?sst\b[^<>]*>')
# Only ``uniqueCount`` sizes what a reader reserves (calamine: ``strings.reserve(uniqueCount)``); ``count`` is
# the number of references to the strings from the sheets, which Excel writes and which may far exceed
# the part (a 7 KB part of 273 strings referred to 18,265 times).  Either quote and blanks around "=",
# as the XML readers accept them.
_UNIQUE_COUNT = re.compile(rb"""\buniqueCount\s*=\s*["']\s*([0-9]+)\s*["']""")


def scan_shared_strings(chunks: Iterator[bytes], name: str, size: int, limits: InputLimits) -> None:
    """The readers reserve room for ``uniqueCount`` strings up front: it may not exceed what the part can hold."""
    head = True
    for chunk in chunks:
        if head:
            head = False
            m = _SST.search(chunk[:65536])
            if m:
                for value in _UNIQUE_COUNT.findall(m.group(0)):
                    n = int(value)
                    if n > max(size, 1024) or n > limits.max_cells * 4:
                        raise Unreadable("too-many-cells", f"{name}: uniqueCount={n:,}")
