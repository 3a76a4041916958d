"""The claims module: one verdict rule per claim, on hand-made measures with known verdicts,
equivalence margins ("precisely no change" contradicts a claim of change; "too uncertain" is
not testable), verdicts at a second confidence level, and the ledger rendered from the same
results."""

import math

import pytest

from middleclass import claims
from middleclass.analysis.measures import Estimate, estimate, not_enough
from middleclass.book import pages

NAN = math.nan


def E(value, lo=NAN, hi=NAN, n=None, lo95=None, hi95=None, **kw):
    """An estimate at 90% with, when given, its 95% interval (else the 90% one widened by 20%)."""
    if lo == lo and hi == hi:
        w = (hi - lo) * 0.1
        levels = {0.9: (lo, hi), 0.95: (lo95 if lo95 is not None else lo - w, hi95 if hi95 is not None else hi + w)}
        return estimate(value, (lo, hi), levels=levels, n=n, confidence=0.9, **kw)
    return Estimate(value, n=n, **kw)


def compute_measures(**over):
    m = {"frontier_cost_growth": E(3.1, 2.8, 3.4, 77), "cost_record_latest_usd": E(3.88e8),
         "cost_record_latest_year": E(2025), "cost_record_pre_break_usd": E(4e6), "cost_record_post_break_usd": E(3.88e8),
         "cost_break_before": E(2.8, 2.4, 3.2), "cost_break_after": E(4.9, 2.6, 9.4),
         "frontier_orgs_recent_mean": E(7.3, n=3), "frontier_orgs_trend": E(1.05, 1.01, 1.09, 16),
         "groups_above_threshold_recent_mean": E(5.3, n=3), "groups_above_threshold_trend": E(2.2, 1.7, 2.9, 8),
         "compute_threshold_label": "1e25 FLOP"}
    return {**m, **over}


def open_measures(**over):
    m = {"gpqa_ratio_latest": E(0.91), "math_ratio_latest": E(0.98), "mmlu_ratio_latest": E(0.99),
         "open_ratio_median": E(0.86, 0.82, 0.92, 14), "open_ratio_saturated_n": E(7),
         "open_winrate_latest": E(0.45), "arena_gap_pct_latest": E(2.3),
         "price_decline_per_year": E(0.64, 0.55, 0.71, 18, window="2025-02 to 2026-07"),
         "price_open_cheapest_share": E(1.0), "price_factor_recent": E(0.6, 0.5, 0.7, 12)}
    return {**m, **over}


def capital_measures(**over):
    m = {"top_k_share_latest": E(0.31), "top_k_share_year": E(2024), "coverage_latest": E(0.87),
         "rounds_source": "bundled", "mid_band_share_latest": E(0.36), "mid_band_year_latest": E(2026),
         "mid_band_trend": E(0.7, 0.5, 0.9, 7), "census_mid_prev_year": E(2023), "census_mid_last_year": E(2024),
         "census_mid_prev": E(334), "census_mid_last": E(339), "mid_band_label": "$50–500M",
         "census_mid_ratio": E(1.01, 0.89, 1.15, 2, window="2023 to 2024 (AI Index 2025)")}
    return {**m, **over}


def innovation_measures(**over):
    m = {"mid_tier_share_latest": E(0.14), "latest_year": E(2025), "mid_trend_pts": E(2.5, 1.9, 3.2),
         "mid_trend_pts_narrow": E(1.7, 1.2, 2.2), "sens_current_trend_pts": E(3.0, 2.0, 4.0),
         "giant_trend_pts": E(2.0, 1.0, 3.0),
         "citation_ratio_mid_vs_giant": E(3.3, 2.2, 5.1), "sens_current_cite": E(1.0, 0.55, 1.9),
         "cite_without_top_org": E(1.4, 0.78, 2.68), "cite_top_org": "OpenAI",
         "hhi_latest": E(0.088, 0.074, 0.12), "hhi_trend": E(-0.004, -0.0075, -0.0002),
         "hhi_recent_from": E(0.053), "hhi_change_recent": E(0.035, 0.008, 0.068, window="2023 to 2025"),
         "distinct_orgs_latest": E(42), "absorbed_by_giants_n": E(7), "absorbed_by_giants_max_12m": E(4),
         "acquired_mid_last12": E(7, window="2025"), "acquired_any_last12": E(28), "absorbed_mid_last12": E(10)}
    return {**m, **over}


