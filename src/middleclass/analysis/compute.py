"""Chapter 1 (compute barriers): growth of training compute and cost, frontier membership,
cluster costs, record training runs, a break test and a sensitivity table. Pure functions
over the tidy frames from :mod:`middleclass.data.epoch`; each section returns its measures.

Units: compute in FLOP, cost in 2023 USD (cluster hardware cost in USD as published by Epoch),
growth as a factor per year, counts of organizations per year.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import frontier, trends
from .measures import Estimate, NotEnoughData, estimate, not_enough


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


def _window(df: pd.DataFrame, col: str = "publication_date") -> str:
    d = df[col].dropna()
    return f"{d.min():%Y-%m-%d} to {d.max():%Y-%m-%d}" if len(d) else ""


def sample_sizes(models_all: pd.DataFrame, models: pd.DataFrame) -> dict[str, Estimate]:
    """How many notable models the chapter uses, and how many carry compute and cost (counts)."""
    count = lambda v, label: estimate(v, unit="models", label=label, window=_window(models))  # noqa: E731
    return {
        "models_n": count(len(models), "notable models in the window"),
        "models_undated": count(models_all.attrs.get("dropped_undated", 0), "rows without a publication date"),
        "models_with_compute_n": count(models["compute_flop"].notna().sum(), "models with training compute"),
        "models_with_cost_n": count(models["cost_usd_2023"].notna().sum(), "models with a cost estimate"),
        "frontier_models_n": count(models["is_frontier"].sum(), "frontier models in the window"),
    }


@dataclass(frozen=True)
class TrendResult:
    """A growth fit with the sample it was fitted on."""

    label: str
    fit: trends.GrowthFit
    sample: pd.DataFrame  # rows used (x, y and names)

    def summary(self) -> dict:
        lo, hi = self.fit.factor_ci
        return {"sample": self.label, "n": self.fit.n, "factor_per_year": self.fit.factor_per_year, "ci_low": lo,
                "ci_high": hi, "doubling_months": self.fit.doubling_time_months}

    def factor(self) -> Estimate:
        return self.fit.factor(label=f"growth factor per year, {self.label}", window=_window(self.sample))


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


@dataclass(frozen=True)
class GrowthTrends:
    """The chapter's three growth fits and the projected date the frontier cost crosses a threshold."""

    all_compute: TrendResult
    frontier_compute: TrendResult
    frontier_cost: TrendResult
    threshold_usd: float
    crossing: tuple[float, float, float]  # decimal years: central, early, late (prediction interval)

    def measures(self) -> dict:
        c = self.frontier_cost.fit
        months = lambda fit, what: estimate(fit.doubling_time_months, unit="months", n=fit.n,  # noqa: E731
                                            label=f"doubling time, {what}")
        return {
            "compute_growth": self.all_compute.factor(),
            "compute_doubling_months": months(self.all_compute.fit, "training compute"),
            "frontier_compute_growth": self.frontier_compute.factor(),
            "frontier_cost_growth": self.frontier_cost.factor(),
            "frontier_cost_doubling_months": months(c, "frontier training cost"),
            "cost_threshold_year": estimate(self.crossing[0], self.crossing[1:], n=c.n, confidence=c.confidence,
                                            unit="decimal year",
                                            label=f"year the frontier cost trend passes ${self.threshold_usd:,.0f} "
                                                  "(prediction interval)"),
            "frontier_cost_fit": c,
            "frontier_cost_sample": self.frontier_cost.sample[["model", "organization", "publication_date",
                                                               "cost_usd_2023"]],
        }


def growth_trends(models: pd.DataFrame, confidence: float, threshold_usd: float) -> GrowthTrends:
    """Log-linear growth of training compute (all and frontier models) and of frontier training
    cost, with the date the cost trend reaches ``threshold_usd`` (2023 USD)."""
    cost = cost_trend(models, confidence)
    return GrowthTrends(compute_trend(models, confidence), compute_trend(models, confidence, frontier_only=True), cost,
                        threshold_usd, cost.fit.crossing(threshold_usd))


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


@dataclass(frozen=True)
class ClusterGrowth:
    """The costliest private cluster of each year and the growth of its hardware cost."""

    by_year: pd.DataFrame
    fit: trends.GrowthFit

    @property
    def latest(self) -> pd.Series:
        return self.by_year.iloc[-1]

    def measures(self) -> dict:
        return {"cluster_growth": self.fit.factor(label="growth factor per year, costliest private cluster",
                                                  window=f"{int(self.by_year['year'].min())}–{int(self.by_year['year'].max())}"),
                "largest_cluster_cost_billion": estimate(self.latest["hardware_cost_usd"] / 1e9, unit="billion USD",
                                                         label="hardware cost of the latest record cluster")}


