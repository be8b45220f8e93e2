"""The demo office: the Arcadia management office (阿尔卡迪亚管理处), Bengbu.

:func:`write_demo` writes two months (2026-10-01 .. 2026-11-30) of registers
for about sixty units, laid out the way clerks keep them (title rows, one
sheet per month, text dates, ``¥1,234.00``, a legacy ``.xls``...), with one or
two planted violations of every rule in ``shared/spec/rules.md``.  Each
planted violation is returned as a :class:`Planted` naming the exact file,
sheet and worksheet row the finding must point at, so the checker can be
tested end to end against it.  Everything else is clean under the
regulation's default limits.

The output is deterministic: a fixed random seed, no clock, and the ``.xlsx``
zip members carry a fixed timestamp.
"""

from __future__ import annotations

import io
import itertools
import random
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import openpyxl
import xlwt
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from registers.core.spec import KIND_BY_KEY

OFFICE = "阿尔卡迪亚管理处"
SEED = 20261130
AS_OF = datetime(2026, 11, 30, 23, 59)
FIXED_STAMP = (2026, 11, 30, 18, 0, 0)

CONFIG = f"""# 演示管理处 (demo office), written by `registers.demo.office`: every planted violation is listed by planted()
office = "{OFFICE}"
language = "zh-Hans"
timezone = "Asia/Shanghai"
"""


@dataclass(frozen=True)
class Planted:
    rule: str  # rule id from rules.md
    file: str  # path relative to the office folder, forward slashes
    sheet: str  # sheet name ("" for a file that cannot be opened)
    row: int | None  # 1-based worksheet row, None for a sheet/day-level finding
    note: str  # what was planted (English)


# --------------------------------------------------------------------------- helpers


def M(text: str | int | float | Decimal) -> Decimal:
    """Money, exact to the fen."""
    return Decimal(str(text)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def dt(month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute)


def d(month: int, day: int) -> date:
    return date(2026, month, day)


def yuan(amount: Decimal) -> str:
    """How clerks type money as text: ``¥1,234.00``."""
    return f"¥{amount:,.2f}"


def cn_datetime(moment: datetime) -> str:
    return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}"


def slash_date(day: date) -> str:
    return f"{day.year}/{day.month}/{day.day}"


def dot_date(day: date) -> str:
    return f"{day.year}.{day.month}.{day.day}"


def unit_variants(unit: str) -> tuple[str, str, str]:
    """``3-2-1501`` typed three ways: as is, ``3栋2单元1501``, ``3#2-1501``."""
    b, e, r = unit.split("-")
    return unit, f"{b}栋{e}单元{r}", f"{b}#{e}-{r}"


def spaced_phone(phone: str) -> str:
    return f"{phone[:3]} {phone[3:7]} {phone[7:]}"


@dataclass
class SheetData:
    """A sheet as clerks lay it out: optional merged title, header row, data rows, footer."""

    name: str
    columns: list[tuple[str, str]]  # (field name or extra key, header text)
    title: str | None = None
    rows: list[dict[str, object] | None] = field(default_factory=list)  # None = blank row
    merges: list[tuple[str, int, int]] = field(default_factory=list)  # (column key, first row, last row)
    footer: list[dict[str, object]] = field(default_factory=list)

    @property
    def header_row(self) -> int:
        return 2 if self.title else 1

    def add(self, **values: object) -> int:
        """Append a data row; returns its worksheet row number."""
        keys = {k for k, _ in self.columns}
        unknown = set(values) - keys
        if unknown:
            raise KeyError(f"{self.name}: unknown columns {sorted(unknown)}")
        self.rows.append(values)
        return self.header_row + len(self.rows)

    def blank(self) -> None:
        self.rows.append(None)

    def column_letter(self, key: str) -> str:
        return get_column_letter([k for k, _ in self.columns].index(key) + 1)


def columns(kind_key: str, *, headers: dict[str, str] | None = None, omit: tuple[str, ...] = (),
            front: tuple[tuple[str, str], ...] = (), back: tuple[tuple[str, str], ...] = ()) -> list[tuple[str, str]]:
    """The register's columns in spec order, labels from ``spec.py`` (with per-sheet header variants)."""
    headers = headers or {}
    kind = KIND_BY_KEY[kind_key]
    cols = [(f.name, headers.get(f.name, f.label)) for f in kind.fields if f.name not in omit]
    return [*front, *cols, *back]


# --------------------------------------------------------------------------- writers

FMT_DATETIME = "yyyy-mm-dd hh:mm"
FMT_DATE = "yyyy-mm-dd"
FMT_TIME = "hh:mm"
FMT_MONEY = "#,##0.00"


def _put(cell: openpyxl.cell.Cell, value: object) -> None:
    if isinstance(value, Decimal):
        cell.value = float(value)
        cell.number_format = FMT_MONEY
    elif isinstance(value, datetime):
        cell.value = value
        cell.number_format = FMT_DATETIME
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = FMT_DATE
    elif isinstance(value, time):
        cell.value = value
        cell.number_format = FMT_TIME
    else:
        cell.value = value


def _fill_sheet(ws: openpyxl.worksheet.worksheet.Worksheet, sheet: SheetData) -> None:
    ncol = len(sheet.columns)
    if sheet.title:
        ws.cell(1, 1, sheet.title).font = Font(bold=True, size=14)
        ws.cell(1, 1).alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncol)
    hr = sheet.header_row
    for c, (_, header) in enumerate(sheet.columns, 1):
        ws.cell(hr, c, header).font = Font(bold=True)
        ws.column_dimensions[get_column_letter(c)].width = max(10, 2 * len(header) + 4)
    keys = [k for k, _ in sheet.columns]
    for i, row in enumerate([*sheet.rows, *sheet.footer]):
        if row is None:
            continue
        for c, key in enumerate(keys, 1):
            value = row.get(key)
            if value is not None and value != "":
                _put(ws.cell(hr + 1 + i, c), value)
    for key, first, last in sheet.merges:
        c = keys.index(key) + 1
        ws.merge_cells(start_row=first, start_column=c, end_row=last, end_column=c)
    ws.freeze_panes = ws.cell(hr + 1, 1)


def _save_xlsx(path: Path, sheets: list[SheetData]) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        _fill_sheet(wb.create_sheet(sheet.name), sheet)
    wb.properties.creator = OFFICE
    wb.properties.created = datetime(*FIXED_STAMP)
    raw = io.BytesIO()
    wb.save(raw)
    # openpyxl stamps the save time into docProps/core.xml and the zip entries: pin both.
    stamp = b"2026-11-30T10:00:00Z"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)", rb"\g<1>" + stamp + rb"\g<2>", data)
            member = zipfile.ZipInfo(info.filename, date_time=FIXED_STAMP)
            member.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(member, data)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())


def _save_xls(path: Path, sheets: list[SheetData]) -> None:
    """A legacy BIFF8 workbook (xlwt), as old office PCs and WPS still produce."""
    wb = xlwt.Workbook(encoding="utf-8")
    title_style = xlwt.easyxf("font: bold on, height 280; align: horiz center")
    head_style = xlwt.easyxf("font: bold on")
    date_style = xlwt.easyxf(num_format_str=FMT_DATE)
    for sheet in sheets:
        ws = wb.add_sheet(sheet.name)
        ncol = len(sheet.columns)
        if sheet.title:
            ws.write_merge(0, 0, 0, ncol - 1, sheet.title, title_style)
        hr = sheet.header_row - 1
        for c, (_, header) in enumerate(sheet.columns):
            ws.write(hr, c, header, head_style)
            ws.col(c).width = 256 * max(10, 2 * len(header) + 4)
        for i, row in enumerate(sheet.rows):
            for c, (key, _) in enumerate(sheet.columns):
                value = None if row is None else row.get(key)
                if value is None or value == "":
                    continue
                if isinstance(value, date):
                    ws.write(hr + 1 + i, c, value, date_style)
                else:
                    ws.write(hr + 1 + i, c, value)
    raw = io.BytesIO()
    wb.save(raw)
    path.write_bytes(raw.getvalue())


# --------------------------------------------------------------------------- the office


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
GIVEN = "志强 秀英 桂兰 建国 海燕 伟 芳 娜 敏 静 丽华 强 磊 军 洋 勇 艳 杰 涛 明 超 秀兰 霞 平 刚 桂英 建华 文 辉 玉兰 春梅 国平 红霞 德胜 晓东 雪梅 立新 振华 淑珍 子涵 浩然 梓萱 宇航 欣怡 俊杰".split()  # noqa: SIM905 — a name list reads best as one line

