"""Compare two executed chapter notebooks: every stored measure side by side (value, interval,
n) with the difference, plus the parameters and data files that differ and text values that
changed — how a data update or a parameter change moved the conclusions. Numbers come from the
measures stored in the notebooks' metadata, never from parsed text."""

from __future__ import annotations

import json
import math
from pathlib import Path

from ..errors import DataError


def _record(path: Path) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            rec = json.load(fh).get("metadata", {}).get("middleclass")
    except (OSError, ValueError) as exc:
        raise DataError(f"{path}: not a readable notebook ({exc})") from None
    if not rec:
        raise DataError(f"{path}: no middleclass metadata (not an executed chapter notebook)")
    return rec


def _numbers(rec: dict) -> dict[str, dict]:
    """name -> {value, ci_low, ci_high, n, unit, label} of every numeric measure."""
    out = {}
    for name, m in rec.get("measures", {}).items():
        if m.get("kind") == "estimate":
            out[name] = m
    return out


def _texts(rec: dict) -> dict[str, str]:
    return {name: m["value"] for name, m in rec.get("measures", {}).items() if m.get("kind") in ("text", "flag")}


def _finite(x) -> bool:
    return isinstance(x, (int, float)) and math.isfinite(x)


#: units whose relative change is not reported
NO_RELATIVE_CHANGE = ("year", "decimal year", "p-value")


def compare(a: str | Path, b: str | Path) -> dict:
    """Rows for every measure in either notebook: name, a and b (value, CI, n), difference,
    relative change, changed?"""
    ra, rb = _record(Path(a)), _record(Path(b))
    if ra.get("chapter") != rb.get("chapter"):
        raise DataError(f"{b}: chapter '{rb.get('chapter')}', but {a} is chapter '{ra.get('chapter')}'; compare two runs "
                        "of the same chapter")
    na, nb = _numbers(ra), _numbers(rb)
    rows = []
    for key in sorted(set(na) | set(nb)):
        ma, mb = na.get(key, {}), nb.get(key, {})
        va, vb = ma.get("value"), mb.get("value")
        diff = rel = None
        if _finite(va) and _finite(vb):
            diff = vb - va
            # a relative change means nothing for a calendar year or a p-value
            rel = diff / abs(va) if va and (mb or ma).get("unit") not in NO_RELATIVE_CHANGE else None
        fields = ("value", "ci_low", "ci_high", "n")
        same = all((ma.get(f) == mb.get(f)) or (_finite(ma.get(f)) and _finite(mb.get(f)) and
                                               abs(ma[f] - mb[f]) <= 1e-9 * max(1.0, abs(ma[f]))) for f in fields)
        rows.append({"key": key, "a": ma or None, "b": mb or None, "diff": diff, "rel": rel, "changed": not same,
                     "unit": (mb or ma).get("unit", ""), "label": (mb or ma).get("label", "")})
    ta, tb = _texts(ra), _texts(rb)
    texts = [(k, ta.get(k), tb.get(k)) for k in sorted(set(ta) | set(tb)) if ta.get(k) != tb.get(k)]
    params = sorted(k for k in set(ra["parameters"]) | set(rb["parameters"])
                    if ra["parameters"].get(k) != rb["parameters"].get(k))
    data_a = {f["source"]: f["sha256"] for f in ra.get("data_files", [])}
    data_b = {f["source"]: f["sha256"] for f in rb.get("data_files", [])}
    data = sorted(s for s in set(data_a) | set(data_b) if data_a.get(s) != data_b.get(s))
    verdicts = [(k, ra.get("verdicts", {}).get(k, {}).get("verdict"), rb.get("verdicts", {}).get(k, {}).get("verdict"))
                for k in sorted(set(ra.get("verdicts", {})) | set(rb.get("verdicts", {})))]
    return {"chapter_a": ra["chapter"], "chapter_b": rb["chapter"], "rows": rows, "texts": texts,
            "verdicts": [v for v in verdicts if v[1] != v[2]],
            "parameters": [(k, ra["parameters"].get(k), rb["parameters"].get(k)) for k in params],
            "data": [(s, (data_a.get(s) or "–")[:12], (data_b.get(s) or "–")[:12]) for s in data]}


