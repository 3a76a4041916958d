"""Estimators added for the statistical corrections (issue 13), on synthetic data with known
answers: the price series' outlier rule and rating chain, AI Index bands by edition, deflated
lower bounds, intervals at a second level, bootstrap changes, the mid tier's latest change and
narrower middle, leave-one-out citations, parent groups and a fixed compute bar, break rates,
and the replication page's comparisons."""

import math

import numpy as np
import pandas as pd
import pytest

from middleclass.analysis import concentration
from middleclass.analysis import capital, compute, innovation, openness, replication, trends
from middleclass.analysis.measures import estimate, wald


def test_months_listed_counts_monthly_snapshots():
    prices = pd.DataFrame({
        "valid_from": pd.to_datetime(["2024-10-16", "2024-11-08", "2025-01-01", "2025-03-15"]),
        "valid_until": pd.to_datetime(["2024-11-08", "2026-03-12", "2025-02-01", None]),
    })
    # history ends 2026-03-12: the open row runs to then
    assert openness.months_listed(prices).tolist() == [1, 16, 1, 12]


def test_capability_prefers_the_style_controlled_rating():
    rows = []
    for sc, model, score in [(True, "big", 1345.0), (False, "big", 1286.0), (True, "small", 1303.0),
                             (False, "small", 1291.0), (False, "old", 1200.0)]:
        rows.append({"snapshot_date": pd.Timestamp("2025-06-01"), "preferred": True, "style_control": sc,
                     "score_type": "bt_rating", "table_coverage": "full_table", "model_key": model, "score": score})
    cap = openness.capability_scores(pd.DataFrame(rows), "2025-01-01", "2025-12-31")
    assert cap.to_dict() == {"big": 1345.0, "old": 1200.0, "small": 1303.0}  # default chain only where SC has no rating


def price_history():
    """A capable closed model at $8 from 2024-01; a one-month typo at $0.01 in 2024-11; a
    cheaper open model from 2025-03; prices halve every year from 2025-02 (dense window)."""
    months = pd.date_range("2025-02-01", "2026-07-01", freq="MS")
    rows = [{"model_key": "closed", "name": "closed", "provider": "a", "blended_usd_per_mtok": 8.0,
             "valid_from": pd.Timestamp("2024-01-01"), "valid_until": pd.Timestamp("2025-02-01")},
            {"model_key": "closed", "name": "closed", "provider": "b", "blended_usd_per_mtok": 0.01,
             "valid_from": pd.Timestamp("2024-10-20"), "valid_until": pd.Timestamp("2024-11-10")}]
    for i, m in enumerate(months):  # each price state stays listed for two monthly snapshots
        rows.append({"model_key": "open", "name": "open", "provider": "c", "blended_usd_per_mtok": 4.0 * 0.5 ** (i / 12),
                     "valid_from": m, "valid_until": m + pd.DateOffset(months=2)})
    return pd.DataFrame(rows)


def arena_for_prices():
    return pd.DataFrame([{"snapshot_date": pd.Timestamp("2025-06-01"), "preferred": True, "style_control": sc,
                          "score_type": "bt_rating", "table_coverage": "full_table", "model_key": m, "score": 1300.0,
                          "license_class": lic} for sc in (True, False)
                         for m, lic in (("closed", "proprietary"), ("open", "open_weights"))])


def test_price_of_capability_drops_one_month_outliers_and_fits_the_dense_window():
    p = openness.price_of_capability(price_history(), arena_for_prices(), 1250.0, "2024-01-01", "2025-02-01",
                                     "2026-12-31", 0.9)
    assert p.cheapest["date"].min() == pd.Timestamp("2025-02-01")
    assert p.fit.factor_per_year == pytest.approx(0.5, rel=0.02)  # halves every year (months differ in length)
    m = p.measures()
    assert m["price_decline_per_year"].value == pytest.approx(1 - p.fit.factor_per_year)
    assert m["price_decline_per_year"].at(0.95).ci_low <= m["price_decline_per_year"].ci_low
    assert m["price_open_cheapest_share"].value == 1.0 and m["price_open_cheapest_share"].n == 12
    # the $0.01 typo (one monthly snapshot) never becomes the cheapest price of the whole series
    assert p.full["price"].min() > 0.01 and m["price_open_cheapest_months"].n == len(p.full)
    every_row = p.variants.set_index("variant").loc["every price row (no two-month rule)"]
    assert every_row["months"] == p.fit.n  # the same months: only the typo row differs, outside the window


