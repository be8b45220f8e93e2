"""The findings report: terminal table, JSON and the findings workbook."""
