"""Chapter 4 helpers on synthetic data with known answers."""

import math

import numpy as np
import pandas as pd
import pytest

from middleclass.analysis import concentration
from middleclass.analysis import innovation as inv

ORGS = pd.DataFrame({
    "organization": ["Lab", "Lab", "BigCo", "Uni"],
    "parent": ["", "", "Holding", ""],
    "tier": ["mid", "giant", "giant", "academic"],
    "from_year": [np.nan, 2023, np.nan, np.nan],
    "to_year": [2022, np.nan, np.nan, np.nan],
    "basis": ["x"] * 4, "basis_year": [2024] * 4, "source_url": ["https://example.org"] * 4,
})


def _mo(rows):
    return pd.DataFrame(rows, columns=["model", "organization", "category", "year", "citations", "notability"])


def test_assign_tiers_by_year_fallback_and_weights():
    mo = _mo([("m1", "Lab", "Industry", 2022, 10, "SOTA improvement"),
              ("m2", "Lab", "Industry", 2023, 10, ""),
              ("m3", "BigCo", "Industry", 2023, 5, ""),
              ("m3", "Uni", "Academia", 2023, 5, ""),
              ("m4", "Nowhere Inc", "Industry", 2023, 1, ""),
              ("m5", "Some College", "Academia", 2023, 1, "")])
    a = inv.assign_tiers(mo, ORGS)
    assert list(a["tier"]) == ["mid", "giant", "giant", "academic", "unclassified industry", "academic"]
    assert list(a["tier_source"]) == ["table"] * 4 + ["Epoch category"] * 2
    assert list(a["group"])[:3] == ["Lab", "Lab", "Holding"]
    assert list(a["weight"]) == [1, 1, 0.5, 0.5, 1, 1]
    shares = inv.tier_shares(a).set_index(["year", "tier"])["share"]
    assert shares[(2023, "giant")] == pytest.approx(1.5 / 4)
    assert shares[(2023, "academic")] == pytest.approx(1.5 / 4)


def test_overlapping_periods_are_found():
    assert inv.overlapping_periods(ORGS) == []
    bad = ORGS.copy()
    bad.loc[1, "from_year"] = 2022  # Lab: mid to 2022 and giant from 2022
    assert inv.overlapping_periods(bad) == ["Lab"]


def test_current_tier_table_keeps_latest_period():
    cur = inv.current_tier_table(ORGS)
    assert cur.set_index("organization").loc["Lab", "tier"] == "giant"
    assert cur["from_year"].isna().all() and cur["to_year"].isna().all()


def test_hhi_and_top_share_by_hand():
    h, t = concentration.hhi_top(pd.Series([5.0, 3.0, 2.0]), top=2)
    assert h == pytest.approx(0.25 + 0.09 + 0.04)
    assert t == pytest.approx(0.8)


def test_concentration_known_answer_and_bootstrap():
    # 2020: four models by A, A, B, C -> shares .5 .25 .25 ; 2021: one model shared by A and B
    mo = pd.DataFrame({"model": ["a", "b", "c", "d", "e", "e"], "year": [2020] * 4 + [2021] * 2,
                       "group": ["A", "A", "B", "C", "A", "B"], "weight": [1, 1, 1, 1, 0.5, 0.5]})
    c = inv.concentration(mo, top=1, n_boot=200, seed=1).set_index("year")
    assert c.loc[2020, "hhi_raw"] == pytest.approx(0.375)
    assert c.loc[2020, "hhi"] == pytest.approx((4 * 0.375 - 1) / 3)  # corrected for n = 4 models
    assert c.loc[2020, "top_share"] == pytest.approx(0.5) and c.loc[2020, "orgs"] == 3
    assert c.loc[2020, "hhi_low"] <= c.loc[2020, "hhi"] <= c.loc[2020, "hhi_high"]
    # one model: the uncorrected HHI is 0.5 and the corrected one is undefined (n = 1)
    assert c.loc[2021, "hhi_raw"] == pytest.approx(0.5) and np.isnan(c.loc[2021, "hhi"])


