"""Issue 21, item 6: the shared-strings scan sizes what a reader reserves by ``uniqueCount``, not ``count``.

Excel writes ``<sst count=… uniqueCount=…>``: ``count`` is how many cells refer to a shared string, so a
register that repeats a few words (现金, 物业服务费, a cashier's name) over thousands of rows has a count
far above the size of the part (an Excel-saved 7 KB part said count=18265 uniqueCount=273).  Only
``uniqueCount`` is what calamine reserves room for.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from registers.core.spec import RECEIPTS
from registers.io.grid import Unreadable
from registers.io.guard import check_workbook
from registers.io.guard.limits import InputLimits
from tests.support import hostile
from tests.support.helpers import run_check, write_xlsx

_UNITS = [f"{b}-{u}-{f}0{r}" for b in (1, 2, 3) for u in (1, 2) for f in range(2, 12) for r in (1, 2)]
_ITEMS = ["物业服务费", "停车费", "水费", "电费"]
_METHODS = ["现金", "微信", "支付宝", "银行转账"]
_CASHIERS = ["王芳", "李娜", "张伟"]


_INLINE = re.compile(rb'(<c [^>]*?)t="inlineStr"([^>]*)><is><t(?: [^>]*)?>([^<]*)</t></is>')
_SST_NS = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_SST_TYPE = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
_SST_CONTENT = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def _as_excel_saves(path: Path) -> tuple[int, int, int]:
    """Save the workbook's text as Excel does: each distinct string once in ``xl/sharedStrings.xml``, the cells
    referring to it by number, and ``<sst count=… uniqueCount=…>`` the references and the distinct strings.
    (openpyxl writes the text into the cells.)  Returns (count, uniqueCount, the part's size)."""
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    strings: dict[bytes, int] = {}
    refs = 0

    def shared(m: re.Match[bytes]) -> bytes:
        nonlocal refs
        refs += 1
        index = strings.setdefault(m.group(3), len(strings))
        return m.group(1) + b't="s"' + m.group(2) + b"><v>%d</v>" % index

    for name in [n for n in parts if n.startswith("xl/worksheets/")]:
        parts[name] = _INLINE.sub(shared, parts[name])
        assert b"inlineStr" not in parts[name]
    sst = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<sst xmlns="%s" count="%d" uniqueCount="%d">'
           % (_SST_NS, refs, len(strings)) + b"".join(b"<si><t>%s</t></si>" % s for s in strings) + b"</sst>")
    parts["xl/sharedStrings.xml"] = sst
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdSst" Type="%s" Target="sharedStrings.xml"/></Relationships>' % _SST_TYPE)
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="%s"/></Types>' % _SST_CONTENT)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    path.write_bytes(buf.getvalue())
    return refs, len(strings), len(sst)


def test_a_register_excel_saved_with_many_references_to_few_strings_is_read(tmp_path: Path) -> None:
    office = tmp_path / "office"
    rows: list[list[object]] = [["2026年11月收费明细"], ["收据号", "收款日期", "房号", "收费项目", "金额", "收款方式", "收款人"]]
    for i in range(1500):
        rows.append([20261100 + i, datetime(2026, 11, 1 + i % 28, 9), _UNITS[i % len(_UNITS)], _ITEMS[i % 4],
                     100 + i % 7, _METHODS[i % 4], _CASHIERS[i % 3]])
    path = write_xlsx(office / "收费台账.xlsx", {"收费明细": rows})
    count, unique, size = _as_excel_saves(path)
    assert count > size > unique  # the part as Excel saves it: far more references than bytes

    report = run_check(office, select=("input",))
    assert [f for f in report.findings if f.rule != "input.missing-register"] == []
    assert len(report.office.frame(RECEIPTS)) == 1500


@pytest.mark.parametrize("head", [
    'count="1" uniqueCount="4000000000"',
    "count='1' uniqueCount = '4000000000'",  # either quote, blanks around "=": the XML readers accept both
])
def test_a_shared_strings_part_declaring_more_strings_than_it_can_hold_is_still_refused(head: str) -> None:
    sst = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
           f'2006/main" {head}><si><t>收据号</t></si></sst>')
    with pytest.raises(Unreadable) as refused:
        check_workbook(hostile.xlsx(hostile.sheet_xml(["A1"]), shared_strings=sst), InputLimits())
    assert refused.value.reason == "too-many-cells"
    assert "uniqueCount=4,000,000,000" in refused.value.detail
