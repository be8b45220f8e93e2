"""Recognise a register sheet by its headers and cut its data rows out of the grid.

Clerks' sheets have merged title rows, notes and unit rows above the header,
headers one or two rows deep, footer rows (合计, 制表人…), blank rows and
merged cells inside the data.  This module finds the header row, decides which
register sheet it is (by the required headers), and yields the data rows with
their worksheet row numbers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cache, lru_cache
from typing import Any

from registers.core.spec import (
    KIND_BY_KEY,
    ROLL_MIN_MONTHS,
    SHEET_KINDS,
    SheetKind,
    normalise_header,
    to_traditional,
)
from registers.core.values.dates import read_datetime
from registers.core.values.money import read_money
from registers.core.values.text import Context, clean_text
from registers.io.grid import Grid
from registers.io.months import header_year, is_units_row, month_columns, month_hint, month_of
from registers.io.totals import total_rows

HEADER_SCAN_ROWS = 30
_NO_CONTEXT = Context()
# What a sheet name or title naming a register adds to its share of required columns found: enough to
# choose between two near readings, never enough to make a sheet one.
_NAMED_BONUS = 0.25
_FOOTER_WORDS = (
    "合计", "小计", "总计", "汇总", "月总计", "本月合计", "本页合计", "累计", "total", "subtotal", "上期结余",
    "上月结余", "结余", "制表", "填表", "审核", "复核", "负责人", "主管", "经理", "签字", "注:", "说明:", "备注:",
)
# Traditional forms zhconv does not give for a whole word (製表, 複核, 簽字, 彙總, 註)
_VARIANTS = {"制": "製", "复": "複覆", "签": "簽籤", "汇": "彙匯", "注": "註", ":": "："}


def _footer_pattern() -> str:
    """The footer words as one regex, anchored at the cell's start: each character in its Simplified and
    Traditional forms, any whitespace between characters (``合　計``: a full-width space is a space after NFKC)."""
    words = []
    for word in _FOOTER_WORDS:
        chars = []
        for ch in word:
            forms = dict.fromkeys(ch + to_traditional(ch) + _VARIANTS.get(ch, ""))
            chars.append(re.escape(ch) if len(forms) == 1 else "[" + "".join(forms) + "]")
        words.append(r"\s*".join(chars))
    return "^(" + "|".join(words) + ")"


_FOOTER = re.compile(_footer_pattern(), re.IGNORECASE)
@dataclass
class SheetTable:
    """A register sheet cut out of a grid: where its columns are and which rows hold data."""

    kind: SheetKind
    sheet: str
    header_row: int  # 1-based, the last header row
    columns: dict[str, int]  # field name -> 0-based column index
    missing: tuple[str, ...]  # required fields without a column
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)  # (1-based row, raw values by field order)
    year: int | None = None
    month: int | None = None
    hidden: bool = False
    # A sheet read column by column: the kept rows' cells by field (Arrow text, blank = null) and
    # their 1-based worksheet rows; ``rows`` is then empty.
    data: dict[str, Any] | None = None
    row_numbers: Any = None
    title: str = ""  # the text above the header (a roll kept one sheet per item names it there)
    last_row: int = 0  # 1-based, the sheet's last row holding anything (data, or a 合计 / 制表人 footer below it)


def _fill_merged(grid: Grid) -> None:
    """Give every cell of a merged range the value of its top-left cell."""
    if grid.columns is not None:
        return  # filled when the columns were read
    rows = grid.rows
    for (r0, c0), (r1, c1) in grid.merged:
        if r0 >= len(rows) or (r1 - r0 + 1) * (c1 - c0 + 1) > 100_000:
            continue
        if c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(c0, min(c1, len(row) - 1) + 1):
                if row[c] in ("", None):
                    row[c] = value


def _cell_text(row: Sequence[Any], c: int) -> str:
    """A cell as header text: only text cells can name a column (a date or a number never does)."""
    v = row[c] if c < len(row) else None
    return clean_text(v) if isinstance(v, str) else ""


def _header_keys(grid: Grid, r: int, width: int) -> tuple[list[set[str]], list[set[str]]]:
    """For each column, the normalised header spellings of row ``r`` alone, and of row ``r`` with
    row r+1 below it (a header two rows deep)."""
    rows = grid.rows
    top = rows[r]
    below = rows[r + 1] if r + 1 < len(rows) else []
    single: list[set[str]] = []
    double: list[set[str]] = []
    for c in range(width):
        a = _cell_text(top, c)
        b = _cell_text(below, c)
        keys = set(cell_keys(a)) if a else set()
        single.append(set(keys))
        if b:
            keys.update(cell_keys(b))
            if a:
                keys.add(normalise_header(a + b))
            keys.discard("")
        double.append(keys)
    return single, double


_SCRIPT_RUNS = re.compile(r"[A-Za-z][A-Za-z0-9 .#&'/-]*|[^\x00-\x7f]+")


@lru_cache(maxsize=8192)
def cell_keys(text: str) -> frozenset[str]:
    """A header cell's comparable forms: the whole cell, and each half of a bilingual one
    (``日期\\nDate``, ``收据编号 \\nOfficial Receipt No``, `` DATE  日期``) — a line break, a run of spaces
    or the change between Chinese and Latin letters parts them."""
    keys = {normalise_header(text)}
    parts = [p for p in re.split(r"[\r\n]+|\s{2,}|\u3000", text) if p.strip()]
    if len(parts) == 1 and re.search(r"[A-Za-z]", text) and re.search(r"[\u3400-\u9fff]", text):
        parts = _SCRIPT_RUNS.findall(text)
    if len(parts) > 1:
        keys.update(normalise_header(p) for p in parts)
    return frozenset(k for k in keys if len(k) >= 2 or (k and not k.isascii()))


@cache
def _kind_keys(kind: SheetKind) -> tuple[tuple[tuple[str, frozenset[str], frozenset[str]], ...], frozenset[str]]:
    """Per field: (name, its own label's key, every key); and every key of the kind."""
    fields = tuple((f.name, frozenset({normalise_header(f.label)}), frozenset(f.header_keys)) for f in kind.fields)
    return fields, frozenset().union(*(keys for _, _, keys in fields))


@cache
def _any_keys(kinds: tuple[SheetKind, ...]) -> tuple[frozenset[str], int]:
    """Every header key of ``kinds``, and the fewest matched columns that can make a row plausible."""
    every = frozenset().union(*(_kind_keys(k)[1] for k in kinds))
    return every, min((min(2, len(k.required) + (ROLL_MIN_MONTHS if k.months else 0)) for k in kinds), default=0)


def _match(kind: SheetKind, texts: Sequence[set[str]], *, plausible_only: bool = True,
           guess: Guess | None = None) -> dict[str, int]:
    """Field name -> column for the columns whose header names a field of ``kind``.

    A field's own label wins over its aliases; a column serves one field only; with ``guess``, a
    field still without a column then takes one whose header holds the field's key terms and whose
    values look like it (:class:`Guess`).  With ``plausible_only``, a row where too few columns
    name a field of the kind to ever be plausible (:func:`_plausible`) gives nothing at once.
    """
    taken: set[int] = set()
    result: dict[str, int] = {}
    fields, every = _kind_keys(kind)
    if plausible_only and sum(1 for c, col_keys in enumerate(texts)
                              if col_keys & every or (guess is not None and guess.names(c, kind))
                              ) < min(2, len(kind.required)):
        return result
    # pass 1: primary labels; pass 2: any alias
    for primary in (True, False):
        for name, label_keys, all_keys in fields:
            if name in result or (kind.months and name[1:].isdigit()):  # months: read as months, below
                continue
            keys = label_keys if primary else all_keys
            for c, col_keys in enumerate(texts):
                if c not in taken and col_keys & keys:
                    result[name] = c
                    taken.add(c)
                    break
    if kind.months:
        result.update({name: c for name, (c, _) in month_columns(texts, taken).items()})
    if guess is not None:
        for f in kind.fields:
            if f.name in result:
                continue
            for c in range(len(texts)):
                if c not in taken and (kind.key, f.name) in guess.candidates[c] and guess.holds(c, f.kind):
                    result[f.name] = c
                    taken.add(c)
                    break
    return result


@lru_cache(maxsize=8192)
def _term_fields(key: str) -> frozenset[tuple[str, str]]:
    """(sheet key, field) whose key terms the header ``key`` holds (``缴费时间``: 缴费 + 时间), when it is not
    one of their exact spellings."""
    if not key or len(key) > 12:
        return frozenset()
    found = set()
    for kind in SHEET_KINDS:
        for f in kind.fields:
            if (f.terms and all(any(t in key for t in group) for group in f.terms)
                    and not any(t in key for t in f.not_terms) and key not in f.header_keys):
                found.add((kind.key, f.name))
    return frozenset(found)


_SAMPLE_ROWS = 20
_DATES = ("date", "datetime")
_NUMBERS = ("money", "number", "int")
_CJK = re.compile(r"[\u3400-\u9fff]")


def _fits(kind: str, v: Any) -> bool:
    """Whether one cell looks like a value of a field of this kind (the evidence for a guessed header)."""
    if isinstance(v, (datetime, date, time)):
        return kind in _DATES or kind == "time"
    number = read_money(v, _NO_CONTEXT)
    is_number = isinstance(number, int) and not isinstance(number, bool)
    text = clean_text(v)
    if kind in _DATES:
        return not is_number and isinstance(read_datetime(v, _NO_CONTEXT), datetime)
    if kind in _NUMBERS:
        return is_number
    if kind == "unit":
        return 0 < len(text) <= 20 and (any(ch.isdigit() for ch in text) or bool(_CJK.search(text)))
    if kind in ("id", "ids"):
        return 0 < len(text) <= 40 and any(ch.isalnum() for ch in text)
    return bool(text) and not is_number


class Guess:
    """A header row's columns named by key terms rather than an exact spelling, and what their
    values below the header are: a guess counts only when the column holds values of the field's kind."""

    def __init__(self, grid: Grid, texts: Sequence[set[str]], data_start: int) -> None:
        self.candidates = [frozenset().union(*(_term_fields(k) for k in keys)) if keys else frozenset()
                           for keys in texts]
        self._kinds = [{k for k, _ in cands} for cands in self.candidates]
        self._grid = grid
        self._start = data_start
        self._holds: dict[tuple[int, str], bool] = {}

    def __bool__(self) -> bool:
        return any(self.candidates)

    def names(self, c: int, kind: SheetKind) -> bool:
        return kind.key in self._kinds[c]

    def holds(self, c: int, kind: str) -> bool:
        known = self._holds.get((c, kind))
        if known is None:
            values = [row[c] for row in self._grid.rows[self._start:self._start + _SAMPLE_ROWS]
                      if c < len(row) and row[c] not in ("", None) and not _is_footer(row)]
            fit = sum(_fits(kind, v) for v in values)
            known = self._holds[(c, kind)] = bool(values) and fit * 3 >= len(values) * 2
        return known


def _is_footer(row: Sequence[Any]) -> bool:
    first = next((v for v in row if v not in ("", None)), None)
    return isinstance(first, str) and bool(_FOOTER.match(clean_text(first)))


def required_share(kind: SheetKind, matched: Mapping[str, int]) -> tuple[int, int]:
    """How many of ``kind``'s required columns ``matched`` names, and of how many (a roll's months count as
    :data:`ROLL_MIN_MONTHS` required columns)."""
    got = sum(1 for f in kind.required if f.name in matched)
    if not kind.months:
        return got, len(kind.required)
    months = sum(1 for name in matched if name[1:].isdigit())
    return got + min(months, ROLL_MIN_MONTHS), len(kind.required) + ROLL_MIN_MONTHS


def _score(kind: SheetKind, matched: dict[str, int]) -> tuple[float, int]:
    got, of = required_share(kind, matched)
    return (got / of if of else 0.0, len(matched))


def _plausible(kind: SheetKind, matched: dict[str, int], texts: Sequence[set[str]] = ()) -> bool:
    req = kind.required
    got = sum(1 for f in req if f.name in matched)
    if kind.core and not any(name in matched for name in kind.core):
        return False  # an expense sheet is not a receipts journal, a roster not a duty log
    if kind.months and sum(1 for name in matched if name[1:].isdigit()) < ROLL_MIN_MONTHS:
        return False  # a fee roll has months across
    if kind.not_with and any(keys & not_with_keys(kind) for keys in texts):
        return False  # a bill list has no 收据号 or 收款日期: that is a receipts journal
    return got == len(req) or (got >= 2 and got / len(req) >= 0.6)


@cache
def not_with_keys(kind: SheetKind) -> frozenset[str]:
    """The header spellings of :attr:`SheetKind.not_with`'s fields."""
    keys: set[str] = set()
    for ref in kind.not_with:
        key, name = ref.split(":")
        keys.update(KIND_BY_KEY[key].field(name).header_keys)
    return frozenset(keys)


@cache
def _name_keys(kind: SheetKind) -> tuple[str, ...]:
    return tuple(normalise_header(n) for n in kind.names)


def _named(kind: SheetKind, evidence: str) -> bool:
    """Whether the sheet's name or title says it is ``kind`` (支出表, 收费明细, 报修登记)."""
    return any(n in evidence for n in _name_keys(kind))


def naming_word(grid: Grid, kind: SheetKind, header_row: int) -> str | None:
    """The word of the sheet's name, or of its rows above the 1-based ``header_row``, that names ``kind``
    (支出表 names the expenditures): the evidence :func:`find_table` weighs; ``None`` when nothing names it."""
    evidence = normalise_header(grid.sheet) + "".join(
        normalise_header(v) for row in grid.rows[: max(header_row - 1, 0)] for v in row if isinstance(v, str))
    return next((name for name, key in zip(kind.names, _name_keys(kind), strict=True) if key and key in evidence),
                None)


def find_table(grid: Grid, kinds: Sequence[SheetKind] = SHEET_KINDS) -> SheetTable | None:
    """The register sheet in ``grid``, or ``None`` when no register's headers are there."""
    rows = grid.rows
    if not rows:
        return None
    width = max((len(r) for r in rows[:HEADER_SCAN_ROWS + 2]), default=0)
    if width == 0:
        return None
    _fill_merged(grid)
    best: tuple[tuple[float, int, int], SheetKind, int, dict[str, int], Sequence[set[str]]] | None = None
    every, least = _any_keys(tuple(kinds))
    evidence = normalise_header(grid.sheet)
    for r in range(min(HEADER_SCAN_ROWS, len(rows))):
        if not any(isinstance(v, str) and v.strip() for v in rows[r]):
            continue
        single, double = _header_keys(grid, r, width)
        guesses = (Guess(grid, single, r + 1), Guess(grid, double, r + 2))
        if sum(1 for c, keys in enumerate(double) if keys & every or guesses[1].candidates[c]) < least:
            evidence += "".join(normalise_header(v) for v in rows[r] if isinstance(v, str))
            continue  # a data row: too few cells name any register's column (``double`` holds ``single``'s keys)
        for kind in kinds:
            for depth, texts in ((0, single), (1, double)):
                matched = _match(kind, texts, guess=guesses[depth] or None)
                if not _plausible(kind, matched, texts):
                    continue
                if depth == 1:
                    only_top = _match(kind, single, guess=guesses[0] or None)
                    if len(matched) <= len(only_top):
                        continue
                fraction, count = _score(kind, matched)
                score = (fraction + (_NAMED_BONUS if _named(kind, evidence) else 0.0), count, -r)
                if best is None or score > best[0]:
                    best = (score, kind, r + depth, matched, (single, double)[depth])
        evidence += "".join(normalise_header(v) for v in rows[r] if isinstance(v, str))
    if best is None:
        return None
    _, kind, last_header, matched, header_keys = best
    # the text above the (last) header row: a title row read as the top of a two-row header is still the title
    title = " ".join(dict.fromkeys(clean_text(v) for r in rows[:last_header] for v in r  # (merged: once)
                                   if isinstance(v, str) and v.strip()))
    if last_header + 1 < len(rows) and is_units_row(rows[last_header + 1]):
        last_header += 1  # ``㎡ | 元/㎡·月 | 元`` under the header: part of it
    missing = tuple(f.name for f in kind.required if f.name not in matched)
    table = SheetTable(kind=kind, sheet=grid.sheet, header_row=last_header + 1, columns=matched,
                       missing=missing, hidden=grid.hidden, last_row=grid.height)
    sheet_year, sheet_month = month_hint(grid.sheet)
    title_year, title_month = month_hint(title)
    table.title = title
    table.year = sheet_year or title_year
    table.month = sheet_month or title_month
    if kind.months:  # a roll's year: its month headers', else its name's or title's (else the period's)
        table.year = header_year(h for name, c in matched.items() if name[1:].isdigit()
                                 and (h := month_of(header_keys[c])) is not None) or table.year
    _cut_rows(grid, table, last_header)
    return table


class HeaderNotFound(Exception):
    """A header named for a field (a pin's ``columns``) is not a header of the sheet."""

    def __init__(self, field_name: str, header: str, headers: list[str]) -> None:
        super().__init__(f"{field_name} = {header!r}")
        self.field_name = field_name
        self.header = header
        self.headers = headers  # the sheet's actual headers (the row read as its header)


def table_for_kind(grid: Grid, kind: SheetKind, headers: Mapping[str, str] | None = None) -> SheetTable | None:
    """Read ``grid`` as ``kind`` (a pinned sheet): its best header row, even with columns missing.

    ``headers`` (field name -> the sheet's header text, a pin's ``columns``) name the columns of
    fields whose headers the reader does not know; the header row is the one holding them all.
    Raises :class:`HeaderNotFound` when one is in no header row.
    """
    if not headers:
        found = find_table(grid, (kind,))
        if found is not None:
            return found
    # Nothing plausible, or columns named: take the row with the most matches as the header.
    _fill_merged(grid)
    wanted = {name: normalise_header(text) for name, text in (headers or {}).items()}
    best_r, best_m, best_named = 0, dict[str, int](), set[str]()
    for r in range(min(HEADER_SCAN_ROWS, len(grid.rows))):
        m = match_row(grid, kind, r)
        texts = [normalise_header(t) for t in header_texts(grid, r)]
        named = set()
        for name, key in wanted.items():
            if key in texts:
                c = texts.index(key)
                m = {n: col for n, col in m.items() if col != c and n != name}
                m[name] = c
                named.add(name)
        if (len(named), len(m)) > (len(best_named), len(best_m)):
            best_r, best_m, best_named = r, m, named
    for name, text in (headers or {}).items():
        if name not in best_named:
            raise HeaderNotFound(name, text, [t for t in header_texts(grid, best_r) if t])
    return table_at(grid, kind, best_r, best_m)


def header_texts(grid: Grid, r: int) -> list[str]:
    """Row ``r`` (0-based) of ``grid`` as header text, one per column (a cell that is not text is '')."""
    row = grid.rows[r] if r < len(grid.rows) else []
    return [_cell_text(row, c) for c in range(len(row))]


def match_row(grid: Grid, kind: SheetKind, r: int, *, depth: int = 0) -> dict[str, int]:
    """Field name -> column for the headers of row ``r`` (``depth`` 1: with the row below it) that name a
    field of ``kind``, however few they are."""
    width = max((len(row) for row in grid.rows[:HEADER_SCAN_ROWS + 2]), default=0)
    return _match(kind, _header_keys(grid, r, width)[depth], plausible_only=False)


def table_at(grid: Grid, kind: SheetKind, r: int, columns: dict[str, int]) -> SheetTable:
    """``grid`` read as ``kind`` with its header on row ``r`` (0-based) and ``columns`` there."""
    _fill_merged(grid)
    missing = tuple(f.name for f in kind.required if f.name not in columns)
    if r + 1 < len(grid.rows) and is_units_row(grid.rows[r + 1]):
        r += 1
    table = SheetTable(kind=kind, sheet=grid.sheet, header_row=r + 1, columns=columns, missing=missing,
                       hidden=grid.hidden, last_row=grid.height)
    table.year, table.month = month_hint(grid.sheet)
    _cut_rows(grid, table, r)
    return table


def _cut_rows(grid: Grid, table: SheetTable, last_header: int) -> None:
    if grid.columns is not None:
        from registers.io.cut import cut_columns

        cut_columns(grid, table, last_header, _FOOTER.pattern)
        return
    fields = [f.name for f in table.kind.fields]
    required_idx = [i for i, f in enumerate(table.kind.fields) if f.required]
    key_idx = [i for i, f in enumerate(table.kind.fields) if f.kind in ("unit", "id")]
    cols = [table.columns.get(name) for name in fields]
    header_row = grid.rows[last_header]
    # a header repeated inside the data (printing layouts do that) repeats the same text
    header_texts = {c: header_row[c].strip() for c in table.columns.values()
                    if c < len(header_row) and isinstance(header_row[c], str) and header_row[c].strip()}
    need_same = max(2, len(header_texts) // 2)
    for r in range(last_header + 1, len(grid.rows)):
        row = grid.rows[r]
        values = [row[c] if c is not None and c < len(row) else None for c in cols]
        values = [None if (v == "" or (isinstance(v, str) and not v.strip())) else v for v in values]
        present = [v for v in values if v is not None]
        if not present:
            continue
        first = next((v for v in row if v not in ("", None)), None)
        # a footer, unless the row is a complete record that merely starts with such a word (a unit or an id
        # that is 合计 is no record)
        if isinstance(first, str) and _FOOTER.match(clean_text(first)) and (
            sum(values[i] is not None for i in required_idx) < len(required_idx)
            or any(isinstance(values[i], str) and _FOOTER.match(clean_text(values[i])) for i in key_idx)
        ):
            continue
        if header_texts:
            same = sum(1 for c, t in header_texts.items() if c < len(row) and isinstance(row[c], str)
                       and row[c].strip() == t)
            if same >= need_same:
                continue
        table.rows.append((r + 1, values))
    at = {name: i for i, name in enumerate(fields)}
    drop = total_rows(table.kind, len(table.rows), lambda name, i: table.rows[i][1][at[name]],
                      lambda name, n: [row[at[name]] for _, row in table.rows[:n]])
    if drop:
        del table.rows[-drop:]
