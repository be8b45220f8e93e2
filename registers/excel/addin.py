"""What ``registers excel install`` writes: the free xlwings route, as plain text files.

The route (docs/excel.md walks a person through it):

* the **xlwings add-in** (``xlwings addin install``, free, open source) provides
  ``RunPython`` to VBA;
* ``registers.bas`` — six tiny macros (``RegistersCheck``, ``RegistersApply``, ``RegistersUndo``,
  ``RegistersClear``, ``RegistersCloseDay``, ``RegistersMonthly``), each one line
  ``RunPython "import registers.excel.entry as e; e.check()"`` — imported once
  into the clerk's Personal Macro Workbook (PERSONAL.XLSB) and put on the Quick
  Access Toolbar, so the buttons are there for every register the clerk opens
  and the register stays the active workbook when a button is clicked;
* ``xlwings.conf`` — the Python that has ``registers`` installed (copied to
  ``%USERPROFILE%\\.xlwings\\xlwings.conf`` with ``--user-config``).

Why not a generated ``.xlsm`` with buttons: a macro-enabled workbook needs a
compiled ``vbaProject.bin`` that only Excel writes; a ``.bas`` file is text,
written here on any system, and a clerk's register never needs to become an
``.xlsm`` (nor to be copied: the buttons work on the register as it is open).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

MACROS = {
    "RegistersCheck": ("check", "Check this workbook: mark the findings (click again after fixing)"),
    "RegistersApply": ("apply", "Write the suggestions ticked on the results sheet, each with a note"),
    "RegistersUndo": ("undo", "Put back what the accepted suggestions changed"),
    "RegistersClear": ("clear", "Remove the marks the last check made"),
    "RegistersCloseDay": ("close_day", "End-of-day close for this office folder"),
    "RegistersMonthly": ("monthly", "Monthly report for this office folder"),
}
# Workbooks that hold the macros rather than registers: a button there works on the active workbook.
MACRO_HOSTS = ("personal.xlsb", "personal.xls")
MACRO_HOST_SUFFIXES = (".xlam", ".xla")


def is_macro_host(name: str) -> bool:
    n = name.lower()
    return n in MACRO_HOSTS or n.endswith(MACRO_HOST_SUFFIXES)


def bas_module() -> str:
    """The VBA module, ASCII only (VBA reads .bas files in the system code page), CRLF line ends."""
    lines = ['Attribute VB_Name = "registers"',
             "' registers: one-click checks of the office registers (see docs/excel.md).",
             "' Needs the xlwings add-in and, in the VBA editor, Tools > References > xlwings.",
             ""]
    for sub, (entry, doc) in MACROS.items():
        lines += [f"Sub {sub}()",
                  f"    ' {doc}",
                  f'    RunPython "import registers.excel.entry as e; e.{entry}()"',
                  "End Sub", ""]
    return "\r\n".join(lines)


def xlwings_conf(interpreter: str | None = None) -> str:
    """xlwings settings: the Python interpreter that has registers installed."""
    python = interpreter or sys.executable
    key = "INTERPRETER_WIN" if (interpreter or sys.platform == "win32") and not python.startswith("/") \
        else "INTERPRETER_MAC"
    return f'"{key}","{python}"\r\n"USE UDF SERVER","False"\r\n"SHOW CONSOLE","False"\r\n'


README = """registers — 在 Excel 中一键核查台账 / one-click checks in Excel
=================================================================

本文件夹由 `registers excel install` 生成，包含：
  registers.bas   六个宏：RegistersCheck（核查）、RegistersApply（采用建议）、
                  RegistersUndo（撤销建议）、RegistersClear（清除标记）、
                  RegistersCloseDay（日结）、RegistersMonthly（月报）
  xlwings.conf    xlwings 设置：装有 registers 的 Python

一次性安装（Windows，Excel 2016 及以上）：
  1. 命令行：pip install "registers[excel]"，然后 xlwings addin install
  2. Excel：开发工具 > 录制宏 > “保存在：个人宏工作簿” > 停止录制
     （这样会建立 PERSONAL.XLSB）
  3. Alt+F11 打开 VBA 编辑器，选中 VBAProject (PERSONAL.XLSB)：
     工具 > 引用 > 勾选 xlwings；文件 > 导入文件 > 选本文件夹的 registers.bas；保存
  4. 文件 > 选项 > 快速访问工具栏 > 从“宏”中添加 PERSONAL.XLSB!RegistersCheck、
     RegistersApply、RegistersUndo 和 RegistersClear（可改名为“核查”“采用建议”“撤销建议”“清除标记”）
  5. 把 xlwings.conf 复制到 %USERPROFILE%\\.xlwings\\xlwings.conf
     （或运行 registers excel install --user-config）

使用：打开任一台账，点“核查”：有问题的单元格标色并加批注，新表“核查结果”列出全部问题
并可点击跳转；能从台账推出正确值的问题，列出“建议值”和“依据”。在“采用”列打✓，点“采用建议”：
打✓的建议写入单元格，每个改过的单元格加批注写明原值和依据（不会自动保存，满意后自己保存）；
点“撤销建议”还原。改正后再点“核查”：已改正的单元格恢复原来的颜色。点“清除标记”去掉全部标记
（您自己设的颜色和批注不受影响）。台账文件夹最上层应有 registers.toml（registers init 会写），
这样跨台账的规则也能核查。

详细的手工测试步骤见 docs/excel.md。
"""


@dataclass
class Installed:
    written: list[Path]
    kept: list[Path]


def install(dest: Path, *, interpreter: str | None = None, user_config: Path | None = None,
            force: bool = False) -> Installed:
    """Write ``registers.bas``, ``xlwings.conf`` and a README into ``dest``; existing files are kept
    unless ``force``.  ``user_config`` (e.g. ``~/.xlwings/xlwings.conf``) gets the settings too."""
    dest.mkdir(parents=True, exist_ok=True)
    files = {
        dest / "registers.bas": bas_module(),
        dest / "xlwings.conf": xlwings_conf(interpreter),
        dest / "README-Excel.txt": README.replace("\n", "\r\n"),
    }
    if user_config is not None:
        files[user_config] = xlwings_conf(interpreter)
    out = Installed([], [])
    for path, text in files.items():
        if path.exists() and not force:
            out.kept.append(path)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("ascii" if path.suffix == ".bas" else "utf-8-sig" if path.suffix == ".txt"
                                     else "utf-8"))
        out.written.append(path)
    return out
