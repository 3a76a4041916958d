"""Typed measures and the section functions moved out of the notebooks, on synthetic data with
known answers."""

import json
import math

import numpy as np
import pandas as pd
import pytest

from middleclass.analysis import capital, compute, innovation, openness, outlook, trends
from middleclass.analysis.measures import NotEnoughData, estimate, not_enough
from middleclass.analysis.records import from_record, to_record


def test_estimate_interval_logic_and_text():
    e = estimate(3.1, (2.8, 3.4), n=77, confidence=0.9, unit="factor per year")
    assert e.ok and e.above(1) and e.below(4) and not e.below(3) and e.within(2.5, 3.5) and not e.within(2.9, 3.5)
    assert e.text(".1f", "×") == "×3.1 (×2.8 to ×3.4)"
    assert estimate(np.int64(467)).value == 467 and isinstance(estimate(np.int64(467)).value, int)
    thin = not_enough(2, 3, "a trend")
    assert not thin.ok and not thin.above(0) and thin.text() == "not enough data (n = 2; a trend needs at least 3)"
    assert not_enough(NotEnoughData(1, 10, "a share trend")).n == 1
    assert e.scaled(100, "points").text(".0f") == "310 (280 to 340)"


def test_records_round_trip_through_json():
    x = np.arange(2015, 2025, 0.25)
    fit = trends.fit_loglinear(x, 1e6 * 3.0 ** (x - 2015) * (1 + 0.1 * np.sin(5 * x)))
    table = pd.DataFrame({"model": ["a", "b"], "publication_date": pd.to_datetime(["2024-01-02", "2025-03-04"]),
                          "cost_usd_2023": [1.5e7, 3e8]})
    values = {"e": estimate(0.5, (0.25, 0.75), n=10), "thin": not_enough(1, 3), "fit": fit, "t": table,
              "flag": np.bool_(True), "text": "bundled", "n": np.int64(3)}
    back = {k: from_record(json.loads(json.dumps(to_record(v)))) for k, v in values.items()}
    assert back["e"] == values["e"] and not back["thin"].ok and back["thin"].note == values["thin"].note
    assert back["fit"].predict([2030.5]).equals(fit.predict([2030.5]))
    assert back["t"]["model"].tolist() == ["a", "b"] and back["t"]["cost_usd_2023"].tolist() == [1.5e7, 3e8]
    assert back["flag"] is True and back["text"] == "bundled" and back["n"].value == 3


def frontier_models():
    """Frontier releases 2018-2024 by organizations A..: 2 organizations a year before 2022, 4 after,
    and one 2025 release (an incomplete year)."""
    rows = []
    for year in range(2018, 2026):
        orgs = ["A"] if year == 2025 else (["A", "B"] if year < 2022 else ["A", "B", "C", "D"])
        for o in orgs:
            rows.append({"model": f"{o}{year}", "year": year, "organizations": [o],
                         "sector": "Industry" if o != "D" else "Academia", "compute_flop": 1e24, "is_frontier": True,
                         "publication_date": pd.Timestamp(f"{year}-06-01")})
    return pd.DataFrame(rows)


def test_frontier_organizations_leaves_out_the_incomplete_year():
    orgs = compute.frontier_organizations(frontier_models(), 2018, "2025-12-31", "2022-11-30", 0.9)
    assert orgs.recent_years == (2022, 2024) and orgs.recent_mean == 4
    assert orgs.fitted_years["year"].max() == 2024 and orgs.trend.rate_ratio > 1
    assert orgs.industry_recent == pytest.approx(0.75)
    assert orgs.industry_early == pytest.approx((4 + 0.75) / 5)  # 2018-2022: the break is in November 2022
    m = orgs.measures()
    assert m["frontier_orgs_recent_mean"].value == 4 and m["frontier_orgs_trend"].n == 7


def test_cost_records_around_the_break():
    models = pd.DataFrame({"year": [2020, 2021, 2021, 2023, 2024], "model": list("abcde"), "organization": "X",
                           "cost_usd_2023": [4e6, 9e6, 2e7, 6e7, 3.9e8]})
    records, m = compute.cost_records(models, "2022-11-30")
    assert records["model"].tolist() == ["a", "c", "d", "e"]
    assert m["cost_record_pre_break_usd"].value == 2e7 and m["cost_record_post_break_usd"].value == 3.9e8
    assert m["cost_record_latest_year"].value == 2024


