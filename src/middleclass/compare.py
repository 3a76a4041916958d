"""Compare two executed chapter notebooks: every glued value side by side with the difference,
plus the parameters and data files that differ — how a data update or a parameter change moved
the conclusions."""

from __future__ import annotations

import json
import math
from pathlib import Path

from .errors import DataError


def _record(path: Path) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            rec = json.load(fh).get("metadata", {}).get("middleclass")
    except (OSError, ValueError) as exc:
        raise DataError(f"{path}: not a readable notebook ({exc})") from None
    if not rec:
        raise DataError(f"{path}: no middleclass metadata (not an executed chapter notebook)")
    return rec


def _number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def compare(a: str | Path, b: str | Path) -> dict:
    """Rows for every glued key in either notebook: key, a, b, difference, relative change."""
    ra, rb = _record(Path(a)), _record(Path(b))
    rows = []
    for key in sorted(set(ra.get("glue", {})) | set(rb.get("glue", {}))):
        va, vb = ra.get("glue", {}).get(key), rb.get("glue", {}).get(key)
        na, nb = _number(va), _number(vb)
        diff = rel = None
        if na is not None and nb is not None and math.isfinite(na) and math.isfinite(nb):
            diff = nb - na
            rel = diff / abs(na) if na else None
        same = va == vb or (diff is not None and abs(diff) <= 1e-9 * max(1.0, abs(na)))  # float noise is not a change
        rows.append({"key": key, "a": va, "b": vb, "diff": diff, "rel": rel, "changed": not same})
    params = sorted(k for k in set(ra["parameters"]) | set(rb["parameters"])
                    if ra["parameters"].get(k) != rb["parameters"].get(k))
    data_a = {f["source"]: f["sha256"] for f in ra.get("data_files", [])}
    data_b = {f["source"]: f["sha256"] for f in rb.get("data_files", [])}
    data = sorted(s for s in set(data_a) | set(data_b) if data_a.get(s) != data_b.get(s))
    return {"chapter_a": ra["chapter"], "chapter_b": rb["chapter"], "rows": rows,
            "parameters": [(k, ra["parameters"].get(k), rb["parameters"].get(k)) for k in params],
            "data": [(s, (data_a.get(s) or "–")[:12], (data_b.get(s) or "–")[:12]) for s in data]}


def _short(v, width=40) -> str:
    text = "–" if v is None else str(v).replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def format_markdown(result: dict, only_changed: bool = False) -> str:
    lines = [f"Chapter: {result['chapter_a']}" + (f" vs {result['chapter_b']}" if result["chapter_b"] != result["chapter_a"] else "")]
    if result["parameters"]:
        lines.append("Parameters that differ: " + "; ".join(f"{k}: {a!r} -> {b!r}" for k, a, b in result["parameters"]))
    if result["data"]:
        lines.append("Data files that differ: " + "; ".join(f"{s}: {a} -> {b}" for s, a, b in result["data"]))
    changed = sum(r["changed"] for r in result["rows"])
    lines += [f"{changed} of {len(result['rows'])} glued values differ.", "",
              "| value | A | B | B - A | change |", "|---|---|---|---:|---:|"]
    for r in result["rows"]:
        if only_changed and not r["changed"]:
            continue
        diff = "" if r["diff"] is None else f"{r['diff']:+.4g}"
        rel = "" if r["rel"] is None else f"{100 * r['rel']:+.1f}%"
        lines.append(f"| {r['key']} | {_short(r['a'])} | {_short(r['b'])} | {diff} | {rel} |")
    return "\n".join(lines)
