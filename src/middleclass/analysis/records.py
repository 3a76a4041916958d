"""Measures as plain JSON records (the executed notebook's metadata) and back: Estimates,
trend fits (enough to predict and project later), small tables, numbers, flags and text."""

from __future__ import annotations

import json
import math
from dataclasses import fields

import pandas as pd

from .measures import NAN, Estimate
from .trends import GrowthFit


def to_record(value):
    """A JSON record of a measure: Estimate, fit (anything with ``to_record``), small table,
    number, flag or text."""
    if hasattr(value, "to_record"):
        return value.to_record()
    if hasattr(value, "to_dict") and hasattr(value, "columns"):  # a small table (pandas DataFrame)
        return {"kind": "table", "columns": [str(c) for c in value.columns],
                "rows": json.loads(value.to_json(orient="values", date_format="iso", date_unit="s"))}
    if type(value).__name__ in ("bool", "bool_"):
        return {"kind": "flag", "value": bool(value)}
    if isinstance(value, (int, float)) or type(value).__module__ == "numpy":
        v = float(value)
        return {"kind": "estimate", "value": v if math.isfinite(v) else None}
    return {"kind": "text", "value": str(value)}


def from_record(rec: dict):
    """The measure a record stands for: Estimate, GrowthFit, DataFrame, bool or str."""
    kind = rec.get("kind")
    if kind == "estimate":
        kw = {f.name: rec.get(f.name) for f in fields(Estimate) if f.name in rec}
        for name in ("value", "ci_low", "ci_high"):
            v = kw.get(name)
            kw[name] = NAN if v is None else (v if isinstance(v, int) and name == "value" else float(v))
        kw["intervals"] = tuple(tuple(x) for x in (kw.get("intervals") or ()))
        return Estimate(**{k: v for k, v in kw.items() if v is not None})
    if kind == "fit":
        return GrowthFit.from_record(rec)
    if kind == "table":
        return pd.DataFrame(rec["rows"], columns=rec["columns"])
    if kind == "flag":
        return bool(rec["value"])
    if kind == "text":
        return str(rec["value"])
    raise ValueError(f"unknown measure record kind {kind!r}")