def test_share_trend_recovers_known_slope():
    rng = np.random.default_rng(0)
    years = rng.integers(2010, 2026, 20000)
    b = 0.15  # log-odds per year
    p = 1 / (1 + np.exp(-(-1.0 + b * (years - 2017.5))))
    mo = pd.DataFrame({"year": years, "weight": 1.0, "tier": np.where(rng.random(len(years)) < p, "mid", "giant")})
    tr = inv.share_trend(mo, "mid", confidence=0.95)
    assert tr.or_ci[0] < math.exp(b) < tr.or_ci[1]
    assert tr.odds_ratio == pytest.approx(math.exp(b), rel=0.03)
    expected_pp = b * np.mean(p * (1 - p))
    assert tr.pp_per_year == pytest.approx(expected_pp, rel=0.1)
    assert tr.n_rows == 20000
    with pytest.raises(ValueError, match="absent"):
        inv.share_trend(mo, "small")


def test_citation_ratio_recovers_known_ratio():
    rng = np.random.default_rng(3)
    n = 3000
    tier = rng.choice(["giant", "mid"], n)
    year = rng.integers(2015, 2025, n)
    mu = np.exp(3 + np.log(2.0) * (tier == "mid") - 0.2 * (year - 2015))  # mid cited twice as much
    alpha = 0.5
    cites = rng.negative_binomial(1 / alpha, 1 / (1 + alpha * mu))
    mo = pd.DataFrame({"model": [f"m{i}" for i in range(n)], "tier": tier, "year": year, "citations": cites.astype(float)})
    r = inv.citation_ratio(mo, "mid", "giant", confidence=0.95)
    assert r.ci[0] < 2.0 < r.ci[1]
    assert r.ratio == pytest.approx(2.0, rel=0.1)
    assert r.alpha == pytest.approx(alpha, rel=0.2)


def test_notability_shares_by_hand():
    mo = pd.DataFrame({"tier": ["mid", "mid", "giant"], "weight": [1.0, 0.5, 1.0],
                       "notability": ["SOTA improvement", "Highly cited,SOTA improvement", None]})
    t = inv.notability_by_tier(mo).set_index("tier")
    assert t.loc["mid", "SOTA improvement"] == pytest.approx(1.0)
    assert t.loc["mid", "Highly cited"] == pytest.approx(0.5 / 1.5)
    assert t.loc["giant", "SOTA improvement"] == 0


def test_absorptions_by_giants_within_a_window():
    outcomes = pd.DataFrame({
        "company": ["A", "B", "C", "D", "E"],
        "outcome": ["acquisition", "licensing_deal", "licensing_deal", "layoffs", "acquisition"],
        "counterparty": ["Holding", "BigCo", "BigCo", None, "Somebody"],
        "date": pd.to_datetime(["2023-01-01", "2024-03-01", "2024-08-01", "2024-09-01", "2024-09-01"]),
    })
    a = inv.absorptions(outcomes, ORGS)
    assert a == {"deals": 4, "by_giants": 3, "by_giants_max_window": 2,  # Holding is BigCo's parent
                 "acquisitions_by_giants": 1, "acquisitions_by_giants_max_window": 1, "acquired_by_giants": "A (Holding, 2023)"}


def test_unclassified_as_mid_table_adds_fallback_organizations():
    mo = _mo([("m1", "Nowhere Inc", "Industry", 2023, 1, ""), ("m2", "Some College", "Academia", 2023, 1, "")])
    a = inv.assign_tiers(mo, ORGS)
    t = inv.unclassified_as_mid_table(ORGS, a)
    assert list(t["organization"]) == list(ORGS["organization"]) + ["Nowhere Inc"]
    assert inv.assign_tiers(mo, t)["tier"].tolist() == ["mid", "academic"]


def test_citation_ratio_falls_back_on_statsmodels(monkeypatch):
    rng = np.random.default_rng(4)
    n = 600
    tier = rng.choice(["giant", "mid"], n)
    year = rng.integers(2018, 2024, n)
    mu = np.exp(2 + np.log(1.5) * (tier == "mid"))
    cites = rng.negative_binomial(2, 1 / (1 + 0.5 * mu))
    mo = pd.DataFrame({"model": [f"m{i % 400}" for i in range(n)], "tier": tier, "year": year,
                       "citations": cites.astype(float)})
    newton = inv.citation_ratio(mo, "mid", "giant", confidence=0.9)
    monkeypatch.setattr(inv.negbin, "fit", lambda *a, **k: None)
    fallback = inv.citation_ratio(mo, "mid", "giant", confidence=0.9)
    assert fallback.ratio == pytest.approx(newton.ratio, rel=1e-3)
    assert fallback.ci == pytest.approx(newton.ci, rel=1e-3)
    assert fallback.p_value == pytest.approx(newton.p_value, rel=1e-2)
