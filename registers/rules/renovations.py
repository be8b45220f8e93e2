"""``renovation.*`` — the renovation register (装修登记, 4.7).

A renovation that alters the building (涉及改动) is verified by the maintenance
department (维修部核实人, 核实日期) before it is approved (审批日期, 4.7.2).  The
management fee and the deposit are those of the posted fee schedule and are
paid against receipts that stand in the fee ledger (4.7.3).  Once finished, the
work is inspected (验收) within ``renovation_acceptance_days`` days, and only
then is the deposit refunded (4.7.4).

Which rows a check looks at: the renovations applied for in the period;
``renovation.no-acceptance`` also looks at older ones still open in it.  Dates
are whole days: a day counts as over once ``as_of`` reaches its last minute
(23:59).  A date the reader could not read is ``input.bad-value``, never taken
for an empty cell.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from registers.core.findings import Finding, Suggestion
from registers.core.frames import NONE_SHOWN, aggregate, id_key, is_nothing, isin_text, shown_day
from registers.core.rule import rule
from registers.core.spec import FEE_LEDGER, RECEIPTS, RENOVATIONS, SCHEDULE, UNITS, normalise_choice
from registers.core.values.money import format_money, yuan
from registers.views.common import day_over, in_period, open_in_period, unreadable

if TYPE_CHECKING:
    from registers.office.load import Office


FEE_CLASS = "装修管理费"
DEPOSIT_CLASS = "押金"
DEPOSIT_ITEM = "装修押金"  # the deposit item when the schedule lists several deposits
PER_AREA = "按面积"
FLAT = ("按次", "按户")  # one price per renovation
VOID = "作废"


def _filled(office: Office, r: pd.DataFrame, field: str) -> pd.Series:
    """A cell with something in it: a readable value, or one the reader reported as unreadable."""
    return r[field].notna() | unreadable(office, RENOVATIONS, r, field)


# ---------------------------------------------------------------- verification


@rule(
    "renovation.unverified-alteration", "4.7.2", "error",
    title={"zh-Hans": "改动未经维修部核实", "zh-Hant": "改動未經維修部核實", "en": "Alteration not verified"},
    message={
        "zh-Hans": "涉及改动的装修须先经维修部核实、再审批：核实人 {verified_by}，核实日期 {verified_at}，"
                   "审批日期 {approved_at}。",
        "zh-Hant": "涉及改動的裝修須先經維修部核實、再審批：核實人 {verified_by}，核實日期 {verified_at}，"
                   "審批日期 {approved_at}。",
        "en": "A renovation with alterations must be verified by maintenance before it is approved: "
              "verified by {verified_by} on {verified_at}, approved {approved_at}.",
    },
    registers=(RENOVATIONS,),
)
def unverified_alteration(office: Office) -> list[Finding]:
    """Alterations (涉及改动 yes, or a description) approved or started without maintenance verification.

    Reported when 维修部核实人 or 核实日期 is empty (at the first empty one) once the
    renovation has been approved (审批日期) or started (开工日期); an application still
    waiting for both is not yet wrong.  Also a renovation approved before it was verified
    (审批日期 earlier than 核实日期), at 审批日期, whatever 涉及改动 says.  One finding per row;
    renovations applied for in the period are looked at.
    """
    r = office.frame(RENOVATIONS)
    alters = r["alterations"].fillna(False).astype(bool)
    no_by = is_nothing(r["verified_by"])
    no_at = ~_filled(office, r, "verified_at")
    acted = _filled(office, r, "approved_at") | _filled(office, r, "started_at")
    unverified = alters & (no_by | no_at) & acted
    before = (r["approved_at"].dt.normalize() < r["verified_at"].dt.normalize()).fillna(False).astype(bool)
    looked = in_period(office, r["applied_at"])
    findings: list[Finding] = []
    for field, mask in (
        ("verified_by", unverified & no_by),
        ("verified_at", unverified & ~no_by),
        ("approved_at", ~unverified & before),
    ):
        findings += office.findings_at(
            unverified_alteration, RENOVATIONS, r[mask & looked], field=field,
            args=lambda row: {
                "verified_by": row.verified_by if isinstance(row.verified_by, str) else NONE_SHOWN,
                "verified_at": shown_day(row.verified_at), "approved_at": shown_day(row.approved_at),
            },
        )
    return findings


# ---------------------------------------------------------------- fee and deposit


def _schedule_prices(office: Office, r: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """For each renovation of ``r`` (``rid``), what each schedule row of ``items`` in force that day charges.

    Columns ``rid``, ``expected`` (fen; NA when it cannot be worked out) and what :func:`_price_ref` needs
    to say how.  按次 / 按户 is the price; 按面积 is the price × the unit's area in the owner archive.
    """
    area_of = office.shared("renovations.area_of", lambda: office.frame(UNITS)[["unit", "area"]].dropna()
                            .drop_duplicates("unit").set_index("unit")["area"])
    reno = pd.DataFrame({"rid": r.index, "day": r["applied_at"].dt.normalize(), "unit": r["unit"]})
    reno = reno.assign(area=reno["unit"].map(area_of)).reset_index(drop=True)
    s = pd.DataFrame({
        "item": items["item"], "basis": items["basis"], "price": items["unit_price"],
        "s_from": items["valid_from"].dt.normalize(), "s_to": items["valid_to"].dt.normalize(),
    }).dropna(subset=["price"])
    m = reno.merge(s, how="cross")
    valid = (m["s_from"].isna() | (m["s_from"] <= m["day"])) & (m["s_to"].isna() | (m["day"] <= m["s_to"]))
    m = m[valid.fillna(False).astype(bool)]
    price = m["price"].astype(float)
    area = m["area"].astype(float)
    per_area = pd.Series(np.floor(price.to_numpy() * area.to_numpy() + 0.5), index=m.index)  # whole fen, halves up
    flat = m["basis"].isin(FLAT).fillna(False).astype(bool)
    by_area = (m["basis"] == PER_AREA).fillna(False).astype(bool)
    expected = price.where(flat, per_area.where(by_area))
    return pd.DataFrame({
        "rid": m["rid"], "expected": expected.astype("Int64"),
        "item": m["item"], "basis": m["basis"], "price": m["price"], "area": area.fillna(0), "flat": flat,
    }).dropna(subset=["expected"])


def _price_ref(prices: pd.DataFrame) -> list[str]:
    """How each price of :func:`_schedule_prices` came about (for the rows reported only)."""
    return [
        f"{item} {basis}" if b_flat else f"{item} {format_money(int(p))} × {a:g}"
        for item, basis, p, a, b_flat in zip(prices["item"], prices["basis"], prices["price"], prices["area"],
                                               prices["flat"], strict=True)
    ]


def _deposit_items(sched: pd.DataFrame) -> pd.DataFrame:
    """The schedule rows of the renovation deposit: items named 装修押金, else the only 押金-class item."""
    deposits = sched[(sched["class"] == DEPOSIT_CLASS).fillna(False).astype(bool)]
    keys = deposits["item"].map(lambda v: normalise_choice(v) if isinstance(v, str) else "")
    named = deposits[keys.str.contains(DEPOSIT_ITEM, regex=False)]
    if len(named):
        return named
    return deposits if keys.nunique() == 1 else deposits.iloc[0:0]


def _schedule_mismatch(office: Office, r: pd.DataFrame, field: str, items: pd.DataFrame) -> pd.DataFrame:
    """Renovations whose ``field`` matches none of the amounts the schedule gives (rows of ``r`` + args)."""
    tolerance = office.settings.limits.tolerance_fen
    prices = _schedule_prices(office, r[r[field].notna()], items)
    if prices.empty:
        return r.iloc[0:0]
    recorded = r[field].astype("Int64")
    prices["recorded"] = prices["rid"].map(recorded).astype("Int64")
    prices["ok"] = ((prices["recorded"] - prices["expected"]).abs() <= tolerance).fillna(False).astype(bool)
    ok = prices.groupby("rid")["ok"].any()
    amounts = prices.groupby("rid")["expected"].nunique()  # one: the schedule's amount is the suggestion
    first = prices.drop_duplicates("rid").set_index("rid")
    bad = ok.index[~ok.to_numpy()]
    rows = r.loc[bad]
    shown = first.loc[bad]
    return rows.assign(
        field_ref=f"{RENOVATIONS}:{field}", register_ref=SCHEDULE, recorded=recorded[bad],
        expected=shown["expected"], ref=pd.Series(_price_ref(shown), index=shown.index, dtype=object),
        one_amount=(amounts[bad] == 1).to_numpy(dtype=bool),
    )


def _against_schedule(office: Office) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The renovations of the period whose fee, and whose deposit, match none of the amounts the schedule
    gives.  (A view reads all it depends on itself: what it reads is what keeps it.)"""
    r = office.frame(RENOVATIONS)
    r = r[in_period(office, r["applied_at"])]
    sched = office.frame(SCHEDULE)
    return (_schedule_mismatch(office, r, "fee", sched[(sched["class"] == FEE_CLASS).fillna(False).astype(bool)]),
            _schedule_mismatch(office, r, "deposit", _deposit_items(sched)))


