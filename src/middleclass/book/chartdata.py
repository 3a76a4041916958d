"""The data behind every chart: the rows and columns a chart plots, as a CSV a reader can
download. The renderer puts a link under each chart (``chart-data/<chart id>.csv``); the book
build writes the files from the chart specifications in the executed notebooks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd


_CHART = re.compile(r'<div id="(mc-chart-[^"]+)" class="mc-chart".*?var spec = (\{.*?\});\n', re.S)


def _fields(enc: dict) -> list[str]:
    out = []
    for channel in enc.values():
        for item in channel if isinstance(channel, list) else [channel]:
            if isinstance(item, dict) and isinstance(item.get("field"), str) and item["field"] not in out:
                out.append(item["field"])
    return out


def _mark(layer: dict) -> str:
    mark = layer.get("mark", "")
    return mark.get("type", "") if isinstance(mark, dict) else str(mark)


def plotted_data(spec: dict) -> pd.DataFrame:
    """The rows of every dataset a chart draws, restricted to the fields its encodings use.

    A chart with several datasets (e.g. points and a fitted band) gets a ``layer`` column
    naming the marks that draw each row."""
    datasets = spec.get("datasets", {})
    layers = spec.get("layer", [spec])
    top = spec.get("data", {}).get("name")
    used: dict[str, dict] = {}
    for layer in layers:
        name = layer.get("data", {}).get("name", top)
        if name is None or name not in datasets:
            continue
        entry = used.setdefault(name, {"fields": [], "marks": []})
        entry["fields"] += [f for f in _fields(layer.get("encoding", {})) if f not in entry["fields"]]
        if _mark(layer) not in entry["marks"]:
            entry["marks"].append(_mark(layer))
    frames = []
    for name, entry in used.items():
        frame = pd.DataFrame(datasets[name])
        frame = frame[[f for f in entry["fields"] if f in frame.columns]]
        if len(used) > 1:
            frame.insert(0, "layer", ", ".join(entry["marks"]))
        frames.append(frame)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def charts_in_html(html: str) -> list[tuple[str, dict]]:
    """(element id, spec) of every book chart in a piece of HTML."""
    return [(m.group(1), json.loads(m.group(2))) for m in _CHART.finditer(html)]


#: a cell a spreadsheet would run as a formula starts with one of these (OWASP, CSV injection)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISED = ("text cells that a spreadsheet would read as a formula (starting with =, +, -, @, tab or carriage "
               "return) are prefixed with ' (OWASP's advice on CSV injection)")


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text cell that starts like a spreadsheet formula prefixed with a
    single quote (OWASP): an author's company name ``=HYPERLINK(...)`` stays text when a reader
    opens the chart's CSV in a spreadsheet. Numbers are left as they are."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = [("'" + v) if isinstance(v, str) and v.startswith(FORMULA_START) else v for v in out[col]]
    return out


def write_csv(frame: pd.DataFrame, path: Path, comment: str = "") -> None:
    """A chart-data CSV: an optional ``#`` comment line, then ``frame`` neutralised
    (:func:`neutralise`)."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        if comment:
            fh.write(comment + "\n")
        neutralise(frame).to_csv(fh, index=False, lineterminator="\n")


def csv_name(chart_id: str) -> str:
    """The CSV file of a chart element (``mc-chart-<name>`` -> ``<name>.csv``)."""
    return chart_id.removeprefix("mc-chart-") + ".csv"


def header_line(spec: dict, nb=None) -> str:
    """The comment line on top of a chart's CSV: what it is, where the data come from, licences."""
    from ..notebook.charts import spec_title

    title = spec_title(spec)
    publishers = []
    record = (getattr(nb, "metadata", {}) or {}).get("middleclass", {}) if nb is not None else {}
    if record:
        from ..data import sources

        manifest = sources.manifest()
        for f in record.get("data_files", []):
            src = manifest.get(f["source"])
            who = f"{src.publisher} ({src.licence})" if src else "the book's curated tables (CC BY 4.0)"
            if who not in publishers:
                publishers.append(who)
    data = "; ".join(publishers) or "see the Data sources page"
    return (f"# {title or 'chart'}. From 'The Disappearing AI Middle Class, tested on public data' (text and figures "
            f"CC BY 4.0). Data: {data}. Columns are the fields the chart plots; 'layer' says which mark draws a row; "
            + NEUTRALISED + ".")


def write_for_notebook(nb, dest: Path) -> list[Path]:
    """Write ``<dest>/<chart name>.csv`` for every chart output of an executed notebook, each
    with a comment line naming the chart, the data's publishers and the licences."""
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            html = out.get("data", {}).get("text/html", "")
            if "mc-chart" not in html:
                continue
            for chart_id, spec in charts_in_html(html):
                path = dest / csv_name(chart_id)
                write_csv(plotted_data(spec), path, header_line(spec, nb))
                written.append(path)
    return written
