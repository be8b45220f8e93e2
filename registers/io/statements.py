"""Read payment-platform statements exactly as they are downloaded.

* WeChat Pay merchant trade bill (交易账单, ALL or SUCCESS): CSV, every detail field
  prefixed with a backtick; a summary header (``总交易单数,…``) and one summary row
  after the details, checked against them.  Older bills say ``总金额`` for
  ``应结订单金额`` and have no ``特约商户号``.
* Alipay merchant account statement (账务明细): CSV (GBK as downloaded) with ``#``
  comment lines before and after the details; the ``#收入合计`` / ``#支出合计`` lines
  are checked against the details.
* Bank statements: any bank's CSV or Excel export, its columns found through a
  :class:`~registers.core.payment_settings.BankMapping`.

Files are recognised by their header line, never their name; CSV may be UTF-8
(with or without BOM), GBK/GB18030 or UTF-16.  Every payment keeps the file and
line (worksheet row for Excel) it came from.  A statement that is cut off, whose
summary disagrees with its details or that has a line that cannot be read is
*incomplete*: it is kept (its payments still pair with receipts) and reported,
never raised.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import unicodedata
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pandas as pd

from registers.core.payment_settings import ALIPAY, BANK, WECHAT, BankMapping, PaymentSettings
from registers.io.discover import SPREADSHEET_SUFFIXES, TOOL_DIRS, is_lock_file

CSV_SUFFIXES = frozenset({".csv", ".txt"})
HEADER_SCAN_LINES = 60  # the detail header must appear within the first lines of a file

# Reasons a statement is incomplete (the rule's ``reason`` argument, ``code|detail``).
TRUNCATED = "statement-truncated"
SUMMARY = "statement-summary"
BAD_LINE = "statement-bad-line"
UNREADABLE = "statement-unreadable"

PAYMENT = "payment"
REFUND = "refund"

PAYMENT_COLUMNS = ("stmt", "file", "sheet", "line", "platform", "channel", "at", "kind", "amount", "fee",
                   "order_no", "merchant_no", "refund_no", "refs", "counterparty", "text")


@dataclass(frozen=True)
class Statement:
    file: str  # relative to the office folder, forward slashes
    sheet: str  # "" for CSV
    platform: str  # wechat | alipay | bank
    channel: str  # 微信 | 支付宝 | 银行
    first_day: date | None  # the days the statement covers (declared, else its details' days)
    last_day: date | None
    lines: int = 0  # detail lines read
    problem: str | None = None  # a reason code when incomplete
    problem_line: int | None = None
    detail: str = ""

    @property
    def complete(self) -> bool:
        return self.problem is None

    def days(self) -> list[date]:
        if self.first_day is None or self.last_day is None:
            return []
        n = (self.last_day - self.first_day).days
        return [self.first_day + timedelta(days=i) for i in range(n + 1)]


@dataclass
class Statements:
    """Every statement found, and their payments and refunds as one frame (``PAYMENT_COLUMNS``)."""

    statements: list[Statement] = field(default_factory=list)
    payments: pd.DataFrame = field(default_factory=lambda: empty_payments())


def empty_payments() -> pd.DataFrame:
    return pd.DataFrame({
        "stmt": pd.Series(dtype="int64"), "file": pd.Series(dtype=object), "sheet": pd.Series(dtype=object),
        "line": pd.Series(dtype="int64"), "platform": pd.Series(dtype=object), "channel": pd.Series(dtype=object),
        "at": pd.Series(dtype="datetime64[us]"), "kind": pd.Series(dtype=object),
        "amount": pd.Series(dtype="int64"), "fee": pd.Series(dtype="int64"),
        "order_no": pd.Series(dtype=object), "merchant_no": pd.Series(dtype=object),
        "refund_no": pd.Series(dtype=object), "refs": pd.Series(dtype=object),
        "counterparty": pd.Series(dtype=object), "text": pd.Series(dtype=object),
    })


# ---------------------------------------------------------------- values


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
    """A header compared without spaces, case, or a bracketed unit: ``收入金额（+元）`` → ``收入金额``."""
    s = unicodedata.normalize("NFKC", clean(v))
    s = re.sub(r"\s+", "", s)
    s = re.sub(r"\([^()]*\)$", "", s)
    return s.lower()


def money(text: str) -> int | None:
    """Fen from ``1,234.50`` / ``¥1234.5`` / ``-0.60``; ``None`` when not a number."""
    s = unicodedata.normalize("NFKC", text).replace(",", "").replace("¥", "").replace("元", "").strip()
    if s in ("-", "--"):
        return 0
    try:
        d = Decimal(s)
    except InvalidOperation:
        return None
    if not d.is_finite():
        return None
    return int((d * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _money_or_zero(text: str) -> int | None:
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


# ---------------------------------------------------------------- files


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


def _walk(root: Path, output_dir: str) -> Iterator[tuple[Path, str]]:
    skip = {output_dir.strip("/").split("/")[0], *TOOL_DIRS}
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        if here == root:
            dirnames[:] = [d for d in dirnames if d not in skip]
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if is_lock_file(name) or name.startswith("."):
                continue
            path = here / name
            yield path, path.relative_to(root).as_posix()


def read_statements(
    root: Path,
    config: PaymentSettings | None = None,
    *,
    output_dir: str = "reports",
    sheets: Collection[tuple[str, str]] | None = None,
    max_bytes: int = 200 << 20,
) -> Statements:
    """Every statement under ``root``: CSV files, and the spreadsheet sheets in ``sheets`` (all when ``None``).

    ``sheets`` lets the caller pass only the sheets the register reader did not
    recognise (``Office.ignored_sheets``), so workbooks are not read twice.
    """
    config = config or PaymentSettings()
    found: list[tuple[Statement, list[dict[str, Any]]]] = []
    if not root.is_dir():
        return Statements()
    wanted_files = None if sheets is None else {f for f, _ in sheets}
    wanted = None if sheets is None else set(sheets)
    for path, rel in _walk(root, output_dir):
        suffix = path.suffix.lower()
        try:
            if suffix in CSV_SUFFIXES:
                if path.stat().st_size > max_bytes:
                    continue
                found.extend(_from_bytes(path.read_bytes(), rel, config))
            elif suffix in SPREADSHEET_SUFFIXES and (wanted_files is None or rel in wanted_files):
                found.extend(_from_workbook(path, rel, config, wanted, max_bytes))
        except OSError:
            continue
    return combine(found)


def read_statement_bytes(data: bytes, rel: str, config: PaymentSettings | None = None) -> Statements:
    """The statement(s) in one CSV file's bytes (for tests and single files)."""
    return combine(_from_bytes(data, rel, config or PaymentSettings()))


