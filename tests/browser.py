"""Helpers for the browser tests: a local HTTP server and Debian's Chromium via Playwright."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pytest

from middleclass.book.pdf import serve  # noqa: F401 - a local HTTP server, quiet

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def chromium_path() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.skip("Chromium is not installed (Debian package 'chromium'; .ci/run installs it): browser tests skipped")
    return path


@contextlib.contextmanager
def browser():
    from playwright.sync_api import sync_playwright

    exe = chromium_path()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


class PageWatch:
    """Console errors, page errors and every request URL of one page."""

    def __init__(self, page, base_url: str):
        self.page, self.base_url = page, base_url
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("response", lambda r: self.errors.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)

    @property
    def foreign_requests(self) -> list[str]:
        return [u for u in self.requests if not (u.startswith(self.base_url) or u.startswith("data:") or u.startswith("blob:"))]
