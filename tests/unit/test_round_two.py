"""The estimators and table rules added for the referee's second round (issue 24), on synthetic
data with known answers: unsaturated benchmark ratios and the median's order-statistic
interval, within-snapshot anchored capability, the $500M+ share trend, the giants' reserves,
the article's definition of the middle, acquisition sizes and the exact cost replication."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from middleclass.analysis import concentration
from middleclass.analysis import capital, innovation, openness, replication


def test_median_interval_is_the_order_statistic_interval():
    x = np.arange(1, 15)  # n = 14: ranks 4 and 11 at 90% (coverage 94.3%), 3 and 12 at 95%
    assert concentration.median_interval(x, 0.9) == (4.0, 11.0)
    assert concentration.median_interval(x, 0.95) == (3.0, 12.0)
    k = 4
    assert 1 - 2 * stats.binom.cdf(k - 1, 14, 0.5) >= 0.9
    assert concentration.median_interval([1.0, 2.0], 0.9) == (1.0, 2.0)  # too few values: the range


def test_base_model_merges_settings_and_providers():
    assert openness.base_model("gpt-oss-120b_high") == openness.base_model("gpt-oss-120b_low") == "gpt-oss-120b"
    assert openness.base_model("fireworks/kimi-k2p5") == openness.base_model("kimi-k2.5")
    assert openness.base_model("claude-opus-4-6_max") == "claude-opus-4-6"
    assert openness.base_model("qwen3-235b-a22b-thinking-2507") == "qwen3-235b-a22b-thinking-2507"


def _hub(rows):
    df = pd.DataFrame(rows, columns=["benchmark", "model", "score", "release_date", "accessibility"])
    df["release_date"] = pd.to_datetime(df["release_date"])
    return df


def test_benchmark_ratios_count_unsaturated_benchmarks_with_enough_models():
    rows = []
    for b, open_best, closed_best in (("A", 0.3, 0.6), ("B", 0.4, 0.5), ("C", 0.7, 0.7), ("Sat", 0.9, 0.95)):
        for i in range(3):
            rows.append((b, f"open-{b}-{i}", open_best - 0.01 * i, "2026-01-01", "Open weights (unrestricted)"))
            rows.append((b, f"closed-{b}-{i}", closed_best - 0.01 * i, "2026-02-01", "API access"))
    # one benchmark whose three "open models" are one model at three settings: not counted
    for setting in ("low", "medium", "high"):
        rows.append(("Thin", f"solo_{setting}", 0.2, "2026-01-01", "Open weights (unrestricted)"))
    for i in range(3):
        rows.append(("Thin", f"closed-thin-{i}", 0.5, "2026-01-01", "API access"))
    rows.append(("A", "old-closed", 0.99, "2024-01-01", "API access"))  # outside the 12-month window
    b = openness.benchmark_ratios(_hub(rows), "2026-03-01", True, 12, 0.9, 3, 3, 0.9)
    t = b.table.set_index("benchmark")
    assert set(t.index[t["counted"]]) == {"A", "B", "C"}
    assert t.loc["Sat", "saturated"] and not t.loc["Thin", "counted"] and t.loc["Thin", "n_open"] == 1
    assert t.loc["A", "ratio"] == pytest.approx(0.5)  # the 2024 model is not in the window
    assert b.median.value == pytest.approx(0.8) and b.median.n == 3
    assert b.median.ci_low == pytest.approx(0.5) and b.median.ci_high == pytest.approx(1.0)  # the range at n = 3
    thin = openness.benchmark_ratios(_hub(rows), "2026-03-01", True, 12, 0.9, 3, 4, 0.9)
    assert not thin.median.ok and "not enough data (n = 3" in thin.median.note


def test_within_snapshot_capability_follows_a_rescaled_leaderboard():
    """The same two models are re-rated 80 points higher in the second snapshot; against the
    anchors a model's capability does not move, so the set of capable models does not either."""
    snaps = []
    for date, shift in (("2025-03-01", 0), ("2025-11-01", 80)):
        for key, score in (("anchor-a", 1100), ("anchor-b", 1200), ("small", 1230), ("big", 1300)):
            snaps.append({"snapshot_date": pd.Timestamp(date), "style_control": True, "preferred": True,
                          "score_type": "bt_rating", "model_key": key, "score": score + shift,
                          "table_coverage": "full_table", "preliminary": False})
    snaps = pd.DataFrame(snaps)
    rated = openness.anchored_snapshots(snaps, "2025-01-01", "2026-12-31")
    assert set(rated["style_control"]) == {True}
    first = rated[rated["snapshot_date"] == "2025-03-01"].set_index("model_key")["rating"]
    last = rated[rated["snapshot_date"] == "2025-11-01"].set_index("model_key")["rating"]
    assert first["big"] == pytest.approx(last["big"]) == pytest.approx(1380)  # on the last snapshot's scale
    prices = pd.DataFrame({"name": ["small", "big"], "provider": ["x", "y"], "blended_usd_per_mtok": [0.1, 1.0],
                           "valid_from": pd.Timestamp("2025-01-01"), "valid_until": pd.Timestamp("2026-01-01")})
    out = openness.cheapest_capable_by_snapshot(prices, rated, 1300.0, "2025-04-01", "2025-12-01")
    assert set(out["model"]) == {"small"}  # 1230 + 80 - anchors' 1150 + 80 -> 1310 at both dates
    out = openness.cheapest_capable_by_snapshot(prices, rated, 1350.0, "2025-04-01", "2025-12-01")
    assert set(out["model"]) == {"big"}


