"""What a reader sees (issue 25), in Chromium through Playwright: the summary of the verdicts
above the fold, tables that wrap between words (never inside one), glued numbers in normal
weight, no serious or critical axe-core violation in light or dark mode, an executed notebook
whose charts show in nbconvert's HTML, and a PDF with bookmarks, title and page numbers."""

from __future__ import annotations

import re

import pytest

from browser import PageWatch, browser, serve

#: pages of the book a reader opens (the table of contents, the index pages and the 404 page)
def book_pages(html) -> list[str]:
    skip = ("_static", "_modules", "_sources", "_downloads", "sources", "curated", "chart-data")
    return sorted(p.relative_to(html).as_posix() for p in html.rglob("*.html")
                  if not any(part in skip for part in p.relative_to(html).parts))


#: every word (split at white space; a break after a hyphen, dash or slash is between words) of
#: every table cell whose text lies on more than one line: [page text of the word, cell text]
BROKEN_WORDS = r"""() => {
  const broken = [];
  for (const cell of document.querySelectorAll('.bd-article td, .bd-article th')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      if (!node.parentElement || node.parentElement.closest('.mc-chart')) continue;
      const re = /[^\s\-–\/]+[\-–\/]?/g;
      let m;
      while ((m = re.exec(node.data))) {
        if (m[0].length < 2) continue;
        const r = document.createRange();
        r.setStart(node, m.index); r.setEnd(node, m.index + m[0].length);
        const tops = new Set(Array.from(r.getClientRects()).filter(b => b.width > 0).map(b => Math.round(b.top)));
        if (tops.size > 1) broken.push([m[0], cell.innerText.slice(0, 60)]);
      }
    }
  }
  return broken;
}"""


def test_summary_above_the_fold_and_first_screens_on_a_phone(book):
    html = book["build"] / "html"
    with serve(html) as base, browser() as b:
        page = b.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{base}/intro.html", wait_until="networkidle")
        box = page.locator(".mc-summary").bounding_box()
        assert box and box["y"] + box["height"] <= 900, box  # the whole picture without scrolling
        groups = page.evaluate("""() => Array.from(document.querySelectorAll('.mc-summary .mc-group')).map(g =>
            [g.querySelector('.mc-badge').innerText.trim(), g.querySelectorAll('li a').length])""")
        assert sum(n for _, n in groups) == 23, groups  # every claim, each a link
        assert all(re.match(r"^[✓◐✗?⊘…] \w", label) for label, _ in groups), groups  # an icon and a word, not colour alone
        first = page.locator(".mc-summary li a").first.get_attribute("href")
        assert re.match(r"^chapters/0\d_\w+\.html#claim-[\w-]+$", first), first
        target, anchor = first.split("#")
        assert f'id="{anchor}"' in (html / target).read_text()  # the link lands on the claim's verdict
        page.close()
        phone = b.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        phone.goto(f"{base}/intro.html", wait_until="networkidle")
        first_group = phone.locator(".mc-summary .mc-group").first.bounding_box()
        assert first_group["y"] + first_group["height"] <= 2 * 844, first_group
        cards = phone.locator(".mc-ledger .mc-card")
        assert cards.count() == 23 and phone.locator(".mc-ledger .mc-card .mc-badge").count() == 23


def test_tables_wrap_between_words_on_a_phone_and_a_desktop(book):
    html = book["build"] / "html"
    pages = [p for p in book_pages(html) if "<table" in (html / p).read_text()]
    assert "reproducibility.html" in pages and "chapters/03_capital.html" in pages
    with serve(html) as base, browser() as b:
        for width in (390, 1280):
            page = b.new_page(viewport={"width": width, "height": 900})
            broken = {}
            for rel in pages:
                page.goto(f"{base}/{rel}", wait_until="load")
                words = page.evaluate(BROKEN_WORDS)
                if words:
                    broken[rel] = words[:3]
            page.close()
            assert not broken, (width, broken)


