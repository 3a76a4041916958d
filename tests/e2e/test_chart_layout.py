"""Charts for people: units written as people write them, every year on a year axis, legends in
words, every chart numbered and captioned, charts that keep their plot on a phone, and executed
notebooks whose charts show outside the book (nbconvert, nbviewer)."""

from __future__ import annotations

import html as htmllib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import altair as alt
import nbformat
import pandas as pd
import pytest

from browser import PageWatch, browser, serve
from conftest import PROJECT_ROOT
from middleclass.notebook import charts
from middleclass.notebook import figures
from test_charts import chart_specs

STEMS = ["01_compute", "02_open_models", "03_capital", "04_innovation", "05_outlook"]
PHONE = {"width": 390, "height": 844}
MIN_X_AXIS = 250  # px: the plot keeps most of a phone's column


# ----------------------------------------------------------------- units (no book needed)

@pytest.mark.parametrize("value, text", [
    (3.24e9, "$3.24B"), (3e8, "$300M"), (1e9, "$1B"), (999.96e6, "$1B"), (12_500, "$12.5K"), (2.5e12, "$2.5T"),
    (5, "$5"), (150, "$150"), (1.5, "$1.50"), (0.1, "$0.10"), (0.02, "$0.02"), (0.0045, "$0.0045"),
    (-3e9, "-$3B"), (float("nan"), "–"), (None, "–"),
])
def test_money_text(value, text):
    assert charts.money_text(value) == text


@pytest.mark.parametrize("value, text", [
    (1e25, "10²⁵ FLOP"), (3.16e24, "3.2×10²⁴ FLOP"), (1e13, "10¹³ FLOP"), (9.99e24, "10²⁵ FLOP"),
    (2.5e-3, "2.5×10⁻³ FLOP"), (float("nan"), "–"), (0, "–"),
])
def test_power_text(value, text):
    assert charts.power_text(value) == text


def test_percent_and_number_text():
    assert charts.percent_text(0.354) == "35%" and charts.percent_text(0.0654, 1) == "6.5%"
    assert charts.number_text(1234.6) == "1,235"
    assert charts.number_text(45.26, 1, "points") == "45.3 points"
    assert charts.percent_text(None) == "–" and charts.number_text(float("nan")) == "–"


def test_year_domain_keeps_missing_years_as_gaps():
    assert charts.year_domain([2019, 2020, 2021, 2023, 2024]) == [2019, 2020, 2021, 2022, 2023, 2024]
    assert charts.year_domain(pd.Series([2024.0, None, 2022.0])) == [2022, 2023, 2024]
    chart = charts.bar_chart(pd.DataFrame({"year": [2019, 2021], "share": [0.1, 0.3]}), x="year", y="share",
                             title="t", subtitle="s", description="d", x_title="Year", y_title="Share (%)",
                             y_unit="share", tooltip=[alt.Tooltip("share:Q", format=".0%")])
    spec = chart.to_dict()
    assert spec["encoding"]["x"]["scale"]["domain"] == [2019, 2020, 2021]
    assert spec["encoding"]["y"]["axis"]["format"] == ".0%"


