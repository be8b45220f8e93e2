"""A large office for the benchmark: a year of every register, written fast and the same on every run.

At scale 1: 5,000 units, 200,000+ receipts (one sheet per month), 20,000 repairs,
10,000 key loans, and the other registers in proportion (2,000 complaints,
8,000+ return visits, 2,500 keys, 600 renovations, 500 archive loans, a duty
record and a shift handover per post and shift, a cash handover per cashier and
day).  ``--scale N`` multiplies every count (units, cashiers, posts…) by N.

The layout is the demo office's (``registers.demo.office``): the same headers from
``registers.core.spec``, title rows above the header, text dates, ``¥1,234.00``
amounts, units typed three ways, phones typed as numbers.  A sprinkling of
problems is planted at fixed rates (late dispatches, price mismatches, cash
not cleared, keys overdue, unreadable cells far below row 1,000…) so every rule
has real work to do; :func:`generate` returns how many of each were planted.

Files are written with XlsxWriter in ``constant_memory`` mode.  A fixed seed, no
clock: the same scale gives the same files.

    python benchmarks/generate.py DEST [--scale N]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time as _time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from registers.demo.common import (
    CASHIERS,
    CLERKS,
    GIVEN,
    GUARDS,
    MANAGER,
    SUPERVISOR,
    SURNAMES,
    TECHNICIANS,
    cn_datetime,
    columns,
    slash_date,
    unit_variants,
)
from registers.demo.duty import ROUTINE
from registers.demo.service import COMPLAINTS, REPAIR_CONTENT

YEAR = 2025
SEED = 20251231
OFFICE = "阿尔卡迪亚管理处"
FIXED = datetime(2025, 12, 31, 18, 0)
EPOCH = datetime(1899, 12, 30)
OPENING_FLOAT_FEN = 500_000  # 备用金 ¥5,000.00
LARGE_FEN = 500_000

CONFIG = f"""# The benchmark office, written by benchmarks/generate.py (scale {{scale}})
office = "{OFFICE}"
language = "zh-Hans"
timezone = "Asia/Shanghai"

[limits]
opening_float = {OPENING_FLOAT_FEN / 100:.2f}
"""

# item: (class, basis, unit price in fen)
SCHEDULE = {
    "物业服务费": ("物业服务费", "按面积", 120),
    "电梯费": ("物业服务费", "按面积", 30),
    "水费": ("代收代缴", "按用量", 350),
    "电费": ("代收代缴", "按用量", 56),
    "停车费": ("其他", "按户", 15000),
    "装修管理费": ("装修管理费", "按次", 30000),
    "装修押金": ("押金", "按次", 200000),
}
AREAS10 = (764, 895, 987, 1123, 1186, 1286, 1352, 1438)  # building area in tenths of m²
ITEMS = ("物业服务费",) * 5 + ("电梯费", "水费", "水费", "电费", "停车费", "停车费")
METHODS = ("现金", "现金", "现金", "微信", "微信", "微信", "支付宝", "支付宝", "银行卡", "转账")
POSTS = ("客服中心", "东门岗", "西门岗", "监控室")


# --------------------------------------------------------------------------- sheets


@dataclass
class Sheet:
    """A sheet to write: title row, header row from the spec, then rows of values keyed by column."""

    name: str
    columns: list[tuple[str, str]]
    title: str
    rows: list[dict[str, Any]] = field(default_factory=list)

    def add(self, **values: Any) -> int:
        """Append a row; its worksheet row number (1-based)."""
        self.rows.append(values)
        return 2 + len(self.rows)


class Writer:
    """XlsxWriter in constant-memory mode, with the few cell formats clerks' workbooks have."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False,
                                                    "strings_to_formulas": False, "strings_to_urls": False})
        self.book.set_properties({"author": OFFICE, "created": FIXED})
        self.f_dt = self.book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        self.f_date = self.book.add_format({"num_format": "yyyy-mm-dd"})
        self.f_time = self.book.add_format({"num_format": "hh:mm"})
        self.f_money = self.book.add_format({"num_format": "#,##0.00"})
        self.f_title = self.book.add_format({"bold": True, "font_size": 14, "align": "center"})
        self.f_head = self.book.add_format({"bold": True})

    def sheet(self, sheet: Sheet) -> None:
        ws = self.book.add_worksheet(sheet.name)
        keys = [k for k, _ in sheet.columns]
        ws.merge_range(0, 0, 0, len(keys) - 1, sheet.title, self.f_title)
        for c, (_, header) in enumerate(sheet.columns):
            ws.write_string(1, c, header, self.f_head)
        ws.freeze_panes(2, 0)
        write_number, write_string = ws.write_number, ws.write_string
        f_dt, f_date, f_time, f_money = self.f_dt, self.f_date, self.f_time, self.f_money
        for r, row in enumerate(sheet.rows, start=2):
            for c, key in enumerate(keys):
                v = row.get(key)
                if v is None:
                    continue
                t = type(v)
                if t is str:
                    write_string(r, c, v)
                elif t is datetime:
                    write_number(r, c, (v - EPOCH).total_seconds() / 86400, f_dt)
                elif t is date:
                    write_number(r, c, float((v - EPOCH.date()).days), f_date)
                elif t is time:
                    write_number(r, c, (v.hour * 3600 + v.minute * 60) / 86400, f_time)
                elif t is Money:
                    write_number(r, c, v.fen / 100, f_money)
                else:
                    write_number(r, c, v)

    def close(self) -> None:
        self.book.close()


@dataclass(frozen=True)
class Money:
    fen: int


def yuan(fen: int) -> str:
    return f"¥{fen // 100:,}.{fen % 100:02d}"