def verdicts(measures: dict, level=None) -> dict:
    return {r.claim.id: r.verdict for r in claims.evaluate(measures, level)}


def row(measures: dict, claim_id: str) -> claims.Result:
    return next(r for r in claims.evaluate(measures) if r.claim.id == claim_id)


def test_every_claim_has_one_rule_and_missing_chapters_are_not_yet_measured():
    results = claims.evaluate({})
    assert len(results) == len(claims.CLAIMS) >= 12
    assert len({c.id for c in claims.CLAIMS}) == len(claims.CLAIMS)
    assert {r.verdict for r in results} == {claims.NOT_YET}
    assert all(r.estimate == "–" for r in results)
    from middleclass.chapters import CHAPTERS
    assert all(c.chapters <= set(CHAPTERS) for c in claims.CLAIMS)


def test_direction_separates_precise_no_change_from_too_uncertain():
    assert claims.direction(E(1.5, 1.2, 1.9), 1, claims.FLAT_RATIO) == "up"
    assert claims.direction(E(0.7, 0.6, 0.8), 1, claims.FLAT_RATIO) == "down"
    assert claims.direction(E(1.01, 0.89, 1.15), 1, claims.FLAT_RATIO) == "flat"  # inside ±20%
    assert claims.direction(E(1.0, 0.5, 1.9), 1, claims.FLAT_RATIO) == "unclear"  # too wide to tell


def test_cost_rule_thresholds():
    assert verdicts({"compute": compute_measures()})["cost"] == claims.SUPPORTED
    assert "×2.8 a year before the break, ×4.9 after" in row({"compute": compute_measures()}, "cost").reason
    # costs rise but the record never reached $100 million
    assert verdicts({"compute": compute_measures(cost_record_post_break_usd=E(9e7))})["cost"] == claims.PARTLY
    # the record was already above $100 million before the break year
    assert verdicts({"compute": compute_measures(cost_record_pre_break_usd=E(2e8))})["cost"] == claims.PARTLY
    # precisely flat (within ±10% a year) or falling: contradicted; too wide to tell: not testable
    assert verdicts({"compute": compute_measures(frontier_cost_growth=E(1.02, 0.95, 1.08))})["cost"] == claims.CONTRADICTED
    assert verdicts({"compute": compute_measures(frontier_cost_growth=E(0.8, 0.7, 0.9))})["cost"] == claims.CONTRADICTED
    assert verdicts({"compute": compute_measures(frontier_cost_growth=E(1.1, 0.9, 1.3))})["cost"] == claims.UNTESTABLE


def test_few_firms_rule_thresholds():
    assert verdicts({"compute": compute_measures()})["few-firms"] == claims.PARTLY  # a handful, but rising
    flat = compute_measures(frontier_orgs_trend=E(0.97, 0.9, 0.99), groups_above_threshold_trend=E(1.0, 0.8, 1.2))
    assert verdicts({"compute": flat})["few-firms"] == claims.SUPPORTED
    # the top-N count is flat but the fixed-bar count rises: partly
    rising_bar = compute_measures(frontier_orgs_trend=E(0.97, 0.9, 0.99))
    assert verdicts({"compute": rising_bar})["few-firms"] == claims.PARTLY
    assert verdicts({"compute": compute_measures(frontier_orgs_recent_mean=E(14))})["few-firms"] == claims.CONTRADICTED