def _fmt(v, unit: str, raw: bool) -> str:
    """A value as the prose shows it (shares in %, counts whole, three significant digits), or
    with full precision when ``raw``."""
    if not _finite(v):
        return "–"
    if raw:
        return repr(v)
    if unit == "year":
        return f"{v:.0f}"  # a calendar year: 2025, never "2,025" or "2.02e+03"
    if unit == "decimal year":
        return f"{v:.1f}"
    if unit == "p-value":
        return f"{v:.2g}" if v >= 0.001 else "<0.001"
    if isinstance(v, int) and not isinstance(v, bool):
        return f"{v:,}"
    if unit.startswith("share"):
        return f"{100 * v:.1f}%"
    if abs(v) >= 1e6:
        return f"{v:.3g}"
    return f"{v:,.3g}" if abs(v) >= 100 else f"{v:.3g}"


def _signed(d: float, unit: str) -> str:
    """A difference as the prose would write it: years in whole years, shares in points."""
    if unit == "year":
        return f"{d:+.0f} years" if abs(d) != 1 else f"{d:+.0f} year"
    if unit.startswith("share"):
        return f"{100 * d:+.1f} points"
    return f"{d:+.3g}"


def _num(m: dict | None, raw: bool = False) -> str:
    if not m or m.get("value") is None:
        return "–"
    unit = str(m.get("unit") or "")
    text = _fmt(m["value"], unit, raw)
    if _finite(m.get("ci_low")) and _finite(m.get("ci_high")):
        text += f" ({_fmt(m['ci_low'], unit, raw)} to {_fmt(m['ci_high'], unit, raw)})"
    return text


def _short(v, width=40) -> str:
    text = "–" if v is None else str(v).replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def _name(r: dict, raw: bool) -> str:
    """A measure as a reader knows it: its label and unit (the key with ``raw``)."""
    if raw or not r.get("label"):
        return r["key"] if raw else r["key"].replace("_", " ")
    unit = f" ({r['unit']})" if r.get("unit") and not str(r["unit"]).startswith("share") and r["unit"] != "year" else ""
    return _short(r["label"] + unit, 70)


def format_markdown(result: dict, only_changed: bool = False, raw: bool = False) -> str:
    """The comparison as Markdown: labels and values rounded as in the prose by default;
    ``raw`` shows the internal keys and full precision."""
    lines = [f"Chapter: {result['chapter_a']}" + (f" vs {result['chapter_b']}" if result["chapter_b"] != result["chapter_a"] else "")]
    if result["parameters"]:
        lines.append("Parameters that differ: " + "; ".join(f"{k}: {a!r} -> {b!r}" for k, a, b in result["parameters"]))
    if result["data"]:
        lines.append("Data files that differ: " + "; ".join(f"{s}: {a} -> {b}" for s, a, b in result["data"]))
    if result["verdicts"]:
        lines.append("Verdicts that differ: " + "; ".join(f"{k}: {a} -> {b}" for k, a, b in result["verdicts"]))
    changed = sum(r["changed"] for r in result["rows"])
    lines += [f"{changed} of {len(result['rows'])} measures differ.", "",
              "| measure | A | B | B - A | change |", "|---|---|---|---:|---:|"]
    for r in result["rows"]:
        if only_changed and not r["changed"]:
            continue
        diff = "" if r["diff"] is None else (repr(r["diff"]) if raw else _signed(r["diff"], r["unit"]))
        rel = "" if r["rel"] is None else f"{100 * r['rel']:+.1f}%"
        lines.append(f"| {_name(r, raw)} | {_num(r['a'], raw)} | {_num(r['b'], raw)} | {diff} | {rel} |")
    if result["texts"]:
        lines += ["", "| text | A | B |", "|---|---|---|"]
        lines += [f"| {k} | {_short(a)} | {_short(b)} |" for k, a, b in result["texts"]]
    return "\n".join(lines)
