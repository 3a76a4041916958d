"""Chapter 5 (outlook): projections of the earlier chapters' stored fits with prediction
intervals, a cost scenario, and the capability side of the article's "window of opportunity".

Units: training cost in 2023 USD; the Arena gap in percent of the proprietary score; prices in
USD per million tokens; capability in Epoch Capabilities Index points.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from . import trends
from .measures import NotEnoughData, estimate, not_enough


def at_horizon(fit: trends.GrowthFit, horizon_year: int, override_factor: float | None = None,
               override_from: float | None = None) -> pd.Series:
    """The projection of a log-linear fit at mid-``horizon_year`` (fit, low, high: prediction
    interval), optionally under a growth-factor scenario from ``override_from``."""
    return trends.project(fit, [horizon_year + 0.5], override_factor, override_from).iloc[0]


@dataclass(frozen=True)
class CostProjection:
    """Frontier training cost projected to the horizon, under the fitted growth or a scenario."""

    fit: trends.GrowthFit
    horizon_year: int
    override: float | None
    override_from: int
    path: pd.DataFrame  # x, fit, low, high, scenario (yearly to the horizon)

    def measures(self) -> dict:
        at = self.path.iloc[-1]
        fitted = at_horizon(self.fit, self.horizon_year)
        label = f"frontier training run of mid-{self.horizon_year}" + (
            f" (scenario x{self.override:g}/yr from {self.override_from})" if self.override else "")
        usd = estimate(at["fit"], (at["low"], at["high"]), n=self.fit.n, confidence=self.fit.confidence,
                       unit="2023 USD (prediction interval)", label=label)
        return {
            "frontier_cost_2030": usd,
            "frontier_cost_horizon_billion": usd.scaled(1e-9, "billion 2023 USD (prediction interval)"),
            "frontier_cost_2030_fitted_median": estimate(fitted["fit"], unit="2023 USD",
                                                         label=f"fitted trend at mid-{self.horizon_year}"),
        }


def require_fit(fit, what: str) -> trends.GrowthFit:
    """``fit`` when it is a fitted trend; else (a chapter upstream had too little data to fit it)
    :class:`NotEnoughData` naming ``what``."""
    if not isinstance(fit, trends.GrowthFit):
        raise NotEnoughData(0, 3, what)
    return fit


def cost_projection(fit: trends.GrowthFit, horizon_year: int, override: float | None, override_from: int) -> CostProjection:
    """Yearly projection from 2024 to mid-``horizon_year``; with ``override`` growth continues at
    that factor per year from ``override_from`` (interval of the same relative width)."""
    fit = require_fit(fit, "the compute chapter's fit of frontier training cost")
    years = np.append(np.arange(2024, horizon_year + 1, dtype=float) + 0.5, horizon_year + 0.5)
    path = trends.project(fit, years, override, float(override_from) if override else None)
    return CostProjection(fit, horizon_year, override, override_from, path)


def gap_projection(fit: trends.GrowthFit, horizon_year: int) -> dict:
    """The Arena gap (percent) at mid-``horizon_year`` (prediction interval) and the year its
    trend line reaches zero (confidence interval of the line)."""
    fit = require_fit(fit, "the open-models chapter's fit of the Arena gap")
    at = fit.predict([horizon_year + 0.5], "prediction").iloc[0]
    zero = fit.crossing(0.0, interval="confidence")
    return {
        "gap_pct_horizon": estimate(at["fit"], (at["low"], at["high"]), n=fit.n, confidence=fit.confidence,
                                    unit="percent (prediction interval)", label=f"Arena gap in mid-{horizon_year}"),
        "gap_zero_year": estimate(zero[0], zero[1:], n=fit.n, confidence=fit.confidence, unit="decimal year",
                                  label="year the gap's trend line reaches zero"),
    }


def price_projection(fit: trends.GrowthFit, horizon_year: int) -> dict:
    """The cheapest capable price at mid-``horizon_year`` (prediction interval), per million and
    per billion tokens."""
    fit = require_fit(fit, "the open-models chapter's fit of the price of capability")
    at = at_horizon(fit, horizon_year)
    per_m = estimate(at["fit"], (at["low"], at["high"]), n=fit.n, confidence=fit.confidence,
                     unit="USD per million tokens (prediction interval)", label=f"cheapest capable price in mid-{horizon_year}")
    return {"price_horizon": per_m, "price_horizon_per_billion": per_m.scaled(1000, "USD per billion tokens")}


def capability_frontier(eci: pd.DataFrame, end_date: str, start: str = "2023-01-01") -> pd.DataFrame:
    """The best Epoch Capabilities Index score of any model released so far, on the first day of
    each month from ``start`` to the last release before ``end_date``. Columns: date, eci,
    decimal_year."""
    eci = eci[eci["release_date"] <= pd.Timestamp(end_date)].sort_values("release_date")
    if eci.empty:
        return pd.DataFrame(columns=["date", "eci", "decimal_year"])
    months = pd.date_range(start, min(pd.Timestamp(end_date), eci["release_date"].max()), freq="MS")
    out = pd.DataFrame({"date": months, "eci": [eci.loc[eci["release_date"] <= m, "score"].max() for m in months]})
    out["decimal_year"] = trends.decimal_year(out["date"])
    return out


@dataclass(frozen=True)
class CapabilitySlowdown:
    """A change of the linear trend of the capability frontier at a break date (HAC errors), and
    the same test at every quarter start of a grid of break dates (the series is a step
    function, so one break date can decide the answer)."""

    series: pd.DataFrame
    test: trends.BreakTest | None
    break_date: str
    confidence: float
    note: str = ""
    grid: pd.DataFrame | None = None  # break_date, slope_before, slope_after, change, low, high

    def year_on_year(self) -> dict:
        """Points the frontier gained over the last 12 months and over the 12 before (descriptive:
        a step function with few jumps has no useful standard error)."""
        s = self.series
        if len(s) < 25:
            return {}
        last, mid, first = s.iloc[-1], s.iloc[-13], s.iloc[-25]
        return {
            "eci_gain_last12": estimate(float(last["eci"] - mid["eci"]), unit="ECI points",
                                        window=f"{mid['date']:%Y-%m} to {last['date']:%Y-%m}"),
            "eci_gain_prev12": estimate(float(mid["eci"] - first["eci"]), unit="ECI points",
                                        window=f"{first['date']:%Y-%m} to {mid['date']:%Y-%m}"),
        }

    def recent_trend(self, months: int = 24) -> dict:
        """The capability frontier's linear trend over the last ``months`` months (ECI points a
        year, HAC errors): whether capabilities keep breaking through."""
        s = self.series.iloc[-months:]
        try:
            fit = trends.fit_linear(s["decimal_year"], s["eci"], self.confidence, cov_type="HAC")
        except NotEnoughData as exc:
            return {"eci_frontier_trend": not_enough(exc, unit="ECI points per year")}
        window = f"{s['date'].iloc[0]:%Y-%m} to {s['date'].iloc[-1]:%Y-%m}"
        return {"eci_frontier_trend": fit.slope_estimate("ECI points per year", window=window,
                                                         label="trend of the capability frontier (HAC)")}

    def grid_measures(self) -> dict:
        g = self.grid
        if g is None or g.empty:
            return {"eci_grid_n": estimate(0, unit="break dates"), **self.year_on_year(), **self.recent_trend()}
        return {
            **self.year_on_year(), **self.recent_trend(),
            "eci_grid_n": estimate(len(g), unit="break dates"),
            "eci_grid_slower_n": estimate(int((g["high"] < 0).sum()), unit="break dates",
                                          label="break dates after which gains are significantly slower"),
            "eci_grid_faster_n": estimate(int((g["low"] > 0).sum()), unit="break dates",
                                          label="break dates after which gains are significantly faster"),
            "eci_grid_window": f"{g['break_date'].iloc[0]:%B %Y} to {g['break_date'].iloc[-1]:%B %Y}",
            "eci_grid_change_min": estimate(float(g["change"].min()), unit="ECI points per year"),
            "eci_grid_change_max": estimate(float(g["change"].max()), unit="ECI points per year"),
        }

    @property
    def slowing(self) -> bool:
        """Gains after the break are smaller and the change is significant at the chapter's level."""
        t = self.test
        return bool(t and t.slope_after < t.slope_before and t.p_slope_change < 1 - self.confidence)

    def measures(self) -> dict:
        t = self.test
        if t is None:
            thin = not_enough(len(self.series), 6, "a break test", unit="ECI points per year")
            return {"eci_slope_change": replace(thin, note=self.note) if self.note else thin,
                    "eci_months_n": estimate(len(self.series), unit="months"), **self.grid_measures()}
        return {
            **self.grid_measures(),
            "eci_slope_before": estimate(t.slope_before, n=t.n_before, unit="ECI points per year"),
            "eci_slope_after": estimate(t.slope_after, n=t.n_after, unit="ECI points per year"),
            "eci_slope_p": estimate(t.p_slope_change, unit="p-value", label="change of the capability trend"),
            "eci_slope_change": t.change(self.confidence, unit="ECI points per year",
                                         label="change of frontier capability gains after the break (HAC)"),
            "eci_months_n": estimate(int(t.n_before + t.n_after), unit="months"),
            "capability_slowing": self.slowing,
        }