def _from_bytes(data: bytes, rel: str, config: PaymentSettings) -> list[tuple[Statement, list[dict[str, Any]]]]:
    text = decode(data)
    if text is None:
        # cannot be decoded: a statement only if a header can still be seen through the damage
        text = data.decode("gb18030", errors="replace")
        lines = csv_lines(text)
        parsed = parse_lines(lines, rel, "", config)
        return [(replace(s, problem=UNREADABLE, problem_line=None, detail="encoding"), p) for s, p in parsed]
    return parse_lines(csv_lines(text), rel, "", config)


def _from_workbook(path: Path, rel: str, config: PaymentSettings, wanted: set[tuple[str, str]] | None,
                   max_bytes: int) -> list[tuple[Statement, list[dict[str, Any]]]]:
    from registers.io.grid import Unreadable
    from registers.io.read import iter_grids, read_bytes

    out: list[tuple[Statement, list[dict[str, Any]]]] = []
    try:
        data = read_bytes(path, max_bytes)
        for grid in iter_grids(data, rel, max_cells=5_000_000):
            if wanted is not None and (rel, grid.sheet) not in wanted:
                continue
            lines = [(i + 1, [cell_text(v) for v in row]) for i, row in enumerate(grid.rows)]
            out.extend(parse_lines(lines, rel, grid.sheet, config))
    except Unreadable:
        return out  # input.unreadable already reports a workbook that cannot be opened
    return out


# ---------------------------------------------------------------- recognising


