"""What the monthly statement (月度收支报表) holds: its fee classes and movement kinds, and the records
:func:`registers.reports.monthly.compute.compute_monthly` fills and the workbook, the HTML page and the
command line read.

They stand apart from the computation so that the writers, which only read a month, need not import
the pandas work that builds one.  Money is in fen.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from registers.core.findings import CellRef, Severity
from registers.core.period import Period
from registers.core.spec import (
    CASH_COUNTS,
    EXPENDITURES,
    HANDOVER,
    INVENTORY,
    LEDGER,
    RECEIPTS,
    REPAIRS,
    SCHEDULE,
    UNITS,
)
from registers.views.fees import CASH

# fee classes (收费标准 类别) in the order the statement shows them
PROPERTY = "物业服务费"
RENOVATION = "装修管理费"
OTHER = "其他"
PASS_THROUGH = "代收代缴"
DEPOSIT = "押金"
OWN_CLASSES = (PROPERTY, RENOVATION, OTHER)
# the class of an expenditure that is not a pass-through payment or a deposit refund
OPERATING = "支出"

# movement kinds (the detail sheet's 类型 column, localised by the writers)
RECEIPT = "receipt"
VOID = "void"
HANDED = "handover"
EXPENSE = "expense"

PROPERTY_ITEM = "物业服务费"  # the item whose arrears and collection rate the report shows
AGE_BUCKETS = ("0-30", "31-60", "61-90", "90+")

# registers the monthly report reads, and what is lost without each
NEEDED = (RECEIPTS, SCHEDULE, HANDOVER, EXPENDITURES, CASH_COUNTS, UNITS, REPAIRS, INVENTORY, LEDGER)


@dataclass(frozen=True)
class Movement:
    """One row of the detail sheet: a receipt (or voided receipt), a cash handover or an expenditure."""

    moment: datetime  # when the money moved (receipts: paid_at; handovers: handed; expenditures: the day)
    kind: str  # RECEIPT | VOID | HANDED | EXPENSE
    ref: str  # receipt number, deposit slip, voucher
    party: str  # unit, cashier, handler
    name: str  # payer, receiver, description
    item: str  # fee item (receipts), category (expenditures), "" (handovers)
    fee_class: str  # the fee class (receipts), PASS_THROUGH / DEPOSIT / OPERATING (expenditures), "" (handovers)
    method: str  # a payment method of METHODS, or "" when unknown
    amount: int | None  # fen; None when the cell could not be read
    where: CellRef
    listed: bool = True  # a receipt's item is on the fee schedule

    @property
    def cash_delta(self) -> int:
        """What the movement does to the cash box (fen)."""
        a = self.amount or 0
        if self.kind == RECEIPT:
            return a if self.method == CASH else 0
        if self.kind == HANDED:
            return -a
        if self.kind == EXPENSE:
            return -a if self.method == CASH else 0
        return 0


@dataclass(frozen=True)
class Line:
    """A statement line: a label (an item, category or method as the registers spell it) and its money."""

    label: str
    amount: int
    cash: int
    fee_class: str = ""
    listed: bool = True


@dataclass(frozen=True)
class ClassIncome:
    fee_class: str
    lines: list[Line]

    @property
    def amount(self) -> int:
        return sum(x.amount for x in self.lines)

    @property
    def cash(self) -> int:
        return sum(x.cash for x in self.lines)


@dataclass(frozen=True)
class CashCount:
    at: datetime
    counted: int
    book: int  # the books' cash on hand at that moment (opening + the month's cash movements up to it)
    counter: str
    where: CellRef

    @property
    def difference(self) -> int:
        """Counted − books: negative means cash is short."""
        return self.counted - self.book


@dataclass(frozen=True)
class Arrear:
    unit: str
    owner: str
    phone: str  # the owner archive's, to chase the arrears: masked (138****8000) unless personal data is shown
    area: float | None
    paid_through: date | None  # first day of the last month paid; None: no payment on record
    months: int  # months owed up to the report month
    owed: int | None  # fen; None when the area or the price is unknown
    buckets: tuple[int, int, int, int]  # owed by age: 0-30, 31-60, 61-90, 90+ days
    days: int  # age of the oldest month owed (days from its first day to the month's end)
    where: CellRef | None


@dataclass(frozen=True)
class Collection:
    """收缴率: the share of the month's property fee receivable whose month is paid."""

    units: int  # archive units with an area (and a price)
    receivable: int  # fen
    paid_units: int
    paid: int  # fen: the receivable of the units whose fee covers the month
    unpriced: int  # archive units left out: no area or no price
    # where arrears and the rate came from: "receipts" (the receipts journal × the owner archive × the schedule),
    # "roll" (the fee roll, with the bills for what is due) or "both" (the roll's, cross-checked with the receipts)
    source: str = "receipts"
    disagree: tuple[str, ...] = ()  # "both": units whose arrears read from the receipts differ from the roll's

    @property
    def rate(self) -> float | None:
        return self.paid / self.receivable if self.receivable else None


