"""The demo office's platform statements and non-cash receipts, read without the tool (csv, openpyxl, Decimal).

For the day close's and the monthly statement's non-cash blocks: what each platform received,
refunded and charged (手续费) per day, every payment and refund with its file and line, and the
ledger's live non-cash receipts per channel.  Only the demo's formats are known here: the WeChat
Pay trade bills (UTF-8 with BOM, backtick fields, a summary after the details), the Alipay account
statements (GBK, ``#`` lines, fees as separate 收费 rows) and the one bank statement (title lines,
a 合计 footer).  A payment repeated in a re-downloaded (cut off) bill counts once.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

FOLDER = "对账单"
CHANNEL = {"微信": "微信", "支付宝": "支付宝", "银行卡": "银行", "转账": "银行"}


@dataclass(frozen=True)
class Event:
    channel: str
    kind: str  # payment | refund | fee
    file: str  # relative to the office, forward slashes
    line: int  # 1-based line of the file
    at: datetime
    amount: int  # fen, positive (a fee may be negative: WeChat returns it on a refund)
    order_no: str


def fen(text: Any) -> int | None:
    if text is None:
        return None
    if isinstance(text, (int, float)):
        return int((Decimal(str(text)) * 100).to_integral_value())
    s = str(text).replace("¥", "").replace("￥", "").replace(",", "").strip()
    if not s:
        return None
    try:
        return int((Decimal(s) * 100).to_integral_value())
    except InvalidOperation:
        return None


def _lines(path: Path, encoding: str) -> list[tuple[int, list[str]]]:
    text = path.read_bytes().decode(encoding)
    return [(n, next(csv.reader(io.StringIO(line)))) for n, line in enumerate(text.splitlines(), start=1) if line]


def _clean(v: str) -> str:
    return v.strip().lstrip("`").strip()


def _wechat(path: Path, rel: str) -> list[Event]:
    rows = _lines(path, "utf-8-sig")
    head = [_clean(h) for h in rows[0][1]]
    col = {h: i for i, h in enumerate(head)}
    out = []
    for n, fields in rows[1:]:
        if _clean(fields[0]).startswith("总交易单数"):
            break
        if len(fields) < len(head):
            continue  # a line cut off mid-way
        f = [_clean(x) for x in fields]
        at = datetime.strptime(f[col["交易时间"]], "%Y-%m-%d %H:%M:%S")
        order = f[col["微信订单号"]]
        fee = fen(f[col["手续费"]]) or 0
        if f[col["交易状态"]] == "SUCCESS":
            out.append(Event("微信", "payment", rel, n, at, fen(f[col["应结订单金额"]]) or 0, order))
        elif f[col["交易状态"]] == "REFUND":
            out.append(Event("微信", "refund", rel, n, at, fen(f[col["退款金额"]]) or 0, order))
        out.append(Event("微信", "fee", rel, n, at, fee, order))
    return out


def _alipay(path: Path, rel: str) -> list[Event]:
    rows = _lines(path, "gbk")
    start = next(i for i, (_, f) in enumerate(rows) if f and f[0].strip() == "账务流水号")
    head = [h.strip() for h in rows[start][1]]
    col = {h: i for i, h in enumerate(head)}
    out = []
    for n, fields in rows[start + 1:]:
        if fields[0].startswith("#"):
            continue
        f = [x.strip() for x in fields]
        at = datetime.strptime(f[col["发生时间"]], "%Y-%m-%d %H:%M:%S")
        trade = f[col["业务流水号"]]
        income, spent = fen(f[col["收入金额（+元）"]]), fen(f[col["支出金额（-元）"]])
        kind = f[col["业务类型"]]
        if income:
            out.append(Event("支付宝", "payment", rel, n, at, income, trade))
        elif spent and kind == "收费":
            out.append(Event("支付宝", "fee", rel, n, at, abs(spent), trade))
        elif spent and "退款" in kind:
            out.append(Event("支付宝", "refund", rel, n, at, abs(spent), trade))
    return out


def _bank(path: Path, rel: str) -> list[Event]:
    rows = _lines(path, "utf-8")
    start = next(i for i, (_, f) in enumerate(rows) if f and f[0].strip() == "交易日期")
    head = [h.strip() for h in rows[start][1]]
    col = {h: i for i, h in enumerate(head)}
    out = []
    for n, f in rows[start + 1:]:
        if not re.match(r"\d{4}-\d{2}-\d{2}$", f[0].strip()):
            continue  # the 合计 footer
        credit = fen(f[col["贷方发生额"]])
        if credit:
            at = datetime.strptime(f"{f[col['交易日期']]} {f[col['交易时间']]}", "%Y-%m-%d %H:%M:%S")
            out.append(Event("银行", "payment", rel, n, at, credit, f[col["交易流水号"]].strip()))
    return out


def events(office: Path) -> list[Event]:
    """Every payment, refund and fee of the demo's statements, each once (the first file that has it)."""
    out: list[Event] = []
    seen: set[tuple[str, str, str, datetime]] = set()
    for path in sorted((office / FOLDER).iterdir()):
        rel = f"{FOLDER}/{path.name}"
        if path.name.startswith("微信"):
            found = _wechat(path, rel)
        elif path.name.endswith("账务明细.csv"):
            found = _alipay(path, rel)
        elif path.name.startswith("建行"):
            found = _bank(path, rel)
        else:
            continue
        for e in found:
            key = (e.channel, e.kind, e.order_no, e.at)
            if key not in seen:
                seen.add(key)
                out.append(e)
    return out


