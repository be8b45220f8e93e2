"""Cells as rectangles, and the fills under them read in as few Excel calls as a budget allows.

Apart from :mod:`registers.excel.actions` because this is geometry and call-counting over
:class:`~registers.excel.interface.ExcelBook`, with no findings, reports or office in it: the buttons
decide what to colour, these functions how few calls it takes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TypeVar

from .interface import MAX_ADDRESS, MIXED, ExcelBook, Fill, Rect, union_chunks

T = TypeVar("T")


def rectangles(cells: Iterable[tuple[int, int]]) -> list[Rect]:
    """Cover ``cells`` with few rectangles: vertical runs per column, then equal runs of
    neighbouring columns joined side by side.  Ordered by position (top rows first)."""
    by_col: dict[int, list[int]] = defaultdict(list)
    for r, c in cells:
        by_col[c].append(r)
    runs: dict[tuple[int, int], list[int]] = defaultdict(list)  # (top, bottom) -> columns
    for c, rows in by_col.items():
        rows.sort()
        start = prev = rows[0]
        for r in rows[1:]:
            if r != prev + 1:
                runs[(start, prev)].append(c)
                start = r
            prev = r
        runs[(start, prev)].append(c)
    out: list[Rect] = []
    for (top, bottom), cols in runs.items():
        cols.sort()
        left = prev = cols[0]
        for c in cols[1:]:
            if c != prev + 1:
                out.append(Rect(top, left, bottom, prev))
                left = c
            prev = c
        out.append(Rect(top, left, bottom, prev))
    out.sort()
    return out


def read_fill_pieces(book: ExcelBook, sheet: str, targets: Sequence[tuple[Rect, T]],
                     budget: list[int]) -> tuple[list[tuple[Rect, T, Fill]], list[tuple[Rect, T]]]:
    """The current fill of every target rectangle, split into pieces of one fill each.

    Reads the bounding range first and splits only the mixed parts (so a register
    without fills of its own costs one read).  Returns ``(known pieces, unknown)``;
    ``unknown`` holds what was left when ``budget[0]`` reads ran out.
    """
    if not targets:
        return [], []
    box = Rect(min(r.top for r, _ in targets), min(r.left for r, _ in targets),
               max(r.bottom for r, _ in targets), max(r.right for r, _ in targets))
    known: list[tuple[Rect, T, Fill]] = []
    level: list[tuple[Rect, list[tuple[Rect, T]]]] = [(box, list(targets))]
    while level:
        if budget[0] < len(level):
            return known, [t for _, ts in level for t in ts]
        budget[0] -= len(level)
        fills = book.read_fills(sheet, [[area] for area, _ in level])
        nxt: list[tuple[Rect, list[tuple[Rect, T]]]] = []
        for (area, inside), fill in zip(level, fills, strict=True):
            if fill != MIXED:
                known.extend((rect, payload, fill) for rect, payload in inside)
                continue
            for half in area.halves():
                part = [(clip, p) for r, p in inside if (clip := _clip(r, half)) is not None]
                if part:
                    nxt.append((_bbox([r for r, _ in part]), part))
        level = nxt
    return known, []


def read_group_fills(book: ExcelBook, sheet: str, targets: Sequence[tuple[Rect, T]],
                     budget: list[int]) -> tuple[list[tuple[Rect, T, Fill]], list[tuple[Rect, T]]]:
    """Like :func:`read_fill_pieces`, for many scattered rectangles that are expected to share a fill
    (our own highlight): reads them a multi-area range (<= 255 characters) at a time and splits
    only a range that turns out mixed — a group in halves, a single rectangle by bisection."""
    known: list[tuple[Rect, T, Fill]] = []
    singles: list[tuple[Rect, T]] = []
    level: list[list[tuple[Rect, T]]] = []
    at = 0
    for chunk in union_chunks(r for r, _ in targets):
        n = chunk.count(",") + 1
        level.append(list(targets[at:at + n]))
        at += n
    while level:
        if budget[0] < len(level):
            return known, [t for g in level for t in g] + singles
        budget[0] -= len(level)
        fills = book.read_fills(sheet, [[r for r, _ in group] for group in level])
        nxt: list[list[tuple[Rect, T]]] = []
        for group, fill in zip(level, fills, strict=True):
            if fill != MIXED:
                known.extend((r, p, fill) for r, p in group)
            elif len(group) == 1:
                singles.append(group[0])
            else:
                half = len(group) // 2
                nxt += [group[:half], group[half:]]
        level = nxt
    for single in singles:
        more, unknown = read_fill_pieces(book, sheet, [single], budget)
        known += more
        if unknown:
            return known, unknown + singles[singles.index(single) + 1:]
    return known, []


def _clip(r: Rect, area: Rect) -> Rect | None:
    if not r.intersects(area):
        return None
    return Rect(max(r.top, area.top), max(r.left, area.left), min(r.bottom, area.bottom), min(r.right, area.right))


def _bbox(rects: Sequence[Rect]) -> Rect:
    return Rect(min(r.top for r in rects), min(r.left for r in rects),
                max(r.bottom for r in rects), max(r.right for r in rects))


def take_chunks(rects: Sequence[Rect], chunks: int) -> list[Rect]:
    """The leading rectangles that fit in ``chunks`` Excel calls (the packing of :func:`union_chunks`)."""
    used, length, n = 0, 0, 0
    for n, r in enumerate(rects):
        a = len(r.address)
        if used and length + 1 + a <= MAX_ADDRESS:
            length += 1 + a
            continue
        if used == chunks:
            return list(rects[:n])
        used, length = used + 1, a
    return list(rects)
