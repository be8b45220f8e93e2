"""What a workbook we write looks like on paper: LibreOffice prints it to PDF, pdftotext reads each page.

Tests that use it are slow and skip, saying why, where LibreOffice or pdftotext is not installed.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")


def need_paper_tools() -> None:
    if SOFFICE is None or PDFTOTEXT is None:
        pytest.skip("LibreOffice (soffice) and pdftotext (poppler-utils) are needed to print a workbook")


def printed_pages(book: Path, work: Path) -> list[str]:
    """The text of each page LibreOffice prints of ``book`` (its own print setup: paper, fit, repeated rows)."""
    need_paper_tools()
    assert SOFFICE is not None and PDFTOTEXT is not None
    out = work / "pdf"
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run([SOFFICE, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(out), str(book)],
                   check=True, capture_output=True, timeout=240)
    pdf = out / f"{book.stem}.pdf"
    assert pdf.is_file(), f"LibreOffice printed no {pdf.name}"
    text = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True, timeout=120).stdout
    return [page for page in text.split("\f") if page.strip()]
