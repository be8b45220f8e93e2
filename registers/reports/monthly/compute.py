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

The arrears with the collection rate (:mod:`registers.reports.monthly.arrears`) and the month's
repairs, keys and findings per rule (:mod:`registers.reports.monthly.operations`) are computed in
their own modules; this one computes the money and puts the month together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

import pandas as pd

from registers.core.findings import CellRef
from registers.core.frames import LAST_MINUTE, text_of
from registers.core.period import Period
from registers.core.spec import (
    CASH_COUNTS,
    EXPENDITURES,
    HANDOVER,
    METHODS,
    SCHEDULE,
)
from registers.reports.monthly.arrears import arrears
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
    RECEIPT,
    VOID,
    CashCount,
    ClassIncome,
    Line,
    Monthly,
    Movement,
    PlatformMonth,
)
from registers.reports.monthly.operations import keys_summary, repairs_summary, rule_counts
from registers.reports.rows import cell_ref, records, within_period
from registers.views.fees import CASH, choice_key, day_of, flag, receipts, schedule_matches

if TYPE_CHECKING:
    from registers.check import Report
    from registers.office.load import Office

# ---------------------------------------------------------------- helpers


def _fen(v: Any) -> int | None:
    return None if text_of(v) == "" else int(v)


def month_start(d: date) -> date:
    return date(d.year, d.month, 1)


def _canonical(values: pd.Series) -> pd.Series:
    """One spelling per choice key (the first seen), so the workbook's criteria match what is counted."""
    keys = choice_key(values)
    first: dict[str, str] = {}
    for k, v in zip(keys, values, strict=True):
        if not pd.isna(k) and k not in first:
            first[str(k)] = text_of(v)
    return keys.map(lambda k: first.get(k, "") if not pd.isna(k) else "").astype("string")


# ---------------------------------------------------------------- movements


def _inside(moments: pd.Series, lo: datetime, hi: datetime) -> pd.Series:
    """Which of ``moments`` fall in [lo, hi) (a moment that is not there, never)."""
    return flag((moments >= pd.Timestamp(lo)) & (moments < pd.Timestamp(hi)))


def _receipt_movements(office: Office, lo: datetime, hi: datetime) -> tuple[list[Movement], int]:
    """The receipts paid in [lo, hi) as movements; and how many receipts (of any time) have no moment."""
    r = receipts(office)
    r = r.sort_values(["_src", "_row"], kind="stable")
    unplaced = int((r["paid_at"].isna() & ~r["void"]).sum())
    r = r[r["paid_at"].notna()]
    # the first spelling of an item is the first seen in the whole ledger, whatever the window
    spelled = _canonical(r["item"])[_inside(r["paid_at"], lo, hi)].tolist()
    r = r[_inside(r["paid_at"], lo, hi)].copy()
    m = schedule_matches(office, r).sort_values(["rid", "sid"]).drop_duplicates("rid")
    sched = office.frame(SCHEDULE)
    cls = dict(zip(m["rid"], sched["class"].to_numpy(dtype=object)[m["sid"].to_numpy(dtype=int)], strict=True))
    name = dict(zip(m["rid"], sched["item"].to_numpy(dtype=object)[m["sid"].to_numpy(dtype=int)], strict=True))
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
            item=text_of(name.get(idx)) if listed else spelled[k], fee_class=text_of(cls.get(idx)) or OTHER,
            method=methods[k], amount=amounts[k], where=wheres[k], listed=listed,
        ))
    return out, unplaced


def _texts(values: pd.Series) -> list[str]:
    """:func:`~registers.core.frames.text_of` of every value of a column, computed on the column."""
    return [v.strip() if isinstance(v, str) else text_of(v) for v in values.tolist()]


def _wheres(office: Office, frame: pd.DataFrame, field_name: str | None) -> list[CellRef]:
    """:func:`~registers.reports.rows.cell_ref` of every row of ``frame``."""
    places = [(s.file, s.sheet, s.columns.get(field_name) if field_name else None) for s in office.sources]
    return [CellRef(places[src][0], places[src][1], row, places[src][2])
            for src, row in zip(frame["_src"].astype("int64").tolist(), frame["_row"].astype("int64").tolist(),
                                strict=True)]


def _handed_moments(h: pd.DataFrame) -> pd.Series:
    """When each handover's cash left the box: its 上交时间, else the last minute of its day."""
    moments: pd.Series = h["handed_at"].fillna(day_of(h["date"]) + LAST_MINUTE)
    return moments


