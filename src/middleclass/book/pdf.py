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


def unavailable() -> str | None:
    """Why the PDF cannot be printed here (Chromium or a Python package missing), or None."""
    if chromium() is None:
        return "Chromium not installed: `apt-get install chromium`"
    try:
        import playwright.sync_api  # noqa: F401
        import pypdf  # noqa: F401
    except ImportError as exc:
        return str(exc)
    return None


def write_pdf(html_dir: Path, log=print) -> Path | None:
    """Print every page of ``html_dir`` in order into ``html_dir/book.pdf``; None (and one line
    of log) when Chromium or Playwright is not available."""
    why = unavailable()
    if why:
        log(f"book: whole-book PDF skipped ({why})")
        return None
    from playwright.sync_api import sync_playwright
    from pypdf import PdfWriter

    tmp = html_dir / ".pdf-parts"
    tmp.mkdir(exist_ok=True)
    writer = PdfWriter()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1100, "height": 1400})
                for i, rel in enumerate(page_order()):
                    if (html_dir / rel).exists():
                        writer.append(str(_print_page(page, html_dir / rel, tmp / f"{i:02d}.pdf")))
            finally:
                browser.close()
        target = html_dir / PDF_NAME
        with open(target, "wb") as fh:
            writer.write(fh)
        return target
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _print_page(page, source: Path, out: Path) -> Path:
    """One HTML page printed to ``out`` once its charts are drawn (print styles applied)."""
    page.goto(source.as_uri(), wait_until="load")
    n = page.locator(".mc-chart").count()
    if n:
        page.wait_for_function("n => document.querySelectorAll('.mc-chart svg').length >= n", arg=n, timeout=30_000)
    page.emulate_media(media="print")
    page.pdf(path=str(out), format="A4", print_background=True,
             margin={"top": "14mm", "bottom": "14mm", "left": "12mm", "right": "12mm"})
    page.emulate_media(media="screen")
    return out


def page_count(path: Path) -> int:
    """Pages of a PDF file."""
    from pypdf import PdfReader

    return len(PdfReader(str(path)).pages)