WECHAT_NEEDS = ("交易时间", "微信订单号", "商户订单号", "交易状态")
ALIPAY_NEEDS = ("账务流水号", "业务流水号", "发生时间", "收入金额", "支出金额")


def _keys(fields: Sequence[str]) -> list[str]:
    return [header_key(f) for f in fields]


def _bank_columns(keys: list[str], mapping: BankMapping) -> dict[str, int] | None:
    def find(names: tuple[str, ...], taken: set[int]) -> int | None:
        for name in names:
            k = header_key(name)
            for i, h in enumerate(keys):
                if h == k and i not in taken:
                    return i
        return None

    cols: dict[str, int] = {}
    taken: set[int] = set()
    for role in ("amount_in", "date", "time", "counterparty", "reference", "memo"):
        i = find(getattr(mapping, role), taken)
        if i is not None:
            cols[role] = i
            if role != "time":
                taken.add(i)
    if "date" not in cols or "amount_in" not in cols:
        return None
    if cols.get("time") == cols["date"]:
        del cols["time"]
    # every further memo-like column (摘要 and 附言 both) is read as memo text too
    extra = 0
    while (i := find(mapping.memo, taken)) is not None:
        cols[f"memo{extra}"] = i
        taken.add(i)
        extra += 1
    return cols


def parse_lines(lines: list[Line], rel: str, sheet: str,
                config: PaymentSettings) -> list[tuple[Statement, list[dict[str, Any]]]]:
    """The statement these lines hold (recognised by its header line), or nothing."""
    for n, (_, fields) in enumerate(lines[:HEADER_SCAN_LINES]):
        keys = _keys(fields)
        if all(k in keys for k in WECHAT_NEEDS):
            return [_wechat(lines, n, rel, sheet)]
        if all(k in keys for k in ALIPAY_NEEDS):
            return [_alipay(lines, n, rel, sheet)]
        for mapping in config.bank_mappings:
            cols = _bank_columns(keys, mapping)
            if cols is not None:
                return [_bank(lines, n, cols, rel, sheet)]
    return []


def _text_of(fields: Sequence[str]) -> str:
    return ",".join(clean(f) for f in fields).rstrip(",")


def _coverage(preamble: Sequence[str], moments: Sequence[datetime]) -> tuple[date | None, date | None]:
    declared = declared_range(preamble)
    if declared:
        return declared
    if moments:
        return min(moments).date(), max(moments).date()
    return None, None


def _record(stmt_file: str, sheet: str, line: int, platform: str, channel: str, at: datetime, kind: str,
            amount: int, fee: int = 0, order_no: str = "", merchant_no: str = "", refund_no: str = "",
            refs: tuple[str, ...] = (), counterparty: str = "", text: str = "") -> dict[str, Any]:
    return {"file": stmt_file, "sheet": sheet, "line": line, "platform": platform, "channel": channel, "at": at,
            "kind": kind, "amount": amount, "fee": fee, "order_no": order_no, "merchant_no": merchant_no,
            "refund_no": refund_no, "refs": refs, "counterparty": counterparty, "text": text}


# ---------------------------------------------------------------- WeChat Pay


