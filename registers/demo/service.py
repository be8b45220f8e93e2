"""The demo's service registers: repairs (报修), complaints (投诉) and the return visits (回访) to both.

They stand together because a return visit follows a repair or a complaint: the visits
register is written from the other two.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from registers.demo.common import (
    CLERKS,
    OFFICE,
    SUPERVISOR,
    TECHNICIANS,
    Office,
    SheetData,
    cn_datetime,
    columns,
    dt,
    spaced_phone,
    unit_variants,
)

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


def make_repairs(office: Office) -> dict[int, list[Repair]]:
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


def write_repairs(office: Office, months: dict[int, list[Repair]]) -> tuple[str, list[SheetData]]:
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


def make_complaints(office: Office) -> dict[int, list[Complaint]]:
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


def write_complaints(office: Office, months: dict[int, list[Complaint]]) -> tuple[str, list[SheetData]]:
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


def write_visits(office: Office, repairs: dict[int, list[Repair]],
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