def _handover_movements(office: Office, lo: datetime, hi: datetime) -> tuple[list[Movement], int]:
    """The handovers of [lo, hi) as movements; and how many handovers (of any day) have no moment."""
    h = office.frame(HANDOVER).sort_values(["_src", "_row"], kind="stable")
    moment = _handed_moments(h)
    unplaced = int(moment.isna().sum())
    keep = _inside(moment, lo, hi)
    h, moment = h[keep], moment[keep]
    out: list[Movement] = []
    for at, row in zip(moment, records(h), strict=True):
        out.append(Movement(
            moment=pd.Timestamp(at).to_pydatetime(), kind=HANDED, ref=text_of(row["deposit_slip"]),
            party=text_of(row["cashier"]), name=text_of(row["receiver"]), item="", fee_class="", method=CASH,
            amount=_fen(row["cash_handed"]), where=cell_ref(office, row, "cash_handed"),
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


def _expense_movements(office: Office, lo: datetime, hi: datetime) -> tuple[list[Movement], int]:
    """The expenditures of [lo, hi) as movements; and how many expenditures (of any day) have no day."""
    e = office.frame(EXPENDITURES).sort_values(["_src", "_row"], kind="stable")
    sched = office.frame(SCHEDULE)
    pass_items = {text_of(v) for v in sched.loc[flag(sched["class"] == PASS_THROUGH), "item"]}
    spelled = _canonical(e["category"])
    unplaced = int(e["date"].isna().sum())
    e = e[_inside(e["date"].dt.normalize(), lo, hi)]
    out: list[Movement] = []
    for idx, row in zip(e.index, records(e), strict=True):
        category = text_of(spelled.at[idx])
        out.append(Movement(
            moment=pd.Timestamp(row["date"]).normalize().to_pydatetime(), kind=EXPENSE, ref=text_of(row["voucher"]),
            party=text_of(row["handler"]), name=text_of(row["description"]), item=category,
            fee_class=expense_class(category, pass_items), method=text_of(row["method"]) or CASH,
            amount=_fen(row["amount"]), where=cell_ref(office, row, "amount"),
        ))
    return out, unplaced


def books_start(office: Office) -> date:
    """The first month of the books: ``opening_month``, else the first month with money in the fee ledger
    (the earliest receipt not voided, handover or expenditure)."""
    if office.settings.opening_month:
        y, m = office.settings.opening_month.split("-")
        return date(int(y), int(m), 1)
    r = receipts(office)
    firsts = [r.loc[~r["void"], "paid_at"].min(), _handed_moments(office.frame(HANDOVER)).min(),
              office.frame(EXPENDITURES)["date"].min()]
    known = [pd.Timestamp(t) for t in firsts if not pd.isna(t)]
    return month_start(min(known).date()) if known else office.period.start


def cash_between(office: Office, lo: datetime, hi: datetime) -> int:
    """What the movements of [lo, hi) did to the cash box (fen), summed on the frames without building them.

    The same money as :attr:`Movement.cash_delta` of :func:`_receipt_movements`, :func:`_handover_movements`
    and :func:`_expense_movements` over [lo, hi): receipts not voided paid in cash, less the cash handed over
    and the expenditures paid in cash (付款方式 现金 or empty); an amount that cannot be read counts 0."""
    r = receipts(office)
    paid = _inside(r["paid_at"], lo, hi) & ~r["void"] & flag(r["method"].str.strip() == CASH)
    h = office.frame(HANDOVER)
    handed = _inside(_handed_moments(h), lo, hi)
    e = office.frame(EXPENDITURES)
    method = e["method"].str.strip().fillna("")
    spent = _inside(e["date"].dt.normalize(), lo, hi) & flag((method == CASH) | (method == ""))
    return (_total(r.loc[paid, "amount"]) - _total(h.loc[handed, "cash_handed"])
            - _total(e.loc[spent, "amount"]))


def _total(amounts: pd.Series) -> int:
    return int(amounts.astype("Int64").fillna(0).sum())


# ---------------------------------------------------------------- statement lines


def _lines(moves: Sequence[Movement], key: Any, order: Sequence[str] = ()) -> list[Line]:
    out: dict[str, list[Movement]] = {}
    for m in moves:
        out.setdefault(key(m), []).append(m)
    pos = {k: i for i, k in enumerate(order)}
    keys = sorted(out, key=lambda k: (pos.get(k, len(pos)), k))
    return [Line(k, sum(m.amount or 0 for m in out[k]), sum(abs(m.cash_delta) for m in out[k]),
                 out[k][0].fee_class, all(m.listed for m in out[k])) for k in keys]


def _schedule_order(office: Office) -> list[str]:
    return [text_of(v) for v in office.frame(SCHEDULE)["item"] if text_of(v)]


# ---------------------------------------------------------------- the month


def compute_monthly(report: Report, *, previous: tuple[dict[str, int] | None, str] | None = None,
                    show_personal: bool = False, full_detail: bool = False) -> Monthly:
    """The monthly report of ``report`` (checked for one calendar month).

    Its movements are the month's, with the cash on hand at the month's start carried in
    (:attr:`Monthly.carried_in`); every movement since the first month of the books when ``full_detail``.

    Phone numbers are masked in it (the arrears' phone column, and any inside names and descriptions)
    unless ``show_personal``; names are kept."""
    office = report.office
    period = office.period
    if period != Period.month(period.start.year, period.start.month):
        raise ValueError("the monthly report needs a report checked for one calendar month")
    # a month before the books begin (opening_month later) stands alone: opening = the config's balance
    configured = books_start(office)
    start = min(configured, period.start)
    lo, end = datetime.combine(start, time()), datetime.combine(period.end + timedelta(days=1), time())
    balance = round(office.settings.opening_balance * 100)
    carried: int | None = None
    if not full_detail:  # the earlier months summed on the frames; movements are built for the month only
        first = datetime.combine(period.start, time())
        carried = balance + cash_between(office, lo, first)
        lo = first
    rec, u1 = _receipt_movements(office, lo, end)
    hand, u2 = _handover_movements(office, lo, end)
    exp, u3 = _expense_movements(office, lo, end)
    moves = sorted([*rec, *hand, *exp], key=lambda m: m.moment)
    if not show_personal:  # before anything is summed by its text, so the workbook's criteria match its detail
        moves = [_shown_movement(m) for m in moves]

    mo = Monthly(office_name=office.settings.office, period=period, as_of=office.as_of,
                 books_start=start, opening_balance=balance, movements=moves, carried_in=carried,
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
    c = c[within_period(office, c["at"]) & c["counted"].notna()].sort_values(["at", "_src", "_row"], kind="stable")
    if c.empty:
        return None
    row = records(c.tail(1))[0]
    at = pd.Timestamp(row["at"]).to_pydatetime()
    book = mo.opening + sum(m.cash_delta for m in mo.month() if m.moment <= at)
    return CashCount(at=at, counted=int(row["counted"]), book=book, counter=text_of(row["counter"]),
                     where=cell_ref(office, row, "counted"))