def capability_slowdown(series: pd.DataFrame, break_date: str, confidence: float,
                        min_side_months: int = 9) -> CapabilitySlowdown:
    """Break test of the monthly capability frontier at ``break_date``: slopes before and after
    (ECI points per year) and the p-value of the change; and the same test at every quarter
    start that leaves at least ``min_side_months`` months on each side (the grid)."""
    def test_at(when):
        return trends.break_test(series["decimal_year"], series["eci"], trends.date_to_year(when),
                                 cov_type="HAC", log=False)

    rows = []
    if len(series) >= 2 * min_side_months:
        first = series["date"].iloc[min_side_months]
        last = series["date"].iloc[-min_side_months]
        for when in pd.date_range(first, last, freq="QS"):
            try:
                t = test_at(when)
            except NotEnoughData:
                continue
            c = t.change(confidence)
            rows.append({"break_date": when, "slope_before": t.slope_before, "slope_after": t.slope_after,
                         "change": c.value, "low": c.ci_low, "high": c.ci_high})
    grid = pd.DataFrame(rows, columns=["break_date", "slope_before", "slope_after", "change", "low", "high"])
    try:
        return CapabilitySlowdown(series, test_at(break_date), break_date, confidence, grid=grid)
    except NotEnoughData as exc:
        return CapabilitySlowdown(series, None, break_date, confidence, exc.note, grid=grid)