@dataclass(frozen=True)
class Repairs:
    received: int
    completed: int
    on_time: int
    judged: int  # completed repairs with an appointment (on time or not can be told)
    avg_hours: float | None
    open_at_end: int


@dataclass(frozen=True)
class Keys:
    lent: int
    returned: int
    overdue: int  # key.overdue findings of the month
    still_out: int
    no_spare_types: int  # key.no-emergency-spare findings


@dataclass(frozen=True)
class RuleCount:
    rule: str
    clause: str
    severity: Severity
    count: int
    previous: int | None  # None: no run of the previous month in the history

    @property
    def change(self) -> int | None:
        return None if self.previous is None else self.count - self.previous


@dataclass(frozen=True)
class PlatformMonth:
    """One platform channel (微信, 支付宝, 银行 = 银行卡 + 转账) over the month, beside the ledger's receipts by
    method: what the platform statements say it received, refunded and charged (手续费).

    ``ledger`` is the total of the channel's method lines (``methods``) of the statement; ``received``
    the platform's payments of the month, gross (refunds and fees not taken off).  Difference = ledger −
    received; none when no statement of the channel touches the month.  ``uncovered_days``: days of the
    month with receipts of the channel that no complete statement covers (their receipts are not checked).
    """

    channel: str
    methods: tuple[str, ...]
    ledger: int
    received: int
    refunded: int
    fees: int
    has_statement: bool
    uncovered_days: int

    @property
    def difference(self) -> int | None:
        return self.ledger - self.received if self.has_statement else None

    @property
    def net(self) -> int:
        """What stays with the office: received − refunded − fees."""
        return self.received - self.refunded - self.fees


