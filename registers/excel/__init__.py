"""Meeting clerks inside Excel: one-click checks through xlwings (see docs/excel.md).

:mod:`.interface` is what the Excel side needs from a workbook, :mod:`.actions`
the logic (tested in memory, :mod:`.memory`), :mod:`.xlwings_book` the thin
xlwings adapter, :mod:`.entry` what the buttons call, :mod:`.addin` what
``registers excel install`` writes.
"""