# Staff of the office.
MANAGER = "赵国强"  # 管理处经理
SUPERVISOR = "王丽"  # 客服主管
CLERKS = ("孙晓燕", "李娜", "张婷")
TECHNICIANS = ("马建军", "吴德明", "郑海涛")
GUARDS = ("何志刚", "韩磊")
CASHIERS = ("刘敏", "陈静")
FINANCE = "周建华"


@dataclass(frozen=True)
class Unit:
    unit: str
    owner: str
    phone: str
    area: Decimal
    status: str


@dataclass
class Office:
    rng: random.Random
    units: list[Unit]
    planted: list[Planted] = field(default_factory=list)

    def unit(self, code: str) -> Unit:
        return next(u for u in self.units if u.unit == code)

    def plant(self, rule: str, file: str, sheet: str, row: int | None, note: str) -> None:
        self.planted.append(Planted(rule, file, sheet, row, note))


# Units whose details other registers rely on.
BIG_UNITS = {"1-1-1802": M("216.0"), "5-2-1801": M("198.5")}
RENOVATING = ("2-1-502", "4-2-902", "1-2-1201", "3-1-801", "5-1-1102", "2-2-601", "4-1-301")
AREAS = ("76.4", "89.5", "98.7", "112.3", "118.6", "128.6", "135.2", "143.8")


def _make_units(rng: random.Random) -> list[Unit]:
    used: set[str] = set()
    units = []
    for b in range(1, 6):
        for e in (1, 2):
            rooms = (301, 502, 801, 1102, 1501, 1802) if e == 1 else (202, 601, 902, 1201, 1501, 1801)
            for room in rooms:
                code = f"{b}-{e}-{room}"
                while True:
                    name = rng.choice(SURNAMES) + rng.choice(GIVEN)
                    if name not in used:
                        used.add(name)
                        break
                phone = "1" + rng.choice(("38", "39", "58", "59", "86", "87", "36", "77")) + f"{rng.randrange(10**8):08d}"
                if code == "3-2-1501":
                    phone = "13800138000"
                area = BIG_UNITS.get(code, M(rng.choice(AREAS)))
                status = "装修中" if code in RENOVATING else ("空置" if rng.random() < 0.1 else "入住")
                units.append(Unit(code, name, phone, area, status))
    return units


def _write_units(office: Office) -> tuple[str, list[SheetData]]:
    sheet = SheetData("业主档案", columns("units", headers={"area": "建筑面积（㎡）"}, front=(("seq", "序号"),)),
                      title=f"{OFFICE} 业主档案")
    for i, u in enumerate(office.units, 1):
        b = int(u.unit.split("-")[0])
        phone: object = u.phone
        if i % 7 == 0:
            phone = int(u.phone)  # typed as a number
        elif i % 11 == 0:
            phone = spaced_phone(u.phone)
        elif i == 20:
            phone = "0552-3871234"
        unit_text = unit_variants(u.unit)[1] if i in (9, 33) else u.unit
        sheet.add(seq=i, unit=unit_text, owner=u.owner, phone=phone, area=float(u.area),
                  handover_date=date(2019, 6, 28) if b <= 3 else date(2020, 12, 26), status=u.status)
    return "业主档案.xlsx", [sheet]


# --------------------------------------------------------------------------- repairs and return visits

REPAIR_FILE = "报修/住户报修记录表2026.xlsx"
VISIT_FILE = "回访记录表.xlsx"
COMPLAINT_FILE = "投诉/业主投诉记录表.xlsx"
REPAIR_CONTENT = ("卫生间下水道堵塞", "厨房水龙头漏水", "入户门锁芯损坏", "客厅吸顶灯不亮", "阳台地漏返水",
                  "电闸频繁跳闸", "可视对讲无声音", "窗户合页松动", "马桶水箱漏水", "卧室墙面渗水", "插座无电",
                  "热水器排烟管脱落")


@dataclass
class Repair:
    reported: datetime
    unit: str
    content: str
    appointment: datetime | None = None
    dispatched: datetime | None = None
    completed: datetime | None = None
    technician: str = ""
    work_order: str | None = "auto"
    resident: str | None = "auto"
    plant: tuple[str, str] | None = None
    duplicate_of: int | None = None  # repeat the id of the n-th earlier clean repair
    merge_next: bool = False
    repair_id: str = ""
    visit: bool = False


def _clean_repair(rng: random.Random, reported: datetime, unit: str) -> Repair:
    appointment = reported + timedelta(hours=rng.randint(2, 20))
    if appointment.hour < 9:
        appointment = appointment.replace(hour=9, minute=0)
    elif appointment.hour >= 18:
        appointment = (appointment + timedelta(days=1)).replace(hour=9, minute=30)
    else:
        appointment = appointment.replace(minute=0 if appointment.minute < 30 else 30)
    return Repair(reported=reported, unit=unit, content=rng.choice(REPAIR_CONTENT), appointment=appointment,
                  dispatched=reported + timedelta(minutes=rng.randint(3, 25)),
                  completed=appointment + timedelta(minutes=rng.randint(40, 180)),
                  technician=rng.choice(TECHNICIANS))


def _repairs(office: Office) -> dict[int, list[Repair]]:
    rng = office.rng
    units = [u.unit for u in office.units]
    months: dict[int, list[Repair]] = {}
    for month, count, last_day in ((10, 20, 31), (11, 24, 27)):
        rs = []
        for _ in range(count):
            reported = dt(month, rng.randint(1, last_day), rng.randint(8, 17), rng.randint(0, 59))
            rs.append(_clean_repair(rng, reported, rng.choice(units)))
        months[month] = rs
    oct_, nov = months[10], months[11]
    # Planted, October.
    r = _clean_repair(rng, dt(10, 14, 9, 12), "2-2-202")
    r.dispatched = dt(10, 14, 10, 5)
    r.plant = ("repair.dispatch-late", "dispatched 53 min after the report (limit 30)")
    oct_.append(r)
    r = _clean_repair(rng, dt(10, 22, 15, 40), "4-1-1501")
    r.appointment, r.completed = dt(10, 23, 9, 0), dt(10, 25, 16, 30)
    r.plant = ("repair.overdue", "completed 55.5 h after the appointment (limit 24 h)")
    oct_.append(r)
    # Two neighbours reporting the same leak at the same minute: the date cell is merged over both rows.
    for unit in ("3-1-1102", "3-1-801"):
        r = _clean_repair(rng, dt(10, 26, 8, 47), unit)
        r.content = "楼上漏水，卫生间吊顶滴水"
        oct_.append(r)
    # Planted, November.
    r = _clean_repair(rng, dt(11, 4, 13, 26), "1-2-1501")
    r.dispatched = dt(11, 4, 14, 20)
    r.plant = ("repair.dispatch-late", "dispatched 54 min after the report (limit 30)")
    nov.append(r)
    r = _clean_repair(rng, dt(11, 9, 10, 15), "5-1-502")
    r.appointment, r.completed = dt(11, 10, 14, 0), dt(11, 12, 10, 0)
    r.plant = ("repair.overdue", "completed 44 h after the appointment (limit 24 h)")
    nov.append(r)
    r = _clean_repair(rng, dt(11, 13, 16, 2), "2-1-1102")
    r.work_order = None
    r.plant = ("repair.no-work-order", "completed, work order number empty")
    nov.append(r)
    r = _clean_repair(rng, dt(11, 19, 15, 40), "4-2-1801")
    r.dispatched = dt(11, 19, 15, 20)
    r.plant = ("repair.time-order", "dispatched 20 min before it was reported")
    nov.append(r)
    r = _clean_repair(rng, dt(11, 21, 9, 33), "1-1-801")
    r.resident = None
    r.plant = ("input.missing-value", "住户姓名 (required) empty")
    nov.append(r)
    r = _clean_repair(rng, dt(11, 24, 14, 8), "5-2-601")
    r.plant = ("input.duplicate-id", "报修编号 repeats an earlier November repair")
    r.duplicate_of = 2
    nov.append(r)
    r = Repair(reported=dt(11, 30, 9, 20), unit="3-2-1501", content="入户门锁芯损坏", appointment=dt(12, 1, 9, 0),
               plant=("repair.not-dispatched", "reported 11-30 09:20, never dispatched"))
    nov.append(r)
    # Valid: reported late on the last day, dispatched, appointment tomorrow, not completed yet.
    r = _clean_repair(rng, dt(11, 30, 16, 5), "2-2-1201")
    r.appointment, r.completed = dt(12, 1, 10, 0), None
    nov.append(r)
    for month, rs in months.items():
        rs.sort(key=lambda x: (x.reported, x.unit))
        for i, r in enumerate(rs, 1):
            r.repair_id = f"BX2026{month:02d}{i:03d}"
        for r in rs:
            if r.duplicate_of is not None:
                # repeat the id of an earlier clean repair, a few rows above
                earlier = [x for x in rs[: rs.index(r)] if x.plant is None and not x.merge_next]
                r.repair_id = earlier[-r.duplicate_of].repair_id
        for a, b in itertools.pairwise(rs):
            if a.reported == b.reported:
                a.merge_next = True
        # Two in three clean completed repairs get a return visit (≥ 30 % target, with margin).
        clean = [r for r in rs if r.plant is None and r.completed is not None and r.duplicate_of is None]
        dup_ids = {r.repair_id for r in rs if r.duplicate_of is not None}
        for i, r in enumerate(clean):
            if i % 3 != 2 and r.repair_id not in dup_ids:
                r.visit = True
    return months