def test_break_table_marks_thin_series():
    x = np.arange(2015, 2025, 0.1)
    df = pd.DataFrame({"decimal_year": x, "y": 10 ** np.where(x < 2020, 0.2 * (x - 2015), 1 + 0.5 * (x - 2020))})
    breaks = compute.break_table({"a": (df, "y"), "b": (df, "y"), "thin": (df.head(2), "y")}, "2020-01-01")
    table = breaks.table
    assert table.loc[0, "factor/yr before"] == pytest.approx(10 ** 0.2) and table.loc[0, "factor/yr after"] == pytest.approx(10 ** 0.5)
    # the thin series keeps its counts (2 points, all before the date) and says why it has no test
    assert (table.loc[2, "n before"], table.loc[2, "n after"]) == (2, 0) and math.isnan(table.loc[2, "p (slope change)"])
    m = breaks.measures()
    assert m["break_p_value"].ok and not m["break_cost_p_joint"].ok
    assert m["break_cost_p_joint"].note == "not enough data (n = 0; a break test (points on each side) needs at least 3)"


def bench_frame():
    return pd.DataFrame({
        "benchmark": ["gpqa_diamond"] * 4 + ["mmlu_external"] * 2,
        "model": ["P1", "O1", "P2", "O2", "P3", "O3"],
        "release_date": pd.to_datetime(["2023-03-01", "2023-09-01", "2024-02-01", "2024-08-01", "2023-05-01", "2023-06-01"]),
        "score": [0.5, 0.4, 0.8, 0.72, 0.9, 0.81],
        "open": pd.array([False, True, False, True, False, True], dtype="boolean"),
    })


def test_frontier_ratios_by_year_end():
    gap = pd.DataFrame({"year": [2023, 2024], "open_winrate": [0.4, 0.45], "gap_pct": [5.0, 3.0]})
    r = openness.frontier_ratios(bench_frame(), gap, "2023-05-01", "2025-12-31")
    assert r.latest["GPQA Diamond"] == pytest.approx(0.72 / 0.8) and r.latest_year["GPQA Diamond"] == 2024
    assert r.latest["MMLU"] == pytest.approx(0.9) and r.latest_year["MMLU"] == 2023  # no release after 2023
    assert r.by_year.loc[2023, "GPQA Diamond"] == pytest.approx(0.8)
    m = r.measures()
    assert m["winrate_year_latest"].value == 0.45 and m["winrate_first_year"].value == 2023


def test_price_of_capability_open_share_of_cheapest():
    months = pd.date_range("2024-01-01", "2025-12-01", freq="MS")
    prices = pd.DataFrame({
        "model_key": ["closed", "open", "closed"], "name": ["closed", "open", "closed"], "provider": ["a", "b", "c"],
        "blended_usd_per_mtok": [10.0, 1.0, 5.0],
        "valid_from": pd.to_datetime(["2024-01-01", "2025-07-01", "2025-01-01"]),
        "valid_until": pd.to_datetime([None, None, None]),
    })
    arena = pd.DataFrame([{"snapshot_date": pd.Timestamp("2024-06-01"), "preferred": True, "style_control": False,
                           "score_type": "bt_rating", "table_coverage": "full_table", "model_key": m, "score": sc,
                           "license_class": lic} for m, sc, lic in (("closed", 1300.0, "proprietary"),
                                                                    ("open", 1280.0, "open_weights"))])
    p = openness.price_of_capability(prices, arena, 1250.0, "2024-01-01", "2024-01-01", "2025-12-31", 0.9, min_months=1)
    # the series ends where the price history does (the last listing change, July 2025)
    assert len(p.cheapest) == len(months[months <= "2025-07-01"]) == 19
    # last twelve months Aug 2024 - Jul 2025: the open model is listed and cheapest in July only
    assert p.measures()["price_open_cheapest_share"].value == pytest.approx(1 / 12)
    assert p.fit.factor_per_year < 1 and "threshold 1200" in set(p.variants["variant"])
    m = p.measures()
    assert m["price_decline_per_year"].value == pytest.approx(1 - p.fit.factor_per_year)
    assert m["price_decline_per_year"].ci_low == pytest.approx(1 - p.fit.factor_ci[1])


