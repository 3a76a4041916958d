"""What a chapter notebook hands to the book: measures, glued values, verdicts and the record
of files it read.

``start_chapter(id)`` is the shared preamble (theme, offline renderer, display options).
``record(measures)`` stores a batch of measures in the executed notebook's metadata (as numbers)
and glues their fields for the prose: ``name`` (value), ``name_ci_low``, ``name_ci_high`` and
``name_n``. ``glue_values()`` glues text and parameters that are not measures. ``verdicts()``
renders the chapter's claims from :mod:`middleclass.claims`. ``emit_provenance()`` is the last
cell of every chapter and reports the files read. The runner moves the private outputs into
``metadata.middleclass`` (``measures``, ``verdicts``, ``data_files``).
"""

from __future__ import annotations

import math
from datetime import date, datetime

import numpy as np
import pandas as pd

from .. import claims, paths
from ..analysis.measures import Estimate
from ..analysis.records import to_record
from ..data import validate
from . import charts
from .provenance import MEASURES_MIME, PROVENANCE_MIME, VERDICTS_MIME

#: glue keys of earlier versions of the book, kept so that prose and `compare` users keep them:
#: key -> (measure, field)
LEGACY_KEYS = {
    "compute_growth_per_year": ("compute_growth", "value"),
    "frontier_compute_growth_per_year": ("frontier_compute_growth", "value"),
    "frontier_cost_growth_per_year": ("frontier_cost_growth", "value"),
    "cluster_growth_per_year": ("cluster_growth", "value"),
    "per_company_growth_per_year": ("per_company_growth", "value"),
    "cost_threshold_year_pi_low": ("cost_threshold_year", "ci_low"),
    "cost_threshold_year_pi_high": ("cost_threshold_year", "ci_high"),
    "open_share_fitted_last_low": ("open_share_fitted_last", "ci_low"),
    "open_share_fitted_last_high": ("open_share_fitted_last", "ci_high"),
    "mid_trend_pts_low": ("mid_trend_pts", "ci_low"),
    "mid_trend_pts_high": ("mid_trend_pts", "ci_high"),
    "giant_trend_pts_low": ("giant_trend_pts", "ci_low"),
    "giant_trend_pts_high": ("giant_trend_pts", "ci_high"),
    "sens_current_trend_pts_low": ("sens_current_trend_pts", "ci_low"),
    "sens_current_trend_pts_high": ("sens_current_trend_pts", "ci_high"),
    "frontier_cost_2030_median": ("frontier_cost_2030", "value"),
    "frontier_cost_2030_pi_low": ("frontier_cost_2030", "ci_low"),
    "frontier_cost_2030_pi_high": ("frontier_cost_2030", "ci_high"),
    "frontier_cost_horizon_low_billion": ("frontier_cost_horizon_billion", "ci_low"),
    "frontier_cost_horizon_high_billion": ("frontier_cost_horizon_billion", "ci_high"),
    "gap_pct_horizon_pi_low": ("gap_pct_horizon", "ci_low"),
    "gap_pct_horizon_pi_high": ("gap_pct_horizon", "ci_high"),
    "price_horizon_pi_low": ("price_horizon", "ci_low"),
    "price_horizon_pi_high": ("price_horizon", "ci_high"),
    "price_horizon_per_billion_low": ("price_horizon_per_billion", "ci_low"),
    "price_horizon_per_billion_high": ("price_horizon_per_billion", "ci_high"),
}

_state: dict = {"chapter": None, "measures": {}}


def start_chapter(chapter_id: str) -> None:
    """Chapter preamble: chart theme and renderer, table display, fresh read log and measures."""
    charts.setup()
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.precision", 3)
    validate.READS.clear()
    _state.update(chapter=chapter_id, measures={})


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
    for ch in "\\`*_[]|$":
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


