"""``archive.*`` — the archive register (档案管理, 4.4): inspections (档案检查) and loans (档案借阅).

The archives are inspected at least ``archive_inspections_per_year`` times a
calendar year, the first by ``archive_first_inspection_by`` (month-day, 30 June by
default).  A file is looked at (查阅) or borrowed (借阅) only with an approver —
an inspection by the authorities (上级检查) needs none — and comes back within
``archive_loan_days`` days.

Which rows a check looks at: the calendar years the period touches (inspections);
the loans made in the period, and for ``archive.overdue`` older loans still out
when it began.  Dates are whole days: a day counts as over once ``as_of`` reaches
its last minute (23:59).
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from registers.core.frames import is_nothing, shown_day, shown_text
from registers.core.rule import rule
from registers.core.spec import INSPECTIONS, LOANS
from registers.views.common import day_over, day_over_at, in_period, open_in_period, unreadable

if TYPE_CHECKING:
    from registers.core.findings import Finding
    from registers.office.load import Office

NEEDS_APPROVAL = ("查阅", "借阅")


def _month_day(text: str, year: int) -> date:
    """``"06-30"`` in ``year`` (29 February becomes the 28th in other years)."""
    month, day = (int(p) for p in text.strip().replace("/", "-").split("-"))
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


@rule(
    "archive.inspections-short", "4.4.2", "error",
    title={"zh-Hans": "档案检查次数不足", "zh-Hant": "檔案檢查次數不足", "en": "Too few archive inspections"},
    message={
        "zh-Hans": "{year} 年截至 {until} 只有 {count} 次档案检查记录；规定每年至少检查 {required} 次，"
                   "且 {first_by} 前至少一次。",
        "zh-Hant": "{year} 年截至 {until} 只有 {count} 次檔案檢查記錄；規定每年至少檢查 {required} 次，"
                   "且 {first_by} 前至少一次。",
        "en": "{year}: only {count} archive inspection(s) recorded up to {until}; at least {required} a year "
              "are required, one of them by {first_by}.",
    },
    settings=("archive_inspections_per_year", "archive_first_inspection_by"),
    registers=("archives",),
)
def inspections_short(office: Office) -> list[Finding]:
    """A calendar year with too few archive inspections (档案检查 rows dated in it).

    For each year the period touches, two checks, each one finding when it fails:

    * the year is over at ``as_of`` and has fewer than ``archive_inspections_per_year``
      inspections;
    * ``archive_first_inspection_by`` of that year (30 June) is over at ``as_of`` and no
      inspection is dated on or before it.

    A year still running is judged only on what is already due.  The finding is on the
    inspection sheet, with no row.  When the office keeps no inspection sheet at all this
    rule says nothing (``input.missing-register`` does), nor when the sheet has no row at all:
    a blank register not yet started is not judged.  An inspection whose date cannot be read
    does not count (it is ``input.bad-value``).
    """
    src = next((s for _, s in office.sources_of(INSPECTIONS)), None)
    if src is None or not office.has(INSPECTIONS):
        return []
    limits = office.settings.limits
    days = office.frame(INSPECTIONS)["date"].dropna().dt.normalize()
    out: list[Finding] = []
    for year in range(office.period.start.year, office.period.end.year + 1):
        in_year = days[days.dt.year == year]
        first_by = _month_day(limits.archive_first_inspection_by, year)
        year_end = date(year, 12, 31)
        failed: list[tuple[date, int]] = []
        if day_over_at(office, year_end) and len(in_year) < limits.archive_inspections_per_year:
            failed.append((year_end, len(in_year)))
        early = int((in_year <= pd.Timestamp(first_by)).sum())
        if day_over_at(office, first_by) and early == 0:
            failed.append((first_by, early))
        for until, count in failed:
            out.append(inspections_short.finding(
                register="archives", file=src.file, sheet=src.sheet, row=None, key=str(year), date=until,
                args={"year": year, "until": until, "count": count,
                      "required": limits.archive_inspections_per_year, "first_by": first_by},
            ))
    return out


@rule(
    "archive.unapproved-loan", "4.4.4", "error",
    title={"zh-Hans": "档案借阅未经批准", "zh-Hant": "檔案借閱未經批准", "en": "Archive loan not approved"},
    message={
        "zh-Hans": "{date} {borrower} {kind}“{file}”，没有批准人。"
                   "查阅、借阅档案须经批准：请补办批准手续。",
        "zh-Hant": "{date} {borrower} {kind}「{file}」，沒有批准人。"
                   "查閱、借閱檔案須經批准：請補辦批准手續。",
        "en": "{borrower} took '{file}' ({kind}) on {date} with no approver."
              " Consulting or borrowing a file needs approval: have it approved.",
    },
    registers=("archives",),
)
def unapproved_loan(office: Office) -> list[Finding]:
    """A 查阅 or 借阅 of an archive file with no 批准人 (empty, or 无, /, -).

    An inspection by the authorities (上级检查) needs no approver; a row whose 借阅类型 is
    empty or cannot be read is left to ``input.missing-value`` / ``input.bad-value``.
    Loans made in the period are looked at.
    """
    loans = office.frame(LOANS)
    needs = loans["kind"].isin(NEEDS_APPROVAL).fillna(False).astype(bool)
    rows = loans[needs & in_period(office, loans["date"]) & is_nothing(loans["approver"])]
    return office.findings_at(
        unapproved_loan, LOANS, rows, field="approver", key_field="file",
        args=lambda row: {"date": shown_day(row.date), "borrower": shown_text(row.borrower), "kind": row.kind,
                          "file": shown_text(row.file)},
    )


@rule(
    "archive.overdue", "4.4.4", "warning",
    title={"zh-Hans": "档案借出超期未还", "zh-Hant": "檔案借出超期未還", "en": "Archive file not returned in time"},
    message={
        "zh-Hans": "“{file}”{date} {kind}，应在 {due} 前归还（{days} 天内），归还日期：{returned_at}。"
                   "尚未归还的，请催还并登记归还日期。",
        "zh-Hant": "「{file}」{date} {kind}，應在 {due} 前歸還（{days} 天內），歸還日期：{returned_at}。"
                   "尚未歸還的，請催還並登記歸還日期。",
        "en": "'{file}' went out on {date} ({kind}) and was due back by {due} (within {days} days); "
              "returned: {returned_at}."
              " If it is still out, ask for it back and record the return date.",
    },
    settings=("archive_loan_days",),
    registers=("archives",),
)
def overdue(office: Office) -> list[Finding]:
    """An archive file returned more than ``archive_loan_days`` days after it went out, or still out after that.

    Every kind of row is held to the limit — 查阅 (normally returned the same day), 借阅 and
    上级检查 alike — since each takes a file out of the archive room and its return must be
    on record.  Whole days count: lent on 1 November with the default 7 days, it is due
    back by 8 November, and reported once 8 November is over at ``as_of`` with no 归还日期.
    Loans made in the period are looked at, and older ones still out when it began.  An
    归还日期 that cannot be read is ``input.bad-value`` instead.
    """
    loans = office.frame(LOANS)
    days = office.settings.limits.archive_loan_days
    due = loans["date"].dt.normalize() + pd.Timedelta(days=days)
    returned = loans["returned_at"].dt.normalize()
    not_back = loans["returned_at"].isna() & ~unreadable(office, LOANS, loans, "returned_at")
    late = ((returned > due).fillna(False).astype(bool) | not_back) & day_over(office, due)
    rows = loans[late & open_in_period(office, loans["date"], loans["returned_at"])]
    rows = rows.assign(due=due[rows.index])
    return office.findings_at(
        overdue, LOANS, rows, field="returned_at", key_field="file",
        args=lambda row: {
            "file": shown_text(row.file), "date": shown_day(row.date), "kind": shown_text(row.kind),
            "due": shown_day(row.due), "days": days,
            "returned_at": shown_day(row.returned_at),
        },
    )
