"""What a cell the readers could not read was meant to say, where only one reading is possible.

A clerk types ``3OO.00`` (letter O for zero) or ``l200`` (letter l for one) into an amount, or
``03/04/2026`` (day and month in an order the readers do not take) into a date.  These functions
give the typed value such a cell stands for, and nothing when the text could mean two things or
cannot be read even so: ``input.bad-value`` suggests what they give (never a guess).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from registers.core.values.text import BAD, Context, clean_text

# letters typed for digits: O/o (and the Chinese 〇) for 0, l/I for 1 (full-width forms are made ASCII by NFKC)
_LOOKALIKE = str.maketrans({"O": "0", "o": "0", "〇": "0", "l": "1", "I": "1"})
# one comma before one or two final digits is a decimal point (a thousands separator has three after it)
_DECIMAL_COMMA = re.compile(r"^([^,.]*\d),(\d{1,2})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})$")

NUMBER_KINDS = frozenset({"money", "number", "int", "roll"})
DATE_KINDS = frozenset({"date", "datetime"})


def retyped_number(raw: Any, reader: Callable[[Any, Context], Any], ctx: Context) -> tuple[str, Any] | None:
    """``(text, value)``: the text with its look-alike letters made digits (and a decimal comma a point) and what
    ``reader`` reads from it; None unless the cell is text with at least one real digit and one look-alike
    letter, and the text then reads."""
    if not isinstance(raw, str):
        return None
    s = clean_text(raw)
    if not any(ch.isascii() and ch.isdigit() for ch in s):
        return None
    fixed = s.translate(_LOOKALIKE)
    if fixed == s:
        return None
    if (m := _DECIMAL_COMMA.match(fixed)) is not None:
        fixed = f"{m.group(1)}.{m.group(2)}"
    value = reader(fixed, ctx)
    if value is BAD or value is None:
        return None
    return fixed, value


def retyped_date(raw: Any, ctx: Context) -> tuple[date, date | None] | None:
    """``(reading, alternative)`` of a date the readers could not read.

    ``03/04/2026`` (day, month and year in some order) is read as the readers read ``03/04`` — month first —
    unless only the other order is a date, or only the other order falls in the month the sheet is about; the
    other order, when it is a date too, is the alternative the clerk is told of.  None for an impossible date
    (``2026-10-32``) or free text.  (A date with look-alike letters, ``2026-1l-05``, is :func:`retyped_number`'s.)
    """
    if not isinstance(raw, str):
        return None
    s = clean_text(raw)
    m = _DAY_MONTH_YEAR.match(s)
    if m is None:
        return None
    a, b, y = (int(g) for g in m.groups())
    month_first, day_first = _date(y, a, b), _date(y, b, a)
    readings = [d for d in (month_first, day_first) if d is not None]
    if not readings:
        return None
    if len(readings) == 1 or month_first == day_first:
        return readings[0], None
    assert month_first is not None and day_first is not None
    if ctx.year is not None and ctx.month is not None:
        in_month = [d for d in readings if (d.year, d.month) == (ctx.year, ctx.month)]
        if len(in_month) == 1:
            return in_month[0], (day_first if in_month[0] == month_first else month_first)
    return month_first, day_first


def _date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d) if 1900 <= y <= 2200 else None
    except ValueError:
        return None
