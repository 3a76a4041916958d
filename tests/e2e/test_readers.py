"""Readers and reviewers (issue 16): code in the book, self-contained notebooks, phone-size
charts and tables, dark mode, numbered figures and links, licences and citation, the
whole-book PDF, a link check."""

from __future__ import annotations

import html as htmllib
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import nbformat
import pytest

from browser import PageWatch, browser, serve
from conftest import PROJECT_ROOT
from middleclass.notebook import charts


def text_of(path: Path) -> str:
    t = re.sub(r"<!--.*?-->", " ", path.read_text(), flags=re.S)
    t = re.sub(r"<script.*?</script>", " ", t, flags=re.S)
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", t)))


# ----------------------------------------------------------------- notebooks outside the book

def test_every_chart_output_carries_vega_lite_and_a_png(book):
    seen = 0
    for path in sorted((book["build"] / "executed").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            for out in cell.get("outputs", []):
                data = out.get("data", {})
                if "mc-chart" in data.get("text/html", ""):
                    seen += 1
                    spec = data[charts.VEGALITE_MIME]
                    assert isinstance(spec, dict) and spec.get("datasets"), path.name  # the data inline
                    assert data["image/png"][:20] and data["text/plain"].startswith("<Chart:"), path.name
    assert seen >= 20


# ----------------------------------------------------------------- code, sources, licences, citation

def test_code_appendix_and_chapter_sources(book):
    html = book["build"] / "html"
    code = (html / "code.html").read_text()
    assert code.count("viewcode-link") > 100 and "middleclass.claims.engine.judge" in code
    assert (html / "_modules" / "middleclass" / "claims" / "engine.html").exists()
    # Sphinx runs in the build's process: the reference shows no state of that process (which files it read)
    assert str(book["data"]) not in code and str(book["build"]) not in code
    chapter = (html / "chapters" / "01_compute.html").read_text()
    assert "Show code cell source" in chapter  # computations collapsed, not removed
    assert 'href="../sources/chapters/01_compute.md"' in chapter and (html / "sources" / "chapters" / "01_compute.md").exists()
    assert "github.com" not in chapter  # no repository link until a repository URL is configured


def test_licences_citation_and_footer(book):
    for name in ("LICENSE", "LICENSE-CONTENT", "CITATION.cff", "CHANGELOG.md"):
        assert (PROJECT_ROOT / name).is_file(), name
    assert "CC BY 4.0" in (PROJECT_ROOT / "LICENSE-CONTENT").read_text()
    intro = text_of(book["build"] / "html" / "intro.html")
    assert "Cite this book" in intro and "@misc{middleclassbook2026," in intro.replace(" ", "")
    page = text_of(book["build"] / "html" / "chapters" / "03_capital.html")
    assert "Text and figures: CC BY 4.0; code: MIT" in page
    assert re.search(r"Built from commit [0-9a-f]{7,}", page) and "Last updated on" in page


def test_numbered_figures_and_links_to_verdicts(book):
    html = book["build"] / "html"
    assert "Fig. 1.1" in text_of(html / "chapters" / "01_compute.html")
    intro = (html / "intro.html").read_text()
    for cid, page in (("cost", "01_compute"), ("top-ten", "03_capital"), ("api-window", "05_outlook")):
        assert f'href="chapters/{page}.html#claim-{cid}"' in intro, cid  # summary and cards link to the verdict
        assert f'id="claim-{cid}"' in (html / "chapters" / f"{page}.html").read_text(), cid
    assert 'href="04_innovation.html"' in (html / "chapters" / "01_compute.html").read_text()  # chapter mentions link


def test_every_local_link_resolves(book):
    html = book["build"] / "html"
    pages = [p for p in html.rglob("*.html") if "_static" not in p.parts and "_modules" not in p.parts]
    broken = []
    for page in pages:
        for ref in re.findall(r'(?:href|src)="([^"#?]+)', page.read_text()):
            if re.match(r"^[a-z]+:", ref) or ref.startswith("//"):
                continue
            target = (page.parent / unquote(ref)).resolve()
            if not target.exists():
                broken.append(f"{page.relative_to(html)} -> {ref}")
    assert not broken, broken[:10]


# ----------------------------------------------------------------- the PDF

def test_whole_book_pdf(book):
    from pypdf import PdfReader

    pdf = book["build"] / "html" / "book.pdf"
    if not pdf.exists():
        pytest.skip("Chromium is not installed: the PDF is not built")
    reader = PdfReader(str(pdf))
    assert len(reader.pages) >= 60  # every page of the book, charts included
    text = " ".join(reader.pages[i].extract_text() or "" for i in range(min(len(reader.pages), 40)))
    assert "Compute barriers" in text and "Data behind this chart" not in text  # print styles hide CSV links
    assert 'href="../book.pdf"' in (book["build"] / "html" / "chapters" / "01_compute.html").read_text()


# ----------------------------------------------------------------- phone size and dark mode

def test_phone_size_charts_keep_readable_labels_and_tables_scroll(book):
    html = book["build"] / "html"
    with serve(html) as base, browser() as b:
        page = b.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=1, is_mobile=True,
                          has_touch=True)
        watch = PageWatch(page, base)
        page.goto(f"{base}/chapters/01_compute.html", wait_until="networkidle")
        n = page.locator(".mc-chart").count()
        page.wait_for_function("n => document.querySelectorAll('.mc-chart svg.marks').length === n", arg=n,
                               timeout=30000)
        sizes = page.evaluate("""() => Array.from(document.querySelectorAll('.mc-chart svg .role-axis-label text'))
            .map(t => t.getBoundingClientRect().height).filter(h => h > 0)""")
        assert sizes and min(sizes) >= 9, min(sizes or [0])
        overflow = page.evaluate("""() => Array.from(document.querySelectorAll('.mc-chart svg.marks'))
            .map(s => s.getBoundingClientRect().width / s.parentElement.getBoundingClientRect().width)""")
        assert sum(r <= 1.01 for r in overflow) >= len(overflow) - 1  # single charts fit the column
        page.goto(f"{base}/reproducibility.html", wait_until="networkidle")
        reach = page.evaluate("""() => {
            const t = Array.from(document.querySelectorAll('table')).find(t => t.innerText.includes('sha256'));
            const box = t.closest('.pst-scrollable-table-container') || t.parentElement;
            const style = getComputedStyle(box);
            return {scrollable: ['auto', 'scroll'].includes(style.overflowX), wide: t.scrollWidth,
                    box: box.clientWidth};
        }""")
        assert reach["scrollable"] and reach["box"] <= 390, reach  # a wide table scrolls in its own box
        for name in ("intro.html", "reproducibility.html", "chapters/03_capital.html", "code.html"):
            page.goto(f"{base}/{name}", wait_until="networkidle")
            assert page.evaluate("() => document.documentElement.scrollWidth") <= 390, name  # no sideways page
        assert watch.errors == [] and watch.foreign_requests == []
        captions = text_of(html / "chapters" / "01_compute.html")
        assert "hover or tap" not in captions.lower() and "Hover over a" not in captions  # captions say what to see


