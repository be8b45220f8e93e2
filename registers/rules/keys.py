"""``key.*`` — the key register (钥匙管理, 4.5): the inventory (钥匙清单) and the loans (借还记录).

The inventory lists every key with its category (业主钥匙 / 公共门窗钥匙 / 设备房钥匙 /
水表箱钥匙), for owner keys its kind (防盗门 / 室内门 / 电子对讲门 / 水表箱 / 信箱), and a
label saying what it opens: a unit, a floor, the equipment, a building or entrance.
Every key type needs an emergency spare.  The inventory has no date, so it is
checked whole on every run.

A loan names the borrower, department, purpose and approver, and is returned by
its due time or ``key_return_hours`` after it went out.  The loan rules look at
the loans that went out in the period; ``key.overdue`` also at older loans still
out when the period began.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any

import pandas as pd

from registers.core.findings import Suggestion
from registers.core.frames import is_nothing, isin_text, moment
from registers.core.rule import rule
from registers.core.spec import INVENTORY, LEDGER, to_simplified
from registers.views.common import in_period, open_in_period, tenths_of_hours, unreadable
from registers.views.keys import (
    OWNER,
    OWNER_KINDS,
    comparable_key_ids,
    kind_key,
    label_key,
    label_ok,
    per_label,
    plain_label,
)

if TYPE_CHECKING:
    from registers.core.findings import Finding
    from registers.office.load import Office



# a purpose that says the key was borrowed for oneself, in Simplified and in Traditional (written out:
# loading zhconv's Traditional table for seven words cost every check 8 ms; a test compares them)
PRIVATE_WORDS = ("私人", "个人", "私事", "朋友", "亲戚", "自用", "家用")
PRIVATE_WORDS_HANT = ("私人", "個人", "私事", "朋友", "親戚", "自用", "家用")


@cache
def _private() -> re.Pattern[str]:
    """The private words, Simplified and Traditional."""
    return re.compile("|".join(sorted({*PRIVATE_WORDS, *PRIVATE_WORDS_HANT})))


# a department that names no department (无, -, / are already empty: the column is a remark)
NO_DEPARTMENT = frozenset({"个人", "私人", "无", "-", "/"})


# ---------------------------------------------------------------- inventory


@rule(
    "key.unknown-category", "4.5.2", "error",
    title={"zh-Hans": "钥匙种类不在规定之列", "zh-Hant": "鑰匙種類不在規定之列", "en": "Unknown key kind"},
    message={
        "zh-Hans": "业主钥匙的种类“{value}”不在规定之列（防盗门、室内门、电子对讲门、水表箱、信箱）。",
        "zh-Hant": "業主鑰匙的種類「{value}」不在規定之列（防盜門、室內門、電子對講門、水錶箱、信箱）。",
        "en": "Owner key kind '{value}' is not one of the listed kinds "
              "(防盗门 security door, 室内门 inner door, 电子对讲门 intercom door, 水表箱 meter box, 信箱 mailbox).",
    },
    registers=("keys",),
)
def unknown_category(office: Office) -> list[Finding]:
    """An owner key (业主钥匙) whose 钥匙种类 is not 防盗门, 室内门, 电子对讲门, 水表箱 or 信箱.

    Traditional spellings and spaces are accepted (``防盜門``).  A 钥匙类别 outside the four
    categories is ``input.bad-value`` (the column is a fixed list, and the reader reports it)
    and an empty one ``input.missing-value``; this rule never looks at that column again, so
    nothing is reported twice.  An empty 钥匙种类 is not reported: the column is optional.
    """
    inv = office.frame(INVENTORY)
    kind = kind_key(inv["kind"])
    bad = (inv["category"] == OWNER).fillna(False) & kind.notna() & ~kind.isin(OWNER_KINDS).fillna(False)
    return office.findings_at(unknown_category, INVENTORY, inv[bad.astype(bool)], field="kind", value_field="kind")


@rule(
    "key.bad-label", "4.5.3", "error",
    title={"zh-Hans": "钥匙标识不合要求", "zh-Hant": "鑰匙標識不合要求", "en": "Key label does not say what it opens"},
    message={
        "zh-Hans": "{category}的标识“{label}”不合要求（业主钥匙写房号，公共门窗钥匙写楼层，设备房钥匙写设备名称，水表箱钥匙写楼栋或单元，不能空着）。",
        "zh-Hant": "{category}的標識「{label}」不合要求（業主鑰匙寫房號，公共門窗鑰匙寫樓層，設備房鑰匙寫設備名稱，水錶箱鑰匙寫樓棟或單元，不能空著）。",
        "en": "Label '{label}' does not fit a {category} (owner key: the unit; public door/window key: the floor; "
              "equipment-room key: the equipment; water-meter-box key: the building or entrance; never empty).",
    },
    registers=("keys",),
)
def bad_label(office: Office) -> list[Finding]:
    """A key whose 标识 does not say what it opens.

    Owner keys carry a unit (``3-2-1501``, ``3栋2单元1501室``); public door/window keys a floor
    (``5F``, ``5层``, ``B1``, ``负一层``, ``地下一层``, ``1-5F``, optionally after the building
    and before the door: ``3栋5F消防门``); equipment-room keys the equipment (``水泵房``), not a
    unit or a floor; water-meter-box keys a building or entrance (``3栋``, ``3#``, ``3-2``).
    An empty label is reported whatever the category.

    Suggested: the label of the same key's other copies (its id without the copy letter: ``GG-05A`` for
    ``GG-05B``, of the same category) when they all carry one right label; none when there is no such copy,
    or copies disagree (which one opens the door is a fact the registers do not give).
    """
    inv = office.frame(INVENTORY)
    ok = pd.Series(per_label(inv, label_ok, True), index=inv.index, dtype=bool)
    bad = inv["label"].isna() | ~ok
    if not bad.any():
        return []
    # the right labels of each key (its id without the copy letter) and category
    good = inv[~bad & inv["category"].notna()]
    right: dict[tuple[str, str], dict[str, str]] = {}
    for key_id, category, label in zip(good["key_id"], good["category"], good["label"], strict=True):
        if isinstance(key_id, str):
            right.setdefault((_key_stem(key_id), category), {}).setdefault(label_key(category, label), label)

    def suggest(row: Any) -> Suggestion | None:
        if not isinstance(row["key_id"], str) or pd.isna(row["category"]):
            return None
        labels = right.get((_key_stem(row["key_id"]), row["category"]), {})
        if len(labels) != 1:
            return None
        (label,) = labels.values()
        return Suggestion.here(label, "suggest.key-copy-label", category=row["category"])

    return office.findings_at(bad_label, INVENTORY, inv[bad], field="label",
        args=lambda row: {
            "category": "" if pd.isna(row["category"]) else row["category"],
            "label": "" if pd.isna(row["label"]) else row["label"],
        },
        suggest=suggest,
    )


def _key_stem(key_id: str) -> str:
    """A key's id without the letter of its copy (``GG-05A`` and ``GG-05B`` → ``GG-05``), compared as ids are."""
    plain = re.sub(r"\s+", "", key_id).upper()
    return re.sub(r"(?<=\d)[A-Z]$", "", plain)


