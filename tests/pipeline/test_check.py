"""The one sequence — check, record the run in the history, write the findings workbook — is what every command runs.

:func:`registers.pipeline.check.run_check` is called by ``registers check`` (one office, and each office of a
group), the day close, the monthly report and the Excel check button.  A spy on it sees each of them go through
it with its own options; and what the sequence leaves in an office — its run in ``.registers/history.sqlite``
and ``reports/核查结果 DATE.xlsx`` — comes out the same whichever command ran it.  A history or a workbook that
cannot be written comes back as a value; each caller keeps its own way of saying so.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

import registers.pipeline.day
import registers.pipeline.monthly
from registers.cli.main import main
from registers.core.period import Period
from registers.excel import actions
from registers.excel.memory import MemoryBook
from registers.group import check_office, office_options
from registers.history.store import HistoryError, history_path
from registers.pipeline import check as pipeline_check
from registers.pipeline.check import CheckOptions, run_check
from tests.support.helpers import make_office, sheets_from_file

HEADERS = ["收据号", "收款日期", "房号", "收费项目", "金额", "收款方式", "收款人"]
NOV = Period.parse_month("2026-11")
AS_OF = datetime(2026, 11, 30, 23, 59)
MONTH = ["--month", "2026-11", "--as-of", "2026-11-30 23:59"]
BOOK = "核查结果 2026-11-30.xlsx"
PHONE = "13812345678"


def _office(root: Path) -> Path:
    """tests/test_cli.py's office, with a phone number in the bad amount (masked unless asked)."""
    return make_office(root, {
        "收费台账.xlsx": {"收费明细": [["阿尔卡迪亚管理处 收费台账"], HEADERS,
                                      ["NO.1", datetime(2026, 11, 3, 9), "3-2-1501", "物业服务费", f"王 {PHONE}", "现金",
                                       "王芳"],
                                      ["NO.2", datetime(2026, 11, 4, 9), None, "物业服务费", 10, "现金", "王芳"]]},
    }, config='office = "测试管理处"\n')


def _history(root: Path) -> tuple[list[dict[str, Any]], list[tuple[Any, ...]]]:
    """The office's recorded runs (without their id and wall-clock time) and their findings."""
    con = sqlite3.connect(history_path(root))
    try:
        cur = con.execute("SELECT * FROM runs ORDER BY id")
        names = [c[0] for c in cur.description]
        runs = [{k: v for k, v in zip(names, row, strict=True) if k not in ("id", "run_at")} for row in cur]
        findings = con.execute("SELECT fingerprint, rule, severity, clause, register, file, sheet, row, col, key, "
                               "day, args FROM findings ORDER BY run_id, rowid").fetchall()
    finally:
        con.close()
    return runs, findings


def _cells(path: Path) -> list[tuple[str, list[tuple[str, Any, str | None]]]]:
    """Every sheet of a workbook: its cells' values and link targets."""
    wb = load_workbook(path)
    return [(ws.title, [(c.coordinate, c.value, c.hyperlink.target if c.hyperlink else None)
                        for row in ws.iter_rows() for c in row if c.value is not None or c.hyperlink])
            for ws in wb.worksheets]


# --- every caller goes through run_check ------------------------------------------------------------

