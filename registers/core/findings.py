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
from datetime import date
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
