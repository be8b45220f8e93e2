"""Hostile workbooks, built in memory in well under a second each (never committed as files).

They reproduce the denial-of-service samples reported against calamine and fastexcel — a sheet
with cells at A1 and XFD1048576 (calamine issue #428, python-calamine #130, fastexcel #487), an
ODS with rows and cells repeated a billion times (calamine #594, in the shared corpus as
``calamine__issue_594_dos.ods``), a shared-string table declaring billions of strings
(calamine #684), a .xls with a cell in column 65536 — and the classic zip bombs: a gigabyte of
zeros packed into a megabyte, a part that lies about its size, overlapping parts, ten thousand
parts.  Each must be refused with ``input.unreadable`` within a second and without the memory
it asks for.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable

import xlwt

MB = 1 << 20

_CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WB = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="收费明细" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WB_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>{extra}</Relationships>'
)
_SST_REL = ('<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'sharedStrings" Target="sharedStrings.xml"/>')


def sheet_xml(cells: list[str], dimension: str | None = None, tail: str = "") -> str:
    """A worksheet whose cells are ``ref`` strings (each holding the number 1), one row element each."""
    rows = "".join(
        f'<row r="{"".join(ch for ch in ref if ch.isdigit())}"><c r="{ref}"><v>1</v></c></row>' for ref in cells
    )
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{dim}<sheetData>{rows}</sheetData>{tail}</worksheet>"
    )


def xlsx(sheet: str, *, shared_strings: str | None = None, extra: tuple[tuple[str, bytes], ...] = ()) -> bytes:
    """A minimal, valid .xlsx with one sheet (and optionally a shared-string part and extra parts)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WB)
        z.writestr("xl/_rels/workbook.xml.rels", _WB_RELS.format(extra=_SST_REL if shared_strings else ""))
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        if shared_strings is not None:
            z.writestr("xl/sharedStrings.xml", shared_strings)
        for name, data in extra:
            z.writestr(name, data)
    return buf.getvalue()


# ------------------------------------------------------------------------------------- a raw zip writer


def _repeated_deflate(unit: bytes, times: int, prefix: bytes = b"") -> tuple[bytes, int, int]:
    """A raw deflate stream of ``prefix + unit * times`` built from one compressed copy of ``unit`` (full
    flushes make the compressed blocks independent, so they can be repeated), with its CRC-32 and size."""
    head = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = head.compress(prefix) + head.flush(zlib.Z_FULL_FLUSH) if prefix else b""
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = co.compress(unit) + co.flush(zlib.Z_FULL_FLUSH)
    end = zlib.compressobj(9, zlib.DEFLATED, -15)
    stream = first + block * times + end.compress(b"") + end.flush()
    crc = zlib.crc32(prefix)
    for _ in range(times):
        crc = zlib.crc32(unit, crc)
    return stream, crc, len(prefix) + len(unit) * times


def raw_zip(members: list[tuple[str, bytes, int, int, int]], *, share_data: bool = False) -> bytes:
    """A zip from ``(name, deflated bytes, crc, declared size, method)``; ``share_data`` points every
    central-directory entry at the first member's data (the overlapping-files bomb)."""
    out = io.BytesIO()
    central = []
    first_offset = 0
    for k, (name, data, crc, size, method) in enumerate(members):
        raw_name = name.encode()
        offset = out.tell()
        if k == 0:
            first_offset = offset
        if not (share_data and k):
            out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x800, method, 0, 0x21, crc, len(data), size,
                                  len(raw_name), 0))
            out.write(raw_name)
            out.write(data)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0x800, method, 0, 0x21, crc, len(data),
                                   size, len(raw_name), 0, 0, 0, 0, 0,
                                   first_offset if share_data else offset) + raw_name)
    cd_offset = out.tell()
    for entry in central:
        out.write(entry)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), out.tell() - cd_offset,
                          cd_offset, 0))
    return out.getvalue()


def _stored(name: str, text: str) -> tuple[str, bytes, int, int, int]:
    data = text.encode()
    return name, data, zlib.crc32(data), len(data), 0


def _package(sheet: tuple[str, bytes, int, int, int], *extra: tuple[str, bytes, int, int, int]) -> bytes:
    return raw_zip([
        _stored("[Content_Types].xml", _CT), _stored("_rels/.rels", _RELS), _stored("xl/workbook.xml", _WB),
        _stored("xl/_rels/workbook.xml.rels", _WB_RELS.format(extra="")), sheet, *extra,
    ])


# ------------------------------------------------------------------------------------------ the samples


def corner_cells() -> bytes:
    """A1 and XFD1048576 with a dimension that says so: 17 billion cells (calamine #428)."""
    return xlsx(sheet_xml(["A1", "XFD1048576"], "A1:XFD1048576"))


def corner_cells_lying_dimension() -> bytes:
    """The same two cells under a dimension that claims A1:A1 — the readers go by the cells."""
    return xlsx(sheet_xml(["A1", "XFD1048576"], "A1:A1"))


