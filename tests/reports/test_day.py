"""The day close (日结) on the demo office: figures computed independently, findings, history, safety, printing."""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from registers.cli import close_day as close_day_command
from registers.cli.argtypes import CliError
from registers.demo.office import write_demo
from tests.support import independent_statements as ist
from tests.support.paths import REPO

ROOT = REPO
FEE = "收费台账.xlsx"
SHORT_DAY = date(2026, 11, 12)  # planted: 刘敏 handed over ¥100.00 less than her cash receipts
NO_ROW_DAY = date(2026, 11, 20)  # planted: 陈静 took cash, no 日结上交 row
CLEAN_FEE_DAY = date(2026, 11, 16)


# ---------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Any]]:
    dest = tmp_path_factory.mktemp("demo") / "office"
    planted = write_demo(dest)
    return dest, planted


@pytest.fixture
def demo(demo_master: tuple[Path, list[Any]], tmp_path: Path) -> Path:
    """A fresh copy of the demo office for one test."""
    return Path(shutil.copytree(demo_master[0], tmp_path / "office"))


def close_day(office: Path, *argv: str, capsys: pytest.CaptureFixture[str] | None = None) -> tuple[int, Any]:
    parser = argparse.ArgumentParser()
    close_day_command.add_parser(parser.add_subparsers())
    argv_list = list(argv)
    if "--date" in argv_list and "--as-of" not in argv_list:
        # the end of the day, spelled out: the demo's days may lie ahead of the machine's clock
        argv_list += ["--as-of", f"{argv_list[argv_list.index('--date') + 1]} 23:59:59"]
    args = parser.parse_args(["close-day", str(office), "--format", "json", *argv_list])
    status = args.run(args)
    out = None
    if capsys is not None:
        out = json.loads(capsys.readouterr().out)
    return status, out


def _fen(v: Any) -> int:
    """Money as the demo writes it: a number, or text like ``¥1,234.00``."""
    if isinstance(v, (int, float)):
        return int((Decimal(str(v)) * 100).to_integral_value())
    text = str(v).replace("¥", "").replace("￥", "").replace(",", "").strip()
    return int((Decimal(text) * 100).to_integral_value())


def _day(v: Any) -> date | None:
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    if not isinstance(v, str):
        return None
    m = re.match(r"(\d{4})\s*[年/.\-]\s*(\d{1,2})\s*[月/.\-]\s*(\d{1,2})", v)
    return date(int(m[1]), int(m[2]), int(m[3])) if m else None


def _sheet_rows(path: Path, sheet: str, first_header: str) -> list[dict[str, Any]]:
    """The data rows of a demo sheet as dicts keyed by header text (title and footer rows skipped)."""
    ws = load_workbook(path, data_only=True)[sheet]
    rows = list(ws.iter_rows(values_only=True))
    h = next(i for i, r in enumerate(rows) if r and r[0] == first_header)
    heads = [str(c) if c is not None else "" for c in rows[h]]
    out = []
    for r in rows[h + 1:]:
        if not r or r[0] is None or str(r[0]).startswith(("合计", "制表人")):
            continue
        out.append(dict(zip(heads, r, strict=False)))
    return out


def independent_cash(office: Path, day: date) -> dict[str, tuple[int, int]]:
    """Per cashier: (cash receipts, cash handed over) in fen, read straight from the demo's 收费台账.xlsx."""
    path = office / FEE
    taken: dict[str, int] = {}
    for r in _sheet_rows(path, "收费明细", "收据号"):
        if _day(r["收款日期"]) != day or r["状态"] == "作废" or r["收款方式"] != "现金":
            continue
        taken[r["收款人"]] = taken.get(r["收款人"], 0) + _fen(r["金额(元)"])
    handed: dict[str, int] = {}
    for r in _sheet_rows(path, "日结上交", "日期"):
        if _day(r["日期"]) == day:
            handed[r["收款人"]] = handed.get(r["收款人"], 0) + _fen(r["现金上交"])
    return {c: (taken.get(c, 0), handed.get(c, 0)) for c in {*taken, *handed}}