@rule(
    "key.no-emergency-spare", "4.5.5", "error",
    title={"zh-Hans": "缺紧急备用钥匙", "zh-Hant": "缺緊急備用鑰匙", "en": "No emergency spare key"},
    message={
        "zh-Hans": "钥匙“{key_type}”在清单中没有紧急备用（共 {rows} 行，都未标“紧急备用”）。"
                   "每种钥匙须留有紧急备用：请配备，并在清单中标明“紧急备用”。",
        "zh-Hant": "鑰匙「{key_type}」在清單中沒有緊急備用（共 {rows} 行，都未標「緊急備用」）。"
                   "每種鑰匙須留有緊急備用：請配備，並在清單中標明「緊急備用」。",
        "en": "Key '{key_type}' has no emergency spare in the inventory (rows of this key: {rows}; none is marked as the spare)."
              " Every key type keeps an emergency spare: provide one and mark it in the inventory.",
    },
    registers=("keys",),
)
def no_emergency_spare(office: Office) -> list[Finding]:
    """A key type with no row marked 紧急备用 in the inventory.

    A key type is category + kind + label, the label read the same way however it is
    spelled (``3-2-1501`` = ``3栋2单元1501室``, ``5F`` = ``5层``).  Reported once per type, at
    its first row.  Rows with no readable category or label are left out (the reader or
    ``key.bad-label`` reports them); a type with an unreadable 紧急备用 cell is not reported.
    """
    inv = office.frame(INVENTORY)
    typed = inv["category"].notna() & inv["label"].notna()
    t = inv[typed]
    label = pd.Series(per_label(t, label_key, ""), index=t.index, dtype="string")
    key_type = t["category"].astype(str) + "|" + kind_key(t["kind"]).fillna("").astype(str) + "|" + label.astype(str)
    spare = t["emergency_spare"].fillna(False).astype(bool)
    unknown = unreadable(office, INVENTORY, t, "emergency_spare")
    groups = pd.DataFrame({"type": key_type, "spare": spare, "unknown": unknown})
    by_type = groups.groupby("type", sort=False)
    covered = by_type["spare"].transform("any") | by_type["unknown"].transform("any")
    first = ~key_type.duplicated()
    count = by_type["type"].transform("size")
    rows = t[first & ~covered].assign(type_rows=count[first & ~covered])
    return office.findings_at(no_emergency_spare, INVENTORY, rows, field="emergency_spare",
        args=lambda row: {
            "key_type": " ".join(str(row[f]) for f in ("category", "kind", "label") if not pd.isna(row[f])),
            "rows": int(row["type_rows"]),
        },
    )


