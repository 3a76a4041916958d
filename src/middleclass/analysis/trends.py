"""Trend fits on time: log-linear growth, log10(y) = a + b * year, and linear trends,
y = a + b * year, with robust (HC1) or HAC (Newey-West) standard errors.

Units: ``x`` is in (decimal) years. For a log-linear fit the slope ``b`` is in log10 units per
year, so the growth factor per year is ``10**b`` (e.g. 4.1 means "x4.1 per year"); for a linear
fit it is in the data's units per year. Confidence intervals use the t distribution with
n - 2 degrees of freedom and the chosen covariance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import importlib

import numpy as np
import pandas as pd

from ..data.dates import date_to_year, day_label, decimal_year, month_label, year_to_date  # noqa: F401 (re-exported)
from .measures import LEVELS, Estimate, NotEnoughData, estimate, wald


class _OnFirstUse:
    """A module's names, each imported when first used: statsmodels and scipy.stats take about
    1.5 s to import, and reading stored fits back (the ledger, a no-op build) needs neither.
    ``where`` maps a name to the module that defines it, or that is it (otherwise ``name``)."""

    def __init__(self, name: str, where: dict[str, str] | None = None) -> None:
        self._name, self._where = name, where or {}

    def __getattr__(self, attr: str):
        where = self._where.get(attr, self._name)
        module = importlib.import_module(where)
        return module if where.endswith("." + attr) else getattr(module, attr)  # a submodule, or a name in it


#: the statsmodels names the library uses, from their own modules: ``statsmodels.api`` imports
#: every model (about 25 MB more in each kernel)
sm = _OnFirstUse("statsmodels.api", {"OLS": "statsmodels.regression.linear_model",
                                     "GLM": "statsmodels.genmod.generalized_linear_model",
                                     "families": "statsmodels.genmod.families", "add_constant": "statsmodels.tools.tools"})
stats = _OnFirstUse("scipy.stats")


@dataclass(frozen=True)
class GrowthFit:
    """A fitted trend. ``params`` are (intercept, slope) with x centred at ``x0``, on the log10
    scale when ``log`` is true (log-linear growth) and on the data's scale otherwise."""

    params: np.ndarray  # [intercept at x0 (log10 units), slope (log10 per year)]
    cov: np.ndarray  # robust covariance of params
    resid_var: float  # residual variance (log10 units squared)
    n: int
    confidence: float
    cov_type: str
    x0: float
    x_min: float
    x_max: float
    log: bool = True

    def _to_data(self, v):
        return 10 ** v if self.log else v

    def _to_scale(self, v):
        return math.log10(v) if self.log else v

    @property
    def df_resid(self) -> int:
        return self.n - 2

    @property
    def _t(self) -> float:
        return float(stats.t.ppf(0.5 + self.confidence / 2, self.df_resid))

    @property
    def slope(self) -> float:
        """log10 units per year (log-linear) or data units per year (linear)."""
        return float(self.params[1])

    @property
    def slope_ci(self) -> tuple[float, float]:
        """Confidence interval of the slope (same units as ``slope``)."""
        half = self._t * self.slope_se
        return self.slope - half, self.slope + half

    @property
    def slope_se(self) -> float:
        return float(math.sqrt(self.cov[1, 1]))

    @property
    def factor_per_year(self) -> float:
        """Growth factor per year (10**slope)."""
        return float(10 ** self.slope)

    @property
    def factor_ci(self) -> tuple[float, float]:
        """Confidence interval of the growth factor per year."""
        half = self._t * self.slope_se
        return float(10 ** (self.slope - half)), float(10 ** (self.slope + half))

    @property
    def doubling_time_months(self) -> float:
        """Months for the fitted value to double (negative for a decline)."""
        return float(12 * math.log10(2) / self.slope) if self.slope != 0 else math.inf

    @property
    def p_value(self) -> float:
        """Two-sided p-value of slope = 0."""
        tval = self.slope / self.slope_se
        return float(2 * stats.t.sf(abs(tval), self.df_resid))

    def slope_ci_at(self, level: float) -> tuple[float, float]:
        """Confidence interval of the slope at another level."""
        half = float(stats.t.ppf(0.5 + level / 2, self.df_resid)) * self.slope_se
        return self.slope - half, self.slope + half

    def factor(self, **kw) -> Estimate:
        """The growth factor per year as an Estimate (unit 'factor per year'), with intervals at
        the fit's level and at every level of :data:`measures.LEVELS`."""
        levels = {lv: tuple(10 ** b for b in self.slope_ci_at(lv)) for lv in LEVELS}
        return estimate(self.factor_per_year, self.factor_ci, levels=levels, n=self.n, confidence=self.confidence,
                        unit="factor per year", **kw)

    def slope_estimate(self, unit: str, **kw) -> Estimate:
        """The slope (data units per year, or log10 per year) as an Estimate."""
        levels = {lv: self.slope_ci_at(lv) for lv in LEVELS}
        return estimate(self.slope, self.slope_ci, levels=levels, n=self.n, confidence=self.confidence, unit=unit, **kw)

    def to_record(self) -> dict:
        """A JSON record of the fit, enough to predict and project from it later."""
        return {"kind": "fit", "params": [float(v) for v in self.params],
                "cov": [[float(v) for v in row] for row in self.cov], "resid_var": self.resid_var, "n": self.n,
                "confidence": self.confidence, "cov_type": self.cov_type, "x0": self.x0, "x_min": self.x_min,
                "x_max": self.x_max, "log": self.log}

    @classmethod
    def from_record(cls, rec: dict) -> "GrowthFit":
        return cls(params=np.asarray(rec["params"], dtype=float), cov=np.asarray(rec["cov"], dtype=float),
                   resid_var=float(rec["resid_var"]), n=int(rec["n"]), confidence=float(rec["confidence"]),
                   cov_type=rec["cov_type"], x0=float(rec["x0"]), x_min=float(rec["x_min"]), x_max=float(rec["x_max"]),
                   log=bool(rec["log"]))

    def predict(self, x, interval: str = "prediction") -> pd.DataFrame:
        """Fitted value and interval at years ``x``.

        ``interval='confidence'`` bounds the fitted mean; ``'prediction'`` bounds a new
        observation (adds the residual variance). Columns ``x, scale_fit, scale_low,
        scale_high`` (on the fitted scale: log10 or data) and ``fit, low, high`` (data units).
        """
        x = np.asarray(x, dtype=float)
        X = np.column_stack([np.ones_like(x), x - self.x0])
        fit = X @ self.params
        var = np.einsum("ij,jk,ik->i", X, self.cov, X)
        if interval == "prediction":
            var = var + self.resid_var
        elif interval != "confidence":
            raise ValueError("interval must be 'confidence' or 'prediction'")
        half = self._t * np.sqrt(var)
        out = pd.DataFrame({"x": x, "scale_fit": fit, "scale_low": fit - half, "scale_high": fit + half})
        for col in ("fit", "low", "high"):
            out[col] = self._to_data(out[f"scale_{col}"].to_numpy())
        return out

    def crossing(self, threshold: float, horizon_years: float = 50.0, step: float = 1 / 365,
                 interval: str = "prediction") -> tuple[float, float, float]:
        """Year when the trend reaches ``threshold`` (data units), with an interval.

        Returns (central, early, late): central from the fitted line; early when the bound on
        the side the trend moves toward first reaches the threshold, late when the other bound
        does. ``interval`` is 'prediction' (a single new observation) or 'confidence' (the
        fitted mean). A bound that never reaches it within ``horizon_years`` after the data is
        ``nan``.
        """
        target = self._to_scale(threshold)
        central = self.x0 + (target - self.params[0]) / self.slope if self.slope != 0 else math.nan
        grid = np.arange(self.x_min, self.x_max + horizon_years, step)
        pred = self.predict(grid, interval)
        sign = 1 if self.slope > 0 else -1

        def first(col):
            gap = sign * (pred[col].to_numpy() - target)
            hit = np.nonzero(gap >= 0)[0]
            if not hit.size:
                return math.nan
            i = hit[0]
            if i == 0:
                return float(grid[0])
            # linear interpolation between the last grid point below and the first at/above
            return float(grid[i - 1] + (grid[i] - grid[i - 1]) * (-gap[i - 1]) / (gap[i] - gap[i - 1]))

        early = first("scale_high" if sign > 0 else "scale_low")
        late = first("scale_low" if sign > 0 else "scale_high")
        return float(central), early, late


