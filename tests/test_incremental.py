"""Incremental rebuilds: the staged tree is synced file by file (unchanged files keep their
times, so Sphinx re-reads only changed pages) and the PDF reprints only pages that changed."""

from __future__ import annotations

import json
import os
import time

from pypdf import PdfReader, PdfWriter

from middleclass.book import pipeline as build
from middleclass.book import pdf


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

    changed = build.sync_tree(src, dst)

    assert sorted(changed) == ["added.md", "chapters/changed.md", "gone.md"]
    assert (dst / "chapters" / "changed.md").read_text() == "new text" and (dst / "added.md").read_text() == "added"
    assert not (dst / "gone.md").exists()
    assert (dst / "chapters" / "same.ipynb").stat().st_mtime == past  # untouched: Sphinx will not re-read it
    assert (dst / "chapters" / "changed.md").stat().st_mtime >= started - 1  # changed: newer than Sphinx's last read
    assert build.sync_tree(src, dst) == []


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
    assert build.prune_extra(extra, html) == ["chart-data/compute--cost--old999.csv"]
    assert (html / "chart-data" / "compute--cost--abc123.csv").exists() and (html / "intro.html").exists()


def test_navigation_key_changes_with_titles_and_toc_not_with_text(tmp_path):
    stage = tmp_path / "book"
    (stage / "chapters").mkdir(parents=True)
    (stage / "_toc.yml").write_text("root: intro\n")
    (stage / "intro.md").write_text("# The book\n\nSome text.\n")
    nb = {"cells": [{"cell_type": "markdown", "source": ["# Compute barriers\n", "text"]}], "metadata": {}}
    (stage / "chapters" / "01_compute.ipynb").write_text(json.dumps(nb))
    first = build.navigation_key(stage)
    assert first["pages"] == {"chapters/01_compute.ipynb": "# Compute barriers", "intro.md": "# The book"}

    (stage / "intro.md").write_text("# The book\n\nOther text, other numbers.\n")
    assert build.navigation_key(stage) == first  # a page's body: only that page is rebuilt
    (stage / "intro.md").write_text("# The whole book\n\nOther text.\n")
    assert build.navigation_key(stage) != first  # a title shows in every page's navigation
    (stage / "intro.md").write_text("# The book\n\nSome text.\n")
    (stage / "_toc.yml").write_text("root: intro\nparts: []\n")
    assert build.navigation_key(stage) != first


def test_inputs_digest_follows_executed_notebooks_and_the_environment(tmp_path, monkeypatch):
    from middleclass import paths

    executed = tmp_path / "executed"
    executed.mkdir()
    monkeypatch.setattr(paths, "EXECUTED_DIR", executed)
    first = build.inputs_digest(None)
    assert build.inputs_digest(None) == first
    (executed / "99_stray.ipynb").write_text("{}")  # the ledger reads every executed notebook
    second = build.inputs_digest(None)
    assert second != first
    monkeypatch.setattr(build, "environment_key", lambda: "jupyter-book 9; pdf: Chromium not installed")
    assert build.inputs_digest(None) != second


def test_printer_reports_a_chromium_that_does_not_start(tmp_path, monkeypatch):
    """The Chromium started ahead of need: its failure to start reaches the caller when pages
    are printed (the build then fails, keeping the previous book), and closing never hangs."""
    import pytest

    monkeypatch.setattr(pdf, "chromium", lambda: str(tmp_path / "no-chromium"))
    printer = pdf.Printer()
    page = tmp_path / "intro.html"
    page.write_text("<p>x</p>")
    with pytest.raises(Exception, match="no-chromium"):
        printer.print_pages([(page, tmp_path / "intro.pdf")], tmp_path)
    with pytest.raises(Exception, match="no-chromium"):  # a second job gets the same answer, no hang
        printer.print_pages([(page, tmp_path / "intro.pdf")], tmp_path)
    printer.close()
    assert not printer.running


def test_printer_closes_promptly_with_no_job():
    """A printer whose pages all came from the cache is closed without a job: Chromium ends."""
    import time as clock

    import pytest

    if pdf.unavailable():
        pytest.skip("Chromium is not installed")
    printer = pdf.Printer()
    assert printer.running
    started = clock.perf_counter()
    printer.close()
    printer.close()  # twice is harmless
    assert not printer.running and clock.perf_counter() - started < 30


def test_printer_prints_pages_and_reports_a_chromium_that_dies(tmp_path):
    """Pages print through the DevTools pipe (charts waited for); a Chromium killed between
    jobs is reported in one line, not a hang."""
    import pytest

    if pdf.unavailable():
        pytest.skip("Chromium is not installed")
    page = tmp_path / "intro.html"
    page.write_text("<html><body><h1>Intro</h1><p>text</p></body></html>")
    printer = pdf.Printer()
    try:
        printer.print_pages([(page, tmp_path / "intro.pdf")], tmp_path)
        assert (tmp_path / "intro.pdf").read_bytes().startswith(b"%PDF")
        os.kill(printer._browser._pid, 9)
        while printer._browser.running:
            time.sleep(0.05)
        with pytest.raises(pdf.devtools.DevToolsError, match=r"Chromium stopped \(killed by signal 9; "):
            printer.print_pages([(page, tmp_path / "again.pdf")], tmp_path)
        assert not (tmp_path / "again.pdf").exists()
    finally:
        printer.close()
    assert not printer.running


def test_jupyter_book_runs_in_a_forked_child(monkeypatch, tmp_path):
    """Sphinx runs in a forked child (its memory leaves with it): the child's answer comes back;
    a child that dies without answering is a failure naming how it ended; the child never
    returns into the caller's code."""
    import os
    import signal

    monkeypatch.setattr(build, "_jupyter_book_in_process", lambda args, cwd: (0, f"built {args[0]} in {os.getpid()}"))
    code, text = build._jupyter_book_forked(["build"], tmp_path)
    assert code == 0 and text.startswith("built build in ") and text != f"built build in {os.getpid()}"

    monkeypatch.setattr(build, "_jupyter_book_in_process", lambda args, cwd: os.kill(os.getpid(), signal.SIGKILL))
    assert build._jupyter_book_forked(["build"], tmp_path) == (
        1, "ERROR: the Sphinx process ended without an answer (killed by signal 9)\n")

    def fails(args, cwd):
        raise RuntimeError("boom")

    monkeypatch.setattr(build, "_jupyter_book_in_process", fails)
    assert build._jupyter_book_forked(["build"], tmp_path) == (
        1, "ERROR: the Sphinx process ended without an answer (exit code 1)\n")