def days_of_year() -> list[date]:
    d, out = date(YEAR, 1, 1), []
    while d.year == YEAR:
        out.append(d)
        d += timedelta(days=1)
    return out


# --------------------------------------------------------------------------- the office


@dataclass
class Unit:
    unit: str
    owner: str
    phone: str
    area10: int


@dataclass
class Office:
    rng: random.Random
    scale: int
    units: list[Unit]
    planted: Counter[str] = field(default_factory=Counter)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def plant(self, rule: str) -> None:
        self.planted[rule] += 1


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _units(rng: random.Random, scale: int) -> list[Unit]:
    units = []
    for b in range(1, 50 * scale + 1):
        for e in (1, 2):
            for floor in range(1, 26):
                for room in (1, 2):
                    phone = "1" + rng.choice(("38", "39", "58", "59", "86", "87", "36", "77")) + f"{rng.randrange(10**8):08d}"
                    units.append(Unit(f"{b}-{e}-{floor}{room:02d}", _name(rng), phone, rng.choice(AREAS10)))
    return units


def _write_units(o: Office, dest: Path) -> None:
    s = Sheet("业主档案", columns("units", headers={"area": "建筑面积（㎡）"}, front=(("seq", "序号"),)), f"{OFFICE} 业主档案")
    for i, u in enumerate(o.units, 1):
        phone: Any = u.phone
        if i % 7 == 0:
            phone = int(u.phone)
        elif i % 11 == 0:
            phone = f"{u.phone[:3]} {u.phone[3:7]} {u.phone[7:]}"
        s.add(seq=i, unit=unit_variants(u.unit)[1] if i % 13 == 0 else u.unit, owner=u.owner, phone=phone,
              area=u.area10 / 10, handover_date=date(2019, 6, 28), status="入住" if i % 10 else "空置")
    _save(dest / "业主档案.xlsx", [s])


def _save(path: Path, sheets: Sequence[Sheet]) -> None:
    w = Writer(path)
    for s in sheets:
        w.sheet(s)
    w.close()


# --------------------------------------------------------------------------- fee ledger


@dataclass
class Receipt:
    paid_at: datetime
    unit: str
    item: str
    amount: int  # fen
    method: str
    cashier: str
    period: str | None = None
    months: int | None = None
    quantity: float | None = None
    unit_price: int | None = None
    status: str = "正常"
    note: str | None = None
    number: int = 0
    gap_before: bool = False
    duplicate: bool = False
    bad_amount: bool = False

    @property
    def counts(self) -> bool:
        return self.status == "正常"


def _period_text(y: int, m: int, months: int, style: int) -> str:
    ey, em = y + (m - 1 + months - 1) // 12, (m - 1 + months - 1) % 12 + 1
    if months == 1:
        return f"{y}-{m:02d}" if style == 0 else f"{y}年{m}月"
    if style == 0 or ey != y:
        return f"{y}.{m:02d}-{ey}.{em:02d}"
    return f"{y}年{m}月-{em}月"


def _half_up(num: int, den: int) -> int:
    return (2 * num + den) // (2 * den)


def _receipt(o: Office, at: datetime, cashier: str) -> Receipt:
    rng = o.rng
    u = rng.choice(o.units)
    method = rng.choice(METHODS)
    item = rng.choice(ITEMS)
    _, basis, price = SCHEDULE[item]
    if basis == "按面积":
        months = rng.choice((1, 1, 3, 3, 6, 12))
        start_m = at.month if months == 1 else rng.choice((at.month, min(at.month + 1, 12)))
        amount = _half_up(price * u.area10 * months, 10)
        return Receipt(at, u.unit, item, amount, method, cashier, _period_text(YEAR, start_m, months, rng.randrange(2)),
                       months if rng.random() < 0.5 else None, u.area10 / 10 if rng.random() < 0.4 else None, price)
    if item == "停车费":
        months = rng.choice((1, 3, 6))
        return Receipt(at, u.unit, item, price * months, method, cashier, _period_text(YEAR, at.month, months, 0),
                       months, 1.0, price)
    qty = rng.randint(6, 28) if item == "水费" else rng.randint(80, 420)
    prev_m = at.month - 1 or 12
    return Receipt(at, u.unit, item, price * qty, method, cashier,
                   _period_text(YEAR if at.month > 1 else YEAR - 1, prev_m, 1, 1), 1, float(qty), price)


@dataclass
class Renovation:
    permit_id: str
    unit: Unit
    applied: date
    approved: date
    alterations: str
    verified_by: str | None
    verified: date | None
    started: date
    finished: date | None
    inspected: date | None
    refunded: date | None
    fee: int = 30000
    deposit: int = 200000
    receipts: list[Receipt] = field(default_factory=list)
    missing_receipt: str | None = None


def _renovations(o: Office) -> list[Renovation]:
    rng = o.rng
    out = []
    for i in range(600 * o.scale):
        applied = date(YEAR, 1, 6) + timedelta(days=rng.randrange(330))
        approved = applied + timedelta(days=rng.randint(1, 3))
        alters = rng.random() < 0.2
        started = approved + timedelta(days=rng.randint(1, 5))
        finished = started + timedelta(days=rng.randint(10, 40))
        finished_ok = finished <= date(YEAR, 12, 20)
        inspected = finished + timedelta(days=rng.randint(1, 5)) if finished_ok else None
        refunded = inspected + timedelta(days=rng.randint(1, 10)) if inspected else None
        reno = Renovation(f"ZX{YEAR}-{i + 1:05d}", rng.choice(o.units), applied, approved,
                          rng.choice(("改动卫生间防水层", "拆除阳台非承重墙")) if alters else "否",
                          rng.choice(TECHNICIANS) if alters else None,
                          approved - timedelta(days=1) if alters else None,
                          started, finished if finished_ok else None, inspected, refunded)
        p = rng.random()
        if p < 0.01:
            reno.verified_by = reno.verified = None
            reno.alterations = "拆除阳台非承重墙"
            o.plant("renovation.unverified-alteration")
        elif p < 0.02:
            reno.deposit = 150000
            o.plant("renovation.fee-mismatch")
        elif p < 0.03 and reno.inspected:
            reno.inspected = None
            reno.refunded = None
            o.plant("renovation.no-acceptance")
        elif p < 0.04:
            reno.missing_receipt = f"NO.{9_000_000 + i:07d}"
            o.plant("renovation.fee-mismatch")
        out.append(reno)
    return out


