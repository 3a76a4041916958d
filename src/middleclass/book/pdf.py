"""The whole book as one PDF (``book.pdf`` in the site): every page of the table of contents,
in order, printed by Debian's Chromium (headless, offline, charts drawn) and joined into one
file. Print styles (``_static/middleclass.css``) hide the chart buttons and CSV links.

Chromium is optional for `build`: without it the PDF is skipped with one line saying how to
install it; the rest of the book is built as usual.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from .. import paths
from . import devtools

PDF_NAME = "book.pdf"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--js-flags=--expose-gc"]  # gc(): memory freed after each page


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


#: set (by `build --no-pdf`) to skip the PDF: :func:`unavailable` then says so
SKIP_VAR = "MIDDLECLASS_NO_PDF"


def unavailable() -> str | None:
    """Why the PDF is not printed here (not wanted, Chromium or a Python package missing), or None."""
    if os.environ.get(SKIP_VAR) == "1":
        return "not wanted: build --no-pdf"
    if chromium() is None:
        return "Chromium not installed: `apt-get install chromium`"
    import importlib.util

    if importlib.util.find_spec("pypdf") is None:  # found, not imported: this is on a no-op build's path
        return "No module named 'pypdf'"
    return None


@contextlib.contextmanager
def skipped(skip: bool = True):
    """While active (``skip`` true), :func:`unavailable` says the PDF is not wanted: no PDF and no
    link to it (the Sphinx extension reads the same variable)."""
    if not skip:
        yield
        return
    before = os.environ.get(SKIP_VAR)
    os.environ[SKIP_VAR] = "1"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(SKIP_VAR, None)
        else:
            os.environ[SKIP_VAR] = before


@dataclass(frozen=True)
class Printed:
    """The whole-book PDF and how many HTML pages were printed now or taken from the cache."""

    path: Path
    printed: int
    cached: int
    pages: int  # PDF pages


class Printer:
    """Chromium started ahead of need (the process starts while the caller goes on: the HTML
    phase), then handed pages by :func:`write_pdf`. :meth:`close` always, also when the HTML
    failed; a Chromium that could not start raises its error on every :meth:`print_pages`."""

    def __init__(self) -> None:
        self._browser: devtools.Browser | None = None
        self._error: BaseException | None = None
        try:
            log = paths.BUILD_DIR / "logs" / "chromium.log"  # Chromium's own messages, for a failure
            log.parent.mkdir(parents=True, exist_ok=True)
            self._browser = devtools.Browser(chromium() or "chromium", CHROMIUM_ARGS, log=log)
        except Exception as exc:  # noqa: BLE001 - raised when pages are printed
            self._error = exc

    def print_pages(self, jobs: list[tuple[Path, Path]], root: Path) -> None:
        if self._error is not None:
            raise self._error
        try:
            _print_all(self._browser, jobs, root)
        except BaseException:
            self.close()  # a tab left in an unknown state is not used again
            raise

    def print_html(self, html: str, out: Path) -> None:
        """Print an HTML document given as text (the page-number overlay) to ``out``."""
        if self._error is not None:
            raise self._error
        self._browser.open_tab()
        _print_document(self._browser, html, out)

    def close(self) -> None:
        if self._browser is not None:
            self._browser.close()
            self._error = self._error or RuntimeError("the PDF printer was closed")

    @property
    def running(self) -> bool:
        return self._browser is not None and self._browser.running


def write_pdf(html_dir: Path, log=print, cache_dir: Path | None = None, printer: Printer | None = None) -> Printed | None:
    """Print every page of ``html_dir`` in order into ``html_dir/book.pdf``; None (and one line
    of log) when Chromium or pypdf is not available. Each page's PDF is kept in
    ``cache_dir`` (default ``_build/cache/pdf``) under a digest of the page and the site's styles
    and scripts, so a rebuild prints again only the pages that changed; ``printer``, a Chromium
    already started, or one started here."""
    why = unavailable()
    if why:
        log(f"book: whole-book PDF skipped ({why})")
        return None
    from pypdf import PdfWriter

    cache_dir = cache_dir or paths.CACHE_DIR / "pdf"
    cache_dir.mkdir(parents=True, exist_ok=True)
    site = _site_digest(html_dir)
    parts = []
    for rel in page_order():
        if (html_dir / rel).exists():
            key = hashlib.sha256(site + (html_dir / rel).read_bytes()).hexdigest()[:16]
            parts.append((html_dir / rel, cache_dir / f"{Path(rel).stem}-{key}.pdf"))
    missing = [(src, out) for src, out in parts if not out.exists()]
    if missing:
        (printer.print_pages if printer is not None else _print_pages)(missing, html_dir)
    keep = {out for _, out in parts}
    writer = PdfWriter()
    starts = []
    for _, out in parts:
        starts.append(len(writer.pages))
        writer.append(str(out), import_outline=False)
    total = len(writer.pages)
    numbers = cache_dir / f"numbers-{total}-{hashlib.sha256(site).hexdigest()[:12]}.pdf"
    if not numbers.exists():
        _print_numbers(total, numbers, printer)
    keep.add(numbers)
    for old in cache_dir.glob("*.pdf"):  # pages of earlier versions
        if old not in keep:
            old.unlink()
    stamp_page_numbers(writer, numbers)
    add_outline(writer, [(src, out, start) for (src, out), start in zip(parts, starts)])
    writer.add_metadata(book_metadata())
    target = html_dir / PDF_NAME
    with open(target, "wb") as fh:
        writer.write(fh)
    return Printed(target, len(missing), len(parts) - len(missing), total)


def book_metadata() -> dict:
    """The PDF's document information: the book's title and authors from ``_config.yml``."""
    cfg = yaml.safe_load((paths.PROJECT_ROOT / "_config.yml").read_text(encoding="utf-8"))
    return {"/Title": str(cfg.get("title", "")), "/Author": str(cfg.get("author", "")),
            "/Subject": "The claims of “The AI Middle Class Is Disappearing as the Industry Polarizes”, tested on "
                        "public data", "/Creator": "middleclass build (Jupyter Book, Chromium)"}


def page_numbers_html(total: int) -> str:
    """An HTML document of ``total`` A4 pages, each with nothing but "k / total" at its foot: printed
    once and laid over the book's pages, so the numbers run through the whole book."""
    pages = "".join(f'<div class="p"><span>{k} / {total}</span></div>' for k in range(1, total + 1))
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><style>"
            f"@page {{ size: {PAPER['paperWidth']}in {PAPER['paperHeight']}in; margin: 0; }}"
            "html, body { margin: 0; padding: 0; background: transparent; }"
            f".p {{ position: relative; width: {PAPER['paperWidth']}in; height: {PAPER['paperHeight']}in; "
            "break-after: page; overflow: hidden; }"
            ".p span { position: absolute; bottom: 5mm; left: 0; right: 0; text-align: center; "
            "font: 8.5pt 'DejaVu Sans', sans-serif; color: #555; }"
            f"</style></head><body>{pages}</body></html>")