def cluster_growth(clusters: pd.DataFrame, start_date: str, end_date: str, confidence: float) -> ClusterGrowth:
    """Log-linear growth of the costliest private cluster's hardware cost (one point per year)."""
    top = largest_cluster_by_year(clusters, start_date, end_date)
    return ClusterGrowth(top, trends.fit_loglinear(top["decimal_year"], top["hardware_cost_usd"], confidence))


def compute_coverage(models: pd.DataFrame, drop: float = 0.75, recent: int = 3, baseline_years: int = 5) -> pd.DataFrame:
    """Per year: notable models, the share with a training-compute estimate, and whether the
    year is possibly incomplete for compute-based counts: the newest data's year (partial), or
    one of the ``recent`` years before it whose coverage is below ``drop`` times the median of
    the ``baseline_years`` before them (Epoch estimates compute with a lag)."""
    g = models.groupby("year").agg(models=("model", "size"), with_compute=("compute_flop", lambda s: s.notna().mean()))
    g = g.reset_index()
    g["incomplete"] = False
    if g.empty:
        return g
    last = int(models["publication_date"].max().year)
    base = g[(g["year"] < last - recent) & (g["year"] >= last - recent - baseline_years)]["with_compute"]
    bar = drop * base.median() if len(base) else 0.0
    late = g["year"].between(last - recent, last - 1)
    g["incomplete"] = (late & (g["with_compute"] < bar)) | (g["year"] == last)
    return g


@dataclass(frozen=True)
class FrontierOrganizations:
    """Who released frontier models: organization groups per year (parents together), their
    trend, groups training a model above a fixed compute threshold, sector shares."""

    per_year: pd.DataFrame  # year, models, organizations, names, incomplete
    fitted_years: pd.DataFrame  # complete calendar years from the start year (the fit's sample)
    trend: trends.CountTrend
    above: pd.DataFrame  # year, models, organizations, names, incomplete (models above the threshold)
    above_trend: trends.CountTrend | None
    threshold_flop: float
    sectors: pd.DataFrame  # year, sector, models, share
    recent_years: tuple[int, int]
    recent_mean: float
    above_recent_mean: float
    industry_recent: float
    industry_early: float

    def measures(self) -> dict:
        lo, hi = self.recent_years
        window = f"{int(self.fitted_years['year'].min())}–{hi}"
        label = f"{self.threshold_flop:.0e} FLOP".replace("e+", "e")
        out = {
            "frontier_orgs_recent_mean": estimate(self.recent_mean, n=3, unit="organization groups per year",
                                                  window=f"{lo}–{hi}", label="groups releasing a frontier model"),
            "frontier_orgs_trend": self.trend.estimate(label="trend of groups at the frontier", window=window),
            "frontier_orgs_trend_p": estimate(self.trend.p_value, unit="p-value"),
            "industry_share_frontier_recent": estimate(self.industry_recent, unit="share", window=f"{lo}–{hi}"),
            "industry_share_frontier_early": estimate(self.industry_early, unit="share"),
            "groups_above_threshold_recent_mean": estimate(self.above_recent_mean, n=3, unit="organization groups per year",
                                                           window=f"{lo}–{hi}",
                                                           label=f"groups training a model above {label}"),
            "compute_threshold_label": label,
            "incomplete_years": ", ".join(str(y) for y in self.per_year.loc[self.per_year["incomplete"], "year"]) or "none",
        }
        crossed = self.above.loc[self.above["organizations"] > 0, "year"]
        first = int(crossed.min()) if len(crossed) else hi
        out["groups_above_threshold_first_year"] = estimate(first, unit="year")
        if self.above_trend is not None:
            out["groups_above_threshold_trend"] = self.above_trend.estimate(
                label=f"trend of groups above {label}", window=f"{first}–{int(self.above['year'].max())}")
        else:
            out["groups_above_threshold_trend"] = not_enough(int((self.above["year"] >= first).sum()), 3,
                                                             f"a trend from the first year above {label}",
                                                             unit="rate ratio per year")
        return out


