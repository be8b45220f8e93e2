"""The group summary: workbook and terminal."""