def _receipt_mismatch(office: Office, r: pd.DataFrame) -> pd.DataFrame:
    """Renovations whose receipts are missing from the fee ledger or do not add up to fee + deposit."""
    tolerance = office.settings.limits.tolerance_fen
    charged = (r["fee"].fillna(0) + r["deposit"].fillna(0)).astype("int64")
    has_column = r["_src"].map(lambda i: "receipt_no" in office.sources[int(i)].columns).astype(bool)
    none_listed = r["receipt_no"].isna() & (charged > 0) & has_column
    if not office.sources_of(RECEIPTS):  # no ledger: input.missing-register says so
        listed = r.iloc[0:0]
    else:
        listed = r[r["receipt_no"].notna()]

    each = listed[["receipt_no"]].explode("receipt_no").rename(columns={"receipt_no": "listed"})
    each["rid"] = each.index
    each["no"] = id_key(each["listed"].astype("string"))
    ledger = office.frame(RECEIPTS)
    keys = office.id_keys(RECEIPTS, "receipt_no")
    # only the ledger's receipts a renovation lists (a few hundred of a year's 200,000) are looked at
    wanted = (~(ledger["status"] == VOID).fillna(False).astype(bool)) & isin_text(keys, each["no"])
    ledger = pd.DataFrame({"no": keys, "amount": ledger["amount"]})[wanted.to_numpy(dtype=bool)]
    ledger = ledger.dropna(subset=["no"]).drop_duplicates("no")
    each = each.merge(ledger[["no", "amount"]], on="no", how="left", indicator=True)
    each["found"] = each["_merge"] == "both"
    # an unreadable amount in the ledger: the sum cannot be judged, only the missing numbers
    each["unknown"] = each["found"] & each["amount"].isna()
    each["amount0"] = each["amount"].fillna(0).astype("int64")
    per = aggregate(each.groupby("rid"), found=("found", "all"), unknown=("unknown", "any"), total=("amount0", "sum"))
    per["charged"] = charged[per.index]
    # a fee or deposit that cannot be read (input.bad-value): the sum cannot be judged either
    per["unknown"] |= (unreadable(office, RENOVATIONS, r, "fee") | unreadable(office, RENOVATIONS, r, "deposit"))[per.index]
    wrong_sum = ~per["unknown"] & ((per["total"] - per["charged"]).abs() > tolerance)
    bad_ids = per.index[(~per["found"] | wrong_sum).to_numpy()]
    rows = r[none_listed | r.index.isin(list(bad_ids))]
    # the receipts listed, as the message shows them: only for the renovations reported
    each = each[each["rid"].isin(rows.index)]
    shown = each.assign(text=[
        f"{n} {format_money(int(a))}" if f and not pd.isna(a) else f"{n} {NONE_SHOWN}"
        for n, a, f in zip(each["listed"], each["amount"], each["found"], strict=True)
    ]).groupby("rid")["text"].agg(", ".join)

    totals = per["total"].reindex(rows.index).fillna(0).astype("int64")
    return rows.assign(
        field_ref=f"{RENOVATIONS}:receipt_no", register_ref=RECEIPTS, recorded=charged[rows.index],
        expected=totals, ref=shown.reindex(rows.index).fillna(NONE_SHOWN),
    )


