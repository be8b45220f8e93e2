"""The text of a statement's fields: cleaning, money, moments, references, declared ranges, encodings, CSV lines.

What every platform's format reads its fields with, apart from the formats themselves: a
statement's money is not a register's (thousands separators, a sign, ``¥``), and its file may
be GBK or UTF-16.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from registers.core.spec import to_simplified


def clean(v: Any) -> str:
    """A field as the platform meant it: backtick, ``="…"`` wrapper, tabs and spaces removed."""
    if v is None:
        return ""
    s = str(v).replace("\ufeff", "").replace("\u200b", "").strip().strip("\t").strip()
    if s.startswith("="):
        s = s[1:]
    if len(s) >= 2 and s[0] == s[-1] == '"':
        s = s[1:-1]
    while s.startswith("`"):
        s = s[1:]
    return s.strip()


def header_key(v: Any) -> str:
    """A header compared without spaces, case, or a bracketed unit, in Simplified Chinese: ``收入金额（+元）`` →
    ``收入金额``, ``貸方發生額`` → ``贷方发生额``."""
    s = to_simplified(unicodedata.normalize("NFKC", clean(v)))
    s = re.sub(r"\s+", "", s)
    s = re.sub(r"\([^()]*\)$", "", s)
    return s.lower()


def yuan(text: str) -> Decimal | None:
    """The amount exactly as written, in yuan (``0.00600`` keeps its five decimals); ``None`` when not a number."""
    s = unicodedata.normalize("NFKC", text).replace(",", "").replace("¥", "").replace("元", "").strip()
    if s in ("-", "--"):
        return Decimal(0)
    try:
        d = Decimal(s)
    except InvalidOperation:
        return None
    return d if d.is_finite() else None


def money(text: str) -> int | None:
    """Fen from ``1,234.50`` / ``¥1234.5`` / ``-0.60``; ``None`` when not a number."""
    d = yuan(text)
    return None if d is None else int((d * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def agrees(total: Decimal, exact: Decimal) -> bool:
    """Whether a summary's ``total`` is the ``exact`` sum of its lines shown to the total's own precision
    (``0.02`` and ``0.01800`` both agree with 0.018; rounding either way on a tie)."""
    exponent = total.as_tuple().exponent  # a number of places (``total`` is finite, as :func:`yuan` gives it)
    unit = Decimal(1).scaleb(min(int(exponent), 0))
    return abs(total - exact) * 2 <= unit


def money_or_zero(text: str) -> int | None:
    """An amount column where an empty cell means nothing moved."""
    return money(text) if text else 0


_DT = re.compile(
    r"^(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:[\sT]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?$"
)
_COMPACT = re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:\s*(?P<H>\d{2}):?(?P<M>\d{2}):?(?P<S>\d{2})?)?$")


def moment(text: str) -> datetime | None:
    """``2026-11-03 14:30:05``, ``2026/11/3 14:30``, ``2026年11月03日 14:30:05``, ``20261103 143005``."""
    s = unicodedata.normalize("NFKC", text).strip()
    m = _DT.match(s) or _COMPACT.match(s)
    if not m:
        return None
    try:
        return datetime(int(m["y"]), int(m["m"]), int(m["d"]), int(m["H"] or 0), int(m["M"] or 0), int(m["S"] or 0))
    except ValueError:
        return None


def time_of(text: str) -> time | None:
    s = unicodedata.normalize("NFKC", text).strip()
    m = re.fullmatch(r"(\d{1,2}):?(\d{2}):?(\d{2})?", s)
    if not m:
        return None
    try:
        return time(int(m[1]), int(m[2]), int(m[3] or 0))
    except ValueError:
        return None


_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._\-]*[A-Za-z0-9]")


def reference_tokens(text: Any) -> tuple[str, ...]:
    """Order and serial numbers written in free text: long digit runs (≥ 14 digits) or letter-and-digit codes.

    ``4200001234202611031234567890``, ``ZX2026-023``, ``NO.0012001`` are references;
    dates, amounts, phone numbers and unit numbers (``2026-11-03``, ``2300.00``,
    ``13800138000``, ``3-2-1501``) are not.
    """
    if not isinstance(text, str) or not text:
        return ()
    s = unicodedata.normalize("NFKC", text)
    out = []
    for tok in _TOKEN.findall(s):
        digits = sum(c.isdigit() for c in tok)
        letters = sum(c.isalpha() for c in tok)
        if (letters and digits >= 4 and len(tok) >= 6) or digits >= 14:
            out.append(tok.upper())
    return tuple(dict.fromkeys(out))


_RANGE = re.compile(
    r"(?:起始|开始|起止|查询|账单|交易)?(?:时间|日期|期间)?[:：\[\s]*"
    r"(?P<a>\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)\]?"
    r"[^\d]{1,20}?"
    r"(?P<b>\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)"
)


def declared_range(lines: Sequence[str]) -> tuple[date, date] | None:
    """The period a statement says it covers (``起始时间：[…] 终止时间：[…]``, ``起止日期 … 至 …``).

    An end at exactly 00:00:00 of a later day is exclusive (Alipay's ``终止日期：[2026年12月01日 00:00:00]``).
    """
    for text in lines:
        m = _RANGE.search(unicodedata.normalize("NFKC", text))
        if not m:
            continue
        a, b = moment(m["a"]), moment(m["b"])
        if a is None or b is None or b < a:
            continue
        last = b.date()
        if b.time() == time() and re.search(r"\d:\d{2}", m["b"]) and b.date() > a.date():
            last -= timedelta(days=1)
        return a.date(), last
    return None


Line = tuple[int, list[str]]  # (1-based line or worksheet row, raw fields)


def decode(data: bytes) -> str | None:
    """Text of a CSV as downloaded: UTF-8 (BOM or not), UTF-16 with BOM, else GBK (read as GB18030)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError as exc:
            if exc.start >= len(data) - 3:  # a download cut off inside the last character
                try:
                    return data[:exc.start].decode(enc)
                except UnicodeDecodeError:
                    pass
            continue
    return None


def csv_lines(text: str) -> list[Line]:
    """Fields of every line, with the line number where the record ends (as an editor counts)."""
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") * 2 else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out: list[Line] = []
    try:
        for fields in reader:
            out.append((reader.line_num, fields))
    except csv.Error:
        pass  # an unterminated quote at a cut-off end: what was read is what the file holds
    return out


def cell_text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, datetime):
        return v.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(v, date):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, time):
        return v.strftime("%H:%M:%S")
    if isinstance(v, float):
        if math.isfinite(v) and v == int(v) and abs(v) < 1e15:
            return str(int(v))
        return repr(v)
    return str(v)


def keys_of(fields: Sequence[str]) -> list[str]:
    return [header_key(f) for f in fields]


def text_of(fields: Sequence[str]) -> str:
    return ",".join(clean(f) for f in fields).rstrip(",")


def coverage(preamble: Sequence[str], moments: Sequence[datetime]) -> tuple[date | None, date | None]:
    declared = declared_range(preamble)
    if declared:
        return declared
    if moments:
        return min(moments).date(), max(moments).date()
    return None, None