def bands(counts: dict[tuple[str, int], dict[str, int]]) -> pd.DataFrame:
    return pd.DataFrame([{"report": r, "published": f"{2000 + int(r[-2:])}-04", "year": y, "band": b, "events": n}
                         for (r, y), c in counts.items() for b, n in c.items()])


def test_bands_compose_dollar_ranges_and_label_them():
    assert capital.bands_for(50e6, 500e6) == ["50m_100m", "100m_500m"]
    assert capital.bands_for(1e9, math.inf) == ["over_1b"]
    assert capital.bands_for(10e6, 100e6) is None  # under $50M has no finer split
    assert capital.band_label(50e6, 500e6) == "$50–500M" and capital.band_label(1e9, math.inf) == "$1B+"


def test_census_compares_years_within_one_edition():
    full = lambda mid, hi: {"under_50m": 100, "50m_100m": mid, "100m_500m": hi, "500m_1b": 1, "over_1b": 1}  # noqa: E731
    b = bands({("AI Index 24", 2022): full(60, 40), ("AI Index 24", 2023): full(30, 20),
               ("AI Index 25", 2023): full(50, 50), ("AI Index 25", 2024): full(50, 50),
               ("AI Index 26", 2024): full(60, 40), ("AI Index 26", 2025): full(120, 80)})
    c = capital.census_bands(b, 50e6, 500e6, 0.9)
    assert c.main["report"] == "AI Index 25" and (c.main["from"], c.main["to"]) == (100, 100)
    assert c.next["report"] == "AI Index 26" and c.next["ratio"] == pytest.approx(2.0)
    # never across editions: 2023 (24 edition, 50) is not compared with 2024 (25 edition, 100)
    assert set(zip(c.pairs["report"], c.pairs["year_from"])) == {("AI Index 24", 2022), ("AI Index 25", 2023),
                                                                 ("AI Index 26", 2024)}
    m = c.measures()
    assert m["census_mid_ratio"].value == pytest.approx(1.0) and m["census_mid_prev"].value == 100
    assert m["census_mid_share_last"].value == pytest.approx(100 / 202)
    odd = capital.census_bands(b, 10e6, 100e6, 0.9).measures()
    assert not odd["census_mid_ratio"].ok and "cannot form" in odd["census_mid_ratio"].note


def test_top_k_share_is_deflated_to_2021_dollars():
    mega = pd.DataFrame({"company": ["X", "Y"], "year": [2024, 2024], "amount_usd": [6e9, 4e9],
                         "quid_scope": ["likely", "uncertain"]})
    cpi = pd.Series({2021: 100.0, 2024: 125.0})
    total = pd.Series({2024: 40e9})  # 2021 dollars
    out = capital.top_k_share(mega, total, 2, cpi).set_index("year")
    assert out.loc[2024, "top_k_usd_nominal"] == 10e9 and out.loc[2024, "top_k_usd"] == pytest.approx(8e9)
    assert out.loc[2024, "share"] == pytest.approx(0.2)
    bands_ = pd.DataFrame({"report": "R", "published": "2025-04", "year": [2024], "band": ["over_1b"], "events": [4]})
    top = capital.top_share(mega.assign(announced_date=pd.Timestamp("2024-05-01")), total, bands_, 2, 2013, 2025, cpi)
    assert top.shares["coverage"].iloc[0] == pytest.approx(0.5)  # 2 of 4 $1B+ events
    assert top.shares["share_in_scope"].iloc[0] == pytest.approx(6e9 * 0.8 / 40e9)


def test_wald_intervals_at_every_level_and_transforms():
    e = wald(math.log(2.0), 0.1, 0.9, math.exp, unit="ratio")
    assert e.value == pytest.approx(2.0)
    assert e.ci_low == pytest.approx(2 * math.exp(-1.6449 * 0.1), rel=1e-4)
    wide = e.at(0.95)
    assert wide.confidence == 0.95 and wide.ci_low == pytest.approx(2 * math.exp(-1.96 * 0.1), rel=1e-4)
    decline = estimate(0.4, (0.3, 0.5), levels={0.95: (0.25, 0.6)}, confidence=0.9).transformed(
        lambda v: 1 - v, "decline", decreasing=True)
    assert (decline.value, decline.ci_low, decline.ci_high) == pytest.approx((0.6, 0.5, 0.7))
    assert decline.at(0.95).ci_low == pytest.approx(0.4) and decline.at(0.95).ci_high == pytest.approx(0.75)
    with pytest.raises(KeyError):
        estimate(1.0, (0.5, 1.5), confidence=0.9).at(0.95)


