"""Incremental rebuilds: the staged tree is synced file by file (unchanged files keep their
times, so Sphinx re-reads only changed pages) and the PDF reprints only pages that changed."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from middleclass.book import pdf
from middleclass.book import site, stage


def test_sync_tree_touches_only_what_differs(tmp_path):
    src, dst = tmp_path / "src", tmp_path / "dst"
    for root in (src, dst):
        (root / "chapters").mkdir(parents=True)
        (root / "chapters" / "same.ipynb").write_text("same")
    (src / "chapters" / "changed.md").write_text("new text")
    (dst / "chapters" / "changed.md").write_text("old text")
    (src / "added.md").write_text("added")
    (dst / "gone.md").write_text("gone")
    past = 1_000_000_000
    os.utime(dst / "chapters" / "same.ipynb", (past, past))

    old_source = 1_100_000_000  # a file restored with an old time (cp -p, mv, a backup) is still new to Sphinx
    os.utime(src / "chapters" / "changed.md", (old_source, old_source))
    started = time.time()

    changed = stage.sync_tree(src, dst)

    assert sorted(changed) == ["added.md", "chapters/changed.md", "gone.md"]
    assert (dst / "chapters" / "changed.md").read_text() == "new text" and (dst / "added.md").read_text() == "added"
    assert not (dst / "gone.md").exists()
    assert (dst / "chapters" / "same.ipynb").stat().st_mtime == past  # untouched: Sphinx will not re-read it
    assert (dst / "chapters" / "changed.md").stat().st_mtime >= started - 1  # changed: newer than Sphinx's last read
    assert stage.sync_tree(src, dst) == []


def test_pdf_reprints_only_changed_pages(tmp_path, monkeypatch):
    site = tmp_path / "html"
    (site / "_static").mkdir(parents=True)
    (site / "_static" / "style.css").write_text("body {}")
    order = ["intro.html", "chapters/01_compute.html", "methods.html"]
    for rel in order:
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(f"<p>{rel}</p>")
    printed: list[str] = []

    def fake_print(jobs, root):  # one blank page per HTML page, as Chromium would print it
        for source, out in jobs:
            printed.append(source.relative_to(site).as_posix())
            w = PdfWriter()
            w.add_blank_page(width=595, height=842)
            with open(out, "wb") as fh:
                w.write(fh)

    monkeypatch.setattr(pdf, "unavailable", lambda: None)
    monkeypatch.setattr(pdf, "page_order", lambda: order)
    monkeypatch.setattr(pdf, "_print_pages", fake_print)

    def fake_numbers(total, out, printer=None):  # the page-number overlay: one page per book page
        w = PdfWriter()
        for _ in range(total):
            w.add_blank_page(width=595, height=842)
        with open(out, "wb") as fh:
            w.write(fh)

    monkeypatch.setattr(pdf, "_print_numbers", fake_numbers)
    cache = tmp_path / "cache"

    result = pdf.write_pdf(site, log=lambda m: None, cache_dir=cache)
    assert printed == order and len(PdfReader(str(result.path)).pages) == 3
    assert (result.printed, result.cached, result.pages) == (3, 0, 3)

    printed.clear()
    (site / "chapters" / "01_compute.html").write_text("<p>another frontier_top_n</p>")
    result = pdf.write_pdf(site, log=lambda m: None, cache_dir=cache)
    assert printed == ["chapters/01_compute.html"]  # the other pages come from the cache
    assert (result.printed, result.cached) == (1, 2)
    assert len(list(cache.glob("*.pdf"))) == 4  # the old version of the changed page is gone (3 pages, the numbers)

    printed.clear()
    (site / "_static" / "style.css").write_text("body { color: black }")  # styles change every page
    pdf.write_pdf(site, log=lambda m: None, cache_dir=cache)
    assert printed == order


def test_prune_extra_removes_files_of_an_earlier_book(tmp_path):
    extra, html = tmp_path / "_extra", tmp_path / "html"
    (extra / "chart-data").mkdir(parents=True)
    (extra / "chart-data" / "compute--cost--abc123.csv").write_text("x")
    (html / "chart-data").mkdir(parents=True)
    (html / "chart-data" / "compute--cost--abc123.csv").write_text("x")
    (html / "chart-data" / "compute--cost--old999.csv").write_text("old")  # an earlier parameter's chart
    (html / "intro.html").write_text("page")  # not an extra file: kept
    assert stage.prune_extra(extra, html) == ["chart-data/compute--cost--old999.csv"]
    assert (html / "chart-data" / "compute--cost--abc123.csv").exists() and (html / "intro.html").exists()


def test_navigation_key_changes_with_titles_and_toc_not_with_text(tmp_path):
    book = tmp_path / "book"
    (book / "chapters").mkdir(parents=True)
    (book / "_toc.yml").write_text("root: intro\n")
    (book / "intro.md").write_text("# The book\n\nSome text.\n")
    nb = {"cells": [{"cell_type": "markdown", "source": ["# Compute barriers\n", "text"]}], "metadata": {}}
    (book / "chapters" / "01_compute.ipynb").write_text(json.dumps(nb))
    first = site.navigation_key(book)
    assert first["pages"] == {"chapters/01_compute.ipynb": "# Compute barriers", "intro.md": "# The book"}

    (book / "intro.md").write_text("# The book\n\nOther text, other numbers.\n")
    assert site.navigation_key(book) == first  # a page's body: only that page is rebuilt
    (book / "intro.md").write_text("# The whole book\n\nOther text.\n")
    assert site.navigation_key(book) != first  # a title shows in every page's navigation
    (book / "intro.md").write_text("# The book\n\nSome text.\n")
    (book / "_toc.yml").write_text("root: intro\nparts: []\n")
    assert site.navigation_key(book) != first


def test_inputs_digest_follows_executed_notebooks_and_the_environment(tmp_path, monkeypatch):
    from middleclass import paths

    executed = tmp_path / "executed"
    executed.mkdir()
    monkeypatch.setattr(paths, "EXECUTED_DIR", executed)
    first = stage.inputs_digest(None)
    assert stage.inputs_digest(None) == first
    (executed / "99_stray.ipynb").write_text("{}")  # the ledger reads every executed notebook
    second = stage.inputs_digest(None)
    assert second != first
    monkeypatch.setattr(stage, "environment_key", lambda: "jupyter-book 9; pdf: Chromium not installed")
    assert stage.inputs_digest(None) != second


def test_printer_reports_a_chromium_that_does_not_start(tmp_path, monkeypatch):
    """The printer made ahead of need: Chromium's failure to start reaches the caller when pages
    are printed (the build then fails, keeping the previous book), and closing never hangs."""
    import pytest

    monkeypatch.setattr(pdf, "chromium", lambda: str(tmp_path / "no-chromium"))
    printer = pdf.Printer()
    page = tmp_path / "intro.html"
    page.write_text("<p>x</p>")
    with pytest.raises(pdf.PrintError, match="no-chromium"):
        printer.print_pages([(page, tmp_path / "intro.pdf")], tmp_path)
    with pytest.raises(pdf.PrintError, match="no-chromium"):  # a second job gets the same answer, no hang
        printer.print_pages([(page, tmp_path / "intro.pdf")], tmp_path)
    printer.close()
    assert not printer.running and not (tmp_path / "intro.pdf").exists()


def test_printer_with_no_job_never_starts_chromium():
    """A printer whose pages all came from the cache is made at once and closed without a job:
    Chromium never started; a closed printer prints nothing."""
    import time as clock

    import pytest

    started = clock.perf_counter()
    printer = pdf.Printer()
    assert clock.perf_counter() - started < 0.5 and not printer.running
    printer.close()
    printer.close()  # twice is harmless
    assert not printer.running
    with pytest.raises(pdf.PrintError, match="closed"):
        printer.print_html("<p>1 / 1</p>", Path("never.pdf"))


def test_printer_prints_pages_and_reports_a_chromium_that_dies(tmp_path):
    """Pages print once their charts are drawn and with their details open; a Chromium killed
    between jobs is reported in one line naming the page, not a hang."""
    import pytest
    from pypdf import PdfReader

    if pdf.unavailable():
        pytest.skip("Chromium is not installed")
    page = tmp_path / "intro.html"
    page.write_text("<html><body><h1>Intro</h1><div class='mc-chart'></div>"
                    "<div class='mc-card'><details><summary>Sources</summary>hidden until opened</details></div>"
                    "<script>setTimeout(() => document.querySelector('.mc-chart').innerHTML ="
                    " '<svg width=10 height=10></svg><p>drawn late</p>', 300)</script></body></html>")
    printer = pdf.Printer()
    try:
        printer.print_pages([(page, tmp_path / "intro.pdf")], tmp_path)
        text = PdfReader(str(tmp_path / "intro.pdf")).pages[0].extract_text()
        assert "drawn late" in text and "hidden until opened" in text
        assert printer.running and not list(tmp_path.glob("*.part"))
        info = printer._browser.new_browser_cdp_session().send("SystemInfo.getProcessInfo")
        os.kill(next(p["id"] for p in info["processInfo"] if p["type"] == "browser"), 9)
        with pytest.raises(pdf.PrintError, match=r"/intro\.html: Chromium stopped: "):
            printer.print_pages([(page, tmp_path / "again.pdf")], tmp_path)
        assert not (tmp_path / "again.pdf").exists()
    finally:
        printer.close()
    assert not printer.running


def test_printer_names_a_page_that_fails(tmp_path, monkeypatch):
    """A page whose charts are not drawn in time, or that does not load, is an error naming its
    URL; nothing is cached for it."""
    import pytest

    if pdf.unavailable():
        pytest.skip("Chromium is not installed")
    monkeypatch.setattr(pdf, "WAIT_SECONDS", 1)
    (tmp_path / "never.html").write_text("<html><body><div class='mc-chart'></div></body></html>")
    for name, error in (("never", "charts not drawn after 1 s"), ("missing", "HTTP 404 ")):
        printer = pdf.Printer()
        try:
            with pytest.raises(pdf.PrintError, match=rf"^http://127\.0\.0\.1:\d+/{name}\.html: {error}"):
                printer.print_pages([(tmp_path / f"{name}.html", tmp_path / f"{name}.pdf")], tmp_path)
        finally:
            printer.close()
        assert not (tmp_path / f"{name}.pdf").exists() and not printer.running