@dataclass
class Monthly:
    office_name: str
    period: Period
    as_of: datetime
    books_start: date  # the first day of the first month of the books
    opening_balance: int  # the config's opening balance (fen), cash on hand before books_start
    movements: list[Movement] = field(default_factory=list)  # the month's; books_start .. period end when full
    carried_in: int | None = None  # cash on hand at the month's start when ``movements`` hold the month only
    own: list[ClassIncome] = field(default_factory=list)
    pass_through: list[Line] = field(default_factory=list)
    deposits: list[Line] = field(default_factory=list)
    methods: list[Line] = field(default_factory=list)
    expenses: list[Line] = field(default_factory=list)  # by category, fee_class tells refunds and pass-on apart
    count: CashCount | None = None
    items: list[str] = field(default_factory=list)  # the month's items, in statement order (daily columns)
    arrears: list[Arrear] = field(default_factory=list)
    collection: Collection | None = None
    repairs: Repairs | None = None
    keys: Keys | None = None
    rules: list[RuleCount] = field(default_factory=list)
    previous_runs: str = "none"  # "found" | "none" | the reason the history could not be read
    missing: list[str] = field(default_factory=list)  # sheet kinds of NEEDED not found
    unreadable_files: list[str] = field(default_factory=list)
    unplaced: int = 0  # money rows whose date could not be read (not in any month)
    unreadable_amounts: int = 0  # the month's money rows whose amount could not be read (counted as 0)
    unknown_method: int = 0  # the month's receipts whose method could not be read (not cash)
    severity: dict[str, int] = field(default_factory=dict)
    before_books: date | None = None  # the configured first month of the books, when it is after this month
    platforms: list[PlatformMonth] = field(default_factory=list)  # 微信, 支付宝, 银行 against their statements
    statements: int = 0  # platform statements found in the office folder (0: the office does not reconcile)
    _month_key: tuple[int, int] | None = field(default=None, repr=False, compare=False)
    _month_all: list[Movement] = field(default_factory=list, repr=False, compare=False)

    # ------------------------------------------------------------ the month's movements

    def in_month(self, m: Movement) -> bool:
        return self.period.start_dt <= m.moment < self.next_start

    @property
    def next_start(self) -> datetime:
        return datetime.combine(self.period.end + timedelta(days=1), time())

    def month(self, kind: str | None = None) -> list[Movement]:
        """The month's movements (of ``kind``), in order.  The year's detail runs to 200,000 movements and
        the statement asks for the month's some twenty times: the month is picked out once per list."""
        key = (id(self.movements), len(self.movements))
        if self._month_key != key:
            start, stop = self.period.start_dt, self.next_start
            self._month_all = [m for m in self.movements if start <= m.moment < stop]
            self._month_key = key
        return self._month_all if kind is None else [m for m in self._month_all if m.kind == kind]

    # ------------------------------------------------------------ the statement's figures

    @property
    def full_detail(self) -> bool:
        """The detail holds every movement since the first month of the books, not the month's only."""
        return self.carried_in is None

    @property
    def opening(self) -> int:
        if self.carried_in is not None:
            return self.carried_in
        start = self.period.start_dt
        return self.opening_balance + sum(m.cash_delta for m in self.movements if m.moment < start)

    @property
    def own_total(self) -> Line:
        return Line("", sum(c.amount for c in self.own), sum(c.cash for c in self.own))

    @property
    def pass_total(self) -> Line:
        return _total(self.pass_through)

    @property
    def passed_on(self) -> Line:
        return _total(x for x in self.expenses if x.fee_class == PASS_THROUGH)

    @property
    def deposit_total(self) -> Line:
        return _total(self.deposits)

    @property
    def refunded(self) -> Line:
        return _total(x for x in self.expenses if x.fee_class == DEPOSIT)

    @property
    def receipts_total(self) -> Line:
        own, p, d = self.own_total, self.pass_total, self.deposit_total
        return Line("", own.amount + p.amount + d.amount, own.cash + p.cash + d.cash)

    @property
    def expense_total(self) -> Line:
        return _total(self.expenses)

    @property
    def cash_receipts(self) -> int:
        return sum(m.cash_delta for m in self.month(RECEIPT))

    @property
    def handed(self) -> int:
        return sum(m.amount or 0 for m in self.month(HANDED))

    @property
    def cash_expenses(self) -> int:
        return -sum(m.cash_delta for m in self.month(EXPENSE))

    @property
    def closing(self) -> int:
        return self.opening + self.cash_receipts - self.handed - self.cash_expenses

    def daily(self) -> dict[date, dict[str, int]]:
        """Day × item: the month's receipts (all methods)."""
        out: dict[date, dict[str, int]] = {d: {} for d in self.period.days()}
        for m in self.month(RECEIPT):
            row = out[m.moment.date()]
            row[m.item] = row.get(m.item, 0) + (m.amount or 0)
        return out

    def daily_cash(self) -> dict[date, int]:
        out = {d: 0 for d in self.period.days()}
        for m in self.month(RECEIPT):
            out[m.moment.date()] += m.cash_delta
        return out

    @property
    def arrears_note_key(self) -> str:
        """The i18n key of how the arrears were reckoned: from the receipts, or from the fee roll."""
        c = self.collection
        return "arrears_note" if c is None or c.source == "receipts" else "arrears_note.roll"

    @property
    def arrears_total(self) -> int:
        return sum(a.owed or 0 for a in self.arrears)

    @property
    def exit_status(self) -> int:
        return 1 if self.severity.get("error", 0) else 0


def _total(lines: Iterable[Line]) -> Line:
    ls = list(lines)
    return Line("", sum(x.amount for x in ls), sum(x.cash for x in ls))
