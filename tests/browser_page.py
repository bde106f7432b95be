"""One way to open Debian's headless Chromium for the browser tests (page and digest)."""
import contextlib
import os

import pytest

CHROMIUM = "/usr/bin/chromium"


@contextlib.contextmanager
def chromium_page(width: int, height: int = 900):
    """A page in headless Chromium (the flags keep it off this machine's closed network); skips the
    test when chromium is absent (CI installs it with apt-get)."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} not installed (CI installs Debian's chromium with apt-get)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        try:
            yield browser.new_page(viewport={"width": width, "height": height}, locale="vi-VN")
        finally:
            browser.close()