def platform_totals(office: Path, first: date, last: date) -> dict[str, dict[str, int]]:
    """Per channel over the days ``first``–``last``: received, refunded, fees (fen)."""
    out: dict[str, dict[str, int]] = {ch: {"received": 0, "refunded": 0, "fees": 0} for ch in ("微信", "支付宝", "银行")}
    key = {"payment": "received", "refund": "refunded", "fee": "fees"}
    for e in events(office):
        if first <= e.at.date() <= last:
            out[e.channel][key[e.kind]] += e.amount
    return out


def _moment(v: Any) -> datetime | None:
    if isinstance(v, datetime):
        return v
    if isinstance(v, date):
        return datetime.combine(v, datetime.min.time())
    m = re.match(r"(\d{4})\s*[年/.\-]\s*(\d{1,2})\s*[月/.\-]\s*(\d{1,2})日?(?:\s+(\d{1,2}):(\d{2}))?", str(v or ""))
    return datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4] or 0), int(m[5] or 0)) if m else None


def receipts(office: Path) -> list[dict[str, Any]]:
    """The fee ledger's 收费明细 rows with their worksheet row, 收款日期 read as a moment."""
    ws = load_workbook(office / "收费台账.xlsx", data_only=True)["收费明细"]
    rows = list(ws.iter_rows(values_only=True))
    h = next(i for i, r in enumerate(rows) if r and r[0] == "收据号")
    heads = [str(c) if c is not None else "" for c in rows[h]]
    out = []
    for n, r in enumerate(rows[h + 1:], start=h + 2):
        if not r or r[0] is None or str(r[0]).startswith(("合计", "制表人")):
            continue
        rec = dict(zip(heads, r, strict=False))
        rec["_row"] = n
        rec["_at"] = _moment(rec["收款日期"])
        out.append(rec)
    return out


def ledger_by_channel(office: Path, day: date) -> dict[str, tuple[int, int]]:
    """Per channel: (count, fen) of the day's live non-cash receipts with an amount above zero."""
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in receipts(office):
        amount = fen(r["金额(元)"])
        if r["_at"] is None or r["_at"].date() != day or r["状态"] == "作废" or r["收款方式"] not in CHANNEL:
            continue
        if amount is None or amount <= 0:
            continue
        ch = CHANNEL[r["收款方式"]]
        out[ch][0] += 1
        out[ch][1] += amount
    return {ch: (out[ch][0], out[ch][1]) for ch in ("微信", "支付宝", "银行")}