@rule(
    "renovation.fee-mismatch", "4.7.3", "error",
    title={"zh-Hans": "装修费用与标准或收据不符", "zh-Hant": "裝修費用與標準或收據不符",
           "en": "Renovation fee differs from the schedule or the receipts"},
    message={
        "zh-Hans": "“{field}”与{register_name}不符：装修登记 {recorded_fen}，{register_name}为 {expected_fen}（{ref}），"
                   "相差 {difference_fen}。",
        "zh-Hant": "「{field}」與{register_name}不符：裝修登記 {recorded_fen}，{register_name}為 {expected_fen}（{ref}），"
                   "相差 {difference_fen}。",
        "en": "'{field}' does not agree with the '{register_name}': the renovation register has {recorded_fen}, "
              "the '{register_name}' gives {expected_fen} ({ref}), a difference of {difference_fen}.",
    },
    settings=("amount_tolerance",),
    registers=(RENOVATIONS, FEE_LEDGER, UNITS),  # a fee per m² reads the unit's area in the owner archive
)
def fee_mismatch(office: Office) -> list[Finding]:
    """The fee or deposit differs from the posted schedule, or the receipts do not stand in the fee ledger.

    * 装修管理费 against the schedule's 装修管理费-class item in force on 申请日期: 按次/按户
      is its price, 按面积 its price × the unit's 建筑面积 in the owner archive (a unit not
      in the archive is not judged);
    * 装修押金 against the 押金-class item named 装修押金 (or the only 押金-class item);
    * 收据号: every receipt number listed must stand, not voided, in 收费明细 (case and
      spaces ignored), and together they must come to 装修管理费 + 装修押金 (one permit may
      have several receipts); a renovation with a fee or deposit but no 收据号 is reported
      too.  In the message a receipt not in the ledger shows "—".

    Differences within ``amount_tolerance`` are fine; an empty fee or deposit is not compared
    with the schedule.  One finding per row and column; renovations applied for in the
    period are looked at.

    Suggests, for a fee or deposit, the schedule's amount (when its rows in force give one amount); none for
    收据号: whether the receipts or the register are wrong is not known.
    """
    r = office.frame(RENOVATIONS)
    r = r[in_period(office, r["applied_at"])]
    if r.empty:
        return []
    # against the schedule: a view of its own, which a save of the receipts alone leaves as it was (the
    # watch keeps it: registers.office.memo)
    fee, deposit = office.shared("renovations.schedule_mismatch", lambda: _against_schedule(office))
    parts = [fee, deposit, _receipt_mismatch(office, r)]
    findings: list[Finding] = []
    for rows, field in zip(parts, ("fee", "deposit", "receipt_no"), strict=True):
        findings += office.findings_at(fee_mismatch, RENOVATIONS, rows, field=field, args=_fee_args,
                                       suggest=None if field == "receipt_no" else _schedule_suggestion)
    return findings