def _write_repairs(office: Office, months: dict[int, list[Repair]]) -> tuple[str, list[SheetData]]:
    rng = office.rng
    sheets = []
    for month, rs in months.items():
        headers = {"phone": "聯繫電話"} if month == 11 else {}
        sheet = SheetData(f"{month}月", columns("repair_log", headers=headers),
                          title=f"{OFFICE} 住户报修记录表 2026年{month}月")
        wo_seq = 0
        for i, r in enumerate(rs):
            u = office.unit(r.unit)
            reported: object = r.reported
            if i % 9 == 4 and not r.merge_next and (i == 0 or not rs[i - 1].merge_next):
                reported = cn_datetime(r.reported)  # text: 2026年11月5日 14:30
            appointment: object = r.appointment
            if i % 8 == 3:
                appointment = f"{r.appointment:%Y-%m-%d %H:%M}"
            phone: object = u.phone
            if i % 5 == 1:
                phone = int(u.phone)
            elif i % 5 == 3:
                phone = spaced_phone(u.phone)
            work_order = None
            if r.completed and r.work_order:
                wo_seq += 1
                work_order = f"PG{month:02d}{wo_seq:03d}"
            address = unit_variants(r.unit)[i % 3]
            row = sheet.add(repair_id=r.repair_id, reported_at=reported, resident=(u.owner if r.resident else None),
                            address=address, phone=phone, content=r.content, appointment=appointment,
                            dispatched_at=r.dispatched, technician=r.technician or None, work_order_no=work_order,
                            completed_at=r.completed, note=rng.choice(("", "", "", "已更换配件", "业主自购材料")))
            if r.merge_next:
                sheet.merges.append(("reported_at", row, row + 1))
            if r.plant:
                office.plant(r.plant[0], REPAIR_FILE, sheet.name, row, f"{r.repair_id}: {r.plant[1]}")
        sheets.append(sheet)
    return REPAIR_FILE, sheets


@dataclass
class Complaint:
    received: datetime
    unit: str
    content: str
    category: str
    department: str
    forwarded: datetime | None
    closed: datetime | None
    result: str
    plant: tuple[str, str] | None = None
    visit: bool = True
    complaint_id: str = ""


COMPLAINTS = (
    ("噪音扰民", "秩序部", "楼上夜间噪音扰民", "已上门劝导，住户表示配合"),
    ("环境卫生", "环境部", "单元门口垃圾未及时清运", "已安排保洁清运并加密频次"),
    ("停车管理", "秩序部", "车位被外来车辆占用", "已联系车主挪车，加强门岗登记"),
    ("设施设备", "工程部", "电梯运行时有异响", "已联系电梯维保单位检修"),
    ("服务态度", "客服部", "前台人员态度不好", "已批评教育，向业主致歉"),
    ("装修扰民", "秩序部", "邻居中午装修电钻噪音", "已告知装修时间规定，责令整改"),
    ("环境卫生", "环境部", "楼道内有宠物粪便", "已清理并张贴文明养宠提示"),
    ("设施设备", "工程部", "地下车库照明不足", "已更换损坏灯管"),
)


def _complaints(office: Office) -> dict[int, list[Complaint]]:
    rng = office.rng
    units = [u.unit for u in office.units]

    def clean(received: datetime) -> Complaint:
        category, dept, content, result = rng.choice(COMPLAINTS)
        forwarded = received + timedelta(minutes=rng.randint(5, 25))
        while True:  # closed in office hours, 2 h .. 46 h after receipt
            closed = datetime.combine(received.date() + timedelta(days=rng.randint(0, 1)),
                                      time(rng.randint(9, 18), rng.randint(0, 59)))
            if received + timedelta(hours=2) <= closed <= received + timedelta(hours=46):
                break
        return Complaint(received, rng.choice(units), content, category, dept, forwarded, closed, result)

    months: dict[int, list[Complaint]] = {}
    for month, count, last_day in ((10, 7, 28), (11, 9, 26)):
        months[month] = [clean(dt(month, rng.randint(1, last_day), rng.randint(8, 18), rng.randint(0, 59)))
                         for _ in range(count)]
    c = clean(dt(10, 18, 10, 30))
    c.closed, c.visit = dt(10, 19, 16, 0), False
    c.plant = ("visit.missing", "closed 10-19, never return-visited (limit 3 days)")
    months[10].append(c)
    c = clean(dt(11, 6, 19, 10))
    c.forwarded = dt(11, 6, 20, 25)
    c.plant = ("complaint.forward-late", "forwarded 75 min after receipt (limit 30)")
    months[11].append(c)
    c = clean(dt(11, 11, 9, 5))
    c.closed = dt(11, 14, 17, 30)
    c.plant = ("complaint.overdue", "closed 3 days 8 h after receipt (limit 2 days)")
    months[11].append(c)
    c = clean(dt(11, 16, 14, 20))
    c.closed, c.visit = dt(11, 17, 11, 0), False
    c.plant = ("visit.missing", "closed 11-17, never return-visited (limit 3 days)")
    months[11].append(c)
    # Valid: received on the last afternoon, forwarded, still open (2 days not yet passed).
    c = clean(dt(11, 30, 15, 40))
    c.closed, c.result, c.visit = None, "", False
    months[11].append(c)
    for month, cs in months.items():
        cs.sort(key=lambda x: x.received)
        for i, c in enumerate(cs, 1):
            c.complaint_id = f"TS2026{month:02d}{i:02d}"
    return months


def _write_complaints(office: Office, months: dict[int, list[Complaint]]) -> tuple[str, list[SheetData]]:
    sheet = SheetData("投诉记录", columns("complaints"), title=f"{OFFICE} 业主投诉记录表 2026年")
    i = 0
    for cs in months.values():
        for c in cs:
            u = office.unit(c.unit)
            i += 1
            if i == 5:
                sheet.blank()  # a blank row in the middle of the data
            row = sheet.add(complaint_id=c.complaint_id, received_at=c.received, complainant=u.owner,
                            unit=unit_variants(c.unit)[2 if i % 4 == 0 else 0],
                            phone=int(u.phone) if i % 3 == 0 else u.phone, content=c.content, category=c.category,
                            receiver=CLERKS[i % 3], forwarded_to=c.department, forwarded_at=c.forwarded,
                            result=c.result or None, closed_at=c.closed)
            if c.plant:
                office.plant(c.plant[0], COMPLAINT_FILE, sheet.name, row, f"{c.complaint_id}: {c.plant[1]}")
    # An old-layout sheet from last year without the 受理人 column.
    old = SheetData("旧表", columns("complaints", omit=("receiver",)), title="业主投诉记录表（2025年旧表）")
    for k, (received, unit) in enumerate(((datetime(2025, 3, 12, 9, 30), "1-1-301"),
                                          (datetime(2025, 6, 3, 15, 10), "4-2-1201")), 1):
        category, dept, content, result = COMPLAINTS[k]
        old.add(complaint_id=f"TS2025{k:04d}", received_at=received, complainant=office.unit(unit).owner, unit=unit,
                content=content, category=category, forwarded_to=dept, forwarded_at=received + timedelta(minutes=15),
                result=result, closed_at=received + timedelta(hours=20))
    office.plant("input.missing-column", COMPLAINT_FILE, old.name, None, "old sheet without the 受理人 column")
    return COMPLAINT_FILE, [sheet, old]