def test_bootstrap_estimate_quantiles():
    draws = np.arange(1001) / 1000.0  # uniform 0..1
    e = concentration.bootstrap_estimate(0.5, draws, 0.9)
    assert (e.ci_low, e.ci_high) == pytest.approx((0.05, 0.95))
    assert (e.at(0.95).ci_low, e.at(0.95).ci_high) == pytest.approx((0.025, 0.975))


def tier_pairs(shares: dict[int, float], n: int = 200) -> pd.DataFrame:
    """n models a year, a share of them by the mid lab 'M', the rest by giant 'G'."""
    rows = []
    for year, s in shares.items():
        k = int(round(s * n))
        rows += [{"model": f"{year}-{i}", "organization": "M" if i < k else "G", "category": "Industry", "year": year,
                  "citations": 10.0, "notability": ""} for i in range(n)]
    return pd.DataFrame(rows)


TIERS = pd.DataFrame({"organization": ["M", "G"], "parent": [None, None], "tier": ["mid", "giant"],
                      "from_year": [np.nan, np.nan], "to_year": [np.nan, np.nan], "basis": "x", "basis_year": 2024,
                      "raised_over_1b": ["True", ""], "source_url": "https://x"})


def test_latest_change_of_a_share():
    t = innovation.tiers(tier_pairs({2023: 0.2, 2024: 0.25, 2025: 0.15}), TIERS, 0.9)
    ch = innovation.latest_change(t, "mid", 0.9)
    se = math.sqrt(0.25 * 0.75 / 200 + 0.15 * 0.85 / 200)
    assert ch.value == pytest.approx(-10.0) and ch.ci_low == pytest.approx(-10 - 100 * 1.6449 * se, rel=1e-3)
    assert ch.window == "2024 to 2025"


def test_set_aside_moves_large_mid_labs_out_of_the_mid_share():
    pairs = tier_pairs({2023: 0.2, 2024: 0.3, 2025: 0.4})
    t = innovation.tiers(pairs, TIERS, 0.9)
    large = innovation.large_mid_labs(t.pairs, TIERS)
    assert large["raised"] == {"M"} and large["frontier"] == set()
    h = innovation.headline(pairs, innovation.set_aside(TIERS, large["raised"]), 0.9, 2)
    assert h["mid_latest"] == 0.0 and not h["trend"].ok  # nothing left in the mid tier: no trend, no error


def test_leave_one_out_finds_the_lab_behind_a_citation_lead():
    rng = np.random.default_rng(2)
    rows = []
    for i in range(1500):
        year = int(rng.integers(2016, 2024))
        org = rng.choice(["Star", "A", "B", "G1", "G2"], p=[0.1, 0.15, 0.15, 0.3, 0.3])
        mean = 1000.0 if org == "Star" else 20.0
        rows.append({"model": f"m{i}", "organization": org, "category": "Industry", "year": year,
                     "citations": float(rng.negative_binomial(2, 2 / (2 + mean))), "notability": ""})
    tiers_ = pd.DataFrame({"organization": ["Star", "A", "B", "G1", "G2"], "parent": None,
                           "tier": ["mid", "mid", "mid", "giant", "giant"], "from_year": np.nan, "to_year": np.nan,
                           "basis": "x", "basis_year": 2024, "source_url": "https://x"})
    mo = innovation.assign_tiers(pd.DataFrame(rows), tiers_)
    loo = innovation.citation_leave_one_out(mo, 0.9)
    assert loo["organization"].iloc[0] == "Star"
    assert loo["low"].iloc[0] < 1 < loo["high"].iloc[0]  # without Star, mid and giant labs are cited alike
    assert innovation.citation_ratio(mo, "mid", "giant", 0.9).ci[0] > 1


