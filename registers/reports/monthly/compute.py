"""The monthly report (收支明细表 and the month's operations): the figures.

:func:`compute_monthly` works on a checked :class:`~registers.check.Report` whose
period is one calendar month.  Money is in fen.  The figures use the same
views as the ``fee.*`` rules: voided receipts are not money
(``fee_helpers.receipts``), a receipt's fee class is the class of the
schedule row in force for its item that day (``schedule_matches``), cash
handed over leaves the box at its 上交时间 (or the end of its day), and a cash
expenditure (付款方式 现金 or empty) at the start of its day — exactly the
cash box of ``fee.cash-count-mismatch`` (``cash_events``).

Every money movement from the first month of the books to the end of the
report month is one :class:`Movement`; the workbook writes them on a detail
sheet and computes the statement's totals from them with live formulas, so
the figures here and the workbook's must agree.

Opening cash on hand of a month = the config's ``opening_balance`` + every
cash movement from the first month of the books (``opening_month``, else the
first month the fee ledger has money in) up to the month's first day — the
previous month's closing, computed the same way, back to the first month.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from registers.core.findings import CellRef, Finding, Severity
from registers.core.frames import LAST_MINUTE, text_of
from registers.core.spec import (
    CASH_COUNTS,
    EXPENDITURES,
    HANDOVER,
    LEDGER,
    METHODS,
    REPAIRS,
    SCHEDULE,
    UNITS,
)
from registers.office.load import Period
from registers.reports.monthly.model import (
    DEPOSIT,
    EXPENSE,
    HANDED,
    NEEDED,
    OPERATING,
    OTHER,
    OWN_CLASSES,
    PASS_THROUGH,
    PROPERTY,
    PROPERTY_ITEM,
    RECEIPT,
    VOID,
    Arrear,
    CashCount,
    ClassIncome,
    Collection,
    Keys,
    Line,
    Monthly,
    Movement,
    PlatformMonth,
    Repairs,
    RuleCount,
)
from registers.views.fees import CASH, choice_key, day_of, flag, receipts, schedule_matches, unit_areas

if TYPE_CHECKING:
    from registers.check import Report
    from registers.office.load import Office

# ---------------------------------------------------------------- helpers


def _text(v: Any) -> str:
    return text_of(v)


def _fen(v: Any) -> int | None:
    return None if _text(v) == "" else int(v)


def _where(office: Office, row: dict[str, Any], field_name: str | None) -> CellRef:
    src = office.sources[int(row["_src"])]
    return CellRef(src.file, src.sheet, int(row["_row"]), src.columns.get(field_name) if field_name else None)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in r.items()} for r in frame.to_dict("records")]


def month_start(d: date) -> date:
    return date(d.year, d.month, 1)


def add_months(d: date, n: int) -> date:
    k = d.year * 12 + d.month - 1 + n
    return date(k // 12, k % 12 + 1, 1)


def _canonical(values: pd.Series) -> pd.Series:
    """One spelling per choice key (the first seen), so the workbook's criteria match what is counted."""
    keys = choice_key(values)
    first: dict[str, str] = {}
    for k, v in zip(keys, values, strict=True):
        if not pd.isna(k) and k not in first:
            first[str(k)] = _text(v)
    return keys.map(lambda k: first.get(k, "") if not pd.isna(k) else "").astype("string")


# ---------------------------------------------------------------- movements