def _wechat(lines: list[Line], at: int, rel: str, sheet: str) -> tuple[Statement, list[dict[str, Any]]]:
    header = _keys(lines[at][1])
    col = {k: i for i, k in reversed(list(enumerate(header)))}
    amount_col = col.get("应结订单金额", col.get("总金额"))
    order_amount_col = col.get("订单金额")
    need = max(col[k] for k in WECHAT_NEEDS)
    if amount_col is not None:
        need = max(need, amount_col)
    preamble = [_text_of(f) for _, f in lines[:at]]
    records: list[dict[str, Any]] = []
    moments: list[datetime] = []
    n_rows = 0
    sums = {"amount": 0, "success_amount": 0, "refund": 0, "fee": 0, "order": 0}
    problem: tuple[str, int, str] | None = None
    summary_header: list[str] | None = None
    summary: tuple[int, list[str]] | None = None
    last_line = lines[at][0]

    def get(fields: list[str], name: str) -> str:
        i = col.get(name)
        return clean(fields[i]) if i is not None and i < len(fields) else ""

    for line, fields in lines[at + 1:]:
        if not any(clean(f) for f in fields):
            continue
        last_line = line
        first = clean(fields[0])
        if summary_header is None and header_key(first) in ("总交易单数", "总交易笔数"):
            summary_header = _keys(fields)
            continue
        if summary_header is not None:
            if summary is None:
                summary = (line, fields)
            continue
        if problem:
            continue
        when = moment(first)
        status = get(fields, "交易状态").upper()
        amt = money(clean(fields[amount_col])) if amount_col is not None and amount_col < len(fields) else None
        if len(fields) <= need or when is None or amt is None or not status:
            problem = (BAD_LINE, line, str(line))
            continue
        n_rows += 1
        moments.append(when)
        refund = money(get(fields, "退款金额")) or 0
        fee = money(get(fields, "手续费")) or 0
        sums["amount"] += amt
        sums["refund"] += refund
        sums["fee"] += fee
        order_amt = money(get(fields, "订单金额")) if order_amount_col is not None else None
        sums["order"] += order_amt or 0
        order_no, merchant_no = get(fields, "微信订单号"), get(fields, "商户订单号")
        refs = tuple(x.upper() for x in (order_no, merchant_no) if x) + reference_tokens(get(fields, "商户数据包"))
        goods = get(fields, "商品名称")
        if status == "SUCCESS":
            sums["success_amount"] += amt
            records.append(_record(rel, sheet, line, "wechat", WECHAT, when, PAYMENT, amt, fee, order_no,
                                   merchant_no, "", refs, get(fields, "用户标识"), goods))
        elif status == "REFUND":
            refund_no = get(fields, "微信退款单号") or get(fields, "商户退款单号")
            amount = refund or money(get(fields, "申请退款金额")) or 0
            records.append(_record(rel, sheet, line, "wechat", WECHAT, when, REFUND, abs(amount), fee, order_no,
                                   merchant_no, refund_no,
                                   refs + tuple(x.upper() for x in (refund_no, get(fields, "商户退款单号")) if x),
                                   get(fields, "用户标识"), goods))
    if summary_header is None or summary is None:
        if problem is None or problem[1] == last_line:
            problem = (TRUNCATED, last_line, str(last_line))
    elif problem is None:
        problem = _wechat_summary(summary_header, summary, n_rows, sums)
    first_day, last_day = _coverage(preamble, moments)
    stmt = Statement(rel, sheet, "wechat", WECHAT, first_day, last_day, n_rows,
                     *(problem if problem else (None, None, "")))
    return stmt, records


def _wechat_summary(header: list[str], summary: tuple[int, list[str]], n_rows: int,
                    sums: dict[str, int]) -> tuple[str, int, str] | None:
    line, fields = summary
    if len(fields) < len([h for h in header if h]):
        return (TRUNCATED, line, str(line))
    values = {k: clean(fields[i]) if i < len(fields) else "" for i, k in enumerate(header)}
    count = values.get("总交易单数", values.get("总交易笔数", ""))
    total = money(values.get("应结订单总金额", values.get("总交易额", "")))
    refunds = money(values.get("退款总金额", values.get("总退款金额", "")))
    fees = money(values.get("手续费总金额", ""))
    if not count.isdigit() or total is None:
        return (SUMMARY, line, f"{count or '?'}")
    shown = f"{n_rows} / {sums['amount'] / 100:,.2f} ≠ {int(count)} / {total / 100:,.2f}"
    if int(count) != n_rows or total not in (sums["amount"], sums["success_amount"]):
        return (SUMMARY, line, shown)
    if refunds is not None and refunds != sums["refund"]:
        return (SUMMARY, line, f"{sums['refund'] / 100:,.2f} ≠ {refunds / 100:,.2f}")
    if fees is not None and "手续费总金额" in values and fees != sums["fee"]:
        return (SUMMARY, line, f"{sums['fee'] / 100:,.2f} ≠ {fees / 100:,.2f}")
    return None


# ---------------------------------------------------------------- Alipay