def set_cell(path: Path, sheet: str, find: Any, column_header: str, value: Any, *, as_text: bool = False) -> int:
    """Write ``value`` under ``column_header`` in every data row of ``sheet`` where a cell equals ``find``."""
    wb = load_workbook(path)
    ws = wb[sheet]
    header_row = next(r for r in ws.iter_rows() if column_header in [c.value for c in r])
    col = next(c.column for c in header_row if c.value == column_header)
    n = 0
    for row in ws.iter_rows(min_row=header_row[0].row + 1):
        if any(c.value == find for c in row) or (callable(find) and find(row)):
            cell = ws.cell(row=row[0].row, column=col)
            cell.value = value
            if as_text:
                cell.data_type = "s"
            n += 1
    wb.save(path)
    return n


# ---------------------------------------------------------------- figures


@pytest.mark.slow
def test_short_day_shows_the_exact_cash_figures(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    want = independent_cash(demo, SHORT_DAY)
    assert want == {"刘敏": (35532, 25532)}  # the demo's planted ¥100.00 short day, read with openpyxl
    status, out = close_day(demo, "--date", SHORT_DAY.isoformat(), capsys=capsys)
    assert status == 1
    assert out["as_of"] == "2026-11-12T23:59:59"
    (line,) = out["cashiers"]
    assert (line["cashier"], line["expected_cash_fen"], line["handed_fen"], line["difference_fen"]) == \
        ("刘敏", 35532, 25532, -10000)
    assert line["cleared"] is False
    # the rule's own figures agree with the day close's
    (nc,) = [f for f in out["findings"] if f["rule"] == "fee.not-cleared"]
    assert (nc["sheet"], nc["cell"], nc["key"]) == ("日结上交", "C25", "刘敏")
    assert "¥355.32" in nc["message"] and "¥255.32" in nc["message"] and "-¥100.00" in nc["message"]
    assert out["totals_fen"]["expected_cash"] == 35532 and out["totals_fen"]["difference"] == -10000

    # the workbook's cover carries the same figures (yuan) and formulas for the difference and the totals
    book = demo / "reports" / "daily" / "2026-11-12 日结.xlsx"
    cover = load_workbook(book)["日结"]
    rows = {r[0].value: r for r in cover.iter_rows() if r[0].value in ("刘敏", "合计")}
    assert [rows["刘敏"][i].value for i in (2, 3)] == [355.32, 255.32]
    assert rows["刘敏"][4].value == f"=D{rows['刘敏'][4].row}-C{rows['刘敏'][4].row}"
    assert rows["合计"][2].value.startswith("=SUM(C")
    # every cell address on the findings sheet opens the clerk's workbook at that cell
    ws = load_workbook(book)["当日问题"]
    links = {r[5].value: r[5].hyperlink for r in ws.iter_rows(min_row=2) if r[5].value}
    assert links["C25"].target.replace("\\", "/") == "../../收费台账.xlsx"
    assert links["C25"].location == "'日结上交'!C25"
    assert all(h is not None for h in links.values())
    assert (demo / "reports" / "daily" / "2026-11-12 日结.html").is_file()
    assert (demo / "reports" / "核查结果 2026-11-12.xlsx").is_file()


@pytest.mark.slow
def test_day_without_a_handover_row(demo: Path, demo_master: tuple[Path, list[Any]],
                                    capsys: pytest.CaptureFixture[str]) -> None:
    want = independent_cash(demo, NO_ROW_DAY)
    status, out = close_day(demo, "--date", NO_ROW_DAY.isoformat(), capsys=capsys)
    assert status == 1
    got = {c["cashier"]: (c["expected_cash_fen"], c["handed_fen"]) for c in out["cashiers"]}
    assert got == want
    chen = next(c for c in out["cashiers"] if c["cashier"] == "陈静")
    assert chen["has_handover"] is False and chen["difference_fen"] == -want["陈静"][0]
    planted = [p for p in demo_master[1] if p.rule == "fee.not-cleared" and "no 日结上交 row" in p.note]
    (nc,) = [f for f in out["findings"] if f["rule"] == "fee.not-cleared"]
    # at the cashier cell of her first cash receipt that day
    assert (nc["file"], nc["sheet"], nc["row"], nc["date"]) == \
        (planted[0].file, planted[0].sheet, planted[0].row, "2026-11-20")
    assert nc["row"] is not None and nc["column"]


@pytest.mark.slow
def test_large_receipts_ranges_and_open_items(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = close_day(demo, "--date", "2026-11-24", capsys=capsys)
    assert status == 1
    (large,) = out["large_receipts"]
    assert (large["receipt_no"], large["reported"], large["amount_fen"]) == ("NO.0012129", False, 571680)
    assert any(f["rule"] == "fee.large-not-reported" and f["key"] == "NO.0012129" for f in out["findings"])
    (rng,) = out["receipt_ranges"]
    assert (rng["first"], rng["last"], rng["used"], rng["missing"]) == ("NO.0012128", "NO.0012131", 4, 0)

    status, out = close_day(demo, "--date", "2026-11-30", capsys=capsys)
    assert [r["repair_id"] for r in out["open_repairs"]] == ["BX202611031"]
    assert out["open_repairs"][0]["problem"] == "not-dispatched"
    status, out = close_day(demo, "--date", "2026-11-16", capsys=capsys)
    (key,) = out["keys_out"]
    assert (key["key_id"], key["overdue"]) == ("SB-03A", False)


def test_clean_day_exits_zero(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # only the fee rules: the demo's whole-office plants (a broken workbook, the key inventory…) are left out
    (demo / "registers.toml").write_text('office = "阿尔卡迪亚管理处"\n[rules]\nselect = ["fee"]\n', encoding="utf-8")
    status, out = close_day(demo, "--date", CLEAN_FEE_DAY.isoformat(), capsys=capsys)
    assert status == 0
    assert out["findings"] == []
    assert all(c["cleared"] for c in out["cashiers"])
    want = independent_cash(demo, CLEAN_FEE_DAY)
    assert {c["cashier"]: (c["expected_cash_fen"], c["handed_fen"]) for c in out["cashiers"]} == \
        {k: v for k, v in want.items()}


@pytest.mark.slow
def test_second_run_after_a_fix_lists_it_as_resolved(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, first = close_day(demo, "--date", SHORT_DAY.isoformat(), capsys=capsys)
    assert status == 1
    assert {f["state"] for f in first["findings"]} == {"new"}
    # the cashier hands over the missing ¥100.00: the handover row now says ¥355.32
    assert set_cell(demo / FEE, "日结上交", lambda row: _day(row[0].value) == SHORT_DAY, "现金上交", 355.32) == 1
    status, second = close_day(demo, "--date", SHORT_DAY.isoformat(), capsys=capsys)
    assert [(f["rule"], f["cell"]) for f in second["resolved"]] == [("fee.not-cleared", "C25")]
    assert second["resolved"][0]["since"] == "2026-11-12"
    before = {(f["rule"], f["file"], f["sheet"], f["cell"]) for f in first["findings"]} - \
        {("fee.not-cleared", FEE, "日结上交", "C25")}
    assert {(f["rule"], f["file"], f["sheet"], f["cell"]) for f in second["findings"]} == before
    assert {(f["state"], f["since"]) for f in second["findings"]} == {("open", "2026-11-12")}
    assert second["cashiers"][0]["difference_fen"] == 0
    html = (demo / "reports" / "daily" / "2026-11-12 日结.html").read_text(encoding="utf-8")
    assert "上次核查后已解决" in html and "2026-11-12 起未解决" in html
    ws = load_workbook(demo / "reports" / "daily" / "2026-11-12 日结.xlsx")["当日问题"]
    states = [r[1].value for r in ws.iter_rows(min_row=2)]
    assert states.count("已解决") == 1 and states.count("2026-11-12 起未解决") == len(second["findings"])


# ---------------------------------------------------------------- safety


PLANTS = {"cashier": '=HYPERLINK("http://x","y")', "purpose": "+1+1", "borrower": "@SUM(1)",
          "html": "<script>alert(1)</script>"}


@pytest.mark.slow
def test_register_text_never_becomes_a_formula_and_html_is_escaped(demo: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    fee = demo / FEE
    is_day = lambda row: _day(row[1].value) == CLEAN_FEE_DAY  # noqa: E731  (收款日期 is column B)
    assert set_cell(fee, "收费明细", is_day, "收款人", PLANTS["cashier"], as_text=True) >= 1
    assert set_cell(fee, "日结上交", lambda row: _day(row[0].value) == CLEAN_FEE_DAY, "收款人", PLANTS["cashier"],
                    as_text=True) == 1
    assert set_cell(fee, "收费明细", is_day, "收费项目", "@SUM(1)", as_text=True) >= 1
    keys = demo / "钥匙管理.xlsx"
    assert set_cell(keys, "借还记录", "SB-03A", "借用事由", PLANTS["purpose"], as_text=True) == 1
    assert set_cell(keys, "借还记录", "SB-03A", "借用人", PLANTS["borrower"], as_text=True) == 1
    assert set_cell(keys, "借还记录", "SB-03A", "部门/单位", PLANTS["html"], as_text=True) == 1
    close_day(demo, "--date", CLEAN_FEE_DAY.isoformat(), capsys=capsys)

    formula = re.compile(r"^=(SUM\([A-Z]+\d+:[A-Z]+\d+\)|[A-Z]+\d+[-+][A-Z]+\d+)$")
    seen: set[str] = set()
    books = [demo / "reports" / "daily" / "2026-11-16 日结.xlsx", demo / "reports" / "核查结果 2026-11-16.xlsx"]
    for book in books:
        for ws in load_workbook(book).worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if cell.value is None:
                        continue
                    if cell.data_type == "f":
                        assert formula.match(str(cell.value)), (book.name, ws.title, cell.coordinate, cell.value)
                        continue
                    for plant in (*PLANTS.values(), "@SUM(1)"):
                        if plant in str(cell.value):
                            assert cell.data_type == "s", (book.name, ws.title, cell.coordinate)
                            seen.add(plant)
    assert {PLANTS["cashier"], PLANTS["purpose"], PLANTS["borrower"], PLANTS["html"]} <= seen

    html = (demo / "reports" / "daily" / "2026-11-16 日结.html").read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "=HYPERLINK(&#34;http://x&#34;,&#34;y&#34;)" in html


@pytest.mark.slow
def test_office_template_overrides_the_shipped_one(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (demo / "templates").mkdir()
    (demo / "templates" / "day.html.j2").write_text("<p>{{ office }} {{ day }} {{ totals.expected }}</p>",
                                                    encoding="utf-8")
    close_day(demo, "--date", SHORT_DAY.isoformat(), capsys=capsys)
    html = (demo / "reports" / "daily" / "2026-11-12 日结.html").read_text(encoding="utf-8")
    assert html == "<p>阿尔卡迪亚管理处 2026-11-12 ¥355.32</p>"


def test_text_summary_and_bad_input(demo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    parser = argparse.ArgumentParser()
    close_day_command.add_parser(parser.add_subparsers())
    args = parser.parse_args(["close-day", str(demo), "--date", "2026-11-12", "--as-of", "2026-11-12 23:59:59",
                              "--lang", "en", "--no-history"])
    assert args.run(args) == 1
    out = capsys.readouterr().out
    assert "Day close" in out and "-¥100.00" in out and "2026-11-12 日结.xlsx" in out
    assert not (demo / ".registers" / "history.sqlite").exists()
    args = parser.parse_args(["close-day", str(tmp_path / "nowhere")])
    with pytest.raises(CliError, match="文件夹不存在"):  # (main says it on stderr, exit 2)
        args.run(args)
    args = parser.parse_args(["close-day", str(demo), "--date", "2999-01-01"])
    assert args.run(args) == 2
    assert "2999-01-01 还没到" in capsys.readouterr().err  # in the office's language
    args = parser.parse_args(["close-day", str(demo), "--date", "2999-01-01", "--lang", "en"])
    assert args.run(args) == 2
    assert "has not begun" in capsys.readouterr().err


def test_default_as_of_is_the_end_of_a_past_day_and_now_for_today() -> None:
    from registers.pipeline.day import FutureDay, day_as_of

    now = datetime(2026, 11, 28, 18, 5, 7)
    assert day_as_of(date(2026, 11, 27), now) == datetime(2026, 11, 27, 23, 59, 59)
    assert day_as_of(date(2026, 11, 28), now) == now
    with pytest.raises(FutureDay):
        day_as_of(date(2026, 11, 29), now)


@pytest.mark.slow
def test_scheduler_script_logs_one_line_without_personal_data(demo: Path) -> None:
    script = ROOT / "scripts" / "close_day.py"
    done = subprocess.run([sys.executable, str(script), str(demo), "--date", "2026-11-12", "--as-of", "2026-11-12 23:59:59"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    done = subprocess.run([sys.executable, str(script), str(demo)], capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 1), done.stderr
    lines = (demo / ".registers" / "close-day.log").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    assert "day=2026-11-12" in lines[0] and "status=1" in lines[0] and "not_cleared=1" in lines[0]
    for line in lines:
        assert "刘敏" not in line and "陈静" not in line
        assert not re.search(r"(?<!\d)1\d{10}(?!\d)", line)
    assert (demo / "reports" / "daily" / "2026-11-12 日结.xlsx").is_file()


# ---------------------------------------------------------------- LibreOffice


_RECALC_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""


def _soffice(tmp: Path, target: str, src: Path) -> Path:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not on PATH: apt-get install libreoffice-calc to run this test")
    profile = tmp / "lo-profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    # always recalculate on load, so the totals below are LibreOffice's, not the values we cached
    (profile / "user" / "registrymodifications.xcu").write_text(_RECALC_PROFILE, encoding="utf-8")
    out = tmp / "lo-out"
    out.mkdir(exist_ok=True)
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", target,
                    "--outdir", str(out), str(src)], check=True, capture_output=True, timeout=180)
    ext = target.split(":")[0]
    return out / f"{src.stem}.{ext}"


@pytest.mark.slow
def test_libreoffice_recalculates_the_same_totals(demo: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    _, out = close_day(demo, "--date", NO_ROW_DAY.isoformat(), capsys=capsys)
    book = demo / "reports" / "daily" / "2026-11-20 日结.xlsx"
    src = tmp_path / "day.xlsx"
    shutil.copy(book, src)
    # openpyxl saves formulas without their cached results: the totals read back are LibreOffice's own
    load_workbook(src).save(src)
    csv_path = _soffice(tmp_path, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false", src)
    rows = [line.split(",") for line in csv_path.read_text(encoding="utf-8").splitlines()]
    total = next(r for r in rows if r[0] == "合计")
    per = [r for r in rows if r[0] in ("刘敏", "陈静")]
    assert len(per) == 2
    t = out["totals_fen"]
    assert int(float(total[1])) == t["receipts"]
    assert [round(float(x) * 100) for x in total[2:11]] == [
        t["expected_cash"], t["handed"], t["difference"], t["微信"], t["支付宝"], t["银行卡"], t["转账"], t["noncash"],
        t["total"]]
    want = independent_cash(demo, NO_ROW_DAY)
    for r in per:
        exp, handed = want[r[0]]
        assert (round(float(r[2]) * 100), round(float(r[3]) * 100), round(float(r[4]) * 100)) == \
            (exp, handed, handed - exp)
    # the non-cash block's difference (ledger − platform) is a formula LibreOffice recalculates too
    platforms = {x["channel"]: x for x in out["noncash_check"]["channels"]}
    rows_nc = [r for r in rows if r[0] in platforms]
    assert len(rows_nc) == 3
    for r in rows_nc:
        x = platforms[r[0]]
        assert round(float(r[5]) * 100) == x["difference_fen"] == x["ledger_fen"] - x["received_fen"]


@pytest.mark.slow
def test_cover_prints_on_one_page(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    close_day(demo, "--date", "2026-11-30", capsys=capsys)
    src = tmp_path / "cover.xlsx"
    wb = load_workbook(demo / "reports" / "daily" / "2026-11-30 日结.xlsx")
    assert wb["日结"].print_area is not None
    cover = wb["日结"]
    assert cover.sheet_properties.pageSetUpPr.fitToPage is True
    # 1 wide and 1 tall (OOXML's default, so XlsxWriter leaves the attributes out)
    assert cover.page_setup.fitToHeight in (None, 1, "1") and cover.page_setup.fitToWidth in (None, 1, "1")
    assert cover.page_setup.paperSize in (9, "9")
    assert "阿尔卡迪亚管理处" in cover.oddHeader.left.text and "2026-11-30" in cover.oddFooter.left.text
    del wb["当日问题"]  # print the cover alone
    wb.save(src)
    pdf = _soffice(tmp_path, "pdf", src).read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pages == 1


# ---------------------------------------------------------------- non-cash receipts against the platforms


def planted_noncash(office: Path, planted: list[Any]) -> dict[date, dict[str, set[Any]]]:
    """The planted fee.payment-* and fee.refund-unrecorded items by day, read from the demo's own files:
    receipt numbers on the ledger side, (file, line) of statement lines on the platform side."""
    rows = {r["_row"]: r for r in ist.receipts(office)}
    lines = {(e.file, e.line): e for e in ist.events(office) if e.kind != "fee"}
    out: dict[date, dict[str, set[Any]]] = {}
    for p in planted:
        if p.rule in ("fee.payment-unmatched", "fee.payment-reused"):
            r = rows[p.row]
            out.setdefault(r["_at"].date(), {"receipts": set(), "lines": set()})["receipts"].add(r["收据号"])
        elif p.rule in ("fee.payment-unrecorded", "fee.refund-unrecorded"):
            e = lines[(p.file, p.row)]
            out.setdefault(e.at.date(), {"receipts": set(), "lines": set()})["lines"].add((p.file, p.row))
    return out


@pytest.mark.slow
def test_noncash_block_shows_ledger_platform_difference_and_the_planted_items(
        demo: Path, demo_master: tuple[Path, list[Any]], capsys: pytest.CaptureFixture[str]) -> None:
    plants = planted_noncash(demo, demo_master[1])
    # the day with a planted receipt no platform pays and a platform payment no receipt records
    (day,) = [d for d, x in plants.items() if x["receipts"] and x["lines"]]
    assert day == NO_ROW_DAY
    status, out = close_day(demo, "--date", day.isoformat(), capsys=capsys)
    assert status == 1
    nc = out["noncash_check"]
    assert nc["statements"] == 6
    ledger = ist.ledger_by_channel(demo, day)
    platform = ist.platform_totals(demo, day, day)
    got = {x["channel"]: x for x in nc["channels"]}
    assert list(got) == ["微信", "支付宝", "银行"]
    for ch, x in got.items():
        want = platform[ch]
        assert (x["receipts"], x["ledger_fen"]) == ledger[ch]
        assert (x["received_fen"], x["refunded_fen"], x["fees_fen"]) == \
            (want["received"], want["refunded"], want["fees"])
        assert x["difference_fen"] == ledger[ch][1] - want["received"]
        assert x["coverage"] == "covered"
    # WeChat received a payment the ledger booked as Alipay: −¥322.20 on one side, +¥322.20 on the other
    assert (got["微信"]["difference_fen"], got["支付宝"]["difference_fen"], got["银行"]["difference_fen"]) == \
        (-32220, 32220, 0)

    receipts = {r["收据号"]: r for r in ist.receipts(demo)}
    (unpaid,) = nc["unpaid_receipts"]
    r = receipts[unpaid["receipt_no"]]
    assert {unpaid["receipt_no"]} == plants[day]["receipts"]
    assert (unpaid["cell"], unpaid["amount_fen"], unpaid["paid_at"], unpaid["status"]) == \
        (f"收费台账.xlsx!收费明细!J{r['_row']}", ist.fen(r["金额(元)"]), f"{r['_at']:%Y-%m-%d %H:%M:%S}", "unmatched")
    events = {(e.file, e.line): e for e in ist.events(demo) if e.kind != "fee"}
    (paid,) = nc["unrecorded_payments"]
    e = events[(paid["file"], paid["line"])]
    assert {(paid["file"], paid["line"])} == plants[day]["lines"]
    assert (paid["channel"], paid["kind"], paid["order_no"], paid["amount_fen"], paid["at"], paid["status"]) == \
        (e.channel, e.kind, e.order_no, e.amount, f"{e.at:%Y-%m-%d %H:%M:%S}", "unrecorded")
    # the lists explain the difference to the fen
    for ch, x in got.items():
        assert x["difference_fen"] == sum(u["amount_fen"] for u in nc["unpaid_receipts"] if u["channel"] == ch) - \
            sum(p["amount_fen"] for p in nc["unrecorded_payments"] if p["channel"] == ch and p["kind"] == "payment")

    # the cover: live difference formulas, literal numbers and names, the lists under the block
    cover = load_workbook(demo / "reports" / "daily" / f"{day} 日结.xlsx")["日结"]
    rows = {r[0].value: r for r in cover.iter_rows() if r[0].value in ("微信", "支付宝", "银行")}
    for ch, row in rows.items():
        n = row[5].row
        assert row[5].value == f"=C{n}-E{n}"
        assert [round(row[i].value * 100) for i in (2, 4, 6, 7)] == \
            [ledger[ch][1], platform[ch]["received"], platform[ch]["refunded"], platform[ch]["fees"]]
    texts = {c.value: c for row in cover.iter_rows() for c in row if isinstance(c.value, str)}
    assert texts[unpaid["receipt_no"]].hyperlink is not None and texts[unpaid["receipt_no"]].data_type == "s"
    assert texts[paid["order_no"]].data_type == "s" and texts[paid["file"]].data_type == "s"
    html = (demo / "reports" / "daily" / f"{day} 日结.html").read_text(encoding="utf-8")
    assert "非现金对账" in html and paid["order_no"] in html and unpaid["receipt_no"] in html and "-¥322.20" in html


@pytest.mark.slow
def test_noncash_lists_exactly_the_planted_items_of_every_day(demo_master: tuple[Path, list[Any]],
                                                              tmp_path: Path) -> None:
    from registers.pipeline.day import close_day as run_close

    office, planted = demo_master
    plants = planted_noncash(office, planted)
    november = sorted(d for d in plants if d.month == 11)
    assert len(november) >= 3  # the reused transfer, the unrecorded refund, the evening parking payment, …
    for day in november:
        c = run_close(office, day, as_of=datetime.combine(day, datetime.max.time()).replace(microsecond=0),
                      out=tmp_path / day.isoformat(), history=False).close
        assert {u.receipt_no for u in c.unpaid} == plants[day]["receipts"], day
        assert {(p.file, p.line) for p in c.unrecorded} == plants[day]["lines"], day
        platform = ist.platform_totals(office, day, day)
        ledger = ist.ledger_by_channel(office, day)
        for x in c.platforms:
            assert (x.receipts, x.ledger) == ledger[x.channel], day
            assert (x.received, x.refunded, x.fees) == tuple(platform[x.channel].values()), day


@pytest.mark.slow
def test_noncash_block_without_any_statement_says_so(demo: Path, capsys: pytest.CaptureFixture[str],
                                                     tmp_path: Path) -> None:
    from tests.support.helpers import make_office

    shutil.rmtree(demo / "对账单")
    _, out = close_day(demo, "--date", NO_ROW_DAY.isoformat(), capsys=capsys)
    nc = out["noncash_check"]
    assert nc["statements"] == 0 and nc["unpaid_receipts"] == [] and nc["unrecorded_payments"] == []
    ledger = ist.ledger_by_channel(demo, NO_ROW_DAY)
    for x in nc["channels"]:
        assert x["coverage"] == "none" and x["difference_fen"] is None
        assert (x["receipts"], x["ledger_fen"]) == ledger[x["channel"]]
    cover = load_workbook(demo / "reports" / "daily" / f"{NO_ROW_DAY} 日结.xlsx")["日结"]
    text = [str(c.value) for row in cover.iter_rows() for c in row if c.value is not None]
    assert any("没有平台对账单" in t for t in text) and text.count("无对账单覆盖当日，未对账") == 3
    rows = [r for r in cover.iter_rows() if r[0].value in ("微信", "支付宝", "银行")]
    assert len(rows) == 3 and all(r[5].value == "—" and r[5].data_type == "s" for r in rows)
    html = (demo / "reports" / "daily" / f"{NO_ROW_DAY} 日结.html").read_text(encoding="utf-8")
    assert "没有平台对账单" in html and html.count("无对账单覆盖当日，未对账") == 3

    # the text summary, in English
    parser = argparse.ArgumentParser()
    close_day_command.add_parser(parser.add_subparsers())
    args = parser.parse_args(["close-day", str(demo), "--date", NO_ROW_DAY.isoformat(), "--as-of",
                              f"{NO_ROW_DAY} 23:59:59", "--lang", "en", "--no-history"])
    args.run(args)
    text_out = capsys.readouterr().out
    assert "No platform statement" in text_out and "not reconciled" in text_out

    # a bare office (a fee ledger of one sheet, nothing else): every language, nothing crashes
    header = ["收据号", "收款日期", "房号", "收费项目", "金额", "收款方式", "收款人"]
    root = make_office(tmp_path / "bare", {"收费台账.xlsx": {"收费明细": [
        header, ["NO.1", "2026-11-03 10:00", "1-1-101", "物业服务费", 120, "微信", "王芳"]]}})
    for lang in ("zh-Hans", "zh-Hant", "en"):
        _, out = close_day(root, "--date", "2026-11-03", "--lang", lang, "--no-history", capsys=capsys)
        chans = out["noncash_check"]["channels"]
        assert [(x["channel"], x["ledger_fen"], x["coverage"], x["difference_fen"]) for x in chans] == \
            [("微信", 12000, "none", None), ("支付宝", 0, "none", None), ("银行", 0, "none", None)]
        html = (root / "reports" / "daily" / "2026-11-03 日结.html").read_text(encoding="utf-8")
        assert "{" not in re.sub(r"<style>.*?</style>", "", html, flags=re.S)


@pytest.mark.slow
def test_the_day_close_does_not_load_openpyxl() -> None:
    """The day close writes its workbooks with XlsxWriter and its page with Jinja2; openpyxl (0.05 s to
    import) came in only to find the templates' folder."""
    code = ("import sys\nimport registers.pipeline.day, registers.history.store, registers.cli.close_day\n"
            "print('openpyxl' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_nothing_after_the_close_moment_appears_in_the_day_close(
        demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The demo's 11-13: a repair completed on 11-14 is no 'completed without a work order' yet, and a complaint
    closed on 11-14 is still open — the close reads the registers as they stood at 23:59:59 (issue 23)."""
    _, out = close_day(demo, "--date", "2026-11-13", capsys=capsys)
    text = json.dumps(out, ensure_ascii=False)
    later = sorted(set(re.findall(r"2026-11-(?:1[4-9]|2\d|30)|2026-12-\d\d", text)))
    assert later == [], later
    assert not any(f["rule"] == "repair.no-work-order" and f["key"] == "BX202611015" for f in out["findings"])
    overdue = next(f for f in out["findings"] if f["rule"] == "complaint.overdue" and f["key"] == "TS20261106")
    assert "2026-11-14" not in overdue["message"]
    html = next((demo / "reports" / "daily").glob("2026-11-13*.html")).read_text(encoding="utf-8")
    assert not re.search(r"2026-11-(?:1[4-9]|2\d|30)", html)
