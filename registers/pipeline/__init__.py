"""Whole runs, end to end: :mod:`.check` holds the one sequence every command calls (check, record
the run in the history, write the findings workbook); :mod:`.day` and :mod:`.monthly` build the
day close and the monthly report on it."""