def _write_visits(office: Office, repairs: dict[int, list[Repair]],
                  complaints: dict[int, list[Complaint]]) -> tuple[str, list[SheetData]]:
    rng = office.rng
    visits: list[dict[str, object]] = []
    limit = dt(11, 30, 18, 0)
    results = ("满意", "满意", "非常满意", "基本满意", "维修及时，满意")
    for rs in repairs.values():
        for r in rs:
            if r.visit and r.completed:
                at = (r.completed + timedelta(days=1)).replace(hour=rng.randint(9, 16), minute=rng.randint(0, 59))
                if at <= limit:
                    visits.append(dict(visited_at=at, kind="报修", ref_id=r.repair_id, unit=r.unit,
                                       visitor=rng.choice(CLERKS), method=rng.choice(("电话", "电话", "上门", "微信")),
                                       result=rng.choice(results)))
    for cs in complaints.values():
        for c in cs:
            if c.visit and c.closed:
                at = (c.closed + timedelta(days=1)).replace(hour=rng.randint(9, 16), minute=rng.randint(0, 59))
                assert at <= limit
                visits.append(dict(visited_at=at, kind="投诉", ref_id=c.complaint_id, unit=c.unit,
                                   visitor=SUPERVISOR, method="电话", result=rng.choice(("满意", "基本满意", "认可处理结果"))))
    # Completion-month return-visit rates stay well above 30 %.
    for month in (10, 11):
        done = [r for rs in repairs.values() for r in rs if r.completed and r.completed.month == month]
        seen = {v["ref_id"] for v in visits if v["kind"] == "报修"}
        rate = sum(r.repair_id in seen for r in done) / len(done)
        assert rate >= 0.4, (month, rate)
    # Planted.
    unvisited_nov = next(r for r in repairs[11] if r.plant is None and r.completed and not r.visit
                         and r.completed < dt(11, 25))
    unvisited_oct = next(r for r in repairs[10] if r.plant is None and r.completed and not r.visit
                         and r.completed < dt(10, 25) and sum(x.repair_id == r.repair_id for x in repairs[10]) == 1)
    assert unvisited_nov.completed is not None and unvisited_oct.completed is not None
    planted: list[tuple[dict[str, Any], tuple[str, str]]] = [
        (dict(visited_at=dt(11, 18, 10, 20), kind="报修", ref_id="BX202611099", unit="2-1-1501", visitor=CLERKS[0],
              method="电话", result="满意"), ("visit.unknown-ref", "ref_id BX202611099 names no repair")),
        (dict(visited_at=unvisited_nov.completed + timedelta(days=1), kind="报修", ref_id=unvisited_nov.repair_id,
              unit=unvisited_nov.unit, visitor=CLERKS[1], method="电话", result=None),
         ("visit.no-result", f"visit of {unvisited_nov.repair_id} with no result")),
        (dict(visited_at=unvisited_oct.completed + timedelta(days=1), kind="报修", ref_id=unvisited_oct.repair_id,
              unit=unvisited_oct.unit, visitor=None, method="电话", result="满意"),
         ("input.missing-value", f"visit of {unvisited_oct.repair_id}: 回访人 (required) empty")),
    ]
    rows: list[tuple[dict[str, Any], tuple[str, str] | None]] = [(v, None) for v in visits]
    rows += planted
    rows.sort(key=lambda x: (x[0]["visited_at"], x[0]["ref_id"]))
    sheet = SheetData("回访记录", columns("return_visits", headers={"result": "回訪結果"}),
                      title=f"{OFFICE} 回访记录表 2026年10-11月")
    for i, (v, plant) in enumerate(rows):
        if i % 10 == 6:
            v = {**v, "unit": unit_variants(str(v["unit"]))[1]}
        row = sheet.add(**v)
        if plant:
            office.plant(plant[0], VISIT_FILE, sheet.name, row, plant[1])
    return VISIT_FILE, [sheet]


# --------------------------------------------------------------------------- keys

KEY_FILE = "钥匙管理.xlsx"

# (key id prefix, category, kind, label) — every type has a regular key (A) and an emergency spare (B).
KEY_TYPES: tuple[tuple[str, str, str, str], ...] = (
    ("YZ-01", "业主钥匙", "防盗门", "3-2-1501"),
    ("YZ-02", "业主钥匙", "防盗门", "1-2-202"),
    ("YZ-03", "业主钥匙", "电子对讲门", "4-1-1501"),
    ("YZ-04", "业主钥匙", "信箱", "2-2-902"),
    ("YZ-05", "业主钥匙", "室内门", "5-1-801"),
    ("YZ-06", "业主钥匙", "水表箱", "3-1-1802"),
    ("GG-01", "公共门窗钥匙", "", "1F"),
    ("GG-02", "公共门窗钥匙", "", "B1"),
    ("GG-03", "公共门窗钥匙", "", "18F"),
    ("GG-04", "公共门窗钥匙", "", "5层"),
    ("SB-01", "设备房钥匙", "", "水泵房"),
    ("SB-02", "设备房钥匙", "", "配电房"),
    ("SB-03", "设备房钥匙", "", "消控室"),
    ("SB-04", "设备房钥匙", "", "电梯机房"),
    ("SX-01", "水表箱钥匙", "", "3栋"),
    ("SX-02", "水表箱钥匙", "", "1栋"),
    ("SX-03", "水表箱钥匙", "", "3-2"),
)


def _write_keys(office: Office) -> tuple[str, list[SheetData]]:
    inv = SheetData("钥匙清单", columns("keys.inventory"), title=f"{OFFICE} 钥匙清单")
    for prefix, category, kind, label in KEY_TYPES:
        spare_label = unit_variants(label)[1] if prefix == "YZ-01" else label  # same unit, typed differently
        inv.add(key_id=f"{prefix}A", category=category, kind=kind or None, label=label, count=2,
                emergency_spare="否", location="客服中心钥匙柜")
        inv.add(key_id=f"{prefix}B", category=category, kind=kind or None, label=spare_label, count=1,
                emergency_spare="是" if prefix != "GG-03" else "√", location="应急钥匙箱")
    row = inv.add(key_id="SB-05A", category="设备房钥匙", label="发电机房", count=2, emergency_spare="否",
                  location="客服中心钥匙柜")
    office.plant("key.no-emergency-spare", KEY_FILE, inv.name, row, "发电机房 key: no emergency spare")
    row = inv.add(key_id="YZ-07B", category="业主钥匙", kind="车库门", label="4-1-1102", count=1,
                  emergency_spare="是", location="应急钥匙箱")
    office.plant("key.unknown-category", KEY_FILE, inv.name, row, "owner key of kind 车库门 (not in the list)")
    row = inv.add(key_id="GG-05B", category="公共门窗钥匙", label="水泵房", count=1, emergency_spare="是",
                  location="应急钥匙箱")
    office.plant("key.bad-label", KEY_FILE, inv.name, row, "public door/window key labelled 水泵房, not a floor")

    ledger = SheetData("借还记录", columns("keys.ledger"), title=f"{OFFICE} 钥匙借还登记表")
    eng, sec = "工程部", "秩序部"
    loans: list[tuple[dict[str, object], tuple[str, str] | None]] = [
        (dict(out_at=dt(10, 3, 9, 0), key_id="SB-01A", borrower="马建军", department=eng, purpose="水泵房例行巡检",
              approver=SUPERVISOR, returned_at=dt(10, 3, 11, 20)), None),
        (dict(out_at=dt(10, 9, 14, 0), key_id="YZ-01A", borrower="吴德明", department=eng,
              purpose="入户检修漏水（业主电话授权）", approver=SUPERVISOR, returned_at=dt(10, 9, 16, 30)), None),
        (dict(out_at=dt(10, 11, 8, 30), key_id="GG-02A", borrower="何志刚", department=sec, purpose="地下室消防巡查",
              approver=SUPERVISOR, due_at="2026-10-32 17:00", returned_at=dt(10, 11, 12, 0)),
         ("input.bad-value", "预计归还时间 2026-10-32 17:00 is not a date")),
        (dict(out_at=dt(10, 15, 10, 0), key_id="SX-01A", borrower="张德胜", department=None, purpose="抄水表",
              approver=SUPERVISOR, returned_at=dt(10, 15, 11, 30)),
         ("key.private-borrow", "borrower 张德胜 with no department")),
        (dict(out_at=dt(10, 21, 22, 40), key_id="SB-02B", borrower="何志刚", department=sec, purpose="夜间配电跳闸紧急处理",
              approver=MANAGER, returned_at=dt(10, 21, 23, 50)),
         ("key.spare-lent", "the 配电房 emergency spare lent out")),
        # Valid: due in 48 h, returned after 30 h — due_at governs.
        (dict(out_at=dt(10, 24, 9, 0), key_id="SB-04A", borrower="郑海涛", department=eng, purpose="配合电梯年检",
              approver=SUPERVISOR, due_at=dt(10, 26, 9, 0), returned_at=dt(10, 25, 15, 0)), None),
        (dict(out_at=dt(11, 2, 9, 30), key_id="SB-01A", borrower="马建军", department=eng, purpose="水泵房例行巡检",
              approver=SUPERVISOR, returned_at=dt(11, 2, 10, 40)), None),
        (dict(out_at=dt(11, 5, 14, 0), key_id="GG-04A", borrower="韩磊", department=sec, purpose="更换楼道灯",
              approver=None, returned_at=dt(11, 5, 15, 10)),
         ("key.unregistered-borrow", "no approver")),
        (dict(out_at=dt(11, 11, 19, 0), key_id="YZ-03A", borrower="何志刚", department=sec,
              purpose="个人私事，帮亲戚开门", approver=SUPERVISOR, returned_at=dt(11, 11, 19, 30)),
         ("key.private-borrow", "personal purpose (个人私事，帮亲戚开门)")),
        (dict(out_at=dt(11, 16, 9, 0), key_id="SB-03A", borrower="郑海涛", department=eng, purpose="消防系统维保",
              approver=SUPERVISOR, returned_at=dt(11, 17, 15, 0)),
         ("key.overdue", "returned 30 h after it was lent (limit 24 h)")),
        (dict(out_at=dt(11, 20, 9, 0), key_id="SB-01A", borrower="马建军", department=eng, purpose="更换水泵密封件",
              approver=SUPERVISOR, due_at=dt(11, 20, 17, 0), returned_at=dt(11, 20, 15, 0)), None),
        (dict(out_at=dt(11, 20, 10, 0), key_id="SB-01A", borrower="吴德明", department=eng, purpose="水泵房取工具",
              approver=SUPERVISOR, returned_at=dt(11, 20, 11, 0)),
         ("key.double-borrow", "SB-01A lent while still out to 马建军")),
        (dict(out_at=dt(11, 23, 10, 0), key_id="SB-09A", borrower="马建军", department=eng, purpose="空调机房检修",
              approver=SUPERVISOR, returned_at=dt(11, 23, 11, 30)),
         ("key.unknown-key", "key SB-09A is not in the inventory")),
        (dict(out_at=dt(11, 27, 9, 10), key_id="YZ-02A", borrower="吴德明", department=eng,
              purpose="入户更换水表阀门（业主授权）", approver=SUPERVISOR, returned_at=dt(11, 27, 10, 5)), None),
    ]
    for i, (loan, plant) in enumerate(loans):
        row = ledger.add(**loan, keeper=CLERKS[i % 3])
        if plant:
            office.plant(plant[0], KEY_FILE, ledger.name, row, f"{loan['key_id']}: {plant[1]}")
    return KEY_FILE, [inv, ledger]