def _receipts(o: Office, renos: list[Renovation], cashiers: Sequence[str]) -> list[Receipt]:
    rng = o.rng
    per_day = 200_000 * o.scale // 365 + 1
    out: list[Receipt] = []
    for day in days_of_year():
        for _ in range(per_day):
            at = datetime.combine(day, time(rng.randint(8, 16), rng.randint(0, 59)))
            r = _receipt(o, at, rng.choice(cashiers))
            p = rng.random()
            if p < 0.0003:
                r.amount = _half_up(r.amount * 2, 3) if r.months and r.months == 3 else r.amount + 1000
                o.plant("fee.price-mismatch")
            elif p < 0.0004:
                r.item, r.amount, r.period, r.months, r.quantity, r.unit_price = "垃圾清运费", 5000, None, None, 1.0, 5000
                o.plant("fee.unknown-item")
            elif p < 0.00045:
                r.gap_before = True
                o.plant("fee.receipt-gap")
            elif p < 0.0005 and r.method != "现金":
                r.bad_amount = True
                o.plant("input.bad-value")
            elif p < 0.0006:
                # a two-year prepayment: a large receipt, reported the same day
                u = next(x for x in o.units if x.unit == r.unit)
                r.item, r.months, r.period, r.unit_price = "物业服务费", 48, _period_text(YEAR, day.month, 48, 0), 120
                r.amount, r.quantity, r.note = _half_up(120 * u.area10 * 48, 10), None, "预交四年"
            elif p < 0.0008:
                r.status, r.note = "作废", "金额填错作废"
            out.append(r)
    for reno in renos:
        at = datetime.combine(reno.approved, time(rng.randint(9, 15), rng.randint(0, 58)))
        cashier = rng.choice(cashiers)
        method = rng.choice(("现金", "微信", "转账"))
        fee = Receipt(at, reno.unit.unit, "装修管理费", reno.fee, method, cashier, quantity=1.0, unit_price=30000,
                      note=reno.permit_id)
        dep = Receipt(at + timedelta(minutes=1), reno.unit.unit, "装修押金", reno.deposit, method, cashier, quantity=1.0,
                      unit_price=200000, note=reno.permit_id)
        reno.receipts = [fee] if reno.missing_receipt else [fee, dep]
        out.extend(reno.receipts)
    out.sort(key=lambda r: r.paid_at)
    number = 1_000_000
    for i, r in enumerate(out):
        number += 2 if r.gap_before else 1
        r.number = number
        if i % 50_000 == 7_777 and i:
            r.duplicate = True
            o.plant("input.duplicate-id")
    return out


def _no(r: Receipt, previous: int) -> str:
    return f"NO.{previous if r.duplicate else r.number:07d}"


@dataclass
class Handover:
    day: date
    cashier: str
    cash: int
    noncash: int
    large: bool
    handed_at: datetime


def _handovers(o: Office, receipts: list[Receipt]) -> list[Handover]:
    groups: dict[tuple[date, str], list[Receipt]] = {}
    for r in receipts:
        if r.counts:
            groups.setdefault((r.paid_at.date(), r.cashier), []).append(r)
    out = []
    for (day, cashier), rs in sorted(groups.items()):
        cash = sum(r.amount for r in rs if r.method == "现金")
        if not cash:
            continue
        large = any(r.amount >= LARGE_FEN for r in rs)
        h = Handover(day, cashier, cash, sum(r.amount for r in rs if r.method != "现金"), large,
                     datetime.combine(day, time(17, 30)))
        p = o.rng.random()
        if p < 0.003:
            h.cash -= 10000
            o.plant("fee.not-cleared")
        elif p < 0.006:
            h.handed_at = datetime.combine(day + timedelta(days=1), time(9, 10))
            o.plant("fee.handover-late")
        elif large and p < 0.2:
            h.large = False
            o.plant("fee.large-not-reported")
        out.append(h)
    return out


@dataclass
class Expense:
    day: date
    category: str
    description: str
    amount: int
    method: str
    approver: str | None


def _expenses(o: Office) -> list[Expense]:
    rng = o.rng
    out = []
    for day in days_of_year():
        for _ in range(rng.choice((2, 3, 4)) * o.scale):
            cash = rng.random() < 0.05
            e = Expense(day, rng.choice(("保洁费", "绿化费", "维修费", "办公费", "维保费")),
                        rng.choice(("保洁用品采购", "绿化养护", "配件采购", "打印纸、墨盒", "电梯维保")),
                        rng.randint(50, 300) * 100 if cash else rng.randint(200, 8000) * 100,
                        "现金" if cash else "转账", MANAGER)
            if rng.random() < 0.01:
                e.approver = None
                o.plant("fee.unapproved-expense")
            out.append(e)
    return out


