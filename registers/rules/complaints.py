"""``complaint.*`` — the complaint register (业主投诉记录表, 4.6).

A complaint is received (投诉时间), passed on to the department that handles it
(转交时间) within ``complaint_forward_minutes``, and closed (完结时间) within
``complaint_close_days`` days of receipt.

Which rows a check looks at: the complaints *received* in the period;
``complaint.overdue`` also looks at older complaints still open when the period
began.  Every limit is measured against ``as_of``: what is not yet due at that
moment is not a finding.  A time the reader could not read is
``input.bad-value``, never taken for an empty cell.

The small helpers at the top (day ends, id keys, "—" for an empty value in a
message) are shared by the other rule modules of the complaint, visit, archive,
renovation and duty registers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from registers.core.frames import moment, shown
from registers.core.rule import rule
from registers.core.spec import COMPLAINTS
from registers.views.common import in_period, open_in_period, unreadable

if TYPE_CHECKING:
    from registers.core.findings import Finding
    from registers.office.load import Office


# ---------------------------------------------------------------- rules


@rule(
    "complaint.forward-late", "4.6.2", "error",
    title={"zh-Hans": "投诉转交超时", "zh-Hant": "投訴轉交超時", "en": "Complaint passed on late"},
    message={
        "zh-Hans": "投诉 {received_at} 受理，应在 {deadline} 前转交处理部门（受理后 {limit} 分钟内），"
                   "转交时间：{forwarded_at}。",
        "zh-Hant": "投訴 {received_at} 受理，應在 {deadline} 前轉交處理部門（受理後 {limit} 分鐘內），"
                   "轉交時間：{forwarded_at}。",
        "en": "Complaint received {received_at} was due to be passed on to the handling department by {deadline} "
              "({limit} minutes after receipt); passed on: {forwarded_at}.",
    },
    settings=("complaint_forward_minutes",),
    registers=(COMPLAINTS,),
)
def forward_late(office: Office) -> list[Finding]:
    """A complaint passed on (转交时间) later than ``complaint_forward_minutes`` after it was received.

    Also a complaint with no 转交时间 once that limit has passed at ``as_of`` ("—" in the
    message).  Exactly the limit (30 minutes by default) is on time.  Only complaints
    received in the period are looked at; a 转交时间 that cannot be read is
    ``input.bad-value`` instead.
    """
    c = office.frame(COMPLAINTS)
    limit = office.settings.limits.complaint_forward_minutes
    as_of = pd.Timestamp(office.as_of)
    deadline = c["received_at"] + pd.Timedelta(minutes=limit)
    until = c["forwarded_at"].fillna(as_of).where(~unreadable(office, COMPLAINTS, c, "forwarded_at"))
    late = in_period(office, c["received_at"]) & (until > deadline) & (deadline < as_of)
    rows = c[late].assign(deadline=deadline[late])
    return office.findings_at(
        forward_late, COMPLAINTS, rows, field="forwarded_at",
        args=lambda row: {
            "received_at": moment(row.received_at), "deadline": moment(row.deadline), "limit": limit,
            "forwarded_at": shown(row.forwarded_at),
        },
    )


@rule(
    "complaint.overdue", "4.6.2", "error",
    title={"zh-Hans": "投诉超时未完结", "zh-Hant": "投訴超時未完結", "en": "Complaint not closed in time"},
    message={
        "zh-Hans": "投诉 {received_at} 受理，应在 {deadline} 前完结（受理后 {days} 天内），完结时间：{closed_at}。",
        "zh-Hant": "投訴 {received_at} 受理，應在 {deadline} 前完結（受理後 {days} 天內），完結時間：{closed_at}。",
        "en": "Complaint received {received_at} was due to be closed by {deadline} ({days} days after receipt); "
              "closed: {closed_at}.",
    },
    settings=("complaint_close_days",),
    registers=(COMPLAINTS,),
)
def overdue(office: Office) -> list[Finding]:
    """A complaint closed (完结时间) more than ``complaint_close_days`` days after it was received.

    Also a complaint still without 完结时间 once that limit has passed at ``as_of`` ("—" in
    the message).  Complaints received in the period are looked at, and older ones still
    open when the period began (not closed, or closed during the period).  A 完结时间 that
    cannot be read is ``input.bad-value`` instead.
    """
    c = office.frame(COMPLAINTS)
    days = office.settings.limits.complaint_close_days
    as_of = pd.Timestamp(office.as_of)
    deadline = c["received_at"] + pd.Timedelta(days=days)
    until = c["closed_at"].fillna(as_of).where(~unreadable(office, COMPLAINTS, c, "closed_at"))
    late = (until > deadline) & (deadline < as_of) & open_in_period(office, c["received_at"], c["closed_at"])
    rows = c[late].assign(deadline=deadline[late])
    return office.findings_at(
        overdue, COMPLAINTS, rows, field="closed_at",
        args=lambda row: {
            "received_at": moment(row.received_at), "deadline": moment(row.deadline), "days": days,
            "closed_at": shown(row.closed_at),
        },
    )