def _axis_labels(axis: alt.Axis, values: list[float], log: bool = False) -> list[str]:
    """The non-empty labels Vega draws for ``values`` on a y axis, bottom to top (rendered
    offline by vl-convert)."""
    import vl_convert as vlc

    df = pd.DataFrame({"y": [min(values), max(values)], "x": [0, 1]})
    axis = axis.to_dict()
    axis.update(values=values, labelOverlap=False, title="axis")
    chart = alt.Chart(df).mark_point().encode(
        x="x:Q", y=alt.Y("y:Q", axis=axis, scale=alt.Scale(type="log" if log else "linear", domain=[min(values), max(values)],
                                                                 nice=False, zero=False)))
    svg = vlc.vegalite_to_svg(chart.to_dict())
    labels = re.search(r'aria-label="Y-axis.*?class="mark-text role-axis-label"[^>]*>(.*?)</g>', svg, re.S).group(1)
    return [htmllib.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", labels) if t]


def test_money_axis_labels_match_the_tooltip_texts():
    values = [0.01, 0.1, 1, 5, 300, 12_000, 3e8, 1e9, 2.5e12]
    assert _axis_labels(charts.money_axis(), values, log=True) == [charts.money_text(v) for v in values]
    powers = [1e-2, 1, 1e3, 1e6, 1e9]
    assert _axis_labels(charts.money_axis(log=True), sorted(powers + [3e8]), log=True) == [
        "$0.01", "$1", "$1K", "$1M", "$1B"]  # a log axis labels its powers of ten only, not $300M


def test_power_axis_labels_match_the_tooltip_texts():
    values = [1e13, 1e20, 1e25, 1e27]
    assert _axis_labels(charts.power_axis(), values, log=True) == [charts.power_text(v, unit="") for v in values]
    assert _axis_labels(charts.power_axis(log=False), [3e24], log=True) == ["3×10²⁴"]


def test_render_html_carries_the_fallback_picture_only_when_given():
    charts.setup("layout-test")
    spec = alt.Chart(pd.DataFrame({"x": [1, 2], "y": [3, 4]})).mark_point().encode(
        x=alt.X("x:Q", title="X"), y=alt.Y("y:Q", title="Y"), tooltip=["x:Q"]).properties(
        title=alt.Title("A <title>", subtitle="sub & more"), description="What it shows").to_dict()
    plain = charts.render_html(spec)
    assert "<img" not in plain and plain.count("<script") == 1
    with_png = charts.render_html(spec, png="iVBORw0KGgo=")
    img = re.search(r'<div id="mc-chart-[^"]+" class="mc-chart"[^>]*>(<img class="mc-chart-fallback" [^>]*>)</div>',
                    with_png)
    assert img, with_png[:400]
    assert 'alt="A &lt;title&gt; — sub &amp; more — What it shows"' in img.group(1)
    assert "\n\n" not in with_png  # Markdown would end the HTML block at a blank line
    assert "var spec = " in with_png and with_png.count("<script") == 1
    # the book's Sphinx step strips the picture with this pattern
    from middleclass.book.sphinx_ext import FALLBACK_IMG

    assert FALLBACK_IMG.sub("", with_png).count("<img") == 0


def test_legend_and_axis_labels_are_words():
    assert figures.tier_name("government_or_nonprofit") == "government or non-profit"
    assert all("_" not in name for name in figures.TIER_NAMES.values())
    assert all("_" not in name for name in figures.OUTCOME_NAMES.values())
    assert figures.verdict_label("supported") == "✓ supported"


# ----------------------------------------------------------------- captions (chapter sources)

CHART_CELL = re.compile(r"```\{code-cell\}[^\n]*\n(.*?)```", re.S)


def test_every_chart_cell_is_numbered_and_captioned_without_screen_hints():
    names = set()
    for stem in STEMS:
        source = (PROJECT_ROOT / "chapters" / f"{stem}.md").read_text(encoding="utf-8")
        for cell in CHART_CELL.findall(source):
            if not re.search(r"publish\.show\(figures\.\w+\(", cell):
                continue
            fn = re.search(r"figures\.(\w+)\(", cell).group(1)
            m = re.search(r'mystnb: \{figure: \{caption: "((?:[^"\\]|\\.)*)", name: "([^"]+)"\}\}', cell)
            returns = getattr(figures, fn).__annotations__.get("return", "")
            if "Chart" not in str(returns):
                continue  # a table
            assert m, (stem, fn)
            caption, name = m.groups()
            assert name.startswith("fig-") and name not in names, name
            names.add(name)
            assert not re.search(r"\b(hover|tap|click|zoom)\b", caption, re.I), (name, caption)
            assert caption.endswith(".") and caption[0].isupper(), (name, caption)
    assert len(names) >= 25


# ----------------------------------------------------------------- the built book's specs

def _encodings(spec: dict):
    for layer in spec.get("layer", [spec]):
        yield layer.get("encoding", {}), layer.get("data", spec.get("data", {})).get("name")


def test_year_axes_show_every_year_and_legends_are_words(book):
    seen_gap = False
    for stem in STEMS:
        for spec in chart_specs(book["build"] / "executed" / f"{stem}.ipynb"):
            title = charts.spec_title(spec)
            for enc, data in _encodings(spec):
                x = enc.get("x", {})
                if x.get("field") == "year" and x.get("type") == "ordinal":
                    domain = x.get("scale", {}).get("domain")
                    assert domain == list(range(domain[0], domain[-1] + 1)), title
                    rows = spec["datasets"][data]
                    seen_gap |= len({r["year"] for r in rows}) < len(domain)
                for channel in ("color", "shape", "opacity"):
                    e = enc.get(channel, {})
                    if e.get("field") and e.get("type") == "nominal" and e.get("legend", {}) is not None:
                        values = {str(r.get(e["field"])) for r in spec["datasets"][data]}
                        assert not any("_" in v for v in values), (title, values)
                axis = (enc.get("y", {}).get("axis") or {})
                assert "~s" not in str(axis.get("format", "")), title  # no SI prefixes (G, m, Z) for money or FLOP
                for tip in enc.get("tooltip", []) if isinstance(enc.get("tooltip"), list) else []:
                    assert "~s" not in str(tip.get("format", "")), (title, tip)
    assert seen_gap  # e.g. 2022 in the top-10 share: drawn as a gap, not skipped


# ----------------------------------------------------------------- outside the book: nbconvert

def _nbconvert(notebook: Path, out_dir: Path) -> Path:
    """``jupyter nbconvert --to html`` of a notebook (nbconvert in this environment, else a
    ``jupyter-nbconvert`` on the PATH)."""
    try:
        import nbconvert  # noqa: F401

        cmd = [sys.executable, "-m", "nbconvert"]
    except ImportError:
        exe = shutil.which("jupyter-nbconvert")
        if not exe:
            pytest.skip("nbconvert is not installed (pip install nbconvert)")
        cmd = [exe]
    proc = subprocess.run(cmd + ["--to", "html", "--output-dir", str(out_dir), str(notebook)], capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return out_dir / (notebook.stem + ".html")


def _visible_text(page_html: str) -> str:
    t = re.sub(r"<(script|style)\b.*?</\1>", " ", page_html, flags=re.S | re.I)
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", t))


@pytest.mark.parametrize("stem", ["01_compute", "03_capital"])
def test_nbconvert_html_shows_every_chart_as_a_picture(book, tmp_path, stem):
    notebook = book["build"] / "executed" / f"{stem}.ipynb"
    n_charts = len(chart_specs(notebook))
    assert n_charts
    out = _nbconvert(notebook, tmp_path)
    page = out.read_text(encoding="utf-8")
    imgs = re.findall(r"<img\b[^>]*\bclass=\"mc-chart-fallback\"[^>]*>", page)
    assert len(imgs) == n_charts, (len(imgs), n_charts)
    assert all('src="data:image/png;base64,' in i and re.search(r'alt="[^"]{20,}"', i) for i in imgs)
    assert "Chart library not loaded" not in _visible_text(page)
    with serve(tmp_path) as base, browser() as b:  # with scripts on and no chart library: the pictures stay
        view = b.new_page(viewport={"width": 1000, "height": 900})
        view.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())  # offline
        view.goto(f"{base}/{out.name}", wait_until="load")
        view.wait_for_timeout(500)
        shown = view.evaluate("""() => Array.from(document.querySelectorAll('.mc-chart')).map(el => {
            const img = el.querySelector('img.mc-chart-fallback');
            return img ? img.naturalWidth : 0; })""")
        assert len(shown) == n_charts and all(w > 100 for w in shown), shown
        assert "Chart library not loaded" not in view.inner_text("body")


# ----------------------------------------------------------------- on a phone

MEASURE = """() => Array.from(document.querySelectorAll('.mc-chart')).map(el => {
  const svg = el.querySelector('svg.marks');
  const col = el.parentElement.getBoundingClientRect();
  const x = Array.from(el.querySelectorAll('g[aria-roledescription="axis"]'))
    .filter(a => (a.getAttribute('aria-label') || '').startsWith('X-axis'))
    .map(a => { const d = a.querySelector('.role-axis-domain line, .role-axis-domain path');
                return d ? d.getBoundingClientRect().width : a.getBoundingClientRect().width; });
  const r = svg ? svg.getBoundingClientRect() : null;
  const outside = r ? Array.from(svg.querySelectorAll('text')).filter(t => {
      const b = t.getBoundingClientRect();
      return b.width > 0 && (b.left < r.left - 1 || b.right > r.right + 1); }).map(t => t.textContent) : [];
  return {id: el.id, xaxis: x.length ? Math.min(...x) : 0, left: r ? r.left : 0, right: r ? r.right : 0,
          colLeft: col.left, colRight: col.right, outside: outside};
})"""


def _charts_at(page, url: str) -> list[dict]:
    page.goto(url, wait_until="networkidle")
    n = page.locator(".mc-chart").count()
    page.wait_for_function("n => document.querySelectorAll('.mc-chart svg.marks').length === n", arg=n, timeout=30000)
    last = None
    for _ in range(20):  # a composite chart is redrawn until it fills the column: wait until nothing moves
        now = page.evaluate(MEASURE)
        if now == last:
            return now
        last = now
        page.wait_for_timeout(250)
    return last


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 900}], ids=["phone", "desktop"])
def test_every_chart_keeps_its_plot_wide_and_fits_the_column(book, viewport):
    html = book["build"] / "html"
    pages = [f"chapters/{s}.html" for s in STEMS] + ["verdict-history.html", "robustness.html"]
    failures, widths = [], []
    with serve(html) as base, browser() as b:
        page = b.new_page(viewport=viewport)
        watch = PageWatch(page, base)
        for rel in pages:
            found = _charts_at(page, f"{base}/{rel}")
            assert found, rel
            for c in found:
                widths.append(c["xaxis"])
                if c["xaxis"] < MIN_X_AXIS:
                    failures.append(f"{rel} {c['id']}: x axis {c['xaxis']:.0f} px")
                if c["right"] > c["colRight"] + 0.5 or c["left"] < c["colLeft"] - 0.5 or c["right"] > viewport["width"]:
                    failures.append(f"{rel} {c['id']}: wider than the column ({c['left']:.0f}–{c['right']:.0f} px)")
                if c["outside"]:
                    failures.append(f"{rel} {c['id']}: text clipped at the edge: {c['outside'][:3]}")
            assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"], rel
        assert watch.errors == [], watch.errors
    assert not failures, "\n".join(failures)
    assert len(widths) >= 26