def _receipt_movements(office: Office) -> tuple[list[Movement], int]:
    r = receipts(office)
    r = r.sort_values(["_src", "_row"], kind="stable")
    unplaced = int((r["paid_at"].isna() & ~r["void"]).sum())
    r = r[r["paid_at"].notna()].copy()
    m = schedule_matches(office, r).sort_values(["rid", "sid"]).drop_duplicates("rid")
    sched = office.frame(SCHEDULE)
    cls = dict(zip(m["rid"], sched["class"].to_numpy(dtype=object)[m["sid"].to_numpy(dtype=int)], strict=True))
    name = dict(zip(m["rid"], sched["item"].to_numpy(dtype=object)[m["sid"].to_numpy(dtype=int)], strict=True))
    spelled = _canonical(r["item"]).tolist()
    # column by column (a year is 200,000 receipts): texts trimmed, "" for nothing, as _text gives them
    moments = r["paid_at"].dt.to_pydatetime().tolist()
    voids = r["void"].tolist()
    refs, units, payers, methods = (_texts(r[c]) for c in ("receipt_no", "unit", "payer", "method"))
    amounts = [None if pd.isna(a) else int(a) for a in r["amount"].astype("Int64").tolist()]
    wheres = _wheres(office, r, "amount")
    out: list[Movement] = []
    for k, idx in enumerate(r.index.tolist()):
        listed = idx in cls
        out.append(Movement(
            moment=moments[k], kind=VOID if voids[k] else RECEIPT, ref=refs[k], party=units[k], name=payers[k],
            item=_text(name.get(idx)) if listed else spelled[k], fee_class=_text(cls.get(idx)) or OTHER,
            method=methods[k], amount=amounts[k], where=wheres[k], listed=listed,
        ))
    return out, unplaced


def _texts(values: pd.Series) -> list[str]:
    """:func:`_text` of every value of a column, computed on the column."""
    return [v.strip() if isinstance(v, str) else _text(v) for v in values.tolist()]


def _wheres(office: Office, frame: pd.DataFrame, field_name: str | None) -> list[CellRef]:
    """:func:`_where` of every row of ``frame``."""
    places = [(s.file, s.sheet, s.columns.get(field_name) if field_name else None) for s in office.sources]
    return [CellRef(places[src][0], places[src][1], row, places[src][2])
            for src, row in zip(frame["_src"].astype("int64").tolist(), frame["_row"].astype("int64").tolist(),
                                strict=True)]


def _handover_movements(office: Office) -> tuple[list[Movement], int]:
    h = office.frame(HANDOVER).sort_values(["_src", "_row"], kind="stable")
    moment = h["handed_at"].fillna(day_of(h["date"]) + LAST_MINUTE)
    out: list[Movement] = []
    unplaced = 0
    for at, row in zip(moment, _records(h), strict=True):
        if pd.isna(at):
            unplaced += 1
            continue
        out.append(Movement(
            moment=pd.Timestamp(at).to_pydatetime(), kind=HANDED, ref=_text(row["deposit_slip"]),
            party=_text(row["cashier"]), name=_text(row["receiver"]), item="", fee_class="", method=CASH,
            amount=_fen(row["cash_handed"]), where=_where(office, row, "cash_handed"),
        ))
    return out, unplaced


def expense_class(category: str, pass_items: set[str]) -> str:
    """押金退还 → DEPOSIT; 代缴 / 代付 / a 代收代缴 item (水费 paid on) → PASS_THROUGH; else OPERATING."""
    c = category.replace(" ", "")
    if "押金" in c or "按金" in c:
        return DEPOSIT
    if any(w in c for w in ("代缴", "代繳", "代付", "代收")) or c in pass_items:
        return PASS_THROUGH
    return OPERATING


def _expense_movements(office: Office) -> tuple[list[Movement], int]:
    e = office.frame(EXPENDITURES).sort_values(["_src", "_row"], kind="stable")
    sched = office.frame(SCHEDULE)
    pass_items = {_text(v) for v in sched.loc[flag(sched["class"] == PASS_THROUGH), "item"]}
    spelled = _canonical(e["category"])
    out: list[Movement] = []
    unplaced = 0
    for idx, row in zip(e.index, _records(e), strict=True):
        if _text(row["date"]) == "":
            unplaced += 1
            continue
        category = _text(spelled.at[idx])
        out.append(Movement(
            moment=pd.Timestamp(row["date"]).normalize().to_pydatetime(), kind=EXPENSE, ref=_text(row["voucher"]),
            party=_text(row["handler"]), name=_text(row["description"]), item=category,
            fee_class=expense_class(category, pass_items), method=_text(row["method"]) or CASH,
            amount=_fen(row["amount"]), where=_where(office, row, "amount"),
        ))
    return out, unplaced


