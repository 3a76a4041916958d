"""The whole book as one PDF (``book.pdf`` in the site): every page of the table of contents,
in order, printed by Debian's Chromium driven by Playwright (headless, offline, charts drawn)
and joined into one file. Print styles (``_static/middleclass.css``) hide the chart buttons and
CSV links.

Chromium is optional for `build`: without it the PDF is skipped with one line saying how to
install it; the rest of the book is built as usual.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from .. import cachefiles, paths

PDF_NAME = "book.pdf"
#: Chromium's arguments besides Playwright's own (which include --headless, --no-sandbox,
#: --disable-background-networking, --disable-component-update, --disable-sync, --no-first-run)
CHROMIUM_ARGS = ["--disable-gpu", "--js-flags=--expose-gc"]  # gc(): memory freed after each page


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

    for module in ("pypdf", "playwright"):  # found, not imported: this is on a no-op build's path
        if importlib.util.find_spec(module) is None:
            return f"No module named '{module}'"
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


class PrintError(RuntimeError):
    """A page that could not be printed (the message starts with its URL), or Chromium that did
    not start (one line: its path and why)."""


def launch_failure(path: str, message: str) -> str:
    """One line from Playwright's report of a Chromium that did not start: the browser's own last
    error line and its exit code, not the launch command and call log."""
    import re

    said = re.findall(r"\[pid=\d+\]\[err\] (.+)", message)
    code = re.search(r"exitCode=(-?\d+)", message)
    why = said[-1].strip() if said else message.strip().splitlines()[0] if message.strip() else "no reason given"
    return f"Chromium at {path} did not start ({why}{f'; exit code {code.group(1)}' if code else ''})"


class Printer:
    """Chromium (through Playwright) handed pages by :func:`write_pdf`: made ahead of need (the
    build makes it before the HTML phase), it starts Chromium at its first job, so a build whose
    pages all come from the cache never starts it. :meth:`close` always, also when the HTML
    failed; a Chromium that could not start raises its error on every later job, and after any
    failed job the printer is closed (a tab left in an unknown state is not used again)."""

    def __init__(self) -> None:
        self._playwright = self._browser = self._tab = None
        self._error: BaseException | None = None

    def print_pages(self, jobs: list[tuple[Path, Path]], root: Path) -> None:
        """Print each (HTML page under ``root``, PDF path) of ``jobs`` in one tab. The pages are
        served from 127.0.0.1 rather than opened as files: Chromium then caches the scripts
        (vega, MathJax) compiled across pages, which makes printing a sixth faster. (Two tabs at
        once were no faster; a new tab per page held 200 MB less but was a quarter slower.)"""
        with self._using() as tab, serve(root, max_age=3600) as base:
            for source, out in jobs:
                _print_page(tab, f"{base}/{source.relative_to(root).as_posix()}", out)

    def print_html(self, html: str, out: Path) -> None:
        """Print an HTML document given as text (the page-number overlay) to ``out``."""
        with self._using() as tab:
            _print_document(tab, html, out)

    @contextlib.contextmanager
    def _using(self):
        """The printing tab, Chromium started if need be; closes the printer on any failure."""
        if self._error is not None:
            raise self._error
        try:
            if self._tab is None:
                self._start()
            yield self._tab
        except BaseException:
            self.close()
            raise

    def _start(self) -> None:
        from playwright.sync_api import sync_playwright

        try:
            self._playwright = sync_playwright().start()
            self._browser = self._playwright.chromium.launch(executable_path=chromium() or "chromium",
                                                             args=CHROMIUM_ARGS)
            self._tab = self._browser.new_page(viewport=VIEWPORT)
        except Exception as exc:  # every later job gets the same answer
            self._error = PrintError(launch_failure(chromium() or "chromium", str(exc)))
            raise self._error from None
        self._tab.set_default_timeout(120_000)  # printing the longest page takes seconds

    def close(self) -> None:
        """Stop Chromium and Playwright's driver if they started; always safe to call again."""
        self._error = self._error or PrintError("the PDF printer was closed")
        browser, playwright = self._browser, self._playwright
        self._playwright = self._browser = self._tab = None
        with contextlib.suppress(Exception):  # Chromium already gone
            if browser is not None:
                browser.close()
        if playwright is not None:
            playwright.stop()

    @property
    def running(self) -> bool:
        """Chromium is started and connected."""
        return self._browser is not None and self._browser.is_connected()


