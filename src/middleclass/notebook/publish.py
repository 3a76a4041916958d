"""What a chapter notebook hands to the book: measures, glued values, verdicts and the record
of files it read.

``start_chapter(id)`` is the shared preamble (theme, offline renderer, display options).
A chapter computes everything in one call, :func:`middleclass.chapters.measure` (its function in
:mod:`middleclass.analysis`); ``record(result, upstream)`` stores the result's measures in the
executed notebook's metadata (as numbers) and glues their fields for the prose: ``name``
(value), ``name_ci_low``, ``name_ci_high`` and ``name_n``. ``glue_values()`` glues text and
parameters that are not measures. ``verdicts()`` renders the chapter's claims from
:mod:`middleclass.claims`. ``emit_provenance()`` is the last cell of every chapter and reports
the files the computation read.

Thin data never stops a chapter: a section the computation could not do for lack of data is
listed under the computing cell with its note ("not enough data (n = ...)"); a later cell that
shows it runs ``with section("what it shows"):`` and says so instead of failing; the claims
reading a measure that was not produced get a "not enough data" measure (so the ledger says
"not testable" with the reason), and every glue key the chapter's prose uses but nothing glued
is glued as that message (:data:`THIN_PREFIX`; the book's Sphinx extension shows it whatever
the format). The runner moves the private outputs into ``metadata.middleclass``
(``measures``, ``verdicts``, ``data_files``).
"""

from __future__ import annotations

import contextlib
import math
import re
from datetime import date, datetime

import numpy as np
import pandas as pd

from .. import claims
from ..analysis.measures import Estimate, NotEnoughData
from ..analysis.records import to_record
from . import charts
from .mimes import MEASURES_MIME, PROVENANCE_MIME, VERDICTS_MIME

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


#: the start of every "not enough data" text glued for prose (the Sphinx extension shows such a
#: value as it is, whatever number format the prose asks for)
THIN_PREFIX = "not enough data"


def start_chapter(chapter_id: str) -> None:
    """Chapter preamble: chart theme and renderer, table display, fresh read log and measures."""
    charts.setup(chapter_id)
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.precision", 3)
    _state.update(chapter=chapter_id, measures={}, thin=[], glued=set(), upstream={}, reads=[], result=None)


@contextlib.contextmanager
def section(what: str):
    """Run a cell's work; on too few observations show "not enough data (n = ...)" for ``what``
    instead of failing. A later section that needs a result a thin section did not produce (a
    NameError after a thin section) is skipped with the first thin section's reason."""
    from IPython.display import Markdown, display

    try:
        yield
    except NotEnoughData as exc:
        _state.setdefault("thin", []).append((what, exc.note))
        display(Markdown(f"*{what[0].upper() + what[1:]}: {exc.note}.*"))
    except NameError:
        thin = _state.get("thin") or []
        if not thin:
            raise
        display(Markdown(f"*{what[0].upper() + what[1:]}: not shown; it needs a result that an earlier section "
                         "could not compute for lack of data.*"))
        _state["thin"].append((what, thin[0][1]))


def show(obj) -> None:
    """Display a chart or table made inside a ``with section(...)`` block (where a cell's last
    expression is not shown by itself)."""
    from IPython.display import display

    if obj is not None:
        display(obj)


def thin_note() -> str:
    """The reason of the first thin section, for placeholders ("" when none was thin)."""
    thin = _state.get("thin") or []
    return thin[0][1] if thin else ""


def as_of_note(as_of) -> None:
    """Say at the top of a chapter run with ``as_of`` that it uses only the data available on
    that date (nothing is shown for the default run, which uses all data)."""
    from IPython.display import Markdown, display

    from ..data import asof

    when = asof.parse(as_of)
    if when is None:
        return
    display(Markdown(f"```{{note}}\nThis run uses only the data available on **{when:%Y-%m-%d}** (parameter "
                     f"`as_of`). The Data sources page says, for each source, what that date filters and what it "
                     f"cannot reconstruct (values revised since are today's).\n```"))


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
    """Glue each value under its key (display=False) and return the plain values. A key glued
    already in this kernel is not glued again (myst-nb refuses duplicate keys): the first value
    stands, e.g. a parameter glued before the section that also records it."""
    from myst_nb import glue

    out = {}
    done = _state.setdefault("glued", set())
    for key, value in values.items():
        if key in done:
            continue
        v = plain(value)
        if isinstance(v, float) and not math.isfinite(v):  # nan or inf never reaches the prose
            v = THIN_PREFIX if not (key.endswith("_ci_low") or key.endswith("_ci_high")) else "–"
        glue(key, v, display=False)
        out[key] = v
    _state.setdefault("glued", set()).update(values)
    return out


def _glue_fields(name: str, value) -> dict:
    """The glue keys of one measure (a measure without a value glues its "not enough data" note)."""
    if isinstance(value, Estimate):
        if not value.ok:  # no value (too few observations, or a value that is not finite)
            return {name: THIN_PREFIX, f"{name}_ci_low": "–", f"{name}_ci_high": "–",
                    **({f"{name}_n": value.n} if value.n is not None else {})}
        out = {name: value.value, f"{name}_ci_low": value.ci_low, f"{name}_ci_high": value.ci_high}
        if value.n is not None:
            out[f"{name}_n"] = value.n
        return out
    if isinstance(value, (bool, np.bool_, int, float, np.integer, np.floating, str)):
        return {name: value}
    return {}  # fits and tables are stored, not glued


