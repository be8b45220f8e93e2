"""The README's pictures of the outputs (scripts/make_pictures.py) are the ones the script makes, and current.

Remake them with one command after changing what the terminal, the day close or the monthly statement shows:
``python scripts/make_pictures.py``.
"""

from __future__ import annotations

import difflib
import importlib.util
import itertools
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.support.paths import REPO

REMAKE = "remake the pictures with `python scripts/make_pictures.py` and commit docs/images/"
MAX_BYTES = 300_000


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_pictures", REPO / "scripts" / "make_pictures.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


pictures = _script()


def test_readme_shows_exactly_the_pictures_the_script_makes_and_each_is_in_docs_images() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shown = re.findall(r"!\[[^\]]*\]\(docs/images/([^)\s]+)\)", readme)
    assert sorted(shown) == sorted(pictures.PICTURES)
    for name in pictures.PICTURES:
        path = REPO / "docs" / "images" / name
        assert path.is_file(), f"docs/images/{name} is missing: {REMAKE}"
        assert path.stat().st_size < MAX_BYTES, f"docs/images/{name} is {path.stat().st_size} bytes"


def test_terminal_capture_keeps_chinese_two_cells_wide_so_the_borders_line_up() -> None:
    import html

    output = "│ 错误 │ fee.x │\n│ 警告 │ key.y │\n"
    svg = pictures.terminal_svg(output, columns=40)
    lines: dict[str, list[tuple[float, float, str]]] = {}
    for x, y, length, text in re.findall(
            r'<text\b[^>]*\bx="([\d.]+)" y="([\d.]+)"[^>]*textLength="([\d.]+)"[^>]*>([^<]*)</text>', svg):
        if float(length) > 0:  # rich ends each line with an empty run at the right edge
            lines.setdefault(y, []).append((float(x), float(length), html.unescape(text).replace("\xa0", " ")))
    rows = [sorted(runs) for runs in lines.values() if "".join(t for *_, t in sorted(runs)).startswith("│ ")]
    assert len(rows) == 2
    cell = rows[0][0][1] / len(rows[0][0][2])  # the first piece, "│ ", is one cell a character
    for row in rows:
        # each piece starts where the one before ends, and the row is 16 cells wide as a terminal shows it
        # (错误 and 警告 take two cells a character): the borders of both rows line up
        for (x0, w0, _), (x1, _, _) in itertools.pairwise(row):
            assert x1 == pytest.approx(x0 + w0)
        assert row[-1][0] + row[-1][1] - row[0][0] == pytest.approx(16 * cell)
        assert [round(w / cell) for _, w, t in row if t in ("错误", "警告")] == [4]
    assert pictures.svg_lines(svg)[-2:] == ["│ 错误 │ fee.x │", "│ 警告 │ key.y │"]


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pictures made afresh by the script into a temporary folder (docs/images untouched)."""
    if sys.platform == "win32":
        pytest.skip("the terminal capture runs check in a pseudo-terminal: Linux and macOS only")
    out = tmp_path_factory.mktemp("pictures")
    done = subprocess.run([sys.executable, str(REPO / "scripts" / "make_pictures.py"), "--out", str(out)],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode in (0, 1), done.stderr  # 1: a tool is missing, its pictures not made (said why)
    return out


@pytest.mark.slow
def test_terminal_capture_in_docs_is_what_check_prints_now(fresh: Path) -> None:
    committed = pictures.svg_lines((REPO / "docs" / "images" / pictures.TERMINAL).read_text(encoding="utf-8"))
    now = pictures.svg_lines((fresh / pictures.TERMINAL).read_text(encoding="utf-8"))
    assert len(now) > 10 and any("registers check" in line for line in now)
    diff = "\n".join(difflib.unified_diff(committed, now, "docs/images/" + pictures.TERMINAL, "fresh", lineterm=""))
    assert committed == now, f"the terminal capture is out of date: {REMAKE}\n{diff[:3000]}"


@pytest.mark.slow
@pytest.mark.parametrize("name", [pictures.DAY_CLOSE, pictures.MONTHLY, pictures.MONTHLY_PDF])
def test_raster_pictures_in_docs_have_the_fresh_ones_dimensions(fresh: Path, name: str) -> None:
    made = fresh / name
    if not made.is_file():
        tool = "LibreOffice and pdftoppm" if name == pictures.MONTHLY_PDF else "Chromium"
        pytest.skip(f"{tool} not installed: {name} not made here")
    # fonts differ between machines: the pixels cannot be compared, the picture's size can
    committed = REPO / "docs" / "images" / name
    assert pictures.png_size(committed) == pictures.png_size(made), f"{name} is out of date: {REMAKE}"
    assert made.stat().st_size < MAX_BYTES
