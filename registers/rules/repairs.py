"""``repair.*`` — the repair log (住户报修记录表, 4.2).

A repair is reported (报修时间), passed to maintenance (通知维修时间) within
``repair_dispatch_minutes``, done by the appointment plus ``repair_complete_hours``
(完成时间), and a completed repair carries its work-order number (维修任务单号).

Which rows a check looks at: the repairs *reported* in the period; the overdue
kinds (not dispatched, not completed) also look at older repairs still open when
the period began, so a repair reported on 30 October and never done is still
reported in November.  A repair that was late and closed before the period is
left to the earlier month's check.  Every limit is measured against ``as_of``:
what is not yet due at that moment is not a finding.

The row helpers at the top (period masks, unreadable cells, findings for rows)
are used by the key rules too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from registers.core.frames import is_nothing, moment
from registers.core.rule import rule
from registers.core.spec import REPAIRS
from registers.views.common import in_period, open_in_period, tenths_of_hours, unreadable

if TYPE_CHECKING:
    from registers.core.findings import Finding
    from registers.office.load import Office



# ---------------------------------------------------------------- row helpers (shared with keys.py)


def whole_minutes(delta: pd.Series) -> pd.Series:
    """A delay in minutes, rounded up (30 min 20 s is 31 minutes, which is late)."""
    minutes: pd.Series = np.ceil(delta.dt.total_seconds() / 60)
    return minutes




# ---------------------------------------------------------------- time order


def _time_order_fault(r: pd.DataFrame) -> pd.Series:
    """For each repair, the field whose time comes before the step it follows (NA when in order).

    Dispatched before reported points at the dispatch time; completed before reported, or
    before dispatched, points at the completion time.
    """
    fault = pd.Series(pd.NA, index=r.index, dtype="string")
    fault = fault.mask(r["completed_at"] < r["dispatched_at"], "completed_at")
    fault = fault.mask(r["completed_at"] < r["reported_at"], "completed_at")
    fault = fault.mask(r["dispatched_at"] < r["reported_at"], "dispatched_at")
    return fault


@rule(
    "repair.time-order", "4.2.2", "error",
    title={"zh-Hans": "报修时间先后颠倒", "zh-Hant": "報修時間先後顛倒", "en": "Repair times out of order"},
    message={
        "zh-Hans": "时间先后颠倒：“{field}”为 {at}，早于前一步的 {before}（应依次为 报修 → 通知维修 → 完成）。",
        "zh-Hant": "時間先後顛倒：「{field}」為 {at}，早於前一步的 {before}（應依次為 報修 → 通知維修 → 完成）。",
        "en": "Times out of order: '{field}' is {at}, before the previous step at {before} "
              "(the order is reported → dispatched → completed).",
    },
    registers=(REPAIRS,),
)
def time_order(office: Office) -> list[Finding]:
    """A repair dispatched or completed before it was reported, or completed before it was dispatched.

    One finding per repair, at the cell that is out of order: the dispatch time when it is
    before the report, otherwise the completion time.  Such a row is not also reported as
    dispatched late: its times have to be corrected first.
    """
    r = office.frame(REPAIRS)
    fault = _time_order_fault(r)
    rows = r[fault.notna() & in_period(office, r["reported_at"])]
    findings: list[Finding] = []
    for name in ("dispatched_at", "completed_at"):
        these = rows[fault[rows.index] == name]
        if name == "dispatched_at":
            before = these["reported_at"]
        else:  # completed before the report, or (reported in order) before the dispatch
            before = these["reported_at"].where(these["completed_at"] < these["reported_at"], these["dispatched_at"])
        these = these.assign(field_ref=f"{REPAIRS}:{name}", at=these[name], before_at=before)
        findings += office.findings_at(time_order, REPAIRS, these, field=name,
            args=lambda row: {"field": row["field_ref"], "at": moment(row["at"]), "before": moment(row["before_at"])},
        )
    return findings


# ---------------------------------------------------------------- dispatch


@rule(
    "repair.dispatch-late", "4.2.2", "error",
    title={"zh-Hans": "通知维修超时", "zh-Hant": "通知維修超時", "en": "Repair dispatched late"},
    message={
        "zh-Hans": "报修后 {minutes} 分钟才通知维修（限 {limit} 分钟内）：报修 {reported_at}，通知 {dispatched_at}。",
        "zh-Hant": "報修後 {minutes} 分鐘才通知維修（限 {limit} 分鐘內）：報修 {reported_at}，通知 {dispatched_at}。",
        "en": "Passed to maintenance {minutes} minutes after the report (limit {limit} minutes): "
              "reported {reported_at}, dispatched {dispatched_at}.",
    },
    settings=("repair_dispatch_minutes",),
    registers=(REPAIRS,),
)
def dispatch_late(office: Office) -> list[Finding]:
    """A repair passed to maintenance later than ``repair_dispatch_minutes`` after it was reported.

    Exactly the limit (30 minutes by default) is on time.  A row whose times are out of order
    is ``repair.time-order`` instead.
    """
    r = office.frame(REPAIRS)
    limit = office.settings.limits.repair_dispatch_minutes
    deadline = r["reported_at"] + pd.Timedelta(minutes=limit)
    late = (
        in_period(office, r["reported_at"])
        & (r["dispatched_at"] > deadline)
        & (deadline < pd.Timestamp(office.as_of))
        & _time_order_fault(r).isna()
    )
    rows = r[late].assign(minutes=whole_minutes(r["dispatched_at"] - r["reported_at"])[late])
    return office.findings_at(dispatch_late, REPAIRS, rows, field="dispatched_at",
        args=lambda row: {
            "minutes": int(row["minutes"]), "limit": limit,
            "reported_at": moment(row["reported_at"]), "dispatched_at": moment(row["dispatched_at"]),
        },
    )


@rule(
    "repair.not-dispatched", "4.2.2", "error",
    title={"zh-Hans": "未通知维修", "zh-Hant": "未通知維修", "en": "Repair not dispatched"},
    message={
        "zh-Hans": "报修 {reported_at} 后没有通知维修的记录，应在 {deadline} 前通知（报修后 {limit} 分钟内）。"
                   "请立即通知维修，并登记通知时间。",
        "zh-Hant": "報修 {reported_at} 後沒有通知維修的記錄，應在 {deadline} 前通知（報修後 {limit} 分鐘內）。"
                   "請立即通知維修，並登記通知時間。",
        "en": "Reported {reported_at} but no dispatch to maintenance is recorded; it was due by {deadline} "
              "({limit} minutes after the report)."
              " Dispatch it now and record the time.",
    },
    settings=("repair_dispatch_minutes",),
    registers=(REPAIRS,),
)
def not_dispatched(office: Office) -> list[Finding]:
    """A repair with no 通知维修时间 once ``repair_dispatch_minutes`` after the report have passed at ``as_of``.

    A completed repair with no dispatch time is still reported: the dispatch must be on record.
    Older repairs still open when the period began are included; a dispatch time that cannot
    be read is ``input.bad-value``, not this rule.
    """
    r = office.frame(REPAIRS)
    limit = office.settings.limits.repair_dispatch_minutes
    deadline = r["reported_at"] + pd.Timedelta(minutes=limit)
    missing = (
        r["dispatched_at"].isna()
        & ~unreadable(office, REPAIRS, r, "dispatched_at")
        & (deadline < pd.Timestamp(office.as_of))
        & open_in_period(office, r["reported_at"], r["completed_at"])
    )
    rows = r[missing].assign(deadline=deadline[missing])
    return office.findings_at(not_dispatched, REPAIRS, rows, field="dispatched_at",
        args=lambda row: {"reported_at": moment(row["reported_at"]), "deadline": moment(row["deadline"]), "limit": limit},
    )


# ---------------------------------------------------------------- completion


@rule(
    "repair.overdue", "4.2.1", "error",
    title={"zh-Hans": "维修超时未完成", "zh-Hant": "維修超時未完成", "en": "Repair overdue"},
    message={
        "zh-Hans": "预约维修 {appointment}，应在 {deadline} 前完成（预约后 {hours} 小时内），已超时 {late_hours} 小时。",
        "zh-Hant": "預約維修 {appointment}，應在 {deadline} 前完成（預約後 {hours} 小時內），已超時 {late_hours} 小時。",
        "en": "Appointment {appointment}: due to be completed by {deadline} ({hours} hours after the appointment), "
              "{late_hours} hours late.",
    },
    settings=("repair_complete_hours",),
    registers=(REPAIRS,),
)
def overdue(office: Office) -> list[Finding]:
    """A repair completed after the appointment plus ``repair_complete_hours``, or still not completed at ``as_of``.

    The lateness is counted to the completion time, or to ``as_of`` when there is none.
    Older repairs still open when the period began are included.  A repair whose appointment
    or completion time cannot be read is left to ``input.bad-value``.
    """
    r = office.frame(REPAIRS)
    hours = office.settings.limits.repair_complete_hours
    as_of = pd.Timestamp(office.as_of)
    deadline = r["appointment"] + pd.Timedelta(hours=hours)
    until = r["completed_at"].fillna(as_of).where(~unreadable(office, REPAIRS, r, "completed_at"))
    late = (until > deadline) & (deadline < as_of) & open_in_period(office, r["reported_at"], r["completed_at"])
    rows = r[late].assign(deadline=deadline[late], late=(until - deadline)[late])
    return office.findings_at(overdue, REPAIRS, rows, field="completed_at",
        args=lambda row: {
            "appointment": moment(row["appointment"]), "deadline": moment(row["deadline"]), "hours": hours,
            "late_hours": tenths_of_hours(row["late"]),
        },
    )


@rule(
    "repair.no-work-order", "4.2.2", "error",
    title={"zh-Hans": "完成维修无任务单号", "zh-Hant": "完成維修無任務單號", "en": "Completed repair without work order"},
    message={
        "zh-Hans": "{completed_at} 已完成维修，但没有填写维修任务单号。"
                   "请补登维修任务单号。",
        "zh-Hant": "{completed_at} 已完成維修，但沒有填寫維修任務單號。"
                   "請補登維修任務單號。",
        "en": "Completed {completed_at}, but no work-order number is recorded."
              " Enter the work-order number.",
    },
    registers=(REPAIRS,),
)
def no_work_order(office: Office) -> list[Finding]:
    """A completed repair (完成时间 filled in) whose 维修任务单号 is empty (or 无, /, -)."""
    r = office.frame(REPAIRS)
    rows = r[in_period(office, r["reported_at"]) & r["completed_at"].notna() & is_nothing(r["work_order_no"])]
    return office.findings_at(no_work_order, REPAIRS, rows, field="work_order_no",
        args=lambda row: {"completed_at": moment(row["completed_at"])},
    )