# ---------------------------------------------------------------- loans

_REQUIRED_FOR_LOAN = ("borrower", "purpose", "approver")


@rule(
    "key.unregistered-borrow", "4.5.5", "error",
    title={"zh-Hans": "借钥匙登记不全", "zh-Hant": "借鑰匙登記不全", "en": "Key loan not fully registered"},
    message={
        "zh-Hans": "借钥匙登记不全：借用人 {borrower}、借用事由 {purpose}、批准人 {approver}（三项都须填写）。"
                   "请补登缺项。",
        "zh-Hant": "借鑰匙登記不全：借用人 {borrower}、借用事由 {purpose}、批准人 {approver}（三項都須填寫）。"
                   "請補登缺項。",
        "en": "Key loan not fully registered: borrower {borrower}, purpose {purpose}, approver {approver} "
              "(all three are required)."
              " Fill in what is missing.",
    },
    registers=("keys",),
)
def unregistered_borrow(office: Office) -> list[Finding]:
    """A loan without a borrower, a purpose or an approver (empty, or 无 / - / /).

    One finding per loan, at the first empty cell; the message marks each of the three
    ✓ (filled in) or ✗ (missing).
    """
    led = office.frame(LEDGER)
    period = in_period(office, led["out_at"])
    missing = {name: is_nothing(led[name]) for name in _REQUIRED_FOR_LOAN}
    findings: list[Finding] = []
    already = pd.Series(False, index=led.index)
    for name in _REQUIRED_FOR_LOAN:  # the first missing field names the cell
        these = period & missing[name] & ~already
        already |= these
        rows = led[these].assign(**{f"missing_{n}": missing[n][these] for n in _REQUIRED_FOR_LOAN})
        findings += office.findings_at(unregistered_borrow, LEDGER, rows, field=name, key_field="key_id",
            args=lambda row: {
                **{n: "✗" if row[f"missing_{n}"] else "✓" for n in _REQUIRED_FOR_LOAN},
                "missing": tuple(f"{LEDGER}:{n}" for n in _REQUIRED_FOR_LOAN if row[f"missing_{n}"]),
            },
        )
    return findings


