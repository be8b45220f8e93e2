"""Make the README's pictures of what the outputs look like, from the demo office: ``python scripts/make_pictures.py``.

    python scripts/make_pictures.py [--out DIR] [--keep DIR]

Writes into ``docs/images/`` (or ``--out DIR``):

* ``terminal-80.svg`` — ``registers check`` on the demo's November as a terminal 80 columns wide shows it
  (run in a pseudo-terminal, its colours kept; rich's SVG export: crisp and small);
* ``day-close.png`` — the day close's HTML page (2026-11-27), Chromium headless at a fixed window size;
* ``monthly.png`` — the monthly statement's HTML page (2026-11), the same way;
* ``watch.png`` — ``registers watch --serve``'s live page on the demo office, after a save that adds one finding
  and resolves another (the page served in this process, Chromium headless as above);
* ``monthly-pdf-page1.png`` — the first page of the monthly statement's PDF (LibreOffice), ``pdftoppm -r 60``.

Everything is fixed (the demo office, the period, ``--as-of``, no run history, the window size), so a run
makes the same pictures on the same machine; raster pictures differ by fonts between machines, the
terminal capture's text does not (``tests/test_pictures.py`` holds docs/images/terminal-80.svg to it).
A picture whose tool is missing (Chromium, LibreOffice, pdftoppm) is left as it was, and the run says so
and exits 1. Linux and macOS (the terminal capture needs a pseudo-terminal).
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
IMAGES = REPO / "docs" / "images"

TERMINAL = "terminal-80.svg"
DAY_CLOSE = "day-close.png"
MONTHLY = "monthly.png"
MONTHLY_PDF = "monthly-pdf-page1.png"
WATCH = "watch.png"
PICTURES = (TERMINAL, DAY_CLOSE, MONTHLY, WATCH, MONTHLY_PDF)

COLUMNS = 80
MONTH = "2026-11"
AS_OF = "2026-11-30 23:59"
DAY = "2026-11-27"
DAY_AS_OF = f"{DAY} 23:59:59"  # the close's own default for a past day, whatever the machine's clock says
WINDOW = (1280, 1600)  # Chromium's window for the HTML pages, CSS pixels
CHECK_ARGS = ("check", "office", "--month", MONTH, "--as-of", AS_OF, "--no-history", "--exit-zero")
PROMPT = f"$ registers check office --month {MONTH} --as-of \"{AS_OF}\""

REGENERATE = "python scripts/make_pictures.py"
HEAD, TAIL = 44, 2  # the terminal capture shows the output's first and last lines (the whole is ~400 lines)


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def registers(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``registers ARGS`` run by this Python from the checkout (installed or not)."""
    env = dict(env if env is not None else os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    return subprocess.run([sys.executable, "-m", "registers", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)


def terminal_output(work: Path, columns: int = COLUMNS) -> str:
    """What ``registers check`` prints on a terminal ``columns`` wide (ANSI escapes included)."""
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE")}
    env.update(COLUMNS=str(columns), LINES="50", TERM="xterm-256color", COLORTERM="truecolor",
               PYTHONPATH=os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p))
    errors = work / "check-stderr.txt"
    with errors.open("wb") as stderr:  # a file, not a pipe: nothing waits on it while the terminal is read
        proc = subprocess.Popen([sys.executable, "-m", "registers", *CHECK_ARGS], cwd=work, env=env,
                                stdin=subprocess.DEVNULL, stdout=slave, stderr=stderr)
    os.close(slave)
    chunks: list[bytes] = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    if proc.wait(timeout=600) != 0:
        raise SystemExit(f"make_pictures: `registers {' '.join(CHECK_ARGS)}` exited {proc.returncode}:\n"
                         + errors.read_text(encoding="utf-8", errors="replace"))
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def terminal_svg(output: str, columns: int = COLUMNS) -> str:
    """The terminal capture as SVG: the command line, then the first and last lines it printed, in its
    colours (a line saying how many are left out between them)."""
    from rich.console import Console
    from rich.text import Text

    console = Console(record=True, width=columns, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", highlight=False)
    console.print(Text(PROMPT, style="bold"), soft_wrap=True)
    lines = list(Text.from_ansi(output.rstrip("\n")).split("\n"))
    if len(lines) > HEAD + TAIL + 1:
        left_out = len(lines) - HEAD - TAIL
        lines = [*lines[:HEAD], Text(f"  ⋮  ({left_out} more lines)", style="dim italic"), *lines[-TAIL:]]
    for line in lines:
        console.print(line, soft_wrap=True, no_wrap=True, crop=True)
    return wide_text_lengths(console.export_svg(title=f"registers check — {columns} columns"))


def wide_text_lengths(svg: str) -> str:
    """Rich (15) sizes each text run by its characters, not its cells: a run with Chinese in it is squeezed
    into half its width and the table's borders after it slide left. Split each run where characters change
    between one and two cells wide, and place and size each piece by its cells."""
    import html
    from itertools import groupby

    from rich.cells import cell_len

    def fix(m: re.Match[str]) -> str:
        head, x, mid, length, rest, content = m.groups()
        text = html.unescape(content)
        if not text or cell_len(text) == len(text):
            return m[0]
        cell = float(length) / len(text)
        left, pieces = float(x), []
        for _, chars in groupby(text, key=cell_len):
            piece = "".join(chars)
            width = cell * cell_len(piece)
            escaped = html.escape(piece, quote=False).replace("\xa0", "&#160;").replace(" ", "&#160;")
            pieces.append(f'{head}x="{left:g}"{mid}textLength="{width:g}"{rest}>{escaped}</text>')
            left += width
        return "".join(pieces)

    return re.sub(r'(<text\b[^>]*?)x="([\d.]+)"([^>]*?)textLength="([\d.]+)"([^>]*)>([^<]*)</text>', fix, svg)


def svg_lines(svg: str) -> list[str]:
    """The text an SVG terminal capture shows, line by line (ids, positions and styles ignored)."""
    import html

    lines: dict[float, list[str]] = {}
    for m in re.finditer(r'<text\b[^>]*\by="([\d.]+)"[^>]*>(.*?)</text>', svg, flags=re.S):
        lines.setdefault(float(m[1]), []).append(html.unescape(m[2]))
    return ["".join(parts).replace("\xa0", " ").rstrip() for _, parts in sorted(lines.items())]


def screenshot(exe: str, page: Path, shot: Path, work: Path) -> None:
    width, height = WINDOW
    subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--mute-audio",
                    f"--window-size={width},{height}", "--force-device-scale-factor=1",
                    f"--user-data-dir={work / 'chrome'}", "--virtual-time-budget=3000",
                    f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=180, check=False)
    if not shot.is_file():
        raise SystemExit(f"make_pictures: Chromium made no screenshot of {page}")


def png_size(path: Path) -> tuple[int, int]:
    """A PNG's width and height, from its header."""
    head = path.read_bytes()[:24]
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path} is not a PNG")
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def make(out: Path, work: Path, say: Callable[[str], None] = print) -> list[str]:
    """Make the pictures into ``out`` (the demo office in ``work``); the names of those that could not be made."""
    out.mkdir(parents=True, exist_ok=True)
    done = registers("demo", "office", cwd=work)
    if done.returncode != 0:
        raise SystemExit(f"make_pictures: `registers demo` failed: {done.stderr}")
    office = work / "office"
    (out / TERMINAL).write_text(terminal_svg(terminal_output(work)), encoding="utf-8")
    say(f"wrote {out / TERMINAL}")
    missing: list[str] = []
    done = registers("close-day", ".", "--date", DAY, "--as-of", DAY_AS_OF, "--no-history", cwd=office)
    if done.returncode not in (0, 1):  # 1: the day has error findings, as the demo's has
        raise SystemExit(f"make_pictures: `registers close-day` failed: {done.stderr}")
    day_html = office / "reports" / "daily" / f"{DAY} 日结.html"
    pdf_tools = soffice() is not None and shutil.which("pdftoppm") is not None
    done = registers("monthly", ".", "--month", MONTH, "--as-of", AS_OF, "--no-history",
                     *(() if pdf_tools else ("--no-pdf",)), cwd=office)
    if done.returncode not in (0, 1):
        raise SystemExit(f"make_pictures: `registers monthly` failed: {done.stderr}")
    month_html = office / "reports" / "monthly" / f"{MONTH} 收支明细表.html"
    month_pdf = month_html.with_suffix(".pdf")
    exe = chromium()
    if exe is None:
        say("Chromium is not installed (apt-get install chromium): day-close.png and monthly.png left as they were")
        missing += [DAY_CLOSE, MONTHLY, WATCH]
    else:
        for page, name in ((day_html, DAY_CLOSE), (month_html, MONTHLY)):
            if not page.is_file():
                raise SystemExit(f"make_pictures: no {page} was written")
            screenshot(exe, page, out / name, work)
            say(f"wrote {out / name}")
        watch_picture(exe, office, out / WATCH, work)
        say(f"wrote {out / WATCH}")
    if not pdf_tools:
        say("LibreOffice and pdftoppm (poppler-utils) are needed for monthly-pdf-page1.png: left as it was")
        missing.append(MONTHLY_PDF)
    elif not month_pdf.is_file():
        raise SystemExit(f"make_pictures: LibreOffice printed no {month_pdf}")
    else:
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(month_pdf),
                        str(out / Path(MONTHLY_PDF).stem)], check=True, capture_output=True, timeout=120)
        say(f"wrote {out / MONTHLY_PDF}")
    return missing