_ALIPAY_TOTAL = re.compile(r"(收入|支出)合计[:：]\s*(\d+)\s*笔[,，]?\s*共?\s*([-+]?[\d,]+(?:\.\d+)?)\s*元")


def _alipay(lines: list[Line], at: int, rel: str, sheet: str) -> tuple[Statement, list[dict[str, Any]]]:
    header = _keys(lines[at][1])
    col = {k: i for i, k in reversed(list(enumerate(header)))}
    need = max(col[k] for k in ALIPAY_NEEDS)
    preamble = [_text_of(f) for _, f in lines[:at]]

    def get(fields: list[str], name: str) -> str:
        i = col.get(name)
        return clean(fields[i]) if i is not None and i < len(fields) else ""

    records: list[dict[str, Any]] = []
    fees: dict[str, int] = {}
    moments: list[datetime] = []
    n_rows = n_in = n_out = 0
    sum_in = sum_out = 0
    totals: dict[str, tuple[int, int, int]] = {}
    footer = False
    problem: tuple[str, int, str] | None = None
    last_line = lines[at][0]
    for line, fields in lines[at + 1:]:
        if not any(clean(f) for f in fields):
            continue
        last_line = line
        text = _text_of(fields)
        if text.startswith("#"):
            footer = True
            m = _ALIPAY_TOTAL.search(unicodedata.normalize("NFKC", text))
            if m:
                amount = money(m[3])
                totals[m[1]] = (int(m[2]), abs(amount or 0), line)
            continue
        if footer or problem:
            continue
        when = moment(get(fields, "发生时间"))
        income, spent = _money_or_zero(get(fields, "收入金额")), _money_or_zero(get(fields, "支出金额"))
        if len(fields) <= need or when is None or income is None or spent is None:
            problem = (BAD_LINE, line, str(line))
            continue
        n_rows += 1
        moments.append(when)
        serial, trade, merchant = get(fields, "账务流水号"), get(fields, "业务流水号"), get(fields, "商户订单号")
        kind_text, note, goods = get(fields, "业务类型"), get(fields, "备注"), get(fields, "商品名称")
        refs = tuple(x.upper() for x in (trade, merchant, serial) if x) + reference_tokens(goods) \
            + reference_tokens(note)
        if income:
            n_in += 1
            sum_in += abs(income)
            if "提现" not in kind_text:
                records.append(_record(rel, sheet, line, "alipay", ALIPAY, when, PAYMENT, abs(income), 0,
                                       trade or serial, merchant, "", refs, get(fields, "对方账号"),
                                       goods or note))
        if spent:
            n_out += 1
            sum_out += abs(spent)
            if "退款" in kind_text:
                records.append(_record(rel, sheet, line, "alipay", ALIPAY, when, REFUND, abs(spent), 0,
                                       trade or serial, merchant, serial, refs, get(fields, "对方账号"),
                                       goods or note))
            elif "收费" in kind_text or "服务费" in kind_text or "服务费" in note:
                fees[(trade or serial).upper()] = fees.get((trade or serial).upper(), 0) + abs(spent)
    for rec in records:
        if rec["kind"] == PAYMENT:
            rec["fee"] = fees.get(rec["order_no"].upper(), 0)
    if "收入" not in totals or "支出" not in totals:
        if problem is None or problem[1] == last_line:
            problem = (TRUNCATED, last_line, str(last_line))
    elif problem is None:
        (c_in, s_in, line_in), (c_out, s_out, line_out) = totals["收入"], totals["支出"]
        if (c_in, s_in) != (n_in, sum_in):
            problem = (SUMMARY, line_in, f"{n_in} / {sum_in / 100:,.2f} ≠ {c_in} / {s_in / 100:,.2f}")
        elif (c_out, s_out) != (n_out, sum_out):
            problem = (SUMMARY, line_out, f"{n_out} / {sum_out / 100:,.2f} ≠ {c_out} / {s_out / 100:,.2f}")
    first_day, last_day = _coverage(preamble, moments)
    stmt = Statement(rel, sheet, "alipay", ALIPAY, first_day, last_day, n_rows,
                     *(problem if problem else (None, None, "")))
    return stmt, records


# ---------------------------------------------------------------- banks