def write_pdf(html_dir: Path, log=print, cache_dir: Path | None = None, printer: Printer | None = None) -> Printed | None:
    """Print every page of ``html_dir`` in order into ``html_dir/book.pdf``; None (and one line
    of log) when Chromium, Playwright or pypdf is not available. Each page's PDF is kept in
    ``cache_dir`` (default ``_build/cache/pdf``) under a digest of the page and the site's styles
    and scripts, so a rebuild prints again only the pages that changed; ``printer``, a
    :class:`Printer` made ahead of need, or one made here."""
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
    missing = [(src, out) for src, out in parts if not cachefiles.intact(out)]  # absent or altered: printed again
    if missing:
        (printer.print_pages if printer is not None else _print_pages)(missing, html_dir)
        for _, out in missing:
            cachefiles.seal(out)
    keep = {out.name for _, out in parts}
    writer = PdfWriter()
    starts = []
    for _, out in parts:
        starts.append(len(writer.pages))
        writer.append(str(out), import_outline=False)
    total = len(writer.pages)
    numbers = cache_dir / f"numbers-{total}-{hashlib.sha256(site).hexdigest()[:12]}.pdf"
    if not cachefiles.intact(numbers):
        _print_numbers(total, numbers, printer)
        cachefiles.seal(numbers)
    keep.add(numbers.name)
    cachefiles.remove_stale(cache_dir, "*.pdf", keep)  # pages of earlier versions
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
            f"@page {{ size: {PAPER['width']} {PAPER['height']}; margin: 0; }}"
            "html, body { margin: 0; padding: 0; background: transparent; }"
            f".p {{ position: relative; width: {PAPER['width']}; height: {PAPER['height']}; "
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
    module (print settings, waits), Chromium's arguments, the installed Chromium and Playwright."""
    from importlib.metadata import version

    h = hashlib.sha256(" ".join(CHROMIUM_ARGS).encode() + Path(__file__).read_bytes() + chromium_stamp().encode()
                       + version("playwright").encode())
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


#: A4 with the book's margins: Playwright's ``page.pdf`` arguments (a tagged PDF with an outline)
PAPER = {"width": "8.27in", "height": "11.7in",
         "margin": {"top": "14mm", "bottom": "14mm", "left": "12mm", "right": "12mm"},
         "print_background": True, "tagged": True, "outline": True, "prefer_css_page_size": False}
#: the tab's size while a page loads and its charts are drawn
VIEWPORT = {"width": 1100, "height": 1400}
#: how long a page may take to load, and then to draw its charts
WAIT_SECONDS = 30
#: true once every chart placeholder holds its drawing
CHARTS_DRAWN = "document.querySelectorAll('.mc-chart svg').length >= document.querySelectorAll('.mc-chart').length"
#: before printing: the ledger cards' details are opened (a closed <details> prints nothing)
OPEN_DETAILS = "document.querySelectorAll('.mc-card details').forEach(d => d.open = true); 0"
#: after printing: the page emptied and garbage collected, so the tab's memory does not pile up
FREE_MEMORY = "document.body.innerHTML = ''; window.gc && gc(); 0"


def _print_document(tab, html: str, out: Path) -> None:
    """An HTML document given as text, printed to ``out`` at the book's paper size, margins 0."""
    tab.set_content(html)
    _write(out, tab.pdf(**dict(PAPER, margin={"top": "0", "bottom": "0", "left": "0", "right": "0"},
                               print_background=False, tagged=False, outline=False, prefer_css_page_size=True)))


def _print_page(tab, url: str, out: Path) -> None:
    """One HTML page printed to ``out`` once its charts are drawn (print styles applied); a page
    that does not load or whose charts are not drawn in time raises :class:`PrintError`."""
    from playwright.sync_api import Error, TimeoutError

    waiting = f"page not loaded after {WAIT_SECONDS} s"
    try:
        loaded = tab.goto(url, wait_until="load", timeout=WAIT_SECONDS * 1000)
        if loaded is not None and not loaded.ok:  # an error page must not be printed (and cached) as the page
            raise PrintError(f"{url}: HTTP {loaded.status} {loaded.status_text}")
        waiting = f"charts not drawn after {WAIT_SECONDS} s"
        tab.wait_for_function(CHARTS_DRAWN, polling=50, timeout=WAIT_SECONDS * 1000)
        tab.evaluate(OPEN_DETAILS)
        tab.emulate_media(media="print")
        data = tab.pdf(**PAPER)
        tab.emulate_media(media="null")
        tab.evaluate(FREE_MEMORY)
    except TimeoutError:
        raise PrintError(f"{url}: {waiting}") from None
    except Error as exc:
        stopped = "Chromium stopped: " if not tab.context.browser.is_connected() else ""
        raise PrintError(f"{url}: {stopped}{exc.message.splitlines()[0]}") from None
    _write(out, data)


def _write(out: Path, data: bytes) -> None:
    """``data`` to ``out``, written beside and renamed: the cache never holds half a file."""
    tmp = out.with_suffix(".part")
    tmp.write_bytes(data)
    tmp.replace(out)
