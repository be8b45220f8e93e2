"""The demo's key register (钥匙管理) and the legacy ``.xls`` archive register (档案管理).

Both are registers of things lent and returned, kept apart from the money and the service
registers; the archive is the demo's one ``.xls`` workbook.
"""

from __future__ import annotations

from datetime import date

from registers.demo.common import (
    CLERKS,
    MANAGER,
    OFFICE,
    SUPERVISOR,
    Office,
    SheetData,
    columns,
    d,
    dot_date,
    dt,
    slash_date,
    unit_variants,
)

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


def write_keys(office: Office) -> tuple[str, list[SheetData]]:
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

ARCHIVE_FILE = "档案管理.xls"


def write_archives(office: Office) -> tuple[str, list[SheetData]]:
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
