"""Names the messages put in: the registers (``register.*``), the value types a cell should hold (``type.*``)
and the reasons a file cannot be read or a statement is incomplete (``reason.*``).

Apart from the interface's words because :func:`registers.i18n.render_message` fills them into rule messages
(``{register_name}``, ``{type}``, ``{reason}``) by the prefix, not by a caller naming the key.
"""

from __future__ import annotations

T = dict[str, str]

REGISTER_NAMES: dict[str, T] = {
    "register.units": {"zh-Hans": "业主档案", "zh-Hant": "業主檔案", "en": "Owner archive"},
    "register.repair_log": {"zh-Hans": "住户报修记录表", "zh-Hant": "住戶報修記錄表", "en": "Repair log"},
    "register.return_visits": {"zh-Hans": "回访记录表", "zh-Hant": "回訪記錄表", "en": "Return visits"},
    "register.complaints": {"zh-Hans": "业主投诉记录表", "zh-Hant": "業主投訴記錄表", "en": "Complaints"},
    "register.keys": {"zh-Hans": "钥匙管理", "zh-Hant": "鑰匙管理", "en": "Key register"},
    "register.keys.inventory": {"zh-Hans": "钥匙清单", "zh-Hant": "鑰匙清單", "en": "Key inventory"},
    "register.keys.ledger": {"zh-Hans": "钥匙借还记录", "zh-Hant": "鑰匙借還記錄", "en": "Key loans"},
    "register.archives": {"zh-Hans": "档案管理", "zh-Hant": "檔案管理", "en": "Archives"},
    "register.archives.inspections": {"zh-Hans": "档案检查记录", "zh-Hant": "檔案檢查記錄", "en": "Archive inspections"},
    "register.archives.loans": {"zh-Hans": "档案借阅记录", "zh-Hant": "檔案借閱記錄", "en": "Archive loans"},
    "register.renovations": {"zh-Hans": "装修登记", "zh-Hant": "裝修登記", "en": "Renovations"},
    "register.fee_ledger": {"zh-Hans": "收费台账", "zh-Hant": "收費台賬", "en": "Fee ledger"},
    "register.fee_ledger.receipts": {"zh-Hans": "收费明细", "zh-Hant": "收費明細", "en": "Receipts"},
    "register.fee_ledger.schedule": {"zh-Hans": "收费标准", "zh-Hant": "收費標準", "en": "Fee schedule"},
    "register.fee_ledger.handover": {"zh-Hans": "日结上交", "zh-Hant": "日結上交", "en": "Daily handover"},
    "register.fee_ledger.expenditures": {"zh-Hans": "支出明细", "zh-Hant": "支出明細", "en": "Expenditures"},
    "register.fee_ledger.cash_counts": {"zh-Hans": "现金盘点", "zh-Hant": "現金盤點", "en": "Cash counts"},
    "register.fee_ledger.roll": {"zh-Hans": "收费台账（按户）", "zh-Hant": "收費台賬（按戶）", "en": "Fee roll"},
    "register.fee_ledger.bills": {"zh-Hans": "应收清单", "zh-Hant": "應收清單", "en": "Bills"},
    "register.duty_log": {"zh-Hans": "值班记录表", "zh-Hant": "值班記錄表", "en": "Duty log"},
    "register.handovers": {"zh-Hans": "交接班记录", "zh-Hant": "交接班記錄", "en": "Shift handovers"},
    "register.office": {"zh-Hans": "整个办公文件夹", "zh-Hant": "整個辦公資料夾", "en": "Office folder"},
}

TYPE_NAMES: dict[str, T] = {
    "type.date": {"zh-Hans": "日期", "zh-Hant": "日期", "en": "a date"},
    "type.datetime": {"zh-Hans": "日期时间", "zh-Hant": "日期時間", "en": "a date and time"},
    "type.time": {"zh-Hans": "时间", "zh-Hant": "時間", "en": "a time"},
    "type.money": {"zh-Hans": "金额", "zh-Hant": "金額", "en": "an amount of money"},
    "type.roll": {"zh-Hans": "金额或 已缴/√、未缴/0、空置/-", "zh-Hant": "金額或 已繳/√、未繳/0、空置/-",
                  "en": "an amount, or 已缴/√ (paid), 未缴/0 (unpaid), 空置/- (not billed)"},
    "type.number": {"zh-Hans": "数字", "zh-Hant": "數字", "en": "a number"},
    "type.int": {"zh-Hans": "整数", "zh-Hant": "整數", "en": "a whole number"},
    "type.phone": {"zh-Hans": "电话号码", "zh-Hant": "電話號碼", "en": "a phone number"},
    "type.bool": {"zh-Hans": "是/否", "zh-Hant": "是/否", "en": "yes/no"},
    "type.unit": {"zh-Hans": "房号（如 3-2-1501）", "zh-Hant": "房號（如 3-2-1501）", "en": "a unit (e.g. 3-2-1501)"},
    "type.enum": {"zh-Hans": "可选值之一：{choices}", "zh-Hant": "可選值之一：{choices}", "en": "one of: {choices}"},
    "type.period": {"zh-Hans": "所属期间（如 2026.10-2026.12）", "zh-Hant": "所屬期間（如 2026.10-2026.12）",
               "en": "a period (e.g. 2026.10-2026.12)"},
}