@rule(
    "key.private-borrow", "4.5.5", "error",
    title={"zh-Hans": "疑似私人借用钥匙", "zh-Hant": "疑似私人借用鑰匙", "en": "Key borrowed privately"},
    message={
        "zh-Hans": "疑似私人借用：借用人 {borrower}，部门/单位“{department}”，事由“{purpose}”（钥匙不得借作私用，借用人须写明所属部门）。",
        "zh-Hant": "疑似私人借用：借用人 {borrower}，部門/單位「{department}」，事由「{purpose}」（鑰匙不得借作私用，借用人須寫明所屬部門）。",
        "en": "Looks like a private loan: borrower {borrower}, department '{department}', purpose '{purpose}' "
              "(keys are not lent for private use; the borrower's department must be written).",
    },
    registers=("keys",),
)
def private_borrow(office: Office) -> list[Finding]:
    """A loan for a personal purpose (私人, 个人, 私事, 朋友, 亲戚, 自用, 家用, in either script), or a
    borrower with no department (empty, 无, -, /, 个人, 私人).

    The cell is the purpose when it is personal, otherwise the department.  The department
    is only checked on sheets that have a 部门/单位 column.
    """
    led = office.frame(LEDGER)
    period = in_period(office, led["out_at"])
    personal = led["purpose"].str.contains(_private(), regex=True).fillna(False).astype(bool)
    plain = {v: plain_label(v) for v in led["department"].dropna().unique()}  # each department once
    dept = led["department"].map(plain).astype("string")
    no_dept = (dept.isna() | dept.isin(NO_DEPARTMENT)).fillna(True).astype(bool)
    with_column = {s for s in led["_src"].unique() if "department" in office.sources[int(s)].columns}
    has_column = led["_src"].isin(list(with_column)).astype(bool)
    no_dept &= has_column & ~is_nothing(led["borrower"])

    def args(row: Any) -> dict[str, Any]:
        return {n: "" if pd.isna(row[n]) else row[n] for n in ("borrower", "department", "purpose")}

    return [
        *office.findings_at(private_borrow, LEDGER, led[period & personal], field="purpose",
                     key_field="key_id", args=args),
        *office.findings_at(private_borrow, LEDGER, led[period & ~personal & no_dept], field="department",
                     key_field="key_id", args=args),
    ]


@rule(
    "key.overdue", "4.5.5", "error",
    title={"zh-Hans": "钥匙逾期未还", "zh-Hant": "鑰匙逾期未還", "en": "Key returned late"},
    message={
        "zh-Hans": "{out_at} 借出，应于 {due} 前归还，已超时 {late_hours} 小时（未写预计归还时间的，借出后 {hours} 小时内归还）。"
                   "尚未归还的，请催还并登记归还时间。",
        "zh-Hant": "{out_at} 借出，應於 {due} 前歸還，已超時 {late_hours} 小時（未寫預計歸還時間的，借出後 {hours} 小時內歸還）。"
                   "尚未歸還的，請催還並登記歸還時間。",
        "en": "Lent {out_at}, due back by {due}, {late_hours} hours late (without a due time a key is due "
              "back {hours} hours after it went out)."
              " If it is still out, ask for it back and record the return time.",
    },
    settings=("key_return_hours",),
    registers=("keys",),
)
def overdue(office: Office) -> list[Finding]:
    """A key returned after its due time, or still out at ``as_of`` after it.

    The due time is 预计归还时间, or ``key_return_hours`` after it went out when none is
    written.  Loans from before the period still out when it began are included.  A loan
    whose due or return time cannot be read is left to ``input.bad-value``.
    """
    led = office.frame(LEDGER)
    hours = office.settings.limits.key_return_hours
    as_of = pd.Timestamp(office.as_of)
    due = led["due_at"].fillna(led["out_at"] + pd.Timedelta(hours=hours))
    until = led["returned_at"].fillna(as_of)
    known = ~unreadable(office, LEDGER, led, "due_at") & ~unreadable(office, LEDGER, led, "returned_at")
    late = known & (until > due) & (due < as_of) & open_in_period(office, led["out_at"], led["returned_at"])
    rows = led[late].assign(due=due[late], late=(until - due)[late])
    return office.findings_at(overdue, LEDGER, rows, field="returned_at", key_field="key_id",
        args=lambda row: {
            "out_at": moment(row["out_at"]), "due": moment(row["due"]), "hours": hours,
            "late_hours": tenths_of_hours(row["late"]),
        },
    )