def frontier_organizations(models: pd.DataFrame, start_year: int, end_date: str, break_date: str, confidence: float,
                           groups: dict[str, str] | None = None, threshold_flop: float = 1e25) -> FrontierOrganizations:
    """Distinct organization groups (``groups`` maps units to parents) releasing a frontier
    model (``is_frontier``) per year; a Poisson trend of that count over calendar years from
    ``start_year`` to the last complete year (the year of the newest data is partial and left
    out); the mean of the last three complete years; the same count for models with training
    compute of at least ``threshold_flop`` (a fixed bar that does not cap itself, unlike a top
    N; its trend fitted from the first year a group crossed it); industry's share of frontier models in the 5 years before the break and in the last
    three. Years whose compute coverage is thin are flagged ``incomplete``."""
    coverage = compute_coverage(models).set_index("year")["incomplete"]
    frontier_models = models[models["is_frontier"]]
    orgs = frontier.organizations_per_year(frontier_models, groups)
    orgs["incomplete"] = orgs["year"].map(coverage).fillna(False).astype(bool)
    partial = int(models["publication_date"].max().year) if len(models) else pd.Timestamp(end_date).year
    complete = orgs[(orgs["year"] < partial) & (orgs["year"] <= pd.Timestamp(end_date).year)]
    sample = complete[complete["year"] >= start_year]
    trend = trends.count_trend(sample["year"], sample["organizations"], confidence)
    recent = complete.tail(3)
    big = frontier.organizations_per_year(models[models["compute_flop"] >= threshold_flop], groups)
    years = pd.DataFrame({"year": range(start_year, int(complete["year"].max()) + 1)})
    above = years.merge(big, on="year", how="left").fillna({"models": 0, "organizations": 0, "names": ""})
    above["incomplete"] = above["year"].map(coverage).fillna(False).astype(bool)
    # the fixed bar's trend starts at the first year anyone crossed it: the zeros before are
    # mechanical (nobody could train that much yet) and would make any trend look steep
    crossed = above[above["organizations"] > 0]
    fitted = above[above["year"] >= crossed["year"].min()] if len(crossed) else above.iloc[0:0]
    try:
        above_trend = trends.count_trend(fitted["year"], fitted["organizations"], confidence)
    except (NotEnoughData, ValueError):
        above_trend = None
    sectors = frontier.sector_shares(frontier_models)
    industry = sectors[sectors["sector"] == "Industry"].set_index("year")["share"]
    early = industry[industry.index < trends.date_to_year(break_date)].tail(5)
    recent_above = above.set_index("year")["organizations"].reindex(recent["year"]).fillna(0)
    return FrontierOrganizations(
        orgs, sample, trend, above, above_trend, threshold_flop, sectors,
        (int(recent["year"].min()), int(recent["year"].max())), float(recent["organizations"].mean()),
        float(recent_above.mean()), float(industry.reindex(recent["year"]).fillna(0).mean()),
        float(early.mean()) if len(early) else float("nan"))


BREAK_COLUMNS = ["series", "n before", "n after", "factor/yr before", "factor/yr after", "p (slope change)",
                 "p (Chow, level and slope)"]


@dataclass(frozen=True)
class Breaks:
    """Chow-type break tests (:func:`trends.break_test`) of several series at one date."""

    table: pd.DataFrame  # BREAK_COLUMNS, one row per series
    tests: dict  # series label -> BreakTest (absent when a side has fewer than 3 points)
    confidence: float
    thin: dict = field(default_factory=dict)  # series label -> NotEnoughData (too few points on a side)

    def measures(self) -> dict:
        """The break test of frontier compute (second series) and frontier cost (third series);
        a series with too few points on a side (a break date outside the window) gives "not
        enough data (n = ...)" measures."""
        main, cost = self.table.iloc[1], self.table.iloc[2]

        def value(row, column, n=None, **kw):
            thin = self.thin.get(row["series"])
            if thin is not None:
                return not_enough(thin, **kw)
            return estimate(row[column], **({"n": n} if n is not None else {}), **kw)

        out = {
            "break_p_value": value(main, "p (slope change)", unit="p-value", label="slope change, frontier compute"),
            "break_p_joint": value(main, "p (Chow, level and slope)", unit="p-value", label="Chow test, frontier compute"),
            "break_factor_before": value(main, "factor/yr before", n=main["n before"], unit="factor per year"),
            "break_factor_after": value(main, "factor/yr after", n=main["n after"], unit="factor per year"),
            "break_n_after": estimate(main["n after"], unit="models"),
            "break_cost_p_value": value(cost, "p (slope change)", unit="p-value", label="slope change, frontier cost"),
            "break_cost_p_joint": value(cost, "p (Chow, level and slope)", unit="p-value", label="Chow test, frontier cost"),
        }
        test = self.tests.get(self.table["series"].iloc[2])
        if test is not None:
            out["cost_break_before"] = test.rate("before", self.confidence, label="frontier cost growth before the break")
            out["cost_break_after"] = test.rate("after", self.confidence, label="frontier cost growth after the break")
        return out