def stamp_page_numbers(writer, numbers: Path) -> None:
    """Lay the page-number overlay (:func:`page_numbers_html`) over every page of ``writer``."""
    from pypdf import PdfReader

    overlay = PdfReader(str(numbers))
    if len(overlay.pages) != len(writer.pages):
        raise RuntimeError(f"{numbers}: {len(overlay.pages)} page numbers for {len(writer.pages)} pages")
    for page, number in zip(writer.pages, overlay.pages):
        page.merge_page(number)


def add_outline(writer, parts: list[tuple[Path, Path, int]]) -> None:
    """Bookmarks: for each HTML page (source, its PDF, first page in the book) Chromium's outline
    of its headings, moved to the page's place in the book; titles are taken from the HTML
    headings (Chromium drops the space where a heading wraps)."""
    import html as html_lib
    import re

    from pypdf import PdfReader

    for source, out, start in parts:
        headings = []
        for raw in re.findall(r"<h[1-4][^>]*>(.*?)</h[1-4]>", source.read_text(encoding="utf-8"), flags=re.S):
            text = html_lib.unescape(re.sub(r"<[^>]+>", "", re.sub(r'<a class="headerlink".*?</a>', "", raw))).strip()
            headings.append((re.sub(r"\s+", "", text), re.sub(r"\s+", " ", text)))
        reader = PdfReader(str(out))
        at = 0  # headings are matched in document order

        def heading_for(title: str) -> str:
            # Chromium garbles a heading that wraps (words doubled, spaces lost): the heading whose
            # text (spaces ignored) the garbled title contains is the one meant
            nonlocal at
            compact = re.sub(r"\s+", "", title)
            for k in range(at, len(headings)):
                if headings[k][0] and headings[k][0] in compact:
                    at = k + 1
                    return headings[k][1]
            if at < len(headings) and headings[at][0][:6] == compact[:6]:  # garbled beyond that: the next one
                at += 1
                return headings[at - 1][1]
            return title

        def copy(items, parent) -> None:
            last = parent
            for item in items:
                if isinstance(item, list):
                    copy(item, last)
                    continue
                if item.title.strip() == "Contents":  # the theme's printed table of contents: the bookmarks are that
                    last = None
                    continue
                last = writer.add_outline_item(heading_for(item.title),
                                               start + reader.get_destination_page_number(item), parent=parent)

        copy(reader.outline, None)


