"""What the reader promises, checked on generated and mutated input (issue 9, items 1, 2 and 6).

* **Cell values** — :func:`cells_case` writes arbitrary values (text with control characters,
  huge numbers, NaN and infinities, dates at the ends of the calendar, booleans, empties) into every
  column of one register and runs the read stage and every rule: nothing may raise, no rule may
  crash, and every value its column's reader refuses must be an ``input.bad-value`` finding at its
  cell (and none may vanish silently).
* **Workbook bytes** — :func:`bytes_case` mutates a real workbook of ``../shared/real-workbooks``
  (bit flips, truncation, inserted and deleted runs, boundary integers, edits inside one zip part,
  and XML edits that move cells to the far corner or inflate counts) and runs the whole check on
  it: no exception may escape, and a workbook that cannot be read must be exactly one
  ``input.unreadable`` finding.
* **Hostile workbooks** — :mod:`tests.support.hostile`: refused within a second, memory bounded.
* **A file being saved** — :func:`changing_cases`: a register that changes while it is read is
  read again and, if it keeps changing, reported as ``changed`` — never read as if complete.

Every generator draws its choices from a ``pick(n) -> 0..n-1`` function, so the same code is driven
by hypothesis (``tests/io/test_fuzz_reader.py``), by a seeded ``random.Random``
(``scripts/prove_reader.py``) and by libFuzzer's data (``fuzz/fuzz_reader.py``).
"""

from __future__ import annotations

import io
import json
import math
import re
import struct
import tempfile
import zipfile
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from registers.check import Report, run_rules, selected_rules
from registers.core.period import Period
from registers.core.settings import Settings
from registers.core.spec import SHEET_KINDS, SheetKind
from registers.core.values.text import BAD, Context, is_nothing
from registers.core.values.units import join_unit, unit_parts_of
from registers.i18n import LANGS, render_message
from registers.io.grid import Grid
from registers.office.load import Office, load_office
from tests.support.paths import REPO

Pick = Callable[[int], int]

ROOT = REPO
REAL_WORKBOOKS = ROOT.parent / "shared" / "real-workbooks"
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".xlsb")
NOV = Period.month(2026, 11)
AS_OF = datetime(2026, 11, 30, 23, 59)

# ------------------------------------------------------------------------------------------- cell values

SPECIAL_TEXT = (
    "", " ", "\t\n", "合计", "小计", "制表人：", "无", "/", "-", "—", "？", "待定", "n/a",
    "2026-13-45", "2026/11/3", "2026.11.3", "2026年11月3日", "11月3日", "5.16", "20261103", "14:30", "25:61",
    "2026-11-03 14:30", "2026-02-29", "0000-00-00", "9999-12-31 23:59:59", "¥1,234.00", "￥-0.01", "(120.00)",
    "1e309", "-0", "NaN", "inf", "-inf", "1,2,3", "７００７.３５（手写）", "2961.8999999999996",
    "13800138000", "138 0013 8000", "0552-1234567", "张三13800138000", "13800138000.0",
    "3-2-1501", "3栋2单元1502", "是", "否", "√", "×", "TRUE", "yes", "现金", "微信", "Cash",
    "2026.10-2026.12", "3个月", "NO.0001", "=SUM(A1:A9)", "=cmd|' /C calc'!A0", "${jndi:ldap://x}",
    "<script>alert(1)</script>", "\x1b[31mred", "a\x00b", "\u202eevil", "\ufeff", "１２３", "㎡", "[bold]x[/]",
    "{field}", "%s%n", "x" * 5000, "9" * 400, "1" + "0" * 30, "-" * 100,
)
SPECIAL_NUMBERS = (
    0, -1, 1, 2**31, 2**53 + 1, 2**63 - 1, -(2**63), 10**30, -(10**30), 1.5, -0.0, math.nan, math.inf, -math.inf,
    1e308, -1e308, 5e-324, 45000.5, 46329.375, 2958465.99, 2958466.0, 60.0, -1e-9, 1e-320, 0.1 + 0.2,
    13800138000, 13800138000.0, 20261103, 5.16,
)
SPECIAL_MOMENTS = (
    datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59, 59, 999999), datetime(1899, 12, 30), datetime(1900, 2, 28),
    datetime(1904, 1, 1), datetime(2026, 11, 3, 9, 30), datetime(2026, 11, 30, 23, 59, 59), datetime(2026, 12, 1),
    date(1, 1, 1), date(9999, 12, 31), date(2026, 11, 15), time(0, 0), time(23, 59, 59, 999999), time(12, 30),
    timedelta(0), timedelta(days=999_999_999), timedelta(microseconds=1), timedelta(days=-1), timedelta(hours=36),
)
# Characters a clerk's cell may hold, weighted towards the awkward: controls, bidi marks, CJK, full-width,
# combining marks and astral-plane symbols (no lone surrogates: no reader can produce them).
CHAR_RANGES = (
    (0x20, 0x7E), (0x00, 0x1F), (0x7F, 0x9F), (0x4E00, 0x9FFF), (0xFF01, 0xFF5E), (0x0300, 0x036F),
    (0x2000, 0x206F), (0x3000, 0x303F), (0x1F300, 0x1F6FF), (0xE000, 0xE0FF), (0x10000, 0x1FFFF),
)