def _luminance(rgb):
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _rgb(text: str) -> tuple[int, int, int]:
    return tuple(int(v) for v in re.findall(r"\d+", text)[:3])


def test_dark_mode_follows_the_system_and_keeps_contrast(book):
    html = book["build"] / "html"
    with serve(html) as base, browser() as b:
        ctx = b.new_context(color_scheme="dark", viewport={"width": 1200, "height": 900})
        page = ctx.new_page()
        watch = PageWatch(page, base)
        page.goto(f"{base}/chapters/02_open_models.html", wait_until="networkidle")
        assert page.evaluate("() => document.documentElement.dataset.theme") == "dark"
        page.wait_for_selector(".mc-chart svg.marks")
        colours = page.evaluate("""() => {
            const a = document.querySelector('.mc-chart-data a');
            const bg = el => { while (el) { const c = getComputedStyle(el).backgroundColor;
                if (c && !c.startsWith('rgba(0, 0, 0, 0)') && c !== 'transparent') return c; el = el.parentElement; }
                return 'rgb(255, 255, 255)'; };
            const p = document.querySelector('article p');
            return {link: getComputedStyle(a).color, linkBg: bg(a), text: getComputedStyle(p).color, textBg: bg(p),
                    chartBg: getComputedStyle(document.querySelector('.mc-chart')).backgroundColor};
        }""")
        for fg, bg in (("link", "linkBg"), ("text", "textBg")):
            lo, hi = sorted([_luminance(_rgb(colours[fg])), _luminance(_rgb(colours[bg]))])
            assert (hi + 0.05) / (lo + 0.05) >= 4.5, (fg, colours)
        assert _rgb(colours["chartBg"]) == (255, 255, 255)  # charts read on a light panel
        assert watch.errors == [] and watch.foreign_requests == []
        ctx.close()


def test_compare_and_csv_names_are_readable(book):
    names = [p.name for p in (book["build"] / "html" / "chart-data").glob("*.csv")]
    assert any(n.startswith("compute--training-compute") for n in names), names[:5]
    assert not any(re.match(r"^mc-chart-\d+-", n) for n in names)
    assert urlparse("x").path == "x"
