"""columnar.without_parts: a big workbook's loads each get the workbook without the other loads' sheets.

The copy must be a zip any reader opens, holding exactly the members kept, byte for byte; where the
archive is laid out in a way the copy does not follow, the workbook comes back whole.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from registers.io.columnar import without_parts


class _Unseekable(io.RawIOBase):
    """A stream zipfile cannot seek back in: it writes each member's sizes in a data descriptor."""

    def __init__(self) -> None:
        self.buf = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b: bytes) -> int:  # type: ignore[override]
        self.buf += b
        return len(b)


members = st.lists(
    st.tuples(st.text("abcxyz/_.工作表", min_size=1, max_size=12), st.binary(max_size=3000),
              st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])),
    min_size=1, max_size=8, unique_by=lambda m: m[0],
)


def _zip(parts: list[tuple[str, bytes, int]], *, descriptors: bool, comment: bytes) -> bytes:
    out: io.BytesIO | _Unseekable = _Unseekable() if descriptors else io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, body, method in parts:
            zf.writestr(zipfile.ZipInfo(name, (2025, 1, 1, 0, 0, 0)), body, compress_type=method)
        zf.comment = comment
    return bytes(out.buf) if isinstance(out, _Unseekable) else out.getvalue()


def _members(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None  # every CRC checks
        return [(i.filename, zf.read(i)) for i in zf.infolist()]


@settings(max_examples=150, deadline=None)
@given(members, st.data(), st.booleans(), st.binary(max_size=20))
def test_the_copy_holds_exactly_the_members_kept(parts: list[tuple[str, bytes, int]], data: st.DataObject,
                                                 descriptors: bool, comment: bytes) -> None:
    # (zipfile itself misreads an archive whose comment holds the end-of-directory signature; the guard
    # refuses what zipfile cannot read, so such a workbook never gets here)
    assume(b"PK\x05\x06" not in comment)
    archive = _zip(parts, descriptors=descriptors, comment=comment)
    names = [n for n, _, _ in parts]
    drop = set(data.draw(st.lists(st.sampled_from(names), unique=True)))
    out = without_parts(archive, drop)
    kept = [(n, body) for n, body, _ in parts if n not in drop]
    assert _members(out) == kept
    if drop:
        assert out is not archive and len(out) < len(archive)


def test_nothing_to_drop_is_the_workbook_itself() -> None:
    archive = _zip([("a.xml", b"<a/>", zipfile.ZIP_DEFLATED)], descriptors=False, comment=b"")
    assert without_parts(archive, set()) is archive
    assert without_parts(archive, {"not there.xml"}) == archive


def test_an_archive_laid_out_otherwise_comes_back_whole() -> None:
    """Bytes before the first member (a self-extracting stub) and zip64 records are not followed."""
    parts = [("a.xml", b"<a/>" * 100, zipfile.ZIP_DEFLATED), ("b.xml", b"<b/>" * 100, zipfile.ZIP_DEFLATED)]
    stub = b"MZ" + b"\0" * 62
    prefixed = stub + _zip(parts, descriptors=False, comment=b"")
    assert without_parts(prefixed, {"a.xml"}) is prefixed

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", allowZip64=True) as zf:
        for name, body, _ in parts:
            with zf.open(zipfile.ZipInfo(name), "w", force_zip64=True) as fh:
                fh.write(body)
    archive = out.getvalue()
    got = without_parts(archive, {"a.xml"})
    # either copied (the directory had no zip64 fields) or whole; never a broken copy
    assert got is archive or _members(got) == [("b.xml", b"<b/>" * 100)]


def test_a_broken_directory_comes_back_whole_for_the_guard_to_judge() -> None:
    archive = _zip([("a.xml", b"<a/>", zipfile.ZIP_STORED), ("b.xml", b"<b/>", zipfile.ZIP_STORED)],
                   descriptors=False, comment=b"")
    cd = archive.rfind(b"PK\x01\x02")
    broken = archive[:cd] + b"XX" + archive[cd + 2:]
    assert without_parts(broken, {"a.xml"}) is broken


def test_sheets_sharing_one_part_read_in_two_loads_as_in_one() -> None:
    """A workbook whose two sheets name the same part (hand-edited, or hostile): the load of one sheet must
    not lose the part because the other load's sheet names it too."""
    from openpyxl import Workbook

    from registers.io.guard import check_workbook
    from registers.io.guard.limits import InputLimits
    from registers.io.read import sheet_loads

    wb = Workbook()
    wb.active.title = "一月"
    wb.active.append(["收据号", "金额"])
    wb.active.append(["NO.1", 10])
    wb.create_sheet("二月").append(["other"])
    raw = io.BytesIO()
    wb.save(raw)
    src = zipfile.ZipFile(io.BytesIO(raw.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "xl/worksheets/sheet2.xml":
                continue
            if info.filename == "xl/_rels/workbook.xml.rels":
                body = body.replace(b"worksheets/sheet2.xml", b"worksheets/sheet1.xml")
            zf.writestr(info.filename, body)
    data = out.getvalue()

    def read(groups: int) -> list[tuple[int, str, list[Any]]]:
        merged = check_workbook(data, InputLimits())
        loads = sheet_loads(data, "w.xlsx", max_cells=1_000_000, columnar=True, groups=groups, merged=merged)
        return sorted((i, g.sheet, [c.to_pylist() for c in g.columns or []])
                      for load in loads for i, g in zip(load.indexes, load.load(), strict=True))

    whole = read(1)
    assert [name for _, name, _ in whole] == ["一月", "二月"]
    assert whole[0][2] == whole[1][2]  # both sheets are the one part
    assert read(2) == whole