def _clean(x, y, positive: bool = True) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    ok = np.isfinite(x) & np.isfinite(y)
    if positive:
        ok &= y > 0
    return x[ok], y[ok]


def _cov_kwds(cov_type: str, hac_lags: int | None, n: int) -> dict:
    if cov_type == "HAC":
        lags = hac_lags if hac_lags is not None else int(math.floor(4 * (n / 100) ** (2 / 9)))
        return {"maxlags": max(lags, 1)}
    return {}


def mean_shift(y, after, confidence: float = 0.9, hac_lags: int | None = None, **kw) -> Estimate:
    """Difference of means, ``y`` where ``after`` is true minus where it is false (e.g. the last
    twelve monthly values against the twelve before), by OLS on an indicator with HAC errors
    (neighbouring months are correlated); Wald intervals at every level."""
    y, after = np.asarray(y, dtype=float), np.asarray(after, dtype=bool)
    ok = np.isfinite(y)
    y, after = y[ok], after[ok]
    if after.sum() < 2 or (~after).sum() < 2:
        raise NotEnoughData(int(min(after.sum(), (~after).sum())), 2, "a change of means (observations on each side)")
    X = sm.add_constant(after.astype(float))
    res = sm.OLS(y, X).fit(cov_type="HAC", cov_kwds=_cov_kwds("HAC", hac_lags, len(y)))
    return wald(float(res.params[1]), float(res.bse[1]), confidence, n=len(y), **kw)


