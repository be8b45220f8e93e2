"""``fee.*`` — the fee ledger (收费台账, 4.8): charges, receipt numbers, daily cash and expenditure.

Receipts belong to the period by the day they were paid (收款日期).  A voided
receipt (状态 作废) is not money: the price, item and cash rules skip it, but
its number still fills its place in a receipt series.  The payment-platform
reconciliation rules (``fee.payment-*``) live elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd

from registers.core.findings import Finding, Suggestion
from registers.core.frames import aggregate, is_nothing, person_key
from registers.core.rule import rule
from registers.core.spec import CASH_COUNTS, EXPENDITURES, FEE_LEDGER, HANDOVER, RECEIPTS, SCHEDULE, UNITS
from registers.core.values.money import yuan
from registers.views.common import day_over, in_period
from registers.views.fees import (
    PER_AREA,
    QUANTITY_ONE,
    all_receipt_series,
    as_date,
    as_int,
    as_number,
    balance_at,
    cash_events,
    charged_mask,
    charged_matches,
    day_of,
    flag,
    format_receipt_no,
    items_in_force,
    moment_text,
    near_item,
    receipts,
    round_half_up,
    unit_areas,
)
from registers.views.handover_row import handover_row
from registers.views.recorded import amount_on_record

if TYPE_CHECKING:
    from registers.office.load import Office

REGISTERS = (FEE_LEDGER,)


def _receipt_key(row: Mapping[str, Any]) -> str | None:
    return row.get("receipt_no")


def _receipt_day(row: Mapping[str, Any]) -> Any:
    return as_date(row.get("paid_at"))


# ---------------------------------------------------------------- 4.8.1 prices


@rule(
    "fee.unknown-item", "4.8.1", "error",
    title={"zh-Hans": "标准外收费（乱收）", "zh-Hant": "標準外收費（亂收）", "en": "Item not on the fee schedule"},
    message={
        "zh-Hans": "收费项目“{item}”不在 {date} 有效的收费标准（明码标价）中，属于标准外收费。",
        "zh-Hant": "收費項目「{item}」不在 {date} 有效的收費標準（明碼標價）中，屬於標準外收費。",
        "en": "Item '{item}' is not on the fee schedule in force on {date}: a charge outside the posted prices.",
    },
    registers=REGISTERS,
)
def unknown_item(office: Office) -> Iterable[Finding]:
    """A receipt charges an item that is not on the posted fee schedule (收费标准) on the day it was paid.

    Items are compared as the clerk would read them: Traditional and Simplified,
    full-width and half-width, upper and lower case, and spaces do not matter
    (``物業服務費`` is ``物业服务费``).  A schedule row applies from its 生效日期 to
    its 失效日期; an empty date leaves that side open.  Voided receipts are
    skipped.  When the office keeps no fee schedule at all nothing is reported
    here (``input.missing-register`` says the schedule is missing).

    Suggests the one posted item in force that day the text nearly names (:func:`registers.views.fees.near_item`);
    none when no item or several are near.
    """
    if not office.has(SCHEDULE):
        return []
    r = receipts(office)
    on_schedule = np.zeros(len(r), dtype=bool)
    on_schedule[r.index.get_indexer(pd.Index(charged_matches(office)["rid"]))] = True
    bad = r[(charged_mask(r) & r["item"].notna()).to_numpy(dtype=bool) & ~on_schedule]

    def suggest(row: Mapping[str, Any]) -> Suggestion | None:
        day = as_date(row["paid_at"])
        item = near_item(str(row["item"]), items_in_force(office, day))
        return None if item is None else Suggestion.here(item, "suggest.posted-item", item=item,
                                                         typed=row["item"], date=day or "—")

    return office.findings_at(unknown_item, RECEIPTS, bad, field="item", key=_receipt_key, day=_receipt_day,
        suggest=suggest,
        args=lambda row: {"item": row["item"], "date": as_date(row["paid_at"])},
    )


@rule(
    "fee.price-mismatch", "4.8.1", "error",
    title={"zh-Hans": "收费金额与标准不符（错收）", "zh-Hant": "收費金額與標準不符（錯收）",
           "en": "Amount differs from the fee schedule"},
    message={
        "zh-Hans": "{item}：按标准应收 {expected_fen}（单价 {price_fen} × 数量 {quantity} × {months} 个月），"
                   "实收 {amount_fen}。",
        "zh-Hant": "{item}：按標準應收 {expected_fen}（單價 {price_fen} × 數量 {quantity} × {months} 個月），"
                   "實收 {amount_fen}。",
        "en": "{item}: the schedule gives {expected_fen} (unit price {price_fen} × quantity {quantity} × "
              "{months} months), but {amount_fen} was received.",
    },
    settings=("amount_tolerance",),
    registers=(*REGISTERS, UNITS),  # a price per m² reads the unit's area in the owner archive
)
def price_mismatch(office: Office) -> Iterable[Finding]:
    """A receipt's amount is not the posted unit price × quantity × months (错收).

    The unit price is the schedule's, for the item and the day paid (a 单价 typed
    on the receipt itself is not trusted).  Quantity is the receipt's 数量; when
    empty, an area-based item (按面积) takes the unit's 建筑面积 from the owner
    archive, a per-unit (按户) or per-time (按次) item counts one, and a metered
    item (按用量) without a quantity is not checked.  Months are the 月数 column,
    else the length of 所属期间, else one — the same for every basis.  The
    expected amount is rounded to the fen (halves up) and may differ by the
    ``amount_tolerance`` setting.  When the quantity cannot be known (an area
    item for a unit missing from the archive) nothing is guessed and nothing is
    reported; refunds (negative amounts) and voided receipts are skipped.  If two
    schedule rows are in force for the item that day, matching either is enough.

    Suggests the amount computed (posted price × quantity × months) — unless two schedule rows in force give
    two different amounts, or the money received is on record elsewhere (a paired platform payment, the cash
    handed over that day, the roll's months: :mod:`registers.views.recorded`): then which is wrong is not known.
    """
    if not office.has(SCHEDULE):
        return []
    r = receipts(office)
    usable = (charged_mask(r) & r["item"].notna() & r["amount"].notna() & (r["amount"] >= 0)).to_numpy(dtype=bool)
    m = charged_matches(office)
    # each match's receipt by its place in the receipts; the receipts' columns are read at those places
    # only (a year of receipts: every full-length copy or frame here is tens of megabytes)
    at = r.index.get_indexer(pd.Index(m["rid"]))
    basis = m["s_basis"]
    kept = np.flatnonzero(usable[at] & m["s_price"].notna().to_numpy(dtype=bool) & basis.notna().to_numpy(dtype=bool))
    if not len(kept):
        return []
    at = at[kept]
    quantity = r["quantity"].to_numpy(dtype="float64", na_value=np.nan)[at]
    per_area = (basis == PER_AREA).to_numpy(dtype=bool)[kept]
    per_one = basis.isin(QUANTITY_ONE).to_numpy(dtype=bool)[kept]
    by_area = np.flatnonzero(np.isnan(quantity) & per_area)
    if len(by_area):
        quantity[by_area] = unit_areas(office, r["unit"].iloc[at[by_area]]).to_numpy(dtype="float64",
                                                                                    na_value=np.nan)
    quantity[np.isnan(quantity) & per_one] = 1.0
    months = r["months"].to_numpy(dtype="float64", na_value=np.nan)[at]
    period_months = r["period_months"].to_numpy(dtype="float64", na_value=np.nan)[at]
    months = np.where(np.isnan(months), period_months, months)
    months[np.isnan(months)] = 1.0
    price = m["s_price"].to_numpy(dtype="float64", na_value=np.nan)[kept]
    amount = r["amount"].to_numpy(dtype="int64", na_value=0)[at]  # (usable: no empty amount here)
    known = ~np.isnan(quantity)
    expected = round_half_up(np.where(known, price * np.nan_to_num(quantity) * months, 0.0))
    ok = known & (np.abs(amount - expected) <= office.settings.limits.tolerance_fen)
    # a receipt is wrong when none of its schedule rows in force gives its amount; its rows that could be
    # computed are the candidates reported (a receipt none of whose rows could be computed is left alone)
    # (counted per receipt by its place in the receipts: ``at``)
    sel = (np.bincount(at, weights=ok, minlength=len(r)) == 0)[at] & known
    if not sel.any():
        return []
    wrong = pd.DataFrame({
        "rid": m["rid"].to_numpy()[kept[sel]],
        "s_from": m["s_from"].to_numpy()[kept[sel]],
        "e_price": price[sel],
        "e_quantity": quantity[sel],
        "e_months": months[sel],
        "expected": expected[sel],
    })
    # one amount the schedule gives, the amount received on record nowhere else: the suggestion
    wrong["one"] = ((wrong.groupby("rid")["expected"].transform("nunique") == 1).to_numpy(dtype=bool)
                    & ~amount_on_record(office, pd.Index(wrong["rid"])))
    # the schedule row reported: the most recently effective one
    wrong = wrong.sort_values(["rid", "s_from"], ascending=[True, False], na_position="last")
    wrong = wrong.drop_duplicates("rid").set_index("rid")
    rows = r.loc[wrong.index].join(wrong[["e_price", "e_quantity", "e_months", "expected", "one"]])
    return office.findings_at(price_mismatch, RECEIPTS, rows, field="amount", key=_receipt_key, day=_receipt_day,
        suggest=lambda row: Suggestion.here(
            yuan(row["expected"]), "suggest.posted-price", item=row["item"], price_fen=as_int(row["e_price"]),
            quantity=as_number(row["e_quantity"]), months=as_number(row["e_months"])) if row["one"] else None,
        args=lambda row: {
            "item": row["item"],
            "expected_fen": as_int(row["expected"]),
            "amount_fen": as_int(row["amount"]),
            "price_fen": as_int(row["e_price"]),
            "quantity": as_number(row["e_quantity"]),
            "months": as_number(row["e_months"]),
        },
    )


# ---------------------------------------------------------------- 4.8.2 receipt numbers


@rule(
    "fee.receipt-gap", "4.8.2", "warning",
    title={"zh-Hans": "收据号缺号", "zh-Hant": "收據號缺號", "en": "Gap in receipt numbers"},
    message={
        "zh-Hans": "收据 {key} 之前缺少 {first} 至 {last}，共 {count} 张；作废的收据也须保留并登记为“作废”。",
        "zh-Hant": "收據 {key} 之前缺少 {first} 至 {last}，共 {count} 張；作廢的收據也須保留並登記為「作廢」。",
        "en": "{count} receipt numbers {first} to {last} are missing before {key}; "
              "a voided receipt must stay in the ledger marked 作废.",
    },
    message_one={
        "zh-Hans": "收据 {key} 之前缺少 {first}；作废的收据也须保留并登记为“作废”。",
        "zh-Hant": "收據 {key} 之前缺少 {first}；作廢的收據也須保留並登記為「作廢」。",
        "en": "Receipt number {first} is missing before {key}; a voided receipt must stay in the ledger marked 作废.",
    },
    registers=REGISTERS,
)
def receipt_gap(office: Office) -> Iterable[Finding]:
    """Receipt numbers skipped inside a receipt book: every number used must be in the ledger.

    Numbers form series by their prefix (``NO.0012345``, ``A-12345`` and plain
    ``0012345`` are three series; the prefix ignores case).  All receipts of the
    ledger count, whatever their month, and voided receipts fill their number.
    A gap is reported once, at the receipt that follows it, when that receipt was
    paid in the period.  A very large jump may be the start of a new book: it is
    still reported once, so the clerk can confirm it.

    Suggests the missing numbers, with nothing to type (the stubs are to be found: a voided one is entered
    as 作废, an issued one as its payment).
    """
    r = receipts(office)
    s = all_receipt_series(office)
    gaps = s[s["prev"].notna() & (s["n"] - s["prev"] > 1)]
    gaps = gaps[r.loc[gaps.index, "in_period"].to_numpy()]
    rows = r.loc[gaps.index].join(gaps[["prefix", "n", "prev", "width"]])
    return office.findings_at(receipt_gap, RECEIPTS, rows, field="receipt_no", key=_receipt_key, day=_receipt_day,
        suggest=lambda row: Suggestion(_missing_numbers(row), "suggest.receipt-gap"),
        args=lambda row: {
            "first": format_receipt_no(row["prefix"], int(row["prev"]) + 1, int(row["width"])),
            "last": format_receipt_no(row["prefix"], int(row["n"]) - 1, int(row["width"])),
            "count": int(row["n"]) - int(row["prev"]) - 1,
        },
    )


def _missing_numbers(row: Mapping[str, Any]) -> str:
    """The receipt numbers missing before ``row``: each of a short run, else the first and last."""
    prefix, width, first, last = row["prefix"], int(row["width"]), int(row["prev"]) + 1, int(row["n"]) - 1
    if last - first < 5:
        return "、".join(format_receipt_no(prefix, n, width) for n in range(first, last + 1))
    return f"{format_receipt_no(prefix, first, width)} … {format_receipt_no(prefix, last, width)}"


# ---------------------------------------------------------------- 4.8.4 daily cash


@rule(
    "fee.not-cleared", "4.8.4", "error",
    title={"zh-Hans": "现金未日收日清", "zh-Hant": "現金未日收日清", "en": "Day's cash not cleared"},
    message={
        "zh-Hans": "{date} {cashier} 现金收款 {expected_fen}，日结上交 {handed_fen}，差额 {difference_fen}。"
                   "当日现金须当日全额上交：请查明差额，补交或更正台账。",
        "zh-Hant": "{date} {cashier} 現金收款 {expected_fen}，日結上交 {handed_fen}，差額 {difference_fen}。"
                   "當日現金須當日全額上交：請查明差額，補交或更正台賬。",
        "en": "{date} {cashier}: cash received {expected_fen}, handed over {handed_fen}, "
              "difference {difference_fen}."
              " A day's cash is handed over in full that day: find the difference, then hand it over or correct the ledger.",
    },
    settings=("amount_tolerance",),
    registers=REGISTERS,
)
def not_cleared(office: Office) -> Iterable[Finding]:
    """A cashier's cash receipts of a day differ from the cash handed over that day (日收日清).

    Per day and cashier (names compared without spaces): the cash receipts (收款方式
    现金, not voided) are summed and compared with the 现金上交 of that day's
    日结上交 rows.  A difference beyond ``amount_tolerance`` is reported at the
    first handover row; cash taken with no handover row at all is reported on the
    receipts sheet (no single cell to point at); cash handed over on a day with no
    cash receipts is a difference too.  A day is checked once it is over at the
    as-of moment (from its last minute, 23:59, on).  A day with an unreadable amount
    or payment method for that cashier is not judged (``input.bad-value`` says why).
    The difference is handed minus received: negative means cash is short.

    Suggests, for a day with no handover row, the row to add (:mod:`registers.views.handover_row`); none where
    a handover row's amount differs: the difference is what must be looked into.
    """
    r = receipts(office)
    # the cash receipts (or of no readable method) of the days over, taken once: filtering a year's text
    # columns is the cost
    wanted = (r["in_period"] & ~r["void"] & r["cashier_key"].notna() & day_over(office, r["day"])
              & (r["cash"] | r["method"].isna())).to_numpy(dtype=bool)
    cash = r[["cashier_key", "day", "method", "amount", "cashier", "_src", "_row"]][wanted].assign(
        rid=lambda d: d.index)
    cash = cash.assign(unsure=cash["method"].isna() | cash["amount"].isna()).sort_values(["_src", "_row"])
    taken = aggregate(cash.groupby(["day", "cashier_key"]),
                      expected=("amount", "sum"), r_unsure=("unsure", "any"), r_first=("rid", "first"))

    h = office.frame(HANDOVER).copy()
    h["day"] = day_of(h["date"])
    h["cashier_key"] = person_key(h["cashier"])
    h = h[in_period(office, h["date"]) & h["cashier_key"].notna()]
    h = h[day_over(office, h["day"])]
    h = h.assign(hid=h.index, unsure=h["cash_handed"].isna()).sort_values(["_src", "_row"])
    handed = aggregate(h.groupby(["day", "cashier_key"]),
                       handed=("cash_handed", "sum"), h_unsure=("unsure", "any"), h_first=("hid", "first"))

    both = taken.join(handed, how="outer")
    unsure = flag(both["r_unsure"].astype("boolean")) | flag(both["h_unsure"].astype("boolean"))
    exp = both["expected"].fillna(0).astype("int64")
    got = both["handed"].fillna(0).astype("int64")
    off = (got - exp).abs() > office.settings.limits.tolerance_fen
    bad = both.assign(expected=exp, handed=got)[flag(off & ~unsure)]

    def args(row: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "date": as_date(row["day"]), "cashier": row["cashier"],
            "expected_fen": as_int(row["expected"]), "handed_fen": as_int(row["handed"]),
            "difference_fen": as_int(row["handed"]) - as_int(row["expected"]),
        }

    at_handover = bad[bad["h_first"].notna()]
    rows = h.loc[at_handover["h_first"].astype("int64")].assign(
        expected=at_handover["expected"].to_numpy(), handed=at_handover["handed"].to_numpy()
    )
    out = office.findings_at(not_cleared, HANDOVER, rows, field="cash_handed", args=args,
        key=lambda row: row["cashier"].strip(), day=lambda row: as_date(row["day"]),
    )
    # cash taken, no handover row: point at the cashier cell of the day's first cash receipt (a link to the
    # sheet alone opened its title row)
    no_row = bad[bad["h_first"].isna()].reset_index()
    for miss in cast("list[dict[str, Any]]", no_row.to_dict("records")):
        first = r.loc[as_int(miss["r_first"])]
        src = office.sources[as_int(first["_src"])]
        row = {"day": miss["day"], "cashier": str(first["cashier"]).strip(), "expected": miss["expected"], "handed": 0}
        day, expected = as_date(miss["day"]), as_int(miss["expected"])
        out.append(not_cleared.finding(
            register=FEE_LEDGER, file=src.file, sheet=src.sheet, row=as_int(first["_row"]),
            column=src.columns.get("cashier"), key=row["cashier"], date=day, args=args(row),
            suggestion=handover_row(office, day, row["cashier"], expected) if day and expected > 0 else None,
        ))
    return out


@rule(
    "fee.handover-late", "4.8.4", "error",
    title={"zh-Hans": "现金未当日上交", "zh-Hant": "現金未當日上交", "en": "Cash handed over late"},
    message={
        "zh-Hans": "{date} {cashier} 收取的现金到 {handed_at} 才上交，未做到当日上交。"
                   "收取的现金须当日上交。",
        "zh-Hant": "{date} {cashier} 收取的現金到 {handed_at} 才上交，未做到當日上交。"
                   "收取的現金須當日上交。",
        "en": "Cash {cashier} took on {date} was handed over only at {handed_at}, not the same day."
              " Cash is handed over the day it is taken.",
    },
    registers=REGISTERS,
)
def handover_late(office: Office) -> Iterable[Finding]:
    """Cash handed over after the day it was collected: 上交时间 falls on a later day than 日期.

    Rows of the period only; a row that hands over no cash (现金上交 0) is not late.
    A row without 上交时间 is taken as handed over that day.
    """
    h = office.frame(HANDOVER)
    late = in_period(office, h["date"]) & (day_of(h["handed_at"]) > day_of(h["date"]))
    late = flag(late.astype("boolean")) & ~flag((h["cash_handed"] == 0).astype("boolean"))
    return office.findings_at(handover_late, HANDOVER, h[late], field="handed_at",
        key=lambda row: None if row["cashier"] is None else row["cashier"].strip(),
        day=lambda row: as_date(row["date"]),
        args=lambda row: {
            "date": as_date(row["date"]), "cashier": row["cashier"], "handed_at": moment_text(row["handed_at"]),
        },
    )


@rule(
    "fee.large-not-reported", "4.8.4", "error",
    title={"zh-Hans": "大额收款未当日上报（日收日报）", "zh-Hant": "大額收款未當日上報（日收日報）",
           "en": "Large receipt not reported the same day"},
    message={
        "zh-Hans": "收据 {key} 金额 {amount_fen}，达到大额标准 {limit_fen}，但 {date} {cashier} 的日结上交未登记“大额已报”。"
                   "大额收款须当日上报，并在日结上交中登记“大额已报”。",
        "zh-Hant": "收據 {key} 金額 {amount_fen}，達到大額標準 {limit_fen}，但 {date} {cashier} 的日結上交未登記「大額已報」。"
                   "大額收款須當日上報，並在日結上交中登記「大額已報」。",
        "en": "Receipt {key} of {amount_fen} reaches the large amount {limit_fen}, but {cashier}'s handover "
              "of {date} does not record it as reported."
              " A large receipt is reported the same day and marked as reported in the handover.",
    },
    settings=("large_receipt",),
    registers=REGISTERS,
)
def large_not_reported(office: Office) -> Iterable[Finding]:
    """A receipt of at least the ``large_receipt`` amount, any payment method, not reported that day (日收日报).

    It counts as reported when one of the cashier's 日结上交 rows of that day has
    大额已报 = 是.  Voided receipts are skipped; a day is checked once it is over
    at the as-of moment.
    """
    limit = office.settings.limits.large_receipt_fen
    r = receipts(office)
    r = r[(charged_mask(r) & flag((r["amount"] >= limit).astype("boolean")) & r["cashier_key"].notna()
           ).to_numpy(dtype=bool)]
    r = r[day_over(office, r["day"])]
    h = office.frame(HANDOVER)
    reported = pd.DataFrame({
        "day": day_of(h["date"]), "cashier_key": person_key(h["cashier"]), "ok": flag(h["large_reported"]),
    })
    reported = reported[reported["ok"]].dropna().drop_duplicates(["day", "cashier_key"])
    keyed = r[["day", "cashier_key"]].reset_index().merge(reported, on=["day", "cashier_key"], how="left")
    missing = keyed.loc[keyed["ok"].isna(), "index"]
    return office.findings_at(large_not_reported, RECEIPTS, r.loc[missing], field="amount", key=_receipt_key, day=_receipt_day,
        args=lambda row: {
            "amount_fen": as_int(row["amount"]), "limit_fen": limit,
            "date": as_date(row["day"]), "cashier": row["cashier"],
        },
    )


# ---------------------------------------------------------------- 4.8.5 expenditure


@rule(
    "fee.unapproved-expense", "4.8.5", "error",
    title={"zh-Hans": "支出无审批", "zh-Hant": "支出無審批", "en": "Expenditure not approved"},
    message={
        "zh-Hans": "支出凭证 {key}（金额 {amount_fen}）没有审批人签批。"
                   "支出须经审批人签批：请补签。",
        "zh-Hant": "支出憑證 {key}（金額 {amount_fen}）沒有審批人簽批。"
                   "支出須經審批人簽批：請補簽。",
        "en": "Expenditure voucher {key} ({amount_fen}) has no approver."
              " An expenditure needs an approver's signature: have it signed.",
    },
    registers=REGISTERS,
)
def unapproved_expense(office: Office) -> Iterable[Finding]:
    """An expenditure of the period with no approver (审批人 empty, or written as 无, /, -)."""
    e = office.frame(EXPENDITURES)
    bad = e[in_period(office, e["date"]).fillna(False).astype(bool) & is_nothing(e["approver"])]
    return office.findings_at(unapproved_expense, EXPENDITURES, bad, field="approver",
        key=lambda row: row["voucher"], day=lambda row: as_date(row["date"]),
        args=lambda row: {"amount_fen": "—" if row["amount"] is None else as_int(row["amount"])},
    )


# ---------------------------------------------------------------- 4.8.2 cash counts


@rule(
    "fee.cash-count-mismatch", "4.8.2", "error",
    title={"zh-Hans": "现金盘点不符", "zh-Hant": "現金盤點不符", "en": "Cash count differs"},
    message={
        "zh-Hans": "{at} 盘点现金 {counted_fen}，账面应有 {expected_fen}（备用金 + 现金收款 − 上交 − 现金支出），"
                   "差额 {difference_fen}。",
        "zh-Hant": "{at} 盤點現金 {counted_fen}，帳面應有 {expected_fen}（備用金 + 現金收款 − 上交 − 現金支出），"
                   "差額 {difference_fen}。",
        "en": "Cash counted at {at} was {counted_fen}; the books give {expected_fen} (float + cash receipts − "
              "cash handed over − cash expenditure), a difference of {difference_fen}.",
    },
    settings=("opening_float", "amount_tolerance"),
    registers=REGISTERS,
)
def cash_count_mismatch(office: Office) -> Iterable[Finding]:
    """A recorded cash count (现金盘点) differs from the cash that should be in the box at that moment.

    Expected cash = the ``opening_float`` setting (备用金) + every cash receipt (not
    voided) paid up to the count − every handover up to the count (at its 上交时间,
    or the end of its day when no time is written) − every cash expenditure
    (付款方式 现金 or empty) dated on or before the count's day.  The office's
    opening balance is not used here: the float is what stays in the box.  A
    count with an unreadable amount or method before it is not judged.  The
    difference is counted minus expected: negative means cash is short.
    """
    c = office.frame(CASH_COUNTS)
    c = c[in_period(office, c["at"]).fillna(False).astype(bool) & c["counted"].notna()]
    if c.empty:
        return []
    moved, unknown = balance_at(cash_events(office, receipts(office)), c["at"])
    expected = office.settings.limits.opening_float_fen + moved
    counted = c["counted"].to_numpy(dtype="int64")
    off = (np.abs(counted - expected) > office.settings.limits.tolerance_fen) & ~unknown
    rows = c[off].assign(expected=expected[off])
    return office.findings_at(cash_count_mismatch, CASH_COUNTS, rows, field="counted",
        key=lambda row: None, day=lambda row: as_date(row["at"]),
        args=lambda row: {
            "at": moment_text(row["at"]), "counted_fen": as_int(row["counted"]),
            "expected_fen": as_int(row["expected"]),
            "difference_fen": as_int(row["counted"]) - as_int(row["expected"]),
        },
    )
