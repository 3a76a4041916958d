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


_TABS = 1  # tabs printing at once: two are barely faster on two cores and need twice the memory


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
        from playwright.async_api import async_playwright  # noqa: F401 - checked here, used below
        from pypdf import PdfWriter
    except ImportError as exc:
        log(f"book: whole-book PDF skipped ({exc})")
        return None
    pages = [(i, html_dir / rel) for i, rel in enumerate(page_order()) if (html_dir / rel).exists()]
    tmp = html_dir / ".pdf-parts"
    tmp.mkdir(exist_ok=True)
    try:
        import asyncio

        parts = asyncio.run(_print_pages(exe, pages, tmp))
        writer = PdfWriter()
        for part in parts:
            writer.append(str(part))
        target = html_dir / PDF_NAME
        with open(target, "wb") as fh:
            writer.write(fh)
        return target
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


async def _print_pages(exe: str, pages: list[tuple[int, Path]], tmp: Path, tabs: int | None = None) -> list[Path]:
    """Print ``pages`` to ``tmp/NN.pdf`` with ``tabs`` browser tabs at once (one per core of a
    two-core machine); the parts in reading order."""
    import asyncio

    from playwright.async_api import async_playwright

    tabs = tabs or _TABS
    queue = list(pages)
    done: dict[int, Path] = {}

    async def tab(browser):
        page = await browser.new_page(viewport={"width": 1100, "height": 1400})
        while queue:
            i, target = queue.pop(0)
            await page.goto(target.as_uri(), wait_until="load")
            n = await page.locator(".mc-chart").count()
            if n:
                await page.wait_for_function("n => document.querySelectorAll('.mc-chart svg').length >= n", arg=n,
                                             timeout=30_000)
            await page.emulate_media(media="print")
            out = tmp / f"{i:02d}.pdf"
            await page.pdf(path=str(out), format="A4", print_background=True,
                           margin={"top": "14mm", "bottom": "14mm", "left": "12mm", "right": "12mm"})
            await page.emulate_media(media="screen")
            done[i] = out
        await page.close()

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        try:
            await asyncio.gather(*(tab(browser) for _ in range(max(1, min(tabs, len(pages))))))
        finally:
            await browser.close()
    return [done[i] for i in sorted(done)]


def page_count(path: Path) -> int:
    """Pages of a PDF file."""
    from pypdf import PdfReader

    return len(PdfReader(str(path)).pages)
