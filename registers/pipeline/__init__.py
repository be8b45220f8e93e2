"""Check, record history, write the findings workbook: the one sequence every command calls."""