def text_value(pick: Pick) -> str:
    out = []
    for _ in range(pick(24)):
        lo, hi = CHAR_RANGES[pick(len(CHAR_RANGES))]
        out.append(chr(lo + pick(hi - lo + 1)))
    return "".join(out)


def cell_value(pick: Pick) -> Any:
    """One value as a cell reader may hand it over (or a little beyond: Python ints past 64 bits)."""
    k = pick(12)
    if k == 0:
        return None
    if k in (1, 2):
        return SPECIAL_TEXT[pick(len(SPECIAL_TEXT))]
    if k == 3:
        return text_value(pick)
    if k == 4:
        return SPECIAL_NUMBERS[pick(len(SPECIAL_NUMBERS))]
    if k == 5:
        return pick(1 << 16) - (1 << 15) if pick(2) else pick(1 << 62) - (1 << 61)
    if k == 6:
        bits = pick(1 << 32) << 32 | pick(1 << 32)
        return struct.unpack("<d", struct.pack("<Q", bits))[0]  # any double: NaNs, subnormals, infinities
    if k == 7:
        return SPECIAL_MOMENTS[pick(len(SPECIAL_MOMENTS))]
    if k == 8:
        return datetime(1 + pick(9999), 1 + pick(12), 1 + pick(28), pick(24), pick(60), pick(60))
    if k == 9:
        return bool(pick(2))
    if k == 10:
        return round((pick(2_000_000) - 1_000_000) / 100, 2)  # an amount
    return SPECIAL_TEXT[pick(len(SPECIAL_TEXT))] + text_value(pick)


def register_grid(pick: Pick) -> tuple[SheetKind, Grid]:
    """One register sheet: its header row (every column, labels as the blank template has them) and
    one to six rows of arbitrary values."""
    kind = SHEET_KINDS[pick(len(SHEET_KINDS))]
    header: list[Any] = [f.label for f in kind.fields]
    rows = [header]
    for _ in range(1 + pick(6)):
        rows.append([cell_value(pick) for _ in kind.fields])
    return kind, Grid(sheet="S", rows=rows)


def _reader_oracle(kind: SheetKind) -> dict[str, Callable[[Any, Context], Any]]:
    from registers.io.normalise import _reader_for

    return {f.name: _reader_for(f) for f in kind.fields}


# Kinds whose reader may refuse a value (return BAD), and whose frame column is the field's own.
_CHECKED_KINDS = {"date", "datetime", "money", "number", "int", "phone", "bool", "unit", "enum"}


def cells_case(pick: Pick) -> list[str]:
    """Problems found with one generated register (empty when the promise holds)."""
    kind, grid = register_grid(pick)
    rows = [list(r) for r in grid.rows]  # the reader may fill merged cells in place; keep the original
    settings = Settings()
    office = load_office(_empty_dir(), settings, NOV, AS_OF, workbooks=[("fuzz.xlsx", [grid])])
    problems = _cell_problems(office, kind, rows)
    findings = run_rules(office, selected_rules(settings))  # every rule, as `check` runs them
    problems += report_problems(office, findings, {"fuzz.xlsx"})
    json.dumps(Report(office, findings).to_json("en"), ensure_ascii=False)
    return problems


def _empty_dir() -> Path:
    """An empty office folder for in-memory registers (rules that look for files there find none)."""
    global _EMPTY
    if _EMPTY is None or any(_EMPTY.iterdir()):
        _EMPTY = Path(tempfile.mkdtemp(prefix="empty-office-"))
    return _EMPTY


_EMPTY: Path | None = None


