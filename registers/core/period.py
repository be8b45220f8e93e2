"""The period a run covers: a month, a day, or any span of whole days.

Kept apart from :mod:`registers.office.load` (which imports pandas) so that the command line can
parse its arguments, and answer ``--help``, without importing the data stack.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))

    @classmethod
    def parse_month(cls, text: str) -> Period:
        """``2026-11`` → the whole of November 2026."""
        y, m = text.strip().replace("/", "-").replace(".", "-").split("-")
        return cls.month(int(y), int(m))

    @property
    def start_dt(self) -> datetime:
        return datetime.combine(self.start, time())

    @property
    def end_dt(self) -> datetime:
        """The last moment of the period."""
        return datetime.combine(self.end, time(23, 59, 59))

    def days(self) -> Iterator[date]:
        d = self.start
        while d <= self.end:
            yield d
            d = date.fromordinal(d.toordinal() + 1)

    def contains(self, d: date | None) -> bool:
        return d is not None and self.start <= d <= self.end
