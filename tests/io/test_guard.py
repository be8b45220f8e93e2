"""Issue 9, items 2 and 6: a workbook that would exhaust the computer is refused before any parser sees
it — in a second, in bounded memory, by limits that are settings — and a register that a clerk has open,
or is saving while it is read, is never read as if complete."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registers.cli.main import main
from registers.core.period import Period
from registers.core.settings import ConfigError, Settings, parse_settings
from registers.excel.interface import col_letters
from registers.i18n import LANGS, render_message
from registers.io.discover import discover
from registers.io.grid import Unreadable
from registers.io.guard import check_workbook
from registers.io.guard.limits import InputLimits
from registers.office.load import load_office
from tests.support import hostile
from tests.support.helpers import write_xlsx
from tests.support.paths import REPO
from tests.support.reader_proof import CHANGING_MODES, RECEIPT_HEADERS, changing_case

ROOT = REPO
NOV = Period.month(2026, 11)
AS_OF = datetime(2026, 11, 30, 23, 59)
RECEIPT = ["NO.1", datetime(2026, 11, 3, 9), "3-2-1501", "物业服务费", 100, "现金", "王芳"]


def _unreadable(office_dir: Path, settings: Settings | None = None) -> list[str]:
    office = load_office(office_dir, settings or Settings(), NOV, AS_OF)
    return [f.args["reason"].split("|")[0] for f in office.read_findings if f.rule == "input.unreadable"]


# ---------------------------------------------------------------------------------------- resource limits

_CHILD = textwrap.dedent("""
    import json, resource, sys, time
    from datetime import datetime
    from pathlib import Path
    limit = 3 << 30  # a guard that let a sample through would hit this, not the machine
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    sys.path.insert(0, sys.argv[1])
    from registers.core.settings import Settings
    from registers.office.load import load_office
    from registers.core.period import Period
    from tests.support.reader_proof import files_case
    from tests.support.helpers import write_xlsx
    nov, as_of = Period.month(2026, 11), datetime(2026, 11, 30, 23, 59)
    warm = Path(sys.argv[2]) / "warm-up"
    write_xlsx(warm / "a.xlsx", {"收费明细": [["收据号", "收款日期"], ["1", "2026-11-03"]]})
    load_office(warm, Settings(), nov, as_of)  # every lazy import, before measuring
    rss = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    baseline, out = rss(), {}
    for d in sorted(Path(sys.argv[2]).iterdir()):
        if d.name == "warm-up":
            continue
        t = time.perf_counter()
        office = load_office(d, Settings(), nov, as_of)
        seconds = time.perf_counter() - t
        out[d.name] = {"seconds": seconds, "reasons": [f.args["reason"].split("|")[0] for f in office.read_findings
                                                         if f.rule == "input.unreadable"]}
    out["_growth_mb"] = rss() - baseline
    print(json.dumps(out))