def _schedule_suggestion(row: Any) -> Suggestion | None:
    """The schedule's amount for a fee or deposit, when the schedule gives one amount only."""
    if not row["one_amount"]:
        return None
    return Suggestion.here(yuan(row["expected"]), "suggest.renovation-schedule", ref=row["ref"])


def _fee_args(row: Any) -> dict[str, Any]:
    recorded, expected = int(row.recorded), int(row.expected)
    return {
        "field": row.field_ref, "register_name": row.register_ref, "recorded_fen": recorded,
        "expected_fen": expected, "difference_fen": abs(recorded - expected), "ref": row.ref,
    }


# ---------------------------------------------------------------- acceptance


@rule(
    "renovation.no-acceptance", "4.7.4", "error",
    title={"zh-Hans": "完工未按时验收", "zh-Hant": "完工未按時驗收", "en": "Finished renovation not inspected"},
    message={
        "zh-Hans": "装修完工后应在 {days} 天内验收（{due} 前），押金须验收后才退还：完工 {finished_at}，"
                   "验收 {inspected_at}，退押金 {refunded_at}。",
        "zh-Hant": "裝修完工後應在 {days} 天內驗收（{due} 前），押金須驗收後才退還：完工 {finished_at}，"
                   "驗收 {inspected_at}，退押金 {refunded_at}。",
        "en": "A finished renovation is inspected within {days} days (by {due}) and the deposit is refunded "
              "only after that: finished {finished_at}, inspected {inspected_at}, deposit refunded {refunded_at}.",
    },
    settings=("renovation_acceptance_days",),
    registers=(RENOVATIONS,),
)
def no_acceptance(office: Office) -> list[Finding]:
    """A finished renovation not inspected within ``renovation_acceptance_days`` days, or a deposit refunded first.

    * 完工日期 set and 验收日期 later than 完工 + the limit, or still empty once that day is
      over at ``as_of`` — at 验收日期; looked at: renovations applied for in the period and
      older ones not inspected before it began; the finding is dated 完工日期.
    * 押金退还日期 set while 验收日期 is empty or later — at 押金退还日期; looked at:
      renovations applied for in the period and older ones whose deposit went back in it;
      the finding is dated 押金退还日期.

    A date that cannot be read is ``input.bad-value`` instead.
    """
    r = office.frame(RENOVATIONS)
    days = office.settings.limits.renovation_acceptance_days
    finished = r["finished_at"].dt.normalize()
    inspected = r["inspected_at"].dt.normalize()
    refunded = r["deposit_refunded_at"].dt.normalize()
    due = finished + pd.Timedelta(days=days)
    not_inspected = ~_filled(office, r, "inspected_at")

    late = ((inspected > due).fillna(False).astype(bool) | not_inspected) & day_over(office, due)
    late &= open_in_period(office, r["applied_at"], r["inspected_at"])
    early = (refunded < inspected).fillna(False).astype(bool) | (not_inspected & refunded.notna())
    early &= in_period(office, r["applied_at"]) | in_period(office, r["deposit_refunded_at"])

    def args(row: Any) -> dict[str, Any]:
        return {
            "days": days, "due": shown_day(row.due), "finished_at": shown_day(row.finished_at),
            "inspected_at": shown_day(row.inspected_at), "refunded_at": shown_day(row.deposit_refunded_at),
        }

    r = r.assign(due=due)
    return office.findings_at(
        no_acceptance, RENOVATIONS, r[late], field="inspected_at", date_field="finished_at", args=args,
    ) + office.findings_at(
        no_acceptance, RENOVATIONS, r[early], field="deposit_refunded_at", date_field="deposit_refunded_at",
        args=args,
    )