def test_capability_slowdown_recovers_the_slopes():
    dates = pd.date_range("2023-01-01", "2026-06-01", freq="MS")
    x = trends.decimal_year(pd.Series(dates))
    eci = pd.DataFrame({"release_date": dates, "score": np.where(x < 2025, 100 + 20 * (x - 2023), 140 + 5 * (x - 2025))})
    series = outlook.capability_frontier(eci, "2026-12-31")
    assert len(series) == len(dates) and series["eci"].is_monotonic_increasing
    slow = outlook.capability_slowdown(series, "2025-01-01", 0.9)
    assert slow.test.slope_before == pytest.approx(20, rel=0.02) and slow.test.slope_after == pytest.approx(5, rel=0.05)
    assert slow.slowing and slow.measures()["capability_slowing"] is True
    thin = outlook.capability_slowdown(series.head(4), "2025-01-01", 0.9)
    assert thin.test is None and not thin.measures()["eci_slope_change"].ok


def test_cost_projection_scenario_and_measures():
    x = np.arange(2015, 2026, 0.2)
    fit = trends.fit_loglinear(x, 1e6 * 3.0 ** (x - 2015) * (1 + 0.05 * np.sin(9 * x)))
    base = outlook.cost_projection(fit, 2030, None, 2026).measures()
    slow = outlook.cost_projection(fit, 2030, 1.5, 2026).measures()
    assert base["frontier_cost_2030"].value == pytest.approx(1e6 * 3.0 ** 15.5, rel=0.1)
    assert slow["frontier_cost_2030"].value < base["frontier_cost_2030"].value
    assert slow["frontier_cost_2030_fitted_median"].value == pytest.approx(base["frontier_cost_2030"].value)
    assert base["frontier_cost_horizon_billion"].value == pytest.approx(base["frontier_cost_2030"].value / 1e9)


def test_tier_sensitivity_variants():
    rng = np.random.default_rng(3)
    rows = []
    for i in range(600):
        year = int(rng.integers(2015, 2026))
        org = rng.choice(["BigCo", "Lab", "Uni", "Startup"], p=[0.3, 0.3, 0.2, 0.2])
        rows.append({"model": f"m{i}", "organization": org, "category": "Academia" if org == "Uni" else "Industry",
                     "year": year, "citations": float(rng.poisson(50 if org == "Lab" else 20)), "notability": ""})
    pairs = pd.DataFrame(rows)
    orgs = pd.DataFrame({"organization": ["BigCo", "Lab", "Lab"], "parent": [None, None, None],
                         "tier": ["giant", "mid", "giant"], "from_year": [np.nan, np.nan, 2021.0],
                         "to_year": [np.nan, 2020.0, np.nan], "basis": "x", "basis_year": 2024, "source_url": "https://x"})
    t = innovation.tiers(pairs, orgs, 0.9)
    assert t.share("mid", 2016) > 0.2 and t.share("mid", 2024) == 0.0  # Lab is a giant from 2021
    sens = innovation.tier_sensitivity(pairs, orgs, t.pairs, 2015, 2025, 0.9, 2)
    names = list(sens.rows)
    assert names[1] == "latest tier for every year" and sens.window_start == 2020
    assert sens.rows["latest tier for every year"]["mid_latest"] == 0.0  # Lab is a giant throughout
    assert not sens.rows["latest tier for every year"]["trend"].ok  # no mid tier left: no trend, not an error
    assert sens.rows["unclassified industry counted as mid"]["mid_latest"] > 0  # Startup counted as mid
    assert sens.table()["tier table"].tolist() == names


def test_census_bands_needs_two_years():
    bands = pd.DataFrame({"year": [2023] * 2, "band": ["50m_100m", "100m_500m"], "events": [10, 20]})
    bands = bands.assign(report="AI Index 2025", published="2025-04")
    assert not capital.census_bands(bands, 50e6, 500e6, 0.9).measures()["census_mid_ratio"].ok
    two = pd.concat([bands, bands.assign(year=2024, events=[15, 30])], ignore_index=True)
    m = capital.census_bands(two, 50e6, 500e6, 0.9).measures()
    assert m["census_mid_ratio"].value == pytest.approx(1.5) and m["census_mid_ratio"].above(1)
