"""Issue 23, Terminal: ``registers check`` holds from 60 to 200 columns — every finding's full address on one line
(never cut with "…"), its full message below it wrapped at the terminal's width without breaking a date or an
address, no line wider than the terminal (CJK counted as two cells), addresses as OSC 8 links to the workbook on a
terminal and plain text when piped."""

from __future__ import annotations

import re
import shutil
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from rich.console import Console

from registers.check import Report
from registers.reports.findings.terminal import print_report
from registers.reports.findings.wrap import wrap
from tests.support.helpers import make_office, run_check

WIDTHS = (60, 80, 120, 200)
ESC = re.compile(r"\x1b\][^\x1b]*\x1b\\|\x1b\[[0-9;]*m")
MOMENT = re.compile(r"\d{4}-\d\d-\d\d(?: \d\d:\d\d)?")


def render(report: Report, width: int, lang: str = "zh-Hans", *, terminal: bool = False) -> str:
    out = StringIO()
    print_report(report, lang, console=Console(width=width, file=out, force_terminal=terminal, highlight=False))
    return out.getvalue()


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def address(f: dict[str, Any]) -> str:
    return "!".join(p for p in (f["file"], f["sheet"], f["cell"]) if p)


def assert_whole(report: Report, text: str, width: int, lang: str) -> None:
    lines = text.splitlines()
    too_wide = [(cell_len(line), line) for line in lines if cell_len(line) > width]
    assert not too_wide, too_wide
    assert "…" not in text
    flat = squeezed(text)
    findings = report.to_json(lang)["findings"]
    assert findings
    for f in findings:
        where = address(f)
        assert any(where in line for line in lines), (where, width)  # the whole address on one line
        assert squeezed(f["message"]) in flat, (f["message"], width)  # the whole message, however wrapped
        for moment in MOMENT.findall(f["message"]):
            assert moment in text, (moment, width)  # a date or a date and time never broken across lines
        if lang == "en":
            for token in f["message"].split():  # an English word is never cut (text typed in Chinese may be)
                if cell_len(token) == len(token):
                    assert token in text, (token, width)


@pytest.fixture(scope="module")
def demo_report(demo_folder: Path) -> Report:
    return run_check(demo_folder)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
@pytest.mark.parametrize("width", WIDTHS)
def test_the_demo_check_holds_every_address_and_message_whole(demo_report: Report, width: int, lang: str) -> None:
    text = render(demo_report, width, lang)
    assert_whole(demo_report, text, width, lang)
    assert "\x1b" not in text


@pytest.mark.slow
@pytest.mark.parametrize("width", WIDTHS)
def test_the_demo_check_keeps_the_summary_and_what_was_read(demo_report: Report, width: int) -> None:
    text = render(demo_report, width)
    assert "已读取 住户报修记录表" in text
    assert squeezed("阿尔卡迪亚管理处 2026-11-01 至 2026-11-30") in squeezed(text)
    assert "2026-11-30 23:59" in text
    assert text.index("住户报修记录表 (") < text.index("已读取")


