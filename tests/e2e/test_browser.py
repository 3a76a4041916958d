"""The built book in a real browser (Debian's Chromium, no network): every page loads with no
console error and no request to another host, every chart draws its marks, tooltips name the
model, and a screenshot of each chapter is saved under _build/screenshots/."""

from __future__ import annotations


from browser import PageWatch, browser, serve
from conftest import PROJECT_ROOT

SCREENSHOTS = PROJECT_ROOT / "_build" / "screenshots"


def test_every_page_renders_offline(book):
    html = book["build"] / "html"
    pages = sorted(p.relative_to(html).as_posix() for p in html.rglob("*.html") if "_static" not in p.parts)
    assert "chapters/01_compute.html" in pages and "reproducibility.html" in pages and "verdict-history.html" in pages
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    charts_seen, with_charts = 0, set()
    with serve(html) as base, browser() as b:
        for rel in pages:
            page = b.new_page(viewport={"width": 1200, "height": 900})
            watch = PageWatch(page, base)
            # the highlighted source pages (_modules/) load no script of their own: "load" is enough there
            page.goto(f"{base}/{rel}", wait_until="load" if rel.startswith("_modules/") else "networkidle")
            n = page.locator(".mc-chart").count()
            if n:
                page.wait_for_function(
                    "n => document.querySelectorAll('.mc-chart svg.marks').length === n", arg=n, timeout=20000)
                marks = page.evaluate(
                    "() => Array.from(document.querySelectorAll('.mc-chart svg.marks')).map("
                    "s => s.querySelectorAll('path, rect, circle, line, text').length)")
                assert all(m > 10 for m in marks), (rel, marks)
                charts_seen += n
                with_charts.add(rel)
            if rel.startswith("chapters/"):
                page.screenshot(path=str(SCREENSHOTS / rel.replace("chapters/", "").replace(".html", ".png")), full_page=True)
            assert watch.errors == [], (rel, watch.errors)
            assert watch.foreign_requests == [], (rel, watch.foreign_requests)
            page.close()
    assert charts_seen >= 10 and "verdict-history.html" in with_charts  # the history grid draws offline
    assert (SCREENSHOTS / "01_compute.png").stat().st_size > 50_000


def test_tooltip_names_the_model(book):
    html = book["build"] / "html"
    with serve(html) as base, browser() as b:
        page = b.new_page(viewport={"width": 1200, "height": 900})
        page.goto(f"{base}/chapters/01_compute.html", wait_until="networkidle")
        page.wait_for_selector(".mc-chart svg.marks")
        chart = page.locator(".mc-chart").nth(1)  # frontier training cost
        chart.scroll_into_view_if_needed()
        points = chart.locator("g.mark-symbol path")
        assert points.count() > 20
        shown = ""
        for i in range(points.count() - 1, max(points.count() - 15, 0), -1):
            points.nth(i).hover(force=True)
            page.wait_for_timeout(150)
            tip = page.locator("#vg-tooltip-element")
            if tip.count() and tip.is_visible():
                shown = tip.inner_text()
                if "Name" in shown:
                    break
        assert "Name" in shown and "Organization" in shown, shown