def _cell_problems(office: Office, kind: SheetKind, rows: list[list[Any]]) -> list[str]:
    src = next((s for s in office.sources if s.sheet == "S"), None)
    if src is None or src.kind != kind.key:
        return [f"{kind.key}: the sheet was not recognised by its header ({src.kind if src else 'nothing'})"]
    frame = office.frame(kind.key)
    bad_at = {(f.row, f.column) for f in office.read_findings if f.rule == "input.bad-value"}
    readers = _reader_oracle(kind)
    ctx = Context(NOV.end.year, None)
    problems = []
    for record in frame.to_dict("records"):
        r = int(record["_row"])
        raw_row = rows[r - 1]
        for i, f in enumerate(kind.fields):
            if f.kind not in _CHECKED_KINDS:
                continue
            raw = raw_row[i] if i < len(raw_row) else None
            if f.kind == "unit" and unit_parts_of(kind, src.columns) is not None:  # 楼栋 | 单元 | 房号: one unit
                part = {p.name: raw_row[j] if j < len(raw_row) else None for j, p in enumerate(kind.fields)
                        if p.part_of == f.name and p.name in src.columns}
                raw = join_unit(part.get("building"), part.get("entrance"), raw)
            letter = src.columns.get(f.name)
            if raw is None or letter is None:
                continue
            parsed = readers[f.name](raw, ctx)
            reported = (r, letter) in bad_at
            value = record.get(f.name)
            if parsed is BAD and not reported:
                problems.append(f"{kind.key}.{f.name} row {r}: {raw!r} is unreadable but no finding")
            if parsed is not BAD and reported:
                problems.append(f"{kind.key}.{f.name} row {r}: {raw!r} reads as {parsed!r} yet was reported")
            if parsed is not BAD and parsed is not None and _missing(value) and not is_nothing(raw):
                problems.append(f"{kind.key}.{f.name} row {r}: {raw!r} reads as {parsed!r} but the frame lost it")
    return problems


def _missing(v: Any) -> bool:
    if v is None:
        return True
    try:
        return bool(v != v)  # NaN, NaT
    except (TypeError, ValueError):
        return False


def report_problems(office: Office, findings: list[Any], files: set[str]) -> list[str]:
    """The promises every check keeps whatever it read: one ``input.unreadable`` per unreadable file
    and nothing read from it, no rule crashed, every message renders, the JSON serialises."""
    problems = []
    unreadable = Counter(f.file for f in office.read_findings if f.rule == "input.unreadable")
    for name in files:
        if unreadable[name] > 1:
            problems.append(f"{name}: {unreadable[name]} input.unreadable findings")
        if unreadable[name] and any(s.file == name for s in office.sources):
            problems.append(f"{name}: unreadable, yet sheets were read from it")
    for f in findings:
        if "crash" in f.args:
            problems.append(f"rule {f.rule} crashed: {f.args['crash']}")
    for lang in LANGS:
        for f in findings:
            render_message(f, lang)
    return problems


# ---------------------------------------------------------------------------------------- workbook bytes


def corpus(max_bytes: int = 700_000) -> list[Path]:
    """The shared real workbooks small enough to mutate quickly."""
    if not REAL_WORKBOOKS.is_dir():
        return []
    return sorted(p for p in REAL_WORKBOOKS.iterdir()
                  if p.suffix.lower() in SUFFIXES and 0 < p.stat().st_size <= max_bytes)


_INTERESTING = (0, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xFFFFFFFE)
_NUMBER = re.compile(rb"[0-9]+")
_REF = re.compile(rb'r="[A-Z]+[0-9]+"')


def mutate_bytes(data: bytes, pick: Pick) -> bytes:
    """One to four blind byte-level edits."""
    buf = bytearray(data)
    for _ in range(1 + pick(4)):
        n = len(buf)
        op = pick(7)
        if n == 0:
            buf += bytes([pick(256)])
            continue
        pos = pick(n)
        if op == 0:
            buf[pos] ^= 1 << pick(8)
        elif op == 1:
            buf[pos] = pick(256)
        elif op == 2:
            del buf[pick(n):]
        elif op == 3:
            buf[pos:pos] = bytes(pick(256) for _ in range(1 + pick(32)))
        elif op == 4:
            del buf[pos:pos + 1 + pick(512)]
        elif op == 5:
            size = 1 + pick(min(n, 4096))
            start = pick(n)
            buf[pos:pos] = buf[start:start + size]
        else:
            width = (2, 4)[pick(2)]
            value = _INTERESTING[pick(len(_INTERESTING))] & ((1 << (8 * width)) - 1)
            buf[pos:pos + width] = value.to_bytes(width, "little")
    return bytes(buf)