# --------------------------------------------------------------------------- archives (legacy .xls)

ARCHIVE_FILE = "档案管理.xls"


def _write_archives(office: Office) -> tuple[str, list[SheetData]]:
    insp = SheetData("档案检查", columns("archives.inspections"), title=f"{OFFICE} 档案检查记录")
    insp.add(date=date(2026, 3, 16), inspector=SUPERVISOR, scope="业主档案、装修档案", findings="2份装修档案缺验收单",
             remedy="已补齐")
    insp.add(date=date(2026, 9, 21), inspector=MANAGER, scope="全部档案", findings="无", remedy="无")
    loans = SheetData("档案借阅", columns("archives.loans"), title=f"{OFFICE} 档案借阅登记")
    rows: list[tuple[dict[str, object], tuple[str, str] | None]] = [
        (dict(date=d(10, 9), file="业主档案 3-2-1501", borrower="孙晓燕", kind="查阅", purpose="核对产权信息",
              approver=SUPERVISOR, returned_at=d(10, 9)), None),
        (dict(date=d(10, 12), file="工程图纸 2栋给排水", borrower="马建军", kind="借阅", purpose="维修查图",
              approver=MANAGER, returned_at=d(10, 25)), ("archive.overdue", "returned after 13 days (limit 7)")),
        (dict(date=d(10, 20), file="装修档案2026", borrower="街道住建办 刘科长", kind="上级检查", purpose="装修管理检查",
              returned_at=d(10, 20)), None),
        (dict(date=d(10, 27), file="设备档案 电梯", borrower="郑海涛", kind="借阅", purpose="电梯年检资料",
              approver=SUPERVISOR, returned_at=dot_date(d(10, 30))), None),
        (dict(date=d(11, 4), file="业主档案 5-2-1801", borrower="李娜", kind="查阅", purpose="核对面积",
              approver=SUPERVISOR, returned_at=d(11, 4)), None),
        (dict(date=d(11, 10), file="工程图纸 4栋电气", borrower="吴德明", kind="借阅", purpose="线路改造",
              returned_at=d(11, 12)), ("archive.unapproved-loan", "借阅 with no approver")),
        (dict(date=slash_date(d(11, 17)), file="装修档案 2-1-502", borrower="张婷", kind="借阅", purpose="装修验收",
              approver=SUPERVISOR, returned_at=d(11, 20)), None),
        (dict(date=d(11, 19), file="设备档案 消防", borrower="郑海涛", kind="借阅", purpose="消防维保",
              approver=MANAGER), ("archive.overdue", "lent 11-19, not returned by 11-30 (limit 7 days)")),
        (dict(date=d(11, 27), file="业主档案 1-1-1802", borrower="孙晓燕", kind="借阅", purpose="产权变更",
              approver=SUPERVISOR), None),
    ]
    for loan, plant in rows:
        row = loans.add(**loan)
        if plant:
            office.plant(plant[0], ARCHIVE_FILE, loans.name, row, f"{loan['file']}: {plant[1]}")
    return ARCHIVE_FILE, [insp, loans]


# --------------------------------------------------------------------------- fee ledger and renovations

FEE_FILE = "收费台账.xlsx"
RENO_FILE = "装修登记.xlsx"
SCHEDULE = {  # item: (class, basis, unit price)
    "物业服务费": ("物业服务费", "按面积", M("1.20")),
    "电梯费": ("物业服务费", "按面积", M("0.30")),
    "水费": ("代收代缴", "按用量", M("3.50")),
    "电费": ("代收代缴", "按用量", M("0.56")),
    "停车费": ("其他", "按户", M("150.00")),
    "装修管理费": ("装修管理费", "按次", M("300.00")),
    "装修押金": ("押金", "按次", M("2000.00")),
}
LARGE = M("5000.00")


@dataclass
class Receipt:
    paid_at: datetime
    unit: str
    item: str
    amount: Decimal
    method: str
    cashier: str
    period: str | None = None
    months: int | None = None
    quantity: Decimal | None = None
    unit_price: Decimal | None = None
    status: str = "正常"
    note: str = ""
    plant: tuple[str, str] | None = None
    gap_before: bool = False
    number: int = 0
    date_text: bool = False

    @property
    def no(self) -> str:
        return f"NO.{self.number:07d}"

    @property
    def counts(self) -> bool:
        return self.status == "正常"


def _period_text(start: tuple[int, int], months: int, style: int) -> str:
    y, m = start
    ey, em = y + (m - 1 + months - 1) // 12, (m - 1 + months - 1) % 12 + 1
    if months == 1:
        return f"{y}-{m:02d}" if style == 0 else f"{y}年{m}月"
    if style == 0 or ey != y:
        return f"{y}.{m:02d}-{ey}.{em:02d}"
    return f"{y}年{m}月-{em}月"


def _area_receipt(rng: random.Random, office: Office, paid_at: datetime, unit: str, item: str, months: int,
                  start: tuple[int, int], method: str, cashier: str) -> Receipt:
    price = SCHEDULE[item][2]
    area = office.unit(unit).area
    amount = M(price * area * months)
    with_qty = rng.random() < 0.4
    with_months = rng.random() < 0.5
    return Receipt(paid_at, unit, item, amount, method, cashier, period=_period_text(start, months, rng.randrange(2)),
                   months=months if with_months else None, quantity=area if with_qty else None, unit_price=price)


