"""Regression helpers on synthetic data with known answers."""

import math

import numpy as np
import pytest

from middleclass.analysis import trends


def synthetic(n=400, slope=0.5, sigma=0.3, seed=1, start=2010.0, years=12.0):
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(start, start + years, n))
    y = 10 ** (2.0 + slope * (x - start) + rng.normal(0, sigma, n))
    return x, y


def test_loglinear_recovers_known_growth_factor():
    x, y = synthetic(slope=0.5)
    fit = trends.fit_loglinear(x, y, confidence=0.99)
    true_factor = 10 ** 0.5  # 3.162 per year
    lo, hi = fit.factor_ci
    assert fit.n == 400
    assert lo < true_factor < hi
    assert fit.factor_per_year == pytest.approx(true_factor, rel=0.05)
    assert fit.doubling_time_months == pytest.approx(12 * math.log10(2) / 0.5, rel=0.05)
    assert fit.p_value < 1e-10


def test_noiseless_fit_is_exact_and_crossing_is_exact():
    x = np.arange(2010, 2021, dtype=float)
    y = 1e6 * 2.0 ** (x - 2010)  # doubles every year: 1e6 in 2010
    fit = trends.fit_loglinear(x, y * (1 + 1e-9 * np.sin(x)), confidence=0.95)
    assert fit.factor_per_year == pytest.approx(2.0, rel=1e-6)
    central, early, late = fit.crossing(1e9)
    assert central == pytest.approx(2010 + math.log2(1000), abs=1e-3)  # 2019.97
    assert early <= central <= late


def test_prediction_interval_wider_than_confidence_and_covers():
    x, y = synthetic(n=300, slope=0.3, sigma=0.4, seed=7)
    fit = trends.fit_loglinear(x, y, confidence=0.9)
    conf = fit.predict([2025.0], "confidence").iloc[0]
    pred = fit.predict([2025.0], "prediction").iloc[0]
    assert pred["low"] < conf["low"] < conf["fit"] < conf["high"] < pred["high"]
    inside = 0
    band = fit.predict(x, "prediction")
    inside = np.mean((np.log10(y) >= band["scale_low"]) & (np.log10(y) <= band["scale_high"]))
    assert 0.86 < inside < 0.94  # about 90% of points inside a 90% prediction band


def test_hac_errors_run_and_widen_with_autocorrelation():
    rng = np.random.default_rng(3)
    x = np.arange(2015, 2025, 1 / 12)
    e = np.zeros_like(x)
    for i in range(1, len(x)):
        e[i] = 0.9 * e[i - 1] + rng.normal(0, 0.05)
    y = 10 ** (1 + 0.2 * (x - 2015) + e)
    hc = trends.fit_loglinear(x, y, cov_type="HC1")
    hac = trends.fit_loglinear(x, y, cov_type="HAC")
    assert hac.slope == pytest.approx(hc.slope)
    assert hac.slope_se > 1.5 * hc.slope_se


def test_break_test_detects_a_slope_change_and_not_a_false_one():
    rng = np.random.default_rng(11)
    x = np.sort(rng.uniform(2010, 2024, 400))
    slope = np.where(x < 2018, 0.2, 0.6)
    logy = np.where(x < 2018, 0.2 * (x - 2018), 0.6 * (x - 2018)) + rng.normal(0, 0.2, x.size)
    bt = trends.break_test(x, 10 ** logy, 2018.0)
    assert bt.p_slope_change < 0.001
    assert bt.slope_before == pytest.approx(0.2, abs=0.05)
    assert bt.slope_after == pytest.approx(0.6, abs=0.05)
    x2, y2 = synthetic(slope=0.4, seed=5)
    bt2 = trends.break_test(x2, y2, 2016.0)
    assert bt2.p_joint > 0.01
    assert slope.size == 400


def test_count_trend_recovers_rate_ratio():
    rng = np.random.default_rng(2)
    years = np.arange(2000, 2025)
    counts = rng.poisson(5 * 1.1 ** (years - 2000))
    ct = trends.count_trend(years, counts, confidence=0.9)
    assert ct.ci_low < 1.1 < ct.ci_high
    assert ct.rate_ratio == pytest.approx(1.1, abs=0.03)


