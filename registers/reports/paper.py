"""How a sheet we write prints: A4, as wide as one page, the header rows on every page, page numbers.

One helper for every workbook (findings, day close, monthly, 对账), so that each prints the same way in
Excel, WPS and LibreOffice.  Rows holding wrapped text keep their height automatic (the reader sizes them
as it lays the text out) unless a writer sets it, so no text is cut or drawn over its neighbour.
"""

from __future__ import annotations

from xlsxwriter.worksheet import Worksheet

from registers.i18n import word

A4 = 9


def header_text(text: str) -> str:
    """Text for a page header or footer: ``&`` escaped, cut to what Excel accepts."""
    return text.replace("&", "&&")[:100]


def print_setup(ws: Worksheet, lang: str, *, header_rows: int = 1, landscape: bool = True,
                pages_tall: int = 0, header: str | None = None, area: tuple[int, int, int, int] | None = None,
                margins: tuple[float, float, float, float] = (0.4, 0.4, 0.6, 0.6)) -> None:
    """A4 (``landscape`` where the sheet is wide), every column on one page's width, the first ``header_rows``
    rows repeated on every page (0: none), ``第 1 页，共 3 页`` at the foot; ``pages_tall`` 1 fits the sheet on one
    page (0: as many as it takes); ``area`` (first row, first col, last row, last col) is what prints."""
    ws.set_paper(A4)
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    left, right, top, bottom = margins
    ws.set_margins(left=left, right=right, top=top, bottom=bottom)
    ws.fit_to_pages(1, pages_tall)
    if header_rows > 0:
        ws.repeat_rows(0, header_rows - 1)
    if area is not None:
        ws.print_area(*area)
    if header is not None:
        ws.set_header(header)
    ws.set_footer(f"&R{word('page', lang)}")