""")


@pytest.mark.slow
def test_hostile_workbooks_are_refused_within_a_second_in_bounded_memory(tmp_path: Path) -> None:
    """The calamine/fastexcel DoS samples and the zip bombs of :mod:`tests.support.hostile`, each loaded in a child
    process under a 3 GB address-space limit (unguarded, most abort asking for 100 GB to 18 PB)."""
    for name, (build, file_name, _) in hostile.HOSTILE.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / file_name).write_bytes(build())
    r = subprocess.run([sys.executable, "-c", _CHILD, str(ROOT), str(tmp_path)], capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    out = json.loads(r.stdout.strip().splitlines()[-1])
    for name, (_, _, reason) in hostile.HOSTILE.items():
        assert out[name]["reasons"] == [reason], name
        assert out[name]["seconds"] < 1.0, (name, out[name]["seconds"])
    assert out["_growth_mb"] < 200, out["_growth_mb"]


def test_formatted_empty_cells_far_away_are_not_refused(tmp_path: Path) -> None:
    """Gnumeric writes styled empty cells out to ZZ1048576 (calamine's issue_174.xlsx); the readers skip
    empty cells, so the sheet is small and must be read."""
    sheet = hostile.sheet_xml(["A1"]).replace("</sheetData>", '<row r="1048576"><c r="XFD1048576" s="0"/></row>'
                                                               "</sheetData>")
    check_workbook(hostile.xlsx(sheet, ), InputLimits())


def test_the_limits_are_settings(tmp_path: Path) -> None:
    write_xlsx(tmp_path / "o" / "收费.xlsx", {"收费明细": [RECEIPT_HEADERS, RECEIPT]})
    assert _unreadable(tmp_path / "o") == []
    assert _unreadable(tmp_path / "o", Settings(max_cells=10)) == ["too-many-cells"]
    # a 20 MB image of zeros packs a thousand to one: a zip bomb by default, allowed when the office says so
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "收费.xlsx").write_bytes(hostile.zeros_bomb(20))
    assert _unreadable(tmp_path / "p") == ["zip-bomb"]
    assert _unreadable(tmp_path / "p", Settings(max_compression_ratio=2000)) == []
    assert _unreadable(tmp_path / "p", Settings(max_compression_ratio=2000, max_unzipped_mb=10)) == ["zip-bomb"]


def test_limit_settings_are_validated_and_documented() -> None:
    s = parse_settings({"max_unzipped_mb": 500, "max_compression_ratio": 50})
    assert (s.max_unzipped_mb, s.max_compression_ratio) == (500, 50)
    assert InputLimits.of(s).max_unzipped_bytes == 500 << 20
    for bad in ({"max_unzipped_mb": 0}, {"max_compression_ratio": "100"}, {"max_cells": -1}, {"max_file_mb": 1.5}):
        with pytest.raises(ConfigError, match=next(iter(bad))):
            parse_settings(bad)
    template = (ROOT / "templates" / "registers.toml").read_text(encoding="utf-8")
    for key in ("max_file_mb", "max_cells", "max_unzipped_mb", "max_compression_ratio"):
        assert f"# {key} = " in template, key


def test_refusals_read_in_every_language(tmp_path: Path) -> None:
    (tmp_path / "o").mkdir()
    (tmp_path / "o" / "a.xlsx").write_bytes(hostile.corner_cells())
    (tmp_path / "o" / "b.xlsx").write_bytes(hostile.zeros_bomb(20))
    office = load_office(tmp_path / "o", Settings(), NOV, AS_OF)
    found = [f for f in office.read_findings if f.rule == "input.unreadable"]
    assert len(found) == 2
    for f in found:
        for lang in LANGS:
            text = render_message(f, lang)
            assert "{" not in text and ("max_cells" in text or "max_compression_ratio" in text), text


def test_a_corrupt_zip_part_is_refused_not_parsed() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/worksheets/sheet1.xml", "<worksheet/>")
    data = bytearray(buf.getvalue())
    data[data.find(b"<worksheet")] ^= 0xFF  # stored part: its CRC no longer matches
    with pytest.raises(Unreadable) as exc:
        check_workbook(bytes(data), InputLimits())
    assert exc.value.reason == "corrupt"


# --------------------------------------------------------------------------------- the clerk has it open


@pytest.mark.parametrize("mode", CHANGING_MODES)
def test_a_register_saved_while_it_is_read(mode: str, tmp_path: Path) -> None:
    """Changed mid-read: read again; still changing after the retries: ``changed``, nothing of it read."""
    ok, what = changing_case(mode, tmp_path / "office")
    assert ok, what


def test_changed_is_a_clear_finding(tmp_path: Path) -> None:
    ok, _ = changing_case("always", tmp_path / "office")
    assert ok
    office = load_office(tmp_path / "office", Settings(), NOV, AS_OF)  # tried again, now it holds still
    assert _unreadable(tmp_path / "office") == [] and len(office.frame("fee_ledger.receipts")) == 3
    from registers.core.inputs import UNREADABLE

    f = UNREADABLE.finding(register=None, file="收费台账.xlsx", sheet="", args={"reason": "changed|3×"})
    assert "try again" in render_message(f, "en") and "重试" in render_message(f, "zh-Hans")
    assert "重試" in render_message(f, "zh-Hant")


def test_a_register_open_in_excel_is_read_with_a_visible_note(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "o"
    write_xlsx(root / "收费台账.xlsx", {"收费明细": [RECEIPT_HEADERS, RECEIPT]})
    write_xlsx(root / "钥匙.xlsx", {"Sheet1": [["x"]]})
    (root / "~$收费台账.xlsx").write_bytes(b"\x05clerk" + b"\x00" * 50)  # Excel's owner file
    (root / ".~lock.钥匙.xlsx#").write_text("clerk,host,01.12.2026 09:30,", encoding="utf-8")  # LibreOffice's
    assert [(w.rel, w.lock) for w in discover(root)] == [("收费台账.xlsx", "~$收费台账.xlsx"),
                                                         ("钥匙.xlsx", ".~lock.钥匙.xlsx#")]
    office = load_office(root, Settings(), NOV, AS_OF)
    assert office.open_elsewhere == [("收费台账.xlsx", "~$收费台账.xlsx"), ("钥匙.xlsx", ".~lock.钥匙.xlsx#")]
    assert len(office.frame("fee_ledger.receipts")) == 1  # the saved version is read, and said so

    main(["check", str(root), "--month", "2026-11", "--exit-zero", "--no-history", "--lang", "en"])
    out = capsys.readouterr().out
    assert "收费台账.xlsx has a lock file (~$收费台账.xlsx)" in out and "probably open in Excel" in out
    main(["check", str(root), "--month", "2026-11", "--exit-zero", "--no-history", "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert [n["file"] for n in doc["open_elsewhere"]] == ["收费台账.xlsx", "钥匙.xlsx"]
    assert "最后一次保存" in doc["open_elsewhere"][0]["message"]


# ------------------------------------------------------------------ regressions: what the fuzzers found


def _small_xlsx() -> bytes:
    return hostile.xlsx(hostile.sheet_xml(["A1", "B2"]))


def _small_xls() -> bytes:
    return hostile._xls_with_cell_at(3, 3)


def _guard_outcome(data: bytes) -> str:
    try:
        check_workbook(data, InputLimits())
    except Unreadable as exc:
        return exc.reason
    return "passed"


def test_a_zip_from_a_future_version_is_corrupt_not_an_exception() -> None:
    """atheris: zipfile raises NotImplementedError for "zip file version 23.5" (it escaped the check)."""
    data = bytearray(_small_xlsx())
    central = data.find(b"PK\x01\x02")
    data[central + 6:central + 8] = (235).to_bytes(2, "little")  # version needed to extract
    assert _guard_outcome(bytes(data)) == "corrupt"


def test_a_broken_deflate_stream_is_corrupt_not_an_exception() -> None:
    """prove_reader: zlib.error ("invalid distance too far back") escaped while a part was inflated."""
    data = bytearray(_small_xlsx())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode())
    for k in range(start, start + info.compress_size, 3):
        data[k] ^= 0x5A
    assert _guard_outcome(bytes(data)) == "corrupt"


def test_parts_are_inflated_as_zipfile_inflates_them(tmp_path: Path) -> None:
    """The guard inflates deflated and stored parts itself, in large blocks (the GIL released for each):
    every part of the demo office's workbooks comes out as zipfile gives it."""
    from registers.demo.office import write_demo
    from registers.io.guard.inflate import _stored_bytes, inflate, open_archive

    write_demo(tmp_path / "o")
    parts = 0
    for path in sorted((tmp_path / "o").rglob("*.xlsx")):
        if not zipfile.is_zipfile(path):
            continue  # the demo's deliberately broken workbook
        zf = open_archive(path.read_bytes())
        for info in zf.infolist():
            assert _stored_bytes(zf, info) is not None  # inflated by the guard, not by zipfile
            assert b"".join(inflate(zf, info, [1 << 30])) == zf.read(info), (path.name, info.filename)
            parts += 1
    assert parts > 50


@pytest.mark.parametrize("change", ["crc", "shorter", "longer", "cut"])
def test_a_deflated_part_that_does_not_match_its_directory_entry_is_corrupt(change: str) -> None:
    """Its CRC-32 or its size as the directory declares it, or its compressed bytes cut short."""
    data = bytearray(_small_xlsx())
    zf = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = zf.getinfo("xl/worksheets/sheet1.xml")
    assert info.compress_type == zipfile.ZIP_DEFLATED
    central = data.find(b"PK\x01\x02")
    while data[central + 46:central + 46 + len(info.filename)] != info.filename.encode():
        central = data.find(b"PK\x01\x02", central + 4)
    if change == "crc":
        data[central + 16] ^= 0x01
    elif change in ("shorter", "longer"):
        size = info.file_size + (-1 if change == "shorter" else 1)
        data[central + 24:central + 28] = size.to_bytes(4, "little")
    else:
        data[central + 20:central + 24] = (info.compress_size // 2).to_bytes(4, "little")
    assert _guard_outcome(bytes(data)) == "corrupt"


def test_every_truncation_and_byte_flip_of_small_workbooks_ends_in_a_verdict() -> None:
    """prove_reader: a .xls cut inside a FAT sector raised struct.error.  Every cut and every flipped byte
    (sampled) of a small .xlsx and .xls must pass the guard or be refused — never raise anything else."""
    for data in (_small_xlsx(), _small_xls()):
        for cut in range(0, len(data), 97):
            assert _guard_outcome(data[:cut]) in ("passed", "corrupt", "too-many-cells", "zip-bomb")
        for pos in range(0, len(data), 13):
            flipped = data[:pos] + bytes([data[pos] ^ 0xFF]) + data[pos + 1:]
            assert _guard_outcome(flipped) in ("passed", "corrupt", "too-many-cells", "zip-bomb")


def test_a_rust_panic_while_reading_a_sheet_is_one_unreadable_finding(tmp_path: Path) -> None:
    """Found reading calamine's xlsb reader while fuzzing: a cell naming a shared string that does not
    exist makes calamine panic inside ``get_sheet_by_name``; pyo3 raises that as ``PanicException``, a
    ``BaseException``, which went past ``except Exception`` and out of the check."""
    (tmp_path / "o").mkdir()
    (tmp_path / "o" / "收费台账.xlsb").write_bytes(hostile.xlsb_string_index())
    assert _unreadable(tmp_path / "o") == ["corrupt"]


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(cells=st.lists(st.tuples(st.integers(1, 1_048_576), st.integers(1, 16_384), st.sampled_from(
    ['r="{}"', "r='{}'", 'r = "{}"', 'r="{}" s="1"'])), min_size=1, max_size=12),
    limit=st.sampled_from([100, 10_000, 1_000_000, 20_000_000]))
def test_the_guard_refuses_exactly_the_sheets_over_the_limit(cells: list[tuple[int, int, str]], limit: int) -> None:
    """Cells anywhere, in any order and attribute style: refused if and only if the grid from A1 to the
    furthest row and column is over ``max_cells`` (the quick pass may only say yes when it is sure)."""
    body = "".join(f"<row><c {form.format(col_letters(c) + str(r))}><v>1</v></c></row>" for r, c, form in cells)
    sheet = hostile.sheet_xml([]).replace("<sheetData></sheetData>", f"<sheetData>{body}</sheetData>")
    extent = max(r for r, _, _ in cells) * max(c for _, c, _ in cells)
    try:
        check_workbook(hostile.xlsx(sheet), InputLimits(max_cells=limit))
        refused = False
    except Unreadable as exc:
        assert exc.reason == "too-many-cells"
        refused = True
    assert refused == (extent > limit), (extent, limit)


def test_a_sheet_that_lost_its_closing_brackets_is_scanned_in_linear_time() -> None:
    """atheris (a hang, over 30 s): a mutated 1.5 MB sheet whose cells had lost their ">" made each
    reference's look-ahead scan the rest of the megabyte — quadratic in the exact pass."""
    import time

    body = "<c><v>1</v></c>" + "".join(f'<c r="A{i}" s="0"' for i in range(1, 80_000))  # no ">" after them
    sheet = hostile.sheet_xml([]).replace("<sheetData></sheetData>", f"<sheetData><row>{body}</row></sheetData>")
    started = time.perf_counter()
    assert _guard_outcome(hostile.xlsx(sheet)) in ("passed", "corrupt", "too-many-cells")
    assert time.perf_counter() - started < 2.0


@settings(max_examples=300, deadline=None)
@given(n=st.integers(1, 10**9), m=st.integers(0, 10**10))
def test_the_row_bound_pattern_matches_exactly_the_numbers_from_n(n: int, m: int) -> None:
    import re

    from registers.io.guard.xlsx import at_least

    assert bool(re.fullmatch(at_least(n), str(m))) == (m >= n)


@pytest.mark.slow
def test_ordinary_registers_pass_the_quick_scan_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The exact (slow) pass is for odd sheets only: the demo office and a 40,000-row sheet as Excel writes
    them are cleared by the first pass, and the merged ranges it returns are the sheets' own."""
    from registers.demo.office import write_demo
    from registers.io.columnar import merged_ranges, sheet_parts
    from registers.io.guard import xlsx

    def no_exact_pass(*args: object) -> None:
        raise AssertionError("the exact pass ran")

    write_demo(tmp_path / "o")
    rows = [["收据号", "收款日期", "金额"]] + [[f"NO.{i:06d}", "2026-11-03", 1.5] for i in range(40_000)]
    write_xlsx(tmp_path / "o" / "big.xlsx", {"2026.11": rows})
    monkeypatch.setattr(xlsx, "_exact_pass", no_exact_pass)
    checked = 0
    for wf in discover(tmp_path / "o"):
        data = wf.path.read_bytes()
        if not data.startswith(b"PK"):
            continue
        seen = check_workbook(data, InputLimits())
        parts = sheet_parts(data)
        assert {p.part: p.merged for p in parts.values()} == {part: seen[part] for part in
                                                            (p.part for p in parts.values())}
        assert merged_ranges(data) == {name: p.merged for name, p in sheet_parts(data, seen).items()}
        checked += 1
    assert checked >= 8