def fit_loglinear(x, y, confidence: float = 0.9, cov_type: str = "HC1", hac_lags: int | None = None) -> GrowthFit:
    """Fit log10(y) on x (years) by OLS with robust standard errors.

    ``cov_type`` is ``'HC1'`` (heteroskedasticity-robust, for independent models) or ``'HAC'``
    (Newey-West, for series ordered in time; ``hac_lags`` defaults to 4(n/100)^(2/9)).
    Rows with missing or non-positive y are dropped. Needs at least 3 points.
    """
    return _fit(x, y, confidence, cov_type, hac_lags, log=True)


def fit_linear(x, y, confidence: float = 0.9, cov_type: str = "HAC", hac_lags: int | None = None) -> GrowthFit:
    """Fit y on x (years) by OLS; slope in y's units per year. HAC errors by default, for
    series observed repeatedly over time (e.g. leaderboard snapshots)."""
    return _fit(x, y, confidence, cov_type, hac_lags, log=False)


def _fit(x, y, confidence, cov_type, hac_lags, log) -> GrowthFit:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    x, y = _clean(x, y, positive=log)
    n = len(x)
    if n < 3:
        raise NotEnoughData(n, 3, f"a trend ({'positive ' if log else ''}observations)")
    order = np.argsort(x, kind="mergesort")
    x, y = x[order], y[order]
    x0 = float(np.round(x.mean(), 6))
    X = sm.add_constant(x - x0)
    res = sm.OLS(np.log10(y) if log else y, X).fit(cov_type=cov_type, cov_kwds=_cov_kwds(cov_type, hac_lags, n))
    return GrowthFit(
        params=np.asarray(res.params, dtype=float),
        cov=np.asarray(res.cov_params(), dtype=float),
        resid_var=float(res.mse_resid),
        n=n,
        confidence=confidence,
        cov_type=cov_type,
        x0=x0,
        x_min=float(x.min()),
        x_max=float(x.max()),
        log=log,
    )


@dataclass(frozen=True)
class BreakTest:
    """Change of a log-linear trend at ``break_x`` (Chow-type test with robust errors)."""

    break_x: float
    slope_before: float  # log10 per year
    slope_after: float
    p_slope_change: float  # H0: same slope before and after
    p_joint: float  # H0: same intercept and slope (Chow)
    n_before: int
    n_after: int
    se_before: float = math.nan  # standard errors of the two slopes
    se_after: float = math.nan
    log: bool = True
    se_change: float = math.nan  # standard error of slope_after - slope_before
    @property
    def factor_before(self) -> float:
        return float(10 ** self.slope_before)

    @property
    def factor_after(self) -> float:
        return float(10 ** self.slope_after)

    def rate(self, side: str, confidence: float, **kw) -> Estimate:
        """The growth factor per year (log fit) or slope (linear fit) before or after the break,
        with normal intervals at ``confidence`` and at every level."""
        slope, se, n = ((self.slope_before, self.se_before, self.n_before) if side == "before" else
                        (self.slope_after, self.se_after, self.n_after))
        unit = "factor per year" if self.log else kw.pop("unit", "units per year")
        return wald(slope, se, confidence, (lambda v: 10 ** v) if self.log else None, n=n, unit=unit,
                    window=f"{side} {year_to_date(self.break_x):%Y-%m-%d}", **kw)

    def change(self, confidence: float, **kw) -> Estimate:
        """The change of the slope at the break (after minus before, on the fitted scale)."""
        return wald(self.slope_after - self.slope_before, self.se_change, confidence, n=self.n_before + self.n_after,
                    window=f"break at {year_to_date(self.break_x):%Y-%m-%d}", **kw)


