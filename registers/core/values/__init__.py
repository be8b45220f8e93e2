"""Value readers: turn what a clerk typed into a typed value.

Every reader takes one raw cell value (whatever the workbook reader produced:
``str``, ``int``, ``float``, ``bool``, ``datetime``, ``date``, ``time``,
``timedelta`` or ``None``) and returns

* the typed value,
* ``None`` when the cell holds nothing, or
* :data:`BAD` when the cell holds something that cannot be read as the type.

They never raise: a property test feeds them arbitrary text and numbers.

The readers are grouped by what they read: :mod:`.text` (what counts as nothing, the
:data:`BAD` marker, text, ids and yes/no), :mod:`.money` (money and numbers), :mod:`.dates`
(dates, times and periods) and :mod:`.units` (phones and unit numbers).  This module holds
the one table from a column's kind to its reader (:data:`READERS`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from registers.core.spec import normalise_choice
from registers.core.values.dates import read_date, read_datetime, read_period, read_time
from registers.core.values.money import read_int, read_money, read_number, read_roll_cell
from registers.core.values.text import (
    BAD,
    NOTHING,
    Bad,
    Context,
    clean_text,
    read_bool,
    read_flag_or_text,
    read_id,
    read_ids,
    read_remark,
    read_signature,
    read_text,
)
from registers.core.values.units import read_phone, read_unit


def enum_reader(choices: tuple[str, ...], aliases: tuple[tuple[str, str], ...]) -> Callable[[Any, Context], Any]:
    """A reader for one enumerated column: exact spelling, alias, Traditional form, or one choice contained."""
    table = {normalise_choice(c): c for c in choices}
    table.update({normalise_choice(a): c for a, c in aliases})

    def read_enum(v: Any, ctx: Context) -> str | Bad | None:
        s = clean_text(v)
        if s.lower() in NOTHING:
            return None
        key = normalise_choice(s)
        if key in table:
            return table[key]
        contained = {c for k, c in table.items() if len(k) >= 2 and k in key}
        if len(contained) == 1:
            return contained.pop()
        return BAD

    return read_enum


READERS: dict[str, Callable[[Any, Context], Any]] = {
    "text": read_text,
    "id": read_id,
    "ids": read_ids,
    "date": read_date,
    "datetime": read_datetime,
    "time": read_time,
    "money": read_money,
    "number": read_number,
    "int": read_int,
    "phone": read_phone,
    "bool": read_bool,
    "signature": read_signature,
    "unit": read_unit,
    "period": read_period,
    "remark": read_remark,
    "flag_or_text": read_flag_or_text,
    "roll": read_roll_cell,
}
