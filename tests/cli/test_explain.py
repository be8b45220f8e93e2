"""What every run says it read (issue 21): the ``sheets`` list, a line per register read, exit 2 when
nothing was recognised, ``registers explain`` and a pin's ``columns``; built the way offices lay them out."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from registers.cli.main import main
from registers.core.period import Period
from registers.group import OfficeOptions, check_office
from tests.support.helpers import make_office

# A Traditional office's receipts: a title row, 室號 for 房号, 收款同事 (the colleague taking the money) for
# 收款人 — a word no vocabulary holds — and a footer.
TRADITIONAL_RECEIPTS: list[list[Any]] = [
    ["金碧花園管理處 2026年11月 收費明細"], [],
    ["收據號", "收款日期", "室號", "收費項目", "金額", "收款方式", "收款同事"],
    ["NO.0001", datetime(2026, 11, 2, 9), "1-101", "物業費", 320, "微信", "陳小美"],
    ["NO.0002", datetime(2026, 11, 3, 9), "1-102", "物業費", 320, "微信", "陳小美"],
]
# A duty roster (dates × names) and a note sheet: no register at all.
ROSTER: list[list[Any]] = [["2026年11月值班表"], ["日期", "白班", "夜班"], [datetime(2026, 11, 1), "张三", "李四"],
          [datetime(2026, 11, 2), "王五", "赵六"]]
NOTES: list[list[Any]] = [["通知", "内容"], ["停水", "11月5日停水"]]
MONTH = ["--month", "2026-11", "--as-of", "2026-11-30 23:59"]


def _receipts_office(tmp_path: Path, config: str | None = None) -> Path:
    return make_office(tmp_path / "o", {"收費台賬.xlsx": {"收費明細": TRADITIONAL_RECEIPTS, "說明": NOTES}},
                       config=config)


def _roster_office(tmp_path: Path) -> Path:
    return make_office(tmp_path / "r", {"排班.xlsx": {"值班表": ROSTER, "Sheet2": NOTES}})


def test_json_lists_every_sheet_opened_read_or_not(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _receipts_office(tmp_path)
    assert main(["check", str(root), *MONTH, "--format", "json", "--no-history"]) == 1
    sheets = json.loads(capsys.readouterr().out)["sheets"]
    assert sheets[0] == {"file": "收費台賬.xlsx", "sheet": "收費明細", "register": "fee_ledger.receipts",
                         "header_row": 3, "rows": 2, "missing": ["cashier"], "best": None}
    assert sheets[1]["sheet"] == "說明" and sheets[1]["register"] is None and sheets[1]["header_row"] is None
    assert len(sheets) == 2


def test_an_ignored_sheet_names_its_closest_register(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_office(tmp_path / "o", {
        "收费台账.xlsx": {"收费明细": [["收据号", "收款日期", "房号", "收费项目", "金额", "收款方式", "收款人"],
                                      ["NO.1", datetime(2026, 11, 3, 9), "3-1501", "物业服务费", 10, "现金", "王芳"]],
                         # half a receipts sheet: not read, but its closest register is named with what it lacks
                         "草稿": [["收据号", "金额", "备注"], ["NO.9", 5, "作废"]]}})
    main(["check", str(root), *MONTH, "--format", "json", "--no-history"])
    draft = json.loads(capsys.readouterr().out)["sheets"][1]
    assert draft["register"] is None
    assert draft["best"]["register"] == "fee_ledger.receipts" and 0 < draft["best"]["score"] < 1
    assert "paid_at" in draft["missing"] and "receipt_no" not in draft["missing"]


def test_the_text_summary_says_what_each_register_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _receipts_office(tmp_path)
    main(["check", str(root), *MONTH, "--no-history"])
    assert "已读取 收费明细：2 行，收費台賬.xlsx!收費明細" in capsys.readouterr().out
    main(["check", str(root), *MONTH, "--no-history", "--lang", "en"])
    assert "Read Receipts: 2 rows, 收費台賬.xlsx!收費明細" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [
    ["check", *MONTH], ["check", *MONTH, "--format", "json"], ["close-day", "--date", "2026-11-02"],
    ["monthly", "--month", "2026-11", "--no-pdf"],
])
def test_an_office_where_nothing_is_recognised_is_not_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                            argv: list[str]) -> None:
    root = _roster_office(tmp_path)
    assert main([argv[0], str(root), *argv[1:]]) == 2
    err = capsys.readouterr().err
    assert "没有一个工作表被识别为台账" in err and "registers explain" in err and "registers.toml" in err
    assert not (root / ".registers").exists()
    assert not (root / "reports").exists()


def test_nothing_recognised_in_english_and_in_a_group(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _roster_office(tmp_path)
    assert main(["check", str(root), *MONTH, "--lang", "en"]) == 2
    assert "nothing was checked" in capsys.readouterr().err
    result = check_office(root, OfficeOptions(period=Period.parse_month("2026-11")))
    assert result.error is not None and "registers explain" in result.error


def test_explain_says_how_a_sheet_is_read_and_the_lines_that_fix_it(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    root = _receipts_office(tmp_path)
    assert main(["explain", str(root)]) == 0
    out = capsys.readouterr().out
    assert "读作 收费明细 (fee_ledger.receipts)（表头在第 3 行，2 行数据）" in out
    assert "收據號（A）→ 收据号" in out
    assert "缺少必需列：收款人" in out
    assert "不认识的表头：收款同事" in out
    assert 'columns = { "收款人" = "收款同事" }' in out
    # the lines as given, added to registers.toml, read the sheet whole: no missing column any more
    toml = "\n".join(line.strip() for line in out.splitlines() if line.startswith("      "))
    (root / "registers.toml").write_text(toml + "\n", encoding="utf-8")
    main(["check", str(root), *MONTH, "--format", "json", "--no-history"])
    doc = json.loads(capsys.readouterr().out)
    assert doc["sheets"][0]["missing"] == []
    assert not [f for f in doc["findings"] if f["rule"] in ("input.missing-column", "input.missing-value")]


def test_explain_an_office_that_reads_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _roster_office(tmp_path)
    assert main(["explain", str(root), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "1 workbook(s), 2 sheets, 0 recognised as registers" in out
    assert out.count("not recognised as any register") == 2
    assert "headers not known: 白班、夜班" in out
    assert "no header names a required column of any register" in out  # Sheet2


def test_a_pinned_column_that_is_no_header_of_the_sheet_stops_the_run(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _receipts_office(tmp_path, config=(
        '[[registers.pins]]\nregister = "fee_ledger.receipts"\nfile = "收費台賬.xlsx"\nsheet = "收費明細"\n'
        'columns = { "房号" = "單元號" }\n'))
    assert main(["check", str(root), *MONTH]) == 2
    err = capsys.readouterr().err
    assert "房号" in err and "單元號" in err and "收費明細" in err
    assert "收據號、收款日期、室號、收費項目、金額、收款方式、收款同事" in err  # the sheet's actual headers
    assert not (root / ".registers").exists()


def test_a_pinned_column_that_is_no_field_is_a_config_error(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    root = _receipts_office(tmp_path, config=(
        '[[registers.pins]]\nregister = "fee_ledger.receipts"\nfile = "收費台賬.xlsx"\n'
        'columns = { "楼层" = "室號" }\n'))
    assert main(["check", str(root), *MONTH]) == 2
    err = capsys.readouterr().err
    assert "'楼层' 不是 fee_ledger.receipts 的字段" in err and "房号" in err


EXPENSES: list[list[Any]] = [["票据号", "日期", "项目", "金额", "支出人", "付款方式", "审批人"],
                             ["ZC-01", datetime(2026, 11, 2), "办公用品", 86.5, "赵磊", "现金", "王丽"]]


def test_explain_names_the_sheet_name_or_title_it_took_as_evidence(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    root = make_office(tmp_path / "o", {"财务.xlsx": {"支出表": EXPENSES,
                                                     "Sheet2": [["2026年11月报修登记"], *REPAIR_ROWS],
                                                     "Sheet3": REPAIR_ROWS}})
    assert main(["explain", str(root)]) == 0
    out = capsys.readouterr().out
    blocks = {b.split("\n", 1)[0]: b for b in out.split("\n\n")[1:]}
    assert "依据：工作表名或标题中的“支出”" in blocks["财务.xlsx!支出表"]  # the sheet's name
    assert "依据：工作表名或标题中的“报修”" in blocks["财务.xlsx!Sheet2"]  # its title row
    assert "读作 住户报修记录表" in blocks["财务.xlsx!Sheet3"]
    assert "工作表名或标题" not in blocks["财务.xlsx!Sheet3"]  # nothing names it: headers alone
    main(["explain", str(root), "--lang", "en"])
    assert "why: '支出' in the sheet's name or title" in capsys.readouterr().out


REPAIR_ROWS: list[list[Any]] = [
    ["报修单号", "报修时间", "房号", "报修人", "联系电话", "报修内容", "派工时间", "维修人", "完成时间", "回访"],
    ["BX-01", datetime(2026, 11, 2, 9), "1-1-101", "张三", "13800138000", "水管漏水", datetime(2026, 11, 2, 9, 20),
     "马建军", datetime(2026, 11, 2, 15), "满意"],
]
