"""``visit.*`` — return visits (回访记录表, 4.3).

Every closed complaint is visited within ``complaint_visit_days`` days of closing
(4.3.2, 4.6.1); at least ``repair_visit_rate`` of the repairs completed in a month
are visited by the end of the next month (4.3.2).  A visit names what it follows
up in 关联编号: a repair's 报修编号 (回访类型 报修) or a complaint's 投诉编号 (投诉),
compared without case or spaces; a visit whose 回访类型 is empty or unreadable
may follow up either.

Which rows a check looks at: the visits made in the period; the complaints
closed in the period (and older ones whose visit was still due in it); the
repairs completed in a month of the period.  Limits are measured against
``as_of``: what is not yet due at that moment is not a finding.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd

from registers.core.findings import Suggestion
from registers.core.frames import LAST_MINUTE, aggregate, id_key, is_nothing, isin_text, moment, shown, shown_text
from registers.core.rule import rule
from registers.core.spec import COMPLAINTS, REPAIRS, VISITS
from registers.views.common import in_period, unreadable

if TYPE_CHECKING:
    from registers.core.findings import Finding
    from registers.office.load import Office

REPAIR = "报修"
COMPLAINT = "投诉"


def _kept(office: Office, kind_key: str) -> bool:
    """Whether the office folder has a sheet of this kind at all (even one with no rows)."""
    return bool(office.sources_of(kind_key))


def _visits_of(office: Office, kind: str) -> pd.DataFrame:
    """Visits that may follow up a ``kind`` (回访类型 ``kind``, empty or unreadable): ``ref`` and ``visited_at``.

    ``unknown_time`` marks a visit whose 回访时间 could not be read (``input.bad-value``).
    """
    v = office.frame(VISITS)
    may = (v["kind"] == kind).fillna(True).astype(bool) & v["ref_id"].notna()
    return pd.DataFrame({
        "ref": id_key(v["ref_id"])[may],
        "visited_at": v["visited_at"][may],
        "unknown_time": unreadable(office, VISITS, v, "visited_at")[may],
    })


def _percent(x: float) -> str:
    """``0.3`` → ``30%``, ``1/3`` → ``33.3%``."""
    return f"{x * 100:.1f}".rstrip("0").rstrip(".") + "%"


# ---------------------------------------------------------------- complaints visited


@rule(
    "visit.missing", "4.3.2", "warning",
    title={"zh-Hans": "投诉完结后未回访", "zh-Hant": "投訴完結後未回訪", "en": "Closed complaint not visited"},
    message={
        "zh-Hans": "投诉 {ref} 于 {closed_at} 完结，应在 {deadline} 前回访（完结后 {days} 天内），"
                   "回访记录中最早的回访：{visited_at}。"
                   "尚未回访的，请尽快回访并登记。",
        "zh-Hant": "投訴 {ref} 於 {closed_at} 完結，應在 {deadline} 前回訪（完結後 {days} 天內），"
                   "回訪記錄中最早的回訪：{visited_at}。"
                   "尚未回訪的，請盡快回訪並登記。",
        "en": "Complaint {ref} was closed {closed_at} and was due a return visit by {deadline} "
              "({days} days after closing); earliest visit on record: {visited_at}."
              " If there has been no visit, visit and record it.",
    },
    settings=("complaint_visit_days",),
    registers=(COMPLAINTS, VISITS),
)
def missing(office: Office) -> list[Finding]:
    """A closed complaint with no return visit (回访类型 投诉) within ``complaint_visit_days`` days of closing.

    Every complaint is visited (100 %).  The visit is found by its 关联编号 = the complaint's
    投诉编号 (case and spaces ignored); a complaint with no 投诉编号 cannot be matched and is
    reported too (number "—").  Reported once the deadline has passed at ``as_of``, at the
    complaint's 完结时间 cell in the complaint register; a visit made after the deadline
    does not count (the message shows the earliest one).

    Looked at: complaints closed in the period, and complaints closed before it whose visit
    deadline falls in the period or later (a month's check run at its end could not judge
    them yet).  A complaint with a matching visit whose 回访时间 cannot be read is left to
    ``input.bad-value``.
    """
    c = office.frame(COMPLAINTS)
    days = office.settings.limits.complaint_visit_days
    as_of = pd.Timestamp(office.as_of)
    start = pd.Timestamp(office.period.start)
    deadline = c["closed_at"] + pd.Timedelta(days=days)
    looked_at = in_period(office, c["closed_at"]) | ((c["closed_at"] < start) & (deadline >= start))
    due = (looked_at & (deadline < as_of)).fillna(False).astype(bool)
    if not due.any():
        return []
    cases = pd.DataFrame({"ref": id_key(c["complaint_id"]), "deadline": deadline})[due]

    visits = _visits_of(office, COMPLAINT)
    earliest = visits.dropna(subset=["visited_at"]).groupby("ref")["visited_at"].min()
    undated = set(visits.loc[visits["unknown_time"], "ref"])
    first = earliest.reindex(cases["ref"]).set_axis(cases.index)
    visited_in_time = (first <= cases["deadline"]).fillna(False).astype(bool)
    cannot_tell = cases["ref"].isin(undated).fillna(False).astype(bool)
    failing = cases[~visited_in_time & ~cannot_tell]
    rows = c.loc[failing.index].assign(deadline=failing["deadline"], first_visit=first[failing.index])
    return office.findings_at(
        missing, COMPLAINTS, rows, field="closed_at", date_field="closed_at",
        args=lambda row: {
            "ref": shown_text(row.complaint_id),
            "closed_at": moment(row.closed_at), "deadline": moment(row.deadline), "days": days,
            "visited_at": shown(row.first_visit),
        },
    )


# ---------------------------------------------------------------- repair visit rate


@rule(
    "visit.rate-below-target", "4.3.2", "warning",
    title={"zh-Hans": "报修回访率未达标", "zh-Hant": "報修回訪率未達標", "en": "Repair return-visit rate below target"},
    message={
        "zh-Hans": "{month} 完成的报修 {completed} 件，截至 {until} 回访 {visited} 件，回访率 {rate}，低于 {target}。",
        "zh-Hant": "{month} 完成的報修 {completed} 件，截至 {until} 回訪 {visited} 件，回訪率 {rate}，低於 {target}。",
        "en": "Of the {completed} repairs completed in {month}, {visited} were visited by {until}: "
              "a rate of {rate}, under the {target} target.",
    },
    settings=("repair_visit_rate",),
    registers=(VISITS, REPAIRS),
)
def rate_below_target(office: Office) -> list[Finding]:
    """A month whose completed repairs were return-visited at less than ``repair_visit_rate``.

    For each month M of the period: the repairs completed (完成时间) in M, and of those the
    ones with a visit (回访类型 报修, 关联编号 = 报修编号) made by the end of month M+1.  A
    month is judged only once that window has closed at ``as_of`` (its last day has reached
    23:59): a November check run on 30 November judges no month of its own yet — run the
    October–November period (or October with a later ``as_of``) to judge October.  A visit
    whose 回访时间 cannot be read counts as made in time (it is ``input.bad-value``); a
    repair with no 报修编号 cannot be matched and counts as not visited.

    One finding per month, on the return-visit sheet (the repair log's when the office has
    no visit sheet), with no row.
    """
    r = office.frame(REPAIRS)
    target = office.settings.limits.repair_visit_rate
    completed = in_period(office, r["completed_at"])
    done = r[completed].assign(month=r["completed_at"][completed].dt.to_period("M"))
    if done.empty:
        return []
    last_day = (done["month"] + 1).dt.to_timestamp(how="end").dt.normalize()
    done = done.assign(until=last_day, ref=id_key(done["repair_id"]))
    done = done[(done["until"] + LAST_MINUTE) <= pd.Timestamp(office.as_of)]
    if done.empty:
        return []

    visits = _visits_of(office, REPAIR)
    pairs = done[["ref", "until"]].reset_index(names="rid").merge(visits, on="ref", how="inner")
    in_time = pairs["unknown_time"] | (pairs["visited_at"] < pairs["until"] + pd.Timedelta(days=1))
    visited_ids = set(pairs.loc[in_time.fillna(False).astype(bool), "rid"])
    done = done.assign(visited=done.index.isin(list(visited_ids)))
    per_month = aggregate(done.groupby("month"), completed=("visited", "size"), visited=("visited", "sum"),
                          until=("until", "first"))
    per_month = per_month[per_month["visited"] < target * per_month["completed"]]
    if per_month.empty:
        return []

    src = next((s for _, s in office.sources_of(VISITS)), None)
    src = src or next(s for _, s in office.sources_of(REPAIRS))
    out: list[Finding] = []
    for m, row in per_month.iterrows():
        first = date(m.year, m.month, 1)  # type: ignore[attr-defined]
        until = row["until"].date()
        out.append(rate_below_target.finding(
            register=VISITS, file=src.file, sheet=src.sheet, row=None,
            key=f"{first:%Y-%m}", date=first,
            args={
                "month": f"{first:%Y-%m}", "completed": int(row["completed"]), "visited": int(row["visited"]),
                "rate": _percent(int(row["visited"]) / int(row["completed"])), "target": _percent(target),
                "until": until,
            },
        ))
    return out


# ---------------------------------------------------------------- visit rows


@rule(
    "visit.unknown-ref", "4.3.2", "error",
    title={"zh-Hans": "回访关联编号不存在", "zh-Hant": "回訪關聯編號不存在", "en": "Visit refers to nothing"},
    message={
        "zh-Hans": "关联编号 {ref} 在报修记录和投诉记录中都找不到（回访类型：{kind}）。",
        "zh-Hant": "關聯編號 {ref} 在報修記錄和投訴記錄中都找不到（回訪類型：{kind}）。",
        "en": "Reference {ref} matches no repair or complaint on record (visit kind: {kind}).",
    },
    registers=(VISITS, REPAIRS, COMPLAINTS),
)
def unknown_ref(office: Office) -> list[Finding]:
    """A visit whose 关联编号 matches no 报修编号 (回访类型 报修) or 投诉编号 (投诉) in the office.

    Every repair and complaint of the office counts, in any month.  Numbers are compared
    without case or spaces; a visit with no 回访类型 may match either.  When the office has
    no repair log (or no complaint register) at all, the visits of that kind are not judged:
    ``input.missing-register`` says so.  Visits made in the period are looked at.

    Suggested: the id of the one repair (回访类型 报修) or complaint (投诉; either when the type is empty) of the
    visit's 房号 completed before the visit and named by no visit; none when the visit names no unit, or there
    are none or several such (which one was visited is then not in the registers).
    """
    v = office.frame(VISITS)
    has_rep, has_cmp = _kept(office, REPAIRS), _kept(office, COMPLAINTS)
    ref = id_key(v["ref_id"])
    known_rep = isin_text(ref, office.id_keys(REPAIRS, "repair_id"))
    known_cmp = isin_text(ref, office.id_keys(COMPLAINTS, "complaint_id"))
    is_rep = (v["kind"] == REPAIR).fillna(False).astype(bool)
    is_cmp = (v["kind"] == COMPLAINT).fillna(False).astype(bool)
    any_kind = v["kind"].isna()
    unknown = (
        (is_rep & ~known_rep & has_rep)
        | (is_cmp & ~known_cmp & has_cmp)
        | (any_kind & ~known_rep & ~known_cmp & has_rep & has_cmp)
    )
    rows = v[(unknown & ref.notna() & in_period(office, v["visited_at"])).fillna(False).astype(bool)]
    if rows.empty:
        return []
    visited = set(ref.dropna())
    units = pd.Series(sorted({str(u) for u in rows["unit"].dropna()}), dtype="string")
    cases: dict[tuple[str, str], list[tuple[str, pd.Timestamp]]] = {}  # (kind, unit) -> [(id, completed)]
    for kind in (REPAIR, COMPLAINT):
        for case_id, unit, done in _unvisited(office, kind, visited, units):
            cases.setdefault((kind, unit), []).append((case_id, done))

    def suggest(row: Any) -> Suggestion | None:
        if pd.isna(row.unit) or pd.isna(row.visited_at):
            return None
        kinds = (REPAIR, COMPLAINT) if pd.isna(row.kind) else (row.kind,)
        found = [(case_id, kind) for kind in kinds for case_id, done in cases.get((kind, str(row.unit)), [])
                 if done <= row.visited_at]
        if len(found) != 1:
            return None
        return Suggestion.here(found[0][0], "suggest.visit-ref", unit=row.unit, visited_at=moment(row.visited_at),
                               kind=found[0][1])

    return office.findings_at(
        unknown_ref, VISITS, rows, field="ref_id", key_field="ref_id", value_field="ref_id",
        args=lambda row: {"ref": row.ref_id, "kind": shown_text(row.kind)},
        suggest=suggest,
    )


def _unvisited(office: Office, kind: str, visited: set[str],
               units: pd.Series) -> list[tuple[str, str, pd.Timestamp]]:
    """(id, unit, completed) of the repairs or complaints (``kind``) of ``units`` completed, with an id, that no
    visit names."""
    key, id_field, unit_field, done_field = ((REPAIRS, "repair_id", "address", "completed_at") if kind == REPAIR
                                             else (COMPLAINTS, "complaint_id", "unit", "closed_at"))
    if not office.has(key):
        return []
    f = office.frame(key)
    known = f[id_field].notna() & isin_text(f[unit_field], units) & f[done_field].notna()
    known &= ~isin_text(office.id_keys(key, id_field), pd.Series(sorted(visited), dtype="string"))
    known = known.fillna(False).astype(bool)
    return [(str(i), str(u), pd.Timestamp(d)) for i, u, d in
            zip(f[id_field][known], f[unit_field][known], f[done_field][known], strict=True)]


@rule(
    "visit.no-result", "4.3.2", "error",
    title={"zh-Hans": "回访无结果", "zh-Hant": "回訪無結果", "en": "Visit without a result"},
    message={
        "zh-Hans": "{visited_at} 对 {ref} 的回访没有填写回访结果（满意/基本满意/不满意或意见）。"
                   "请补登回访结果。",
        "zh-Hant": "{visited_at} 對 {ref} 的回訪沒有填寫回訪結果（滿意/基本滿意/不滿意或意見）。"
                   "請補登回訪結果。",
        "en": "The visit of {visited_at} about {ref} has no result (satisfied / fairly satisfied / "
              "not satisfied, or the resident's words)."
              " Enter the visit's result.",
    },
    registers=(VISITS,),
)
def no_result(office: Office) -> list[Finding]:
    """A visit made in the period whose 回访结果 is empty (or only 无, /, -).

    The result is what the visit is for: the resident's satisfaction or words.  This rule,
    not ``input.missing-value``, reports the empty cell.
    """
    v = office.frame(VISITS)
    rows = v[in_period(office, v["visited_at"]) & is_nothing(v["result"])]
    return office.findings_at(
        no_result, VISITS, rows, field="result", key_field="ref_id",
        args=lambda row: {"visited_at": moment(row.visited_at),
                          "ref": shown_text(row.ref_id)},
    )