@pytest.mark.slow
def test_the_demo_addresses_link_to_their_workbooks_on_a_terminal(demo_report: Report, demo_folder: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    text = render(demo_report, 80, terminal=True)
    uri = (demo_folder / "报修" / "住户报修记录表2026.xlsx").resolve().as_uri()
    assert "\x1b]8;id=" in text and f";{uri}\x1b\\报修/住户报修记录表2026.xlsx!11月!H8\x1b]8;;\x1b\\" in text
    assert_whole(demo_report, ESC.sub("", text), 80, "zh-Hans")


def office_with_findings(tmp_path: Path) -> Report:
    """A clerk's repairs register, Traditional Chinese headers under a title row, deep in folders, with a footer."""
    rows = [
        ["住戶報修記錄表（2026年11月）"],
        ["報修編號", "報修時間", "住戶姓名", "地址", "報修內容", "通知維修時間", "預約時間", "完成時間", "維修任務單號"],
        ["BX202611001", "2026-11-04 13:26", "陳大文", "3棟1單元502", "廚房水龍頭漏水", "2026-11-04 14:20", "", "", ""],
        ["BX202611002", "2026-11-05 09:00", "", "3棟1單元503", "門鈴壞了", "2026-11-05 09:10", "",
         "2026-11-05 15:00", ""],
        ["合計：2 宗"],
    ]
    root = make_office(tmp_path / "管理處", {"檔案 2026/住戶報修記錄表 十一月.xlsx": {"十一月": rows}})
    return run_check(root)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_small_office_holds_at_every_width(tmp_path: Path, width: int) -> None:
    report = office_with_findings(tmp_path)
    assert len(report.findings) >= 2
    for lang in ("zh-Hant", "en"):
        text = render(report, width, lang)
        assert_whole(report, text, width, lang)
        assert "\x1b" not in text


def test_links_only_on_a_terminal_that_draws_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = office_with_findings(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    uri = (tmp_path / "管理處" / "檔案 2026" / "住戶報修記錄表 十一月.xlsx").resolve().as_uri()
    assert f";{uri}\x1b\\" in render(report, 120, terminal=True)
    assert "\x1b]8" not in render(report, 120, terminal=False)  # piped: plain addresses
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b]8" not in render(report, 120, terminal=True)
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert "\x1b" not in render(report, 120, terminal=True)


def test_wrapping_breaks_between_words_and_cjk_characters_never_inside_a_token() -> None:
    message = ("時間先後顛倒：「通知維修時間」為 2026-11-19 15:20，早於前一步的 2026-11-19 15:40（應依次為 報修 → "
               "通知維修 → 完成）。「報修編號」 BX202611028 與 報修/住戶報修記錄表2026.xlsx!11月!A30 重複。")
    for width in range(44, 121):
        lines = [t.plain for t in wrap([(message, "")], width, 6)]
        assert all(cell_len(line) <= width for line in lines), width
        assert squeezed("".join(lines)) == squeezed(message)
        text = "\n".join(lines)
        for token in ("2026-11-19 15:20", "2026-11-19 15:40", "BX202611028", "報修/住戶報修記錄表2026.xlsx!11月!A30"):
            assert token in text, (token, width)
        assert not any(line.lstrip().startswith(("，", "。", "）", "」")) for line in lines), width
        assert not any(line.rstrip().endswith(("（", "「")) for line in lines), width


def test_an_address_wider_than_the_terminal_is_folded_not_cut() -> None:
    where = "很長的資料夾名稱/再一層很長的資料夾名稱/住戶報修記錄表（二〇二六年十一月份）.xlsx!十一月!H8"
    lines = [t.plain for t in wrap([(where, "")], 40, 4)]
    assert len(lines) > 1 and all(cell_len(line) <= 40 for line in lines)
    assert "".join(line.strip() for line in lines) == where


@pytest.mark.slow
@pytest.mark.parametrize("width", [60, 120])
def test_close_day_prints_its_findings_whole_at_the_terminal_width(demo_folder: Path, tmp_path: Path, width: int,
                                                                   monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from registers.cli.main import main

    office = tmp_path / "office"
    shutil.copytree(demo_folder, office)
    monkeypatch.setenv("COLUMNS", str(width))
    main(["close-day", str(office), "--date", "2026-11-20", "--no-history"])
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert all(cell_len(line) <= width for line in lines), [line for line in lines if cell_len(line) > width]
    assert "…" not in out  # the cash and non-cash tables keep every amount whole
    for amount in ("-¥550.08", "¥2,174.04", "¥1,851.84", "-¥322.20", "¥13.04"):
        assert amount in out, amount
    for where, message in (("钥匙管理.xlsx!钥匙清单!D39", "公共门窗钥匙的标识“水泵房”不合要求"),
                           ("装修登记.xlsx!装修登记!O9", "装修完工后应在 7 天内验收")):
        at = next(i for i, line in enumerate(lines) if line.endswith(where))  # the address ends its own line
        assert lines[at].lstrip().startswith("错误")
        assert squeezed(message) in squeezed(lines[at + 1] + lines[at + 2])