@pytest.mark.slow
def test_every_caller_runs_the_one_sequence_with_its_own_options(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[CheckOptions] = []

    def spy(root: Path, options: CheckOptions, **kw: Any) -> pipeline_check.CheckRun:
        calls.append(options)
        return run_check(root, options, **kw)

    # the command line and the group import run_check when they run; the others when they are imported
    for module in (pipeline_check, registers.pipeline.day, registers.pipeline.monthly, actions):
        monkeypatch.setattr(module, "run_check", spy)
    root = _office(tmp_path / "o")

    def ran() -> tuple[bool, str, bool]:
        assert len(calls) == 1
        o = calls.pop()
        return o.history, o.kind, o.findings_book

    assert main(["check", str(root), *MONTH, "--xlsx"]) == 1
    assert ran() == (True, "check", True)
    assert main(["check", str(root), *MONTH, "--no-history", "--format", "json"]) == 1
    assert ran() == (False, "check", False)
    result = check_office(root, office_options(NOV, as_of=AS_OF, record_history=True, findings_book=True))
    assert result.exit_status == 1 and result.warnings == ()
    assert ran() == (True, "check", True)
    assert main(["close-day", str(root), "--date", "2026-11-03", "--as-of", "2026-11-03", "--format", "json"]) == 1
    assert ran() == (True, "close-day", True)
    assert main(["monthly", str(root), *MONTH, "--no-pdf", "--format", "json"]) == 1
    assert ran() == (True, "check", False)
    book = MemoryBook(str(root / "收费台账.xlsx"), sheets_from_file(root / "收费台账.xlsx"))
    assert actions.check_open_workbook(book, period=NOV, as_of=AS_OF).findings
    assert ran() == (False, "check", False)  # the marks in the open workbook are its report
    capsys.readouterr()


# --- what the sequence leaves behind is the same whichever command ran it -----------------------------

@pytest.mark.slow
def test_the_cli_check_and_the_group_run_leave_the_same_history_and_workbook(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    single = _office(tmp_path / "单个" / "管理处")
    member = Path(shutil.copytree(single, tmp_path / "集团" / "管理处"))
    argv = [*MONTH, "--xlsx", "--show-personal-data", "--format", "json"]
    assert main(["check", str(single), *argv]) == 1
    assert main(["check", str(tmp_path / "集团"), "--offices", *argv]) == 1
    capsys.readouterr()

    runs, findings = _history(single)
    assert [(r["kind"], r["period_start"], r["as_of"], r["show_personal"]) for r in runs] == [
        ("check", "2026-11-01", "2026-11-30 23:59:00", 1)]
    assert {f[1] for f in findings} >= {"input.bad-value", "input.missing-value"}
    assert _history(member) == (runs, findings)
    cells = _cells(single / "reports" / BOOK)
    assert PHONE in repr(cells)  # shown, as asked
    assert _cells(member / "reports" / BOOK) == cells


def test_the_day_close_records_and_writes_what_a_check_of_that_day_does(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    checked = _office(tmp_path / "check" / "o")
    closed = Path(shutil.copytree(checked, tmp_path / "close" / "o"))
    day = ["--date", "2026-11-03", "--as-of", "2026-11-03"]  # a day alone: its end, as the day close takes it
    assert main(["check", str(checked), *day, "--xlsx", "--format", "json"]) == 1
    assert main(["close-day", str(closed), *day, "--format", "json"]) == 1
    capsys.readouterr()

    (check_runs, check_findings), (close_runs, close_findings) = _history(checked), _history(closed)
    assert [r.pop("kind") for r in check_runs] == ["check"]
    assert [r.pop("kind") for r in close_runs] == ["close-day"]
    assert (close_runs, close_findings) == (check_runs, check_findings)
    name = "核查结果 2026-11-03.xlsx"
    assert _cells(closed / "reports" / name) == _cells(checked / "reports" / name)
    assert PHONE not in repr(_cells(closed / "reports" / name))  # masked by default


def test_the_monthly_report_records_its_month_as_the_check_does(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    checked = _office(tmp_path / "check" / "o")
    reported = Path(shutil.copytree(checked, tmp_path / "monthly" / "o"))
    assert main(["check", str(checked), *MONTH, "--format", "json"]) == 1
    assert main(["monthly", str(reported), *MONTH, "--no-pdf", "--format", "json"]) == 1
    capsys.readouterr()
    assert _history(reported) == _history(checked)  # a "check" run, so next month's report compares with it
    assert not (reported / "reports" / BOOK).exists()  # and no findings workbook


# --- a history or workbook that cannot be written -------------------------------------------------------

def _blocked(root: Path) -> Path:
    (root / ".registers" / "history.sqlite").mkdir(parents=True)  # not a file
    (root / "reports").write_text("")  # not a folder
    return root


def test_a_history_or_workbook_that_cannot_be_written_comes_back_as_a_value(tmp_path: Path) -> None:
    root = _blocked(_office(tmp_path / "o"))
    run = run_check(root, CheckOptions(period=NOV, as_of=AS_OF, history=True, findings_book=True))
    assert run.report.exit_status == 1  # the check stands
    assert run.report.findings == run_check(root, CheckOptions(period=NOV, as_of=AS_OF)).report.findings
    assert run.diff is None and run.book is None
    assert isinstance(run.history_error, HistoryError) and run.history_state == str(run.history_error)
    assert isinstance(run.book_error, OSError)
    assert run.warnings == [f"运行历史未记录：{run.history_error}",  # the office's language
                            f"findings workbook not written: {run.book_error}"]

    quiet = run_check(root, CheckOptions(period=NOV, as_of=AS_OF))
    assert (quiet.history_state, quiet.warnings, quiet.diff, quiet.book) == ("off", [], None, None)
    fine = run_check(_office(tmp_path / "fine"), CheckOptions(period=NOV, as_of=AS_OF, history=True,
                                                              findings_book=True))
    assert fine.history_state == "recorded" and fine.diff is not None and fine.book is not None
    assert fine.book == tmp_path / "fine" / "reports" / BOOK and fine.warnings == []


def test_each_caller_says_so_its_own_way(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _blocked(_office(tmp_path / "o"))
    # the command line: the history is a warning; the workbook asked for is the run's error, after the findings
    assert main(["check", str(root), *MONTH, "--format", "json", "--xlsx"]) == 2
    out, err = capsys.readouterr()
    assert json.loads(out)["summary"]["by_rule"]["input.bad-value"] == 1  # the findings are shown first
    assert "registers: 警告：运行历史未记录：运行历史" in err and "不是文件" in err
    assert "FileExistsError" in err and "问题工作簿：" not in err
    # the group: both are warnings, the office's check stands
    result = check_office(root, office_options(NOV, as_of=AS_OF, record_history=True, findings_book=True))
    assert result.exit_status == 1 and [w.split("：")[0].split(":")[0] for w in result.warnings] == [
        "运行历史未记录", "findings workbook not written"]