def _site_digest(html_dir: Path) -> bytes:
    """Digest of what changes how every page prints: the site's static files and images, this
    module (print settings, waits), Chromium's arguments and the installed Chromium."""
    h = hashlib.sha256(" ".join(CHROMIUM_ARGS).encode() + Path(__file__).read_bytes() + chromium_stamp().encode())
    for folder in ("_static", "_images"):
        for path in sorted((html_dir / folder).rglob("*")):
            if path.is_file():
                h.update(path.relative_to(html_dir).as_posix().encode())
                h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.digest()


def chromium_stamp() -> str:
    """The installed Chromium (its launcher's and binary's size and time): changes on upgrade."""
    path = chromium()
    if path is None:
        return "none"
    parts = []
    for candidate in (Path(path), Path(path).resolve(), Path("/usr/lib/chromium/chromium")):
        if candidate.exists():
            st = candidate.stat()
            parts.append(f"{candidate}:{st.st_size}:{st.st_mtime_ns}")
    return " ".join(dict.fromkeys(parts))


def _print_pages(jobs: list[tuple[Path, Path]], root: Path) -> None:
    """Print each (HTML page under ``root``, PDF path) of ``jobs`` in a Chromium started here."""
    printer = Printer()
    try:
        printer.print_pages(jobs, root)
    finally:
        printer.close()


def _print_numbers(total: int, out: Path, printer: Printer | None = None) -> None:
    """The page-number overlay of a book of ``total`` pages, printed to ``out``."""
    own = Printer() if printer is None else None
    try:
        (printer or own).print_html(page_numbers_html(total), out)
    finally:
        if own is not None:
            own.close()


def _print_all(browser: devtools.Browser, jobs: list[tuple[Path, Path]], root: Path) -> None:
    """Print ``jobs`` in one tab. The pages are served from 127.0.0.1 rather than opened as
    files: Chromium then caches the scripts (vega, MathJax) compiled across pages, which makes
    printing a sixth faster. (Two tabs at once were no faster.)"""
    browser.open_tab()
    with serve(root, max_age=3600) as base:
        for source, out in jobs:
            _print_page(browser, f"{base}/{source.relative_to(root).as_posix()}", out)