def _random_receipt(rng: random.Random, office: Office, paid_at: datetime) -> Receipt:
    unit = rng.choice(office.units).unit
    method = rng.choice(("现金", "现金", "现金", "微信", "微信", "微信", "支付宝", "支付宝", "银行卡", "转账"))
    cashier = rng.choice(CASHIERS)
    item = rng.choice(("物业服务费",) * 5 + ("电梯费", "水费", "水费", "电费", "停车费", "停车费"))
    if item in ("物业服务费", "电梯费"):
        months = rng.choice((1, 1, 3, 3, 6, 12))
        start = (2026, paid_at.month) if months == 1 else (2026, rng.choice((10, 11))) if months < 6 else (2027, 1)
        return _area_receipt(rng, office, paid_at, unit, item, months, start, method, cashier)
    price = SCHEDULE[item][2]
    if item == "停车费":
        months = rng.choice((1, 3, 6))
        return Receipt(paid_at, unit, item, M(price * months), method, cashier,
                       period=_period_text((2026, paid_at.month), months, 0), months=months, quantity=M(1),
                       unit_price=price)
    qty = M(rng.randint(6, 28) if item == "水费" else rng.randint(80, 420))
    prev = (2026, paid_at.month - 1)
    return Receipt(paid_at, unit, item, M(price * qty), method, cashier, period=_period_text(prev, 1, 1), months=1,
                   quantity=qty, unit_price=price)


@dataclass
class Renovation:
    permit_id: str
    unit: str
    applied: date
    scope: str
    alterations: str
    approved: date
    verified_by: str | None = None
    verified: date | None = None
    started: date | None = None
    finished: date | None = None
    inspected: date | None = None
    refunded: date | None = None
    fee: Decimal = Decimal("300.00")
    deposit: Decimal = Decimal("2000.00")
    paid_at: datetime | None = None
    method: str = "微信"
    cashier: str = CASHIERS[0]
    missing_receipt: str | None = None  # a receipt number written on the permit but absent from the ledger
    plant: tuple[str, str] | None = None
    receipts: list[Receipt] = field(default_factory=list)


def _renovations() -> list[Renovation]:
    return [
        Renovation("ZX2026-018", "2-1-502", d(10, 8), "全屋翻新（不涉及结构）", "否", d(10, 9), started=d(10, 11),
                   finished=d(10, 28), inspected=d(10, 30), refunded=d(11, 3), paid_at=dt(10, 9, 10, 20), method="现金",
                   cashier=CASHIERS[1]),
        Renovation("ZX2026-019", "4-2-902", d(10, 13), "厨房卫生间翻新", "否", d(10, 14), started=d(10, 16),
                   paid_at=dt(10, 14, 15, 5), missing_receipt="NO.0011987",
                   plant=("renovation.fee-mismatch", "deposit receipt NO.0011987 is not in the fee ledger")),
        Renovation("ZX2026-020", "1-2-1201", d(10, 8), "更换地板、墙面刷漆", "否", d(10, 9), started=d(10, 10),
                   finished=d(10, 18), inspected=d(10, 22), refunded=d(10, 20), paid_at=dt(10, 9, 14, 30),
                   method="支付宝", plant=("renovation.no-acceptance", "deposit refunded 10-20, before the 10-22 acceptance")),
        Renovation("ZX2026-021", "3-1-801", d(11, 2), "卫生间改造", "改动卫生间防水层", d(11, 4), verified_by="吴德明",
                   verified=d(11, 3), started=d(11, 6), paid_at=dt(11, 4, 9, 40), method="现金"),
        Renovation("ZX2026-022", "5-1-1102", d(11, 8), "阳台改造", "拆除阳台非承重墙", d(11, 10), started=d(11, 13),
                   paid_at=dt(11, 10, 10, 10), method="银行卡",
                   plant=("renovation.unverified-alteration", "拆除阳台非承重墙 approved with no verification")),
        Renovation("ZX2026-023", "2-2-601", d(11, 12), "全屋装修", "否", d(11, 13), started=d(11, 16), deposit=M(1500),
                   paid_at=dt(11, 13, 11, 0), method="转账", cashier=CASHIERS[1],
                   plant=("renovation.fee-mismatch", "deposit recorded as 1,500.00 (schedule 2,000.00)")),
        Renovation("ZX2026-024", "4-1-301", d(10, 26), "厨房橱柜更换", "否", d(10, 27), started=d(10, 29),
                   finished=d(11, 12), paid_at=dt(10, 27, 16, 20),
                   plant=("renovation.no-acceptance", "finished 11-12, no acceptance inspection by 11-30")),
    ]


def _receipts(office: Office, renos: list[Renovation]) -> list[Receipt]:
    rng = office.rng
    receipts: list[Receipt] = []
    day = d(10, 8)  # the office reopens after the National Day holiday
    while day <= d(11, 30):
        for _ in range(rng.choice((1, 2, 2, 3, 3))):
            at = datetime.combine(day, time(rng.randint(8, 16), rng.randint(0, 59)))
            receipts.append(_random_receipt(rng, office, at))
        day += timedelta(days=1)
    for r in receipts:
        assert r.amount < LARGE
    # Renovation fee and deposit: two consecutive receipts on the approval day.
    for reno in renos:
        assert reno.paid_at is not None
        fee = Receipt(reno.paid_at, reno.unit, "装修管理费", SCHEDULE["装修管理费"][2], reno.method, reno.cashier,
                      quantity=M(1), unit_price=SCHEDULE["装修管理费"][2], note=reno.permit_id)
        dep = Receipt(reno.paid_at + timedelta(minutes=1), reno.unit, "装修押金", SCHEDULE["装修押金"][2], reno.method,
                      reno.cashier, quantity=M(1), unit_price=SCHEDULE["装修押金"][2], note=reno.permit_id)
        reno.receipts = [fee] if reno.missing_receipt else [fee, dep]
        receipts.extend(reno.receipts)

    def area(at: datetime, unit: str, item: str, months: int, start: tuple[int, int], method: str, cashier: str,
             **kw: object) -> Receipt:
        r = _area_receipt(rng, office, at, unit, item, months, start, method, cashier)
        for k, v in kw.items():
            setattr(r, k, v)
        receipts.append(r)
        return r

    # Forced cash on the days the daily-handover plants need, and the planted receipts themselves.
    area(dt(10, 16, 11, 5), "2-1-1501", "物业服务费", 3, (2026, 10), "现金", CASHIERS[1])
    area(dt(11, 12, 10, 15), "1-2-902", "物业服务费", 3, (2026, 11), "现金", CASHIERS[0])
    area(dt(11, 20, 14, 35), "4-2-601", "物业服务费", 6, (2026, 11), "现金", CASHIERS[1])
    area(dt(11, 24, 9, 50), "3-1-301", "电梯费", 3, (2026, 11), "现金", CASHIERS[0])
    area(dt(11, 3, 10, 30), "1-1-1802", "物业服务费", 24, (2026, 11), "现金", CASHIERS[1],
         note="预交两年")  # large, reported the same day
    r = area(dt(11, 24, 15, 20), "5-2-1801", "物业服务费", 24, (2026, 11), "转账", CASHIERS[0], note="预交两年")
    r.plant = ("fee.large-not-reported", f"{yuan(r.amount)} receipt, 大额已报 否 that day")
    r = area(dt(10, 21, 9, 30), "3-2-1201", "物业服务费", 3, (2026, 10), "支付宝",
             CASHIERS[0])
    assert r.unit_price is not None
    r.amount = M(r.unit_price * office.unit(r.unit).area * 2)  # charged for two months of a three-month period
    r.months, r.period = None, "2026.10-2026.12"
    r.plant = ("fee.price-mismatch", f"amount {yuan(r.amount)} is 2 months' fee for a 3-month period")
    r = Receipt(dt(11, 17, 15, 45), "2-2-1801", "垃圾清运费", M(50), "微信", CASHIERS[1], quantity=M(1),
                unit_price=M(50), note="装修垃圾")
    r.plant = ("fee.unknown-item", "垃圾清运费 is not on the fee schedule")
    receipts.append(r)
    r = Receipt(dt(11, 10, 16, 40), "5-1-1501", "停车费", M(150), "微信", CASHIERS[0], period="2026-11", months=1,
                quantity=M(1), unit_price=M(150), gap_before=True)
    r.plant = ("fee.receipt-gap", "the number before this receipt is missing from the series")
    receipts.append(r)
    # A voided cash receipt (stays as a 作废 row, no gap) immediately re-issued.
    void = area(dt(11, 6, 10, 0), "4-1-1802", "物业服务费", 3, (2026, 11), "现金", CASHIERS[0], status="作废",
                note="金额填错作废")
    receipts.append(Receipt(void.paid_at + timedelta(minutes=2), void.unit, void.item, void.amount, void.method,
                            void.cashier, period=void.period, months=void.months, quantity=void.quantity,
                            unit_price=void.unit_price, note="重开"))

    receipts.sort(key=lambda x: x.paid_at)
    number = 12000
    for i, r in enumerate(receipts):
        number += 2 if r.gap_before else 1
        r.number = number
        r.date_text = i % 13 == 5 and r.method != "现金" and r.plant is None
    return receipts


