"""The monthly income and expenditure statement (收支明细表): compute, workbook, HTML."""
