"""What every register of the demo office shares: the office's constants, :class:`Planted`, the
value helpers that write a clerk's formats, the people, the units and the office's state.

Each register group (:mod:`.service`, :mod:`.keys`, :mod:`.fees`, :mod:`.duty`) draws its
names and units from the one :class:`Office` and plants its violations there, so this module
stands below all of them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

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
        letter: str = get_column_letter([k for k, _ in self.columns].index(key) + 1)
        return letter


def columns(kind_key: str, *, headers: dict[str, str] | None = None, omit: tuple[str, ...] = (),
            front: tuple[tuple[str, str], ...] = (), back: tuple[tuple[str, str], ...] = ()) -> list[tuple[str, str]]:
    """The register's columns in spec order, labels from ``spec.py`` (with per-sheet header variants)."""
    headers = headers or {}
    kind = KIND_BY_KEY[kind_key]
    cols = [(f.name, headers.get(f.name, f.label)) for f in kind.fields if f.name not in omit and not f.part_of]
    return [*front, *cols, *back]


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


def make_units(rng: random.Random) -> list[Unit]:
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


def write_units(office: Office) -> tuple[str, list[SheetData]]:
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
