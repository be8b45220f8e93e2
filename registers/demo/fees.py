"""The demo's fee ledger (收费台账) and renovation register (装修登记).

They stand together because renovation deposits and fees are receipts of the ledger; the
platform statements (:mod:`.statements`) are built from the ledger's receipts afterwards.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from registers.demo.common import (
    CASHIERS,
    CLERKS,
    FINANCE,
    MANAGER,
    OFFICE,
    SUPERVISOR,
    TECHNICIANS,
    M,
    Office,
    SheetData,
    cn_datetime,
    columns,
    d,
    dot_date,
    dt,
    slash_date,
    unit_variants,
    yuan,
)

FEE_FILE = "收费台账.xlsx"
RENO_FILE = "装修登记.xlsx"
SCHEDULE = {  # item: (class, basis, unit price)
    "物业服务费": ("物业服务费", "按面积", M("1.20")),
    "电梯费": ("物业服务费", "按面积", M("0.30")),
    "水费": ("代收代缴", "按用量", M("3.50")),
    "电费": ("代收代缴", "按用量", M("0.56")),
    "停车费": ("其他", "按户", M("150.00")),
    "装修管理费": ("装修管理费", "按次", M("300.00")),
    "装修押金": ("押金", "按次", M("2000.00")),
}
LARGE = M("5000.00")


@dataclass
class Receipt:
    paid_at: datetime
    unit: str
    item: str
    amount: Decimal
    method: str
    cashier: str
    period: str | None = None
    months: int | None = None
    quantity: Decimal | None = None
    unit_price: Decimal | None = None
    status: str = "正常"
    note: str = ""
    plant: tuple[str, str] | None = None
    gap_before: bool = False
    number: int = 0
    date_text: bool = False

    @property
    def no(self) -> str:
        return f"NO.{self.number:07d}"

    @property
    def counts(self) -> bool:
        return self.status == "正常"


def _period_text(start: tuple[int, int], months: int, style: int) -> str:
    y, m = start
    ey, em = y + (m - 1 + months - 1) // 12, (m - 1 + months - 1) % 12 + 1
    if months == 1:
        return f"{y}-{m:02d}" if style == 0 else f"{y}年{m}月"
    if style == 0 or ey != y:
        return f"{y}.{m:02d}-{ey}.{em:02d}"
    return f"{y}年{m}月-{em}月"


def _area_receipt(rng: random.Random, office: Office, paid_at: datetime, unit: str, item: str, months: int,
                  start: tuple[int, int], method: str, cashier: str) -> Receipt:
    price = SCHEDULE[item][2]
    area = office.unit(unit).area
    amount = M(price * area * months)
    with_qty = rng.random() < 0.4
    with_months = rng.random() < 0.5
    return Receipt(paid_at, unit, item, amount, method, cashier, period=_period_text(start, months, rng.randrange(2)),
                   months=months if with_months else None, quantity=area if with_qty else None, unit_price=price)


def _random_receipt(rng: random.Random, office: Office, paid_at: datetime) -> Receipt:
    unit = rng.choice(office.units).unit
    method = rng.choice(("现金", "现金", "现金", "微信", "微信", "微信", "支付宝", "支付宝", "银行卡", "转账"))
    cashier = rng.choice(CASHIERS)
    item = rng.choice(("物业服务费",) * 5 + ("电梯费", "水费", "水费", "电费", "停车费", "停车费"))
    if item in ("物业服务费", "电梯费"):
        months = rng.choice((1, 1, 3, 3, 6, 12))
        start = (2026, paid_at.month) if months == 1 else (2026, rng.choice((10, 11))) if months < 6 else (2027, 1)
        return _area_receipt(rng, office, paid_at, unit, item, months, start, method, cashier)
    price = SCHEDULE[item][2]
    if item == "停车费":
        months = rng.choice((1, 3, 6))
        return Receipt(paid_at, unit, item, M(price * months), method, cashier,
                       period=_period_text((2026, paid_at.month), months, 0), months=months, quantity=M(1),
                       unit_price=price)
    qty = M(rng.randint(6, 28) if item == "水费" else rng.randint(80, 420))
    prev = (2026, paid_at.month - 1)
    return Receipt(paid_at, unit, item, M(price * qty), method, cashier, period=_period_text(prev, 1, 1), months=1,
                   quantity=qty, unit_price=price)


@dataclass
class Renovation:
    permit_id: str
    unit: str
    applied: date
    scope: str
    alterations: str
    approved: date
    verified_by: str | None = None
    verified: date | None = None
    started: date | None = None
    finished: date | None = None
    inspected: date | None = None
    refunded: date | None = None
    fee: Decimal = Decimal("300.00")
    deposit: Decimal = Decimal("2000.00")
    paid_at: datetime | None = None
    method: str = "微信"
    cashier: str = CASHIERS[0]
    missing_receipt: str | None = None  # a receipt number written on the permit but absent from the ledger
    plant: tuple[str, str] | None = None
    receipts: list[Receipt] = field(default_factory=list)


def make_renovations() -> list[Renovation]:
    return [
        Renovation("ZX2026-018", "2-1-502", d(10, 8), "全屋翻新（不涉及结构）", "否", d(10, 9), started=d(10, 11),
                   finished=d(10, 28), inspected=d(10, 30), refunded=d(11, 3), paid_at=dt(10, 9, 10, 20), method="现金",
                   cashier=CASHIERS[1]),
        Renovation("ZX2026-019", "4-2-902", d(10, 13), "厨房卫生间翻新", "否", d(10, 14), started=d(10, 16),
                   paid_at=dt(10, 14, 15, 5), missing_receipt="NO.0011987",
                   plant=("renovation.fee-mismatch", "deposit receipt NO.0011987 is not in the fee ledger")),
        Renovation("ZX2026-020", "1-2-1201", d(10, 8), "更换地板、墙面刷漆", "否", d(10, 9), started=d(10, 10),
                   finished=d(10, 18), inspected=d(10, 22), refunded=d(10, 20), paid_at=dt(10, 9, 14, 30),
                   method="支付宝", plant=("renovation.no-acceptance", "deposit refunded 10-20, before the 10-22 acceptance")),
        Renovation("ZX2026-021", "3-1-801", d(11, 2), "卫生间改造", "改动卫生间防水层", d(11, 4), verified_by="吴德明",
                   verified=d(11, 3), started=d(11, 6), paid_at=dt(11, 4, 9, 40), method="现金"),
        Renovation("ZX2026-022", "5-1-1102", d(11, 8), "阳台改造", "拆除阳台非承重墙", d(11, 10), started=d(11, 13),
                   paid_at=dt(11, 10, 10, 10), method="银行卡",
                   plant=("renovation.unverified-alteration", "拆除阳台非承重墙 approved with no verification")),
        Renovation("ZX2026-023", "2-2-601", d(11, 12), "全屋装修", "否", d(11, 13), started=d(11, 16), deposit=M(1500),
                   paid_at=dt(11, 13, 11, 0), method="转账", cashier=CASHIERS[1],
                   plant=("renovation.fee-mismatch", "deposit recorded as 1,500.00 (schedule 2,000.00)")),
        Renovation("ZX2026-024", "4-1-301", d(10, 26), "厨房橱柜更换", "否", d(10, 27), started=d(10, 29),
                   finished=d(11, 12), paid_at=dt(10, 27, 16, 20),
                   plant=("renovation.no-acceptance", "finished 11-12, no acceptance inspection by 11-30")),
    ]


def make_receipts(office: Office, renos: list[Renovation]) -> list[Receipt]:
    rng = office.rng
    receipts: list[Receipt] = []
    day = d(10, 8)  # the office reopens after the National Day holiday
    while day <= d(11, 30):
        for _ in range(rng.choice((1, 2, 2, 3, 3))):
            at = datetime.combine(day, time(rng.randint(8, 16), rng.randint(0, 59)))
            receipts.append(_random_receipt(rng, office, at))
        day += timedelta(days=1)
    for r in receipts:
        assert r.amount < LARGE
    # Renovation fee and deposit: two consecutive receipts on the approval day.
    for reno in renos:
        assert reno.paid_at is not None
        fee = Receipt(reno.paid_at, reno.unit, "装修管理费", SCHEDULE["装修管理费"][2], reno.method, reno.cashier,
                      quantity=M(1), unit_price=SCHEDULE["装修管理费"][2], note=reno.permit_id)
        dep = Receipt(reno.paid_at + timedelta(minutes=1), reno.unit, "装修押金", SCHEDULE["装修押金"][2], reno.method,
                      reno.cashier, quantity=M(1), unit_price=SCHEDULE["装修押金"][2], note=reno.permit_id)
        reno.receipts = [fee] if reno.missing_receipt else [fee, dep]
        receipts.extend(reno.receipts)

    def area(at: datetime, unit: str, item: str, months: int, start: tuple[int, int], method: str, cashier: str,
             **kw: object) -> Receipt:
        r = _area_receipt(rng, office, at, unit, item, months, start, method, cashier)
        for k, v in kw.items():
            setattr(r, k, v)
        receipts.append(r)
        return r

    # Forced cash on the days the daily-handover plants need, and the planted receipts themselves.
    area(dt(10, 16, 11, 5), "2-1-1501", "物业服务费", 3, (2026, 10), "现金", CASHIERS[1])
    area(dt(11, 12, 10, 15), "1-2-902", "物业服务费", 3, (2026, 11), "现金", CASHIERS[0])
    area(dt(11, 20, 14, 35), "4-2-601", "物业服务费", 6, (2026, 11), "现金", CASHIERS[1])
    area(dt(11, 24, 9, 50), "3-1-301", "电梯费", 3, (2026, 11), "现金", CASHIERS[0])
    area(dt(11, 3, 10, 30), "1-1-1802", "物业服务费", 24, (2026, 11), "现金", CASHIERS[1],
         note="预交两年")  # large, reported the same day
    r = area(dt(11, 24, 15, 20), "5-2-1801", "物业服务费", 24, (2026, 11), "转账", CASHIERS[0], note="预交两年")
    r.plant = ("fee.large-not-reported", f"{yuan(r.amount)} receipt, 大额已报 否 that day")
    r = area(dt(10, 21, 9, 30), "3-2-1201", "物业服务费", 3, (2026, 10), "支付宝",
             CASHIERS[0])
    assert r.unit_price is not None
    r.amount = M(r.unit_price * office.unit(r.unit).area * 2)  # charged for two months of a three-month period
    r.months, r.period = None, "2026.10-2026.12"
    r.plant = ("fee.price-mismatch", f"amount {yuan(r.amount)} is 2 months' fee for a 3-month period")
    r = Receipt(dt(11, 17, 15, 45), "2-2-1801", "垃圾清运费", M(50), "微信", CASHIERS[1], quantity=M(1),
                unit_price=M(50), note="装修垃圾")
    r.plant = ("fee.unknown-item", "垃圾清运费 is not on the fee schedule")
    receipts.append(r)
    r = Receipt(dt(11, 10, 16, 40), "5-1-1501", "停车费", M(150), "微信", CASHIERS[0], period="2026-11", months=1,
                quantity=M(1), unit_price=M(150), gap_before=True)
    r.plant = ("fee.receipt-gap", "the number before this receipt is missing from the series")
    receipts.append(r)
    # A voided cash receipt (stays as a 作废 row, no gap) immediately re-issued.
    void = area(dt(11, 6, 10, 0), "4-1-1802", "物业服务费", 3, (2026, 11), "现金", CASHIERS[0], status="作废",
                note="金额填错作废")
    receipts.append(Receipt(void.paid_at + timedelta(minutes=2), void.unit, void.item, void.amount, void.method,
                            void.cashier, period=void.period, months=void.months, quantity=void.quantity,
                            unit_price=void.unit_price, note="重开"))

    receipts.sort(key=lambda x: x.paid_at)
    number = 12000
    for i, r in enumerate(receipts):
        number += 2 if r.gap_before else 1
        r.number = number
        r.date_text = i % 13 == 5 and r.method != "现金" and r.plant is None
    return receipts


@dataclass
class Handover:
    day: date
    cashier: str
    cash: Decimal
    noncash: Decimal
    large: bool
    handed_at: datetime | None
    plant: tuple[str, str] | None = None


def _handovers(receipts: list[Receipt]) -> tuple[list[Handover], list[tuple[str, str, date, str]]]:
    """One row per day per cashier who took cash (日收日清), with the planted daily violations applied."""
    groups: dict[tuple[date, str], list[Receipt]] = {}
    for r in receipts:
        if r.counts:
            groups.setdefault((r.paid_at.date(), r.cashier), []).append(r)
    rows: list[Handover] = []
    sheetless: list[tuple[str, str, date, str]] = []  # (rule, note, day, cashier): at the day's first cash receipt
    for (day, cashier), rs in sorted(groups.items()):
        cash = sum((r.amount for r in rs if r.method == "现金"), M(0))
        if not cash:
            continue
        h = Handover(day, cashier, cash, sum((r.amount for r in rs if r.method != "现金"), M(0)),
                     any(r.amount >= LARGE for r in rs), datetime.combine(day, time(17, 30)))
        if (day, cashier) == (d(10, 16), CASHIERS[1]):
            h.handed_at = dt(10, 17, 9, 10)
            h.plant = ("fee.handover-late", "10-16 cash handed over 10-17 09:10")
        elif (day, cashier) == (d(11, 12), CASHIERS[0]):
            h.cash -= M(100)
            h.plant = ("fee.not-cleared", f"handed {yuan(h.cash)}, cash receipts {yuan(cash)}")
        elif (day, cashier) == (d(11, 24), CASHIERS[0]):
            assert h.large
            h.large = False
        elif (day, cashier) == (d(11, 20), CASHIERS[1]):
            sheetless.append(("fee.not-cleared", f"{CASHIERS[1]} took {yuan(cash)} cash on 11-20, no 日结上交 row",
                              day, cashier))
            continue
        rows.append(h)
    return rows, sheetless


def write_fee_ledger(office: Office, receipts: list[Receipt]) -> tuple[str, list[SheetData]]:
    rng = office.rng
    rec = SheetData("收费明细", columns("fee_ledger.receipts", headers={"amount": "金额(元)", "unit_price": "单价（元）"}),
                    title=f"{OFFICE} 收费明细台账 2026年10-11月")
    receipt_rows: list[int] = []
    for i, r in enumerate(receipts):
        variant = unit_variants(r.unit)[(i // 4) % 3] if i % 4 == 0 else r.unit
        paid: object = r.paid_at
        if r.date_text:
            paid = (slash_date, dot_date)[i % 2](r.paid_at.date())
        elif i % 17 == 9:
            paid = cn_datetime(r.paid_at)
        amount: object = yuan(r.amount) if r.amount >= 1000 and i % 3 == 0 else r.amount
        row = rec.add(receipt_no=r.no, paid_at=paid, unit=variant, payer=office.unit(r.unit).owner, item=r.item,
                      period=r.period, months=r.months, quantity=None if r.quantity is None else float(r.quantity),
                      unit_price=r.unit_price, amount=amount, method=r.method, cashier=r.cashier, status=r.status,
                      note=r.note or None)
        receipt_rows.append(row)
        if r.plant:
            office.plant(r.plant[0], FEE_FILE, rec.name, row, f"{r.no}: {r.plant[1]}")
    last = rec.header_row + len(rec.rows)
    col = rec.column_letter("amount")
    rec.footer.append({"receipt_no": "合计", "amount": f"=SUM({col}{rec.header_row + 1}:{col}{last})"})
    rec.footer.append({"receipt_no": f"制表人：{CASHIERS[0]}", "method": f"审核：{FINANCE}"})

    sched = SheetData("收费标准", columns("fee_ledger.schedule", back=(("note", "备注"),)),
                      title=f"{OFFICE} 收费标准（明码标价）")
    units_text = {"按面积": "元/㎡·月", "按户": "元/户·月", "按用量": "元/吨", "按次": "元/次"}
    for item, (cls, basis, price) in SCHEDULE.items():
        note = {"电费": "元/度", "装修押金": "验收合格后无息退还"}.get(item, units_text[basis])
        sched.add(item=item, **{"class": cls}, basis=basis, unit_price=price, valid_from=date(2026, 1, 1), note=note)

    handovers, sheetless = _handovers(receipts)
    hand = SheetData("日结上交", columns("fee_ledger.handover"), title=f"{OFFICE} 收费日结上交登记")
    for i, h in enumerate(handovers):
        row = hand.add(date=h.day if i % 10 != 7 else dot_date(h.day), cashier=h.cashier, cash_handed=h.cash,
                       noncash_total=h.noncash, handed_at=h.handed_at, receiver=FINANCE,
                       deposit_slip=f"CK{h.day:%Y%m%d}-{CASHIERS.index(h.cashier) + 1}",
                       large_reported="是" if h.large else "否")
        if h.plant:
            office.plant(h.plant[0], FEE_FILE, hand.name, row, f"{h.day} {h.cashier}: {h.plant[1]}")
    for rule, note, on, who in sheetless:
        first = next(k for k, r in enumerate(receipts) if r.paid_at.date() == on and r.cashier == who and r.method == "现金")
        office.plant(rule, FEE_FILE, rec.name, receipt_rows[first], note)

    exp = SheetData("支出明细", columns("fee_ledger.expenditures"), title=f"{OFFICE} 支出明细")
    expenses: list[tuple[dict[str, object], tuple[str, str] | None]] = [
        (dict(date=d(10, 10), category="保洁费", description="保洁用品采购", amount=M("1280.00"), method="转账"), None),
        (dict(date=d(10, 20), category="押金退还", description="退还1-2-1201装修押金", amount=M("2000.00"),
              method="转账"), None),
        (dict(date=d(10, 25), category="绿化费", description="10月绿化养护", amount=M("3500.00"), method="转账"), None),
        (dict(date=d(10, 30), category="维保费", description="10月电梯维保", amount=M("4200.00"), method="转账"), None),
        (dict(date=d(11, 3), category="押金退还", description="退还2-1-502装修押金", amount=M("2000.00"),
              method="转账"), None),
        (dict(date=d(11, 14), category="办公费", description="打印纸、墨盒", amount=yuan(M("436.00")), method="转账"),
         None),
        (dict(date=d(11, 18), category="维修费", description="3栋单元门闭门器更换", amount=M("680.00"), method="转账",
              approver=None), ("fee.unapproved-expense", "expenditure with no approver")),
        (dict(date=d(11, 22), category="保洁费", description="垃圾袋采购", amount="3OO.00", method="转账"),
         ("input.bad-value", "金额 typed 3OO.00 (letter O)")),
        (dict(date=d(11, 25), category="维修费", description="购买水泵维修配件", amount=M("236.50"), method="现金"),
         None),
        (dict(date=d(11, 28), category="维保费", description="11月电梯维保", amount=M("4200.00"), method="转账"), None),
    ]
    cash_out: list[tuple[date, Decimal]] = []
    for i, (e, plant) in enumerate(expenses, 1):
        values = {"handler": rng.choice((SUPERVISOR, CLERKS[0])), "approver": MANAGER, **e}
        row = exp.add(voucher=f"ZC2026{i:03d}", **values)
        if values["method"] == "现金":
            day, amount = values["date"], values["amount"]
            assert isinstance(day, date) and isinstance(amount, Decimal)
            cash_out.append((day, amount))
        if plant:
            office.plant(plant[0], FEE_FILE, exp.name, row, f"ZC2026{i:03d}: {plant[1]}")

    def expected(at: datetime) -> Decimal:
        taken = sum((r.amount for r in receipts if r.counts and r.method == "现金" and r.paid_at <= at), M(0))
        handed = sum((h.cash for h in handovers if h.handed_at and h.handed_at <= at), M(0))
        handed_by_day = sum((h.cash for h in handovers if h.day <= at.date()), M(0))
        assert handed == handed_by_day, "a count must not fall between a collection day and its late handover"
        spent = sum((a for day, a in cash_out if day <= at.date()), M(0))
        return taken - handed - spent

    count = SheetData("现金盘点", columns("fee_ledger.cash_counts", back=(("note", "备注"),)),
                      title=f"{OFFICE} 库存现金盘点表")
    count.add(at=dt(10, 31, 20, 0), counted=expected(dt(10, 31, 20, 0)), counter=CASHIERS[0], witness=MANAGER,
              note="月末盘点")
    row = count.add(at=dt(11, 15, 20, 0), counted=expected(dt(11, 15, 20, 0)) - M(50), counter=CASHIERS[1],
                    witness=FINANCE, note="抽查")
    office.plant("fee.cash-count-mismatch", FEE_FILE, count.name, row,
                 f"counted {yuan(expected(dt(11, 15, 20, 0)) - M(50))}, expected {yuan(expected(dt(11, 15, 20, 0)))}")
    final = expected(dt(11, 30, 20, 0))
    assert final > 0
    count.add(at=dt(11, 30, 20, 0), counted=yuan(final), counter=CASHIERS[0], witness=MANAGER, note="月末盘点")
    return FEE_FILE, [rec, sched, hand, exp, count]


def write_renovations(office: Office, renos: list[Renovation]) -> tuple[str, list[SheetData]]:
    sheet = SheetData("装修登记", columns("renovations", headers={"fee": "装修管理费（元）", "deposit": "装修押金(元)"}),
                      title=f"{OFFICE} 装修登记表 2026年")
    for i, rn in enumerate(sorted(renos, key=lambda x: x.permit_id)):
        numbers = [r.no for r in rn.receipts] + ([rn.missing_receipt] if rn.missing_receipt else [])
        verified_by = rn.verified_by if rn.alterations != "否" else None
        row = sheet.add(permit_id=rn.permit_id, unit=unit_variants(rn.unit)[1] if i == 2 else rn.unit,
                        owner=office.unit(rn.unit).owner, applied_at=rn.applied if i != 3 else slash_date(rn.applied),
                        scope=rn.scope, alterations=rn.alterations, verified_by=verified_by, verified_at=rn.verified,
                        approved_at=rn.approved, fee=yuan(rn.fee) if i % 2 else rn.fee, deposit=rn.deposit,
                        receipt_no=("、" if i % 2 else " / ").join(numbers), started_at=rn.started,
                        finished_at=rn.finished, inspected_at=rn.inspected,
                        inspector=TECHNICIANS[0] if rn.inspected else None, deposit_refunded_at=rn.refunded)
        if rn.plant:
            office.plant(rn.plant[0], RENO_FILE, sheet.name, row, f"{rn.permit_id}: {rn.plant[1]}")
    return RENO_FILE, [sheet]