def mutate_xml(text: bytes, pick: Pick) -> bytes:
    """Edits that mean something to a spreadsheet reader: far cells, huge counts, broken tags."""
    op = pick(6)
    if op == 0:  # a cell moves to the far corner (or further)
        refs = list(_REF.finditer(text))
        if refs:
            m = refs[pick(len(refs))]
            far = (b'r="XFD1048576"', b'r="A1048576"', b'r="XFD1"', b'r="ZZZZ99999999"', b'r="A0"')[pick(5)]
            return text[:m.start()] + far + text[m.end():]
    if op == 1:  # a number becomes enormous, zero or negative
        nums = list(_NUMBER.finditer(text))
        if nums:
            m = nums[pick(len(nums))]
            new = (b"4294967295", b"0", b"-1", b"99999999999999999999", b"1048577")[pick(5)]
            return text[:m.start()] + new + text[m.end():]
    if op == 2 and text:  # cut mid-tag
        return text[:pick(len(text))]
    if op == 3 and text:  # an element repeated
        start = text.find(b"<", pick(len(text)))
        end = text.find(b">", start)
        if 0 <= start < end:
            return text[:end + 1] + text[start:end + 1] * (1 + pick(200)) + text[end + 1:]
    if op == 4 and text:  # an attribute quote or bracket lost
        pos = text.find((b'"', b">", b"<")[pick(3)], pick(len(text)))
        if pos >= 0:
            return text[:pos] + text[pos + 1:]
    return mutate_bytes(text, pick)


