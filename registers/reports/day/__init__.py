"""The end-of-day close (日结): compute, workbook, HTML."""