@contextlib.contextmanager
def serve(root: Path, max_age: int | None = None):
    """``root`` over HTTP on 127.0.0.1 (a free port) for the duration, quietly; yields the base
    URL. ``max_age`` (seconds) lets the browser cache what it fetched (the PDF's pages share
    their scripts); None sends no caching header (the browser tests reload files they rewrite)."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def end_headers(self) -> None:
            if max_age is not None:
                self.send_header("Cache-Control", f"max-age={max_age}")
            super().end_headers()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


#: A4 with the book's margins, in inches (Chromium's unit)
PAPER = {"paperWidth": 8.27, "paperHeight": 11.7, "marginTop": 14 / 25.4, "marginBottom": 14 / 25.4,
         "marginLeft": 12 / 25.4, "marginRight": 12 / 25.4, "printBackground": True, "generateTaggedPDF": True,
         "generateDocumentOutline": True,
         "preferCSSPageSize": False}
#: resolves once the page at URL has loaded and every chart placeholder holds its drawing
#: (rejects after 30 s)
CHARTS_DRAWN = """new Promise((resolve, reject) => {
  const start = Date.now();
  (function poll() {
    const loaded = location.href === URL && document.readyState === 'complete';
    if (loaded && document.querySelectorAll('.mc-chart svg').length >= document.querySelectorAll('.mc-chart').length)
      resolve(true);
    else if (Date.now() - start > 30000) reject(loaded ? 'charts not drawn after 30 s' : 'page not loaded after 30 s');
    else setTimeout(poll, 50);
  })();
})"""


def _print_document(browser: devtools.Browser, html: str, out: Path) -> None:
    """An HTML document given as text, printed to ``out`` at the book's paper size, margins 0."""
    import base64
    from urllib.parse import quote

    browser.forget("Page.loadEventFired")
    browser.send("Page.navigate", {"url": "data:text/html;charset=utf-8," + quote(html)}, tab=True)
    browser.wait_for("Page.loadEventFired")
    paper = dict(PAPER, marginTop=0, marginBottom=0, marginLeft=0, marginRight=0, printBackground=False,
                 generateTaggedPDF=False, generateDocumentOutline=False, preferCSSPageSize=True)
    data = browser.send("Page.printToPDF", paper, tab=True, timeout=120)["data"]
    tmp = out.with_suffix(".part")
    tmp.write_bytes(base64.b64decode(data))
    tmp.replace(out)


#: before printing: the ledger cards' details are opened (a closed <details> prints nothing)
OPEN_DETAILS = "document.querySelectorAll('.mc-card details').forEach(d => d.open = true); 0"


def _print_page(browser: devtools.Browser, url: str, out: Path) -> None:
    """One HTML page printed to ``out`` once its charts are drawn (print styles applied); written
    beside and renamed, so the cache never holds half a file."""
    import base64

    browser.forget("Page.loadEventFired")  # an earlier page's (or the blank tab's) load is not this one
    went = browser.send("Page.navigate", {"url": url}, tab=True)
    if went.get("errorText"):  # Chromium's error page must not be printed (and cached) as the page
        raise devtools.DevToolsError(f"{url}: {went['errorText']}")
    browser.wait_for("Page.loadEventFired")
    try:
        browser.evaluate(CHARTS_DRAWN.replace("URL", json.dumps(url)), timeout=40)
    except devtools.DevToolsError as exc:
        raise devtools.DevToolsError(f"{url}: {exc}") from None
    browser.evaluate(OPEN_DETAILS)
    browser.send("Emulation.setEmulatedMedia", {"media": "print"}, tab=True)
    data = browser.send("Page.printToPDF", PAPER, tab=True, timeout=120)["data"]
    browser.send("Emulation.setEmulatedMedia", {"media": ""}, tab=True)
    browser.evaluate("document.body.innerHTML = ''; window.gc && gc(); 0")  # the tab's memory does not pile up
    tmp = out.with_suffix(".part")
    tmp.write_bytes(base64.b64decode(data))
    tmp.replace(out)
