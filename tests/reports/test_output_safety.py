"""Issue 9: register text never escapes into a formula or markup, phone numbers stay masked, and a run killed
at any moment (or two runs at once) leaves whole reports, a consistent history and untouched registers.

The heavy lifting is in ``tests/support/output_proof.py``; these tests run a few cases of each campaign.
``python scripts/prove_outputs.py`` runs many and prints the table for the issue's closing note.
"""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from registers.core.output import remove_stale_temps, write_atomically
from registers.history.queries import consistency_problems, runs
from registers.history.store import SCHEMA_VERSION, history_path, record_run
from registers.i18n import mask_phones_in, shown_text
from registers.reports.cells import Literals, looks_like_formula
from tests.support.output_proof import (
    INJECTION,
    OFFICE_NAME,
    PERSONAL,
    complete_problem,
    concurrent_campaign,
    injection_campaign,
    kill_campaign,
    make_demo,
    make_v1_history,
    personal_campaign,
    phone_pattern,
    scan_html,
    scan_xlsx,
    text_of,
)

# ---------------------------------------------------------------- the pieces


@pytest.mark.parametrize(("text", "formula"), [
    ("=1+1", True), ("+1", True), ("-2+3", True), ("@SUM(A1)", True), ("\t=1", True), ("  =A1", True),
    ("＝SUM(1)", True), ("1-2", False), ("NO.0012", False), ("", False), ("—", False), ("'=1", False),
])
def test_what_looks_like_a_formula(text: str, formula: bool) -> None:
    assert looks_like_formula(text) is formula


