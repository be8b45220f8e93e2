"""The command line speaks the user's language: --help, argparse's errors, config errors and the CLI's own lines
follow ``--lang``, else the office's registers.toml ``language``, else Simplified Chinese (issue 23)."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from registers.cli.main import main
from tests.support.helpers import make_office

HEADERS = ["收據號", "收款日期", "房號", "收費項目", "金額", "收款方式", "收款人"]  # a Traditional office's ledger


def _office(tmp_path: Path, config: str) -> Path:
    return make_office(tmp_path / "管理處", {
        "收費台賬.xlsx": {"收費明細": [["金色家園管理處 收費台賬 2026年11月"], HEADERS,
                                      ["NO.1", datetime(2026, 11, 3, 9), "3-2-1501", "物業服務費", 120, "現金", "王芳"],
                                      ["合計", None, None, None, 120, None, None]]},
    }, config=config)


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as exc:  # --help and argparse's errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_check_help_is_chinese_by_default_english_or_traditional_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["check", "--help"], capsys)
    assert code == 0 and out.startswith("用法：registers check")
    assert "检查一个月（默认：本月）" in out and "退出状态：0 没有错误级问题" in out and "集团的多个管理处" in out
    assert "usage:" not in out and "show this help" not in out
    _, out, _ = _run(["check", "--help", "--lang", "en"], capsys)
    assert out.startswith("usage: registers check") and "check one month (default: this month)" in out
    assert "exit status: 0 no error findings" in out
    _, out, _ = _run(["check", "--lang=zh-Hant", "--help"], capsys)
    assert "檢查一個月（預設：本月）" in out and "顯示本說明並結束" in out and "结束" not in out


def test_no_english_word_left_in_the_chinese_help_of_check(capsys: pytest.CaptureFixture[str]) -> None:
    """Only option names, metavars, choices, rule ids, file names, paths and commands to type stay in Latin letters."""
    _, out, _ = _run(["check", "--help"], capsys)
    text = "\n".join(line for line in out.splitlines() if not line.strip().startswith("registers "))  # examples
    text = re.sub(r"\{[^}]*\}", " ", text)  # choices: {text,json}
    text = re.sub(r"--?[a-z][a-z-]*", " ", text)  # option names
    text = re.sub(r"'[^']*'|`[^`]*`", " ", text)  # quoted: 'YYYY-MM-DD HH:MM', 'registers[dask]', `registers check`
    text = re.sub(r"\S*[./:*\[\]]\S*", " ", text)  # rule ids, file names, paths, addresses: fee.receipt-gap, x.json
    text = re.sub(r"\b(?:OFFICE_DIR|GROUP_DIR|YYYY-MM(?:-DD)?|RULE|ADDRESS|DIR|PERIOD|DATE)\b", " ", text)  # metavars
    known = {"registers", "check", "Dask", "pip", "install", "id", "text", "language", "timezone"}  # names, settings
    left = sorted({w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in known})
    assert left == []


def test_a_bad_month_and_a_missing_argument_are_said_in_chinese(capsys: pytest.CaptureFixture[str],
                                                                  tmp_path: Path) -> None:
    code, _, err = _run(["check", str(tmp_path), "--month", "2026-13"], capsys)
    assert code == 2
    assert "registers check：错误：参数 --month：不是月份：'2026-13'（应为 YYYY-MM，例如 2026-11）" in err
    assert err.startswith("用法：") and "error" not in err
    code, _, err = _run(["match", str(tmp_path)], capsys)
    assert code == 2 and "registers match：错误：缺少必需的参数：--month" in err
    code, _, err = _run(["close-day", str(tmp_path), "--date", "11/31", "--lang", "zh-Hant"], capsys)
    assert code == 2 and "參數 --date：不是日期：'11/31'（應為 YYYY-MM-DD，例如 2026-11-27）" in err
    code, _, err = _run(["check", str(tmp_path), "--as-of", "tomorrow", "--lang", "en"], capsys)
    assert "error: argument --as-of: not a moment: 'tomorrow' (expected 'YYYY-MM-DD HH:MM'" in err


def test_an_office_that_speaks_english_gets_english_help_and_errors(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    root = _office(tmp_path, 'office = "Golden Garden"\nlanguage = "en"\n')
    _, out, _ = _run(["check", str(root), "--help"], capsys)
    assert out.startswith("usage: registers check") and "check one month" in out
    code, _, err = _run(["check", str(root), "--month", "2026-13"], capsys)
    assert code == 2 and "registers check: error: argument --month: not a month: '2026-13'" in err
    code, _, err = _run(["check", str(root), "--to", "2026-11-03"], capsys)
    assert code == 2 and "error: --to needs --from" in err
    # --lang wins over the office's setting
    code, _, err = _run(["check", str(root), "--month", "2026-13", "--lang", "zh-Hant"], capsys)
    assert "registers check：錯誤：參數 --month：不是月份" in err


def test_a_config_error_is_said_in_chinese_naming_the_key_and_the_accepted_values(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _office(tmp_path, 'office = "金色家园"\n[limits]\nrepair_dispatch_minute = 30\n')
    code, _, err = _run(["check", str(root), "--month", "2026-11"], capsys)
    assert code == 2 and "config error" not in err
    assert "registers: 配置错误：" in err and "未知的设置项“limits.repair_dispatch_minute”" in err
    assert "可用的有：" in err and "repair_dispatch_minutes" in err
    root = _office(tmp_path / "2", 'language = "fr"\n')
    code, _, err = _run(["close-day", str(root), "--date", "2026-11-03"], capsys)
    assert code == 2 and "配置错误：" in err and "“language” = 'fr'；可用的有：zh-Hans, zh-Hant, en" in err
    root = _office(tmp_path / "3", 'office_name = 3\n[limits]\nkey_return_hours = "24"\n')
    code, _, err = _run(["monthly", str(root), "--month", "2026-11", "--lang", "en"], capsys)
    assert code == 2 and "config error:" in err and "accepted:" in err
    root = _office(tmp_path / "4", '[limits]\nkey_return_hours = "24"\n')
    code, _, err = _run(["check", str(root), "--lang", "zh-Hant"], capsys)
    assert "設定錯誤：" in err and "「limits.key_return_hours」應為整數，實際是 '24'" in err


def test_init_and_demo_lines_are_in_the_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["init", str(tmp_path / "新管理处")], capsys)
    assert code == 0 and "已写入  " in out and "管理处  新管理处（见 registers.toml；可用 --office NAME 另取名称）" in out
    assert "wrote" not in out and "office  " not in out
    _, out, _ = _run(["init", str(tmp_path / "新管理处")], capsys)
    assert "已保留  " in out and "（已存在）" in out and "kept" not in out
    _, out, _ = _run(["init", str(tmp_path / "en"), "--lang", "en"], capsys)
    assert "wrote   " in out and "office  en (registers.toml; --office NAME to choose another)" in out
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x.txt").write_text("x", encoding="utf-8")
    code, _, err = _run(["demo", str(tmp_path / "full")], capsys)
    assert code == 2 and "已存在且不是空的；请换一个新文件夹" in err