def test_fit_needs_three_positive_points_and_valid_confidence():
    with pytest.raises(ValueError, match="at least 3"):
        trends.fit_loglinear([2020, 2021, 2022], [1.0, 0.0, np.nan])
    with pytest.raises(ValueError, match="confidence"):
        trends.fit_loglinear([2020, 2021, 2022], [1, 2, 3], confidence=1.5)


def test_decimal_year_and_month_label():
    import pandas as pd

    s = pd.Series(pd.to_datetime(["2020-01-01", "2021-07-02"]))
    assert list(trends.decimal_year(s).round(3)) == [2020.0, round(2021 + 182 / 365, 3)]
    assert trends.month_label(2028.0) == "Jan\u00a02028"  # a no-break space: dates never break
    assert trends.month_label(float("nan")) == "beyond the projection horizon"


def test_linear_trend_with_hac_and_crossing_of_a_falling_series():
    rng = np.random.default_rng(4)
    x = np.arange(2023.0, 2026.0, 1 / 52)  # weekly snapshots
    e = np.zeros_like(x)
    for i in range(1, len(x)):
        e[i] = 0.8 * e[i - 1] + rng.normal(0, 2)
    y = 100 - 20 * (x - 2023) + e  # falls 20 points a year, crosses 30 at 2026.5
    fit = trends.fit_linear(x, y, confidence=0.95)
    lo, hi = fit.slope_ci
    assert lo < fit.slope < hi and fit.slope == pytest.approx(-20, abs=1.5)
    assert not fit.log and fit.cov_type == "HAC"
    central, early, late = fit.crossing(30.0, interval="confidence")
    assert central == pytest.approx(2026.5, abs=0.15)
    assert early < central < late
    assert fit.predict([2024.0], "confidence")["fit"].iloc[0] == pytest.approx(80, abs=3)


def test_poisson_rate_ratio_known_answer():
    r = trends.poisson_rate_ratio(100, 121, confidence=0.95)
    assert r.rate_ratio == pytest.approx(1.21)
    se = (1 / 100 + 1 / 121) ** 0.5
    assert r.ci_low == pytest.approx(1.21 * np.exp(-1.959964 * se), rel=1e-5)
    assert r.ci_high == pytest.approx(1.21 * np.exp(1.959964 * se), rel=1e-5)
    with pytest.raises(ValueError):
        trends.poisson_rate_ratio(0, 5)


def test_projection_interval_and_scenario():
    x = np.arange(2015, 2025, 0.1)
    rng = np.random.default_rng(1)
    y = 1e6 * 3.0 ** (x - 2015) * 10 ** rng.normal(0, 0.2, x.size)
    fit = trends.fit_loglinear(x, y, confidence=0.9)
    proj = trends.project(fit, [2030.5])
    row = proj.iloc[0]
    assert row["low"] < row["fit"] < row["high"]
    assert row["fit"] == pytest.approx(1e6 * 3.0 ** 15.5, rel=0.35)
    # PI on the log scale is about +-1.645 residual sd (0.2) plus parameter uncertainty
    half = math.log10(row["high"] / row["fit"])
    assert 0.25 < half < 0.45
    scen = trends.project(fit, [2026.5, 2030.5], override_factor=1.5, override_from=2026.0).set_index("x")
    anchor = fit.predict([2026.0], "confidence")["fit"].iloc[0]
    assert scen.loc[2030.5, "fit"] == pytest.approx(anchor * 1.5 ** 4.5, rel=1e-9)
    assert scen.loc[2030.5, "high"] / scen.loc[2030.5, "fit"] == pytest.approx(row["high"] / row["fit"], rel=1e-9)
    assert bool(scen.loc[2030.5, "scenario"])


def test_statsmodels_names_load_in_any_order():
    """trends.sm imports each statsmodels name from its own module, families first included."""
    import subprocess
    import sys

    code = ("from middleclass.analysis.trends import sm\n"
            "assert sm.families.Poisson and sm.add_constant and sm.OLS and sm.GLM\n"
            "import sys; assert 'statsmodels.api' not in sys.modules\n")
    subprocess.run([sys.executable, "-c", code], check=True)