def _write_fee_ledger(o: Office, dest: Path, receipts: list[Receipt], handovers: list[Handover],
                      expenses: list[Expense]) -> None:
    rng = o.rng
    cols = columns("fee_ledger.receipts", headers={"amount": "金额(元)", "unit_price": "单价（元）"})
    months: list[Sheet] = [Sheet(f"{m}月", cols, f"{OFFICE} 收费明细台账 {YEAR}年{m}月") for m in range(1, 13)]
    previous = 0
    for i, r in enumerate(receipts):
        s = months[r.paid_at.month - 1]
        paid: Any = r.paid_at
        if i % 61 == 5 and r.method != "现金":
            paid = slash_date(r.paid_at.date())
        elif i % 37 == 9:
            paid = cn_datetime(r.paid_at)
        amount: Any = Money(r.amount)
        if r.bad_amount:
            amount = rng.choice(("待定", "见备注", "3OO.00"))
        elif r.amount >= 100000 and i % 3 == 0:
            amount = yuan(r.amount)
        s.add(receipt_no=_no(r, previous), paid_at=paid, unit=unit_variants(r.unit)[(i // 4) % 3] if i % 4 == 0 else r.unit,
              payer=None, item=r.item, period=r.period, months=r.months, quantity=r.quantity,
              unit_price=None if r.unit_price is None else Money(r.unit_price), amount=amount, method=r.method,
              cashier=r.cashier, status=r.status, note=r.note)
        previous = r.number

    sched = Sheet("收费标准", columns("fee_ledger.schedule"), f"{OFFICE} 收费标准（明码标价）")
    for item, (cls, basis, price) in SCHEDULE.items():
        sched.add(item=item, **{"class": cls}, basis=basis, unit_price=Money(price), valid_from=date(YEAR, 1, 1))

    hand = Sheet("日结上交", columns("fee_ledger.handover"), f"{OFFICE} 收费日结上交登记 {YEAR}年")
    for i, h in enumerate(handovers):
        hand.add(date=h.day if i % 10 != 7 else f"{h.day.year}.{h.day.month}.{h.day.day}", cashier=h.cashier,
                 cash_handed=Money(h.cash), noncash_total=Money(h.noncash), handed_at=h.handed_at, receiver="周建华",
                 deposit_slip=f"CK{h.day:%Y%m%d}-{i % 100:02d}", large_reported="是" if h.large else "否")

    exp = Sheet("支出明细", columns("fee_ledger.expenditures"), f"{OFFICE} 支出明细 {YEAR}年")
    for i, e in enumerate(expenses, 1):
        exp.add(date=e.day, voucher=f"ZC{YEAR}{i:06d}", category=e.category, description=e.description,
                amount=Money(e.amount), method=e.method, handler=SUPERVISOR, approver=e.approver)

    # Month-end counts of the cash box: float + cash receipts − handovers − cash expenditures.
    events: list[tuple[datetime, int]] = []
    events += [(r.paid_at, r.amount) for r in receipts if r.counts and r.method == "现金"]
    events += [(h.handed_at, -h.cash) for h in handovers]
    events += [(datetime.combine(e.day, time()), -e.amount) for e in expenses if e.method == "现金"]
    events.sort()
    count = Sheet("现金盘点", columns("fee_ledger.cash_counts"), f"{OFFICE} 库存现金盘点表 {YEAR}年")
    k, balance = 0, OPENING_FLOAT_FEN
    for m in range(1, 13):
        for day in (15, 28):
            at = datetime(YEAR, m, day, 20, 0)
            while k < len(events) and events[k][0] <= at:
                balance += events[k][1]
                k += 1
            counted = balance
            if rng.random() < 0.1:
                counted -= 5000
                o.plant("fee.cash-count-mismatch")
            count.add(at=at, counted=Money(counted), counter=CASHIERS[0], witness=MANAGER)
    _save(dest / "收费台账.xlsx", [*months, sched, hand, exp, count])


def _write_renovations(o: Office, dest: Path, renos: list[Renovation]) -> None:
    s = Sheet("装修登记", columns("renovations", headers={"fee": "装修管理费（元）", "deposit": "装修押金(元)"}),
              f"{OFFICE} 装修登记表 {YEAR}年")
    for i, rn in enumerate(renos):
        numbers = [f"NO.{r.number:07d}" for r in rn.receipts] + ([rn.missing_receipt] if rn.missing_receipt else [])
        s.add(permit_id=rn.permit_id, unit=rn.unit.unit, owner=rn.unit.owner,
              applied_at=rn.applied if i % 9 else slash_date(rn.applied), scope="全屋装修", alterations=rn.alterations,
              verified_by=rn.verified_by, verified_at=rn.verified, approved_at=rn.approved,
              fee=yuan(rn.fee) if i % 2 else Money(rn.fee), deposit=Money(rn.deposit),
              receipt_no=("、" if i % 2 else " / ").join(numbers), started_at=rn.started, finished_at=rn.finished,
              inspected_at=rn.inspected, inspector=TECHNICIANS[0] if rn.inspected else None,
              deposit_refunded_at=rn.refunded)
    _save(dest / "装修登记.xlsx", [s])


# --------------------------------------------------------------------------- the fee roll

ROLL_FILE = f"收费台账（按户）{YEAR}.xlsx"
ROLL_SHEET = f"{YEAR}年物业服务费"
ROLL_FRONT = ("房号", "业主", "面积（㎡）", "单价", "月应收")


def _roll_months(r: Receipt) -> tuple[int, int]:
    """The receipt's first month (year × 12 + month − 1) and number of months, as the reader reads them:
    月数, else the length of 所属期间 (``2025.03-2025.08``, ``2025年3月-8月``, ``2025-03``, ``2025年3月``)."""
    assert r.period is not None
    text = r.period.replace("年", ".").replace("月", "")
    if "-" in text and "." in text:  # a range: 2025.03-2026.02, 2025.3-8
        start, end = text.split("-")
        y, m = (int(x) for x in start.split("."))
        ey, em = (int(x) for x in end.split(".")) if "." in end else (y, int(end))
        first, count = y * 12 + m - 1, ey * 12 + em - (y * 12 + m) + 1
    else:  # one month: 2025-03, 2025.3
        y, m = (int(x) for x in text.replace("-", ".").split("."))
        first, count = y * 12 + m - 1, 1
    return first, r.months or count


def roll_posted(receipts: Iterable[Receipt]) -> dict[tuple[str, int], int]:
    """Fen per (unit, month of the year) of the property fee receipts, as a clerk posts them to the roll (and as
    ``registers.demo.roll.posted`` posts the demo's): each receipt's amount spread evenly over the months it
    pays for, whole fen, the remainder on the first months; months of other years left off."""
    out: dict[tuple[str, int], int] = {}
    for r in receipts:
        if not r.counts or r.item != "物业服务费" or r.bad_amount:
            continue
        first, count = _roll_months(r)
        base, rest = divmod(r.amount, count)
        for i in range(count):
            y, m = divmod(first + i, 12)
            if y == YEAR:
                key = (r.unit, m + 1)
                out[key] = out.get(key, 0) + base + (1 if i < rest else 0)
    return out


def _write_roll(o: Office, dest: Path, receipts: list[Receipt]) -> int:
    """The year's property fee roll (收费台账（按户）): a row per unit of the owner archive, 1月…12月 under the
    year merged above them, posted from the receipts (:func:`roll_posted`); a unit's month without a receipt is
    unpaid, or 空置 for a vacant unit; one paid-in-full month in twenty typed 已缴.  合计 and 欠费 are formulas
    with their values cached, as Excel saves them.  Returns the number of month cells posted as paid."""
    rng = random.Random(SEED + 22)  # its own draws: the other registers keep theirs
    paid = roll_posted(receipts)
    price = SCHEDULE["物业服务费"][2]
    w = Writer(dest / ROLL_FILE)
    ws = w.book.add_worksheet(ROLL_SHEET)
    first_m, total_c = len(ROLL_FRONT), len(ROLL_FRONT) + 12
    ws.merge_range(0, 0, 0, total_c + 2, f"{OFFICE} {YEAR}年物业服务费收费台账", w.f_title)
    for c, h in enumerate(ROLL_FRONT):
        ws.merge_range(1, c, 2, c, h, w.f_head)
    ws.merge_range(1, first_m, 1, first_m + 11, f"{YEAR}年", w.f_head)
    for m in range(12):
        ws.write_string(2, first_m + m, f"{m + 1}月", w.f_head)
    for c, h in enumerate(("合计", "欠费", "备注")):
        ws.merge_range(1, total_c + c, 2, total_c + c, h, w.f_head)
    ws.freeze_panes(3, 2)
    months_l, last_l, due_l = xl_col_to_name(first_m), xl_col_to_name(first_m + 11), xl_col_to_name(first_m - 1)
    posted = 0
    sums = [0] * 13
    r = 3
    for i, u in enumerate(o.units, 1):
        due = _half_up(price * u.area10, 10)
        vacant = i % 10 == 0  # as the owner archive says (业主档案: 空置)
        ws.write_string(r, 0, u.unit)
        ws.write_string(r, 1, u.owner)
        ws.write_number(r, 2, u.area10 / 10)
        ws.write_number(r, 3, price / 100, w.f_money)
        ws.write_number(r, 4, due / 100, w.f_money)
        total = none = 0
        for m in range(1, 13):
            fen = paid.get((u.unit, m))
            if fen:
                posted += 1
                total += fen
                if fen == due and rng.random() < 0.05:
                    ws.write_string(r, first_m + m - 1, "已缴")  # SUM leaves it out: COUNTIF adds it back
                else:
                    ws.write_number(r, first_m + m - 1, fen / 100, w.f_money)
                    sums[m - 1] += fen
            elif vacant:
                none += 1
                ws.write_string(r, first_m + m - 1, "空置")
        row = r + 1
        rng_ = f"{months_l}{row}:{last_l}{row}"
        ws.write_formula(r, total_c, f'=SUM({rng_})+COUNTIF({rng_},"已缴")*{due_l}{row}', w.f_money, total / 100)
        ws.write_formula(r, total_c + 1, f'={due_l}{row}*(12-COUNTIF({rng_},"空置"))-{xl_rowcol_to_cell(r, total_c)}',
                         w.f_money, (due * (12 - none) - total) / 100)
        sums[12] += total
        r += 1
    ws.write_string(r, 0, "合计")
    for c in range(first_m, total_c + 1):
        letter = xl_col_to_name(c)
        ws.write_formula(r, c, f"=SUM({letter}4:{letter}{r})", w.f_money, sums[c - first_m] / 100)
    ws.write_string(r + 1, 0, "制表人：刘敏")
    w.close()
    return posted


# --------------------------------------------------------------------------- repairs, complaints, visits


@dataclass
class Repair:
    repair_id: str
    unit: Unit
    reported: datetime
    appointment: datetime
    dispatched: datetime | None
    completed: datetime | None
    technician: str
    content: str
    work_order: bool = True
    resident: bool = True


def _repairs(o: Office) -> list[Repair]:
    rng = o.rng
    n = 20_000 * o.scale
    out = []
    for i in range(n):
        reported = datetime(YEAR, 1, 1, 8) + timedelta(minutes=int(i * 365 * 24 * 60 / n) // 1)
        if reported.hour < 7:
            reported = reported.replace(hour=reported.hour + 8)
        appointment = reported + timedelta(hours=rng.randint(2, 20))
        appointment = appointment.replace(minute=0 if appointment.minute < 30 else 30)
        dispatched: datetime | None = reported + timedelta(minutes=rng.randint(3, 25))
        completed: datetime | None = appointment + timedelta(minutes=rng.randint(40, 180))
        r = Repair("", rng.choice(o.units), reported, appointment, dispatched, completed, rng.choice(TECHNICIANS),
                   rng.choice(REPAIR_CONTENT))
        p = rng.random()
        if p < 0.005:
            r.dispatched = reported + timedelta(minutes=rng.randint(40, 180))
            o.plant("repair.dispatch-late")
        elif p < 0.008:
            r.completed = appointment + timedelta(hours=rng.randint(30, 60))
            o.plant("repair.overdue")
        elif p < 0.010:
            r.work_order = False
            o.plant("repair.no-work-order")
        elif p < 0.011:
            r.dispatched = reported - timedelta(minutes=20)
            o.plant("repair.time-order")
        elif p < 0.012:
            r.resident = False
            o.plant("input.missing-value")
        elif p < 0.0125:
            r.dispatched = r.completed = None
            o.plant("repair.not-dispatched")
        if r.completed and r.completed > datetime(YEAR, 12, 31, 23, 0):
            r.completed = None
        out.append(r)
    seq: Counter[int] = Counter()
    for r in out:
        seq[r.reported.month] += 1
        r.repair_id = f"BX{YEAR}{r.reported.month:02d}{seq[r.reported.month]:05d}"
    return out


def _write_repairs(o: Office, dest: Path, repairs: list[Repair]) -> None:
    sheets = [Sheet(f"{m}月", columns("repair_log", headers={"phone": "聯繫電話"} if m % 2 else {}),
                    f"{OFFICE} 住户报修记录表 {YEAR}年{m}月") for m in range(1, 13)]
    wo: Counter[int] = Counter()
    for i, r in enumerate(repairs):
        m = r.reported.month
        work_order = None
        if r.completed and r.work_order:
            wo[m] += 1
            work_order = f"PG{m:02d}{wo[m]:05d}"
        phone: Any = r.unit.phone
        if i % 5 == 1:
            phone = int(phone)
        elif i % 5 == 3:
            phone = f"{phone[:3]} {phone[3:7]} {phone[7:]}"
        sheets[m - 1].add(
            repair_id=r.repair_id, reported_at=cn_datetime(r.reported) if i % 9 == 4 else r.reported,
            resident=r.unit.owner if r.resident else None, address=unit_variants(r.unit.unit)[i % 3], phone=phone,
            content=r.content, appointment=f"{r.appointment:%Y-%m-%d %H:%M}" if i % 8 == 3 else r.appointment,
            dispatched_at=r.dispatched, technician=r.technician, work_order_no=work_order, completed_at=r.completed,
            note=("", "", "", "已更换配件", "业主自购材料")[i % 5] or None)
    _save(dest / "报修" / f"住户报修记录表{YEAR}.xlsx", sheets)


@dataclass
class Complaint:
    complaint_id: str
    unit: Unit
    received: datetime
    forwarded: datetime
    closed: datetime | None
    case: tuple[str, str, str, str]
    visit: bool = True


def _complaints(o: Office) -> list[Complaint]:
    rng = o.rng
    n = 2_000 * o.scale
    out = []
    for i in range(n):
        received = datetime(YEAR, 1, 1, 9) + timedelta(minutes=int(i * 360 * 24 * 60 / n))
        received = received.replace(hour=8 + received.hour % 10)
        forwarded = received + timedelta(minutes=rng.randint(5, 25))
        closed: datetime | None = received + timedelta(hours=rng.randint(2, 46))
        c = Complaint(f"TS{YEAR}{i + 1:05d}", rng.choice(o.units), received, forwarded, closed, rng.choice(COMPLAINTS))
        p = rng.random()
        if p < 0.01:
            c.forwarded = received + timedelta(minutes=rng.randint(45, 120))
            o.plant("complaint.forward-late")
        elif p < 0.02:
            c.closed = received + timedelta(days=3, hours=8)
            o.plant("complaint.overdue")
        elif p < 0.03:
            c.visit = False
            o.plant("visit.missing")
        out.append(c)
    return out


def _write_complaints(o: Office, dest: Path, complaints: list[Complaint]) -> None:
    s = Sheet("投诉记录", columns("complaints"), f"{OFFICE} 业主投诉记录表 {YEAR}年")
    for i, c in enumerate(complaints):
        category, dept, content, result = c.case
        s.add(complaint_id=c.complaint_id, received_at=c.received, complainant=c.unit.owner,
              unit=unit_variants(c.unit.unit)[2 if i % 4 == 0 else 0],
              phone=int(c.unit.phone) if i % 3 == 0 else c.unit.phone, content=content, category=category,
              receiver=CLERKS[i % 3], forwarded_to=dept, forwarded_at=c.forwarded, result=result, closed_at=c.closed)
    _save(dest / "投诉" / "业主投诉记录表.xlsx", [s])


def _write_visits(o: Office, dest: Path, repairs: list[Repair], complaints: list[Complaint]) -> None:
    rng = o.rng
    visits: list[dict[str, Any]] = []
    end = datetime(YEAR, 12, 31, 18, 0)
    for i, r in enumerate(repairs):
        if r.completed and i % 5 in (0, 2):  # two in five: above the 30 % target
            at = (r.completed + timedelta(days=1)).replace(hour=rng.randint(9, 16), minute=rng.randint(0, 59))
            if at <= end:
                visits.append(dict(visited_at=at, kind="报修", ref_id=r.repair_id, unit=r.unit.unit,
                                   visitor=rng.choice(CLERKS), method=rng.choice(("电话", "电话", "上门", "微信")),
                                   result=rng.choice(("满意", "满意", "非常满意", "基本满意", "维修及时，满意"))))
    for c in complaints:
        if c.visit and c.closed:
            at = (c.closed + timedelta(days=1)).replace(hour=rng.randint(9, 16), minute=rng.randint(0, 59))
            if at <= end:
                visits.append(dict(visited_at=at, kind="投诉", ref_id=c.complaint_id, unit=c.unit.unit,
                                   visitor=SUPERVISOR, method="电话", result=rng.choice(("满意", "基本满意"))))
    for v in visits:
        p = rng.random()
        if p < 0.0005:
            v["ref_id"] = "BX" + v["ref_id"][2:] + "9"
            o.plant("visit.unknown-ref")
        elif p < 0.001:
            v["result"] = None
            o.plant("visit.no-result")
    visits.sort(key=lambda v: (v["visited_at"], v["ref_id"]))
    s = Sheet("回访记录", columns("return_visits", headers={"result": "回訪結果"}), f"{OFFICE} 回访记录表 {YEAR}年")
    for i, v in enumerate(visits):
        if i % 10 == 6:
            v["unit"] = unit_variants(v["unit"])[1]
        s.add(**v)
    _save(dest / "回访记录表.xlsx", [s])


# --------------------------------------------------------------------------- keys and archives


def _write_keys(o: Office, dest: Path) -> None:
    rng = o.rng
    types: list[tuple[str, str, str, str]] = []
    n_types = 1_250 * o.scale
    owner_kinds = ("防盗门", "室内门", "电子对讲门", "水表箱", "信箱")
    rooms = ("水泵房", "配电房", "消控室", "电梯机房", "发电机房", "监控室")
    for t in range(n_types):
        if t % 10 < 7:
            types.append((f"YZ-{t:05d}", "业主钥匙", owner_kinds[t % 5], o.units[(t * 3) % len(o.units)].unit))
        elif t % 10 < 9:
            types.append((f"GG-{t:05d}", "公共门窗钥匙", "", f"{t % 30 + 1}F"))
        else:
            types.append((f"SB-{t:05d}", "设备房钥匙", "", f"{t // 10 % 50 + 1}栋{rooms[t % 6]}"))
    inv = Sheet("钥匙清单", columns("keys.inventory"), f"{OFFICE} 钥匙清单")
    for t, (prefix, category, kind, label) in enumerate(types):
        p = rng.random()
        bad_category = p < 0.002
        bad_label = 0.002 <= p < 0.004 and category == "公共门窗钥匙"
        no_spare = 0.004 <= p < 0.006
        inv.add(key_id=f"{prefix}A", category=category, kind=("车库门" if bad_category and kind else kind) or None,
                label="水泵房" if bad_label else label, count=2, emergency_spare="否", location="客服中心钥匙柜")
        if bad_category and kind:
            o.plant("key.unknown-category")
        if bad_label:
            o.plant("key.bad-label")
        if no_spare:
            o.plant("key.no-emergency-spare")
        else:
            inv.add(key_id=f"{prefix}B", category=category, kind=kind or None, label=label, count=1,
                    emergency_spare="是" if t % 7 else "√", location="应急钥匙箱")
    ledger = Sheet("借还记录", columns("keys.ledger"), f"{OFFICE} 钥匙借还登记表 {YEAR}年")
    n = 10_000 * o.scale
    depts = ("工程部", "秩序部", "环境部")
    staff = (*TECHNICIANS, *GUARDS)
    last_out: tuple[str, datetime] | None = None
    for i in range(n):
        out_at = datetime(YEAR, 1, 1, 8) + timedelta(minutes=int(i * 364 * 24 * 60 / n))
        out_at = out_at.replace(hour=8 + out_at.hour % 12)
        t = (i * 7) % n_types
        key_id = f"{types[t][0]}A"
        back = out_at + timedelta(minutes=rng.randint(30, 300))
        row: dict[str, Any] = dict(out_at=out_at, key_id=key_id, borrower=staff[i % 5], department=depts[i % 3],
                                   purpose=rng.choice(("例行巡检", "入户检修（业主授权）", "更换楼道灯", "设备维保")),
                                   approver=SUPERVISOR, due_at=None, returned_at=back, keeper=CLERKS[i % 3])
        p = rng.random()
        if p < 0.003:
            row["approver"] = None
            o.plant("key.unregistered-borrow")
        elif p < 0.005:
            row["purpose"] = "个人私事，帮亲戚开门"
            o.plant("key.private-borrow")
        elif p < 0.008:
            row["returned_at"] = out_at + timedelta(hours=30)
            o.plant("key.overdue")
        elif p < 0.009 and last_out is not None:
            row["key_id"], row["out_at"] = last_out[0], last_out[1] + timedelta(minutes=10)
            o.plant("key.double-borrow")
        elif p < 0.010:
            row["key_id"] = f"XX-{i:05d}A"
            o.plant("key.unknown-key")
        elif p < 0.012:
            row["key_id"] = f"{types[t][0]}B"
            o.plant("key.spare-lent")
        elif p < 0.1:
            row["due_at"] = out_at + timedelta(hours=48)
        ledger.add(**row)
        last_out = (row["key_id"], row["out_at"]) if row["returned_at"] - row["out_at"] > timedelta(minutes=20) else None
    _save(dest / "钥匙管理.xlsx", [inv, ledger])


def _write_archives(o: Office, dest: Path) -> None:
    rng = o.rng
    insp = Sheet("档案检查", columns("archives.inspections"), f"{OFFICE} 档案检查记录")
    for m in (3, 6, 9, 12):
        insp.add(date=date(YEAR, m, 16), inspector=SUPERVISOR, scope="全部档案", findings="无", remedy="无")
    loans = Sheet("档案借阅", columns("archives.loans"), f"{OFFICE} 档案借阅登记 {YEAR}年")
    n = 500 * o.scale
    for i in range(n):
        day = date(YEAR, 1, 2) + timedelta(days=int(i * 350 / n))
        row: dict[str, Any] = dict(date=day, file=f"业主档案 {o.units[i % len(o.units)].unit}", borrower=CLERKS[i % 3],
                                   kind=("查阅", "借阅", "上级检查")[i % 3], purpose="核对信息", approver=SUPERVISOR,
                                   returned_at=day + timedelta(days=rng.randint(0, 5)))
        p = rng.random()
        if p < 0.01 and row["kind"] != "上级检查":
            row["approver"] = None
            o.plant("archive.unapproved-loan")
        elif p < 0.02:
            row["returned_at"] = day + timedelta(days=12)
            o.plant("archive.overdue")
        loans.add(**row)
    _save(dest / "档案管理.xlsx", [insp, loans])


# --------------------------------------------------------------------------- duty


def _write_duty(o: Office, dest: Path) -> None:
    rng = o.rng
    duty = Sheet("值班记录", columns("duty_log"), f"{OFFICE} 值班记录表 {YEAR}年")
    hand = Sheet("交接班", columns("handovers"), f"{OFFICE} 交接班记录 {YEAR}年")
    staff = (*CLERKS, *GUARDS)
    no_cover = {date(YEAR, 4, 7), date(YEAR, 9, 18)}
    for day in days_of_year():
        if day in no_cover:
            o.plant("duty.no-cover")
            continue
        for post in range(2 * o.scale):
            for night in (False, True):
                situation, outcome = rng.choice(ROUTINE)
                k = day.toordinal() + post
                row: dict[str, Any] = dict(
                    date=day, officer=staff[k % 5], start=time(20, 0) if night else time(8, 0),
                    end=time(8, 0) if night else time(20, 0), situation=f"{POSTS[post % 4]}：{situation}",
                    outcome=outcome, major="否")
                p = rng.random()
                if p < 0.002:
                    row["outcome"] = None
                    o.plant("duty.incomplete")
                elif p < 0.003:
                    row.update(situation="突发停电约2小时", outcome="联系供电公司恢复供电", major="是", report_date=None)
                    o.plant("duty.major-unreported")
                duty.add(**row)
                out, inc = staff[k % 5], staff[(k + 1) % 5]
                h: dict[str, Any] = dict(at=datetime.combine(day, time(20, 0) if night else time(8, 0)), outgoing=out,
                                         incoming=inc, pending="无", instructions="无", repairs="无", open_major="否",
                                         outgoing_signed=rng.choice((out, "√", "已签")), incoming_signed=inc)
                p = rng.random()
                if p < 0.003:
                    h["incoming_signed"] = None
                    o.plant("handover.unsigned")
                elif p < 0.013:
                    h["pending"] = "业主投诉噪音待回复"
                    o.plant("handover.pending-passed")
                elif p < 0.014:
                    h["open_major"] = "是"
                    o.plant("handover.open-emergency")
                hand.add(**h)
    _save(dest / "值班记录表.xlsx", [duty])
    _save(dest / "交接班记录.xlsx", [hand])


# --------------------------------------------------------------------------- entry points


def generate(dest: Path, scale: int = 1, roll: bool = True) -> dict[str, Any]:
    """Write the office for ``scale`` into ``dest`` (created; must be empty) and describe it.  With ``roll``
    (the default) the office keeps a property fee roll (:func:`_write_roll`) beside its receipts journal; it
    draws no number from the office's random, so every other workbook is the same with or without it."""
    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()):
        raise FileExistsError(f"{dest} exists and is not empty")
    dest.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED * 31 + scale)
    o = Office(rng, scale, _units(rng, scale))
    cashiers = [f"{CASHIERS[i % 2]}{'' if i < 2 else i // 2 + 1}" for i in range(6 * scale)]
    renos = _renovations(o)
    receipts = _receipts(o, renos, cashiers)
    handovers = _handovers(o, receipts)
    expenses = _expenses(o)
    repairs = _repairs(o)
    complaints = _complaints(o)
    _write_units(o, dest)
    _write_fee_ledger(o, dest, receipts, handovers, expenses)
    _write_renovations(o, dest, renos)
    _write_repairs(o, dest, repairs)
    _write_complaints(o, dest, complaints)
    _write_visits(o, dest, repairs, complaints)
    _write_keys(o, dest)
    _write_archives(o, dest)
    _write_duty(o, dest)
    posted = _write_roll(o, dest, receipts) if roll else None
    (dest / "registers.toml").write_text(CONFIG.format(scale=scale), encoding="utf-8")
    info = {
        "scale": scale,
        "year": YEAR,
        "units": len(o.units),
        "receipts": len(receipts),
        "repairs": len(repairs),
        "complaints": len(complaints),
        "handovers": len(handovers),
        "roll": None if posted is None else {"file": ROLL_FILE, "units": len(o.units), "paid_cells": posted},
        "planted": dict(sorted(o.planted.items())),
    }
    (dest / "benchmark-office.json").write_text(json.dumps(info, ensure_ascii=False, indent=1), encoding="utf-8")
    return info


def workbooks(root: Path) -> Iterable[Path]:
    return sorted(p for p in root.rglob("*.xlsx") if "reports" not in p.relative_to(root).parts)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("dest", type=Path)
    p.add_argument("--scale", type=int, default=1)
    p.add_argument("--no-roll", action="store_true", help="leave out the property fee roll (收费台账（按户）)")
    args = p.parse_args(argv)
    t0 = _time.perf_counter()
    info = generate(args.dest, args.scale, roll=not args.no_roll)
    size = sum(p.stat().st_size for p in workbooks(args.dest))
    print(json.dumps(info, ensure_ascii=False))
    print(f"wrote {size / 1e6:.1f} MB in {_time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
