"""The watch loop: the first check, then a re-check after each settled save, until Ctrl-C or SIGTERM.

Each re-check's outputs, in the order a clerk waits for them: the page (if served), the terminal's
short block (new and resolved findings), then the findings workbook (written to a temporary file and
renamed: :func:`registers.core.output.write_atomically`).  A workbook still being saved when read is
read again shortly (:data:`RETRY_SECONDS`, up to :data:`RETRIES` times) before anything is shown for it.
Stopping waits for the re-check under way to finish its outputs: nothing is left half-written.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from registers.core.resources import release_memory
from registers.core.settings import ConfigError, load_settings
from registers.i18n import word
from registers.watch.saves import Watcher
from registers.watch.session import Update, WatchOptions, WatchSession

if TYPE_CHECKING:
    import threading

    from rich.console import Console

    from registers.watch.server import Hub, PageServer

RETRY_SECONDS = 0.5
RETRIES = 4
SHOWN = 20  # new / resolved findings listed in the terminal; the page and the workbook have them all


def print_update(console: Console, update: Update, saved: list[str]) -> None:
    """The terminal's block for one re-check (the existing renderer's lines for each finding)."""
    from registers.i18n import render_message, suggestion_text
    from registers.reports.findings.terminal import SEVERITY_STYLE, file_link, print_finding, print_lines

    lang = update.lang
    print_lines(console, [(word("watch.checked", lang, time=update.at.strftime("%H:%M:%S"), n=update.number,
                                seconds=f"{update.seconds:.2f}", parsed=update.parsed, cached=update.cached,
                                ran=update.ran, kept=update.kept), "bold")])
    if saved:
        print_lines(console, [(word("watch.saved", lang, files="、".join(saved)), "")], indent=2, hang=4)
    if update.error is not None:
        print_lines(console, [(update.error, "bold red")], indent=2, hang=4)
        return
    report = update.report
    assert report is not None
    office = report.office
    print_lines(console, [(report.summary_line(lang), "")], indent=2, hang=4)
    if update.number > 1 and not update.new and not update.resolved:
        print_lines(console, [(word("watch.no-change", lang), "")], indent=2, hang=4)
    for key, found in (("watch.new", update.new), ("watch.resolved", update.resolved)):
        if not found:
            continue
        print_lines(console, [(word(key, lang, count=len(found)), "bold")], indent=2, hang=4)
        for f in found[:SHOWN]:
            print_finding(console, [(word(f.severity.label, lang), SEVERITY_STYLE[f.severity]), (f.rule, "")],
                          f.address, file_link(office.root, f.file), render_message(f, lang),
                          suggestion=suggestion_text(f, lang) if key == "watch.new" else None)
        if len(found) > SHOWN:
            print_lines(console, [(word("watch.more", lang, count=len(found) - SHOWN), "")], indent=2, hang=4)


def _relative(paths: set[str], root: Path) -> list[str]:
    out = []
    for p in sorted(paths):
        try:
            out.append(Path(p).relative_to(root).as_posix())
        except ValueError:
            out.append(p)
    return out


class WatchLoop:
    """One office watched until :attr:`stop` is set (see the module's notes)."""

    def __init__(self, root: Path, options: WatchOptions, console: Console, stop: threading.Event, *,
                 server: PageServer | None = None, on_update: Callable[[Update], None] | None = None,
                 quiet_ms: int | None = None) -> None:
        self.root = root
        self.session = WatchSession(root, options)
        self.console = console
        self.stop = stop
        self.server = server
        self.hub: Hub | None = server.hub if server is not None else None
        self.on_update = on_update
        self.quiet_ms = quiet_ms
        self.published = 0  # updates shown so far

    def recheck(self, saved: list[str]) -> Update | None:
        """Check now; None when a workbook was still being saved (read again after a moment)."""
        lang = self.session.options.lang
        for attempt in range(RETRIES + 1):
            try:
                update = self.session.recheck(settle=False)
            except ConfigError as exc:
                self.console.print(word("watch.config-error", lang or "zh-Hans", reason=exc), style="yellow",
                                   markup=False, highlight=False)
                return None
            if not update.transient or attempt == RETRIES:
                break
            self.console.print(word("watch.still-saving", update.lang, files="、".join(update.transient)),
                               style="yellow", markup=False, highlight=False)
            if self.stop.wait(RETRY_SECONDS):
                return None
        self.publish(update, saved)
        return update

    def publish(self, update: Update, saved: list[str]) -> None:
        self.session.settle(update)
        if self.hub is not None:
            from registers.watch.page import render_body, render_page

            office = update.report.office.settings.office if update.report else ""
            title = f"{office} {word('watch.page.title', update.lang)}"
            self.hub.publish(render_page(update, self.root), render_body(update, self.root), title.strip())
        print_update(self.console, update, saved)
        self.session.write_book(update)
        if update.book is not None and not self.published:
            self.console.print(word("watch.book", update.lang, path=update.book), markup=False, highlight=False)
        if update.book_error is not None:
            self.console.print(word("watch.book-error", update.lang, reason=update.book_error), style="yellow",
                               markup=False, highlight=False)
        self.console.print()
        self.published += 1
        if self.on_update is not None:
            self.on_update(update)

    def run(self) -> int:
        settings = load_settings(self.root)
        lang = self.session.options.lang or settings.language
        kwargs = {} if self.quiet_ms is None else {"quiet_ms": self.quiet_ms}
        watcher = Watcher(self.root, settings.output_dir, **kwargs)
        try:
            self.console.print(word("watch.started", lang, dir=self.root), markup=False, highlight=False)
            if self.server is not None:
                self.console.print(word("watch.page-at", lang, url=self.server.url), markup=False, highlight=False)
            self.recheck([])
            release_memory()
            if self.server is not None:  # served once there is a page: a browser opened meanwhile waits for it
                self.server.start()
            while not self.stop.is_set():
                try:
                    paths = watcher.next(timeout=0.2)
                except Exception as exc:  # the folder was removed or cannot be watched any more
                    self.console.print(word("watch.failed", lang, dir=self.root, reason=exc), style="bold red",
                                       markup=False, highlight=False)
                    return 2
                if paths and not self.stop.is_set():
                    self.recheck(_relative(paths, self.root))
                    # the office just checked is gone (the session keeps its findings only): what it held, cycles
                    # included (the collector runs rarely: registers.core.resources), goes back to the system
                    # before the next save, so a watch running all day stays one check's size
                    gc.collect()
                    release_memory()
        finally:
            watcher.close()
            if self.server is not None:
                self.server.stop()
            self.console.print(word("watch.stopped", lang), markup=False, highlight=False)
        return 0