_FOOTER_WORDS = ("合计", "小计", "总计", "本页", "共计", "累计", "total")


def _bank(lines: list[Line], at: int, cols: dict[str, int], rel: str,
          sheet: str) -> tuple[Statement, list[dict[str, Any]]]:
    preamble = [_text_of(f) for _, f in lines[:at]]
    need = max(cols.values())

    def get(fields: list[str], role: str) -> str:
        i = cols.get(role)
        return clean(fields[i]) if i is not None and i < len(fields) else ""

    records: list[dict[str, Any]] = []
    moments: list[datetime] = []
    n_rows = 0
    problem: tuple[str, int, str] | None = None
    trailer: list[str] = []
    ended = False
    for line, fields in lines[at + 1:]:
        if not any(clean(f) for f in fields):
            continue
        text = _text_of(fields)
        if ended or (any(w in text.lower() for w in _FOOTER_WORDS) and moment(get(fields, "date")) is None):
            ended = True
            trailer.append(text)
            continue
        if problem:
            continue
        when = moment(get(fields, "date"))
        if when is not None and "time" in cols:
            t = time_of(get(fields, "time"))
            if t is not None:
                when = datetime.combine(when.date(), t)
        amount = _money_or_zero(get(fields, "amount_in"))
        if len(fields) <= need or when is None or amount is None:
            problem = (BAD_LINE, line, str(line))
            continue
        n_rows += 1
        moments.append(when)
        if amount <= 0:
            continue
        reference = get(fields, "reference")
        memo = " ".join(x for x in (get(fields, k) for k in cols if k.startswith("memo")) if x)
        refs = ((reference.upper(),) if reference else ()) + reference_tokens(memo)
        records.append(_record(rel, sheet, line, "bank", BANK, when, PAYMENT, amount, 0, reference, "", "", refs,
                               get(fields, "counterparty"), memo))
    first_day, last_day = _coverage([*preamble, *trailer], moments)
    stmt = Statement(rel, sheet, "bank", BANK, first_day, last_day, n_rows,
                     *(problem if problem else (None, None, "")))
    return stmt, records


# ---------------------------------------------------------------- all together


def _identity(p: pd.DataFrame) -> pd.Series:
    """What makes two rows of two downloads the same payment: the platform's numbers, else its content."""
    numbered = p["order_no"].astype(str) + "|" + p["refund_no"].astype(str)
    content = p["at"].astype(str) + "|" + p["amount"].astype(str) + "|" + p["counterparty"].astype(str) + "|" \
        + p["text"].astype(str)
    has_no = (p["order_no"].astype(str) != "") | (p["refund_no"].astype(str) != "")
    return p["platform"] + "|" + p["kind"] + "|" + numbered.where(has_no, content)


def combine(found: list[tuple[Statement, list[dict[str, Any]]]]) -> Statements:
    """Statements in a fixed order (complete ones first, then by file and sheet) and their payments, each once.

    A payment in two overlapping downloads is kept from the first statement only.
    """
    order = sorted(range(len(found)), key=lambda i: (not found[i][0].complete, found[i][0].file, found[i][0].sheet))
    statements = [found[i][0] for i in order]
    rows = [dict(rec, stmt=rank) for rank, i in enumerate(order) for rec in found[i][1]]
    if not rows:
        return Statements(statements, empty_payments())
    p = pd.DataFrame(rows, columns=list(PAYMENT_COLUMNS))
    p["at"] = pd.to_datetime(p["at"]).astype("datetime64[us]")
    p["amount"] = p["amount"].astype("int64")
    p["fee"] = p["fee"].astype("int64")
    p["line"] = p["line"].astype("int64")
    p["stmt"] = p["stmt"].astype("int64")
    ident = _identity(p)
    # within one file every row counts; a later file repeating a row of an earlier one does not
    nth = p.groupby([ident, p["stmt"]]).cumcount()
    key = ident + "#" + nth.astype(str)
    first_stmt = p.groupby(key)["stmt"].transform("min")
    p = p[p["stmt"] == first_stmt].sort_values(["stmt", "line"], kind="stable").reset_index(drop=True)
    return Statements(statements, p)
