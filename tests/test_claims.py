"""The claims module: one verdict rule per claim, on hand-made measures with known verdicts,
and the ledger rendered from the same results."""

import math

import pytest

from middleclass import claims
from middleclass.analysis.measures import Estimate, not_enough
from middleclass.book import pages

NAN = math.nan


def E(value, lo=NAN, hi=NAN, n=None, **kw):
    return Estimate(value, lo, hi, n=n, confidence=0.9, **kw)


def compute_measures(**over):
    m = {"frontier_cost_growth": E(3.1, 2.8, 3.4, 77), "cost_record_latest_usd": E(3.88e8),
         "cost_record_latest_year": E(2025), "cost_record_pre_break_usd": E(4e6), "cost_record_post_break_usd": E(3.88e8),
         "frontier_orgs_recent_mean": E(7.3, n=3), "frontier_orgs_trend": E(1.05, 1.01, 1.09, 16)}
    return {**m, **over}


def open_measures(**over):
    m = {"gpqa_ratio_latest": E(0.91), "math_ratio_latest": E(0.98), "mmlu_ratio_latest": E(0.99),
         "open_winrate_latest": E(0.45), "arena_gap_pct_latest": E(2.3),
         "price_decline_per_year": E(0.91, 0.76, 0.97, 30), "price_open_cheapest_share": E(1.0),
         "price_factor_recent": E(0.5, 0.3, 0.8, 12)}
    return {**m, **over}


def capital_measures(**over):
    m = {"top_k_share_latest": E(0.32), "top_k_share_year": E(2024), "top_k_share_trend": E(0.06, 0.02, 0.09, 5),
         "rounds_source": "bundled", "mid_band_share_latest": E(0.36), "mid_band_year_latest": E(2026),
         "mid_band_trend": E(0.7, 0.5, 0.9, 7), "census_mid_prev_year": E(2023), "census_mid_last_year": E(2024),
         "census_mid_prev": E(334), "census_mid_last": E(339), "census_mid_ratio": E(1.01, 0.89, 1.15, 2)}
    return {**m, **over}


def innovation_measures(**over):
    m = {"mid_tier_share_latest": E(0.14), "latest_year": E(2025), "mid_trend_pts": E(2.5, 1.9, 3.2),
         "sens_current_trend_pts": E(3.0, 2.0, 4.0), "giant_trend_pts": E(2.0, 1.0, 3.0),
         "citation_ratio_mid_vs_giant": E(3.3, 2.2, 5.1), "sens_current_cite": E(1.0, 0.55, 1.9),
         "hhi_latest": E(0.088, 0.074, 0.12), "hhi_trend": E(-0.004, -0.0075, -0.0002), "distinct_orgs_latest": E(42),
         "absorbed_by_giants_n": E(7), "absorbed_by_giants_max_12m": E(4)}
    return {**m, **over}


def verdicts(measures: dict) -> dict:
    return {r.claim.id: r.verdict for r in claims.evaluate(measures)}


def test_every_claim_has_one_rule_and_missing_chapters_are_not_yet_measured():
    results = claims.evaluate({})
    assert len(results) == len(claims.CLAIMS) >= 12
    assert len({c.id for c in claims.CLAIMS}) == len(claims.CLAIMS)
    assert {r.verdict for r in results} == {claims.NOT_YET}
    assert all(r.estimate == "–" for r in results)
    from middleclass.book.chapters import CHAPTERS
    assert all(c.chapters <= set(CHAPTERS) for c in claims.CLAIMS)


def test_cost_rule_thresholds():
    assert verdicts({"compute": compute_measures()})["cost"] == claims.SUPPORTED
    # costs rise but the record never reached $100 million
    assert verdicts({"compute": compute_measures(cost_record_post_break_usd=E(9e7))})["cost"] == claims.PARTLY
    # the record was already above $100 million before the break year
    assert verdicts({"compute": compute_measures(cost_record_pre_break_usd=E(2e8))})["cost"] == claims.PARTLY
    assert verdicts({"compute": compute_measures(frontier_cost_growth=E(1.1, 0.9, 1.3))})["cost"] == claims.CONTRADICTED


def test_few_firms_rule_thresholds():
    assert verdicts({"compute": compute_measures()})["few-firms"] == claims.PARTLY  # a handful, but rising
    assert verdicts({"compute": compute_measures(frontier_orgs_trend=E(0.97, 0.9, 0.99))})["few-firms"] == claims.SUPPORTED
    assert verdicts({"compute": compute_measures(frontier_orgs_recent_mean=E(14))})["few-firms"] == claims.CONTRADICTED


