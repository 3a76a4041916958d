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

from .mimes import VEGALITE_MIME

PALETTE = ["#1b6ca8", "#d1495b", "#edae49", "#00798c", "#66a182", "#8d96a3", "#2e4057", "#b07aa1"]


def _theme() -> dict:
    return {
        "config": {
            "font": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
            "view": {"continuousWidth": 620, "continuousHeight": 340, "discreteWidth": 620, "stroke": None},
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


#: The embed script's layout code, defined once per page (``window.mcChart``) and carried by every
#: chart so that a chart's HTML works by itself. On a column narrower than the chart it redraws a
#: copy of the spec at the column's width, so labels keep their size and the plot keeps most of the
#: width: titles, subtitles and x-axis titles are word-wrapped into lines (measured with the page's
#: font), legends go below the plot in as many columns as their longest label allows, long axis
#: labels are limited, and the plot is fitted to the column. On a phone-sized column (under
#: 560 px) a discrete y axis of dots or lines puts its labels inside the plot above each row, a
#: faceted chart stacks its panels in rows, concatenated charts are stacked too (a composite chart
#: is then measured and redrawn, at most three times, until it fills the column), the export menu
#: is left out (its 38 px of padding go to the
#: plot) and ``usermeta.narrow`` (merged into the spec) and ``usermeta.narrowEncoding`` (merged
#: into every layer's encoding) give a chart its own phone layout. Vega-Lite titles accept an
#: array of lines; no line of this code may be blank (the verdict-history page embeds the HTML in
#: Markdown, where a blank line ends an HTML block).
_LAYOUT_JS = r"""
window.mcChart = window.mcChart || (function () {
  var PHONE = 560, canvas = null;
  function textWidth(t, size, weight, font) {
    canvas = canvas || document.createElement('canvas');
    var c = canvas.getContext('2d');
    c.font = (weight || 'normal') + ' ' + size + 'px ' + font;
    return c.measureText(String(t)).width;
  }
  function wrap(text, max, size, weight, font) {
    if (text === null || text === undefined) return text;
    var words = (Array.isArray(text) ? text.join(' ') : String(text)).split(/\s+/), lines = [], line = '';
    words.forEach(function (word) {
      var next = line ? line + ' ' + word : word;
      if (line && textWidth(next, size, weight, font) > max) { lines.push(line); line = word; } else { line = next; }
    });
    if (line) lines.push(line);
    return lines.length > 1 ? lines : (lines[0] || '');
  }
  function isObj(v) { return v !== null && typeof v === 'object' && !Array.isArray(v); }
  function merge(a, b) {
    Object.keys(b).forEach(function (k) {
      if (isObj(b[k]) && isObj(a[k])) { merge(a[k], b[k]); } else { a[k] = isObj(b[k]) ? merge({}, b[k]) : b[k]; }
    });
    return a;
  }
  function units(s, data, out) {
    var d = s.data || data;
    if (s.encoding || s.mark) out.push({unit: s, data: d});
    (s.layer || []).forEach(function (l) { units(l, d, out); });
    if (s.spec) units(s.spec, d, out);
    ['vconcat', 'hconcat', 'concat'].forEach(function (k) { (s[k] || []).forEach(function (c) { units(c, d, out); }); });
    return out;
  }
  function rows(s, data) {
    if (!data) return [];
    if (data.values) return data.values;
    return (s.datasets && data.name && s.datasets[data.name]) || [];
  }
  function values(s, data, e) {
    if (e.scale && Array.isArray(e.scale.domain)) return e.scale.domain;
    var seen = {}, out = [];
    rows(s, data).forEach(function (r) {
      var v = r[e.field];
      if (v !== null && v !== undefined && !seen[v]) { seen[v] = 1; out.push(v); }
    });
    return out;
  }
  function discrete(e) { return e && (e.type === 'nominal' || e.type === 'ordinal'); }
  var LEGENDS = ['color', 'fill', 'stroke', 'opacity', 'fillOpacity', 'shape', 'size', 'strokeDash'];
  function fit(spec, W) {
    var s = JSON.parse(JSON.stringify(Object.assign({}, spec, {datasets: {}})));
    s.datasets = spec.datasets;
    var phone = W < PHONE, meta = s.usermeta || {};
    if (phone && meta.narrow) merge(s, meta.narrow);
    var cfg = s.config || {}, font = cfg.font || 'sans-serif';
    var tc = cfg.title || {}, ac = cfg.axis || {}, lc = cfg.legend || {};
    W = phone ? W : W - 50;  // the export menu's padding on wider screens
    if (s.title) {
      var t = isObj(s.title) ? s.title : {text: s.title};
      t.text = wrap(t.text, W - 12, tc.fontSize || 13, 'bold', font);
      if (t.subtitle) t.subtitle = wrap(t.subtitle, W - 12, tc.subtitleFontSize || 10, 'normal', font);
      s.title = t;
    }
    var facet = false, stepRows = 0, yCount = 0, list = units(s, s.data, []);
    function markOf(u) { return isObj(u.mark) ? u.mark.type : u.mark; }
    var cells = list.some(function (item) {  // a grid or bars along a discrete y: its labels stay outside
      return discrete((item.unit.encoding || {}).y) && ['rect', 'bar', 'area', 'arc'].indexOf(markOf(item.unit)) >= 0;
    });
    list.forEach(function (item) {
      var u = item.unit, enc = u.encoding || {};
      if (phone && meta.narrowEncoding) { merge(enc, meta.narrowEncoding); u.encoding = enc; }
      if (enc.x && typeof enc.x.title === 'string') enc.x.title = wrap(enc.x.title, W - 70, ac.titleFontSize || 11, 'bold', font);
      if (enc.x && enc.x.axis && typeof enc.x.axis.title === 'string') enc.x.axis.title = wrap(enc.x.axis.title, W - 70, ac.titleFontSize || 11, 'bold', font);
      if (discrete(enc.x) && enc.x.axis !== null) enc.x.axis = merge(enc.x.axis || {}, {labelLimit: 170});
      if (discrete(enc.y)) yCount = Math.max(yCount, values(s, item.data, enc.y).length);
      if (discrete(enc.y) && enc.y.axis !== null) {
        var inside = phone && !cells;
        enc.y.axis = merge(enc.y.axis || {}, inside
          ? {labelAlign: 'left', labelBaseline: 'bottom', labelPadding: -4, labelOffset: -6, ticks: false,
             labelLimit: W - 40, labelBound: false}
          : {labelLimit: Math.round(W * (phone ? 0.3 : 0.35))});
        if (inside) stepRows = Math.max(stepRows, values(s, item.data, enc.y).length);
      }
      LEGENDS.forEach(function (ch) {
        var e = enc[ch];
        if (!e || !e.field || e.legend === null || !discrete(e)) return;
        var labels = values(s, item.data, e), size = lc.labelFontSize || 10;
        var widest = Math.max.apply(null, labels.map(function (v) { return textWidth(v, size, 'normal', font); }).concat([20]));
        var cols = Math.max(1, Math.min(labels.length, Math.floor((W - 12) / (widest + 16 + 12))));
        var title = e.legend && e.legend.title !== undefined ? e.legend.title : e.title;
        e.legend = merge(e.legend || {}, {orient: 'bottom', direction: 'horizontal', columns: cols, labelLimit: W - 40,
                                          titleLimit: W - 12});
        if (typeof title === 'string') e.legend.title = wrap(title, W - 12, lc.titleFontSize || 11, 'bold', font);
      });
      if (phone && enc.column && !enc.row) {
        enc.row = enc.column; delete enc.column; facet = true;
        enc.row.header = merge(enc.row.header || {}, {labelAngle: 0, labelAlign: 'left', labelAnchor: 'start',
                                                      labelOrient: 'top', labelFontWeight: 'bold', labelPadding: 4});
      } else if (enc.column || enc.row || enc.facet) { facet = true; }
    });
    var rowH = typeof s.height === 'number' ? s.height / (stepRows || 1) : (isObj(s.height) ? s.height.step : 0);
    if (phone && stepRows && !(rowH >= 28)) s.height = stepRows * 28;
    if (isObj(s.height) && s.height.step && yCount) s.height = yCount * s.height.step;  // fit-x takes no step
    if (phone && facet && s.height === undefined) s.height = 200;
    if (phone && s.hconcat) { s.vconcat = s.hconcat; delete s.hconcat; }
    if (phone && s.concat) { s.columns = 1; }
    var parts = s.vconcat || s.hconcat || s.concat || (s.facet ? [s.spec] : null);
    var composite = !!parts || facet, guess = W - (phone ? 80 : 70);
    if (composite) {
      (parts || [s]).forEach(function (p) { p.width = Math.max(guess / (s.hconcat ? s.hconcat.length : 1), 120); });
    } else {
      s.width = W;
      s.autosize = {type: 'fit-x', contains: 'padding'};
    }
    return {spec: s, phone: phone, composite: composite, parts: parts || [s]};
  }
  function legendLayout(vg) {
    vg.config = vg.config || {};
    vg.config.legend = merge(vg.config.legend || {}, {layout: {bottom: {anchor: 'start', direction: 'vertical', margin: 6}}});
    return vg;
  }
  return function (el, spec) {
    var W = el.clientWidth, s = spec, cfg = spec.config || {}, view = cfg.view || {};
    var want = typeof spec.width === 'number' ? spec.width : (view.continuousWidth || 620);
    var r = null;
    if (W && (W < want + 120 || W < PHONE)) { r = fit(spec, W); s = r.spec; }
    var opts = {renderer: 'svg', patch: r ? legendLayout : undefined,
                actions: r && r.phone ? false : {export: true, source: false, compiled: false, editor: false}};
    function fail(err) { el.textContent = 'Chart failed to render: ' + err; console.error(err); }
    function settle(res, tries) {  // a composite chart: widen or narrow its panels until it fills the column
      var svg = el.querySelector('svg'), got = svg ? svg.getBoundingClientRect().width : W;
      var room = (r.phone ? W : W - 50) - got;
      if (Math.abs(room) < 2 || !tries) return;
      res.finalize();
      r.parts.forEach(function (p) { p.width = Math.max(p.width + room / (s.hconcat ? s.hconcat.length : 1), 80); });
      return window.vegaEmbed(el, s, opts).then(function (again) { return settle(again, tries - 1); });
    }
    window.vegaEmbed(el, s, opts).then(function (res) {
      if (r && r.composite) return settle(res, 3);
    }).catch(fail);
  };
})();
"""


def _js_lines(js: str) -> str:
    """Script text with no blank line (Markdown would end the HTML block there)."""
    return "\n".join(line for line in js.strip("\n").splitlines() if line.strip()) + "\n"


def _attr(text: str) -> str:
    return (str(text).replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\n", " "))


def chart_label(spec: dict) -> str:
    """What a chart shows, in words: its title and description (the figure's aria-label and the
    fallback image's alt text)."""
    title = spec.get("title")
    subtitle = title.get("subtitle") if isinstance(title, dict) else None
    subtitle = " ".join(subtitle) if isinstance(subtitle, list) else subtitle
    parts = [spec_title(spec), subtitle, spec.get("description")]
    return " — ".join(str(t) for t in parts if t)


def render_html(spec: dict, csv_href: str | None = None, png: str | None = None) -> str:
    """HTML for one chart: a container, the embed call and a link to the CSV of the plotted
    data, which the book build writes (``chartdata``) next to the chapter pages (``chapters/`` ->
    ``../chart-data/<name>.csv``; ``csv_href`` for a page elsewhere). On a column narrower than
    the chart it is redrawn at the column's width (``_LAYOUT_JS``), so its labels keep their size.

    ``png`` (base64, from :func:`static_png`) puts the chart as a picture inside the container,
    ``<img class="mc-chart-fallback" ...>`` with the chart's title and description as alt text:
    what nbconvert and nbviewer show, where the chart library is not loaded (the embed call
    replaces the container's content when it is). The book's pages do not need it: the book's
    Sphinx extension removes every element of class ``mc-chart-fallback`` from its HTML."""
    name = chart_name(spec)
    el_id = f"mc-chart-{name}"
    title_desc = " — ".join(str(t) for t in (spec_title(spec), spec.get("description")) if t)
    fallback = ""
    if png:
        fallback = (f'<img class="mc-chart-fallback" src="data:image/png;base64,{png}" alt="{_attr(chart_label(spec))}" '
                    'style="max-width:100%;height:auto">')
    return (
        f'<div id="{el_id}" class="mc-chart" role="figure" aria-label="{_attr(title_desc)}">{fallback}</div>\n'
        "<script type=\"text/javascript\">\n"
        + _js_lines(_LAYOUT_JS) +
        "(function () {\n"
        f"  var spec = {_safe_json(spec)};\n"
        f"  var el = document.getElementById(\"{el_id}\");\n"
        "  function draw() {\n"
        "    if (!window.vegaEmbed) {\n"
        "      if (!el.querySelector('img')) { el.textContent = 'Chart library not loaded.'; }\n"
        "      return;\n"
        "    }\n"
        "    window.mcChart(el, spec);\n"
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
    """Every chart output carries the book's HTML (interactive, offline, with the PNG inside as
    the fallback picture nbconvert and nbviewer show), the Vega-Lite spec with its data inline
    (for notebook front ends that render Vega-Lite) and the PNG, so an executed notebook shows
    its charts outside the book too."""
    png = static_png(spec)
    bundle = {"text/html": render_html(spec, png=png), VEGALITE_MIME: spec,
              "text/plain": f"<Chart: {spec_title(spec) or 'untitled'}>"}
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


# ---------------------------------------------------------------- units for people

_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_MONEY_UNITS = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K"))


def _missing(x) -> bool:
    try:
        return x is None or x != x or x in (float("inf"), float("-inf"))
    except TypeError:
        return True


def _sig(x: float, digits: int) -> str:
    """``x`` to ``digits`` significant digits, trailing zeros dropped, never in e-notation."""
    if x == 0:
        return "0"
    import math

    decimals = max(digits - 1 - math.floor(math.log10(abs(x))), 0)
    text = f"{round(x, decimals):.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def money_text(x, digits: int = 3) -> str:
    """US dollars for people: 3.24e9 -> '$3.24B', 3e8 -> '$300M', 12_500 -> '$12.5K',
    5 -> '$5', 1.5 -> '$1.50', 0.1 -> '$0.10', 0.0045 -> '$0.0045' ('–' when missing). The same
    rules as :data:`MONEY_EXPR` for axes."""
    if _missing(x):
        return "–"
    sign, v = ("-" if x < 0 else ""), abs(float(x))
    for i, (scale, suffix) in enumerate(_MONEY_UNITS):
        if v >= scale * (1 - 0.5 * 10 ** -digits):
            scaled = float(_sig(v / scale, digits))
            if scaled >= 1000 and i > 0:  # 999.96M rounds to 1000M: say $1B
                scale, suffix = _MONEY_UNITS[i - 1]
                scaled = float(_sig(v / scale, digits))
            return f"{sign}${_sig(scaled, digits)}{suffix}"
    if v == round(v) or v >= 100:
        return f"{sign}${v:,.0f}"
    if v >= 0.01:
        return f"{sign}${v:.2f}"
    return f"{sign}${_sig(v, 2)}"


def power_text(x, unit: str = "FLOP", digits: int = 2) -> str:
    """A quantity spanning many orders of magnitude as a power of ten: 1e25 -> '10²⁵ FLOP',
    3.16e24 -> '3.2×10²⁴ FLOP' ('–' when missing); the book's one notation for training
    compute, on axes (:data:`POWER_EXPR`), in tooltips and in legends."""
    if _missing(x) or x <= 0:
        return "–"
    import math

    exp = math.floor(math.log10(x) + 1e-9)
    mantissa = float(_sig(x / 10 ** exp, digits))
    if mantissa >= 10:
        exp, mantissa = exp + 1, mantissa / 10
    power = "10" + str(exp).translate(_SUPERSCRIPT)
    text = power if mantissa == 1 else f"{_sig(mantissa, digits)}×{power}"
    return f"{text} {unit}".strip()


def percent_text(x, decimals: int = 0) -> str:
    """A share as a percentage: 0.354 -> '35%' ('–' when missing)."""
    return "–" if _missing(x) else f"{100 * float(x):.{decimals}f}%"


def number_text(x, decimals: int = 0, unit: str = "") -> str:
    """A plain number with thousands separators and an optional unit: 1234.5 -> '1,235'."""
    return "–" if _missing(x) else f"{float(x):,.{decimals}f}{' ' + unit if unit else ''}"


def _expr_money(v: str) -> str:
    a = f"abs({v})"
    parts = "".join(f"{a} >= {int(scale)} ? format({a} / {int(scale)}, '.3~g') + '{suffix}' : "
                    for scale, suffix in _MONEY_UNITS)
    return (f"({v} < 0 ? '-' : '') + '$' + ({parts}{a} >= 100 || {a} == round({a}) ? format({a}, ',.0f') : "
            f"{a} >= 0.01 ? format({a}, '.2f') : format({a}, '.2~g'))")


#: Vega expression for money axis labels: $1B, $300M, $12K, $5, $0.10 (``labelExpr``)
MONEY_EXPR = _expr_money("datum.value")

_DIGITS_SUP = "'⁰¹²³⁴⁵⁶⁷⁸⁹'"


def _expr_power(v: str) -> str:
    e = f"floor(log({v}) / LN10 + 1e-9)"
    digit = lambda d: f"substring({_DIGITS_SUP}, {d}, {d} + 1)"  # noqa: E731
    sup = (f"({e} < 0 ? '⁻' : '') + (abs({e}) >= 10 ? {digit(f'floor(abs({e}) / 10)')} : '') + "
           f"{digit(f'abs({e}) % 10')}")
    mantissa = f"{v} / pow(10, {e})"
    return (f"{v} <= 0 ? '' : (abs({mantissa} - 1) < 1e-6 ? '' : format({mantissa}, '.2~g') + '×') + '10' + {sup}")


#: Vega expression for axis labels in powers of ten: 10²⁵, 3×10²⁴ (``labelExpr``)
POWER_EXPR = _expr_power("datum.value")


def _only_powers(expr: str) -> str:
    """A log axis's labels at the powers of ten only (its other ticks stay, unlabelled)."""
    mantissa = "datum.value / pow(10, floor(log(datum.value) / LN10 + 1e-9))"
    return f"datum.value > 0 && abs({mantissa} - 1) < 1e-6 ? {expr} : ''"


def money_axis(log: bool = False, **kw) -> alt.Axis:
    """A money axis labelled $1B, $300M, $0.10 (on a log scale at the powers of ten only)."""
    return alt.Axis(labelExpr=_only_powers(MONEY_EXPR) if log else MONEY_EXPR, **kw)


def power_axis(log: bool = True, **kw) -> alt.Axis:
    """A log axis labelled in powers of ten (10²⁵), for training compute."""
    return alt.Axis(labelExpr=_only_powers(POWER_EXPR) if log else POWER_EXPR, **kw)


def percent_axis(log: bool = False, **kw) -> alt.Axis:
    """A share axis in percent (0.35 -> 35%)."""
    return alt.Axis(format=".0%", **kw)


def _count_axis(log: bool = False, **kw) -> alt.Axis:
    """Whole numbers with thousands separators (no tick between two integers)."""
    return alt.Axis(format=",.0f", **kw) if log else alt.Axis(format=",d", tickMinStep=1, **kw)


#: unit name -> (axis, tooltip text of a value)
UNITS = {
    "usd": (money_axis, money_text),
    "flop": (power_axis, power_text),
    "share": (percent_axis, percent_text),
    "points": (_count_axis, number_text),
    "count": (_count_axis, number_text),
}


def unit_axis(unit: str, log: bool = False, **kw) -> alt.Axis:
    """The axis of a unit of :data:`UNITS` (``log``: labels suited to a log scale)."""
    return UNITS[unit][0](log=log, **kw)


def unit_text(unit: str, values) -> list[str]:
    """Tooltip texts of a column of values in a unit of :data:`UNITS`."""
    fmt = UNITS[unit][1]
    return [fmt(v) for v in values]


def year_domain(years) -> list[int]:
    """Every year from the first to the last of ``years``: an ordinal axis with this domain shows
    a year without data as a gap instead of skipping it."""
    ys = [int(y) for y in pd.Series(years).dropna()]
    return list(range(min(ys), max(ys) + 1)) if ys else []


def year_x(years, title: str = "Year", **kw) -> alt.X:
    """An ordinal x axis of every year from the first to the last (``year`` column, integers)."""
    return alt.X("year:O", title=title, scale=alt.Scale(domain=year_domain(years)), **kw)


# ---------------------------------------------------------------- chart helpers

def _years_axis(title: str = "Publication date") -> alt.X:
    return alt.X("date:T", title=title, axis=alt.Axis(format="%Y", tickCount="year"))


def _tip_title(axis_title: str) -> str:
    """A tooltip's name for an axis quantity: the axis title without its ', log scale'."""
    return axis_title.replace(", log scale", "").replace(" (log scale)", "")


def trend_chart(
    points: pd.DataFrame,
    band: pd.DataFrame,
    *,
    y_col: str,
    y_title: str,
    title: str,
    subtitle: str,
    description: str,
    unit: str,
    color_col: str | None = None,
    color_title: str | None = None,
    name_col: str = "model",
    extra_tooltip: list | None = None,
    x_title: str = "Publication date",
    log: bool = True,
    y_zero: bool = False,
) -> alt.LayerChart:
    """Scatter with a fitted line and its interval band (log y axis unless ``log=False``).

    ``points`` needs ``date`` (datetime), ``y_col`` and ``name_col``; ``band`` needs
    ``date``, ``fit``, ``low``, ``high`` (data units). ``unit`` (a key of :data:`UNITS`: "usd",
    "flop", "points", ...) labels the y axis and writes the tooltips' texts ($1.2B, 3.2×10²⁴
    FLOP); ``y_zero`` starts a linear y axis at zero (for gaps and other sizes read against zero).
    """
    y_scale = alt.Scale(type="log") if log else alt.Scale(zero=y_zero)
    tip = _tip_title(y_title)
    points = points.assign(y_text=unit_text(unit, points[y_col]))
    band = band.assign(**{f"{c}_text": unit_text(unit, band[c]) for c in ("fit", "low", "high")})
    enc_color = alt.Color(f"{color_col}:N", title=color_title or color_col) if color_col else alt.value(PALETTE[0])
    tooltip = [alt.Tooltip(f"{name_col}:N", title="Name"), alt.Tooltip("date:T", title="Date", format="%Y-%m-%d"),
               alt.Tooltip("y_text:N", title=tip)] + list(extra_tooltip or [])
    pts = alt.Chart(points).mark_point(filled=True, opacity=0.75).encode(
        x=_years_axis(x_title), y=alt.Y(f"{y_col}:Q", title=y_title, scale=y_scale, axis=unit_axis(unit, log=log)),
        color=enc_color, tooltip=tooltip,
    )
    area = alt.Chart(band).mark_area(opacity=0.18, color="#555").encode(
        x="date:T", y=alt.Y("low:Q", scale=y_scale), y2="high:Q",
        tooltip=[alt.Tooltip("date:T", title="Date", format="%Y-%m"), alt.Tooltip("fit_text:N", title=f"Fitted {tip[0].lower() + tip[1:]}"),
                 alt.Tooltip("low_text:N", title="Interval low"), alt.Tooltip("high_text:N", title="Interval high")],
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
              stack: str | bool | None = None, y_unit: str = "count", color_order: list | None = None) -> alt.Chart:
    """Bar chart with titled axes and a tooltip: ``x`` a year column (integers; every year from
    the first to the last is on the axis, so a year without data shows as a gap), ``y``
    quantitative in ``y_unit`` (a key of :data:`UNITS`; a normalized stack is in percent).
    ``color_order`` orders the colours (and the stack) instead of alphabetically."""
    unit = "share" if stack == "normalize" else y_unit
    enc = {
        "x": alt.X(f"{x}:O", title=x_title, scale=alt.Scale(domain=year_domain(df[x]))),
        "y": alt.Y(f"{y}:Q", title=y_title, stack=stack, axis=unit_axis(unit)),
        "tooltip": tooltip,
    }
    if color:
        enc["color"] = alt.Color(f"{color}:N", title=color_title or color,
                                 **({"sort": color_order, "scale": alt.Scale(domain=color_order)} if color_order else {}))
        if color_order:
            enc["order"] = alt.Order(f"{color}_rank:Q")
            df = df.assign(**{f"{color}_rank": df[color].map({c: i for i, c in enumerate(color_order)})})
        if stack is None:  # side by side rather than on top of each other
            enc["xOffset"] = alt.XOffset(f"{color}:N", **({"sort": color_order} if color_order else {}))
    return alt.Chart(df).mark_bar().encode(**enc).properties(title=alt.Title(title, subtitle=subtitle), description=description)


def table(df: pd.DataFrame, caption: str, formats: dict | None = None, hide_index: bool = True):
    """A pandas Styler for the book: every cell's text HTML-escaped (model and company names
    come from data), missing values shown as '–', the given per-column formats, a caption."""
    styler = df.style.format(formats or {}, escape="html", na_rep="–").set_caption(caption)
    return styler.hide(axis="index") if hide_index else styler


def interval_chart(df: pd.DataFrame, *, x: str, y: str, low: str, high: str, title: str, subtitle: str,
                   description: str, x_title: str, y_title: str, tooltip: list, x_type: str = "O",
                   y_axis: alt.Axis | None = None, color: str | None = None, color_title: str | None = None,
                   rule_at: float | None = None, x_scale: alt.Scale | None = None,
                   x_sort: list | None = None) -> alt.LayerChart:
    """Points with interval bars (e.g. a yearly estimate with its bootstrap interval); an
    optional horizontal reference line at ``rule_at`` (e.g. a ratio of 1). ``y_axis`` formats
    the y axis (e.g. :func:`percent_axis`), ``x_scale`` e.g. every year (:func:`year_domain`)."""
    x_kw = {"scale": x_scale} if x_scale is not None else {}
    if x_sort is not None:
        x_kw["sort"] = x_sort
    enc_x = alt.X(f"{x}:{x_type}", title=x_title, **x_kw)
    enc_color = alt.Color(f"{color}:N", title=color_title or color) if color else alt.value(PALETTE[0])
    base = alt.Chart(df)
    bars = base.mark_rule(strokeWidth=2, opacity=0.6).encode(
        x=enc_x, y=alt.Y(f"{low}:Q", title=y_title, axis=y_axis or alt.Axis(format=".2f")), y2=f"{high}:Q",
        color=enc_color, tooltip=tooltip)
    pts = base.mark_point(filled=True, size=70).encode(x=enc_x, y=f"{y}:Q", color=enc_color, tooltip=tooltip)
    layers = [bars, pts]
    if rule_at is not None:
        layers.append(alt.Chart(pd.DataFrame({"ref": [rule_at]})).mark_rule(color="#888", strokeDash=[4, 3]).encode(y="ref:Q"))
    return alt.layer(*layers).properties(title=alt.Title(title, subtitle=subtitle), description=description)


def timeline(df: pd.DataFrame, *, date: str, lane: str, title: str, subtitle: str, description: str,
             lane_title: str, tooltip: list, lane_order: list | None = None) -> alt.Chart:
    """Events on a time axis, one lane (row) per category, coloured by the same category."""
    sort = lane_order or None
    return alt.Chart(df, height=alt.Step(34)).mark_point(filled=True, size=90, opacity=0.85).encode(
        x=alt.X(f"{date}:T", title="Date", axis=alt.Axis(format="%Y", tickCount="year")),
        y=alt.Y(f"{lane}:N", title=lane_title, sort=sort), color=alt.Color(f"{lane}:N", title=lane_title, legend=None, sort=sort),
        tooltip=tooltip,
    ).properties(title=alt.Title(title, subtitle=subtitle), description=description)
