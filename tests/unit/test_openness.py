"""Chapter 2 helpers on synthetic data with known answers."""

import numpy as np
import pandas as pd
import pytest

from middleclass.analysis import openness, trends


def test_win_probability_on_the_elo_scale():
    assert openness.win_probability(0) == pytest.approx(0.5)
    assert openness.win_probability(400) == pytest.approx(1 / 11)
    assert openness.win_probability(-400) == pytest.approx(10 / 11)


def test_open_definitions():
    acc = pd.Series(["Open weights (unrestricted)", "Open weights (restricted use)", "API access", None, "Unreleased"])
    assert openness.open_from_accessibility(acc, True).tolist() == [True, True, False, pd.NA, False]
    assert openness.open_from_accessibility(acc, False).tolist() == [True, pd.NA, False, pd.NA, False]
    cls = pd.Series(["open_weights", "open_weights", "proprietary", "unknown"])
    lic = pd.Series(["Apache 2.0", "Llama 3.1 Community", "Proprietary", None])
    assert openness.open_from_licence(cls, lic, True).tolist() == [True, True, False, pd.NA]
    assert openness.open_from_licence(cls, lic, False).tolist() == [True, pd.NA, False, pd.NA]


def snapshots():
    """Three snapshots: gaps of 100, 60 and 20 points between the best of each kind."""
    rows = []
    for i, (date, prop, opn) in enumerate([("2024-01-01", 1300, 1200), ("2024-07-01", 1340, 1280), ("2025-01-01", 1380, 1360)]):
        for model, score, cls, lic in [(f"closed-{i}", prop, "proprietary", "Proprietary"), (f"weak-closed-{i}", prop - 200, "proprietary", "Proprietary"),
                                       (f"open-{i}", opn, "open_weights", "MIT"), (f"weak-open-{i}", opn - 50, "open_weights", "Llama 2 Community")]:
            rows.append({"snapshot_date": pd.Timestamp(date), "model": model, "model_key": model, "score": float(score),
                         "license_class": cls, "license": lic, "score_type": "bt_rating", "preferred": True,
                         "style_control": False, "table_coverage": "full_table", "source": "x"})
    return pd.DataFrame(rows)


def test_arena_gap_by_hand():
    chain = openness.arena_chain(snapshots(), False, "2023-01-01", "2025-12-31")
    gap = openness.arena_gap(chain, include_restricted=True)
    assert gap["gap_points"].tolist() == [100.0, 60.0, 20.0]
    assert gap["best_open_model"].tolist() == ["open-0", "open-1", "open-2"]
    assert gap["gap_pct"].iloc[0] == pytest.approx(100 / 13)
    assert gap["open_winrate"].iloc[-1] == pytest.approx(1 / (1 + 10 ** (20 / 400)))
    fit = trends.fit_linear(gap["decimal_year"], gap["gap_points"], cov_type="HC1")
    assert fit.slope == pytest.approx(-80, rel=0.01)  # 40 points per half year


def test_frontier_lag_by_hand():
    df = pd.DataFrame({
        "model": ["P1", "O1", "P2", "O2", "O3"],
        "release_date": pd.to_datetime(["2024-01-01", "2024-04-01", "2024-06-01", "2024-12-01", "2025-01-01"]),
        "score": [50.0, 45.0, 70.0, 60.0, 75.0],
        "open": pd.array([False, True, False, True, True], dtype="boolean"),
    })
    lag = openness.frontier_lag(df)
    # O1 (45) was matched by P1 on 2024-01-01: 91 days; O2 (60) by P2 on 2024-06-01: 183 days; O3 (75) is ahead
    assert lag["model"].tolist() == ["O1", "O2", "O3"]
    assert lag["lag_months"].round(2).tolist() == [round(91 / 30.4375, 2), round(183 / 30.4375, 2), 0.0]
    assert lag["open_ahead"].tolist() == [False, False, True]
    ratio = openness.frontier_ratio_by_year(df, [2024])
    assert ratio["ratio"].iloc[0] == pytest.approx(60 / 70)


def test_share_trend_recovers_odds_ratio():
    rng = np.random.default_rng(8)
    years = rng.uniform(2010, 2025, 4000)
    p = 1 / (1 + np.exp(-(0.2 * (years - 2017.5))))
    y = rng.uniform(size=years.size) < p
    fit = openness.share_trend(years, y.astype(float), confidence=0.95)
    assert fit.ci_low < np.exp(0.2) < fit.ci_high
    assert fit.share_last_low < 1 / (1 + np.exp(-0.2 * (int(years.max()) - 2017.5))) < fit.share_last_high


def test_cheapest_capable_price_by_hand():
    prices = pd.DataFrame({
        "model_key": ["openai/big", "cheap-host/small-open", "free-exp", "weak"],
        "name": ["big", "small-open", "free-exp", "weak"],
        "provider": ["openai", "host", "x", "y"],
        "blended_usd_per_mtok": [10.0, 1.0, 0.5, 0.01],
        "valid_from": pd.to_datetime(["2024-01-01", "2024-03-15", "2024-01-01", "2024-06-01"]),  # history covers to June
        "valid_until": pd.to_datetime([None, None, None, None]),
    })
    capability = pd.Series({"big": 1300.0, "small-open": 1260.0, "free-exp": 1400.0, "weak": 1000.0})
    out = openness.cheapest_capable_price(prices, capability, 1250, "2024-01-01", "2024-05-01")
    # 'weak' is below the threshold and 'free-exp' is experimental: big until small-open is listed
    assert out["model"].tolist() == ["big", "big", "big", "small-open", "small-open"]
    assert out["price"].tolist() == [10.0, 10.0, 10.0, 1.0, 1.0]


def test_benchmark_ratios_without_any_benchmark_is_thin_not_a_crash():
    """At an early as_of no hub benchmark has scores: the table is empty (its ``counted`` column
    of object dtype) and the measures say zero benchmarks instead of raising KeyError."""
    from middleclass.analysis.measures import not_enough
    from middleclass.analysis.openness import BenchmarkRatios

    table = pd.DataFrame([], columns=["benchmark", "n_open", "n_closed", "best_open", "best_closed", "frontier",
                                      "ratio", "saturated", "counted", "reason"])
    ratios = BenchmarkRatios(table, not_enough(0, 3, "the median ratio"), "", 0.95)
    m = ratios.measures()
    assert m["open_ratio_above_n"].value == 0 and m["open_ratio_benchmarks_n"].value == 0
    assert m["open_ratio_worst"] == ""