def corner_cells_single_quoted() -> bytes:
    """The corner cell written with single quotes and blanks around '=' (valid XML, unusual)."""
    sheet = sheet_xml(["A1"]).replace("</sheetData>", "<row r='1048576'><c r = 'XFD1048576'><v>1</v></c></row>"
                                                      "</sheetData>")
    return xlsx(sheet)


def last_column_first_row() -> bytes:
    """A cell in XFD1 and one in A1048576 (fastexcel #487 / python-calamine #130)."""
    return xlsx(sheet_xml(["XFD1", "A1048576"]))


def cells_without_references() -> bytes:
    """Twenty thousand cells with no ``r`` in row 1 and one cell on the last row: the readers number
    the unaddressed cells themselves."""
    row1 = '<row r="1">' + "<c><v>1</v></c>" * 20_000 + "</row>"
    last = '<row r="1048576"><c r="A1048576"><v>1</v></c></row>'
    sheet = sheet_xml([]).replace("<sheetData></sheetData>", f"<sheetData>{row1}{last}</sheetData>")
    return xlsx(sheet)


def beyond_excel() -> bytes:
    """A reference past Excel's last column and row (ZZZZ99999999999)."""
    return xlsx(sheet_xml(["A1", "ZZZZ99999999999"]))


def huge_merge() -> bytes:
    """One merged range over the whole sheet, ten thousand times."""
    tail = '<mergeCells count="10000">' + '<mergeCell ref="A1:XFD1048576"/>' * 10_000 + "</mergeCells>"
    return xlsx(sheet_xml(["A1"], tail=tail))


def shared_strings_count() -> bytes:
    """A shared-string table declaring four billion strings (calamine #684 reserves room for them)."""
    sst = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
           '2006/main" count="4000000000" uniqueCount="4000000000"><si><t>收据号</t></si></sst>')
    return xlsx(sheet_xml(["A1"]), shared_strings=sst)


def zeros_bomb(size_mb: int = 1024) -> bytes:
    """A part of ``size_mb`` MB of zeros packed into about a thousandth of that."""
    stream, crc, size = _repeated_deflate(b"\0" * MB, size_mb)
    return _package(_stored("xl/worksheets/sheet1.xml", sheet_xml(["A1"])),
                    ("xl/media/image1.png", stream, crc, size, 8))


