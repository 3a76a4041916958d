"""The book's altair theme, an offline renderer, and chart helpers.

The renderer emits ``text/html``: a ``<div>`` and a ``vegaEmbed`` call. The vega, vega-lite
and vega-embed code is not in the page: the book serves one bundle from its own ``_static``
folder (``book.write_vega_bundle``), so charts render with no network.
"""

from __future__ import annotations

import hashlib
import json
import re

import altair as alt
import pandas as pd

from .sphinx_ext import VEGALITE_MIME  # noqa: F401 - defined where Sphinx loads it without altair

PALETTE = ["#1b6ca8", "#d1495b", "#edae49", "#00798c", "#66a182", "#8d96a3", "#2e4057", "#b07aa1"]


def _theme() -> dict:
    return {
        "config": {
            "font": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
            "view": {"continuousWidth": 620, "continuousHeight": 340, "stroke": None},
            "title": {"fontSize": 15, "anchor": "start", "subtitleColor": "#555", "subtitleFontSize": 12},
            "axis": {"labelFontSize": 11, "titleFontSize": 12, "gridColor": "#e6e6e6"},
            "legend": {"labelFontSize": 11, "titleFontSize": 12, "orient": "bottom"},
            "range": {"category": PALETTE},
            "point": {"size": 36},
        }
    }


def _safe_json(obj) -> str:
    """JSON that can sit inside a <script> element: '<', '>' and '&' are escaped."""
    text = json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


_USED_IDS: set[str] = set()
_CHAPTER: str | None = None  # the chapter whose charts are being named (set by setup)


def spec_title(spec: dict) -> str:
    """A chart's title text ('' when it has none)."""
    title = spec.get("title")
    return str((title.get("text", "") if isinstance(title, dict) else title) or "")


def chart_name(spec: dict) -> str:
    """A readable, stable name for a chart (its CSV file and element id): the chapter, the
    title as a slug and six characters of the spec's hash, e.g.
    ``compute--training-compute-of-notable-ai-models--3f2a1b``."""
    slug = re.sub(r"[^a-z0-9]+", "-", (spec_title(spec) or "chart").lower()).strip("-")[:60].rstrip("-") or "chart"
    digest = hashlib.sha1(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:6]
    chapter = _CHAPTER or "book"
    name = f"{chapter}--{slug}--{digest}"
    base, i = name, 2
    while name in _USED_IDS:  # the same chart twice in one kernel
        name, i = f"{base}-{i}", i + 1
    _USED_IDS.add(name)
    return name


#: how the embed adapts a chart to a narrow column: single charts get the column's width (labels
#: stay at their size instead of being shrunk with the whole drawing); grids keep their size and
#: scroll sideways inside their box
_FIT_JS = (
    "    var s = spec, w = el.clientWidth;\n"
    "    var grid = s.hconcat || s.vconcat || s.concat || s.facet || s.repeat;\n"
    "    var want = typeof s.width === 'number' ? s.width : (s.config && s.config.view && s.config.view.continuousWidth) || 620;\n"
    "    if (w && !grid && (s.width === undefined || typeof s.width === 'number') && w < want + 120) {\n"
    "      s = Object.assign({}, s, {width: Math.max(w - 50, 200), autosize: {type: 'fit-x', contains: 'padding'}});\n"
    "    }\n"
)


def render_html(spec: dict, csv_href: str | None = None) -> str:
    """HTML for one chart: a container, the embed call and a link to the CSV of the plotted
    data, which the book build writes (``chartdata``) next to the chapter pages (``chapters/`` ->
    ``../chart-data/<name>.csv``; ``csv_href`` for a page elsewhere). On a narrow screen a
    single chart is redrawn at the column's width, so its labels keep their size."""
    name = chart_name(spec)
    el_id = f"mc-chart-{name}"
    label = " — ".join(str(t) for t in (spec_title(spec), spec.get("description")) if t)
    label_attr = label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    return (
        f'<div id="{el_id}" class="mc-chart" role="figure" aria-label="{label_attr}"></div>\n'
        "<script type=\"text/javascript\">\n"
        "(function () {\n"
        f"  var spec = {_safe_json(spec)};\n"
        f"  var el = document.getElementById(\"{el_id}\");\n"
        "  function draw() {\n"
        "    if (!window.vegaEmbed) { el.textContent = 'Chart library not loaded.'; return; }\n"
        + _FIT_JS +
        "    window.vegaEmbed(el, s, {renderer: 'svg', actions: {export: true, source: false, compiled: false, editor: false}})\n"
        "      .catch(function (err) { el.textContent = 'Chart failed to render: ' + err; console.error(err); });\n"
        "  }\n"
        "  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', draw); } else { draw(); }\n"
        "})();\n"
        "</script>\n"
        f'<p class="mc-chart-data"><a href="{csv_href or f"../chart-data/{name}.csv"}" download>Data behind this chart '
        '(CSV)</a></p>'
    )