@rule(
    "key.double-borrow", "4.5.5", "error",
    title={"zh-Hans": "钥匙未还又借出", "zh-Hant": "鑰匙未還又借出", "en": "Key lent while still out"},
    message={
        "zh-Hans": "此钥匙 {previous_out} 借出（{previous_sheet} 第 {previous_row} 行）尚未归还，又于 {out_at} 借出。",
        "zh-Hant": "此鑰匙 {previous_out} 借出（{previous_sheet} 第 {previous_row} 行）尚未歸還，又於 {out_at} 借出。",
        "en": "This key went out {previous_out} ({previous_sheet} row {previous_row}) and was not back "
              "when it was lent again {out_at}.",
    },
    registers=("keys",),
)
def double_borrow(office: Office) -> list[Finding]:
    """A key lent again while an earlier loan of it was still out (not returned, or returned later).

    Key ids are compared without case or spaces; loans are taken in order of 借出时间, across
    all ledger sheets.  The later loan is reported.  An earlier loan whose return time
    cannot be read does not count as still out.
    """
    led = office.frame(LEDGER)
    known = led["out_at"].notna() & led["key_id"].notna()
    loans = led[known].assign(key=comparable_key_ids(led["key_id"][known])).sort_values("out_at", kind="stable")
    loans["order"] = range(len(loans))
    # an open loan holds the key for ever; an unreadable return time is given the benefit of the doubt
    back = loans["returned_at"].fillna(pd.Timestamp.max.floor("D"))
    back = back.where(~unreadable(office, LEDGER, loans, "returned_at"), loans["out_at"])
    held_until = back.groupby(loans["key"]).cummax().groupby(loans["key"]).shift()
    rows = loans[(held_until > loans["out_at"]) & in_period(office, loans["out_at"])]

    # the loans of the keys reported, per key (a finding looks among its key's loans only)
    of_key = {k: g for k, g in loans.assign(back=back)[loans["key"].isin(list(set(rows["key"])))]
              .groupby("key", sort=False)}

    def args(row: Any) -> dict[str, Any]:
        # the latest earlier loan of the key still out when this one went out
        mine = of_key[row["key"]]
        earlier = mine[(mine["order"] < row["order"]) & (mine["back"] > row["out_at"])]
        prev = earlier.iloc[-1]
        return {
            "previous_out": moment(prev["out_at"]),
            "previous_sheet": office.sources[int(prev["_src"])].sheet,
            "previous_row": int(prev["_row"]),
            "out_at": moment(row["out_at"]),
        }

    return office.findings_at(double_borrow, LEDGER, rows, field="out_at", key_field="key_id", args=args,
    )


def _inventory_ids(office: Office) -> pd.DataFrame:
    inv = office.frame(INVENTORY)
    ids = pd.DataFrame({"key": comparable_key_ids(inv["key_id"]), "spare": inv["emergency_spare"].fillna(False).astype(bool)})
    return ids.dropna(subset=["key"]).groupby("key")["spare"].any().reset_index()