def break_test(x, y, break_x: float, cov_type: str = "HC1", hac_lags: int | None = None, log: bool = True) -> BreakTest:
    """Test for a change of level and slope of log10(y) (or of y when ``log`` is false) at
    ``break_x`` (years).

    Model: log10 y = a + b (x - c) + d * post + e * post * (x - c), post = x >= c.
    ``p_slope_change`` tests e = 0; ``p_joint`` tests d = e = 0 (robust Wald).
    Slopes are per year on the fitted scale. Needs at least 3 points on each side.
    """
    x, y = _clean(x, y, positive=log)
    post = (x >= break_x).astype(float)
    n_after = int(post.sum())
    n_before = len(x) - n_after
    if n_before < 3 or n_after < 3:
        raise NotEnoughData(min(n_before, n_after), 3, "a break test (points on each side)")
    xc = x - break_x
    X = np.column_stack([np.ones_like(x), xc, post, post * xc])
    res = sm.OLS(np.log10(y) if log else y, X).fit(cov_type=cov_type, cov_kwds=_cov_kwds(cov_type, hac_lags, len(x)))
    params = np.asarray(res.params)
    p_slope = float(res.pvalues[3])
    R = np.array([[0, 0, 1, 0], [0, 0, 0, 1]], dtype=float)
    wald_test = res.wald_test(R, scalar=True, use_f=True)
    cov = np.asarray(res.cov_params())
    return BreakTest(
        break_x=float(break_x),
        slope_before=float(params[1]),
        slope_after=float(params[1] + params[3]),
        p_slope_change=p_slope,
        p_joint=float(wald_test.pvalue),
        n_before=n_before,
        n_after=n_after,
        se_before=float(math.sqrt(max(cov[1, 1], 0.0))),  # a perfect fit can round to a tiny negative
        se_after=float(math.sqrt(max(cov[1, 1] + cov[3, 3] + 2 * cov[1, 3], 0.0))),
        log=log,
        se_change=float(math.sqrt(max(cov[3, 3], 0.0))),
    )








@dataclass(frozen=True)
class CountTrend:
    """Poisson regression of yearly counts on year: rate ratio per year with a robust CI."""

    rate_ratio: float  # factor per year
    ci_low: float
    ci_high: float
    p_value: float
    n: int  # years
    confidence: float = 0.9
    se: float = math.nan  # standard error of log(rate ratio)

    def estimate(self, **kw) -> Estimate:
        """The rate ratio as an Estimate (unit 'rate ratio per year'), with Wald intervals on the
        log scale at every level."""
        return wald(math.log(self.rate_ratio), self.se, self.confidence, math.exp, n=self.n,
                    unit=kw.pop("unit", "rate ratio per year"), **kw)


def count_trend(years, counts, confidence: float = 0.9) -> CountTrend:
    """Fit log E[count] = a + b * year (Poisson GLM, HC1 errors); rate ratio = exp(b)."""
    years = np.asarray(years, dtype=float)
    counts = np.asarray(counts, dtype=float)
    ok = np.isfinite(years) & np.isfinite(counts)
    years, counts = years[ok], counts[ok]
    if len(years) < 3:
        raise NotEnoughData(len(years), 3, "a count trend (years)")
    X = sm.add_constant(years - years.mean())
    res = sm.GLM(counts, X, family=sm.families.Poisson()).fit(cov_type="HC1")
    b, se = float(res.params[1]), float(res.bse[1])
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    return CountTrend(
        rate_ratio=math.exp(b), ci_low=math.exp(b - z * se), ci_high=math.exp(b + z * se),
        p_value=float(res.pvalues[1]), n=int(len(years)), confidence=confidence, se=se,
    )