def test_recent_change_of_concentration_and_its_sensitivity():
    rows = []
    for year, orgs in {2021: 10, 2022: 10, 2023: 20, 2024: 10, 2025: 4}.items():
        rows += [{"model": f"{year}-{i}", "group": f"g{i % orgs}", "weight": 1.0, "year": year} for i in range(40)]
    mo = pd.DataFrame(rows)
    conc = innovation.concentration_trends(mo, 2, 400, 0.9)
    m = conc.measures()
    # corrected HHI of 40 models in k equal groups: (40/k - 1)/39; 2025 against the mean of 2022-2024
    assert m["hhi_latest"].value == pytest.approx(9 / 39) and m["hhi_latest_raw"].value == pytest.approx(1 / 4)
    assert m["hhi_recent_from"].value == pytest.approx(7 / 117) and m["hhi_recent_from"].window == "2022–2024"
    assert m["hhi_change_recent"].value == pytest.approx(20 / 117) and m["hhi_change_recent"].ci_low > 0
    assert m["hhi_change_recent"].window == "2025 against 2022–2024"
    assert m["hhi_change_one_year"].value == pytest.approx(6 / 39)  # the sensitivity: 2025 against 2022 alone
    assert m["distinct_orgs_change_recent"].value == pytest.approx(4 / (40 / 3))
    assert conc.sensitivity()["HHI trend"].tolist() == ["all years, HAC (main)", "all years, HC1", "without 2020, HAC"]


def test_frontier_groups_count_parents_once_and_a_fixed_bar_counts_above_it():
    rows = []
    for year in range(2018, 2027):
        for org, flop in (("DeepMind", 1e25), ("Google Brain", 2e25), ("OpenAI", 3e25 if year >= 2023 else 1e24)):
            rows.append({"model": f"{org}-{year}", "organizations": [org], "year": year, "sector": "Industry",
                         "publication_date": pd.Timestamp(f"{year}-06-01"), "compute_flop": flop, "is_frontier": True})
    models = pd.DataFrame(rows)
    fo = compute.frontier_organizations(models, 2018, "2026-12-31", "2022-11-30", 0.9,
                                        {"DeepMind": "Alphabet", "Google Brain": "Alphabet"}, 1e25)
    assert fo.per_year.set_index("year")["organizations"].tolist() == [2] * 9  # Alphabet and OpenAI
    above = fo.above.set_index("year")["organizations"]
    assert above[2022] == 1 and above[2023] == 2 and 2026 not in above.index  # the partial year is left out
    assert fo.recent_years == (2023, 2025) and fo.above_recent_mean == 2
    assert fo.per_year.set_index("year").loc[2026, "incomplete"]
    m = fo.measures()  # the fixed bar's trend starts in 2018, the first year a group crossed it: 1, 1, ... 2, 2, 2
    assert m["groups_above_threshold_first_year"].value == 2018
    assert m["groups_above_threshold_trend"].window == "2018–2025"


def test_fixed_bar_trend_starts_at_the_first_crossing():
    rows = [{"model": f"A-{y}", "organizations": ["A"], "year": y, "sector": "Industry",
             "publication_date": pd.Timestamp(f"{y}-06-01"), "compute_flop": 2e25 if y >= 2023 else 1e23,
             "is_frontier": True} for y in range(2015, 2027)]
    rows += [{"model": f"B-{y}", "organizations": ["B"], "year": y, "sector": "Industry",
              "publication_date": pd.Timestamp(f"{y}-06-01"), "compute_flop": 2e25 if y >= 2024 else 1e23,
              "is_frontier": True} for y in range(2015, 2027)]
    m = compute.frontier_organizations(pd.DataFrame(rows), 2015, "2026-12-31", "2022-11-30", 0.9, {}, 1e25).measures()
    trend = m["groups_above_threshold_trend"]
    assert m["groups_above_threshold_first_year"].value == 2023 and trend.window == "2023–2025"
    assert trend.value == pytest.approx(math.exp(np.polyfit([-1, 0, 1], np.log([1, 2, 2]), 1)[0]), rel=0.1)


def test_cost_records_find_the_tens_then_hundreds_of_millions():
    rows = [{"year": y, "model": f"m{y}", "organization": "X", "publication_date": pd.Timestamp(f"{y}-06-01"),
             "cost_usd_2023": c, "is_frontier": True}
            for y, c in ((2019, 4e6), (2021, 2e7), (2022, 5e7), (2023, 3e8), (2024, 2e8))]
    record, m = compute.cost_records(pd.DataFrame(rows), "2022-11-30")
    assert m["cost_tens_years"] == "2021, 2022" and m["cost_tens_max_usd"].value == 5e7
    assert m["cost_hundreds_first_year"].value == 2023 and m["cost_hundreds_first_usd"].value == 3e8


