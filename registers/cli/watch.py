"""``registers watch OFFICE_DIR [--serve]``: re-check the office after every save (``registers.watch``).

Kept light to import: argparse only at module level, the work is imported when the command runs.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from typing import Any, NoReturn

from registers.cli.argtypes import office_folder, parse_date, parse_moment, parse_month, period_of
from registers.core.settings import LANGUAGES


def add_parser(sub: Any, lang: str = "zh-Hans") -> argparse.ArgumentParser:
    from registers.i18n import word

    def t(key: str) -> str:
        return word(key, lang)

    p: argparse.ArgumentParser = sub.add_parser(
        "watch", help=t("cli.watch.help"), description=t("cli.watch.desc"),
        epilog=t("cli.watch.epilog"), formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("office_dir", type=Path, metavar="OFFICE_DIR", help=t("cli.watch.office-dir"))
    when = p.add_mutually_exclusive_group()
    when.add_argument("--month", type=parse_month, metavar="YYYY-MM", help=t("cli.watch.month"))
    when.add_argument("--from", dest="from_", type=parse_date, metavar="YYYY-MM-DD", help=t("cli.check.from"))
    p.add_argument("--to", type=parse_date, metavar="YYYY-MM-DD", help=t("cli.check.to"))
    p.add_argument("--as-of", type=parse_moment, metavar="'YYYY-MM-DD HH:MM'", help=t("cli.opt.as-of"))
    p.add_argument("--serve", action="store_true", help=t("cli.watch.serve"))
    p.add_argument("--host", default="127.0.0.1", help=t("cli.watch.host"))
    p.add_argument("--port", type=int, default=8765, metavar="N", help=t("cli.watch.port"))
    p.add_argument("--lang", choices=LANGUAGES, help=t("cli.opt.lang"))
    p.add_argument("--no-xlsx", action="store_true", help=t("cli.watch.no-xlsx"))
    p.add_argument("--out", type=Path, metavar="DIR", help=t("cli.opt.out"))
    p.set_defaults(run=run)
    return p


def run(args: argparse.Namespace) -> int:
    from registers.cli.argtypes import CliError
    from registers.cli.lang import config_error_text, current
    from registers.core.settings import ConfigError, load_settings
    from registers.i18n import word
    from registers.reports.findings.terminal import stdout_console
    from registers.watch.run import WatchLoop
    from registers.watch.server import CannotBind, Hub, PageServer, PortInUse
    from registers.watch.session import WatchOptions

    root: Path = office_folder(args.office_dir, args.lang).resolve()
    lang = args.lang or current()
    try:
        lang = args.lang or load_settings(root).language
    except ConfigError as exc:
        print(f"registers: {config_error_text(exc, args.lang or exc.lang or lang)}", file=sys.stderr)
        return 2
    server = None
    if args.serve:
        try:
            server = PageServer(Hub(), args.host, args.port)
        except PortInUse as exc:
            print(f"registers: {word('watch.port-in-use', lang, host=exc.host, port=exc.port, other=exc.port + 1)}",
                  file=sys.stderr)
            return 2
        except CannotBind as exc:
            print(f"registers: {word('watch.cannot-bind', lang, host=exc.host, port=exc.port, reason=exc.reason)}",
                  file=sys.stderr)
            return 2
    def refuse(reason: str) -> NoReturn:
        raise CliError(reason)

    options = WatchOptions(period=period_of(args, refuse), as_of=args.as_of, lang=args.lang,
                           findings_book=not args.no_xlsx, out=args.out)
    stop = threading.Event()

    def ask_to_stop(signum: int, _frame: object) -> None:
        if stop.is_set() and signum == signal.SIGINT:  # a second Ctrl-C: now
            raise KeyboardInterrupt
        stop.set()

    previous = {s: signal.signal(s, ask_to_stop) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        return WatchLoop(root, options, stdout_console(), stop, server=server).run()
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