def share_count_trend(years, counts, totals, confidence: float = 0.9) -> CountTrend:
    """Trend of a count relative to a total (e.g. AI layoff events among all layoff events):
    Poisson GLM log E[count] = log(total) + a + b * year, HC1 errors; the rate ratio exp(b) is
    the factor per year of the count's share of the total."""
    years, counts, totals = (np.asarray(v, dtype=float) for v in (years, counts, totals))
    ok = np.isfinite(years) & np.isfinite(counts) & np.isfinite(totals) & (totals > 0)
    years, counts, totals = years[ok], counts[ok], totals[ok]
    if len(years) < 3 or counts.sum() == 0:
        raise NotEnoughData(len(years) if counts.sum() else 0, 3, "a share trend of counts (years with events)")
    X = sm.add_constant(years - years.mean())
    res = sm.GLM(counts, X, family=sm.families.Poisson(), offset=np.log(totals)).fit(cov_type="HC1")
    b, se = float(res.params[1]), float(res.bse[1])
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    return CountTrend(rate_ratio=math.exp(b), ci_low=math.exp(b - z * se), ci_high=math.exp(b + z * se),
                      p_value=float(res.pvalues[1]), n=int(len(years)), confidence=confidence, se=se)


def relative_count_trend(years, counts, reference, confidence: float = 0.9) -> CountTrend:
    """Trend of one group's yearly counts against a reference group's (e.g. layoff events at
    mid-band AI companies against other tech companies): Poisson GLM on the stacked counts,
    log E[count] = a + a_g * group + (b + d * group) * year, HC1 errors; the rate ratio exp(d)
    is how much faster (factor per year) the group's count grows than the reference's."""
    years, counts, reference = (np.asarray(v, dtype=float) for v in (years, counts, reference))
    ok = np.isfinite(years) & np.isfinite(counts) & np.isfinite(reference)
    years, counts, reference = years[ok], counts[ok], reference[ok]
    if len(years) < 3 or counts.sum() == 0 or reference.sum() == 0:
        raise NotEnoughData(len(years) if counts.sum() and reference.sum() else 0, 3,
                            "a relative count trend (years with events in both groups)")
    t = np.concatenate([years, years]) - years.mean()
    g = np.concatenate([np.ones_like(years), np.zeros_like(years)])
    X = np.column_stack([np.ones_like(t), g, t, g * t])
    res = sm.GLM(np.concatenate([counts, reference]), X, family=sm.families.Poisson()).fit(cov_type="HC1")
    d, se = float(res.params[3]), float(res.bse[3])
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    return CountTrend(rate_ratio=math.exp(d), ci_low=math.exp(d - z * se), ci_high=math.exp(d + z * se),
                      p_value=float(res.pvalues[3]), n=int(len(years)), confidence=confidence, se=se)


def poisson_rate_ratio(count_before: float, count_after: float, confidence: float = 0.9,
                       periods_before: int = 1) -> CountTrend:
    """Ratio of two Poisson rates (after / before per period, e.g. events in consecutive years,
    or one year against the ``periods_before`` years before it, ``count_before`` being their
    total) with the Wald interval on the log scale, se = sqrt(1/before + 1/after)."""
    if count_before <= 0 or count_after <= 0:
        raise ValueError("both counts must be positive")
    b = math.log(count_after / (count_before / periods_before))
    se = math.sqrt(1 / count_before + 1 / count_after)
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    return CountTrend(rate_ratio=math.exp(b), ci_low=math.exp(b - z * se), ci_high=math.exp(b + z * se),
                      p_value=float(2 * stats.norm.sf(abs(b) / se)), n=2, confidence=confidence, se=se)


def project(fit: GrowthFit, years, override_factor: float | None = None, override_from: float | None = None,
            interval: str = "prediction") -> pd.DataFrame:
    """Projection of a log-linear fit at ``years`` with its interval, optionally with a scenario:
    from ``override_from`` on, growth continues at ``override_factor`` per year instead of the
    fitted factor (the interval keeps the fitted half-width on the log scale, i.e. the same
    relative uncertainty). Columns: x, fit, low, high (data units), scenario (bool).
    """
    years = np.asarray(years, dtype=float)
    base = fit.predict(years, interval)
    if override_factor is None or override_from is None:
        return base[["x", "fit", "low", "high"]].assign(scenario=False)
    if not fit.log:
        raise ValueError("a growth-factor scenario needs a log-linear fit")
    anchor = fit.predict([override_from], "confidence")["scale_fit"].iloc[0]
    after = years >= override_from
    centre = np.where(after, anchor + math.log10(override_factor) * (years - override_from), base["scale_fit"])
    half = (base["scale_high"] - base["scale_low"]) / 2
    return pd.DataFrame({"x": years, "fit": 10 ** centre, "low": 10 ** (centre - half), "high": 10 ** (centre + half),
                         "scenario": after})
