"""Reports are files like any other the user writes: their mode follows the umask (issue 23)."""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from registers.cli.main import main
from registers.core.output import file_mode, write_atomically


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0o022)
    os.umask(old)
    yield
    os.umask(old)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_a_written_file_takes_the_umask_mode(tmp_path: Path, umask: None, mask: int, mode: int) -> None:
    os.umask(mask)
    assert file_mode() == mode
    target = write_atomically(tmp_path / "r.txt", lambda p: p.write_text("x", encoding="utf-8"))
    assert stat.S_IMODE(target.stat().st_mode) == mode


@pytest.mark.slow
def test_every_report_of_the_demo_is_readable_by_others_under_umask_022(
        demo_folder: Path, tmp_path: Path, umask: None, capsys: pytest.CaptureFixture[str]) -> None:
    """Cron writes the reports as one user; the manager reads them as another: 0644 under umask 022."""
    office = tmp_path / "office"
    shutil.copytree(demo_folder, office)
    os.umask(0o022)
    main(["check", str(office), "--month", "2026-11", "--as-of", "2026-11-30 23:59", "--xlsx", "--no-history"])
    main(["close-day", str(office), "--date", "2026-11-27", "--no-history"])
    main(["monthly", str(office), "--month", "2026-11", "--no-pdf", "--no-history"])
    capsys.readouterr()
    files = [p for p in (office / "reports").rglob("*") if p.is_file()]
    assert len(files) >= 5
    modes = {str(p.relative_to(office)): oct(stat.S_IMODE(p.stat().st_mode)) for p in files}
    assert set(modes.values()) == {"0o644"}, modes
