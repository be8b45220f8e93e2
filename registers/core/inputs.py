"""``input.*`` — the registers themselves can be read (4.9).

These findings are made while reading (an unreadable file, a missing column,
a cell that is not a date…); the rules here declare them and replay them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from registers.core.findings import Suggestion, cell_text
from registers.core.rule import declared
from registers.core.values import READERS
from registers.core.values.money import yuan
from registers.core.values.retype import DATE_KINDS, NUMBER_KINDS, retyped_date, retyped_number
from registers.core.values.text import Context, clean_text

UNREADABLE = declared(
    "input.unreadable", "4.9", "error",
    title={"zh-Hans": "工作簿无法打开", "zh-Hant": "工作簿無法打開", "en": "Workbook cannot be opened"},
    message={
        "zh-Hans": "无法读取此文件：{reason}。其余台账照常核查。",
        "zh-Hant": "無法讀取此檔案：{reason}。其餘台賬照常核查。",
        "en": "This file cannot be read: {reason}. The other registers are still checked.",
    },
    doc="A workbook that cannot be opened: corrupt, password-protected, not a spreadsheet, locked, or too large.",
)

MISSING_REGISTER = declared(
    "input.missing-register", "4.9", "warning",
    title={"zh-Hans": "缺少台账", "zh-Hant": "缺少台賬", "en": "Register missing"},
    message={
        "zh-Hans": "未找到“{register_name}”：办公文件夹中没有表头与之相符的工作表。",
        "zh-Hant": "未找到「{register_name}」：辦公資料夾中沒有表頭與之相符的工作表。",
        "en": "No '{register_name}' found: no sheet in the office folder has its headers.",
    },
    doc="A register the period needs is not found in any workbook of the office folder.",
)

MISSING_COLUMN = declared(
    "input.missing-column", "4.9", "error",
    title={"zh-Hans": "缺少必填列", "zh-Hant": "缺少必填欄", "en": "Required column missing"},
    message={
        "zh-Hans": "此表缺少必填列“{field}”（第{header_row}行为表头）。",
        "zh-Hant": "此表缺少必填欄「{field}」（第{header_row}行為表頭）。",
        "en": "This sheet has no '{field}' column (header on row {header_row}).",
    },
    doc="A register sheet whose header row lacks a required column.",
)

BAD_VALUE = declared(
    "input.bad-value", "4.9", "error",
    title={"zh-Hans": "无法识别的值", "zh-Hant": "無法識別的值", "en": "Unreadable value"},
    message={
        "zh-Hans": "“{field}”的值“{value}”无法识别为{type}。",
        "zh-Hant": "「{field}」的值「{value}」無法識別為{type}。",
        "en": "'{value}' in '{field}' cannot be read as {type}.",
    },
    doc="A value that cannot be read as its column's type (date, money, phone, yes/no, unit, a listed choice). "
        "Suggested where the text has one reading: an amount or number with letters typed for digits (3OO.00), a "
        "date typed day/month/year (the one valid order; else the one in the sheet's month; else month first, as "
        "3/4 is read, naming the other); never for an impossible date, free text, a phone or a unit.",
)

MISSING_VALUE = declared(
    "input.missing-value", "4.9", "error",
    title={"zh-Hans": "必填项为空", "zh-Hant": "必填項為空", "en": "Required value empty"},
    message={
        "zh-Hans": "必填项“{field}”为空。",
        "zh-Hant": "必填項「{field}」為空。",
        "en": "Required '{field}' is empty.",
    },
    doc="A required cell left empty.",
)

DUPLICATE_ID = declared(
    "input.duplicate-id", "4.9", "error",
    title={"zh-Hans": "编号重复", "zh-Hant": "編號重複", "en": "Duplicate id"},
    message={
        "zh-Hans": "“{field}” {key} 与 {first} 重复。",
        "zh-Hant": "「{field}」 {key} 與 {first} 重複。",
        "en": "'{field}' {key} already appears at {first}.",
    },
    doc="The same repair, complaint, permit, receipt or key id on two rows (the later one is reported). Suggested: "
        "the one id of the series between the ids of the rows above and below it, when no row uses it.",
)


def bad_value_suggestion(kind: str, raw: Any, ctx: Context) -> Suggestion | None:
    """What an unreadable cell of a ``kind`` column was meant to say, where only one reading follows from the text
    (:mod:`registers.core.values.retype`): an amount with letters for digits, a date in day/month/year order;
    None for anything else (an impossible date, free text, a name or a phone: never a guess)."""
    reader = READERS.get(kind)
    if reader is None:
        return None
    typed = clean_text(raw)
    fixed = retyped_number(raw, reader, ctx) if kind in NUMBER_KINDS | DATE_KINDS else None
    if fixed is not None:
        text, value = fixed
        if kind in ("money", "roll"):
            fen = int(value)
            return Suggestion.here(yuan(fen), "suggest.lookalike-digits", shown=f"{fen / 100:.2f}", typed=typed,
                                   fixed=text)
        return Suggestion.here(value, "suggest.lookalike-digits", typed=typed, fixed=text)
    if kind in DATE_KINDS:
        dated = retyped_date(raw, ctx)
        if dated is None:
            return None
        reading, alternative = dated
        if alternative is None:
            return Suggestion.here(reading, "suggest.date-one-reading", typed=typed, reading=cell_text(reading))
        if ctx.year is not None and ctx.month is not None and (reading.year, reading.month) == (ctx.year, ctx.month) \
                and (alternative.year, alternative.month) != (ctx.year, ctx.month):
            return Suggestion.here(reading, "suggest.date-sheet-month", typed=typed, reading=cell_text(reading),
                                   alternative=cell_text(alternative), month=f"{ctx.year}-{ctx.month:02d}")
        return Suggestion.here(reading, "suggest.date-month-first", typed=typed, reading=cell_text(reading),
                               alternative=cell_text(alternative))
    return None


_SERIAL_ID = re.compile(r"^(.*?)(\d+)$")


def free_id_between(before: Any, after: Any, own: Any, used: Callable[[str], bool]) -> str | None:
    """The one id of a series between the ids of the rows before and after a repeated one (``BX202611029`` and
    ``BX202611031`` leave ``BX202611030``), when ``used`` says no row has it; None when the three are not of one
    series (prefix and width), or the gap between the neighbours leaves no number or more than one."""
    parts = [_SERIAL_ID.match(str(x).strip()) if isinstance(x, str) else None for x in (before, after, own)]
    if any(p is None for p in parts):
        return None
    (b, a, o) = (p for p in parts if p is not None)
    if len({b.group(1), a.group(1), o.group(1)}) != 1 or len({len(b.group(2)), len(a.group(2))}) != 1:
        return None
    low, high = int(b.group(2)), int(a.group(2))
    if high - low != 2:
        return None
    free = f"{b.group(1)}{low + 1:0{len(b.group(2))}d}"
    return None if used(free) else free