def static_png(spec: dict) -> str | None:
    """The chart as a PNG (base64), drawn offline by vl-convert: what JupyterLab, VS Code or
    nbviewer show when they cannot run the book's script (None if it cannot be drawn)."""
    import base64

    import vl_convert as vlc

    try:
        return base64.b64encode(vlc.vegalite_to_png(spec, scale=1)).decode("ascii")
    except Exception:  # noqa: BLE001 - a fallback image is optional; the interactive chart stays
        return None


def _renderer(spec: dict, **_metadata) -> dict:
    """Every chart output carries the book's HTML (interactive, offline), the Vega-Lite spec with
    its data inline (for notebook front ends that render Vega-Lite) and a PNG, so an executed
    notebook shows its charts outside the book too."""
    bundle = {"text/html": render_html(spec), VEGALITE_MIME: spec,
              "text/plain": f"<Chart: {spec_title(spec) or 'untitled'}>"}
    png = static_png(spec)
    if png:
        bundle["image/png"] = png
    return bundle


def setup(chapter: str | None = None) -> None:
    """Enable the book's theme and offline renderer (called by the chapter preamble with the
    chapter's id, which starts the charts' names); chart names start afresh, so a chapter run
    in a reused kernel names its charts as a fresh one."""
    global _CHAPTER
    _CHAPTER = chapter
    _USED_IDS.clear()
    alt.theme.register("middleclass", enable=True)(lambda: alt.theme.ThemeConfig(_theme()))
    alt.renderers.register("middleclass", _renderer)
    alt.renderers.enable("middleclass")
    alt.data_transformers.disable_max_rows()


# ---------------------------------------------------------------- chart helpers

def _years_axis(title: str = "Publication date") -> alt.X:
    return alt.X("date:T", title=title, axis=alt.Axis(format="%Y", tickCount="year"))


def trend_chart(
    points: pd.DataFrame,
    band: pd.DataFrame,
    *,
    y_col: str,
    y_title: str,
    title: str,
    subtitle: str,
    description: str,
    color_col: str | None = None,
    color_title: str | None = None,
    name_col: str = "model",
    extra_tooltip: list | None = None,
    x_title: str = "Publication date",
    y_format: str = "~s",
    log: bool = True,
    y_zero: bool = False,
) -> alt.LayerChart:
    """Scatter with a fitted line and its interval band (log y axis unless ``log=False``).

    ``points`` needs ``date`` (datetime), ``y_col`` and ``name_col``; ``band`` needs
    ``date``, ``fit``, ``low``, ``high`` (data units). ``y_format`` is a d3 format for the
    y axis ("~s" for SI prefixes, ".0e" for powers of ten such as FLOP); ``y_zero`` starts a
    linear y axis at zero (for gaps and other sizes read against zero).
    """
    y_scale = alt.Scale(type="log") if log else alt.Scale(zero=y_zero)
    enc_color = alt.Color(f"{color_col}:N", title=color_title or color_col) if color_col else alt.value(PALETTE[0])
    tooltip = [alt.Tooltip(f"{name_col}:N", title="Name"), alt.Tooltip("date:T", title="Date", format="%Y-%m-%d"),
               alt.Tooltip(f"{y_col}:Q", title=y_title, format=".3~s")] + list(extra_tooltip or [])
    pts = alt.Chart(points).mark_point(filled=True, opacity=0.75).encode(
        x=_years_axis(x_title), y=alt.Y(f"{y_col}:Q", title=y_title, scale=y_scale, axis=alt.Axis(format=y_format)),
        color=enc_color, tooltip=tooltip,
    )
    area = alt.Chart(band).mark_area(opacity=0.18, color="#555").encode(
        x="date:T", y=alt.Y("low:Q", scale=y_scale), y2="high:Q",
        tooltip=[alt.Tooltip("date:T", title="Date", format="%Y-%m"), alt.Tooltip("fit:Q", title="Fitted", format=".3~s"),
                 alt.Tooltip("low:Q", title="Interval low", format=".3~s"), alt.Tooltip("high:Q", title="Interval high", format=".3~s")],
    )
    line = alt.Chart(band).mark_line(color="#222", strokeDash=[5, 3]).encode(x="date:T", y=alt.Y("fit:Q", scale=y_scale))
    return (area + line + pts).properties(
        title=alt.Title(title, subtitle=subtitle), description=description
    )