def watch_picture(exe: str, office: Path, shot: Path, work: Path) -> None:
    """The live page after a clerk's save (a key's 钥匙类别 emptied, the way Excel saves: temp file, rename)."""
    import io
    import os
    import threading
    from datetime import datetime

    from openpyxl import load_workbook
    from rich.console import Console

    from registers.core.period import Period
    from registers.watch.run import WatchLoop
    from registers.watch.server import Hub, PageServer
    from registers.watch.session import WatchOptions

    updates: list[object] = []
    checked = threading.Condition()

    def on_update(update: object) -> None:
        with checked:
            updates.append(update)
            checked.notify_all()

    def wait_for(n: int) -> None:
        with checked:
            if not checked.wait_for(lambda: len(updates) >= n, timeout=60):
                raise SystemExit("make_pictures: the watch did not check the demo office in time")

    stop = threading.Event()
    server = PageServer(Hub(), "127.0.0.1", 0)
    options = WatchOptions(period=Period.parse_month(MONTH), as_of=datetime.strptime(AS_OF, "%Y-%m-%d %H:%M"),
                           findings_book=False)
    loop = WatchLoop(office, options, Console(file=io.StringIO()), stop, server=server, on_update=on_update)
    thread = threading.Thread(target=loop.run, daemon=True)
    thread.start()
    try:
        wait_for(1)
        register = office / "钥匙管理.xlsx"
        wb = load_workbook(register)
        ws = wb.worksheets[0]
        ws.cell(ws.max_row, 2).value = None
        wb.save(office / "5B3A9E20")  # Excel's way: a temporary file, renamed over the register
        os.replace(office / "5B3A9E20", register)
        wait_for(2)
        width, height = WINDOW[0], WINDOW[1] // 2  # the changes and the first registers: under 300 kB
        subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--mute-audio",
                        f"--window-size={width},{height}", "--force-device-scale-factor=1",
                        f"--user-data-dir={work / 'chrome-watch'}", "--timeout=3000",
                        f"--screenshot={shot}", server.url], capture_output=True, timeout=180, check=False)
        if not shot.is_file():
            raise SystemExit("make_pictures: Chromium made no screenshot of the watch's page")
    finally:
        stop.set()
        thread.join(30)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="make_pictures.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, default=IMAGES, metavar="DIR",
                   help="write the pictures here (default: docs/images)")
    p.add_argument("--keep", type=Path, metavar="DIR", help="write the demo office into DIR and keep it")
    args = p.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="make-pictures-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        missing = make(args.out, work)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
