"""The whole book as one PDF (``book.pdf`` in the site): every page of the table of contents,
in order, printed by Debian's Chromium (headless, offline, charts drawn) and joined into one
file. Print styles (``_static/middleclass.css``) hide the chart buttons and CSV links.

Chromium is optional for `build`: without it the PDF is skipped with one line saying how to
install it; the rest of the book is built as usual.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from .. import paths

PDF_NAME = "book.pdf"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def chromium() -> str | None:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    return path if Path(path).exists() else None


def page_order(toc: Path | None = None) -> list[str]:
    """The pages of ``_toc.yml`` in reading order (root first), as HTML paths."""
    data = yaml.safe_load((toc or paths.PROJECT_ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [data["root"]]
    for part in data.get("parts", []):
        files += [c["file"] for c in part.get("chapters", [])]
    return [f"{f}.html" for f in files]


def write_pdf(html_dir: Path, log=print) -> Path | None:
    """Print every page of ``html_dir`` in order into ``html_dir/book.pdf``; None (and one line
    of log) when Chromium or Playwright is not available."""
    exe = chromium()
    if exe is None:
        log("book: whole-book PDF skipped (Chromium not installed: `apt-get install chromium`)")
        return None
    try:
        from playwright.sync_api import sync_playwright
        from pypdf import PdfWriter
    except ImportError as exc:
        log(f"book: whole-book PDF skipped ({exc})")
        return None
    parts = []
    tmp = html_dir / ".pdf-parts"
    tmp.mkdir(exist_ok=True)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1100, "height": 1400})
                for i, rel in enumerate(page_order()):
                    target = html_dir / rel
                    if not target.exists():
                        continue
                    page.goto(target.as_uri(), wait_until="load")
                    n = page.locator(".mc-chart").count()
                    if n:
                        page.wait_for_function("n => document.querySelectorAll('.mc-chart svg').length >= n", arg=n,
                                               timeout=30_000)
                    page.emulate_media(media="print")
                    out = tmp / f"{i:02d}.pdf"
                    page.pdf(path=str(out), format="A4", print_background=True,
                             margin={"top": "14mm", "bottom": "14mm", "left": "12mm", "right": "12mm"})
                    page.emulate_media(media="screen")
                    parts.append(out)
            finally:
                browser.close()
        writer = PdfWriter()
        for part in parts:
            writer.append(str(part))
        target = html_dir / PDF_NAME
        with open(target, "wb") as fh:
            writer.write(fh)
        return target
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
