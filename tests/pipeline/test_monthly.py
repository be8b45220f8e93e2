"""``registers monthly`` at scale: the detail carries the opening cash in instead of the whole history, the PDF
holds the printed pages only, and LibreOffice never outlives the run (timed out, interrupted or killed)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from registers.core.period import Period
from registers.pipeline.monthly import monthly_report
from tests.support.helpers import make_office

NOV = Period.month(2026, 11)
AS_OF = datetime(2026, 11, 30, 23, 59)
HEAD: list[object] = ["收费台账（2026年）"]  # a title row above the headers, as offices type them
COLS: list[object] = ["收據編號", "繳費時間", "房號", "繳費人", "收費項目", "金額", "付款方式", "收款人"]  # Traditional wording


def _office(root: Path) -> Path:
    """Cash receipts in September, October and November, ¥100 handed over in October, a footer row."""
    rows: list[list[object]] = [HEAD, COLS]
    for n, (day, amount) in enumerate([("2026-09-05 10:00", 300), ("2026-10-08 09:30", 200),
                                       ("2026-11-03 11:00", 50), ("2026-11-20 15:00", 80)], start=1):
        rows.append([f"NO.{n:04d}", day, f"1-1-{100 + n}", "王芳", "物业服务费", amount, "现金", "李娜"])
    rows.append(["合计", "", "", "", "", 630, "", ""])
    return make_office(root, {
        "收费台账.xlsx": {
            "收费明细": rows,
            "上交记录": [["日期", "上交金额", "上交人", "接收人", "缴款单号"],
                       ["2026-10-31", 100, "李娜", "财务部", "JK-01"]],
        },
    }, config='office = "测试管理处"\nopening_balance = 1000\nopening_month = "2026-09"\n')


def _detail(book: Path) -> tuple[list[str], str, float, str]:
    """The detail's receipt numbers, the statement's opening formula and value, the parameter's label."""
    wb = load_workbook(book)
    detail = wb["收支明细"]
    refs = [str(r[2]) for r in detail.iter_rows(min_row=2, values_only=True) if r[1] == "收款"]
    statement = wb["收支明细表"]
    opening = next(r for r in statement.iter_rows() if r[0].value == "期初库存现金")
    values = load_workbook(book, data_only=True)["收支明细表"]
    return refs, str(opening[1].value), float(values[opening[1].coordinate].value), str(wb["参数"]["A3"].value)


def test_the_detail_holds_the_month_with_the_opening_carried_in(tmp_path: Path) -> None:
    root = _office(tmp_path / "office")
    carried = monthly_report(root, NOV, as_of=AS_OF, history=False, pdf=False, out=tmp_path / "carried")
    refs, formula, value, label = _detail(carried.paths[0])
    assert refs == ["NO.0003", "NO.0004"]  # September and October are not repeated
    assert formula == "=OpeningBalance" and label == "月初库存现金（上月结转）"
    assert value == 1400 == carried.monthly.opening / 100  # 1000 + 300 + 200 − 100 handed over
    assert load_workbook(carried.paths[0])["参数"]["B3"].value == 1400

    full = monthly_report(root, NOV, as_of=AS_OF, history=False, pdf=False, out=tmp_path / "full", full_detail=True)
    refs, formula, value, label = _detail(full.paths[0])
    assert refs == ["NO.0001", "NO.0002", "NO.0003", "NO.0004"]
    assert formula.startswith("=OpeningBalance+SUMIFS(") and label == "起算余额" and value == 1400
    assert full.monthly.closing == carried.monthly.closing == 140000 + 5000 + 8000


# ---------------------------------------------------------------- LibreOffice never outlives the run

FAKE = """#!/bin/sh
# stands in for soffice: a launcher whose converter (soffice.bin) is left behind, parented to init
(trap '' HUP; exec sleep 300) &
echo $! > "{pids}"
wait
"""


def _fake_soffice(tmp_path: Path) -> tuple[dict[str, str], Path]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    pids = tmp_path / "converter.pid"
    exe = bin_dir / "soffice"
    exe.write_text(FAKE.format(pids=pids), encoding="utf-8")
    exe.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    return env, pids


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(")")[-1].split()[0] == "Z")


