"""The demo's duty log (值班记录) and shift handovers (交接班记录): the office's day-to-day records."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from registers.demo.common import CLERKS, GUARDS, OFFICE, Office, SheetData, columns, d, dot_date

DUTY_FILE = "值班记录表.xlsx"
HANDOVER_FILE = "交接班记录.xlsx"
ROUTINE = (("巡查小区公共区域，情况正常", "正常，已记录"),
           ("接业主电话咨询缴费事宜", "已解答"),
           ("巡查地下车库，发现一处照明故障", "已通知工程部维修"),
           ("接报单元门禁失灵", "已通知工程部，当晚修复"),
           ("巡查消防通道，清理堆放杂物", "已清理完毕"))


def write_duty(office: Office) -> tuple[str, list[SheetData]]:
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


def write_handovers(office: Office) -> tuple[str, list[SheetData]]:
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
