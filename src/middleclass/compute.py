"""Chapter 1 (compute barriers): growth of training compute and cost, frontier membership,
cluster costs and a sensitivity table. Pure functions over the tidy frames from ``load``.

Units: compute in FLOP, cost in 2023 USD (cluster hardware cost in USD as published by Epoch),
growth as a factor per year.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import frontier, trends
from .publish import md_escape


def in_window(models: pd.DataFrame, start_date: str, end_date: str, date_col: str = "publication_date") -> pd.DataFrame:
    """Rows with ``start_date <= date <= end_date`` (ISO dates)."""
    d = models[date_col]
    return models[(d >= pd.Timestamp(start_date)) & (d <= pd.Timestamp(end_date))].copy()


def mark_frontier(models: pd.DataFrame, top_n: int) -> pd.DataFrame:
    """Add ``is_frontier``: running top-N by training compute at release, over the whole history
    (so a model's frontier status does not depend on the analysis window)."""
    out = models.copy()
    out["is_frontier"] = frontier.running_top_n(out, "compute_flop", top_n)
    return out


@dataclass(frozen=True)
class TrendResult:
    """A growth fit with the sample it was fitted on."""

    label: str
    fit: trends.GrowthFit
    sample: pd.DataFrame  # rows used (x, y and names)

    def summary(self) -> dict:
        lo, hi = self.fit.factor_ci
        return {
            "sample": self.label,
            "n": self.fit.n,
            "factor_per_year": self.fit.factor_per_year,
            "ci_low": lo,
            "ci_high": hi,
            "doubling_months": self.fit.doubling_time_months,
        }


def _trend(label, df, y_col, confidence, cov_type="HC1") -> TrendResult:
    sample = df[df[y_col].notna() & (df[y_col] > 0)]
    fit = trends.fit_loglinear(sample["decimal_year"], sample[y_col], confidence=confidence, cov_type=cov_type)
    return TrendResult(label, fit, sample)


def compute_trend(models: pd.DataFrame, confidence: float, frontier_only: bool = False) -> TrendResult:
    """Training compute (FLOP) on publication date, all notable models or frontier models only."""
    df = models[models["is_frontier"]] if frontier_only else models
    return _trend("frontier models" if frontier_only else "all notable models", df, "compute_flop", confidence)


def cost_trend(models: pd.DataFrame, confidence: float, frontier_only: bool = True) -> TrendResult:
    """Training compute cost (2023 USD) on publication date; frontier models by default."""
    df = models[models["is_frontier"]] if frontier_only else models
    return _trend("frontier models with a cost estimate" if frontier_only else "all models with a cost estimate",
                  df, "cost_usd_2023", confidence)


def largest_cluster_by_year(clusters: pd.DataFrame, start_date: str, end_date: str, private_only: bool = True) -> pd.DataFrame:
    """The most expensive cluster (hardware cost, USD) first operational in each year.

    Keeps existing or decommissioned clusters with a known first operational date inside the
    window; ``private_only`` keeps sectors 'Private' and 'Public/Private' (the companies'
    clusters). Columns: year, name, owner, hardware_cost_usd, h100e, decimal_year.
    """
    c = clusters[clusters["first_operational"].notna() & clusters["hardware_cost_usd"].notna()]
    c = c[c["status"].isin(["Existing", "Decommissioned"])]
    if private_only:
        c = c[c["sector"].fillna("").str.contains("Private")]
    c = in_window(c, start_date, end_date, "first_operational")
    if c.empty:
        return pd.DataFrame(columns=["year", "name", "owner", "hardware_cost_usd", "h100e", "decimal_year"])
    top = c.sort_values("hardware_cost_usd", ascending=False, kind="mergesort").groupby("year", sort=True).head(1)
    top = top.sort_values("year").reset_index(drop=True)
    top["decimal_year"] = top["year"].astype(float) + 0.5
    return top[["year", "name", "owner", "hardware_cost_usd", "h100e", "decimal_year"]]


def sensitivity_table(
    models_all: pd.DataFrame,
    end_date: str,
    start_dates: list[str],
    top_ns: list[int],
    confidence: float,
) -> pd.DataFrame:
    """Growth factors under other start dates and frontier sizes.

    One row per (start date, N): compute growth for all models, frontier compute growth and
    frontier cost growth, each with n and CI. Cells that cannot be fitted are NaN.
    """
    rows = []
    for n in top_ns:
        marked = mark_frontier(models_all, n)
        for start in start_dates:
            win = in_window(marked, start, end_date)
            row = {"start_date": start, "frontier_top_n": n}
            for key, fn in (
                ("compute_all", lambda w: compute_trend(w, confidence)),
                ("compute_frontier", lambda w: compute_trend(w, confidence, frontier_only=True)),
                ("cost_frontier", lambda w: cost_trend(w, confidence)),
            ):
                try:
                    s = fn(win).summary()
                    row.update({f"{key}_factor": s["factor_per_year"], f"{key}_ci_low": s["ci_low"],
                                f"{key}_ci_high": s["ci_high"], f"{key}_n": s["n"]})
                except ValueError:
                    row.update({f"{key}_factor": np.nan, f"{key}_ci_low": np.nan, f"{key}_ci_high": np.nan, f"{key}_n": 0})
            rows.append(row)
    return pd.DataFrame(rows)


def money(usd: float) -> str:
    """$ amount in words-ish: 3.9e8 -> '$390 million', 1.2e9 -> '$1.2 billion'."""
    if not np.isfinite(usd):
        return "n/a"
    if usd >= 1e9:
        return f"${usd / 1e9:.1f} billion"
    if usd >= 1e6:
        return f"${usd / 1e6:.0f} million"
    return f"${usd:,.0f}"


def _md_money(usd: float) -> str:
    """``money`` with the dollar sign escaped for Markdown with dollar math."""
    return money(usd).replace("$", "\\$")


def costliest_by_year(models: pd.DataFrame) -> pd.DataFrame:
    """The most expensive training run (2023 USD) published in each year."""
    c = models[models["cost_usd_2023"].notna()]
    top = c.sort_values("cost_usd_2023", ascending=False, kind="mergesort").groupby("year").head(1)
    return top.sort_values("year")[["year", "model", "organization", "cost_usd_2023"]].reset_index(drop=True)


def verdict(cost_by_year: pd.DataFrame, cost_fit: trends.GrowthFit, orgs_recent: float, orgs_trend: trends.CountTrend,
            break_year: float, years_shown: int = 5) -> tuple[str, str]:
    """(verdict label, one-paragraph Markdown) for the claim that frontier training cost rose
    from tens to hundreds of millions of dollars, leaving only a few firms able to compete.

    Rule: 'supported' when cost growth's CI lies above 1, the record run before the break year
    cost under $100 million and the latest record is at least $100 million, and the yearly
    number of frontier organizations is not rising (its CI upper bound <= 1); 'partly supported'
    when the cost part holds but the number of frontier organizations is rising; 'contradicted'
    when cost growth's CI includes 1 or the record never reached $100 million.
    """
    lo, hi = cost_fit.factor_ci
    cost_rising = lo > 1
    before = cost_by_year[cost_by_year["year"] < int(break_year)]
    after = cost_by_year[cost_by_year["year"] >= int(break_year)]
    tens_to_hundreds = (not before.empty and not after.empty
                        and before["cost_usd_2023"].max() < 1e8 <= after["cost_usd_2023"].max())
    orgs_rising = orgs_trend.ci_low > 1
    if cost_rising and tens_to_hundreds:
        label = "partly supported" if orgs_rising else "supported"
    elif cost_rising:
        label = "partly supported"
    else:
        label = "contradicted"
    shown = cost_by_year.tail(years_shown)
    series = "; ".join(f"{int(r.year)}: {_md_money(r.cost_usd_2023)} ({md_escape(r.model)})" for r in shown.itertuples())
    text = [
        f"The costliest training run recorded by Epoch each year (2023 USD) was {series}.",
        f"Frontier training cost grew by a factor of {cost_fit.factor_per_year:.1f} per year "
        f"({int(round(cost_fit.confidence * 100))}% CI {lo:.1f} to {hi:.1f}, n = {cost_fit.n}).",
    ]
    direction = "fell" if orgs_trend.ci_high < 1 else ("rose" if orgs_rising else "showed no clear trend")
    text.append(
        f"Yet about {orgs_recent:.0f} organizations a year released a frontier model in the last three years with "
        f"data, and that yearly count {direction} (rate ratio {orgs_trend.rate_ratio:.2f} per year, "
        f"CI {orgs_trend.ci_low:.2f} to {orgs_trend.ci_high:.2f})."
    )
    return label, " ".join(text)