def _wait_for(pids: Path, seconds: float = 60) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if pids.exists() and pids.read_text().strip():
            return int(pids.read_text())
        time.sleep(0.1)
    raise AssertionError("the converter never started")


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="process groups are POSIX")
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_run_leaves_no_libreoffice_behind(tmp_path: Path, sig: signal.Signals) -> None:
    root = _office(tmp_path / "office")
    env, pids = _fake_soffice(tmp_path)
    run = subprocess.Popen([sys.executable, "-m", "registers", "monthly", str(root), "--month", "2026-11",
                            "--no-history"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    converter = _wait_for(pids)
    assert _alive(converter)
    run.send_signal(sig)  # Ctrl-C in the terminal, or the scheduler stopping the job
    _, err = run.communicate(timeout=30)
    assert run.returncode != 0
    assert not _alive(converter), "LibreOffice's converter outlived the run"
    assert "Traceback" not in err.decode()


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="process groups are POSIX")
def test_a_timed_out_conversion_is_ended_and_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _office(tmp_path / "office")
    env, pids = _fake_soffice(tmp_path)
    monkeypatch.setenv("PATH", env["PATH"])
    started = time.monotonic()
    result = monthly_report(root, NOV, as_of=AS_OF, history=False, pdf_timeout=2, lang="zh-Hant")
    assert time.monotonic() - started < 60
    assert not _alive(int(pids.read_text())), "LibreOffice's converter outlived the timeout"
    assert [p.suffix for p in result.paths] == [".xlsx", ".html"]  # the workbook and page are still written
    assert result.pdf_note is not None
    assert "2 秒內未完成轉換" in result.pdf_note and "Excel/WPS" in result.pdf_note  # the office's language
    assert result.warnings == [f"未生成 PDF：{result.pdf_note}"]


@pytest.mark.slow
def test_the_pdf_holds_the_printed_pages_only(tmp_path: Path) -> None:
    import shutil

    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice (soffice) and pdftotext are needed")
    root = _office(tmp_path / "office")
    result = monthly_report(root, NOV, as_of=AS_OF, history=False, full_detail=True)
    pdf = [p for p in result.paths if p.suffix == ".pdf"]
    assert pdf, result.pdf_note
    text = subprocess.run(["pdftotext", str(pdf[0]), "-"], capture_output=True, text=True, check=True).stdout
    assert "期初库存现金" in text  # the statement is printed
    assert "NO.0001" not in text and "来源单元格" not in text  # the detail and the parameters are not


def _ours(marker: str) -> list[int]:
    """The live (not zombie) processes whose command line names ``marker`` (our LibreOffice profile folder)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().decode("utf-8", "replace")
            state = (proc / "stat").read_text().split(")")[-1].split()[0]
        except OSError:
            continue
        if marker in cmdline and "UserInstallation" in cmdline and state != "Z":
            found.append(int(proc.name))
    return found


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="looks for LibreOffice's processes in /proc")
def test_a_real_libreoffice_interrupted_mid_conversion_leaves_nothing_behind(tmp_path: Path) -> None:
    import shutil

    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice (soffice or libreoffice) is not on PATH")
    root = _office(tmp_path / "office")
    tmp = tmp_path / "tmp"  # the run's temporary folders, so its LibreOffice profile is found by this path alone
    tmp.mkdir()
    marker = str(tmp)
    run = subprocess.Popen([sys.executable, "-m", "registers", "monthly", str(root), "--month", "2026-11",
                            "--no-history"], env={**os.environ, "TMPDIR": marker},
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not _ours(marker):
        assert run.poll() is None, "the run ended before LibreOffice was seen"
        assert time.monotonic() < deadline, "LibreOffice never started"
        time.sleep(0.02)
    time.sleep(0.5)  # LibreOffice starting up, its soffice.bin loading the workbook
    started = _ours(marker)
    assert run.poll() is None, "the conversion finished before it could be interrupted"
    run.send_signal(signal.SIGINT)  # Ctrl-C in the terminal
    _, err = run.communicate(timeout=60)
    assert run.returncode != 0
    assert "Traceback" not in err.decode()
    assert started and not _ours(marker), f"LibreOffice outlived the run: {_ours(marker)}"
    reports = root / "reports"
    left = [p.name for p in reports.rglob("*") if "pdf" in p.name.lower()] if reports.exists() else []
    assert left == [], f"a partial PDF was left: {left}"
    assert not any(tmp.iterdir()), "the run's temporary folder (LibreOffice's profile) was left behind"