def test_literal_cells_keep_their_format_and_gain_the_quote_prefix(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("s")
    lit = Literals(wb)
    red = wb.add_format({"bold": True, "bg_color": "#FF0000", "num_format": "@"})
    lit.write(ws, 0, 0, "=cmd|' /C calc'!A0", red)
    lit.write(ws, 1, 0, "plain", red)
    lit.write(ws, 2, 0, "-2+3")
    lit.merge(ws, 3, 0, 3, 2, "+1+1", red)
    lit.url(ws, 4, 0, "external:a.xlsx", red, string="@SUM(A1)")
    wb.close()
    s = openpyxl.load_workbook(path)["s"]
    for ref, value, quoted in (("A1", "=cmd|' /C calc'!A0", True), ("A2", "plain", False), ("A3", "-2+3", True),
                               ("A4", "+1+1", True), ("A5", "@SUM(A1)", True)):
        c = s[ref]
        assert (c.value, c.data_type, c.quotePrefix) == (value, "s", quoted), ref
    assert s["A1"].font.b and s["A1"].fill.fgColor.rgb == "FFFF0000" and s["A4"].font.b


def test_the_scanners_see_an_escape(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    wb = xlsxwriter.Workbook(str(bad), {"strings_to_formulas": False})
    ws = wb.add_worksheet("s")
    ws.write_string(0, 0, "=cmd|' /C calc'!A0")  # no quote prefix
    ws.write_formula(1, 0, '=HYPERLINK("http://x","y")')
    ws.write_formula(2, 0, '=SUMIFS(A:A,B:B,"={{7*7}}")')
    ws.write_formula(3, 0, "=SUM(Elsewhere!A1)")
    ws.write_url(4, 0, "http://x/", string="x")
    wb.close()
    found = "\n".join(scan_xlsx(bad).escapes)
    for what in ("A1: \"=cmd", "function HYPERLINK", "payload inside formula '=SUMIFS", "sheet 'Elsewhere'",
                 "link to 'http://x/'", "payload in <f>"):
        assert what in found
    page = tmp_path / "bad.html"
    page.write_text('<html><body>"><img src=x onerror=alert(2)><a href="javascript:alert(3)">x</a>'
                    "<script>alert(1)</script></body></html>", encoding="utf-8")
    found = "\n".join(scan_html(page).escapes)
    for what in ("<img> element", "onerror", "javascript:alert(3)", "<script> element"):
        assert what in found
    torn = tmp_path / "torn.xlsx"
    torn.write_bytes(bad.read_bytes()[:2000])
    assert complete_problem(torn) and complete_problem(bad) is None
    cut = tmp_path / "cut.html"
    cut.write_text("<html><body><p>half", encoding="utf-8")
    assert complete_problem(cut)


def test_phone_numbers_in_free_text_are_masked() -> None:
    assert mask_phones_in("请回电13912345678，或 0552-3871234") == "请回电139****5678，或 0552-***1234"
    assert mask_phones_in("138 0013 8000 / +86 138-0013-8000") == "138****8000 / +86 138****8000"
    for keep in ("NO.0012134", "4200001234567890123456", "2026-11-30", "13800138000138", "¥1,380.00"):
        assert mask_phones_in(keep) == keep
    assert shown_text("请回电13912345678", show_personal=True) == "请回电13912345678"
    assert phone_pattern(["13912345678"]).search("x 139 1234 5678 y")


@pytest.mark.slow
def test_history_records_shown_personal_data_and_migrates_a_schema_1_database(tmp_path: Path) -> None:
    from registers.check import check
    from registers.core.period import Period

    office = make_demo(tmp_path / "office")
    make_v1_history(office)
    assert [r.show_personal for r in runs(office)] == [False]  # read through the migration
    report = check(office, period=Period.parse_month("2026-11"), as_of=datetime(2026, 11, 30, 23, 59))
    record_run(office, report, "check", show_personal=True)
    record_run(office, report, "check")
    assert [r.show_personal for r in runs(office)] == [False, True, False]
    with sqlite3.connect(history_path(office)) as con:
        assert con.execute("SELECT value FROM registers_meta WHERE key = 'schema_version'").fetchone()[0] \
            == str(SCHEMA_VERSION)
        keys = " ".join(str(r) for r in con.execute("SELECT key, args FROM findings"))
    assert consistency_problems(office) == []
    assert "13800138000" not in keys


def test_stale_temporary_files_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    from registers.core import output

    folder = tmp_path / "reports"
    folder.mkdir()
    host = output._HOST
    dead = folder / f".tmp-{host}-999999999-abc.xlsx"  # no such process
    mine = folder / f".tmp-{host}-{os.getpid()}-abc.xlsx"  # a live run (this one)
    other = folder / ".tmp-otherhost-1234-abc.xlsx"  # another machine's run, maybe live
    old = folder / ".tmp-otherhost-1235-abc.xlsx"
    legacy = folder / ".tmp-k2j3h4.xlsx"
    for p in (dead, mine, other, old, legacy):
        p.write_bytes(b"half")
    day_old = time.time() - output.STALE_AFTER_S - 60
    for p in (old, legacy):
        os.utime(p, (day_old, day_old))
    def write(tmp: Path) -> None:
        tmp.write_text("<html></html>", encoding="utf-8")

    write_atomically(folder / "report.html", write)
    left = {p.name for p in folder.iterdir()}
    assert left == {mine.name, other.name, "report.html"}
    assert remove_stale_temps(folder) == []
    assert host.isalnum()  # this machine's name, letters and digits only
    # and a temporary file is hidden: the reader never takes one for a register, wherever it is
    from registers.io.discover import discover

    (tmp_path / f".tmp-{host}-1-x.xlsx").write_bytes((folder / "report.html").read_bytes())
    assert [w.rel for w in discover(tmp_path)] == []


# ---------------------------------------------------------------- the campaigns (a few cases each)


@pytest.mark.slow
def test_payloads_in_every_text_cell_never_escape(tmp_path: Path) -> None:
    result = injection_campaign(tmp_path, full=False, group_summary=False)
    assert sum(result.planted.values()) > 1000 and set(result.planted) >= {p.needle for p in INJECTION}
    assert result.escapes == []
    kinds = result.by_kind()
    for kind in ("xlsx", "html", "json", "terminal", "excel-button"):
        assert kinds[kind][1] > 0, f"no payload reached the {kind} outputs: the scan proves nothing"
    for run in result.runs:
        assert run.status in (0, 1), (run.argv, run.stderr[-500:])
    assert result.personal_leaks == []  # the phone number planted in free text, everywhere
    office = tmp_path / "group" / OFFICE_NAME
    assert PERSONAL.needle not in text_of(history_path(office))


@pytest.mark.slow
def test_phone_numbers_never_leave_unmasked_by_default(tmp_path: Path) -> None:
    result = personal_campaign(tmp_path, full=False)
    assert result.phones > 50 and result.leaks == []
    assert result.shown_with_flag > 0  # --show-personal-data shows them ...
    assert result.flagged_runs == result.flag_runs_expected  # ... and the history says which runs did


@pytest.mark.slow
def test_runs_killed_at_renames_commits_and_random_moments_leave_whole_files(tmp_path: Path) -> None:
    result = kill_campaign(tmp_path, kills=2, names=("close-day",),
                           points=[("close-day", "tmp-written", 2), ("close-day", "history-insert", 1)])
    assert result.tried == 4 and result.killed >= 2
    assert result.temps_left > 0  # a kill before the rename leaves one; the next run removed it
    assert result.problems == []


@pytest.mark.slow
def test_two_runs_at_once_both_finish_with_the_history_intact(tmp_path: Path) -> None:
    result = concurrent_campaign(tmp_path, pairs=[("v1", "close-day", "close-day")])
    assert (result.pairs, result.runs) == (1, 2)
    assert result.problems == []