def test_recent_window_share_trend_differs_from_the_decade_trend():
    # the mid share falls 2015-2019, then rises from 2020: the recent window sees the rise
    shares = {2015 + i: s for i, s in enumerate([0.30, 0.25, 0.20, 0.15, 0.10, 0.12, 0.16, 0.20, 0.24, 0.28, 0.32])}
    t = innovation.tiers(tier_pairs(shares), TIERS, 0.9, recent_from=2020)
    m = t.measures()
    assert m["mid_trend_pts_recent"].above(0) and m["mid_trend_pts_recent"].window == "2020–2025"
    assert m["mid_trend_pts_recent"].value == pytest.approx(4.0, abs=0.6)  # four points a year
    assert innovation.tiers(tier_pairs(shares), TIERS, 0.9, recent_from=2024).measures()["mid_trend_pts_recent"].ok \
        is False  # two years are too few


def test_majority_needs_for_the_top_k():
    mega = pd.DataFrame({"company": ["X", "Y"], "year": [2024, 2024], "amount_usd": [6e9, 4e9],
                         "quid_scope": ["likely", "likely"]})
    cpi = pd.Series({2021: 100.0, 2024: 125.0})
    total = pd.Series({2024: 40e9})  # 2021 dollars: the bound is 8e9, a majority needs 20e9, 12e9 more
    bands_ = pd.DataFrame({"report": "R", "published": "2025-04", "year": [2024, 2024],
                           "band": ["over_1b", "500m_1b"], "events": [5, 5]})
    m = capital.top_share(mega, total, bands_, 2, 2013, 2025, cpi).majority_needs()
    assert m["top_k_majority_gap_billion"].value == pytest.approx(12.0)
    assert m["top_k_500m_1b_max_billion"].value == pytest.approx(4.0)  # five events at $1B nominal = $4B in 2021 dollars
    assert m["top_k_missing_1b_events"].value == 3 and m["top_k_gap_per_missing_billion"].value == pytest.approx(8 / 3)


def test_absorptions_tell_acquisitions_from_licence_and_hire():
    outcomes = pd.DataFrame({"company": ["A", "B", "C", "D"], "outcome": ["licensing_deal", "licensing_deal",
                                                                          "acquisition", "acquisition"],
                             "counterparty": ["Big", "Big", "Big", "Small"],
                             "date": pd.to_datetime(["2024-03-01", "2024-08-01", "2022-01-01", "2024-05-01"])})
    orgs = pd.DataFrame({"organization": ["Big"], "parent": [None], "tier": ["giant"]})
    a = innovation.absorptions(outcomes, orgs)
    assert a["by_giants"] == 3 and a["by_giants_max_window"] == 2
    assert a["acquisitions_by_giants"] == 1 and a["acquisitions_by_giants_max_window"] == 1
    assert a["acquired_by_giants"] == "C (Big, 2022)"


def test_mean_shift_recovers_a_step():
    rng = np.random.default_rng(1)
    after = np.arange(24) >= 12
    y = 4 + 1.5 * after + rng.normal(0, 0.3, 24)
    e = trends.mean_shift(y, after, 0.9, unit="organizations")
    assert e.value == pytest.approx(1.5, abs=0.3) and e.ci_low > 0 and e.n == 24


def test_top_concentration_averages_snapshots_by_month():
    rows = []
    dates = (["2024-01-05", "2024-01-20"] + [f"2024-{m:02d}-10" for m in range(2, 13)]
             + [f"2025-{m:02d}-10" for m in range(1, 13)])
    for d in dates:
        orgs = ["A"] * 4 + ["B"] * 3 + ["C"] * 3 if d < "2025" else ["A", "B", "C", "D", "E"] * 2
        rows += [{"snapshot_date": pd.Timestamp(d), "model": f"m{i}", "organization": o, "score": 1500.0 - i}
                 for i, o in enumerate(orgs)]
    top = openness.top_concentration(pd.DataFrame(rows), 0.9)
    assert len(top.monthly) == 24 and top.monthly["snapshots"].iloc[0] == 2
    m = top.measures()
    assert m["top10_orgs_recent"].value == 5 and m["top10_orgs_prev"].value == 3
    assert m["top10_orgs_change"].value == pytest.approx(2.0) and m["top10_top3_share_prev"].value == pytest.approx(1.0)


def test_capability_grid_and_year_on_year():
    from middleclass.analysis import outlook

    dates = pd.date_range("2023-01-01", "2026-06-01", freq="MS")
    x = trends.decimal_year(pd.Series(dates))
    eci = pd.DataFrame({"release_date": dates, "score": 100 + 10 * (x - 2023) + 0.3 * np.sin(7 * x)})
    slow = outlook.capability_slowdown(outlook.capability_frontier(eci, "2026-12-31"), "2025-01-01", 0.9)
    m = slow.measures()
    assert m["eci_grid_n"].value >= 6 and m["eci_grid_slower_n"].value == 0 and m["eci_grid_faster_n"].value == 0
    assert m["eci_gain_last12"].value == pytest.approx(10, abs=1) and m["eci_gain_prev12"].value == pytest.approx(10, abs=1)