def mutate_zip(data: bytes, pick: Pick) -> bytes | None:
    """An edit inside one part of a zip workbook, the package re-zipped around it (None if not a zip)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            parts = [(i, zf.read(i)) for i in zf.infolist() if i.file_size <= 8 << 20]
    except Exception:
        return None
    if not parts:
        return None
    k = pick(len(parts))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for j, (info, body) in enumerate(parts):
            if j == k:
                body = mutate_xml(body, pick) if info.filename.endswith((".xml", ".rels")) else mutate_bytes(body, pick)
            zf.writestr(info.filename, body)
    return out.getvalue()


_SEEDS: list[tuple[str, bytes]] = []


def synthetic_seeds() -> list[tuple[str, bytes]]:
    """Seeds beside the real workbooks (which hold no registers): the demo office's registers, so that
    mutations reach header detection, the value readers and the rules, and small valid workbooks of the
    rarer formats (a binary .xlsb, a minimal .xlsx).  Built once per process."""
    if not _SEEDS:
        from registers.demo.office import write_demo
        from tests.support import hostile

        demo = Path(tempfile.mkdtemp(prefix="demo-seeds-")) / "demo"
        write_demo(demo)
        _SEEDS.extend((p.name, p.read_bytes()) for p in sorted(demo.rglob("*"))
                      if p.suffix.lower() in SUFFIXES and p.stat().st_size > 1000)
        _SEEDS.append(("seed.xlsb", hostile._xlsb((0x0005, struct.pack("<IId", 1, 0, 2.5)))))
        _SEEDS.append(("seed.xlsx", hostile.xlsx(hostile.sheet_xml(["A1", "B2", "C3"], "A1:C3"))))
    return _SEEDS


def mutated_workbook(pick: Pick, files: list[Path]) -> tuple[str, bytes]:
    """A real (or a small synthetic) workbook, mutated; its name keeps the original extension."""
    seeds = synthetic_seeds()
    # half the time a register of the demo office (or a synthetic seed), half a real workbook
    if not files or pick(2):
        name, data = seeds[pick(len(seeds))]
    else:
        path = files[pick(len(files))]
        name, data = path.name, path.read_bytes()
    if pick(2) == 0 and data[:4] == b"PK\x03\x04":
        edited = mutate_zip(data, pick)
        if edited is not None:
            return name, edited
    return name, mutate_bytes(data, pick)


def bytes_case(pick: Pick, files: list[Path], office_dir: Path) -> list[str]:
    """Problems found checking one mutated workbook (empty when the promise holds)."""
    name, data = mutated_workbook(pick, files)
    return files_case({name: data}, office_dir)


def files_case(files: dict[str, bytes], office_dir: Path) -> list[str]:
    """Write ``files`` into a fresh office folder and check it (the rules only when a register was read)."""
    office_dir.mkdir(parents=True, exist_ok=True)
    for old in office_dir.iterdir():
        if old.is_file():
            old.unlink()
    for name, data in files.items():
        (office_dir / name).write_bytes(data)
    settings = Settings()
    office = load_office(office_dir, settings, NOV, AS_OF)
    # the rules run only when a register was read: on empty frames they see nothing of the bytes
    findings = run_rules(office, selected_rules(settings)) if office.sources else list(office.read_findings)
    problems = report_problems(office, findings, set(files))
    json.dumps(Report(office, findings).to_json("en"), ensure_ascii=False)
    return problems


def rng_pick(rng: Any) -> Pick:
    return lambda n: rng.randrange(n) if n > 1 else 0


# ------------------------------------------------------------------------------------- a file being saved

RECEIPT_HEADERS = ["收据号", "收款日期", "房号", "收费项目", "金额", "收款方式", "收款人"]
CHANGING_MODES = ("stable", "always", "replaced-once", "same-size-rewrite", "vanishes-for-a-moment")


def receipts_workbook(path: Path, n: int) -> bytes:
    from tests.support.helpers import write_xlsx

    rows = [RECEIPT_HEADERS] + [[f"NO.{i:04d}", datetime(2026, 11, 1 + i % 28, 9), "3-2-1501", "物业服务费", 100,
                                 "现金", "王芳"] for i in range(1, n + 1)]
    write_xlsx(path, {"收费明细": rows})
    return path.read_bytes()


def changing_case(mode: str, office_dir: Path, *, wait: float = 0.05) -> tuple[bool, str]:
    """Simulate a clerk saving ``收费台账.xlsx`` while it is read; (promise held, what happened).

    The read is interrupted half-way (a hook on :func:`registers.io.read._read_all`) and the file is
    changed as the mode says: grown on every read (``always``), replaced by a new version once, as
    Excel saves (``replaced-once``), rewritten in place with the same size and its modification time
    put back, as on a file system with a coarse clock (``same-size-rewrite``), or removed and written
    again a moment later (``vanishes-for-a-moment``).
    """
    import os
    import threading

    import registers.io.read as read

    office_dir.mkdir(parents=True, exist_ok=True)
    for old in office_dir.iterdir():
        old.unlink()
    path = office_dir / "收费台账.xlsx"
    v2 = receipts_workbook(office_dir.parent / f"{office_dir.name}-v2.xlsx", 5)
    v1 = receipts_workbook(path, 3)
    junk = bytes(reversed(v1))
    calls = 0

    def put(data: bytes, *, keep_mtime: bool = False) -> None:
        st = path.stat()
        with path.open("r+b") as fh:  # in place: same file, same inode
            fh.write(data)
        if keep_mtime:
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))

    def act() -> None:
        if mode == "always":
            with path.open("ab") as fh:
                fh.write(b"\0" * 64)
        elif mode == "replaced-once" and calls == 1:
            tmp = path.with_name("~tmp1234.tmp")
            tmp.write_bytes(v2)
            os.replace(tmp, path)
        elif mode == "same-size-rewrite" and calls in (1, 2):
            put(junk if calls == 1 else v1, keep_mtime=True)
        elif mode == "vanishes-for-a-moment" and calls == 1:
            path.unlink()
            threading.Timer(wait / 2, lambda: path.write_bytes(v2)).start()

    original, original_wait = read._read_all, read.READ_WAIT_SECONDS

    def hooked(fh: Any, limit: int) -> bytes:
        nonlocal calls
        calls += 1
        size = os.fstat(fh.fileno()).st_size
        head = fh.read(size // 2)
        act()
        return head + fh.read(max(limit - len(head), 0))

    read._read_all, read.READ_WAIT_SECONDS = hooked, wait
    try:
        office = load_office(office_dir, Settings(), NOV, AS_OF)
    finally:
        read._read_all, read.READ_WAIT_SECONDS = original, original_wait
    reasons = [f.args["reason"].split("|")[0] for f in office.read_findings if f.rule == "input.unreadable"]
    rows = len(office.frame("fee_ledger.receipts"))
    what = f"{calls} reads, {'unreadable: ' + ', '.join(reasons) if reasons else f'{rows} receipts read'}"
    expected = {"stable": (None, 3), "always": ("changed", 0), "replaced-once": (None, 5),
                "same-size-rewrite": (None, 3), "vanishes-for-a-moment": (None, 5)}[mode]
    got = (reasons[0] if reasons else None, rows)
    ok = got == expected and len(reasons) <= 1 and (mode == "stable" or calls > 1)
    return ok, what