def growth_breaks(models: pd.DataFrame, growth: "GrowthTrends", break_date: str, confidence: float = 0.9) -> "Breaks":
    """The chapter's break tests at ``break_date`` (:func:`break_table`): training compute of
    all notable models and of frontier models (``is_frontier``), and training cost of frontier
    models (2023 USD, the cost trend's sample)."""
    return break_table({"Compute, all notable models": (models, "compute_flop"),
                        "Compute, frontier models": (models[models["is_frontier"]], "compute_flop"),
                        "Cost, frontier models": (growth.frontier_cost.sample, "cost_usd_2023")}, break_date, confidence)


def break_table(series: dict[str, tuple[pd.DataFrame, str]], break_date: str, confidence: float = 0.9) -> Breaks:
    """A Chow-type break test (:func:`trends.break_test`) at ``break_date`` for each named
    (frame, column) pair: growth factors before and after, with robust p-values. A series with
    fewer than 3 points on a side gets missing values, its counts and the reason (``thin``)."""
    x = trends.date_to_year(break_date)
    rows, tests, thin = [], {}, {}
    for label, (df, col) in series.items():
        try:
            bt = trends.break_test(df["decimal_year"], df[col], x)
            tests[label] = bt
            rows.append([label, bt.n_before, bt.n_after, bt.factor_before, bt.factor_after, bt.p_slope_change, bt.p_joint])
        except NotEnoughData as exc:
            thin[label] = exc
            valid = df[df[col] > 0]
            after = int((valid["decimal_year"] >= x).sum())
            rows.append([label, len(valid) - after, after] + [np.nan] * 4)
    return Breaks(pd.DataFrame(rows, columns=BREAK_COLUMNS), tests, confidence, thin)


def sensitivity_table(models_all: pd.DataFrame, end_date: str, start_dates: list[str], top_ns: list[int],
                      confidence: float) -> pd.DataFrame:
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
                except NotEnoughData:
                    row.update({f"{key}_factor": np.nan, f"{key}_ci_low": np.nan, f"{key}_ci_high": np.nan, f"{key}_n": 0})
            rows.append(row)
    return pd.DataFrame(rows)


def sensitivity(models_all: pd.DataFrame, start_date: str, end_date: str, frontier_top_n: int,
                confidence: float) -> tuple[pd.DataFrame, dict]:
    """The sensitivity table for the chapter's window and N against 2015 and 2018 starts and
    N = 5 and 20, and the range of frontier cost growth across its rows."""
    starts = [s for s in dict.fromkeys([start_date, "2015-01-01", "2018-01-01"]) if s < end_date]
    sens = sensitivity_table(models_all, end_date, starts, list(dict.fromkeys([5, frontier_top_n, 20])), confidence)
    cost = sens["cost_frontier_factor"].dropna()
    return sens, {"sensitivity_cost_min": estimate(cost.min(), unit="factor per year", n=len(cost)),
                  "sensitivity_cost_max": estimate(cost.max(), unit="factor per year", n=len(cost)),
                  "sensitivity_rows": estimate(len(sens), unit="variants")}


def money(usd: float) -> str:
    """$ amount in words: 3.9e8 -> '$390 million', 1.2e9 -> '$1.2 billion'."""
    if not np.isfinite(usd):
        return "n/a"
    if usd >= 1e9:
        return f"${usd / 1e9:.1f} billion"
    if usd >= 1e6:
        return f"${usd / 1e6:.0f} million"
    return f"${usd:,.0f}"


def costliest_by_year(models: pd.DataFrame) -> pd.DataFrame:
    """The most expensive training run (2023 USD) published in each year."""
    c = models[models["cost_usd_2023"].notna()]
    top = c.sort_values("cost_usd_2023", ascending=False, kind="mergesort").groupby("year").head(1)
    return top.sort_values("year")[["year", "model", "organization", "cost_usd_2023"]].reset_index(drop=True)


