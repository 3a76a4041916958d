"""Charts and tables: readable (title, axis titles, tooltip, description), safe with hostile
strings from data, and deterministic from one build to the next."""

from __future__ import annotations

import json
import re
import shutil

import altair as alt
import nbformat
import pandas as pd
import pytest

from browser import PageWatch, browser, serve
from conftest import run_cli
from middleclass.notebook import charts
from middleclass.notebook import publish

HOSTILE = ['<script>window.__pwned = 1</script>', '<img src=x onerror="window.__pwned = 2">', 'Plain & "quoted"']


def chart_specs(path) -> list[dict]:
    """The Vega-Lite specs embedded in an executed notebook's chart outputs, in order."""
    specs = []
    for cell in nbformat.read(path, as_version=4).cells:
        for out in cell.get("outputs", []):
            html = out.get("data", {}).get("text/html", "")
            m = re.search(r"var spec = (\{.*?\});\n", html, re.S)
            if m and "mc-chart" in html:
                specs.append(json.loads(m.group(1)))
    return specs


def _layers(spec):
    return spec.get("layer", [spec])


def test_every_chart_is_readable(book):
    for stem, n in (("01_compute", 5), ("02_open_models", 7), ("03_capital", 6), ("04_innovation", 5),
                      ("05_outlook", 2)):
        specs = chart_specs(book["build"] / "executed" / f"{stem}.ipynb")
        assert len(specs) == n, stem
        for spec in specs:
            title = spec["title"]["text"] if isinstance(spec.get("title"), dict) else spec.get("title")
            assert title, spec
            assert spec.get("description"), title
            layers = _layers(spec)
            assert any(layer.get("encoding", {}).get("tooltip") for layer in layers), title
            for axis in ("x", "y"):  # an axis title (with units) set on some layer
                assert any(layer.get("encoding", {}).get(axis, {}).get("title") for layer in layers), (title, axis)
            for layer in layers:  # layers drawing models or companies name them in the tooltip
                mark = layer.get("mark", {})
                kind = mark.get("type") if isinstance(mark, dict) else mark
                tips = layer.get("encoding", {}).get("tooltip") or []
                data = layer.get("data") or spec.get("data") or {}
                rows = spec.get("datasets", {}).get(data.get("name"), [{}])
                names_things = bool({"model", "company", "name"} & set(rows[0] if rows else {}))
                if kind == "point" and names_things:
                    assert {t.get("title", "") for t in tips} & {"Name", "Model", "Company"}, title


def test_table_and_chart_escape_hostile_strings(tmp_path, book):
    df = pd.DataFrame({"model": HOSTILE, "score": [1.0, 2.0, 3.0],
                       "date": pd.to_datetime(["2024-01-01", "2024-06-01", "2025-01-01"])})
    table_html = charts.table(df[["model", "score"]], "Hostile names <b>caption</b>").to_html()
    charts.setup()
    chart = alt.Chart(df).mark_point(size=400, filled=True).encode(
        x=alt.X("date:T", title="Date"), y=alt.Y("score:Q", title="Score"),
        tooltip=[alt.Tooltip("model:N", title="Model")]).properties(title="Hostile", description="test chart")
    chart_html = charts.render_html(chart.to_dict())
    assert "<script>window.__pwned" not in chart_html
    shutil.copy(book["build"] / "html" / "_static" / "vega-bundle.js", tmp_path / "vega-bundle.js")
    (tmp_path / "index.html").write_text(
        "<!doctype html><html><head><meta charset='utf-8'><link rel='icon' href='data:,'>"
        "<script src='vega-bundle.js'></script></head><body>"
        f"{table_html}\n{chart_html}\n<p id='md'>{publish.md_escape(HOSTILE[1])}</p></body></html>", encoding="utf-8")
    with serve(tmp_path) as base, browser() as b:
        page = b.new_page()
        watch = PageWatch(page, base)
        page.goto(f"{base}/index.html", wait_until="networkidle")
        page.wait_for_selector(".mc-chart svg.marks")
        for i in range(3):
            page.locator(".mc-chart g.mark-symbol path").nth(i).hover(force=True)
            page.wait_for_timeout(200)
        tip = page.locator("#vg-tooltip-element").inner_text()
        assert page.evaluate("() => window.__pwned === undefined")
        assert page.evaluate("() => document.querySelectorAll('img').length") == 0
        assert page.evaluate("() => document.querySelectorAll('body script').length") == 1  # only the chart's own
        cells = page.locator("td").all_inner_texts()
        assert HOSTILE[0] in cells and HOSTILE[1] in cells
        assert tip.strip().endswith(tuple(HOSTILE))
        assert watch.errors == []


@pytest.mark.parametrize("chapter", ["compute", "capital", "outlook"])
def test_same_inputs_give_same_glue_and_chart_specs(book, tmp_path, chapter):
    """`run` executes in a fresh kernel; the book's build ran these chapters in warm kernels that
    had executed other chapters before (``book.kernels``): the glue must be byte-identical."""
    from middleclass.chapters import CHAPTERS

    default = book["build"] / "executed" / f"{CHAPTERS[chapter].stem}.ipynb"
    again = tmp_path / "again.ipynb"
    proc = run_cli("run", chapter, "--force", "--output", again, env=book["env"])
    assert proc.returncode == 0, proc.stderr
    a, b = (nbformat.read(p, as_version=4).metadata["middleclass"] for p in (default, again))
    assert a["glue"] == b["glue"]
    assert a["cache_key"] == b["cache_key"]
    assert chart_specs(default) == chart_specs(again)
    html = lambda p: [o["data"]["text/html"] for c in nbformat.read(p, as_version=4).cells  # noqa: E731
                      for o in c.get("outputs", []) if "mc-chart" in o.get("data", {}).get("text/html", "")]
    assert html(default) == html(again)  # same element ids too