def band_frame(fit, x_from: float, x_to: float, interval: str = "confidence", points: int = 120) -> pd.DataFrame:
    """Fitted line and interval of a :class:`~middleclass.trends.GrowthFit` on a grid of years,
    with a ``date`` column for charts."""
    import numpy as np

    from ..data.dates import year_to_date

    grid = np.linspace(x_from, x_to, points)
    pred = fit.predict(grid, interval)
    pred["date"] = [year_to_date(x).round("s") for x in pred["x"]]
    return pred[["date", "fit", "low", "high"]]


def bar_chart(df: pd.DataFrame, *, x: str, y: str, title: str, subtitle: str, description: str, x_title: str,
              y_title: str, tooltip: list, color: str | None = None, color_title: str | None = None,
              stack: str | bool | None = None) -> alt.Chart:
    """Bar chart with titled axes and a tooltip (``x`` ordinal year, ``y`` quantitative)."""
    enc = {
        "x": alt.X(f"{x}:O", title=x_title),
        "y": alt.Y(f"{y}:Q", title=y_title, stack=stack),
        "tooltip": tooltip,
    }
    if color:
        enc["color"] = alt.Color(f"{color}:N", title=color_title or color)
        if stack is None:  # side by side rather than on top of each other
            enc["xOffset"] = alt.XOffset(f"{color}:N")
    return alt.Chart(df).mark_bar().encode(**enc).properties(title=alt.Title(title, subtitle=subtitle), description=description)


def table(df: pd.DataFrame, caption: str, formats: dict | None = None, hide_index: bool = True):
    """A pandas Styler for the book: every cell's text HTML-escaped (model and company names
    come from data), missing values shown as '–', the given per-column formats, a caption."""
    styler = df.style.format(formats or {}, escape="html", na_rep="–").set_caption(caption)
    return styler.hide(axis="index") if hide_index else styler


def interval_chart(df: pd.DataFrame, *, x: str, y: str, low: str, high: str, title: str, subtitle: str,
                   description: str, x_title: str, y_title: str, tooltip: list, x_type: str = "O",
                   y_format: str = ".2f", color: str | None = None, color_title: str | None = None,
                   rule_at: float | None = None) -> alt.LayerChart:
    """Points with interval bars (e.g. a yearly estimate with its bootstrap interval); an
    optional horizontal reference line at ``rule_at`` (e.g. a ratio of 1)."""
    enc_x = alt.X(f"{x}:{x_type}", title=x_title)
    enc_color = alt.Color(f"{color}:N", title=color_title or color) if color else alt.value(PALETTE[0])
    base = alt.Chart(df)
    bars = base.mark_rule(strokeWidth=2, opacity=0.6).encode(
        x=enc_x, y=alt.Y(f"{low}:Q", title=y_title, axis=alt.Axis(format=y_format)), y2=f"{high}:Q",
        color=enc_color, tooltip=tooltip)
    pts = base.mark_point(filled=True, size=70).encode(x=enc_x, y=f"{y}:Q", color=enc_color, tooltip=tooltip)
    layers = [bars, pts]
    if rule_at is not None:
        layers.append(alt.Chart(pd.DataFrame({"ref": [rule_at]})).mark_rule(color="#888", strokeDash=[4, 3]).encode(y="ref:Q"))
    return alt.layer(*layers).properties(title=alt.Title(title, subtitle=subtitle), description=description)


def timeline(df: pd.DataFrame, *, date: str, lane: str, title: str, subtitle: str, description: str,
             lane_title: str, tooltip: list) -> alt.Chart:
    """Events on a time axis, one lane (row) per category, coloured by the same category."""
    return alt.Chart(df).mark_point(filled=True, size=90, opacity=0.85).encode(
        x=alt.X(f"{date}:T", title="Date", axis=alt.Axis(format="%Y", tickCount="year")),
        y=alt.Y(f"{lane}:N", title=lane_title), color=alt.Color(f"{lane}:N", title=lane_title, legend=None),
        tooltip=tooltip,
    ).properties(title=alt.Title(title, subtitle=subtitle), description=description)