def books_start(office: Office, movements: Sequence[Movement]) -> date:
    """The first month of the books: ``opening_month``, else the first month with money in the fee ledger."""
    if office.settings.opening_month:
        y, m = office.settings.opening_month.split("-")
        return date(int(y), int(m), 1)
    moments = [m.moment for m in movements if m.kind != VOID]
    return month_start(min(moments).date()) if moments else office.period.start


# ---------------------------------------------------------------- statement lines


_CLASS_ORDER = {c: i for i, c in enumerate((*OWN_CLASSES, PASS_THROUGH, DEPOSIT))}


def _lines(moves: Sequence[Movement], key: Any, order: Sequence[str] = ()) -> list[Line]:
    out: dict[str, list[Movement]] = {}
    for m in moves:
        out.setdefault(key(m), []).append(m)
    pos = {k: i for i, k in enumerate(order)}
    keys = sorted(out, key=lambda k: (pos.get(k, len(pos)), k))
    return [Line(k, sum(m.amount or 0 for m in out[k]), sum(abs(m.cash_delta) for m in out[k]),
                 out[k][0].fee_class, all(m.listed for m in out[k])) for k in keys]


def _schedule_order(office: Office) -> list[str]:
    return [_text(v) for v in office.frame(SCHEDULE)["item"] if _text(v)]


# ---------------------------------------------------------------- arrears and collection


def _property_price(office: Office) -> pd.DataFrame:
    s = office.frame(SCHEDULE)
    keys = choice_key(s["item"])
    rows = s[(keys == choice_key(pd.Series([PROPERTY_ITEM])).iloc[0]).fillna(False).astype(bool)]
    return rows[rows["unit_price"].notna()]


def _price_for(prices: pd.DataFrame, month: date) -> int | None:
    stamp = pd.Timestamp(month)
    ok = (prices["valid_from"].isna() | (day_of(prices["valid_from"]) <= stamp)) & \
        (prices["valid_to"].isna() | (day_of(prices["valid_to"]) >= stamp))
    hit = prices[ok.fillna(False).astype(bool)].sort_values("valid_from", na_position="first")
    return int(hit["unit_price"].iloc[-1]) if len(hit) else None


def _round_fen(v: float) -> int:
    return int(np.floor(round(v, 6) + 0.5))