def test_open_rules_thresholds():
    v = verdicts({"open-models": open_measures(), "outlook": {}})
    assert v["open-80-90"] == claims.SUPPORTED and v["open-value"] == claims.PARTLY
    below = {"open-models": open_measures(open_ratio_median=E(0.6, 0.37, 0.66, 14))}
    assert verdicts(below)["open-80-90"] == claims.CONTRADICTED
    # the Arena can lower a supported verdict (the best open model wins under a third of votes), not raise one
    assert verdicts({"open-models": open_measures(open_winrate_latest=E(0.25))})["open-80-90"] == claims.PARTLY
    flat = {"open-models": open_measures(price_decline_per_year=E(0.02, -0.05, 0.08)), "outlook": {}}
    assert verdicts(flat)["open-value"] == claims.CONTRADICTED
    wide = {"open-models": open_measures(price_decline_per_year=E(0.2, -0.1, 0.4)), "outlook": {}}
    assert verdicts(wide)["open-value"] == claims.UNTESTABLE
    # the cheapest capable models are proprietary: the open models are not the ones stripping value
    closed = {"open-models": open_measures(price_open_cheapest_share=E(0.2, n=12))}
    r = row(closed, "open-value")
    assert r.verdict == claims.CONTRADICTED and "proprietary models" in r.reason


def test_open_ratio_reason_matches_its_label():
    inside = row({"open-models": open_measures()}, "open-80-90")
    assert inside.verdict == claims.SUPPORTED and "at or above the 80–90% band" in inside.reason
    below = row({"open-models": open_measures(open_ratio_median=E(0.6, 0.37, 0.66, 14),
                                              open_ratio_worst="FrontierMath tier 4 11%")}, "open-80-90")
    assert "below 80%" in below.reason and "FrontierMath" in below.reason


def test_capital_rules():
    rows = {r.claim.id: r for r in claims.evaluate({"capital": capital_measures()})}
    # without the size bands' arithmetic a lower bound under two thirds cannot decide
    assert rows["top-ten"].verdict == claims.UNTESTABLE and "87%" in rows["top-ten"].reason
    bounds = capital_measures(top_k_total_billion=E(130.3), top_k_usd_latest_billion=E(40.7),
                              top_k_500m_1b_max_billion=E(17.3), top_k_missing_1b_events=E(2),
                              top_k_largest_round_billion=E(8.6))
    r = row({"capital": bounds}, "top-ten")
    assert r.verdict == claims.CONTRADICTED and "58%" in r.reason and "9 points" in r.reason
    # 334 -> 339 events, ratio 1.01 (0.89 to 1.15): precisely no decline contradicts "declined significantly"
    assert rows["mid-rounds"].verdict == claims.CONTRADICTED and "within ±20%" in rows["mid-rounds"].reason
    assert rows["mid-rounds"].estimate.startswith("334 → 339 events")
    v = verdicts({"capital": capital_measures(census_mid_ratio=E(0.8, 0.7, 0.95, window="x"))})
    assert v["mid-rounds"] == claims.SUPPORTED
    v = verdicts({"capital": capital_measures(census_mid_ratio=E(0.9, 0.5, 1.6, window="x"))})
    assert v["mid-rounds"] == claims.UNTESTABLE
    v = verdicts({"capital": capital_measures(top_k_share_latest=E(0.7), rounds_source="author")})
    assert v["top-ten"] == claims.SUPPORTED and v["mid-rounds"] == claims.SUPPORTED
    thin = capital_measures(rounds_source="author", mid_band_trend=not_enough(2, 3, "a count trend"))
    assert verdicts({"capital": thin})["mid-rounds"] == claims.UNTESTABLE