def xml_row_bomb(size_mb: int = 1024) -> bytes:
    """A worksheet of ``size_mb`` MB of valid rows (no references), packed a few hundred times."""
    head = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.'
            b'openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
    # not closed: a bomb need not be well-formed XML, it is refused before anything parses it
    stream, crc, size = _repeated_deflate(b"<row><c><v>1</v></c></row>" * (MB // 26), size_mb, head)
    return _package(("xl/worksheets/sheet1.xml", stream, crc, size, 8))


def lying_size() -> bytes:
    """A worksheet part that declares 2 KB and inflates to 200 MB (a reader trusting the stream runs on)."""
    stream, crc, _ = _repeated_deflate(b"<row><c><v>1</v></c></row>" * (MB // 26), 200)
    return _package(("xl/worksheets/sheet1.xml", stream, crc, 2048, 8))


def overlapping_parts() -> bytes:
    """Two hundred central-directory entries sharing one 5 MB-inflating stream."""
    stream, crc, size = _repeated_deflate(b"\0" * MB, 5)
    members = [(f"xl/media/image{k}.png", stream, crc, size, 8) for k in range(200)]
    return raw_zip(members, share_data=True)


def many_parts() -> bytes:
    """Eleven thousand empty parts."""
    return raw_zip([_stored(f"xl/media/{k}.bin", "") for k in range(11_000)])


def ods_repeats() -> bytes:
    """calamine #594: one cell repeated 999,999,999 times in a row repeated 999,999,999 times."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Sheet1">'
        '<table:table-row table:number-rows-repeated="999999999">'
        '<table:table-cell table:number-columns-repeated="999999999" office:value-type="string">'
        "<text:p>X</text:p></table:table-cell></table:table-row></table:table>"
        "</office:spreadsheet></office:body></office:document-content>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def _xls_with_cell_at(row: int, col: int) -> bytes:
    book = xlwt.Workbook()
    sheet = book.add_sheet("收费明细")
    sheet.write(0, 0, 1.5)
    sheet.write(3, 3, 2.5)
    buf = io.BytesIO()
    book.save(buf)
    data = bytearray(buf.getvalue())
    at = data.find(struct.pack("<HHHH", 0x027E, 10, 3, 3))  # the RK record of D4
    assert at > 0
    data[at + 4:at + 8] = struct.pack("<HH", row, col)
    return bytes(data)


def xls_wide() -> bytes:
    """A .xls cell in row 65536, column 65536 (BIFF allows 16-bit columns): four billion cells."""
    return _xls_with_cell_at(0xFFFF, 0xFFFF)


def xls_fat_count() -> bytes:
    """A .xls whose compound-file header claims four billion FAT sectors (calamine #684, CFB)."""
    data = bytearray(_xls_with_cell_at(3, 3))
    data[44:48] = struct.pack("<I", 0xFFFFFFF0)
    return bytes(data)


def _xlsb_record(typ: int, body: bytes) -> bytes:
    head = bytes([typ]) if typ < 0x80 else bytes([(typ & 0x7F) | 0x80, typ >> 7])
    size, n = b"", len(body)
    while True:
        size += bytes([(n & 0x7F) | (0x80 if n > 0x7F else 0)])
        n >>= 7
        if not n:
            break
    return head + size + body


def _wide(text: str) -> bytes:
    return struct.pack("<I", len(text)) + text.encode("utf-16-le")


def _xlsb(*cells: tuple[int, bytes]) -> bytes:
    """A minimal .xlsb (binary workbook) whose one sheet holds the given cell records in row 1."""
    rel = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
           'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
           'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.bin"/></Relationships>')
    book = (_xlsb_record(0x0083, b"")  # BrtBeginBook
            + _xlsb_record(0x009C, struct.pack("<II", 0, 1) + _wide("rId1") + _wide("收费明细"))  # BrtBundleSh
            + _xlsb_record(0x0090, b"") + _xlsb_record(0x009D, b"\0" * 12))  # BrtEndBundleShs, BrtCalcProp
    sheet = (_xlsb_record(0x0081, b"") + _xlsb_record(0x0094, struct.pack("<IIII", 0, 0, 0, 0))
             + _xlsb_record(0x0091, b"") + _xlsb_record(0x0000, struct.pack("<I", 0) + b"\0" * 13)
             + b"".join(_xlsb_record(typ, body) for typ, body in cells)
             + _xlsb_record(0x0092, b"") + _xlsb_record(0x0082, b""))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT.replace("sheet.main+xml", "sheet.binary.macroEnabled.main"))
        z.writestr("_rels/.rels", _RELS.replace("xl/workbook.xml", "xl/workbook.bin"))
        z.writestr("xl/workbook.bin", book)
        z.writestr("xl/_rels/workbook.bin.rels", rel)
        z.writestr("xl/worksheets/sheet1.bin", sheet)
    return buf.getvalue()


def xlsb_wide() -> bytes:
    """An .xlsb with a cell (BrtCellReal) in column 2,147,483,648."""
    return _xlsb((0x0005, struct.pack("<IId", 0, 0, 1.0)), (0x0005, struct.pack("<IId", 0x7FFFFFFF, 0, 1.0)))


def xlsb_string_index() -> bytes:
    """An .xlsb cell pointing at shared string 999 of none: calamine panics while reading the sheet, and
    the panic (pyo3's PanicException, a BaseException) escaped the reader."""
    return _xlsb((0x0007, struct.pack("<III", 0, 0, 999)))


def xls_dimensions() -> bytes:
    """Found by the fuzzer: a .xls whose DIMENSIONS record says its last row is 1,073,741,827 — calamine
    reserves room for rows × columns cells before reading one (80 GB here)."""
    data = bytearray(_xls_with_cell_at(3, 3))
    at = data.find(struct.pack("<HH", 0x0200, 14))  # DIMENSIONS, BIFF8
    assert at > 0
    data[at + 8:at + 12] = struct.pack("<I", 0x40000003)  # rwMac
    return bytes(data)


# name -> (builder, file name, expected reason)
HOSTILE: dict[str, tuple[Callable[[], bytes], str, str]] = {
    "corner-cells": (corner_cells, "收费台账.xlsx", "too-many-cells"),
    "corner-cells-lying-dimension": (corner_cells_lying_dimension, "收费台账.xlsx", "too-many-cells"),
    "corner-cells-single-quoted": (corner_cells_single_quoted, "收费台账.xlsx", "too-many-cells"),
    "xfd1-and-a1048576": (last_column_first_row, "收费台账.xlsx", "too-many-cells"),
    "cells-without-references": (cells_without_references, "收费台账.xlsx", "too-many-cells"),
    "beyond-excel": (beyond_excel, "收费台账.xlsx", "too-many-cells"),
    "huge-merges": (huge_merge, "收费台账.xlsx", "too-many-cells"),
    "shared-strings-count": (shared_strings_count, "收费台账.xlsx", "too-many-cells"),
    "zeros-1gb": (zeros_bomb, "收费台账.xlsx", "zip-bomb"),
    "xml-rows-1gb": (xml_row_bomb, "收费台账.xlsx", "zip-bomb"),
    "lying-size": (lying_size, "收费台账.xlsx", "corrupt"),
    "overlapping-parts": (overlapping_parts, "收费台账.xlsx", "zip-bomb"),
    "many-parts": (many_parts, "收费台账.xlsx", "zip-bomb"),
    "ods-repeats": (ods_repeats, "收费台账.ods", "too-many-cells"),
    "xls-wide": (xls_wide, "收费台账.xls", "too-many-cells"),
    "xls-fat-count": (xls_fat_count, "收费台账.xls", "corrupt"),
    "xls-dimensions": (xls_dimensions, "收费台账.xls", "too-many-cells"),
    "xlsb-wide": (xlsb_wide, "收费台账.xlsb", "too-many-cells"),
}
