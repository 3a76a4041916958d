"""What a chapter notebook hands to the book: glued values and the record of files it read.

``start_chapter()`` is the shared preamble (theme, offline renderer, display options);
``glue_values()`` glues numbers cast to plain Python types; ``emit_provenance()`` is the last
cell of every chapter and reports the files read, which the runner moves into the executed
notebook's metadata.
"""

from __future__ import annotations

import math
from datetime import date, datetime

import numpy as np
import pandas as pd

from . import charts, load
from .provenance import PROVENANCE_MIME


def start_chapter() -> None:
    """Chapter preamble: chart theme and renderer, table display, fresh read log."""
    charts.setup()
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.precision", 3)
    load.READS.clear()


def plain(value):
    """Cast numpy scalars, timestamps and the like to float/int/str (glue needs plain types)."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value)
    if isinstance(value, (pd.Timestamp, datetime, date)):
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    if value is None:
        return math.nan
    return value


def md_escape(text) -> str:
    """Text from data made safe for a Markdown glue: HTML characters become entities (shown
    literally, never parsed as tags) and Markdown emphasis/code characters are backslashed."""
    out = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "\\`*_[]|":
        out = out.replace(ch, "\\" + ch)
    return out


def glue_values(values: dict) -> dict:
    """Glue each value under its key (display=False) and return the plain values."""
    from myst_nb import glue

    out = {}
    for key, value in values.items():
        v = plain(value)
        glue(key, v, display=False)
        out[key] = v
    return out


def emit_provenance() -> None:
    """Display the files read by this kernel under a private mimetype (the runner removes it)."""
    from IPython.display import display

    display({PROVENANCE_MIME: {"reads": list(load.READS)}}, raw=True)