@dataclass
class Handover:
    day: date
    cashier: str
    cash: Decimal
    noncash: Decimal
    large: bool
    handed_at: datetime | None
    plant: tuple[str, str] | None = None


def _handovers(receipts: list[Receipt]) -> tuple[list[Handover], list[tuple[str, str]]]:
    """One row per day per cashier who took cash (日收日清), with the planted daily violations applied."""
    groups: dict[tuple[date, str], list[Receipt]] = {}
    for r in receipts:
        if r.counts:
            groups.setdefault((r.paid_at.date(), r.cashier), []).append(r)
    rows: list[Handover] = []
    sheetless: list[tuple[str, str]] = []
    for (day, cashier), rs in sorted(groups.items()):
        cash = sum((r.amount for r in rs if r.method == "现金"), M(0))
        if not cash:
            continue
        h = Handover(day, cashier, cash, sum((r.amount for r in rs if r.method != "现金"), M(0)),
                     any(r.amount >= LARGE for r in rs), datetime.combine(day, time(17, 30)))
        if (day, cashier) == (d(10, 16), CASHIERS[1]):
            h.handed_at = dt(10, 17, 9, 10)
            h.plant = ("fee.handover-late", "10-16 cash handed over 10-17 09:10")
        elif (day, cashier) == (d(11, 12), CASHIERS[0]):
            h.cash -= M(100)
            h.plant = ("fee.not-cleared", f"handed {yuan(h.cash)}, cash receipts {yuan(cash)}")
        elif (day, cashier) == (d(11, 24), CASHIERS[0]):
            assert h.large
            h.large = False
        elif (day, cashier) == (d(11, 20), CASHIERS[1]):
            sheetless.append(("fee.not-cleared", f"{CASHIERS[1]} took {yuan(cash)} cash on 11-20, no 日结上交 row"))
            continue
        rows.append(h)
    return rows, sheetless


