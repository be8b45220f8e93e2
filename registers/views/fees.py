"""Shared preparation for the fee-ledger rules (``registers.rules.fees``).

The fee rules all need the same views of the ledger: receipts placed on their
day, voided ones told apart, cashiers compared without spaces, the fee
schedule matched to a receipt by item and date.  They are built here once, as
whole-frame pandas operations, so each rule stays a few masks and a merge.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from registers.core.frames import LAST_MINUTE, arrow_text, person_key
from registers.core.spec import EXPENDITURES, HANDOVER, RECEIPTS, SCHEDULE, UNITS, normalise_choice
from registers.io.columnar import text_buffers
from registers.views.common import in_period

if TYPE_CHECKING:
    from registers.office.load import Office


CASH = "现金"
VOID = "作废"
# A handover row without a time counts from its day's last minute (see common.LAST_MINUTE).
END_OF_DAY = LAST_MINUTE

# 计费方式: which bases are charged per month, and which default to a quantity of one
PER_AREA = "按面积"
QUANTITY_ONE = ("按户", "按次")


def as_date(v: Any) -> date | None:
    if v is None or v is pd.NaT or (isinstance(v, float) and np.isnan(v)):
        return None
    return pd.Timestamp(v).date()


def as_int(v: Any) -> int:
    return int(v)


def as_number(v: Any) -> float:
    """A quantity or month count for a message: ``2.0`` shows as ``2``."""
    return float(v)


# ---------------------------------------------------------------- masks


def day_of(moments: pd.Series) -> pd.Series:
    days: pd.Series = moments.dt.normalize()
    return days


def _choice_dictionary(values: pd.Series) -> tuple[pa.Array, pa.Array]:
    """The choice key of each distinct text, and each value's place among them (null when empty).

    Each distinct name is normalised once (Arrow's dictionary: a year of receipts names some twenty items)."""
    enc = pc.dictionary_encode(arrow_text(values))
    return pa.array([normalise_choice(v) for v in enc.dictionary.to_pylist()], pa.string()), enc.indices


def choice_key(values: pd.Series, then: Callable[[str], str] | None = None) -> pd.Series:
    """Item names compared as choices: Traditional → Simplified, NFKC, lower case, no spaces; ``then`` applied
    to each distinct key, if given."""
    keys, at = _choice_dictionary(values)
    if then is not None:
        keys = pa.array([then(k) for k in keys.to_pylist()], pa.string())
    out = keys.take(at) if len(keys) else pa.nulls(len(values), pa.string())
    return pd.Series(pd.array(out, dtype="string"), index=values.index, name=values.name)


def choice_codes(values: pd.Series, value_set: pa.Array) -> np.ndarray:
    """The place of each value's :func:`choice_key` in ``value_set`` (-1: not there, or empty), without
    writing out a key per value."""
    keys, at = _choice_dictionary(values)
    if not len(keys):
        return np.full(len(values), -1, dtype=np.int64)
    code = pc.fill_null(pc.index_in(keys, value_set=value_set), -1).to_numpy(zero_copy_only=False)
    place = pc.fill_null(at, -1).to_numpy(zero_copy_only=False)
    return np.where(place >= 0, code.astype(np.int64)[place], -1)


def flag(values: pd.Series) -> pd.Series:
    """A nullable boolean mask as plain bools (NA → False)."""
    return values.fillna(False).astype(bool)


# ---------------------------------------------------------------- receipts


def receipts(office: Office) -> pd.DataFrame:
    """The receipts frame with ``day``, ``void``, ``cash``, ``cashier_key`` and ``in_period`` added."""
    return office.shared("fee_helpers.receipts", lambda: _receipts(office))


def charged_mask(r: pd.DataFrame) -> pd.Series:
    """Of :func:`receipts`: those of the period that are money — not voided, with a readable day."""
    return r["in_period"] & ~r["void"] & r["day"].notna()


def charged_matches(office: Office) -> pd.DataFrame:
    """:func:`schedule_matches` of every charged receipt that names an item."""
    def make() -> pd.DataFrame:
        r = receipts(office)
        return schedule_matches(office, r, where=(charged_mask(r) & r["item"].notna()).to_numpy(dtype=bool))

    return office.shared("fee_helpers.charged_matches", make)


def _receipts(office: Office) -> pd.DataFrame:
    r = office.frame(RECEIPTS).copy(deep=False)
    r["day"] = day_of(r["paid_at"])
    r["void"] = flag(r["status"] == VOID)
    r["cash"] = flag(r["method"] == CASH)
    r["cashier_key"] = person_key(r["cashier"])
    r["in_period"] = in_period(office, r["paid_at"])
    return r


def schedule_matches(office: Office, rows: pd.DataFrame, where: np.ndarray | None = None) -> pd.DataFrame:
    """For each receipt of ``rows`` (index kept as ``rid``), the schedule rows in force for its item that day.

    Only the rows of ``rows`` where the mask ``where`` is true, when given (as ``rows[where]``, without
    copying a year of receipts to get it).  Columns: ``rid``, ``sid`` (schedule row), ``s_price``,
    ``s_basis``, ``s_from``; a receipt's rows in schedule order, receipts in the order of ``rows``.  A
    schedule row applies from its ``valid_from`` to its ``valid_to`` (an empty date leaves that side
    open; a receipt without a day matches only a row open on both sides).
    """
    sched = office.frame(SCHEDULE)
    s_key = arrow_text(choice_key(sched["item"]))
    # each receipt's item as a number: its place among the schedule's items (-1: not on the schedule)
    items = pc.unique(pc.drop_null(s_key))
    code_s = pc.fill_null(pc.index_in(s_key, value_set=items), -1).to_numpy(zero_copy_only=False)
    code_r = choice_codes(rows["item"], items)
    day = rows["day"].to_numpy(dtype="datetime64[us]")
    chosen = None if where is None else np.flatnonzero(where)  # the rows' places in ``rows``
    if chosen is not None:
        code_r, day = code_r[chosen], day[chosen]
    s_from = day_of(sched["valid_from"]).to_numpy(dtype="datetime64[us]")
    s_to = day_of(sched["valid_to"]).to_numpy(dtype="datetime64[us]")
    # receipts grouped by item (positions ascending within an item), each schedule row tried on its item's
    by_item = np.argsort(code_r, kind="stable")
    sorted_codes = code_r[by_item]
    found_pos: list[np.ndarray] = []
    found_sid: list[np.ndarray] = []
    for sid in np.flatnonzero(code_s >= 0):
        c = code_s[sid]
        pos = by_item[np.searchsorted(sorted_codes, c, "left"):np.searchsorted(sorted_codes, c, "right")]
        ok = np.ones(len(pos), dtype=bool)
        if not np.isnat(s_from[sid]):
            ok &= day[pos] >= s_from[sid]  # NaT compares False: a receipt without a day is not in force
        if not np.isnat(s_to[sid]):
            ok &= day[pos] <= s_to[sid]
        found_pos.append(pos[ok])
        found_sid.append(np.full(int(ok.sum()), sid, dtype=np.int64))
    # (a year of receipts: each array here is megabytes; they go as soon as they are used)
    del by_item, sorted_codes, code_r, day
    pos = np.concatenate(found_pos) if found_pos else np.zeros(0, dtype=np.int64)
    sid_ = np.concatenate(found_sid) if found_sid else np.zeros(0, dtype=np.int64)
    del found_pos, found_sid
    order = np.lexsort((sid_, pos))
    pos = pos[order]
    sid_ = sid_[order]
    del order
    if chosen is not None:
        pos = chosen[pos]
        del chosen
    return pd.DataFrame({
        "rid": rows.index.take(pos).to_numpy(),
        "sid": sid_,
        "s_price": sched["unit_price"].array.take(sid_),
        "s_basis": sched["basis"].array.take(sid_),
        "s_from": s_from[sid_],
    })


def round_half_up(values: np.ndarray) -> np.ndarray:
    """Round to whole fen, halves away from zero (float noise removed first)."""
    v = np.round(values.astype(float), 6)
    return np.sign(v) * np.floor(np.abs(v) + 0.5)


def unit_areas(office: Office, units: pd.Series) -> pd.Series:
    """The archive's building area of each unit (NA when the unit is not in the owner archive)."""
    archive = office.frame(UNITS)[["unit", "area"]].dropna(subset=["unit"]).drop_duplicates("unit")
    # looked up with Arrow's hash set (a year of receipts: no Python string per row)
    at = pc.index_in(arrow_text(units), value_set=arrow_text(archive["unit"]))
    at = pc.fill_null(at, -1).to_numpy(zero_copy_only=False)
    area = archive["area"].astype("Float64").array.take(at, allow_fill=True)  # -1: not in the archive
    return pd.Series(area, index=units.index, name=units.name, dtype="Float64")


# ---------------------------------------------------------------- receipt series

_SERIES = r"^(?P<prefix>.*?)(?P<digits>\d{1,18})$"


def receipt_series(office: Office, r: pd.DataFrame) -> pd.DataFrame:
    """Receipt numbers of ``r`` (rows of the office's receipts) split into series: ``NO.0012345`` →
    prefix ``NO.``, number 12345, width 7, the numbers compared as ``Office.id_keys`` gives them.

    Every receipt counts, voided ones too: their number is used.  A number seen on two rows
    is kept once (``input.duplicate-id`` reports the second).  Columns ``prefix``, ``n``,
    ``width`` and ``prev`` (the series' number before, NaN for its first), sorted by prefix
    and number; the index is the receipts'.
    """
    no = office.id_keys(RECEIPTS, "receipt_no").loc[r.index]
    text = arrow_text(no)
    split = None if _other_digits(text) else _trailing_digits(text)
    if split is None:  # ٣ or ३ (digits to Python's \d, not to Arrow's) or a run of 19 digits: Python splits
        parts = no.str.extract(_SERIES)
        ok = parts["digits"].notna().to_numpy(dtype=bool)
        digits = parts["digits"][ok].astype(str)
        prefix = arrow_text(parts["prefix"]).filter(pa.array(ok))
        n = digits.astype("int64").to_numpy()
        width = digits.str.len().to_numpy(dtype=np.int64)
    else:
        prefix_all, n_all, width_all = split
        ok = width_all > 0
        prefix = prefix_all.filter(pa.array(ok))
        n, width = n_all[ok], width_all[ok]
    index = r.index[ok]
    src = r["_src"].to_numpy(dtype=np.int64)[ok]
    row = r["_row"].to_numpy(dtype=np.int64)[ok]
    # prefixes ranked as text sorts (code points), then by number, the first row of a number kept
    enc = pc.dictionary_encode(prefix)
    rank = np.empty(len(enc.dictionary), dtype=np.int64)
    rank[pc.sort_indices(enc.dictionary).to_numpy()] = np.arange(len(enc.dictionary))
    prank = rank[enc.indices.to_numpy(zero_copy_only=False)] if len(rank) else np.zeros(0, dtype=np.int64)
    order = np.lexsort((row, src, n, prank))
    first = np.ones(len(order), dtype=bool)
    first[1:] = (prank[order][1:] != prank[order][:-1]) | (n[order][1:] != n[order][:-1])
    order = order[first]
    same = prank[order][1:] == prank[order][:-1]
    prev = np.full(len(order), np.nan)
    prev[1:][same] = n[order][:-1][same]
    return pd.DataFrame({
        "prefix": pd.array(prefix.take(pa.array(order, pa.int64())), dtype="string"),
        "n": n[order],
        "width": width[order],
        "prev": prev,
    }, index=index[order])


def all_receipt_series(office: Office) -> pd.DataFrame:
    """:func:`receipt_series` of all the office's receipts, built once (the receipt-gap rule and the day
    close's receipt ranges both need it)."""
    return office.shared("fee_helpers.receipt_series", lambda: receipt_series(office, receipts(office)))


def _trailing_digits(text: pa.Array) -> tuple[pa.Array, np.ndarray, np.ndarray] | None:
    """Each text's prefix, the number its trailing run of ASCII digits spells, and that run's length (0:
    none, or a null); None when a run is longer than 18 digits (a number an int64 cannot be sure to hold)."""
    prefix = pc.utf8_rtrim(text, characters="0123456789")
    width = pc.fill_null(pc.subtract(pc.binary_length(text), pc.binary_length(prefix)), 0).to_numpy(
        zero_copy_only=False).astype(np.int64)  # ASCII digits are one byte each
    if len(width) and int(width.max()) > 18:
        return None
    bounds, data = text_buffers(text)
    ends = bounds[1:]
    n = np.zeros(len(text), dtype=np.int64)
    scale = 1
    for k in range(int(width.max()) if len(width) else 0):  # the digits from the last, each times its power of ten
        has = width > k
        digit = data[np.where(has, ends - 1 - k, 0)].astype(np.int64) - 48
        n += np.where(has, digit * scale, 0)
        scale *= 10
    return prefix, n, width


def _other_digits(text: pa.Array) -> bool:
    """Whether any value holds a decimal digit other than 0-9."""
    wide = pc.filter(text, pc.invert(pc.fill_null(pc.string_is_ascii(text), True)))  # (a byte scan, no regex)
    return any(ch.isdecimal() and not ch.isascii() for v in wide.to_pylist() for ch in v)


def format_receipt_no(prefix: str, n: int, width: int) -> str:
    return f"{prefix}{n:0{width}d}"


# ---------------------------------------------------------------- cash on hand


def cash_events(office: Office, r: pd.DataFrame) -> pd.DataFrame:
    """Every movement of the cash box with its moment: ``delta`` in fen, ``unknown`` when the amount is unreadable.

    Cash receipts (not void) come in at ``paid_at``; handed-over cash leaves at ``handed_at``,
    or at the end of its day when no time is written; cash expenditures (method 现金 or empty)
    leave at the start of their day, so a count that day already misses them.
    """
    live = r.loc[(~r["void"] & r["paid_at"].notna()).to_numpy(dtype=bool), ["paid_at", "amount", "method", "cash"]]
    maybe_cash = live["cash"] | live["method"].isna()
    rec = live[maybe_cash]
    receipts_ev = pd.DataFrame({
        "moment": rec["paid_at"],
        "delta": rec["amount"],
        "unknown": rec["amount"].isna() | rec["method"].isna(),
    })

    h = office.frame(HANDOVER)
    moment = h["handed_at"].fillna(day_of(h["date"]) + END_OF_DAY)
    handed = pd.DataFrame({"moment": moment, "delta": -h["cash_handed"], "unknown": h["cash_handed"].isna()})

    e = office.frame(EXPENDITURES)
    cash_out = e[flag(e["method"] == CASH) | e["method"].isna()]
    spent = pd.DataFrame({
        "moment": day_of(cash_out["date"]),
        "delta": -cash_out["amount"],
        "unknown": cash_out["amount"].isna(),
    })

    frames = [f for f in (receipts_ev, handed, spent) if len(f)]
    if not frames:
        return pd.DataFrame({"moment": pd.Series(dtype="datetime64[us]"), "delta": pd.Series(dtype="int64"),
                             "unknown": pd.Series(dtype=bool)})
    ev = pd.concat(frames, ignore_index=True).dropna(subset=["moment"])
    ev["delta"] = ev["delta"].fillna(0).astype("int64")
    ev["unknown"] = ev["unknown"].astype(bool)
    return ev.sort_values("moment", kind="stable").reset_index(drop=True)


def balance_at(events: pd.DataFrame, moments: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Net cash movement up to and including each moment, and whether an unreadable amount is in it."""
    times = events["moment"].to_numpy(dtype="datetime64[us]")
    total = np.concatenate([[0], np.cumsum(events["delta"].to_numpy(dtype="int64"))])
    unknown = np.concatenate([[0], np.cumsum(events["unknown"].to_numpy(dtype="int64"))])
    idx = np.searchsorted(times, moments.to_numpy(dtype="datetime64[us]"), side="right")
    return total[idx], unknown[idx] > 0


def moment_text(v: Any) -> datetime | None:
    return None if v is None or v is pd.NaT else pd.Timestamp(v).to_pydatetime()


# ---------------------------------------------------------------- the posted item a text names

_FEE_ENDING = ("费用", "费")


def _item_core(text: str) -> str:
    """An item name as compared for nearness: its choice key (Traditional/Simplified, width, case, spaces),
    without a trailing 费/费用."""
    key = normalise_choice(text)
    for ending in _FEE_ENDING:
        if key.endswith(ending) and len(key) > len(ending):
            return key[: -len(ending)]
    return key


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one character changed, added or left out."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def near_item(typed: str, items: list[str]) -> str | None:
    """The one posted item of ``items`` that ``typed`` most nearly names, else None (none near, or more than one).

    Near: the same once 费/费用 and spaces are dropped (and Traditional/Simplified, width and case), one
    containing the other (the shorter of at least two characters), or one character apart on three or more.
    """
    core = _item_core(typed)
    near: dict[str, str] = {}
    for item in items:
        other = _item_core(item)
        shorter = min(len(core), len(other))
        if (core == other or (shorter >= 2 and (core in other or other in core))
                or (shorter >= 3 and _one_edit(core, other))):
            near.setdefault(normalise_choice(item), item)
    return next(iter(near.values())) if len(near) == 1 else None


def items_in_force(office: Office, day: date | None) -> list[str]:
    """The schedule's items in force on ``day`` (an empty 生效/失效日期 leaves that side open)."""
    sched = office.frame(SCHEDULE)
    out = []
    for item, start, end in zip(sched["item"], day_of(sched["valid_from"]), day_of(sched["valid_to"]), strict=True):
        if not isinstance(item, str):
            continue
        if day is not None and ((not pd.isna(start) and start.date() > day) or (not pd.isna(end) and end.date() < day)):
            continue
        if day is None and not (pd.isna(start) and pd.isna(end)):
            continue
        out.append(item)
    return out
