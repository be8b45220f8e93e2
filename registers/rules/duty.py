"""``duty.*`` and ``handover.*`` — the duty log (值班记录表) and the shift handovers (交接班记录).

Every day has a duty record naming the officer, the times, what happened and
what was done (duty 1.1, 1.3); a major event gets a written report by the next
day (duty 1.6).  A handover is signed by both shifts (handover 2.3), is not made
while a major event is still open (handover 2.4), and unfinished work passed on
is worth a look (duty 2.7).

Which rows a check looks at: the duty records and handovers dated in the
period; ``duty.major-unreported`` also the day before it (its report was due in
the period).  Dates are whole days: a day counts as over once ``as_of`` reaches
its last minute (23:59).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd

from registers.core.frames import is_nothing, moment, shown_day, shown_text
from registers.core.rule import rule
from registers.core.spec import DUTY, HANDOVERS
from registers.views.common import day_over, in_period, unreadable

if TYPE_CHECKING:
    from registers.core.findings import Finding
    from registers.office.load import Office

REQUIRED = ("officer", "start", "end", "situation", "outcome")  # duty 1.3
TIMES = ("start", "end")
REPORT_DAYS = 1  # duty 1.6: the written report is due by the next day


def _has_column(office: Office, kind_key: str, frame: pd.DataFrame, field: str) -> pd.Series:
    """Rows (of sheet kind ``kind_key``) whose sheet has a ``field`` column (a missing column is
    ``input.missing-column``)."""
    sheets = {i for i, s in office.sources_of(kind_key) if field in s.columns}
    return frame["_src"].isin(sheets)


# ---------------------------------------------------------------- duty log


@rule(
    "duty.incomplete", "duty 1.3", "error",
    title={"zh-Hans": "值班记录不完整", "zh-Hant": "值班記錄不完整", "en": "Duty record incomplete"},
    message={
        "zh-Hans": "值班记录缺少 {count} 项，首项为“{field}”（{columns} 列）；值班人、开始和结束时间、值班情况、"
                   "处理结果都须填写。"
                   "请补登缺项。",
        "zh-Hant": "值班記錄缺少 {count} 項，首項為「{field}」（{columns} 欄）；值班人、開始和結束時間、值班情況、"
                   "處理結果都須填寫。"
                   "請補登缺項。",
        "en": "The duty record lacks {count} item(s), first '{field}' (column {columns}); officer, start and end "
              "times, situation and outcome must all be filled in."
              " Fill in what is missing.",
    },
    registers=(DUTY,),
)
def incomplete(office: Office) -> list[Finding]:
    """A duty record of the period with no 值班人, 开始时间, 结束时间, 值班情况 or 处理结果.

    One finding per row, at the first empty cell; the message counts the empty ones and
    gives their columns.  ``无``, ``/`` and ``-`` are empty.  A time the reader could not
    read is ``input.bad-value`` instead, and a column the sheet lacks altogether is
    ``input.missing-column``.
    """
    d = office.frame(DUTY)
    empty = pd.DataFrame({
        f: (d[f].isna() & ~unreadable(office, DUTY, d, f)) if f in TIMES else is_nothing(d[f])
        for f in REQUIRED
    }).astype(bool)
    for f in REQUIRED:
        empty[f] &= _has_column(office, DUTY, d, f)
    failing = empty.any(axis=1) & in_period(office, d["date"])
    if not failing.any():
        return []
    gaps = empty[failing]
    rows = d[failing].assign(
        first=gaps.idxmax(axis=1),
        count=gaps.sum(axis=1),
        missing=[" ".join(f for f, gap in zip(REQUIRED, e, strict=True) if gap) for e in gaps.itertuples(index=False)],
    )
    out: list[Finding] = []
    for first in REQUIRED:
        these = rows[rows["first"] == first]
        out += office.findings_at(
            incomplete, DUTY, these, field=first, key_field="officer",
            args=lambda row: {
                "field": f"{DUTY}:{row.first}", "count": int(row.count),
                "columns": ", ".join(office.sources[int(row._src)].columns[f] for f in row.missing.split()),
            },
        )
    return out


def _uncertain_days(office: Office, d: pd.DataFrame) -> set[pd.Timestamp]:
    """Days a duty record with an unreadable date may stand for (it cannot prove a day uncovered).

    Such a row lies between the readable dates of its neighbours on the sheet: it may be
    any day strictly between them (the day after the one above when it is the last row,
    the day before the one below when it is the first).
    """
    bad = unreadable(office, DUTY, d, "date")
    if not bad.any():
        return set()
    s = d[["_src", "_row", "date"]].sort_values(["_src", "_row"]).assign(bad=bad)
    day = s["date"].dt.normalize()
    s["prev"] = day.groupby(s["_src"]).ffill().groupby(s["_src"]).shift()
    s["next"] = day.groupby(s["_src"]).bfill().groupby(s["_src"]).shift(-1)
    one = pd.Timedelta(days=1)
    out: set[pd.Timestamp] = set()
    for prev, nxt in s.loc[s["bad"], ["prev", "next"]].itertuples(index=False):
        if pd.isna(prev) and pd.isna(nxt):
            continue
        first = prev + one if not pd.isna(prev) else nxt - one
        last = nxt - one if not pd.isna(nxt) else prev + one
        out.update(pd.date_range(first, last))
    return out


@rule(
    "duty.no-cover", "duty 1.1", "warning",
    title={"zh-Hans": "当日无值班记录", "zh-Hant": "當日無值班記錄", "en": "Day without a duty record"},
    message={
        "zh-Hans": "{date} 没有值班记录，每天都须有人值班并记录。",
        "zh-Hant": "{date} 沒有值班記錄，每天都須有人值班並記錄。",
        "en": "No duty record for {date}: every day needs an officer on duty and a record.",
    },
    registers=(DUTY,),
)
def no_cover(office: Office) -> list[Finding]:
    """A day of the period with no duty record dated that day.

    A day is judged once it is over at ``as_of`` (its last minute, 23:59, has come): a check
    of November as of 30 November 23:59 judges every day of November, as of 15 November
    14:00 only the 1st to the 14th.  One finding per day, on the duty log's sheet with no
    row (consecutive empty days are one finding each).  A record with an unreadable date
    (``input.bad-value``) keeps the days it may stand for from being reported.  When the
    office keeps no duty log at all this rule says nothing (``input.missing-register`` does).  A log
    with no row at all is judged like any other — an empty register is no cover — but no day before
    the office's ``records_from`` setting (the day its registers begin) is.
    """
    src = next((s for _, s in office.sources_of(DUTY)), None)
    if src is None:
        return []
    d = office.frame(DUTY)
    start = office.period.start
    if office.settings.records_from is not None:
        start = max(start, office.settings.records_from)
    days = pd.Series(pd.date_range(start, office.period.end, freq="D"), dtype="datetime64[ns]")
    covered = set(d["date"].dropna().dt.normalize()) | _uncertain_days(office, d)
    empty = days[day_over(office, days) & ~days.isin(list(covered))]
    out: list[Finding] = []
    for day in empty:
        day_: date = day.date()
        out.append(no_cover.finding(
            register=DUTY, file=src.file, sheet=src.sheet, row=None, key=day_.isoformat(), date=day_,
            args={"date": day_},
        ))
    return out


@rule(
    "duty.major-unreported", "duty 1.6", "error",
    title={"zh-Hans": "重大事件未书面报告", "zh-Hant": "重大事件未書面報告", "en": "Major event not reported"},
    message={
        "zh-Hans": "{date} 值班发生重大事件，应在 {due} 前提交书面报告，书面报告日期：{report_date}。"
                   "请补交书面报告，并登记书面报告日期。",
        "zh-Hant": "{date} 值班發生重大事件，應在 {due} 前提交書面報告，書面報告日期：{report_date}。"
                   "請補交書面報告，並登記書面報告日期。",
        "en": "A major event on duty on {date} needed a written report by {due}; report date: {report_date}."
              " Submit the written report and enter its date.",
    },
    registers=(DUTY,),
)
def major_unreported(office: Office) -> list[Finding]:
    """A major event (重大事件 yes) with no written report (书面报告日期) by the next day.

    Reported when the report date is later than the day after the event, or empty once that
    next day is over at ``as_of``.  Records dated in the period are looked at, and the day
    before it (its report fell due in the period).  A report date that cannot be read is
    ``input.bad-value`` instead.
    """
    d = office.frame(DUTY)
    day = d["date"].dt.normalize()
    due = day + pd.Timedelta(days=REPORT_DAYS)
    major = d["major"].fillna(False).astype(bool)
    report = d["report_date"].dt.normalize()
    none = d["report_date"].isna() & ~unreadable(office, DUTY, d, "report_date")
    late = (report > due).fillna(False).astype(bool) | (none & day_over(office, due))
    looked = in_period(office, d["date"]) | in_period(office, due)
    failing = major & late & looked
    rows = d[failing].assign(due=due[failing])
    return office.findings_at(
        major_unreported, DUTY, rows, field="report_date", key_field="officer",
        args=lambda row: {"date": shown_day(row.date), "due": shown_day(row.due),
                          "report_date": shown_day(row.report_date)},
    )


# ---------------------------------------------------------------- handovers


def _unsigned_args(field: str) -> Callable[[Any], dict[str, Any]]:
    def args(row: Any) -> dict[str, Any]:
        return {"at": moment(row.at), "count": int(row.count), "field": f"{HANDOVERS}:{field}"}

    return args


@rule(
    "handover.unsigned", "handover 2.3", "error",
    title={"zh-Hans": "交接班未签字", "zh-Hant": "交接班未簽字", "en": "Handover not signed"},
    message={
        "zh-Hans": "{at} 交接班有 {count} 处未签字，首处为“{field}”；交班人和接班人都须签字。"
                   "请交接双方补签。",
        "zh-Hant": "{at} 交接班有 {count} 處未簽字，首處為「{field}」；交班人和接班人都須簽字。"
                   "請交接雙方補簽。",
        "en": "The handover of {at} lacks {count} signature(s), first '{field}'; both shifts must sign."
              " Have both shifts sign.",
    },
    registers=(HANDOVERS,),
)
def unsigned(office: Office) -> list[Finding]:
    """A handover without the outgoing's or the incoming's signature (empty, ×, 未签 …).

    One finding per handover, at the first unsigned cell; the message counts both.  A
    signature column the sheet lacks altogether is ``input.missing-column``.  Handovers
    dated in the period are looked at.
    """
    h = office.frame(HANDOVERS)
    fields = ("outgoing_signed", "incoming_signed")
    no = {f: ~h[f].fillna(False).astype(bool) & _has_column(office, HANDOVERS, h, f) for f in fields}
    firsts = (no["outgoing_signed"], no["incoming_signed"] & ~no["outgoing_signed"])
    count = no["outgoing_signed"].astype(int) + no["incoming_signed"].astype(int)
    looked = in_period(office, h["at"])
    out: list[Finding] = []
    for f, first in zip(fields, firsts, strict=True):
        mask = first & looked
        rows = h[mask].assign(count=count[mask])
        out += office.findings_at(
            unsigned, HANDOVERS, rows, field=f, key_field="outgoing",
            args=_unsigned_args(f),
        )
    return out


@rule(
    "handover.open-emergency", "handover 2.4", "error",
    title={"zh-Hans": "重大事件未处理完即交接", "zh-Hant": "重大事件未處理完即交接",
           "en": "Handover during an open major event"},
    message={
        "zh-Hans": "{at} 交接班时重大事件尚未处理完毕；重大事件未处理完不得交接班。",
        "zh-Hant": "{at} 交接班時重大事件尚未處理完畢；重大事件未處理完不得交接班。",
        "en": "At the handover of {at} a major event was still open; a shift is not handed over until it is dealt with.",
    },
    registers=(HANDOVERS,),
)
def open_emergency(office: Office) -> list[Finding]:
    """A handover marked 重大事件未处理 yes: the outgoing shift left while a major event was open.

    Handovers dated in the period are looked at.
    """
    h = office.frame(HANDOVERS)
    rows = h[h["open_major"].fillna(False).astype(bool) & in_period(office, h["at"])]
    return office.findings_at(
        open_emergency, HANDOVERS, rows, field="open_major", key_field="outgoing",
        args=lambda row: {"at": moment(row.at)},
    )


@rule(
    "handover.pending-passed", "duty 2.7", "warning",
    title={"zh-Hans": "交接遗留未完成工作", "zh-Hant": "交接遺留未完成工作", "en": "Unfinished work passed on"},
    message={
        "zh-Hans": "{at} 交班留下未完成工作：“{pending}”，请确认接班人已跟进。",
        "zh-Hant": "{at} 交班留下未完成工作：「{pending}」，請確認接班人已跟進。",
        "en": "The shift handed over at {at} passed on unfinished work: '{pending}'; check the next shift followed it up.",
    },
    registers=(HANDOVERS,),
)
def pending_passed(office: Office) -> list[Finding]:
    """A handover whose 未完成工作 is filled in (无, /, - mean nothing): worth a look that it was followed up.

    Handovers dated in the period are looked at.
    """
    h = office.frame(HANDOVERS)
    rows = h[~is_nothing(h["pending"]) & in_period(office, h["at"])]
    return office.findings_at(
        pending_passed, HANDOVERS, rows, field="pending", key_field="outgoing",
        args=lambda row: {"at": moment(row.at), "pending": shown_text(row.pending)},
    )