def test_open_rules_thresholds():
    v = verdicts({"open-models": open_measures(), "outlook": {}})
    assert v["open-80-90"] == claims.SUPPORTED and v["open-value"] == claims.PARTLY and v["api-window"] == claims.PARTLY
    assert verdicts({"open-models": open_measures(gpqa_ratio_latest=E(0.79))})["open-80-90"] == claims.CONTRADICTED
    flat = {"open-models": open_measures(price_decline_per_year=E(0.2, -0.1, 0.4)), "outlook": {}}
    assert verdicts(flat)["api-window"] == claims.CONTRADICTED and verdicts(flat)["open-value"] == claims.CONTRADICTED
    # falling over the whole series, too uncertain over the last twelve months
    recent = {"open-models": open_measures(price_factor_recent=E(0.7, 0.5, 1.01)), "outlook": {}}
    assert verdicts(recent)["api-window"] == claims.UNTESTABLE


def test_open_ratio_reason_matches_its_label():
    inside = next(r for r in claims.evaluate({"open-models": open_measures(gpqa_ratio_latest=E(0.85))})
                  if r.claim.id == "open-80-90")
    assert inside.verdict == claims.SUPPORTED and "inside or above" in inside.reason
    below = next(r for r in claims.evaluate({"open-models": open_measures(gpqa_ratio_latest=E(0.7))})
                 if r.claim.id == "open-80-90")
    assert "below 80%" in below.reason and "GPQA" in below.reason


def test_capital_rules():
    rows = {r.claim.id: r for r in claims.evaluate({"capital": capital_measures()})}
    assert rows["top-ten"].verdict == claims.PARTLY and rows["mid-rounds"].verdict == claims.UNTESTABLE
    assert rows["mid-rounds"].estimate.startswith("334 → 339 events")
    v = verdicts({"capital": capital_measures(census_mid_ratio=E(0.8, 0.7, 0.95))})
    assert v["mid-rounds"] == claims.SUPPORTED
    v = verdicts({"capital": capital_measures(top_k_share_latest=E(0.6), rounds_source="author")})
    assert v["top-ten"] == claims.SUPPORTED and v["mid-rounds"] == claims.SUPPORTED
    v = verdicts({"capital": capital_measures(top_k_share_trend=E(0.0, -0.02, 0.02))})
    assert v["top-ten"] == claims.UNTESTABLE


def test_innovation_rules():
    v = verdicts({"innovation": innovation_measures()})
    assert {k: v[k] for k in ("pushed-out", "dumbbell", "breakthroughs", "direction", "absorbed")} == {
        "pushed-out": claims.CONTRADICTED, "dumbbell": claims.CONTRADICTED, "breakthroughs": claims.PARTLY,
        "direction": claims.CONTRADICTED, "absorbed": claims.SUPPORTED}
    falling = innovation_measures(mid_trend_pts=E(-3, -4, -1), sens_current_trend_pts=E(-2, -3, -1),
                                  sens_current_cite=E(1.5, 1.2, 2), hhi_trend=E(0.005, 0.001, 0.01),
                                  absorbed_by_giants_max_12m=E(1))
    v = verdicts({"innovation": falling})
    assert {k: v[k] for k in ("pushed-out", "dumbbell", "breakthroughs", "direction", "absorbed")} == {
        "pushed-out": claims.SUPPORTED, "dumbbell": claims.SUPPORTED, "breakthroughs": claims.SUPPORTED,
        "direction": claims.SUPPORTED, "absorbed": claims.UNTESTABLE}
    flat = innovation_measures(mid_trend_pts=E(1, -1, 3), citation_ratio_mid_vs_giant=E(1.2, 0.8, 1.6))
    v = verdicts({"innovation": flat})
    assert v["pushed-out"] == claims.UNTESTABLE and v["dumbbell"] == claims.PARTLY and v["breakthroughs"] == claims.UNTESTABLE


def test_missing_measure_is_not_invented_and_thin_data_is_not_testable():
    m = compute_measures()
    del m["frontier_cost_growth"]
    row = next(r for r in claims.evaluate({"compute": m}) if r.claim.id == "cost")
    assert row.verdict == claims.NOT_YET and row.estimate == "–"
    thin = compute_measures(frontier_cost_growth=not_enough(2, 3, "a trend"))
    row = next(r for r in claims.evaluate({"compute": thin}) if r.claim.id == "cost")
    assert row.verdict == claims.UNTESTABLE and "not enough data (n = 2" in row.reason


def test_ledger_markdown_counts_and_rules_visible():
    results = claims.evaluate({"compute": compute_measures(), "open-models": open_measures()})
    md = pages.ledger_markdown(results, {"compute": "01_compute"})
    c = claims.counts(results)
    assert f"{c[claims.SUPPORTED]} supported, {c[claims.PARTLY]} partly supported" in md
    assert "at most 10 a year" in md and "at least 80%" in md
    assert "\\$388M" in md  # dollar signs escaped for dollar math
    assert "{doc}`compute <chapters/01_compute>`" in md


@pytest.mark.parametrize("claim", claims.CLAIMS, ids=lambda c: c.id)
def test_each_claim_reads_measures_of_its_chapters(claim):
    assert claim.reads and claim.rule_text and claim.quote
    for name in claim.reads:
        chapter = name.split(".", 1)[0] if "." in name else claim.chapter
        assert chapter in claim.chapters