def test_big_events_share_trend_and_latest_pair():
    bands = []
    for year, (big, small) in {2020: (5, 995), 2021: (10, 990), 2022: (20, 980), 2023: (40, 960)}.items():
        for band, n in (("over_1b", big // 2), ("500m_1b", big - big // 2), ("100m_500m", small // 4),
                        ("50m_100m", small // 4), ("under_50m", small - 2 * (small // 4))):
            bands.append({"year": year, "band": band, "events": n, "report": "R", "published": "2024-04"})
    b = capital.big_events(pd.DataFrame(bands), 0.9)
    assert b.trend.rate_ratio == pytest.approx(2.0, rel=0.02)  # the share doubles every year
    latest = b.measures()["big_event_share_change_latest"]
    assert latest.value == pytest.approx(2.0, rel=0.01) and latest.window.startswith("2022 to 2023")


def test_share_ratio_scales_a_rate_ratio_by_the_totals():
    r = capital.share_ratio(10, 1000, 30, 1500, 0.9)
    assert r.rate_ratio == pytest.approx((30 / 1500) / (10 / 1000))
    plain = capital.share_ratio(10, 1000, 30, 1000, 0.9)
    assert r.ci_low / plain.ci_low == pytest.approx(1000 / 1500)


def test_reserves_take_the_latest_year_every_giant_reports():
    fin = pd.DataFrame({"company": ["A", "B", "A", "B"], "fiscal_year": [2024, 2024, 2025, 2025],
                        "capex_usd": [1e10, 2e10, 3e10, 4e10], "cash_and_securities_usd": [5e10, 7e10, 6e10, np.nan]})
    m = capital.reserves(fin)
    assert m["giants_cash_year"] == "2024" and m["giants_cash_min_company"] == "A"
    assert m["giants_cash_min_billion"].value == pytest.approx(50) and m["giants_capex_latest_billion"].value == 70


def test_article_definition_and_target_sizes():
    orgs = pd.DataFrame({"organization": ["Big lab", "Tiny", "Fits", "Unknown", "Flagged"],
                         "tier": ["mid"] * 5, "staff": [300, 12, 200, np.nan, np.nan],
                         "funding_usd": [2e9, 1e8, 3e8, np.nan, np.nan],
                         "raised_over_1b": ["False", "False", "False", "False", "True"]})
    out = innovation.article_outside(orgs)
    assert set(out) == {"Big lab", "Tiny", "Flagged"} and "2.00B raised" in out["Big lab"] and "12 staff" in out["Tiny"]
    assert innovation.target_size(80, None, None) == ("mid", "80 staff")
    assert innovation.target_size(501, 3e8, None)[0] == "large"  # staff decides before funding
    assert innovation.target_size(None, 4e7, None)[0] == "small"  # under $50M raised
    assert innovation.target_size(None, None, 4e8)[0] == "mid"
    assert innovation.target_size(None, None, None)[0] == "unknown"


def test_acquisition_census_counts_the_past_year():
    deals = pd.DataFrame({
        "company": ["a", "b", "c", "d", "e"], "date": pd.to_datetime(["2024-06-01", "2025-02-01", "2025-07-01",
                                                                        "2025-09-01", "2025-10-01"]),
        "outcome": ["acquisition", "acquisition", "acquisition", "licensing_deal", "acquisition"],
        "acquirer": "G", "acquirer_group": "G", "ai_company": ["yes", "yes", "yes", "yes", "doubtful"],
        "staff": [100, 100, 10, 100, 100], "funding_raised_usd": np.nan, "deal_value_usd": np.nan})
    m = innovation.acquisition_census(deals, 2025).measures()
    assert m["acquired_mid_last12"].value == 1 and m["acquired_any_last12"].value == 2
    assert m["absorbed_mid_last12"].value == 2 and m["census_doubtful_n"].value == 1
    early = innovation.acquisition_census(deals, 2025, "2025-03-31").measures()
    assert early["acquired_mid_last12"].value == 1 and "to 2025-03-31" in early["acquired_mid_last12"].window


def test_model_exits_in_the_past_year():
    out = pd.DataFrame({"company": ["A", "B", "C"], "date": pd.to_datetime(["2024-03-01", "2025-05-01", "2025-06-01"]),
                        "outcome": ["model_exit", "model_exit", "layoffs"]})
    m = innovation.model_exits(out, 2025)
    assert m["model_exits_past_year"].value == 1 and m["model_exits_n"].value == 2
    assert m["model_exits_past_year_list"] == "B (2025-05)"


def test_exact_cost_replication_recovers_a_known_growth_rate():
    years = np.arange(2016, 2024)
    dates = pd.to_datetime([f"{y}-07-01" for y in years])
    costs = pd.DataFrame({"model": [f"m{y}" for y in years], "amortized_usd": 1e6 * 3.0 ** (years - 2016),
                          "cloud_usd": np.nan, "acquisition_usd": np.nan})
    notable = pd.DataFrame({"model": [f"m{y}" for y in years[:4]], "publication_date": dates[:4]})
    all_models = pd.DataFrame({"model": [f"m{y}" for y in years[4:]], "publication_date": dates[4:]})
    for df in (notable, all_models):
        df["decimal_year"] = df["publication_date"].dt.year + 0.5
    growth, n, undated = replication.cost_exact(costs, notable, all_models, "2016-01-01", "2023-12-31", 0.9)
    assert n == 8 and undated == 0 and growth.value == pytest.approx(3.0, rel=1e-6)
    aliases = costs.assign(model=["GPT-4" if m == "m2023" else m for m in costs["model"]])
    dated = replication.dated_costs(aliases, notable, all_models.assign(
        model=all_models["model"].replace({"m2023": "GPT-4 (Mar 2023)"})))
    assert dated["publication_date"].notna().all()
    assert math.isclose(dated.loc[dated["model"] == "GPT-4", "decimal_year"].iloc[0], 2023.5)


def _pairs(shares: dict[int, float], per_year: int = 200) -> pd.DataFrame:
    rows = []
    for year, share in shares.items():
        k = int(round(share * per_year))
        rows += [{"year": year, "tier": "mid" if i < k else "giant", "weight": 1.0} for i in range(per_year)]
    return pd.DataFrame(rows)


def test_year_dispersion_widens_the_share_trend_when_years_share_shocks():
    smooth = {y: 0.1 + 0.02 * i for i, y in enumerate(range(2015, 2025))}
    shocked = {y: s + (0.08 if i % 2 else -0.06) for i, (y, s) in enumerate(smooth.items())}
    assert innovation.year_dispersion(_pairs(smooth), "mid") == pytest.approx(1.0, abs=0.05)
    phi = innovation.year_dispersion(_pairs(shocked), "mid")
    assert phi > 3
    plain = innovation.share_trend(_pairs(smooth), "mid")
    wide = innovation.share_trend(_pairs(shocked), "mid")
    assert wide.se > 1.5 * plain.se
    # a window too short to estimate its own dispersion borrows the one passed in
    short = _pairs({2022: 0.2, 2023: 0.3, 2024: 0.25})
    assert math.isnan(innovation.year_dispersion(short, "mid"))
    assert innovation.share_trend(short, "mid", dispersion=4.0).se == pytest.approx(
        2 * innovation.share_trend(short, "mid").se)