def test_innovation_rules():
    v = verdicts({"innovation": innovation_measures()})
    # the middle grows: the conditional "direction" sentence is not testable (its condition does not hold)
    assert {k: v[k] for k in ("pushed-out", "dumbbell", "breakthroughs", "direction", "absorbed")} == {
        "pushed-out": claims.CONTRADICTED, "dumbbell": claims.CONTRADICTED, "breakthroughs": claims.PARTLY,
        "direction": claims.UNTESTABLE, "absorbed": claims.SUPPORTED}
    falling = innovation_measures(mid_trend_pts=E(-3, -4, -1), mid_trend_pts_recent=E(-3, -4, -1),
                                  sens_current_cite=E(1.5, 1.2, 2), cite_without_top_org=E(1.6, 1.1, 2.3),
                                  hhi_trend=E(0.005, 0.003, 0.01), acquired_mid_last12=E(0, window="2025"),
                                  acquired_any_last12=E(1), absorbed_mid_last12=E(1))
    v = verdicts({"innovation": falling})
    assert {k: v[k] for k in ("pushed-out", "dumbbell", "breakthroughs", "direction", "absorbed")} == {
        "pushed-out": claims.SUPPORTED, "dumbbell": claims.SUPPORTED, "breakthroughs": claims.SUPPORTED,
        "direction": claims.SUPPORTED, "absorbed": claims.UNTESTABLE}
    flat = innovation_measures(mid_trend_pts=E(1, -1, 3), mid_trend_pts_recent=E(1, -1, 3),
                               citation_ratio_mid_vs_giant=E(1.2, 0.8, 1.6))
    v = verdicts({"innovation": flat})
    assert v["pushed-out"] == claims.UNTESTABLE and v["dumbbell"] == claims.PARTLY and v["breakthroughs"] == claims.UNTESTABLE
    assert v["direction"] == claims.UNTESTABLE and "not established" in row({"innovation": flat}, "direction").reason


def test_verdicts_at_95_percent_use_the_wider_interval():
    # the price decline's 90% interval lies above zero, its 95% interval does not
    m = {"open-models": open_measures(price_decline_per_year=E(0.3, 0.05, 0.5, lo95=-0.02, hi95=0.6)), "outlook": {}}
    assert verdicts(m)["open-value"] == claims.PARTLY
    assert verdicts(m, 0.95)["open-value"] == claims.UNTESTABLE
    # an estimate with an interval but none at 95% is not silently judged
    bare = {"open-models": open_measures(price_decline_per_year=estimate(0.6, (0.5, 0.7), confidence=0.9)), "outlook": {}}
    assert verdicts(bare, 0.95)["open-value"] == claims.NOT_YET


def test_missing_measure_is_not_invented_and_thin_data_is_not_testable():
    m = compute_measures()
    del m["frontier_cost_growth"]
    r = row({"compute": m}, "cost")
    assert r.verdict == claims.NOT_YET and r.estimate == "–"
    r = row({"compute": compute_measures(frontier_cost_growth=not_enough(2, 3, "a trend"))}, "cost")
    assert r.verdict == claims.UNTESTABLE and "not enough data (n = 2" in r.reason


def test_ledger_markdown_counts_levels_and_rules_visible():
    measures = {"compute": compute_measures(), "open-models": open_measures()}
    results, strict = claims.evaluate(measures), claims.evaluate(measures, 0.95)
    md = pages.ledger_markdown(results, {"compute": "01_compute"}, strict)
    assert pages.summary_line(results) in md and "claims of fact" in md
    rules = pages.rules_markdown()
    assert "at most 10 groups a year" in rules and "at or above 80%" in rules  # on the Methods page
    assert "$388M" in md  # a raw HTML card: no dollar math to escape
    assert 'href="chapters/01_compute.html#claim-cost"' in md  # each card links to its verdict in the chapter
    assert "<strong>At 95%</strong>" in md and "Levels and multiplicity" in md
    assert md.count('<article class="mc-card mc-v-') == len(results)


@pytest.mark.parametrize("claim", claims.CLAIMS, ids=lambda c: c.id)
def test_each_claim_reads_measures_of_its_chapters(claim):
    assert claim.rule_text and claim.quote
    assert claim.reads or "no public measure" in claim.rule_text  # declared up front
    for name in claim.all_reads:
        chapter = name.split(".", 1)[0] if "." in name else claim.chapter
        assert chapter in claim.chapters