REASONS: dict[str, T] = {
    "reason.encrypted": {"zh-Hans": "工作簿设有打开密码", "zh-Hant": "工作簿設有開啟密碼",
                  "en": "the workbook is password-protected"},
    "reason.not-spreadsheet": {"zh-Hans": "不是电子表格文件（内容不是 Excel/WPS/ODS 格式）",
                        "zh-Hant": "不是電子表格檔案（內容不是 Excel/WPS/ODS 格式）",
                        "en": "not a spreadsheet (the content is not Excel, WPS or ODS)"},
    "reason.corrupt": {"zh-Hans": "文件已损坏或格式不完整（{detail}）", "zh-Hant": "檔案已損壞或格式不完整（{detail}）",
                "en": "the file is corrupt or incomplete ({detail})"},
    "reason.empty": {"zh-Hans": "文件为空（0 字节）", "zh-Hant": "檔案為空（0 位元組）", "en": "the file is empty (0 bytes)"},
    "reason.too-large": {"zh-Hans": "文件过大（{detail}），超过设置 max_file_mb",
                  "zh-Hant": "檔案過大（{detail}），超過設定 max_file_mb",
                  "en": "the file is too large ({detail}), over the max_file_mb setting"},
    "reason.too-many-cells": {"zh-Hans": "工作表跨越的单元格数过多（{detail}），超过设置 max_cells",
                       "zh-Hant": "工作表跨越的儲存格數過多（{detail}），超過設定 max_cells",
                       "en": "a sheet spans too many cells ({detail}), over the max_cells setting"},
    "reason.locked": {"zh-Hans": "文件被占用或无权限读取，请关闭后重试", "zh-Hant": "檔案被佔用或無權限讀取，請關閉後重試",
               "en": "the file is locked or not readable; close it and try again"},
    "reason.os-error": {"zh-Hans": "读取出错（{detail}）", "zh-Hant": "讀取出錯（{detail}）", "en": "read error ({detail})"},
    "reason.changed": {"zh-Hans": "读取时文件正在被保存（{detail}），未核查此文件，请稍后重试",
                "zh-Hant": "讀取時檔案正在被儲存（{detail}），未核查此檔案，請稍後重試",
                "en": "the file was being saved while it was read ({detail}), so it was not checked; try again"},
    "reason.zip-bomb": {"zh-Hans": "解压后体积异常（{detail}），超过设置 max_unzipped_mb / max_compression_ratio，疑似“压缩炸弹”",
                 "zh-Hant": "解壓後體積異常（{detail}），超過設定 max_unzipped_mb / max_compression_ratio，疑似「壓縮炸彈」",
                 "en": "it unpacks to an absurd size ({detail}), over the max_unzipped_mb / max_compression_ratio settings "
                       "(a \"zip bomb\")"},
    # why a platform statement is incomplete (registers.io.statements, registers.rules.payments)
    "reason.statement-no-cover": {"zh-Hans": "{detail} 有该渠道的非现金收款，但没有覆盖这一天的平台对账单",
                           "zh-Hant": "{detail} 有該渠道的非現金收款，但沒有涵蓋這一天的平台對帳單",
                           "en": "there are receipts of this channel on {detail} but no platform statement covers that day"},
    "reason.statement-truncated": {"zh-Hans": "对账单在第 {detail} 行中断，缺少汇总（文件不完整，请重新下载）",
                            "zh-Hant": "對帳單在第 {detail} 行中斷，缺少匯總（檔案不完整，請重新下載）",
                            "en": "the statement stops at line {detail} without its summary (incomplete: download it again)"},
    "reason.statement-summary": {"zh-Hans": "汇总与明细不符（明细笔数 / 金额 ≠ 汇总：{detail}）",
                          "zh-Hant": "匯總與明細不符（明細筆數 / 金額 ≠ 匯總：{detail}）",
                          "en": "the summary disagrees with the details (details count / amount ≠ summary: {detail})"},
    "reason.statement-bad-line": {"zh-Hans": "第 {detail} 行无法读取（字段缺失或格式不符），其后的明细未核对",
                           "zh-Hant": "第 {detail} 行無法讀取（欄位缺失或格式不符），其後的明細未核對",
                           "en": "line {detail} cannot be read (fields missing or malformed); the details after it were not checked"},
    "reason.statement-unreadable": {"zh-Hans": "文件无法按 UTF-8 或 GBK 读取（{detail}）",
                             "zh-Hant": "檔案無法按 UTF-8 或 GBK 讀取（{detail}）",
                             "en": "the file cannot be read as UTF-8 or GBK ({detail})"},
}