def test_compute_coverage_flags_thin_recent_years():
    rows = []
    for year, share in {2018: 0.6, 2019: 0.6, 2020: 0.7, 2021: 0.6, 2022: 0.6, 2023: 0.6, 2024: 0.3, 2025: 0.2,
                        2026: 0.1}.items():
        rows += [{"model": f"{year}-{i}", "year": year, "publication_date": pd.Timestamp(f"{year}-03-01"),
                  "compute_flop": 1e24 if i < share * 10 else np.nan} for i in range(10)]
    cov = compute.compute_coverage(pd.DataFrame(rows)).set_index("year")["incomplete"]
    assert cov[cov].index.tolist() == [2024, 2025, 2026]


def test_break_rates_recover_the_slopes_on_each_side():
    x = np.arange(2015, 2025, 0.05)
    y = 10 ** np.where(x < 2020, 0.3 * (x - 2015), 1.5 + 0.6 * (x - 2020)) * (1 + 0.02 * np.sin(11 * x))
    bt = trends.break_test(x, y, 2020.0)
    before, after = bt.rate("before", 0.9), bt.rate("after", 0.9)
    assert before.value == pytest.approx(10 ** 0.3, rel=0.01) and after.value == pytest.approx(10 ** 0.6, rel=0.01)
    assert before.ci_low < before.value < before.ci_high and after.at(0.95).ci_low < after.ci_low


def test_replication_agreement_rules():
    e = estimate(3.8, (3.5, 4.2), confidence=0.9)
    assert replication.agrees(e, 4.1, 3.7, 4.6, "factor per year")  # each point inside the other's interval
    assert not replication.agrees(e, 5.3, 4.9, 5.7, "factor per year")
    assert not replication.agrees(e, 4.4, 4.1, 4.9, "factor per year")  # the intervals overlap, but 3.8 < 4.1
    assert replication.agrees(estimate(1.93), 1.70, math.nan, math.nan, "percent of the closed model's score")
    assert not replication.agrees(estimate(9.81), 8.04, math.nan, math.nan, "percent of the closed model's score")
    assert replication.agrees(estimate(109.08), 109.1, math.nan, math.nan, "billion USD (nominal)")
    gap = pd.DataFrame({"snapshot_date": pd.to_datetime(["2023-12-20", "2025-02-04", "2025-02-20"]),
                        "gap_pct": [9.8, 1.6, 2.0]})
    feb = replication.arena_gap_in(gap, "2025-02-01", "2025-02-28")
    assert feb.value == pytest.approx(1.8) and feb.n == 2
    jan = replication.arena_gap_in(gap, "2024-01-01", "2024-01-15")
    assert jan.value == 9.8 and "2023-12-20" in jan.window
    inv = pd.DataFrame({"entity": ["World"], "year": [2024], "investment_usd": [100e9]})
    assert replication.investment_nominal(inv, "World", 2024, pd.Series({2021: 270.97, 2024: 313.689})).value == \
        pytest.approx(100 * 313.689 / 270.97)


def test_corrected_hhi_is_unbiased_for_the_true_concentration():
    rng = np.random.default_rng(0)
    shares = np.array([0.3, 0.2, 0.1] + [0.4 / 20] * 20)
    true = float((shares ** 2).sum())
    for n in (20, 60):
        draws = rng.multinomial(n, shares, size=4000) / n
        raw = (draws ** 2).sum(axis=1)
        assert raw.mean() == pytest.approx(true + (1 - true) / n, rel=0.02)  # the small-sample upward bias
        assert innovation.corrected_hhi(raw, n).mean() == pytest.approx(true, rel=0.03)


def test_basic_bootstrap_reflects_the_percentile_interval():
    draws = np.array([1.0, 2.0, 3.0, 4.0, 5.0] * 20)
    basic = concentration.bootstrap_estimate(2.0, draws, 0.9, basic=True)
    pct = concentration.bootstrap_estimate(2.0, draws, 0.9)
    assert (basic.ci_low, basic.ci_high) == pytest.approx((4.0 - pct.ci_high, 4.0 - pct.ci_low))
