"""A small office laid out as clerks lay it out (title row, footer, a second workbook), and saves made the
way Excel and WPS make them: a temporary file beside the register, renamed over it, the lock file present."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from tests.support.helpers import make_office

INV = ["钥匙编号", "钥匙类别", "钥匙种类", "标识", "数量", "紧急备用", "存放位置"]
KEYS: list[list[Any]] = [
    ["K1", "业主钥匙", "防盗门", "3-2-1501", 1, "是", "钥匙柜A"],
    ["K2", "设备房钥匙", "卷帘门", "水泵房", 1, "否", "钥匙柜B"],
    ["K3", "公共门窗钥匙", "消防门", "5F", 2, "否", "钥匙柜B"],
]
UNITS: list[list[Any]] = [["房號", "業主姓名", "建築面積"], ["3-2-1501", "王五", 89.5], ["1-1-101", "李四", 100]]


def key_office(root: Path) -> Path:
    """钥匙管理.xlsx (a title row above the headers, 制表人 under the rows) and 业主档案.xlsx (Traditional headers)."""
    return make_office(root, {
        "钥匙管理.xlsx": {"钥匙清单": [["某某管理处钥匙管理台账（2026年）"], INV, *KEYS, [], ["制表人：张三"]]},
        "业主档案.xlsx": {"業主檔案": UNITS},
    })


def save_like_excel(path: Path, edit: Any) -> None:
    """Open ``path`` with openpyxl, ``edit(worksheet)``, and save it as Excel and WPS do: the lock file
    ``~$name`` beside it while the workbook is open, the new version written to a temporary file in the
    same folder and renamed over the register; the lock file stays (the clerk still has it open)."""
    lock = path.with_name("~$" + path.name)
    lock.write_bytes(b"\x05clerk" + b" " * 40)
    wb = load_workbook(path)
    edit(wb.worksheets[0])
    tmp = path.with_name("A1B2C3D4")  # Excel's temporary name: eight hex digits, no extension
    wb.save(tmp)
    os.replace(tmp, path)
