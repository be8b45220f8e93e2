"""Why a sheet was read as a register, or why not: the closest register, its missing columns, the
header words no register knows — what ``registers explain`` shows and the ``sheets`` list of a
run's JSON carries.

Built on :mod:`registers.io.detect`'s public functions (:func:`~registers.io.detect.match_row`,
:func:`~registers.io.detect.header_texts`, :func:`~registers.io.detect.table_for_kind`), so it
judges a sheet the way the reader does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from registers.core.spec import SHEET_KINDS, SheetKind, normalise_header
from registers.io.detect import (
    HEADER_SCAN_ROWS,
    HeaderNotFound,
    header_texts,
    match_row,
    not_with_keys,
    required_share,
    table_for_kind,
)
from registers.io.grid import Grid


@dataclass(frozen=True)
class Candidate:
    """The register a sheet comes closest to: the header row (1-based) where it does, the columns matched
    there (field -> 0-based column) and the required fields it lacks."""

    kind: SheetKind
    score: float  # the share of the register's required fields matched, 0 to 1
    header_row: int
    columns: dict[str, int]
    missing: tuple[str, ...]


@cache
def _known(kinds: tuple[SheetKind, ...]) -> frozenset[str]:
    return frozenset(k for kind in kinds for f in kind.fields for k in f.header_keys)


def best_candidate(grid: Grid, kinds: Sequence[SheetKind] = SHEET_KINDS) -> Candidate | None:
    """The register whose required headers the sheet comes closest to naming, on any of its first rows;
    ``None`` when no header of the sheet names a required field of any register (a notes sheet whose 内容
    column is an optional field of the expenditures is no candidate for them)."""
    best: tuple[tuple[float, int, int], SheetKind, int, dict[str, int]] | None = None
    for r in range(min(HEADER_SCAN_ROWS, len(grid.rows))):
        if not any(header_texts(grid, r)):
            continue
        for kind in kinds:
            for depth in (0, 1):
                matched = match_row(grid, kind, r, depth=depth)
                if not matched or (kind.not_with and set(map(normalise_header, header_texts(grid, r)))
                                   & not_with_keys(kind)):
                    continue
                got, of = required_share(kind, matched)
                if not any(f.name in matched for f in kind.required):
                    continue
                score = (got / of if of else 0.0, len(matched), -r)
                if best is None or score > best[0]:
                    best = (score, kind, r + depth, matched)
    if best is None:
        return None
    (share, _, _), kind, r, matched = best
    missing = tuple(f.name for f in kind.required if f.name not in matched)
    return Candidate(kind, round(share, 2), r + 1, matched, missing)


def unknown_headers(grid: Grid, header_row: int, kinds: Sequence[SheetKind] = SHEET_KINDS) -> list[str]:
    """The header cells of ``header_row`` (1-based) that name no column of any register, as typed."""
    known = _known(tuple(kinds))
    return [t for t in header_texts(grid, header_row - 1) if t and normalise_header(t) not in known]


def _similar(header: str, kind: SheetKind, name: str) -> float:
    """How much of a field's shortest header the unknown header shares, character by character."""
    text = normalise_header(header)
    best = 0.0
    for key in kind.field(name).header_keys:
        if key and not key.isascii():
            best = max(best, len(set(key) & set(text)) / len(set(key)))
    return best


def suggest_columns(grid: Grid, candidate: Candidate) -> dict[str, str]:
    """For the candidate's missing fields, the unknown header of its header row most like each (at least half
    its characters in common), checked: with them named the sheet is read with those fields found."""
    unknown = unknown_headers(grid, candidate.header_row)
    out: dict[str, str] = {}
    for name in candidate.missing:
        scored = sorted(((_similar(h, candidate.kind, name), h) for h in unknown if h not in out.values()),
                        reverse=True)
        if scored and scored[0][0] >= 0.5:
            out[name] = scored[0][1]
    if not out:
        return out
    try:
        table = table_for_kind(grid, candidate.kind, out)
    except HeaderNotFound:
        return {}
    return out if table is not None and all(n in table.columns for n in out) else {}