def _write_fee_ledger(office: Office, receipts: list[Receipt]) -> tuple[str, list[SheetData]]:
    rng = office.rng
    rec = SheetData("收费明细", columns("fee_ledger.receipts", headers={"amount": "金额(元)", "unit_price": "单价（元）"}),
                    title=f"{OFFICE} 收费明细台账 2026年10-11月")
    for i, r in enumerate(receipts):
        variant = unit_variants(r.unit)[(i // 4) % 3] if i % 4 == 0 else r.unit
        paid: object = r.paid_at
        if r.date_text:
            paid = (slash_date, dot_date)[i % 2](r.paid_at.date())
        elif i % 17 == 9:
            paid = cn_datetime(r.paid_at)
        amount: object = yuan(r.amount) if r.amount >= 1000 and i % 3 == 0 else r.amount
        row = rec.add(receipt_no=r.no, paid_at=paid, unit=variant, payer=office.unit(r.unit).owner, item=r.item,
                      period=r.period, months=r.months, quantity=None if r.quantity is None else float(r.quantity),
                      unit_price=r.unit_price, amount=amount, method=r.method, cashier=r.cashier, status=r.status,
                      note=r.note or None)
        if r.plant:
            office.plant(r.plant[0], FEE_FILE, rec.name, row, f"{r.no}: {r.plant[1]}")
    last = rec.header_row + len(rec.rows)
    col = rec.column_letter("amount")
    rec.footer.append({"receipt_no": "合计", "amount": f"=SUM({col}{rec.header_row + 1}:{col}{last})"})
    rec.footer.append({"receipt_no": f"制表人：{CASHIERS[0]}", "method": f"审核：{FINANCE}"})

    sched = SheetData("收费标准", columns("fee_ledger.schedule", back=(("note", "备注"),)),
                      title=f"{OFFICE} 收费标准（明码标价）")
    units_text = {"按面积": "元/㎡·月", "按户": "元/户·月", "按用量": "元/吨", "按次": "元/次"}
    for item, (cls, basis, price) in SCHEDULE.items():
        note = {"电费": "元/度", "装修押金": "验收合格后无息退还"}.get(item, units_text[basis])
        sched.add(item=item, **{"class": cls}, basis=basis, unit_price=price, valid_from=date(2026, 1, 1), note=note)

    handovers, sheetless = _handovers(receipts)
    hand = SheetData("日结上交", columns("fee_ledger.handover"), title=f"{OFFICE} 收费日结上交登记")
    for i, h in enumerate(handovers):
        row = hand.add(date=h.day if i % 10 != 7 else dot_date(h.day), cashier=h.cashier, cash_handed=h.cash,
                       noncash_total=h.noncash, handed_at=h.handed_at, receiver=FINANCE,
                       deposit_slip=f"CK{h.day:%Y%m%d}-{CASHIERS.index(h.cashier) + 1}",
                       large_reported="是" if h.large else "否")
        if h.plant:
            office.plant(h.plant[0], FEE_FILE, hand.name, row, f"{h.day} {h.cashier}: {h.plant[1]}")
    for rule, note in sheetless:
        office.plant(rule, FEE_FILE, rec.name, None, note)

    exp = SheetData("支出明细", columns("fee_ledger.expenditures"), title=f"{OFFICE} 支出明细")
    expenses: list[tuple[dict[str, object], tuple[str, str] | None]] = [
        (dict(date=d(10, 10), category="保洁费", description="保洁用品采购", amount=M("1280.00"), method="转账"), None),
        (dict(date=d(10, 20), category="押金退还", description="退还1-2-1201装修押金", amount=M("2000.00"),
              method="转账"), None),
        (dict(date=d(10, 25), category="绿化费", description="10月绿化养护", amount=M("3500.00"), method="转账"), None),
        (dict(date=d(10, 30), category="维保费", description="10月电梯维保", amount=M("4200.00"), method="转账"), None),
        (dict(date=d(11, 3), category="押金退还", description="退还2-1-502装修押金", amount=M("2000.00"),
              method="转账"), None),
        (dict(date=d(11, 14), category="办公费", description="打印纸、墨盒", amount=yuan(M("436.00")), method="转账"),
         None),
        (dict(date=d(11, 18), category="维修费", description="3栋单元门闭门器更换", amount=M("680.00"), method="转账",
              approver=None), ("fee.unapproved-expense", "expenditure with no approver")),
        (dict(date=d(11, 22), category="保洁费", description="垃圾袋采购", amount="3OO.00", method="转账"),
         ("input.bad-value", "金额 typed 3OO.00 (letter O)")),
        (dict(date=d(11, 25), category="维修费", description="购买水泵维修配件", amount=M("236.50"), method="现金"),
         None),
        (dict(date=d(11, 28), category="维保费", description="11月电梯维保", amount=M("4200.00"), method="转账"), None),
    ]
    cash_out: list[tuple[date, Decimal]] = []
    for i, (e, plant) in enumerate(expenses, 1):
        values = {"handler": rng.choice((SUPERVISOR, CLERKS[0])), "approver": MANAGER, **e}
        row = exp.add(voucher=f"ZC2026{i:03d}", **values)
        if values["method"] == "现金":
            day, amount = values["date"], values["amount"]
            assert isinstance(day, date) and isinstance(amount, Decimal)
            cash_out.append((day, amount))
        if plant:
            office.plant(plant[0], FEE_FILE, exp.name, row, f"ZC2026{i:03d}: {plant[1]}")

    def expected(at: datetime) -> Decimal:
        taken = sum((r.amount for r in receipts if r.counts and r.method == "现金" and r.paid_at <= at), M(0))
        handed = sum((h.cash for h in handovers if h.handed_at and h.handed_at <= at), M(0))
        handed_by_day = sum((h.cash for h in handovers if h.day <= at.date()), M(0))
        assert handed == handed_by_day, "a count must not fall between a collection day and its late handover"
        spent = sum((a for day, a in cash_out if day <= at.date()), M(0))
        return taken - handed - spent

    count = SheetData("现金盘点", columns("fee_ledger.cash_counts", back=(("note", "备注"),)),
                      title=f"{OFFICE} 库存现金盘点表")
    count.add(at=dt(10, 31, 20, 0), counted=expected(dt(10, 31, 20, 0)), counter=CASHIERS[0], witness=MANAGER,
              note="月末盘点")
    row = count.add(at=dt(11, 15, 20, 0), counted=expected(dt(11, 15, 20, 0)) - M(50), counter=CASHIERS[1],
                    witness=FINANCE, note="抽查")
    office.plant("fee.cash-count-mismatch", FEE_FILE, count.name, row,
                 f"counted {yuan(expected(dt(11, 15, 20, 0)) - M(50))}, expected {yuan(expected(dt(11, 15, 20, 0)))}")
    final = expected(dt(11, 30, 20, 0))
    assert final > 0
    count.add(at=dt(11, 30, 20, 0), counted=yuan(final), counter=CASHIERS[0], witness=MANAGER, note="月末盘点")
    return FEE_FILE, [rec, sched, hand, exp, count]


def _write_renovations(office: Office, renos: list[Renovation]) -> tuple[str, list[SheetData]]:
    sheet = SheetData("装修登记", columns("renovations", headers={"fee": "装修管理费（元）", "deposit": "装修押金(元)"}),
                      title=f"{OFFICE} 装修登记表 2026年")
    for i, rn in enumerate(sorted(renos, key=lambda x: x.permit_id)):
        numbers = [r.no for r in rn.receipts] + ([rn.missing_receipt] if rn.missing_receipt else [])
        verified_by = rn.verified_by if rn.alterations != "否" else None
        row = sheet.add(permit_id=rn.permit_id, unit=unit_variants(rn.unit)[1] if i == 2 else rn.unit,
                        owner=office.unit(rn.unit).owner, applied_at=rn.applied if i != 3 else slash_date(rn.applied),
                        scope=rn.scope, alterations=rn.alterations, verified_by=verified_by, verified_at=rn.verified,
                        approved_at=rn.approved, fee=yuan(rn.fee) if i % 2 else rn.fee, deposit=rn.deposit,
                        receipt_no=("、" if i % 2 else " / ").join(numbers), started_at=rn.started,
                        finished_at=rn.finished, inspected_at=rn.inspected,
                        inspector=TECHNICIANS[0] if rn.inspected else None, deposit_refunded_at=rn.refunded)
        if rn.plant:
            office.plant(rn.plant[0], RENO_FILE, sheet.name, row, f"{rn.permit_id}: {rn.plant[1]}")
    return RENO_FILE, [sheet]


# --------------------------------------------------------------------------- duty log and shift handovers

DUTY_FILE = "值班记录表.xlsx"
HANDOVER_FILE = "交接班记录.xlsx"
ROUTINE = (("巡查小区公共区域，情况正常", "正常，已记录"),
           ("接业主电话咨询缴费事宜", "已解答"),
           ("巡查地下车库，发现一处照明故障", "已通知工程部维修"),
           ("接报单元门禁失灵", "已通知工程部，当晚修复"),
           ("巡查消防通道，清理堆放杂物", "已清理完毕"))


def _write_duty(office: Office) -> tuple[str, list[SheetData]]:
    rng = office.rng
    sheet = SheetData("值班记录", columns("duty_log"), title=f"{OFFICE} 值班记录表 2026年10-11月")
    no_cover = (d(10, 7), d(11, 18))
    day, i = d(10, 1), 0
    while day <= d(11, 30):
        if day in no_cover:
            office.plant("duty.no-cover", DUTY_FILE, sheet.name, None, f"no duty record on {day}")
            day += timedelta(days=1)
            continue
        i += 1
        situation, outcome = rng.choice(ROUTINE)
        values: dict[str, object] = dict(date=day if i % 9 != 4 else dot_date(day),
                                         officer=(*CLERKS, *GUARDS)[i % 5],
                                         start=time(8, 0) if i % 6 else "08:00", end=time(20, 0) if i % 6 else "20:00",
                                         situation=situation, outcome=outcome, major="否")
        plant: tuple[str, str] | None = None
        if day == d(10, 21):
            values.update(situation="2栋1单元水管爆裂，楼道积水", outcome="关闭总阀，抢修完毕", major="是",
                          report_date=d(10, 22))
        elif day == d(11, 8):
            values.update(situation="5栋电梯困人一名", outcome="15分钟内解困，无人受伤", major="是", report_date=d(11, 8))
        elif day == d(11, 14):
            values.update(outcome=None)
            plant = ("duty.incomplete", "处理结果 empty")
        elif day == d(11, 26):
            values.update(situation="小区突发停电约2小时", outcome="联系供电公司恢复供电", major="是", report_date=None)
            plant = ("duty.major-unreported", "major event with no written report")
        row = sheet.add(**values)
        if plant:
            office.plant(plant[0], DUTY_FILE, sheet.name, row, f"{day}: {plant[1]}")
        day += timedelta(days=1)
    return DUTY_FILE, [sheet]


def _write_handovers(office: Office) -> tuple[str, list[SheetData]]:
    rng = office.rng
    sheet = SheetData("交接班", columns("handovers"), title=f"{OFFICE} 交接班记录")
    day = d(10, 1)
    staff = (*CLERKS, *GUARDS)
    while day <= d(11, 30):
        k = day.toordinal()
        out, inc = staff[k % 5], staff[(k + 1) % 5]
        values: dict[str, object] = dict(
            at=datetime.combine(day, time(20, 0)), outgoing=out, incoming=inc, pending="无",
            instructions=rng.choice(("无", "无", "做好夜间防火巡查", "注意天气变化，检查排水")),
            repairs=rng.choice(("无", "无", "3栋路灯已修复", "地库照明已更换")), open_major="否",
            outgoing_signed=rng.choice((out, "√", "已签")), incoming_signed=rng.choice((inc, "√")))
        plant: tuple[str, str] | None = None
        if day == d(10, 19):
            values.update(pending="2栋电梯维保记录未签收，需跟进")
            plant = ("handover.pending-passed", "unfinished work passed on")
        elif day == d(11, 8):
            values.update(open_major="是")
            plant = ("handover.open-emergency", "handed over while the lift entrapment was still open")
        elif day == d(11, 9):
            values.update(incoming_signed=None)
            plant = ("handover.unsigned", "incoming shift did not sign")
        elif day == d(11, 22):
            values.update(pending="4栋业主投诉噪音待回复")
            plant = ("handover.pending-passed", "unfinished work passed on")
        row = sheet.add(**values)
        if plant:
            office.plant(plant[0], HANDOVER_FILE, sheet.name, row, f"{day}: {plant[1]}")
        day += timedelta(days=1)
    return HANDOVER_FILE, [sheet]


# --------------------------------------------------------------------------- entry points

BROKEN_FILE = "损坏的台账.xlsx"


def write_demo(dest: Path) -> list[Planted]:
    """Write the demo office into ``dest`` and return the planted violations.

    ``dest`` is created if missing; an existing non-empty folder is refused
    (:class:`FileExistsError`).  The content is the same on every run.
    """
    dest = Path(dest)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise FileExistsError(f"{dest} exists and is not empty")
    dest.mkdir(parents=True, exist_ok=True)

    rng = random.Random(SEED)
    office = Office(rng, _make_units(rng))
    repairs = _repairs(office)
    complaints = _complaints(office)
    renos = _renovations()
    receipts = _receipts(office, renos)

    books = [
        _write_units(office),
        _write_repairs(office, repairs),
        _write_visits(office, repairs, complaints),
        _write_complaints(office, complaints),
        _write_keys(office),
        _write_renovations(office, renos),
        _write_fee_ledger(office, receipts),
        _write_duty(office),
        _write_handovers(office),
    ]
    for name, sheets in books:
        _save_xlsx(dest / name, sheets)
    name, sheets = _write_archives(office)
    _save_xls(dest / name, sheets)
    (dest / BROKEN_FILE).write_text("这不是Excel文件：网盘同步中断，文件已损坏。\n", encoding="utf-8")
    office.plant("input.unreadable", BROKEN_FILE, "", None, "a .xlsx that is really plain text")
    (dest / "registers.toml").write_text(CONFIG, encoding="utf-8")
    from registers.demo.statements import write_demo_statements

    write_demo_statements(dest, office.planted)
    return sorted(office.planted, key=lambda p: (p.rule, p.file, p.sheet, p.row or 0))


def planted() -> list[Planted]:
    """The planted violations, without keeping the office."""
    with tempfile.TemporaryDirectory() as tmp:
        return write_demo(Path(tmp) / "office")


if __name__ == "__main__":  # pragma: no cover
    import sys

    for p in write_demo(Path(sys.argv[1] if len(sys.argv) > 1 else "demo-office")):
        print(p.rule, p.file, p.sheet, p.row, p.note, sep="\t")
