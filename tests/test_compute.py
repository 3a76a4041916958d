"""Chapter 1 verdict rule and sensitivity table on synthetic inputs with known answers."""

import numpy as np
import pandas as pd

from middleclass import compute, trends


def cost_records(values):
    return pd.DataFrame({"year": list(range(2021, 2021 + len(values))), "model": [f"M{i}" for i in range(len(values))],
                         "organization": ["Org"] * len(values), "cost_usd_2023": values})


def growing_fit(factor=3.0):
    x = np.arange(2015, 2025, 0.25)
    return trends.fit_loglinear(x, 1e6 * factor ** (x - 2015) * (1 + 0.05 * np.sin(7 * x)))


def flat_fit():
    x = np.arange(2015, 2025, 0.25)
    return trends.fit_loglinear(x, 1e6 * (1 + 0.5 * np.sin(7 * x)))


def count(rr, lo, hi):
    return trends.CountTrend(rate_ratio=rr, ci_low=lo, ci_high=hi, p_value=0.5, n=10)


def test_verdict_rule():
    tens_to_hundreds = cost_records([4e6, 5e6, 3.7e7, 5.3e7, 3.88e8])
    label, text = compute.verdict(tens_to_hundreds, growing_fit(), 7.0, count(0.97, 0.9, 1.02), 2022.9)
    assert label == "supported"
    assert "2025: \\$388 million (M4)" in text and "showed no clear trend" in text
    label, _ = compute.verdict(tens_to_hundreds, growing_fit(), 7.0, count(1.05, 1.01, 1.09), 2022.9)
    assert label == "partly supported"
    label, _ = compute.verdict(cost_records([4e6, 5e6, 3.7e7, 5.3e7, 9e7]), growing_fit(), 7.0, count(0.9, 0.8, 0.99), 2022.9)
    assert label == "partly supported"  # costs rise but never reached $100 million
    label, _ = compute.verdict(tens_to_hundreds, flat_fit(), 7.0, count(0.9, 0.8, 0.99), 2022.9)
    assert label == "contradicted"


def test_sensitivity_table_shape_and_known_growth():
    rng = np.random.default_rng(0)
    dates = pd.to_datetime("2012-01-01") + pd.to_timedelta(np.sort(rng.uniform(0, 12 * 365, 300)), unit="D")
    x = trends.decimal_year(pd.Series(dates))
    models = pd.DataFrame({
        "model": [f"m{i}" for i in range(300)], "publication_date": dates, "decimal_year": x,
        "compute_flop": 10 ** (20 + 0.6 * (x - 2012) + rng.normal(0, 0.3, 300)),
        "cost_usd_2023": 10 ** (4 + 0.5 * (x - 2012) + rng.normal(0, 0.2, 300)),
    })
    sens = compute.sensitivity_table(models, "2024-12-31", ["2012-01-01", "2016-01-01"], [5, 10], 0.9)
    assert len(sens) == 4 and set(sens["frontier_top_n"]) == {5, 10}
    assert np.allclose(sens["compute_all_factor"], 10 ** 0.6, rtol=0.1)
    assert (sens["compute_all_ci_low"] < sens["compute_all_factor"]).all()
    assert (sens.loc[sens["start_date"] == "2016-01-01", "compute_all_n"] < 300).all()
