"""The group check (issue 8): one pure task per office, in parallel, and a summary equal to the single checks."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import pickle
import shutil
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from registers.cli.main import main
from registers.core.period import Period
from registers.group import (
    GroupError,
    OfficeOptions,
    OfficeResult,
    check_group,
    check_office,
    find_offices,
    office_options,
)
from registers.reports.cells import looks_like_formula
from registers.reports.group.book import period_label, write_group_summary
from tests.support.helpers import make_office

MONTH = ["--month", "2026-11", "--as-of", "2026-11-30 23:59"]
N = 4  # copies of the demo office in a group (benchmarks/group.py runs 50)


def _options(**kw: Any) -> OfficeOptions:
    return office_options(Period.parse_month("2026-11"), as_of=datetime(2026, 11, 30, 23, 59), **kw)


@pytest.fixture
def group(demo_folder: Path, tmp_path: Path) -> Path:
    root = tmp_path / "集团"
    for i in range(1, N + 1):
        shutil.copytree(demo_folder, root / f"管理处{i:02d}")
    return root


@pytest.fixture
def pair(demo_folder: Path, tmp_path: Path) -> Path:
    """A smaller group (two copies) for the tests about failures."""
    root = tmp_path / "集团"
    for i in (1, 2):
        shutil.copytree(demo_folder, root / f"管理处{i:02d}")
    return root


def _tree(root: Path) -> dict[str, tuple[int, int, str]]:
    """Every file under ``root``: size, mtime and content hash."""
    out = {}
    for dirpath, _, names in os.walk(root):
        for name in names:
            p = Path(dirpath) / name
            st = p.stat()
            out[p.relative_to(root).as_posix()] = (st.st_size, st.st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
    return out


def _cli_json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, dict[str, Any]]:
    code = main(argv)
    return code, json.loads(capsys.readouterr().out)


# --- the unit of work is a pure function of its folder -------------------------------------------------

@pytest.mark.slow
def test_check_office_is_a_pure_function_of_its_folder(demo_folder: Path, tmp_path: Path) -> None:
    before = _tree(demo_folder)
    first = check_office(demo_folder, _options())
    second = check_office(demo_folder, _options())
    assert first == second
    assert first.report is not None and first.report["findings"] and first.exit_status == 1
    assert _tree(demo_folder) == before  # the registers' bytes and mtimes untouched, and nothing written

    moved = shutil.copytree(demo_folder, tmp_path / "elsewhere" / "阿尔卡迪亚")
    assert dataclasses.replace(check_office(moved, _options()), folder=first.folder) == first
    renamed = shutil.copytree(demo_folder, tmp_path / "另一个名字")
    assert dataclasses.replace(check_office(renamed, _options()), folder=first.folder, name=first.name) == first


@pytest.mark.slow
def test_the_clock_is_an_option_not_read_in_the_task(demo_folder: Path) -> None:
    # no --as-of: each office measures "now" (taken once for the group) in its own timezone
    now = datetime.fromisoformat("2026-11-20T02:30:00+00:00")
    opts = office_options(Period.parse_month("2026-11"), now=now)
    result = check_office(demo_folder, opts)
    assert result.report is not None and result.report["as_of"] == "2026-11-20T10:30:00"  # Asia/Shanghai
    assert check_office(demo_folder, opts) == result


@pytest.mark.slow
def test_the_result_is_plain_data(demo_folder: Path) -> None:
    result = check_office(demo_folder, _options())
    assert pickle.loads(pickle.dumps(result)) == result
    assert json.loads(json.dumps(result.report, ensure_ascii=False)) == result.report


@pytest.mark.slow
def test_history_and_workbook_only_when_asked(demo_folder: Path, tmp_path: Path) -> None:
    office = shutil.copytree(demo_folder, tmp_path / "o")
    check_office(office, _options())
    assert not (office / ".registers").exists() and not (office / "reports").exists()
    result = check_office(office, _options(record_history=True, findings_book=True))
    assert result.warnings == ()
    assert (office / ".registers" / "history.sqlite").is_file()
    assert [p.name for p in (office / "reports").iterdir()] == ["核查结果 2026-11-30.xlsx"]


def test_a_bad_office_is_a_result_not_an_exception(tmp_path: Path) -> None:
    missing = check_office(tmp_path / "nope", _options())
    assert (missing.exit_status, missing.report) == (2, None) and "nope" in (missing.error or "")
    bad = make_office(tmp_path / "bad", {}, config="bogus = 1\n")
    result = check_office(bad, _options())
    assert result.exit_status == 2 and result.error is not None
    assert result.error.startswith("config error: registers.toml: unknown key 'bogus'")  # not the absolute path


# --- which folders are offices ------------------------------------------------------------------------

def test_find_offices(tmp_path: Path) -> None:
    sheet = {"收费台账.xlsx": {"收费明细": [["收据号"]]}}
    g = tmp_path / "g"
    make_office(g / "A", sheet)  # a child with spreadsheets
    make_office(g / "B", {}, config="")  # a child with a registers.toml (even with nothing to read)
    make_office(g / "华东" / "C", sheet, config="")  # configured offices deeper down
    make_office(g / "华东" / "D" / "sub", sheet, config="")
    make_office(g / "华东" / "loose", sheet)  # not an office: its region holds configured ones
    make_office(g / "E" / "2026", sheet)  # spreadsheets in a subfolder: E is the office
    (g / "notes").mkdir()
    (g / "notes" / "readme.txt").write_text("x")
    make_office(g / "reports", sheet)  # the group's own output
    make_office(g / ".hidden", sheet)
    names = [p.relative_to(g).as_posix() for p in find_offices(g)]
    assert names == ["A", "B", "E", "华东/C", "华东/D/sub"]
    with pytest.raises(GroupError):
        find_offices(g / "nope")
    with pytest.raises(GroupError, match="one office") as caught:
        find_offices(g / "B")
    assert caught.value.key == "group.one-office"  # the command line words it in the user's language


# --- the group ------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_group_summary_equals_the_union_of_single_checks(group: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = {p.name: _tree(p) for p in group.iterdir()}
    code, doc = _cli_json(capsys, ["check", str(group), "--offices", *MONTH, "--format", "json", "--no-history"])
    singles = {}
    for office in sorted(group.iterdir()):
        if office.name == "reports":
            continue
        single_code, singles[office.name] = _cli_json(
            capsys, ["check", str(office), *MONTH, "--format", "json", "--no-history"])
        assert single_code == 1
    assert code == 1
    assert {o["folder"]: o["report"] for o in doc["offices"]} == singles
    assert [o["exit_status"] for o in doc["offices"]] == [1] * N
    totals: Counter[str] = Counter()
    by_rule: Counter[str] = Counter()
    for single in singles.values():
        totals.update({k: single["summary"][k] for k in ("error", "warning", "info")})
        by_rule.update(single["summary"]["by_rule"])
    assert doc["summary"] == {"offices": N, "checked": N, "failed": 0, **totals, "by_rule": dict(sorted(by_rule.items()))}
    assert doc["by_rule"] == {rule: {name: s["summary"]["by_rule"][rule] for name, s in singles.items()
                                     if rule in s["summary"]["by_rule"]} for rule in sorted(by_rule)}
    # the summary files, and nothing else written into the offices
    assert sorted(p.name for p in (group / "reports").iterdir()) == ["集团汇总 2026-11.json", "集团汇总 2026-11.xlsx"]
    assert json.loads((group / "reports" / "集团汇总 2026-11.json").read_text(encoding="utf-8")) == doc
    assert {p.name: _tree(p) for p in group.iterdir() if p.name != "reports"} == before


@pytest.mark.slow
def test_a_broken_office_is_reported_and_the_others_go_on(pair: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    group = pair
    (group / "管理处02" / "registers.toml").write_text("[limits]\nno_such_limit = 3\n", encoding="utf-8")
    make_office(group / "空的", {}, config='office = "空管理处"\n')
    out = tmp_path / "out"
    code = main(["check", str(group), "--offices", *MONTH, "--out", str(out), "--no-history"])
    text = capsys.readouterr().out
    assert code == 2  # an office could not be checked: as `registers check 管理处02` would exit
    doc = json.loads((out / "集团汇总 2026-11.json").read_text(encoding="utf-8"))
    status = {o["folder"]: (o["exit_status"], o["report"] is not None) for o in doc["offices"]}
    assert status == {"管理处01": (1, True), "管理处02": (2, False), "空的": (2, False)}
    broken = next(o for o in doc["offices"] if o["folder"] == "管理处02")
    assert "no_such_limit" in broken["error"]
    assert doc["summary"]["checked"] == 1 and doc["summary"]["failed"] == 2
    assert "管理处02" in text and "no_such_limit" in text
    assert not (group / "reports").exists()  # --out
    # --exit-zero turns error findings into 0, but not an office that could not be checked
    quick = ["--select", "key.overdue"]
    assert main(["check", str(group), "--offices", *MONTH, *quick, "--out", str(out), "--no-history", "--exit-zero"]) == 2
    shutil.rmtree(group / "管理处02")
    shutil.rmtree(group / "空的")
    assert main(["check", str(group), "--offices", *MONTH, *quick, "--out", str(out), "--no-history", "--exit-zero"]) == 0


def _dies_on_crash(folder: Path, options: OfficeOptions) -> OfficeResult:
    """A task whose worker process dies on the office named 'crash' (as out of memory or a native crash would)."""
    if folder.name == "crash":
        os._exit(70)
    return check_office(folder, options)


@pytest.mark.slow
def test_a_dead_worker_takes_down_only_its_own_office(pair: Path) -> None:
    group = pair
    shutil.copytree(group / "管理处01", group / "crash")
    result = check_group(group, _options(), workers=2, task=_dies_on_crash)
    by_name = {o.name: o for o in result.offices}
    assert by_name["crash"].exit_status == 2 and "worker process died" in (by_name["crash"].error or "")
    assert [by_name[name].exit_status for name in ("管理处01", "管理处02")] == [1, 1]
    assert by_name["管理处01"].report == check_office(group / "管理处01", _options()).report
    assert result.exit_status() == 2


@pytest.mark.slow
def test_history_goes_to_each_office_unless_no_history(pair: Path, capsys: pytest.CaptureFixture[str]) -> None:
    group = pair
    assert main(["check", str(group), "--offices", *MONTH, "--select", "key"]) == 1
    assert all((group / name / ".registers" / "history.sqlite").is_file() for name in ("管理处01", "管理处02"))
    assert not (group / ".registers").exists()


@pytest.mark.slow
def test_progress_and_group_errors(pair: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    group = pair
    seen: list[tuple[int, int, str]] = []
    check_group(group, _options(select=("key",)), workers=2, progress=lambda d, n, r: seen.append((d, n, r.name)))
    assert [d for d, _, _ in seen] == [1, 2] and {n for _, n, _ in seen} == {2}
    assert {name for _, _, name in seen} == {"管理处01", "管理处02"}
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["check", str(empty), "--offices"]) == 2
    assert "下没有管理处文件夹" in capsys.readouterr().err
    assert main(["check", str(tmp_path / "nope"), "--offices"]) == 2
    assert main(["check", str(group / "管理处01"), "--offices"]) == 2
    assert "请不加 --offices 检查它" in capsys.readouterr().err  # in the office's language
    (tmp_path / "a-file").write_text("x")
    assert main(["check", str(group), "--offices", *MONTH, "--select", "key.overdue", "--no-history",
                 "--out", str(tmp_path / "a-file" / "reports")]) == 2
    assert "无法写入集团汇总" in capsys.readouterr().err


@pytest.mark.slow
def test_json_shape(pair: Path, capsys: pytest.CaptureFixture[str]) -> None:
    group = pair
    code, doc = _cli_json(capsys, ["check", str(group), "--offices", "--date", "2026-11-27", "--format", "json",
                                   "--no-history", "--lang", "en", "--select", "fee", "key"])
    assert code == 1
    assert set(doc) == {"group", "period", "as_of", "offices", "by_rule", "summary", "exit_status"}
    assert (doc["group"], doc["period"], doc["as_of"], doc["exit_status"]) == (
        "集团", {"from": "2026-11-27", "to": "2026-11-27"}, None, 1)
    office = doc["offices"][0]
    assert set(office) == {"folder", "office", "exit_status", "error", "warnings", "report"}
    assert (office["folder"], office["office"], office["error"], office["warnings"]) == ("管理处01", "阿尔卡迪亚管理处", None, [])
    # (fee_source: the demo keeps a fee roll, so its arrears' source is said)
    assert set(office["report"]) == {"office", "period", "as_of", "findings", "summary", "sheets", "fee_source"}
    assert all(f["rule"].startswith(("fee.", "key.")) for o in doc["offices"] for f in o["report"]["findings"])
    assert set(doc["summary"]) == {"offices", "checked", "failed", "error", "warning", "info", "by_rule"}
    assert (group / "reports" / "集团汇总 2026-11-27.json").is_file()


def test_period_labels() -> None:
    from datetime import date

    assert period_label(Period.parse_month("2026-02")) == "2026-02"
    assert period_label(Period(date(2026, 11, 27), date(2026, 11, 27))) == "2026-11-27"
    assert period_label(Period(date(2026, 11, 1), date(2026, 11, 15))) == "2026-11-01~2026-11-15"


# --- the workbook ---------------------------------------------------------------------------------------

@pytest.mark.slow
def test_the_workbook_writes_untrusted_text_as_literal_strings(tmp_path: Path) -> None:
    g = tmp_path / "g"
    headers = ["报修时间", "住户姓名", "地址/房号", "联系电话", "报修内容", "预约维修时间"]
    make_office(g / '=HYPERLINK("x")', {"报修.xlsx": {"11月": [
        headers, [datetime(2026, 11, 3, 9), "陈大文", "1-1-101", "1380013800012", "漏水", datetime(2026, 11, 3, 14)],
    ]}}, config='office = "=1+1"\n')
    make_office(g / "@SUM", {"报修.xlsx": {"11月": [headers, ["=2+3", "-x", "+y", "13800138000", "漏水", "@z"]]}})
    result = check_group(g, _options(select=("input",)), workers=1)
    # a crafted finding whose message starts like a formula (messages quote register text)
    report = dict(result.offices[0].report or {})
    report["findings"] = [*report["findings"], {**report["findings"][0], "message": "=cmd|' /C calc'!A0"}]
    result = dataclasses.replace(result, offices=(dataclasses.replace(result.offices[0], report=report),
                                                  *result.offices[1:]))
    _, book = write_group_summary(result, tmp_path / "out", "zh-Hans")
    wb = load_workbook(book)
    assert wb.sheetnames == ["各管理处", "按规则", "全部问题"]
    texts = []
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str):
                    assert c.data_type == "s", (ws.title, c.coordinate, c.value)
                    assert c.quotePrefix == looks_like_formula(c.value), (ws.title, c.coordinate, c.value)
                    texts.append(c.value)
    assert "=cmd|' /C calc'!A0" in texts and "=1+1" in texts and '=HYPERLINK("x")' in texts
    assert "@SUM" in texts
    assert not any("1380013800012" in t or "13800138000" in t for t in texts)  # phone numbers masked
    assert any("138******0012" in t for t in texts)
    findings = wb["全部问题"]
    assert [c.value for c in findings[1]] == ["文件夹", "管理处", "级别", "规则", "条款", "位置", "日期", "说明"]
    matrix = wb["按规则"]  # rules down, offices across
    assert matrix["A1"].value == "规则" and matrix["A2"].value.startswith("input.")
    assert [c.value for c in matrix[1]][3:] == ['=HYPERLINK("x")', "@SUM"]


@pytest.mark.slow
def test_the_group_summary_prints_on_a_few_a4_pages_with_whole_rule_ids(demo_folder: Path, tmp_path: Path) -> None:
    """Three demo offices: 37 pages before (the matrix split across pages by column, rule ids cut at 14
    characters); now A4 landscape, fitted to the page's width, the header row on every page (issue 23)."""
    import shutil

    from tests.support.paper import printed_pages

    g = tmp_path / "g"
    for name in ("甲", "乙", "丙"):
        shutil.copytree(demo_folder, g / name)
    result = check_group(g, _options(), workers=1)
    _, book = write_group_summary(result, tmp_path / "out", "zh-Hans")
    pages = printed_pages(book, tmp_path)
    assert len(pages) <= 8, len(pages)
    text = "\n".join(pages)
    assert "fee.payment-unrecorded" in text and "renovation.unverified-alteration" in text  # ids whole
    matrix_pages = [p for p in pages if "规则名称" in p]
    findings_pages = [p for p in pages if "说明" in p and "位置" in p]
    assert matrix_pages and findings_pages
    for page in findings_pages:  # the header repeats on every page of the findings
        assert "管理处" in page and "级别" in page
    assert all(f"第 {i} 页，共 {len(pages)} 页" in p for i, p in enumerate(pages, 1))  # numbered


def test_a_single_office_given_as_a_group_is_said_in_the_users_language(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    office = make_office(tmp_path / "某管理处", {"报修.xlsx": {"11月": [["报修时间"]]}}, config='office = "某管理处"\n')
    assert main(["check", str(office), "--offices", *MONTH]) == 2
    assert "它是一个管理处，请不加 --offices 检查它" in capsys.readouterr().err
    assert main(["check", str(office), "--offices", *MONTH, "--lang", "en"]) == 2
    assert "it is one office" in capsys.readouterr().err