def cost_records(models: pd.DataFrame, break_date: str) -> tuple[pd.DataFrame, dict]:
    """The costliest run of each year and the record runs around the break year: the latest
    year's record, the highest record before the break year and the highest from it on, and the
    article's scale shift: the years whose record was in the tens of millions ($10M-100M) before
    the first year with a record in the hundreds of millions (2023 USD)."""
    record = costliest_by_year(models)
    year = pd.Timestamp(break_date).year
    pre, post = record[record["year"] < year], record[record["year"] >= year]
    usd = lambda s, label: estimate(s.max() if len(s) else np.nan, unit="2023 USD", label=label)  # noqa: E731
    if record.empty:
        return record, {"cost_record_latest_usd": not_enough(0, 1, "a record run", unit="2023 USD")}
    c = record.set_index("year")["cost_usd_2023"]
    hundreds = c[c >= 1e8]
    first_hundreds = int(hundreds.index.min()) if len(hundreds) else None
    tens = c[(c >= 1e7) & (c < 1e8)]
    tens = tens[tens.index < first_hundreds] if first_hundreds is not None else tens
    scale = {
        "cost_tens_years": ", ".join(str(int(y)) for y in tens.index) or "none",
        "cost_tens_max_usd": estimate(float(tens.max()) if len(tens) else np.nan, unit="2023 USD",
                                      label="highest record in the tens of millions before the first in the hundreds"),
        "cost_hundreds_first_year": estimate(first_hundreds if first_hundreds is not None else np.nan, unit="year"),
        "cost_hundreds_first_usd": estimate(float(hundreds.iloc[0]) if len(hundreds) else np.nan, unit="2023 USD"),
    }
    return record, {
        **scale,
        "cost_record_latest_usd": estimate(record["cost_usd_2023"].iloc[-1], unit="2023 USD",
                                           label=f"costliest run of {int(record['year'].iloc[-1])}"),
        "cost_record_latest_year": estimate(record["year"].iloc[-1], unit="year"),
        "cost_record_pre_break_usd": usd(pre["cost_usd_2023"], f"record run before {year}"),
        "cost_record_post_break_usd": usd(post["cost_usd_2023"], f"record run from {year} on"),
    }


# ----------------------------------------------------------------- the chapter

def measures(p, *, data, robustness: bool = True, upstream=None):
    """The compute chapter (``p``: its Params, :mod:`middleclass.chapters`; ``data``: the
    sources cut at ``p.as_of``): growth of training compute and cost (factor per year) with a
    break test at ``break_date``, the record runs, the largest clusters, the organizations at the
    frontier and (``robustness``: checks no claim reads) the growth rates under other windows
    and frontier sizes. Parts for the charts: models, growth, breaks, records, clusters,
    frontier_orgs, sens."""
    from ..data import curated
    from .chapter import ChapterResult

    out = ChapterResult("compute", p)
    models_all = mark_frontier(data.notable_models(), p.frontier_top_n)
    models = in_window(models_all, p.start_date, p.end_date)
    out.keep(models_all=models_all, models=models)
    with out.section("the growth of compute and cost"):
        growth = growth_trends(models, p.confidence, p.cost_threshold_usd)
        breaks = growth_breaks(models, growth, p.break_date, p.confidence)
        out.record({**sample_sizes(models_all, models), **growth.measures(), **breaks.measures()})
        out.keep(growth=growth, breaks=breaks)
    with out.section("the record runs and clusters"):
        records, record_measures = cost_records(models, p.break_date)
        clusters = cluster_growth(data.gpu_clusters(), p.start_date, p.end_date, p.confidence)
        out.record({**record_measures, **clusters.measures()})
        out.keep(records=records, clusters=clusters)
    tiers = data.curated("organizations")
    with out.section("the organizations at the frontier"):
        frontier_orgs = frontier_organizations(models, p.orgs_start_year, p.end_date, p.break_date, p.confidence,
                                               curated.parent_groups(tiers), p.compute_threshold_flop)
        out.record(frontier_orgs.measures())
        out.keep(frontier_orgs=frontier_orgs)
    if robustness:
        with out.section("the sensitivity of the growth rates"):
            sens, sens_measures = sensitivity(models_all, p.start_date, p.end_date, p.frontier_top_n, p.confidence)
            out.record(sens_measures)
            out.keep(sens=sens)
    return out
