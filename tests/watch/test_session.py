"""A re-check after each save gives exactly what a cold ``registers check --format json`` gives, and says
which findings the save added and which it resolved; unchanged workbooks are not parsed again."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from registers.cli.main import main
from registers.core.period import Period
from registers.watch.session import WatchOptions, WatchSession
from tests.watch.offices import key_office, save_like_excel

AS_OF = "2026-11-30 23:59"


def cold_json(root: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    capsys.readouterr()
    main(["check", str(root), "--month", "2026-11", "--as-of", AS_OF, "--format", "json", "--no-history"])
    doc: dict[str, object] = json.loads(capsys.readouterr().out)
    return doc


def test_each_save_gives_what_a_cold_check_gives(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = key_office(tmp_path / "office")
    session = WatchSession(root, WatchOptions(period=Period.parse_month("2026-11"),
                                              as_of=datetime(2026, 11, 30, 23, 59), findings_book=False))
    first = session.recheck()
    assert first.report is not None and first.parsed == 2 and first.cached == 0
    assert first.report.to_json() == cold_json(root, capsys)
    keys = root / "钥匙管理.xlsx"

    def set_cell(row: int, col: int, value: object) -> None:
        save_like_excel(keys, lambda ws: ws.cell(row, col, value))

    edits = [
        (lambda: set_cell(4, 4, "5F"), {"key.bad-label"}, set()),  # 水泵房 -> 5F: a wrong label for 设备房钥匙
        (lambda: set_cell(5, 1, "k1"), {"input.duplicate-id"}, set()),  # K3 typed as k1: K1 twice
        (lambda: set_cell(4, 4, "配电房"), set(), {"key.bad-label"}),  # fixed
        (lambda: set_cell(5, 1, "K3"), set(), {"input.duplicate-id"}),  # fixed
        (lambda: (root / "业主档案.xlsx").unlink(), set(), set()),  # a workbook removed
    ]
    for edit, new, resolved in edits:
        edit()
        update = session.recheck()
        assert update.report is not None
        assert update.report.to_json() == cold_json(root, capsys)
        assert {f.rule for f in update.new} >= new and {f.rule for f in update.resolved} >= resolved
        assert not new or update.new, "a new finding is reported as new"
        assert update.parsed <= 1 and update.cached == len(update.report.office.workbooks) - update.parsed


def test_unchanged_workbooks_are_not_parsed_again(tmp_path: Path) -> None:
    root = key_office(tmp_path / "office")
    session = WatchSession(root, WatchOptions(period=Period.parse_month("2026-11"), findings_book=False))
    session.recheck()
    again = session.recheck()
    assert (again.parsed, again.cached) == (0, 2)
    assert not again.new and not again.resolved
    (root / "registers.toml").write_text('office = "另一个管理处"\n', encoding="utf-8")  # settings changed: all again
    third = session.recheck()
    assert (third.parsed, third.cached) == (2, 0)
    assert third.report is not None and third.report.office.settings.office == "另一个管理处"


def test_an_office_that_cannot_be_checked_is_an_error_not_a_crash(tmp_path: Path) -> None:
    root = key_office(tmp_path / "office")
    session = WatchSession(root, WatchOptions(findings_book=False, lang="en"))
    for p in root.glob("*.xlsx"):
        p.unlink()
    update = session.recheck()
    assert update.report is None and update.error is not None and "spreadsheet" in update.error