def paid_through(office: Office) -> dict[str, date]:
    """Per unit, the first day of the last month its 物业服务费 is paid for (receipts paid by the month's end)."""
    r = receipts(office)
    key = choice_key(pd.Series([PROPERTY_ITEM])).iloc[0]
    r = r[(choice_key(r["item"]) == key).fillna(False).astype(bool) & ~r["void"] & r["unit"].notna()
          & (r["paid_at"] <= pd.Timestamp(office.period.end_dt)).fillna(False).astype(bool)]
    # per receipt: the first month paid for (所属期间, else the day paid), and how many (月数, else the
    # period's length, else one; rounded half to even, at least one) — on the columns, then the last per unit
    start = r["period_start"].where(r["period_start"].notna(), r["paid_at"])
    months = r["months"].astype("Float64").fillna(r["period_months"].astype("Float64")).fillna(1.0)
    count = np.maximum(np.round(months.to_numpy(dtype="float64")), 1).astype(np.int64)
    last = (start.dt.year * 12 + start.dt.month - 1).to_numpy(dtype=np.int64) + count - 1
    units = [_text(u) for u in r["unit"].tolist()]
    through = pd.Series(last).groupby(pd.Series(units)).max()
    return {str(unit): date(int(k) // 12, int(k) % 12 + 1, 1) for unit, k in through.items()}


def arrears(office: Office, start: date) -> tuple[list[Arrear], Collection]:
    """Units of the owner archive whose 物业服务费 is paid through a month before the report month.

    A unit with no 物业服务费 receipt at all owes from the first month of the books (``start``).
    The amount owed for a month is the schedule's price in force on its first day × the unit's area,
    rounded to the fen; its age is the days from that first day to the report month's last day.
    """
    month = office.period.start
    prices = _property_price(office)
    through = paid_through(office)
    units = office.frame(UNITS).dropna(subset=["unit"]).drop_duplicates("unit")
    area = unit_areas(office, units["unit"])
    price_now = _price_for(prices, month)
    out: list[Arrear] = []
    n = receivable = paid_units = paid = unpriced = 0
    for (_, row), a in zip(units.iterrows(), area, strict=True):
        unit = _text(row["unit"])
        a_ok = not pd.isna(a) and float(a) > 0
        last = through.get(unit)
        if a_ok and price_now is not None:
            due = _round_fen(float(a) * price_now)
            n += 1
            receivable += due
            if last is not None and last >= month:
                paid_units += 1
                paid += due
        else:
            unpriced += 1
        if last is not None and last >= month:
            continue
        first = add_months(last, 1) if last is not None else min(start, month)
        months_owed: list[date] = []
        m = first
        while m <= month:
            months_owed.append(m)
            m = add_months(m, 1)
        buckets = [0, 0, 0, 0]
        owed: int | None = 0
        for m in months_owed:
            p = _price_for(prices, m)
            if not a_ok or p is None:
                owed = None
                break
            fee = _round_fen(float(a) * p)
            age = (office.period.end - m).days
            buckets[0 if age <= 30 else 1 if age <= 60 else 2 if age <= 90 else 3] += fee
            owed = (owed or 0) + fee
        if owed is None:
            buckets = [0, 0, 0, 0]
        rec = {str(k): v for k, v in row.items()}
        out.append(Arrear(
            unit=unit, owner=_text(rec.get("owner")), phone=_text(rec.get("phone")),
            area=float(a) if a_ok else None, paid_through=last,
            months=len(months_owed), owed=owed, buckets=(buckets[0], buckets[1], buckets[2], buckets[3]),
            days=(office.period.end - months_owed[0]).days if months_owed else 0,
            where=_where(office, rec, "unit"),
        ))
    out.sort(key=lambda x: (-x.days, -(x.owed or 0), x.unit))
    return out, Collection(n, receivable, paid_units, paid, unpriced)


# ---------------------------------------------------------------- operations


def _in(office: Office, moments: pd.Series) -> pd.Series:
    start = pd.Timestamp(office.period.start)
    after = start + pd.Timedelta(days=(office.period.end - office.period.start).days + 1)
    return ((moments >= start) & (moments < after)).fillna(False).astype(bool)


def repairs_summary(office: Office) -> Repairs:
    rep = office.frame(REPAIRS)
    lim = office.settings.limits
    received = int(_in(office, rep["reported_at"]).sum())
    done = rep[_in(office, rep["completed_at"])]
    due = done["appointment"] + pd.Timedelta(hours=lim.repair_complete_hours)
    judged = done["appointment"].notna()
    on_time = int(((done["completed_at"] <= due) & judged).fillna(False).astype(bool).sum())
    hours = ((done["completed_at"] - done["reported_at"]).dt.total_seconds() / 3600).dropna()
    hours = hours[hours >= 0]
    as_of = pd.Timestamp(office.as_of)
    open_end = ((rep["reported_at"] <= as_of) & (rep["completed_at"].isna() | (rep["completed_at"] > as_of)))
    return Repairs(received=received, completed=len(done), on_time=on_time, judged=int(judged.sum()),
                   avg_hours=round(float(hours.mean()), 1) if len(hours) else None,
                   open_at_end=int(open_end.fillna(False).astype(bool).sum()))


def keys_summary(office: Office, findings: Sequence[Finding]) -> Keys:
    led = office.frame(LEDGER)
    lent = led[_in(office, led["out_at"])]
    as_of = pd.Timestamp(office.as_of)
    out_now = (led["out_at"] <= as_of) & (led["returned_at"].isna() | (led["returned_at"] > as_of))
    return Keys(
        lent=len(lent), returned=int(lent["returned_at"].notna().sum()),
        overdue=sum(1 for f in findings if f.rule == "key.overdue"),
        still_out=int(out_now.fillna(False).astype(bool).sum()),
        no_spare_types=sum(1 for f in findings if f.rule == "key.no-emergency-spare"),
    )


def previous_counts(root: Path, period: Period) -> tuple[dict[str, int] | None, str]:
    """Findings per rule of the latest ``check`` run of the month before ``period`` in the run history.

    Read only: the history is opened read-only and never created here.  ``(None, reason)`` when
    there is no such run ("none") or the history cannot be read.
    """
    from registers.history import latest_check_counts

    prev_end = period.start - timedelta(days=1)
    prev = Period.month(prev_end.year, prev_end.month)
    return latest_check_counts(root, prev.start, prev.end)


def rule_counts(findings: Sequence[Finding], previous: dict[str, int] | None) -> list[RuleCount]:
    from registers.rules import catalogue

    cat = catalogue()
    now: dict[str, list[Finding]] = {}
    for f in findings:
        now.setdefault(f.rule, []).append(f)
    ids = set(now) | set(previous or {})
    out: list[RuleCount] = []
    for rid in ids:
        fs = now.get(rid, [])
        rule = cat.get(rid)
        clause = fs[0].clause if fs else rule.clause if rule else ""
        sev = fs[0].severity if fs else Severity.parse(rule.severity.label) if rule else Severity.INFO
        out.append(RuleCount(rid, clause, sev, len(fs), None if previous is None else previous.get(rid, 0)))
    out.sort(key=lambda x: (-int(x.severity), -x.count, x.rule))
    return out


# ---------------------------------------------------------------- the month


def compute_monthly(report: Report, *, previous: tuple[dict[str, int] | None, str] | None = None,
                    show_personal: bool = False) -> Monthly:
    """The monthly report of ``report`` (checked for one calendar month).

    Phone numbers are masked in it (the arrears' phone column, and any inside names and descriptions)
    unless ``show_personal``; names are kept."""
    office = report.office
    period = office.period
    if period != Period.month(period.start.year, period.start.month):
        raise ValueError("the monthly report needs a report checked for one calendar month")
    rec, u1 = _receipt_movements(office)
    hand, u2 = _handover_movements(office)
    exp, u3 = _expense_movements(office)
    everything = sorted([*rec, *hand, *exp], key=lambda m: m.moment)
    if not show_personal:  # before anything is summed by its text, so the workbook's criteria match its detail
        everything = [_shown_movement(m) for m in everything]
    # a month before the books begin (opening_month later) stands alone: opening = the config's balance
    configured = books_start(office, everything)
    start = min(configured, period.start)
    lo, end = datetime.combine(start, time()), datetime.combine(period.end + timedelta(days=1), time())
    moves = [m for m in everything if lo <= m.moment < end]

    mo = Monthly(office_name=office.settings.office, period=period, as_of=office.as_of,
                 books_start=start,
                 opening_balance=round(office.settings.opening_balance * 100), movements=moves,
                 before_books=configured if configured > period.start else None)
    month_rec = mo.month(RECEIPT)
    order = _schedule_order(office)
    for cls in OWN_CLASSES:
        lines = _lines([m for m in month_rec if m.fee_class == cls], lambda m: m.item, order)
        if lines or cls == PROPERTY:
            mo.own.append(ClassIncome(cls, lines))
    mo.pass_through = _lines([m for m in month_rec if m.fee_class == PASS_THROUGH], lambda m: m.item, order)
    mo.deposits = _lines([m for m in month_rec if m.fee_class == DEPOSIT], lambda m: m.item, order)
    mo.methods = [Line(x.label, x.amount, x.cash) for x in _lines(month_rec, lambda m: m.method, METHODS)]
    have = {x.label for x in mo.methods}
    mo.methods = sorted([*mo.methods, *(Line(k, 0, 0) for k in METHODS if k not in have)],
                        key=lambda x: (METHODS.index(x.label) if x.label in METHODS else len(METHODS), x.label))
    mo.platforms, mo.statements = platform_months(office, mo.methods)
    mo.expenses = _lines(mo.month(EXPENSE), lambda m: m.item)
    mo.expenses.sort(key=lambda x: ({OPERATING: 0, PASS_THROUGH: 1, DEPOSIT: 2}.get(x.fee_class, 0), x.label))
    mo.items = [x.label for c in mo.own for x in c.lines] + [x.label for x in mo.pass_through] + \
        [x.label for x in mo.deposits]
    mo.count = _last_count(office, mo)
    mo.arrears, mo.collection = arrears(office, mo.books_start)
    mo.repairs = repairs_summary(office)
    mo.keys = keys_summary(office, report.findings)
    prev_counts, state = previous if previous is not None else (None, "none")
    mo.previous_runs = state
    mo.rules = rule_counts(report.findings, prev_counts)
    kinds = {s.kind for s in office.sources}
    mo.missing = [k for k in NEEDED if k not in kinds]
    mo.unreadable_files = sorted({f.file for f in office.read_findings if f.rule == "input.unreadable" and f.file})
    mo.unplaced = u1 + u2 + u3
    month_money = [m for m in mo.month() if m.kind != VOID]
    mo.unreadable_amounts = sum(1 for m in month_money if m.amount is None)
    mo.unknown_method = sum(1 for m in month_rec if m.method not in METHODS)
    mo.severity = {s: 0 for s in ("error", "warning", "info")}
    for f in report.findings:
        mo.severity[f.severity.label] += 1
    if not show_personal:
        _hide_personal(mo)
    return mo


def _shown_movement(m: Movement) -> Movement:
    """A movement's register text with the phone numbers in it masked."""
    from registers.i18n import shown_text

    return replace(m, ref=shown_text(m.ref), party=shown_text(m.party), name=shown_text(m.name),
                   item=shown_text(m.item))


def _hide_personal(mo: Monthly) -> None:
    """Phone numbers masked where people are named: the arrears (with their phone column), the counter."""
    from registers.i18n import shown_phone, shown_text

    mo.arrears = [replace(a, unit=shown_text(a.unit), owner=shown_text(a.owner), phone=shown_phone(a.phone))
                  for a in mo.arrears]
    if mo.count is not None:
        mo.count = replace(mo.count, counter=shown_text(mo.count.counter))


def platform_months(office: Office, methods: Sequence[Line]) -> tuple[list[PlatformMonth], int]:
    """Per platform channel over the month: the ledger's method lines against the platform statements
    (``registers.views.payments``); and how many statements the office folder holds."""
    from registers.core.payment_settings import CHANNEL_OF_METHOD
    from registers.core.payment_settings import CHANNELS as PLATFORM_CHANNELS
    from registers.views.payments import platform_totals, reconcile, statement_days

    recon = reconcile(office)
    start, end = office.period.start, office.period.end
    totals: dict[Any, dict[Any, Any]] = platform_totals(recon, start, end).to_dict("index")
    touched = {ch for ch, d in statement_days(recon, complete_only=False) if start <= d <= end}
    p = recon.payments
    first, after = pd.Timestamp(start), pd.Timestamp(end) + pd.Timedelta(days=1)
    paid = set(p.loc[((p["at"] >= first) & (p["at"] < after)).fillna(False).astype(bool), "channel"])
    unc = recon.uncovered
    out: list[PlatformMonth] = []
    for ch in PLATFORM_CHANNELS:
        mine = tuple(m for m, c in CHANNEL_OF_METHOD.items() if c == ch)
        t = totals[ch]
        out.append(PlatformMonth(
            channel=ch, methods=mine, ledger=sum(x.amount for x in methods if x.label in mine),
            received=int(t["received"]), refunded=int(t["refunded"]), fees=int(t["fees"]),
            has_statement=ch in touched or ch in paid, uncovered_days=int((unc["channel"] == ch).sum()),
        ))
    return out, len(recon.statements)


def _last_count(office: Office, mo: Monthly) -> CashCount | None:
    c = office.frame(CASH_COUNTS)
    c = c[_in(office, c["at"]) & c["counted"].notna()].sort_values(["at", "_src", "_row"], kind="stable")
    if c.empty:
        return None
    row = _records(c.tail(1))[0]
    at = pd.Timestamp(row["at"]).to_pydatetime()
    book = mo.opening + sum(m.cash_delta for m in mo.month() if m.moment <= at)
    return CashCount(at=at, counted=int(row["counted"]), book=book, counter=_text(row["counter"]),
                     where=_where(office, row, "counted"))