def record(measures, upstream: dict | None = None) -> None:
    """Store ``measures`` in the executed notebook's metadata and glue their fields: a chapter's
    result (:func:`middleclass.chapters.measure`: its measures, and the data files it read for
    the provenance section), or a dict (name -> Estimate, fit, table, number, flag or text).
    ``upstream``: the measures of the chapters this one reads (chapter id -> measures), for its
    verdicts and prose."""
    from IPython.display import display

    if hasattr(measures, "parts"):  # a ChapterResult
        from IPython.display import Markdown

        _state["result"] = measures
        _state["reads"] = list(measures.reads)
        for what, note in measures.thin:
            _state.setdefault("thin", []).append((what, note))
            display(Markdown(f"*{what[0].upper() + what[1:]}: {note}.*"))
        measures = measures.measures
    if upstream is not None:
        _state["upstream"] = upstream
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
    """The measures recorded so far in this kernel (a missing one, which a thin section did not
    produce, raises :class:`NotEnoughData` for the section that asks for it)."""
    out = Upstream(_state["measures"])
    out.chapter = _state.get("chapter") or "this"
    return out


def reading() -> claims.Reading:
    """This kernel's measures and the stored measures of the other chapters, as a claim reads
    them (for a chapter's prose that applies a helper of :mod:`middleclass.claims`)."""
    return claims.Reading(_state["chapter"], _all_measures())


class Upstream(dict):
    """Another chapter's stored measures; a measure it did not produce (too little data there)
    raises :class:`NotEnoughData`, so the section that needs it says so."""

    chapter = ""

    def __missing__(self, key):
        raise NotEnoughData(0, 1, f"the {self.chapter} chapter's measure '{key}'")


def _stored_measures() -> dict[str, dict]:
    return dict(_state.get("upstream") or {})


def upstream(chapter_id: str) -> Upstream:
    """The measures of a chapter this one reads (given to :func:`record`)."""
    out = Upstream(_stored_measures().get(chapter_id, {}))
    out.chapter = chapter_id
    return out


def _md(text: str) -> str:
    return str(text).replace("|", "\\|").replace("$", "\\$")


def verdict_markdown(results: list[claims.Result]) -> str:
    """The verdict section of a chapter: each claim, its verdict, reason, estimate and rule."""
    from .badges import anchor, badge

    blocks = []
    for r in results:
        c = r.claim
        blocks.append(
            f'<span id="{anchor(c.id)}"></span>{badge(r)} “{_md(c.quote)}”. '
            f"{_md(r.reason[0].upper() + r.reason[1:])}.\n\n"
            f"*Measured*: {_md(c.measure)}: {_md(r.estimate)}. *Rule*: {_md(c.rule_text)}.")
    return "\n\n".join(blocks)


def _all_measures() -> dict:
    """Stored measures of every executed chapter, with this kernel's in place of its own."""
    return {**_stored_measures(), _state["chapter"]: _state["measures"]}


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


_GLUE_ROLE = re.compile(r"\{glue(?::(text|md|any))?\}`([A-Za-z0-9_]+)(?::[^`]*)?`")
_GLUE_DIRECTIVE = re.compile(r"^```\{glue(?::(md|any|figure|math))?\}\s+([A-Za-z0-9_]+)", re.M)


def prose_glue_keys(chapter_id: str) -> dict[str, str]:
    """The glue keys a chapter's text uses (roles and directives in its MyST notebook): key ->
    'md' when pasted as Markdown, else 'text'."""
    from ..chapters import get_chapter

    text = get_chapter(chapter_id).path.read_text(encoding="utf-8")
    keys: dict[str, str] = {}
    for kind, key in _GLUE_ROLE.findall(text) + _GLUE_DIRECTIVE.findall(text):
        keys[key] = "md" if kind == "md" or keys.get(key) == "md" else "text"
    return keys


def fill_thin_glue() -> list[str]:
    """Glue, as "not enough data", every key the chapter's prose uses that nothing glued, as
    Markdown where the prose pastes Markdown. The default book has none (a test checks that no
    placeholder reaches it)."""
    from IPython.display import Markdown

    wanted = prose_glue_keys(_state["chapter"])
    missing = sorted(set(wanted) - _state.get("glued", set()))
    note = THIN_PREFIX  # short in the prose: the section itself says why
    glue_values({key: Markdown(f"*{note}*") if wanted[key] == "md" else note for key in missing})
    return missing


def emit_provenance() -> None:
    """Glue the placeholders a thin run needs, then display the files read by this kernel under
    a private mimetype (the runner removes it)."""
    from IPython.display import display

    fill_thin_glue()
    display({PROVENANCE_MIME: {"reads": list(_state.get("reads") or [])}}, raw=True)