@rule(
    "key.unknown-key", "4.5.5", "error",
    title={"zh-Hans": "借出的钥匙不在清单中", "zh-Hant": "借出的鑰匙不在清單中", "en": "Lent key not in the inventory"},
    message={
        "zh-Hans": "钥匙编号“{key}”不在钥匙清单中。",
        "zh-Hant": "鑰匙編號「{key}」不在鑰匙清單中。",
        "en": "Key id '{key}' is not in the key inventory.",
    },
    registers=("keys",),
)
def unknown_key(office: Office) -> list[Finding]:
    """A loan naming a 钥匙编号 that the inventory does not list (compared without case or spaces).

    Not checked when the office has no inventory at all (``input.missing-register`` says so).  Suggested: the
    inventory's id when the loan's id is it typed another way — punctuation left out or added, letters for
    digits (``SB01A``, ``SB-O1A`` for ``SB-01A``) — and no other inventory id reads so.  The loan register
    names no key's category or label beside its id, so a key the inventory does not know gets no suggestion.
    """
    if not office.has(INVENTORY):
        return []
    led = office.frame(LEDGER)
    listed = isin_text(comparable_key_ids(led["key_id"]), _inventory_ids(office)["key"])
    rows = led[in_period(office, led["out_at"]) & led["key_id"].notna() & ~listed]
    if rows.empty:
        return []
    spelled: dict[str, set[str]] = {}  # each inventory id by its loose spelling
    for key_id in office.frame(INVENTORY)["key_id"].dropna().unique():
        spelled.setdefault(_loose_key_id(str(key_id)), set()).add(str(key_id).strip())

    def suggest(row: Any) -> Suggestion | None:
        found = spelled.get(_loose_key_id(str(row["key_id"])), set())
        if len(found) != 1:
            return None
        (key_id,) = found
        return Suggestion.here(key_id, "suggest.key-id-spelling", typed=row["key_id"])

    return office.findings_at(unknown_key, LEDGER, rows, field="key_id", key_field="key_id", suggest=suggest)


_LOOSE = str.maketrans({"O": "0", "I": "1", "L": "1"})


def _loose_key_id(key_id: str) -> str:
    """A key id without its punctuation, spaces and case, letters typed for digits read as digits
    (``sb-O1a`` and ``SB01A`` → ``SB01A``)."""
    return re.sub(r"[^0-9A-Z]", "", to_simplified(key_id).upper().translate(_LOOSE))


@rule(
    "key.spare-lent", "4.5.5", "warning",
    title={"zh-Hans": "紧急备用钥匙被借出", "zh-Hant": "緊急備用鑰匙被借出", "en": "Emergency spare lent"},
    message={
        "zh-Hans": "钥匙“{key}”是紧急备用钥匙，只在紧急情况下借出：请核实本次借用（事由“{purpose}”）。",
        "zh-Hant": "鑰匙「{key}」是緊急備用鑰匙，只在緊急情況下借出：請核實本次借用（事由「{purpose}」）。",
        "en": "Key '{key}' is the emergency spare, lent only in an emergency: check this loan (purpose '{purpose}').",
    },
    registers=("keys",),
)
def spare_lent(office: Office) -> list[Finding]:
    """A loan of a key that the inventory marks as the emergency spare (紧急备用): allowed only in an emergency."""
    led = office.frame(LEDGER)
    spares = _inventory_ids(office)
    is_spare = isin_text(comparable_key_ids(led["key_id"]), spares.loc[spares["spare"], "key"])
    rows = led[in_period(office, led["out_at"]) & is_spare]
    return office.findings_at(spare_lent, LEDGER, rows, field="key_id", key_field="key_id",
        args=lambda row: {"purpose": "" if pd.isna(row["purpose"]) else row["purpose"]},
    )