def _glue_fields(name: str, value) -> dict:
    """The glue keys of one measure."""
    if isinstance(value, Estimate):
        out = {name: value.value, f"{name}_ci_low": value.ci_low, f"{name}_ci_high": value.ci_high}
        if value.n is not None:
            out[f"{name}_n"] = value.n
        return out
    if isinstance(value, (bool, np.bool_, int, float, np.integer, np.floating, str)):
        return {name: value}
    return {}  # fits and tables are stored, not glued


def record(measures: dict) -> None:
    """Store ``measures`` (name -> Estimate, fit, table, number, flag or text) in the executed
    notebook's metadata and glue their fields."""
    from IPython.display import display

    display({MEASURES_MIME: {name: to_record(v) for name, v in measures.items()}}, raw=True)
    _state["measures"].update(measures)
    glued = {}
    for name, value in measures.items():
        glued.update(_glue_fields(name, value))
    for key, (name, field) in LEGACY_KEYS.items():
        if name in measures and isinstance(measures[name], Estimate):
            glued[key] = getattr(measures[name], field)
    glue_values(glued)


def measures() -> dict:
    """The measures recorded so far in this kernel."""
    return dict(_state["measures"])


def reading() -> claims.Reading:
    """This kernel's measures and the stored measures of the other chapters, as a claim reads
    them (for a chapter's prose that applies a helper of :mod:`middleclass.claims`)."""
    return claims.Reading(_state["chapter"], _all_measures())


def upstream(chapter_id: str) -> dict:
    """The stored measures of another chapter's executed notebook (empty when not executed)."""
    return claims.load_measures(paths.EXECUTED_DIR).get(chapter_id, {})


def _md(text: str) -> str:
    return str(text).replace("|", "\\|").replace("$", "\\$")


def verdict_markdown(results: list[claims.Result]) -> str:
    """The verdict section of a chapter: each claim, its verdict, reason, estimate and rule."""
    blocks = []
    for r in results:
        c = r.claim
        blocks.append(
            f"**{r.verdict.capitalize()}**: “{_md(c.quote)}”. {_md(r.reason[0].upper() + r.reason[1:])}.\n\n"
            f"*Measured*: {_md(c.measure)}: {_md(r.estimate)}. *Rule*: {_md(c.rule_text)}.")
    return "\n\n".join(blocks)


def _all_measures() -> dict:
    """Stored measures of every executed chapter, with this kernel's in place of its own."""
    return {**claims.load_measures(paths.EXECUTED_DIR), _state["chapter"]: _state["measures"]}


def ledger() -> list[claims.Result]:
    """Every claim's verdict as the ledger would show it with this kernel's measures."""
    return claims.evaluate(_all_measures())


def verdicts() -> list[claims.Result]:
    """Judge the claims this chapter owns (rules in :mod:`middleclass.claims`) from this
    kernel's measures and the stored measures of the chapters they also read; store the
    verdicts in the metadata and glue the section as ``verdicts`` (Markdown)."""
    from IPython.display import Markdown, display

    results = claims.for_chapter(_state["chapter"], _all_measures())
    display({VERDICTS_MIME: {r.claim.id: r.to_record() for r in results}}, raw=True)
    first = results[0] if results else None
    glue_values({
        "verdicts": Markdown(verdict_markdown(results)),
        "verdict_code": first.verdict if first else "",
        "verdict_label": Markdown("; ".join(f"**{r.verdict.capitalize()}** ({r.claim.id})" for r in results)),
        "verdict_text": Markdown(" ".join(_md(r.reason[0].upper() + r.reason[1:]) + "." for r in results)),
        "verdict_measured": Markdown(" ".join(f"{_md(r.claim.measure)}: {_md(r.estimate)}." for r in results)),
        "verdict_inferred": Markdown(" ".join(_md(r.claim.rule_text[0].upper() + r.claim.rule_text[1:]) + "."
                                              for r in results)),
    })
    return results


def emit_provenance() -> None:
    """Display the files read by this kernel under a private mimetype (the runner removes it)."""
    from IPython.display import display

    display({PROVENANCE_MIME: {"reads": list(validate.READS)}}, raw=True)
