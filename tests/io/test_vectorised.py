"""The column-by-column reader (fastexcel → Arrow → vectorised normalisation) against the cell-by-cell one.

``load_office`` reads .xlsx files column by column; ``iter_grids(columnar=False)`` gives
the same workbooks cell by cell through calamine, which is the reference.  Every frame
and every read finding must be the same, whatever the clerks typed, wherever it is.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from registers.core.period import Period
from registers.core.settings import Settings
from registers.demo.office import write_demo
from registers.io.columnar import merged_ranges, untype, untype_by_patterns
from registers.io.discover import discover
from registers.io.grid import Unreadable
from registers.io.read import iter_grids, read_bytes
from registers.office.load import Office, load_office

NOV = Period.month(2026, 11)
AS_OF = datetime(2026, 11, 30, 23, 59)


def _both(root: Path, settings: Settings | None = None, period: Period = NOV) -> tuple[Office, Office]:
    settings = settings or Settings()
    columnar = load_office(root, settings, period, AS_OF)
    books = []
    for wf in discover(root, settings.output_dir):
        try:
            books.append((wf.rel, list(iter_grids(read_bytes(wf.path, 1 << 30), wf.rel, max_cells=1 << 40))))
        except Unreadable:
            continue
    cells = load_office(root, settings, period, AS_OF, workbooks=books)
    columnar.read_findings = [f for f in columnar.read_findings if f.rule != "input.unreadable"]
    return columnar, cells


def _same(a: Office, b: Office) -> None:
    assert sorted(a.frames) == sorted(b.frames)
    for key in a.frames:
        pd.testing.assert_frame_equal(a.frames[key], b.frames[key], check_exact=True, obj=key)
    assert a.sources == b.sources
    assert a.ignored_sheets == b.ignored_sheets
    assert a.read_findings == b.read_findings


@pytest.mark.slow
def test_demo_office_reads_the_same_both_ways(tmp_path: Path) -> None:
    write_demo(tmp_path / "o")
    columnar, cells = _both(tmp_path / "o", period=Period(date(2026, 10, 1), date(2026, 11, 30)))
    assert any(len(f) for f in columnar.frames.values())
    _same(columnar, cells)


RECEIPTS = ["收据号", "收款日期", "房号", "缴款人", "收费项目", "所属期间", "月数", "数量", "单价", "金额", "收款方式",
            "收款人", "状态", "备注"]


def _odd_office(root: Path) -> Path:
    """Receipts, a duty log and handovers with every odd value a clerk types, far below row 1,000."""
    wb = Workbook()
    ws = wb.active
    ws.title = "2026.11"
    ws.append([None])  # a blank first row
    ws.append(["阿尔卡迪亚管理处 收费明细 2026年11月"])
    ws.merge_cells("A2:N2")
    ws.append(RECEIPTS)
    odd: dict[int, list[object]] = {
        1102: ["NO.01102", "待定", "3-2-1501", "王芳", "物业服务费", "2026.11", 1, 89.5, 1.2, 107.4, "现金", "王芳"],
        1103: ["NO.01103", "2026年11月5日 14:30", "3栋2单元1501", True, "物業服務費", 202611, "1", "89.5㎡", "¥1.20",
               "¥1,234.50", "微信支付", " 王 芳 ", "正常", "无"],
        1104: ["NO.01104", "11月6日", "3#2-1501", 13800138000, "水费", datetime(2026, 11, 1), 1.0, 12, 3.5, "(42.00)",
               "WeChat", "王芳", "废", "—"],
        1105: [" no. 01105 ", 20261107, "三栋二单元1501", None, "电费", "2026年11月-12月", None, None, None, 0.1 + 0.2,
               "pos", "王芳", "作废", "备注\n两行"],
        1106: ["NO.01106", 46334.5, "3-02-1501", "李\u200b四", "停车费", "2026-11", None, None, None, "3OO.00",
               "刷卡", "王芳", None, 5],
        1107: ["NO.01107", datetime(2026, 11, 8), "  ", "-", "物业服务费", "2026.11-2027.01", 3, None, None,
               2961.8999999999996, "现金", "王芳", None, datetime(2026, 11, 3)],
        1108: ["NO.01108", "2026-02-30 00:00:00", "1501", False, "物业服务费", "2026-11-31", 2, None, None,
               "1e3", "cash", "王芳", None, True],
        1109: ["合计", None, None, None, None, None, None, None, None, "=SUM(J4:J1108)"],
        1110: list(RECEIPTS),  # a header repeated inside the data
        1111: ["NO.01111", date(2026, 11, 9), "5-1-302", "王芳", "物业服务费", None, None, None, None, 88, "现金", "王芳"],
    }
    for r in range(4, 1200):
        row = odd.get(r) or [f"NO.{r:05d}", datetime(2026, 11, 1 + r % 28, 8 + r % 10, r % 60), f"{1 + r % 5}-{1 + r % 2}-{1501 + r % 3}",
                             "王芳", "物业服务费", "2026-11", 1, 89.5, 1.2, 107.4, "现金", "王芳", "正常", None]
        if r == 1150:
            row = [None] * len(RECEIPTS)
        ws.append(row)
    ws.merge_cells("B1112:B1113")  # a date merged over two rows
    duty = wb.create_sheet("值班")
    duty.append(["日期", "值班人", "开始时间", "结束时间", "值班情况", "处理结果", "重大事件", "书面报告日期"])
    for i in range(1, 1200):
        day = date(2026, 11, 1) + timedelta(days=i % 30)
        start: object = time(8, 0)
        end: object = time(20, 0) if i % 2 else time(8, 0)
        if i == 1050:
            start, end = "08:00", "下午8点"
        elif i == 1051:
            start, end = 0.5, 830
        elif i == 1052:
            start, end = timedelta(hours=8), "待定"
        elif i == 1053:
            start, end = datetime(2026, 11, 3, 9, 0), date(2026, 11, 3)
        duty.append([day, "王芳", start, end, "巡查", "正常", "否" if i % 7 else False, None])
    root.mkdir(parents=True, exist_ok=True)
    wb.save(root / "台账.xlsx")
    return root


@pytest.mark.slow
def test_odd_values_past_row_1000_read_the_same_both_ways(tmp_path: Path) -> None:
    columnar, cells = _both(_odd_office(tmp_path / "o"))
    _same(columnar, cells)
    r = columnar.frame("fee_ledger.receipts").set_index("_row")
    assert r.loc[1103, "paid_at"] == datetime(2026, 11, 5, 14, 30)
    assert r.loc[1103, "amount"] == 123450
    assert r.loc[1104, "amount"] == -4200
    assert r.loc[1105, "receipt_no"] == "no.01105"
    assert r.loc[1107, "amount"] == 296190
    merged = r.loc[1112, "paid_at"]
    assert isinstance(merged, pd.Timestamp) and merged == r.loc[1113, "paid_at"]  # merged over two rows
    assert 1109 not in r.index and 1110 not in r.index and 1150 not in r.index
    bad = {(f.row, f.column) for f in columnar.read_findings if f.rule == "input.bad-value"}
    assert {(1102, "B"), (1106, "J"), (1108, "B")} <= bad


def test_units_split_over_columns_read_the_same_both_ways(tmp_path: Path) -> None:
    """楼栋 | 单元 | 房号 joined, unit codes kept: the same frames and findings cell by cell and column by column."""
    wb = Workbook()
    ws = wb.active
    ws.title = "业主档案"
    ws.append(["阳光花园 业主档案"])
    ws.append(["楼栋", "单元", "房号", "业主姓名", "建筑面积"])
    rows: list[list[object]] = [
        ["3栋", "1单元", 101, "王五", 89.5], ["3栋", "2单元", "101", "李四", 100], ["三号楼", "二单元", "1501室", "赵六", 120],
        ["A座", None, 1201, "钱七", 80], [None, None, "B1-3", "孙八", 12], ["3", "2", "3-2-1501", "周九", 90],
        ["3栋", "2单元", None, "吴十", 70], ["3栋", "2单元", "待定", "郑一", 60], ["车库", None, "车位B2-015", "王五", 14],
        [3, 2, 1502.0, "李四", 95], ["1", None, "2503-4", "赵六", 45], [None, "1单元", "1101a", "钱七", 110],
    ]
    for row in rows:
        ws.append(row)
    root = tmp_path / "o"
    root.mkdir()
    wb.save(root / "业主档案.xlsx")
    columnar, cells = _both(root)
    _same(columnar, cells)
    units = [None if u is pd.NA else u for u in columnar.frame("units")["unit"]]
    assert units == ["3-1-101", "3-2-101", "3-2-1501", "A-1201", "B1-3", "3-2-1501", None, None,
                           "车位B2-015", "3-2-1502", "1-2503-4", "1-1101A"]
    assert "building" not in columnar.frame("units").columns
    # row 8 repeats row 5's unit (三号楼 二单元 1501室 is 3-2-1501): a duplicate, reported at the room
    assert {(f.rule, f.cell) for f in columnar.read_findings if f.sheet} == {
        ("input.missing-value", "C9"), ("input.bad-value", "C10"), ("input.duplicate-id", "C8")}


def test_untype_gives_what_calamine_gives() -> None:
    assert untype("2026-11-03 09:30:00") == datetime(2026, 11, 3, 9, 30)
    assert untype("2026-11-03 00:00:00") == date(2026, 11, 3)
    assert untype("1899-12-31 08:00:00") == time(8, 0)
    assert untype("2026-11-03 09:30:15.500") == datetime(2026, 11, 3, 9, 30, 15, 500000)
    assert untype("120.5") == 120.5 and isinstance(untype("5"), float)
    assert untype("true") is True and untype("false") is False
    for text in ("0012", "120.50", "+5", " 5", "待定", "2026-11-03", "TRUE"):
        assert untype(text) == text


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(st.one_of(
    st.text(max_size=30),
    st.from_regex(r"\A[0-9０-９٠-٩-][0-9０-９٠-٩:. -]{0,25}\Z"),
    st.datetimes().map(lambda d: d.strftime("%Y-%m-%d %H:%M:%S")),
))
@example("２０２６-11-03 09:30:00")  # full-width digits: \d matches them, so these are a moment too
@example("٢٠٢٦-١١-٠٣ ٠٩:٣٠:٠٠")
@example("-")
@example("")
def test_untype_shortcut_decides_as_the_patterns_do(text: str) -> None:
    """A text whose first character no rendering starts with is returned at once: the same as the patterns."""
    got, want = untype(text), untype_by_patterns(text)
    assert type(got) is type(want) and got == want


def test_merged_ranges_are_read_from_the_sheet_xml(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "S & T"
    ws["A1"] = "t"
    ws.merge_cells("A1:C1")
    ws.merge_cells("B3:B5")
    wb.save(tmp_path / "m.xlsx")
    data = (tmp_path / "m.xlsx").read_bytes()
    assert merged_ranges(data) == {"S & T": [((0, 0), (0, 2)), ((2, 1), (4, 1))]}


def test_well_formed_moments_are_read_on_the_whole_column() -> None:
    """Dates typed as date cells (fastexcel renders them ``YYYY-MM-DD HH:MM:SS``) never reach the per-value
    readers — a year of receipts is 200,000 of them; only what does not print back as typed does."""
    import pyarrow as pa

    from registers.core.spec import KIND_BY_KEY
    from registers.core.values.text import Context
    from registers.io.vectorised import Column

    paid_at = next(f for f in KIND_BY_KEY["fee_ledger.receipts"].fields if f.name == "paid_at")
    raw = pa.array(["2026-11-03 09:30:00", "2026-11-03 00:00:00", None, "2026-02-30 00:00:00", "2026-11-03 09:30:00",
                    "2026-11-03 08:00:60", "2024-02-29 12:00:00", "1900-01-01 00:00:00", "2200-12-31 23:59:59"])
    col = Column(paid_at, raw, Context(2026, 11))
    # the rest went the fast way; these two roll over when parsed (to 03-02, to 08:01:00) and are no moments
    assert sorted(col.uniq[i].as_py() for i in col.parsed) == ["2026-02-30 00:00:00", "2026-11-03 08:00:60"]
    moments = col.moments()
    assert list(moments[:2]) == [np.datetime64("2026-11-03T09:30:00"), np.datetime64("2026-11-03T00:00:00")]
    assert np.isnat(moments[2]) and np.isnat(moments[3]) and np.isnat(moments[5])
    assert list(moments[6:]) == [np.datetime64("2024-02-29T12:00:00"), np.datetime64("1900-01-01T00:00:00"),
                                 np.datetime64("2200-12-31T23:59:59")]
    assert list(col.bad_rows()) == [3, 5]


@pytest.mark.slow
def test_the_number_of_reading_threads_changes_nothing(tmp_path: Path) -> None:
    write_demo(tmp_path / "o")
    _odd_office(tmp_path / "o")
    period = Period(date(2026, 10, 1), date(2026, 11, 30))
    one = load_office(tmp_path / "o", Settings(), period, AS_OF, threads=1)
    for threads in (2, 5):
        many = load_office(tmp_path / "o", Settings(), period, AS_OF, threads=threads)
        _same(one, many)
        assert one.workbooks == many.workbooks


def test_footer_rows_are_found_as_the_cleaned_text_would_find_them() -> None:
    import pyarrow as pa
    import pyarrow.compute as pc

    from registers.io.cut import _footer_rows, clean
    from registers.io.detect import _FOOTER

    cells = ["NO.0012345", " 合计", "合 计", "ＴＯＴＡＬ：", "total", " Subtotal ", "\x00total", "\u200b合计", "制表人：王芳",
             "2026-11-03 00:00:00", "说明：", "说明", None, "", "Total", "备注:无", "\ufeff小计"]
    first = pa.array(cells, pa.string())
    plain = pc.fill_null(pc.match_substring_regex(clean(first), _FOOTER.pattern, ignore_case=True), False)
    assert list(_footer_rows(first, _FOOTER.pattern)) == plain.to_pylist()
    assert sum(plain.to_pylist()) >= 9


def test_a_crash_while_reading_on_threads_is_raised_not_hung(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug in a reading task comes out of load_office as itself (the check's crash handling takes it
    from there); the loads still waiting are not started."""
    import pytest

    import registers.office.reading as reading_module

    write_demo(tmp_path / "o")
    calls: list[str] = []

    def broken(rel: str, *args: object, **kwargs: object) -> list[object]:
        calls.append(rel)
        raise RuntimeError(f"a bug while reading {rel}")

    monkeypatch.setattr(reading_module, "read_sheets", broken)
    with pytest.raises(RuntimeError, match="a bug while reading"):
        load_office(tmp_path / "o", Settings(), NOV, AS_OF, threads=2)


