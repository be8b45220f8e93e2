"""Every workbook we write prints sensibly on A4 (issue 23, "Paper"): LibreOffice prints it, pdftotext reads
each page.  Few pages for the demo, every column on the page's width, the header row and the key columns
(receipt number, cell address, message) on every page, page numbers, no text drawn over its neighbour, and no
internal sheet (the monthly criteria and parameters) on paper.

Slow; skipped where LibreOffice or pdftotext is not installed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from registers.cli.main import main
from registers.reports.findings.book import write_findings_book
from tests.support.helpers import make_office, run_check
from tests.support.paper import PDFTOTEXT, need_paper_tools, printed_pages

pytestmark = pytest.mark.slow

MONTH = ["--month", "2026-11"]


def _numbered(pages: list[str]) -> bool:
    """Every page says ``第 i 页，共 N 页`` at its foot."""
    return all(f"第 {i} 页，共 {len(pages)} 页" in p for i, p in enumerate(pages, 1))


def _office(demo_folder: Path, tmp_path: Path) -> Path:
    need_paper_tools()
    root = tmp_path / "阿尔卡迪亚"
    shutil.copytree(demo_folder, root)
    return root


def test_the_demo_findings_workbook_prints_its_summary_whole_on_page_one(demo_folder: Path, tmp_path: Path) -> None:
    """13 pages before, the summary's last columns alone on page 3; now the summary is one page and each
    register's sheet fits the page's width (11 pages: the summary and one per register)."""
    root = _office(demo_folder, tmp_path)
    assert main(["check", str(root), *MONTH, "--as-of", "2026-11-30 23:59", "--no-history", "--xlsx"]) == 1
    pages = printed_pages(root / "reports" / "核查结果 2026-11-30.xlsx", tmp_path)
    assert len(pages) <= 11, len(pages)
    summary = pages[0]
    for words in ("错误", "警告", "提示", "合计", "repair.dispatch-late", "renovation.unverified-alteration",
                  "visit.unknown-ref"):
        assert words in summary, words
    assert not any("合计" in p and "规则" not in p and "级别" not in p for p in pages[1:])  # no stray columns
    for page in pages[1:]:  # one register per page: its header, the cell address and the message column
        assert "级别" in page and "位置" in page and "说明" in page and "原值" in page
    assert _numbered(pages)


def test_a_long_findings_sheet_repeats_its_header_and_keeps_cell_and_message_on_every_page(tmp_path: Path) -> None:
    """A receipts register with a title row, 150 amounts typed as text: the sheet runs to several pages, each
    with the header row, every finding's cell address and its message (the message wrapped, not cut)."""
    need_paper_tools()
    rows: list[list[object]] = [["阿尔卡迪亚管理处 收费台账 2026年11月"],
                                ["收据號", "收款日期", "房號", "收費項目", "金額", "收款方式", "收款人", "備註"]]
    rows += [[f"NO.{12000 + i}", datetime(2026, 11, 1 + i % 28), f"3-2-{1501 + i}", "物业服务费", "壹佰元整",
              "现金", "王芳", ""] for i in range(150)]
    rows += [["合计", None, None, None, None, None, None, None]]
    root = make_office(tmp_path / "o", {"财务/收费台账.xlsx": {"11月": rows}})
    book = write_findings_book(run_check(root, select=["input.bad-value"]))
    pages = printed_pages(book, tmp_path)
    sheet_pages = pages[1:]
    assert len(sheet_pages) >= 2  # (scaled to the page width: with 建议值 and 依据, two pages hold the 150)
    for page in sheet_pages:
        assert "级别" in page and "位置" in page and "说明" in page, page[:300]
    text = "\n".join(sheet_pages)
    for i in range(150):  # every cell address printed, each on a page that holds the header
        assert re.search(rf"\bE{i + 3}\b", text), f"E{i + 3}"
    assert text.count("壹佰元整") >= 150
    assert _numbered(pages)


def test_the_demo_pairing_workbook_fits_each_sheet_on_the_page_width(demo_folder: Path, tmp_path: Path) -> None:
    """13 pages before (each sheet split by column, pages 2-4 without the receipt number); now 3: each sheet
    whole across, the receipt number beside its statement and its place in the register."""
    root = _office(demo_folder, tmp_path)
    main(["match", str(root), *MONTH, "--xlsx"])
    pages = printed_pages(root / "reports" / "对账 2026-11.xlsx", tmp_path)
    assert len(pages) <= 4, len(pages)
    receipts = [p for p in pages if "收据位置" in p]
    assert receipts
    for page in receipts:  # the header and the key columns side by side
        assert "收据号" in page and "平台单号" in page and "对账单" in page
        assert re.search(r"NO\.\d+.*收费台账\.xlsx!", page)
    assert any("对应收据" in p and "平台单号" in p for p in pages)
    assert _numbered(pages)


def test_the_day_close_findings_are_wrapped_not_drawn_over_each_other(demo_folder: Path, tmp_path: Path) -> None:
    """The 当日问题 sheet wrote each rule's title past its column, over the file name
    (``钥匙种类不在规定之列钥匙管理.xlsx``); now the rule and file columns wrap and the row is as tall as them."""
    root = _office(demo_folder, tmp_path)
    main(["close-day", str(root), "--date", "2026-11-27", "--no-history"])
    pages = printed_pages(root / "reports" / "daily" / "2026-11-27 日结.xlsx", tmp_path)
    assert len(pages) <= 3, len(pages)
    findings = [p for p in pages if "说明" in p and "位置" in p]
    assert findings
    text = "\n".join(findings)
    files = set(re.findall(r"[\w/]+\.xlsx?\b", text))
    assert {"钥匙管理.xlsx", "装修登记.xlsx"} <= files
    for name in ("钥匙管理.xlsx", "装修登记.xlsx", "档案管理.xls", "值班记录表.xlsx"):
        for m in re.finditer(re.escape(name), text):  # each file name stands in its own column
            assert m.start() == 0 or text[m.start() - 1].isspace() or text[m.start() - 1] == "/", \
                text[max(0, m.start() - 30):m.end()]
    assert "input.unreadable" in text and "key.unknown-category" in text
    assert _numbered(pages)


def test_the_monthly_pdf_and_workbook_print_no_criteria_nor_parameters(demo_folder: Path, tmp_path: Path) -> None:
    """The month's PDF holds the pages a manager reads and signs, and the workbook printed as it is leaves out
    the criteria and parameters the formulas read (10 pages before, the last two of them internal)."""
    root = _office(demo_folder, tmp_path)
    main(["monthly", str(root), *MONTH])
    folder = root / "reports" / "monthly"
    assert PDFTOTEXT is not None
    pdf = subprocess.run([PDFTOTEXT, "-layout", str(folder / "2026-11 收支明细表.pdf"), "-"], check=True,
                         capture_output=True, text=True, timeout=120).stdout
    pdf_pages = [p for p in pdf.split("\f") if p.strip()]
    book_pages = printed_pages(folder / "2026-11 收支明细表.xlsx", tmp_path)
    assert len(pdf_pages) <= 5 and len(book_pages) <= 8, (len(pdf_pages), len(book_pages))
    for pages in (pdf_pages, book_pages):
        text = "\n".join(pages)
        assert "收支明细表" in text and "每日收款明细" in text
        for internal in ("汇总条件", "公式引用", "起算月首日", "参数"):
            assert internal not in text, internal
    assert "单据号" not in pdf  # the movements behind the formulas stay out of the PDF
