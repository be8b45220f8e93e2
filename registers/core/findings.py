"""One record type for everything that is wrong: :class:`Finding`.

A finding carries where it points (file, sheet, row, column), what it is
about (key, date) and the arguments of its message.  The message itself is
rendered late, in the language asked for, from the rule's catalogue entry.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from registers.core.spec import REGISTERS

_REGISTER_ORDER = {r: i for i, r in enumerate(REGISTERS)}


class Severity(enum.IntEnum):
    INFO = 0
    WARNING = 1
    ERROR = 2

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls[text.upper()]


@dataclass(frozen=True, slots=True)
class CellRef:
    """A place in a clerk's workbook: a cell, a whole row, a sheet or a file (what is not known is ``None``).

    A finding points at one; so does each line of the day close and the monthly report, which link to
    it the same way (``reports.findings.book.link_target``) without being findings themselves."""

    file: str | None
    sheet: str | None
    row: int | None = None
    column: str | None = None

    @property
    def cell(self) -> str | None:
        if self.column and self.row:
            return f"{self.column}{self.row}"
        return None

    @property
    def address(self) -> str:
        """What a clerk types into Excel's Name Box, prefixed by the file: ``收费台账.xlsx!收费明细!I17``
        (a whole row ``…!17:17`` without a column; parts that are empty left out).  A file without sheets
        (a platform's CSV statement) has lines, not cells: ``微信账单.csv:24``, the form an editor goes to."""
        if self.file and not self.sheet and self.row:
            return f"{self.file}:{self.row}"
        parts = [p for p in (self.file, self.sheet) if p]
        if self.column and self.row:
            parts.append(f"{self.column}{self.row}")
        elif self.row:
            parts.append(f"{self.row}:{self.row}")
        return "!".join(parts)


CellValue = str | int | float | date  # what a suggestion types into a cell (a datetime is a date too)


@dataclass(frozen=True, slots=True)
class Write:
    """One cell a suggestion fills in, and the value it should hold (typed as a clerk types it: a number for an
    amount, a date for a date, text for a code).  ``file``/``sheet``/``cell`` left ``None`` are the finding's own."""

    value: CellValue
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None


@dataclass(frozen=True, slots=True)
class Suggestion:
    """The right value for what a finding is about, where the registers or the regulation give it (never a guess).

    ``value`` is what the clerk reads as the suggestion (what to type; for a row to add, its cells);
    ``reason`` is the catalogue key of why it is right (``suggest.*``, rendered late, with ``args``);
    ``writes`` are the cells accepting it fills in: ``()`` for one that names what to look for but has nothing
    to type (the receipt numbers missing from a series)."""

    value: str
    reason: str
    args: Mapping[str, Any] = field(default_factory=dict)
    writes: tuple[Write, ...] = ()

    @classmethod
    def here(cls, value: CellValue, reason: str, shown: str | None = None, **args: Any) -> Suggestion:
        """``value`` for the finding's own cell (shown as ``shown``, else as the value reads)."""
        return cls(shown if shown is not None else cell_text(value), reason, args, (Write(value),))


def cell_text(value: CellValue) -> str:
    """A typed cell value as a clerk reads it: ``118.44``, ``2000``, ``2026-11-20``, ``2026-11-20 18:00``."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") if (value.hour, value.minute) != (0, 0) else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.2f}" if value != int(value) else str(int(value))
    return str(value)


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: Severity
    clause: str
    register: str | None = None
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    key: str | None = None
    date: date | None = None
    args: Mapping[str, Any] = field(default_factory=dict)
    value: str | None = None  # the offending value as the clerk typed it, if any
    suggestion: Suggestion | None = None  # the right value, where it follows from the registers or the regulation

    @property
    def place(self) -> CellRef:
        return CellRef(self.file, self.sheet, self.row, self.column)

    @property
    def cell(self) -> str | None:
        return self.place.cell

    @property
    def address(self) -> str:
        """What a clerk types into Excel's Name Box, prefixed by the file: ``收费台账.xlsx!收费明细!I17``."""
        return self.place.address

    def writes(self) -> tuple[Write, ...]:
        """The cells accepting the suggestion fills in, each placed (the finding's own file/sheet/cell where the
        write leaves them out); ``()`` without a suggestion or for one with nothing to type."""
        if self.suggestion is None:
            return ()
        return tuple(Write(w.value, w.file or self.file, w.sheet or self.sheet, w.cell or self.cell)
                     for w in self.suggestion.writes)

    def sort_key(self) -> tuple[Any, ...]:
        return (
            _REGISTER_ORDER.get(self.register or "", -1),
            self.file or "",
            self.sheet or "",
            self.row if self.row is not None else -1,
            _column_index(self.column),
            self.rule,
            self.key or "",
            self.date or date.min,
        )


def _column_index(col: str | None) -> int:
    if not col:
        return -1
    n = 0
    for ch in col:
        n = n * 26 + (ord(ch) - 64)
    return n


def column_letter(index: int) -> str:
    """0 → ``A``, 26 → ``AA``."""
    s = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        s = chr(65 + rem) + s
    return s


def summary(findings: Iterable[Finding]) -> dict[str, Any]:
    by_sev: Counter[str] = Counter()
    by_rule: Counter[str] = Counter()
    for f in findings:
        by_sev[f.severity.label] += 1
        by_rule[f.rule] += 1
    return {
        "error": by_sev["error"],
        "warning": by_sev["warning"],
        "info": by_sev["info"],
        "by_rule": dict(sorted(by_rule.items())),
    }