def test_glued_numbers_are_not_bold(book):
    html = book["build"] / "html"
    with serve(html) as base, browser() as b:
        page = b.new_page(viewport={"width": 1280, "height": 900})
        seen = 0
        for rel in [p for p in book_pages(html) if p.startswith("chapters/")]:
            page.goto(f"{base}/{rel}", wait_until="load")
            weights = page.evaluate("""() => Array.from(document.querySelectorAll('.bd-article .pasted-text'))
                .map(e => [Number(getComputedStyle(e).fontWeight), !!e.closest('strong, b, h1, h2, h3, h4, caption, th'),
                           e.innerText])""")
            seen += len(weights)
            bold = [text for w, stressed, text in weights if w >= 600 and not stressed]
            assert not bold, (rel, bold[:5])
        assert seen >= 100


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def test_axe_finds_nothing_serious_or_critical_in_light_and_dark(book):
    """Every page in light and dark mode. The charts are drawn on the same white panel in both
    modes (their colours do not follow the theme), so the dark pass leaves them out: what it
    checks is what dark mode changes."""
    from axe_playwright_python.sync_playwright import Axe

    html = book["build"] / "html"
    axe = Axe()
    found = []
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    with serve(html) as base, browser() as b:
        for mode in ("light", "dark"):
            ctx = b.new_context(viewport={"width": 1280, "height": 900}, color_scheme=mode)
            page = ctx.new_page()
            watch = PageWatch(page, base)
            for rel in book_pages(html):
                page.goto(f"{base}/{rel}", wait_until="load")
                n = page.locator(".mc-chart").count()
                if n:  # the chart menus exist once the charts are drawn
                    page.wait_for_function("n => document.querySelectorAll('.mc-chart svg.marks').length === n",
                                           arg=n, timeout=30000)
                # the theme sets dark mode after load and its buttons fade their colours in (0.15 s):
                # judge the colours a reader sees, not the fade
                page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
                context = {"exclude": [[".mc-chart svg"]]} if mode == "dark" and n else None
                if mode == "dark" and rel == "code.html":  # 20 s a pass: in dark mode its first layer (every
                    context = {"include": [['[id="module-middleclass.errors"]']]}  # kind of element it has)
                result = axe.run(page, context=context, options=options)
                found += [(mode, rel, v["id"], len(v["nodes"]), v["nodes"][0]["target"])
                          for v in result.response["violations"] if v["impact"] in ("serious", "critical")]
            assert watch.foreign_requests == [], watch.foreign_requests[:3]
            ctx.close()
    assert not found, found[:10]


def test_page_metadata_social_card_and_404(book):
    from middleclass.book import pages

    html = book["build"] / "html"
    intro = (html / "intro.html").read_text()
    assert intro.count('name="viewport"') == 1
    desc = re.search(r'<meta name="description" content="([^"]+)"', intro).group(1)
    assert "claims of fact" in desc and re.search(r"support \d+", desc)
    assert 'property="og:image" content="social-card.png"' in intro
    assert (html / pages.SOCIAL_CARD).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Page not found" in (html / "404.html").read_text()
    for rel in book_pages(html):
        text = (html / rel).read_text()
        assert "thebe" not in text.lower(), rel  # no Thebe configuration or styles (live code is off)
        assert "github.com/middleclass-book" not in text and "binder-examples" not in text, rel
        assert not re.search(r"<img\b[^>]*\bmc-chart-fallback", text), rel  # the notebook's PNG fallback stays in the notebook


def test_charts_show_in_nbconvert_html(book, tmp_path):
    """nbconvert (what nbviewer uses) picks each chart's HTML output: without the book's scripts
    the chart shows its stored PNG."""
    from nbconvert import HTMLExporter

    nb_path = book["build"] / "executed" / "01_compute.ipynb"
    body, _ = HTMLExporter().from_filename(str(nb_path))
    out = tmp_path / "nb.html"
    out.write_text(body, encoding="utf-8")
    with serve(tmp_path) as base, browser() as b:
        page = b.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{base}/nb.html", wait_until="load")
        page.wait_for_timeout(500)
        shown = page.evaluate("""() => Array.from(document.querySelectorAll('.mc-chart')).map(c => {
            const img = c.querySelector('img');
            const box = img ? img.getBoundingClientRect() : null;
            return {img: !!img, loaded: img ? img.naturalWidth : 0, w: box ? box.width : 0, h: box ? box.height : 0,
                    text: c.innerText};
        })""")
    assert len(shown) >= 4, shown
    for chart in shown:
        assert chart["img"] and chart["loaded"] > 200 and chart["w"] > 200 and chart["h"] > 100, chart
        assert "not loaded" not in chart["text"].lower(), chart


def test_pdf_has_bookmarks_title_and_page_numbers(book):
    from pypdf import PdfReader

    pdf = book["build"] / "html" / "book.pdf"
    if not pdf.exists():
        pytest.skip("Chromium is not installed: the PDF is not built")
    reader = PdfReader(str(pdf))
    assert "Disappearing AI Middle Class" in (reader.metadata.title or "")
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    assert top[0].startswith("What the data say") and any("Compute barriers" in t for t in top), top
    assert any(isinstance(item, list) for item in reader.outline)  # sections nested under their page
    assert top[-1] == "Code" or "Code" in top[-1]  # the API reference comes last
    n = len(reader.pages)
    for i in (1, n // 2, n - 1):
        lines = [ln.strip() for ln in (reader.pages[i].extract_text() or "").splitlines() if ln.strip()]
        assert f"{i + 1} / {n}" in lines[-3:] or f"{i + 1} / {n}" in lines[:3], (i, lines[-3:])
    text = " ".join(reader.pages[i].extract_text() or "" for i in range(n))
    assert "Show code cell source" not in text and "hover or tap" not in text.lower()
