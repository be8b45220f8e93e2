"""The live page (``registers watch --serve``): read-only, register text escaped, and — in a real browser
(Debian's chromium with chromium-driver, through selenium) — a save shows up without a reload."""

from __future__ import annotations

import io
import shutil
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from registers.core.period import Period
from registers.watch.run import WatchLoop
from registers.watch.server import Hub, PageServer
from registers.watch.session import WatchOptions
from tests.watch.offices import save_like_excel

TIMEOUT = 20.0


class Served:
    def __init__(self, root: Path) -> None:
        self.stop = threading.Event()
        self.server = PageServer(Hub(), "127.0.0.1", 0)
        self.checked = threading.Event()
        options = WatchOptions(period=Period.parse_month("2026-11"), as_of=datetime(2026, 11, 30, 23, 59))
        self.loop = WatchLoop(root, options, Console(file=io.StringIO()), self.stop, server=self.server,
                              on_update=lambda _u: self.checked.set())
        self.thread = threading.Thread(target=self.loop.run, daemon=True)
        self.thread.start()
        assert self.checked.wait(TIMEOUT)

    def close(self) -> None:
        self.stop.set()
        self.thread.join(TIMEOUT)


@pytest.fixture
def served(office: Path) -> Iterator[Served]:
    s = Served(office)
    yield s
    s.close()


@pytest.mark.slow
def test_the_page_is_read_only_and_escapes_register_text(office: Path) -> None:
    save_like_excel(office / "钥匙管理.xlsx", lambda ws: ws.cell(4, 4, "<script>alert(1)</script>"))
    s = Served(office)
    try:
        html = urllib.request.urlopen(s.server.url, timeout=TIMEOUT).read().decode("utf-8")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
        for method in ("POST", "PUT", "DELETE"):
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(urllib.request.Request(s.server.url, data=b"x", method=method), timeout=TIMEOUT)
            assert refused.value.code == 405
    finally:
        s.close()


def _browser() -> Any:
    if shutil.which("chromium") is None or shutil.which("chromedriver") is None:
        pytest.skip("needs chromium and chromedriver (apt-get install chromium chromium-driver; CI installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = shutil.which("chromium") or ""
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1200,900"):
        opts.add_argument(arg)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver") or ""), options=opts)


@pytest.mark.slow
def test_a_save_appears_on_the_page_without_reload(office: Path, served: Served) -> None:
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver = _browser()
    try:
        driver.get(served.server.url)
        # the page swaps its body in as each check arrives: an element found just before is then stale
        wait = WebDriverWait(driver, TIMEOUT, ignored_exceptions=(StaleElementReferenceException,))
        wait.until(lambda d: d.find_element(By.ID, "checked").get_attribute("data-check") == "1")
        driver.execute_script("window.notReloaded = true;")
        address = "钥匙管理.xlsx!钥匙清单!D4"

        save_like_excel(office / "钥匙管理.xlsx", lambda ws: ws.cell(4, 4, "5F"))
        new = wait.until(lambda d: [e.text for e in d.find_elements(
            By.CSS_SELECTOR, f'#changes tr.new[data-address="{address}"]')])
        assert "新增" in new[0] and "key.bad-label" in new[0]
        link = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, f'#findings tr[data-address="{address}"]')
                          .find_element(By.TAG_NAME, "a").get_attribute("href"))
        assert link is not None and link.startswith("file://") and link.endswith(".xlsx")

        save_like_excel(office / "钥匙管理.xlsx", lambda ws: ws.cell(4, 4, "水泵房"))
        gone = wait.until(lambda d: [e.text for e in d.find_elements(
            By.CSS_SELECTOR, f'#changes tr.resolved[data-address="{address}"]')])
        assert "已解决" in gone[0]
        assert not driver.find_elements(By.CSS_SELECTOR, f'#findings tr[data-address="{address}"]')
        assert driver.execute_script("return window.notReloaded === true;")
    finally:
        driver.quit()


def test_the_page_shows_a_new_findings_suggestion_under_its_message(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from registers.watch.page import render_body
    from registers.watch.session import WatchSession
    from tests.excel.test_suggest import office as bill_office

    root, path = bill_office(tmp_path)
    wb = load_workbook(path)
    wb["应收清单"]["F5"].value = 200  # the second bill put right before the watch starts
    wb.save(path)
    session = WatchSession(root, WatchOptions(period=Period.parse_month("2026-11"),
                                              as_of=datetime(2026, 11, 30, 23, 59)))
    session.recheck()
    wb["应收清单"]["F5"].value = 210  # the clerk types the wrong amount again, and saves
    wb.save(path)
    update = session.recheck()
    assert [f.cell for f in update.new if f.rule == "fee.bill-price-mismatch"] == ["F5"]
    html = render_body(update, root)
    # in what changed with the save, and in the findings of its register
    assert html.count('<p class="suggestion">建议：200（依据：收费标准 物业服务费 单价 ¥2.50 × 数量 80 × 1 个月）</p>') == 2
