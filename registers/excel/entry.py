"""What the buttons call (xlwings ``RunPython``): ``import registers.excel.entry as e; e.check()``.

Each entry point takes the workbook that called it (``xlwings.Book.caller()``),
wraps it in the adapter and runs the logic of :mod:`registers.excel.actions`;
the clerk sees the outcome in a message box.  Nothing is saved, closed or
copied: the clerk's workbook stays open as it was, with the marks added.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from registers.excel import actions
from registers.excel.xlwings_book import XlwingsBook, caller_book

TITLE = "registers 核查"


@contextmanager
def _session(book: XlwingsBook, status: str) -> Iterator[None]:
    app = book.book.app
    app.status_bar = status
    app.screen_updating = False
    try:
        yield
    finally:
        app.screen_updating = True
        app.status_bar = False  # give the status bar back to Excel


def _run(status: str, job: Callable[[XlwingsBook], str]) -> None:
    book = caller_book()
    try:
        with _session(book, status):
            text = job(book)
    except actions.ExcelActionError as exc:
        text = str(exc)
    except Exception as exc:  # the clerk must see a message, not a silent failure
        from registers.check import RunError
        from registers.i18n import word

        text = word(exc.key, "zh-Hans", **exc.kw) if isinstance(exc, RunError) else f"核查出错 / failed: {exc!r}"
    book.book.app.alert(text, title=TITLE)


def check() -> None:
    """The "核查" button: mark this workbook's findings (a second click re-checks after fixing)."""

    def job(book: XlwingsBook) -> str:
        result = actions.check_open_workbook(book)
        book.book.sheets[result.results_sheet].activate()
        return result.message()

    _run("registers：正在核查…", job)


def clear() -> None:
    """The "清除标记" button: remove the marks the last check made, and only those."""

    def job(book: XlwingsBook) -> str:
        r = actions.clear_highlights(book)
        text = f"已清除 {r.restored} 个单元格的标色、{r.notes_removed} 条批注。"
        if r.kept or r.notes_kept:
            text += f"（{r.kept} 个您重新设过颜色的单元格、{r.notes_kept} 条您改过的批注保持不变。）"
        return text

    _run("registers：正在清除标记…", job)


def apply() -> None:
    """The "采用建议" button: write the suggestions ticked on the 核查结果 sheet, each changed cell with a note."""
    from registers.excel import suggest

    def job(book: XlwingsBook) -> str:
        return suggest.apply_suggestions(book).message()

    _run("registers：正在采用建议…", job)


def undo() -> None:
    """The "撤销建议" button: put back what the accepted suggestions changed (Excel's undo does not reach it)."""
    from registers.excel import suggest

    def job(book: XlwingsBook) -> str:
        r = suggest.undo_suggestions(book)
        text = f"已还原 {r.restored} 个单元格。"
        if r.kept:
            text += f"（{r.kept} 个采用后您又改过的单元格保持不变。）"
        return text

    _run("registers：正在撤销建议…", job)


def close_day() -> None:
    """The "日结" button: the library's end-of-day close for this office folder."""
    _run("registers：正在日结…", lambda book: _done(actions.close_day_from_excel(book)))


def monthly() -> None:
    """The "月报" button: the library's monthly report for this office folder."""
    _run("registers：正在生成月报…", lambda book: _done(actions.monthly_from_excel(book)))


def _done(out: Any) -> str:
    """What a library run wrote (its ``paths``), for the message box."""
    paths = getattr(out, "paths", None)
    if paths:
        return "完成，已写入 / written:\n" + "\n".join(str(p) for p in paths)
    return "完成。 / Done."
