"""The book as of a past date: which rows of each table were available on ``as_of``.

Every chapter takes an ``as_of`` parameter (ISO date; empty means all data). Each loader cuts
its tidy table with :func:`cut` by the rule in :data:`RULES`: rows dated on or before
``as_of`` (models by publication date, leaderboard and price rows by snapshot or validity date,
deals and events by their date), annual totals for the years that ended before ``as_of``, and
report-based tables by the date the report was published. What a cut cannot undo is named in
each rule's ``cannot``: values revised after ``as_of`` stay as revised (the files are today's
copies), and the Data sources page lists both for every source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from ..errors import ParameterError
from .hub import HUB_BENCHMARKS


@dataclass(frozen=True)
class AsOfRule:
    """How ``as_of`` filters one table: ``column`` of the loader's tidy table and ``kind``:
    'date' (rows dated on or before as_of), 'year_ended' (years that ended before as_of),
    'published' (a YYYY-MM or date of publication on or before as_of), 'annual_report' (a
    year's figure, published in an annual report in April of the next year: years up to the
    last one published by as_of), 'interval' (a validity interval that started on or before
    as_of; a later end is cut back to open), or 'none' (not dated: used whole)."""

    column: str
    kind: str
    filters: str  # in words, for the Data sources page
    cannot: str  # what a cut cannot reconstruct


RULES: dict[str, AsOfRule] = {
    "epoch_notable": AsOfRule("publication_date", "date", "models by publication date",
                              "later revisions: compute and cost estimates, citations, notability and models added "
                              "to the list after that date are today's"),
    "epoch_all_models": AsOfRule("publication_date", "date", "models by publication date",
                                 "later revisions, as for the notable models"),
    "epoch_training_costs": AsOfRule("", "none", "not filtered: joined to dated models, which are cut",
                                     "the cost estimates are the repository's of July 2025"),
    "epoch_gpu_clusters": AsOfRule("first_operational", "date", "clusters by first operational date",
                                   "cost and size estimates revised later; clusters added to the list later"),
    "arena_snapshots": AsOfRule("snapshot_date", "date", "leaderboard rows by snapshot date",
                                "nothing: each snapshot is as published"),
    "epoch_eci": AsOfRule("release_date", "date", "models by release date",
                          "ECI scores are refitted as benchmarks arrive: old models' scores are today's"),
    "epoch_benchmarks_long": AsOfRule("release_date", "date", "model scores by the model's release date",
                                      "scores run after that date for models released before it"),
    "epoch_hub": AsOfRule("release_date", "date", "benchmark scores by the model's release date (Benchmarking Hub, "
                          "April 2026)", "scores run after that date for models released before it; accessibility "
                          "as of April 2026"),
    "litellm_prices": AsOfRule("valid_from", "interval", "price states that began on or before that date",
                               "nothing for listed prices; models never listed by LiteLLM are missing either way"),
    "owid_ai_private_investment": AsOfRule("year", "annual_report",
                                           "years an AI Index edition had published by that date (a year's figure "
                                           "appears in the edition of the following April)",
                                           "the AI Index revises earlier years in each edition; the values are the "
                                           "2025 edition's, not those published at the time"),
    "owid_genai_investment": AsOfRule("year", "annual_report", "years published by that date (April of the next "
                                      "year)", "as for private investment: the 2025 edition's values"),
    "owid_newly_funded": AsOfRule("year", "annual_report", "years published by that date (April of the next year)",
                                  "as for private investment: the 2025 edition's values"),
    "oecd_vc_transcribed": AsOfRule("year", "year_ended", "years that ended before that date",
                                    "Preqin's deal database grows backwards; values are the 2026 transcription's"),
    "tech_fundings": AsOfRule("date", "date", "rounds by funding month", "nothing: the sample ends in 2021"),
    "latestrounds_rounds": AsOfRule("date", "date", "rounds by announcement date",
                                    "the snapshot keeps rounds listed in 2026; rounds since removed are missing"),
    "layoffs_fyi": AsOfRule("date", "date", "events by date",
                            "events added to the list after that date but dated before it are included"),
    "yc_ai_companies": AsOfRule("batch_year", "year_ended", "batch years that ended before that date",
                                "tags, team sizes and statuses are the 2026 directory's; companies removed since are "
                                "missing"),
    # curated tables (data/curated/)
    "curated_mega_rounds": AsOfRule("announced_date", "date", "rounds by announcement date",
                                    "amounts as reported now (later tranches folded in)"),
    "curated_company_outcomes": AsOfRule("date", "date", "events by date", "nothing"),
    "curated_size_bands": AsOfRule("published", "published", "AI Index editions published by that date",
                                   "nothing: each edition's counts are as printed"),
    "curated_ai_index_totals": AsOfRule("published", "published", "AI Index editions published by that date",
                                        "nothing: as printed"),
    "curated_open_model_usage": AsOfRule("published", "published", "survey and study editions published by that date",
                                         "nothing: each edition's figure is as published"),
    "curated_giants_finances": AsOfRule("fiscal_year_end", "date", "fiscal years that ended by that date",
                                        "annual reports follow the year end by one to two months, so a year that "
                                        "just ended is counted before its report was filed"),
    "curated_acquisitions": AsOfRule("date", "date", "deals by announcement date",
                                     "deals announced before that date but first reported later are included"),
    "curated_us_cpi": AsOfRule("", "none", "not filtered: a deflator, not evidence (every run states money in "
                               "2021 dollars)", "nothing"),
    "curated_organizations": AsOfRule("", "none", "not filtered",
                                      "tiers are judged with today's knowledge of headcount and funding"),
    "curated_published_figures": AsOfRule("", "none", "not filtered", "not applicable"),
}

# every Benchmarking Hub file follows the hub's rule; the hub's ECI file only lends accessibility
RULES.update({b.source_id: RULES["epoch_hub"] for b in HUB_BENCHMARKS})
RULES["epoch_hub_eci"] = AsOfRule("", "none", "not filtered: read only for each model's accessibility",
                                  "accessibility as of April 2026")


def parse(as_of) -> pd.Timestamp | None:
    """The ``as_of`` parameter as a timestamp (None for empty); a bad value is a ParameterError."""
    if as_of in (None, "") or (isinstance(as_of, float) and pd.isna(as_of)):
        return None
    if isinstance(as_of, pd.Timestamp):
        return as_of.normalize()
    text = str(as_of).strip()
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(text)
        return pd.Timestamp(text).normalize()
    except (ValueError, TypeError):
        raise ParameterError(f"parameter 'as_of': {as_of!r} is not an ISO date (YYYY-MM-DD) or empty") from None


def last_complete_year(as_of) -> int | None:
    """The last calendar year that ended on or before ``as_of`` (None for empty)."""
    t = parse(as_of)
    if t is None:
        return None
    return t.year if (t.month, t.day) == (12, 31) else t.year - 1


#: the month an annual report (the AI Index) publishes the year before
REPORT_MONTH = 4


def last_reported_year(as_of) -> int | None:
    """The last year whose annual figure was published by ``as_of`` (reports come out in April
    of the following year)."""
    t = parse(as_of)
    if t is None:
        return None
    return t.year - 1 if t.month >= REPORT_MONTH else t.year - 2


def cap_year(year: int, as_of) -> int:
    """``year`` (an end-year parameter) capped at the last complete year before ``as_of``."""
    last = last_complete_year(as_of)
    return int(year) if last is None else min(int(year), last)


def cap_date(date: str, as_of) -> str:
    """``date`` (an end-date parameter, ISO) capped at ``as_of``."""
    t = parse(as_of)
    return date if t is None or pd.Timestamp(date) <= t else f"{t:%Y-%m-%d}"


def _published(values: pd.Series) -> pd.Series:
    text = values.astype(str).str.strip()
    return pd.to_datetime(text.where(text.str.len() > 7, text + "-01"), errors="coerce")


def cut(frame: pd.DataFrame, table: str, as_of) -> pd.DataFrame:
    """The rows of ``frame`` (a loader's tidy table for ``table``, a key of :data:`RULES`)
    available on ``as_of``; the frame unchanged when ``as_of`` is empty."""
    t = parse(as_of)
    if t is None:
        return frame
    rule = RULES[table]
    if rule.kind == "none":
        return frame
    col = frame[rule.column]
    if rule.kind == "date":
        keep = pd.to_datetime(col) <= t
    elif rule.kind == "year_ended":
        keep = pd.to_numeric(col, errors="coerce") <= last_complete_year(as_of)
    elif rule.kind == "annual_report":
        keep = pd.to_numeric(col, errors="coerce") <= last_reported_year(as_of)
    elif rule.kind == "published":
        keep = _published(col) <= t
    elif rule.kind == "interval":
        keep = pd.to_datetime(col) <= t
    else:
        raise ValueError(f"unknown as_of kind {rule.kind!r} for {table}")
    out = frame[keep.fillna(False).to_numpy()].copy()
    if rule.kind == "interval" and "valid_until" in out:
        out.loc[out["valid_until"] > t, "valid_until"] = pd.NaT  # still listed on as_of
    out.attrs = dict(frame.attrs, as_of=f"{t:%Y-%m-%d}")
    return out