# ----------------------------------------------------------------- the chapter

def measures(p, *, data, robustness: bool = True, upstream=None):
    """The outlook chapter (``p``: its Params, :mod:`middleclass.chapters`; ``data``: the
    sources cut at ``p.as_of``; ``upstream``: the measures of the compute, open-models, capital
    and innovation chapters): frontier training cost projected to mid-``horizon_year`` (2023
    USD, prediction interval; with ``cost_growth_override`` a scenario), the Arena gap and the
    price of capability projected there, and the capability frontier with its slowdown test.
    Parts for the charts: upstream, cost, slowdown."""
    from .chapter import ChapterResult

    out = ChapterResult("outlook", p)
    upstream = upstream or {}
    compute, open_models = upstream.get("compute", {}), upstream.get("open-models", {})
    out.keep(upstream=upstream)
    override = float(p.cost_growth_override) if str(p.cost_growth_override).strip() else None
    with out.section("the cost projection"):
        cost = cost_projection(compute["frontier_cost_fit"], p.horizon_year, override, p.override_from_year)
        out.record(cost.measures())
        out.keep(cost=cost, override=override)
    with out.section("the gap projection"):
        out.record(gap_projection(open_models["arena_gap_pct_fit"], p.horizon_year))
    with out.section("the price projection"):
        out.record(price_projection(open_models["price_fit"], p.horizon_year))
    eci = data.eci()
    with out.section("the capability frontier"):
        slowdown = capability_slowdown(capability_frontier(eci, p.end_date), p.window_break_date, p.confidence)
        out.record(slowdown.measures())
        out.keep(slowdown=slowdown)
    return out