@pytest.mark.slow
def test_shared_views_are_built_once_and_each_caller_gets_its_own(tmp_path: Path) -> None:
    """Rules share what they all build (Office.shared / Office.id_keys); what one rule adds or changes in
    its copy never reaches another rule, nor the office's frames."""
    from registers.views.fees import receipts

    write_demo(tmp_path / "o")
    office = load_office(tmp_path / "o", Settings(), NOV, AS_OF)
    built: list[int] = []

    def make() -> pd.DataFrame:
        built.append(1)
        return receipts(office)

    first = office.shared("test.view", make)
    first["mine"] = 1
    first.loc[first.index[0], "amount"] = -1
    second = office.shared("test.view", make)
    assert built == [1]
    assert "mine" not in second.columns and second["amount"].iloc[0] != -1
    assert "day" not in office.frame("fee_ledger.receipts").columns  # receipts() added it to a copy
    keys = office.id_keys("fee_ledger.receipts", "receipt_no")
    keys.iloc[0] = "CHANGED"
    assert office.id_keys("fee_ledger.receipts", "receipt_no").iloc[0] != "CHANGED"
    assert keys.index.equals(office.frame("fee_ledger.receipts").index)


def test_reading_threads_follow_the_cores_the_process_may_use(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from registers.core.resources import default_threads

    monkeypatch.setattr(os, "process_cpu_count", lambda: 1, raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert default_threads() == 1
    monkeypatch.setattr(os, "process_cpu_count", lambda: 64, raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(64)), raising=False)
    assert default_threads() == 8  # more threads than that only fight over the GIL


# ------------------------------------------------------------ the whole-column readings against the value readers

_DIGITS = st.one_of(st.text(alphabet="0123456789", min_size=1, max_size=16),
                    st.integers(0, 10**16).map(str))  # every magnitude, up to past read_money's 10^13
_TYPED_TEXT = st.one_of(
    # money and numbers as clerks type them, and their near misses
    st.builds(lambda sign, whole, frac: f"{sign}{whole}{frac}", st.sampled_from(["", "-", "+", " ", "¥"]), _DIGITS,
              st.one_of(st.just(""), st.builds(lambda d: "." + d, st.text(alphabet="0123456789", max_size=17)))),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    # mobiles with separators
    st.builds(lambda a, s1, b, s2, c: f"1{a}{s1}{b}{s2}{c}", st.text(alphabet="0123456789", min_size=2, max_size=3),
              st.sampled_from([" ", "-", ".", "  ", ""]), st.text(alphabet="0123456789", min_size=3, max_size=5),
              st.sampled_from([" ", "-", ""]), st.text(alphabet="0123456789", min_size=3, max_size=5)),
    # moments typed as text: any day (02-30 too), any hour and minute
    st.builds(lambda y, s1, m, s2, d, day_mark, t: f"{y}{s1}{m}{s2}{d}{day_mark}{t}",
              st.integers(1890, 2210), st.sampled_from(["年", "/", "-", ".", " 年"]), st.integers(0, 13),
              st.sampled_from(["月", "/", "-", "."]), st.integers(0, 32), st.sampled_from(["", "日", "号"]),
              st.one_of(st.just(""), st.builds(lambda h, mi: f" {h}:{mi:02d}", st.integers(0, 25), st.integers(0, 61)),
                        st.builds(lambda h, mi: f" {h:02d}:{mi}", st.integers(0, 25), st.integers(0, 9)))),
    # moments as date cells render (YYYY-MM-DD HH:MM:SS), every field just in or out of range
    st.builds(lambda y, m, d, h, mi, sec: f"{y:04d}-{m:02d}-{d:02d} {h:02d}:{mi:02d}:{sec:02d}",
              st.integers(1890, 2210), st.integers(0, 13), st.integers(0, 32), st.integers(0, 25),
              st.integers(0, 61), st.integers(0, 61)),
    # unit codes: numbered units in their forms, shops, parking spaces, lobbies, and their near misses
    st.builds(lambda b, s1, e, s2, r, end: f"{b}{s1}{e}{s2}{r}{end}",
              st.sampled_from(["", "0", "3", "03", "12", "123", "1234", "A", "B1", "车位B", "a", "Ａ"]),
              st.sampled_from(["", "-", "栋", "#", "座", "号楼", " "]), st.sampled_from(["", "1", "2", "02", "12", "123"]),
              st.sampled_from(["", "-", "单元", "#"]), st.sampled_from(["", "1501", "0701", "4", "015", "123456789"]),
              st.sampled_from(["", "室", "号", "B", "a", "F", "#", "-A", "-4", "，"])),
    st.text(alphabet="0123456789ABab#-栋单元室大堂车位 ", max_size=22),
    st.text(max_size=12),
)


_EDGES = ["9999999999999.99", "10000000000000", "-0", "-0.5", "1.005", "0300", "300.50", "1e3", "１２", "+12",
          "138 0013 8000", "138-0013-8000", "138.0013.8000", "138 00138000", "2025年3月1日 09:02", "2025/2/29",
          "2024/2/29", "2025-3-1 24:00", "2025-3-1 23:60", "2025年13月1日", "2201/1/1", "1899/12/31", "2025.3.1 9:05",
          "2024-02-29 23:59:59", "2025-02-29 00:00:00", "2100-02-29 00:00:00", "2000-02-29 12:00:00",
          "2200-12-31 23:59:59", "2201-01-01 00:00:00", "1900-01-01 00:00:00", "1899-12-31 08:00:00",
          "2025-11-03 24:00:00", "2025-11-03 23:60:00", "2025-11-03 23:59:60", "2025-04-31 00:00:00",
          "2025-00-10 00:00:00", "2025-11-00 00:00:00", "2025-11-03T09:30:00", "2025-11-03 09:30:00.5",
          "２０２５-11-03 09:30:00", "2025-11-3 09:30:00 ", "501B", "A701", "1101a", "1003-A", "1#", "26F", "B1-3",
          "车位B2-015", "大堂", "2503-4", "2503-04", "3-2503-4", "3栋2单元1501", "1234栋2单元1501", "3栋123单元1501",
          "3#2-1501", "03-02-1501", "1-1-123456789", "111111111-1111111111-1", "A1B2C3D4E5F6G7H8I9J0K", "AB",
          "1E3", "TRUE", "待定"]


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(_TYPED_TEXT, min_size=1, max_size=40))
@example(texts=_EDGES)
def test_whole_column_readings_are_the_value_readers_readings(texts: list[str]) -> None:
    """Money, numbers, mobiles, units and moments read on the whole column give, value for value, what the value
    readers give for the cell (and what they cannot read stays theirs, to be reported)."""
    import pyarrow as pa

    from registers.core.spec import KIND_BY_KEY
    from registers.core.values import READERS
    from registers.core.values.text import BAD, Context
    from registers.io.vectorised import Column

    ctx = Context(2026, 11)
    fields = {f.kind: f for kind in KIND_BY_KEY.values() for f in kind.fields}
    raw = pa.array(texts, pa.string())
    for kind in ("money", "number", "phone", "unit", "datetime", "date"):
        col = Column(fields[kind], raw, ctx)
        expected = [READERS[kind](untype(t), ctx) for t in texts]
        if kind in ("datetime", "date"):
            got = [None if np.isnat(v) else pd.Timestamp(v).to_pydatetime() for v in col.moments()]
        elif kind in ("phone", "unit"):
            got = col.text().to_pylist()
        else:
            got = list(col.typed("Int64" if kind == "money" else "Float64"))
            got = [None if v is pd.NA else v for v in got]
        for text, want, have, bad in zip(texts, expected, got, col.bad[col.codes], strict=True):
            assert bad == (want is BAD), (kind, text)
            assert have == (None if want is BAD else want), (kind, text, want, have)
