"""Every claim's rule on synthetic measures: each verdict a rule declares it can return is
reached by a case built for it, conditional sentences go through their premise first (a
premise that does not hold gives "not testable", never "contradicted"), a claim of fact that
cannot return supported or contradicted says why, and the robustness of the tier verdicts
across window starts and definitions (issue 24)."""

from __future__ import annotations

import copy
import math

import pytest

from middleclass import claims
from middleclass.analysis.measures import Estimate, estimate, not_enough
from middleclass.book import pages

NAN = math.nan
S, P, C, U = claims.SUPPORTED, claims.PARTLY, claims.CONTRADICTED, claims.UNTESTABLE


def E(value, lo=NAN, hi=NAN, n=None, **kw):
    """An estimate at 90% (its 95% interval 20% wider), or a plain number without an interval."""
    if lo == lo and hi == hi:
        w = (hi - lo) * 0.1
        return estimate(value, (lo, hi), levels={0.9: (lo, hi), 0.95: (lo - w, hi + w)}, n=n, confidence=0.9, **kw)
    return Estimate(value, n=n, **kw)


def specs(mid, giant=None):
    """The tier trends under every pre-declared window start and definition."""
    out = {}
    for start in claims.TIER_WINDOW_STARTS:
        for d in claims.TIER_DEFINITIONS:
            out[f"mid_pts_from{start}_{d}"] = mid
            out[f"giant_pts_from{start}_{d}"] = giant if giant is not None else E(2.0, 1.0, 3.0)
    return out


def base() -> dict[str, dict]:
    """Measures of every chapter, close to the real book's (2026 data)."""
    return {
        "compute": {"frontier_cost_growth": E(3.1, 2.8, 3.4, 77), "cost_record_pre_break_usd": E(4e6),
                    "cost_record_post_break_usd": E(3.88e8), "cost_tens_years": "2023, 2024",
                    "cost_tens_max_usd": E(5.3e7), "cost_hundreds_first_year": E(2025),
                    "cost_hundreds_first_usd": E(3.88e8), "frontier_orgs_recent_mean": E(7.3, n=3),
                    "frontier_orgs_trend": E(1.05, 1.01, 1.09, 16), "groups_above_threshold_recent_mean": E(5.3, n=3),
                    "groups_above_threshold_trend": E(1.3, 1.1, 1.5, 3)},
        "open-models": {"open_ratio_median": E(0.60, 0.37, 0.66, 14), "open_ratio_saturated_n": E(7),
                        "open_ratio_worst": "FrontierMath tier 4 11%", "open_winrate_latest": E(0.45),
                        "arena_gap_pct_latest": E(2.3),
                        "price_decline_per_year": E(0.64, 0.55, 0.71, 18, window="2025-02 to 2026-07"),
                        "price_open_cheapest_share": E(1.0, n=12), "price_factor_recent": E(0.6, 0.5, 0.7, 12),
                        "top10_top3_share_recent": E(0.72), "top10_orgs_recent": E(5.8), "top10_orgs_prev": E(4.2),
                        "top10_orgs_change": E(1.5, 0.7, 2.4), "top10_top3_change": E(-0.15, -0.24, -0.06),
                        "open_usage_share_latest": E(13.0, label="Menlo"),
                        "open_usage_share_change": E(-6.0, window="2024")},
        "capital": {"top_k_share_latest": E(0.31), "top_k_share_year": E(2024), "coverage_latest": E(0.87),
                    "top_k_total_billion": E(130.3), "top_k_usd_latest_billion": E(40.7),
                    "top_k_500m_1b_max_billion": E(17.3), "top_k_missing_1b_events": E(2),
                    "top_k_largest_round_billion": E(8.6), "rounds_source": "bundled", "mid_band_label": "$50–500M",
                    "census_mid_prev": E(334), "census_mid_last": E(339),
                    "census_mid_ratio": E(1.01, 0.89, 1.15, 2, window="2023 to 2024 (AI Index 2025)"),
                    "census_mid_ratio_next": E(1.92, 1.72, 2.14, 2, window="2024 to 2025 (AI Index 2026)"),
                    "record_total_2024": False, "record_total_2025": True, "record_genai_2024": True,
                    "record_genai_2025": True, "funding_growth": E(1.33, 1.28, 1.38, 13),
                    "funding_series_years": "2013–2025",
                    "layoff_ai_mid_companies_past_year": E(11), "layoff_past_year": E(2025),
                    "layoff_ai_mid_share_trend": E(1.6, 1.3, 2.0, 7), "newly_funded_trend": E(1.16, 1.13, 1.19, 13),
                    "yc_ai_trend": E(1.3, 1.2, 1.4, 9), "big_event_share_trend": E(1.33, 1.21, 1.47, 6, window="2020–2025"),
                    "big_event_share_change_latest": E(1.06, 0.75, 1.51, 2, window="2024 to 2025"),
                    "giants_cash_min_billion": E(75.5), "giants_cash_min_company": "Microsoft",
                    "giants_cash_year": "2024", "giants_capex_latest_billion": E(357.0, window="2025")},
        "innovation": {"mid_tier_share_latest": E(0.14), "latest_year": E(2025), "recent_start_year": E(2020),
                       "mid_trend_pts": E(2.5, 1.9, 3.2), "giant_trend_pts": E(2.0, 1.2, 2.9),
                       "mid_trend_pts_recent": E(2.7, 1.3, 4.1, window="2020–2025"),
                       "giant_trend_pts_recent": E(3.4, 1.5, 5.3, window="2020–2025"),
                       **specs(E(2.7, 1.3, 4.1), E(3.4, 1.5, 5.3)),
                       "citation_ratio_mid_vs_giant": E(3.3, 2.2, 5.1), "sens_current_cite": E(1.0, 0.55, 1.9),
                       "cite_without_top_org": E(1.4, 0.74, 2.6), "cite_top_org": "OpenAI",
                       "hhi_latest": E(0.079, 0.045, 0.093, window="2025"), "hhi_trend": E(-0.002, -0.006, 0.002),
                       "hhi_change_recent": E(0.022, -0.006, 0.047, window="2025 against 2022–2024"),
                       "acquired_mid_last12": E(7, window="2025"), "acquired_any_last12": E(28),
                       "absorbed_mid_last12": E(10), "acquired_mid_last12_list": "Gretel (Nvidia, 2025-03)",
                       "model_exits_past_year": E(0, window="2025"), "model_exits_list": "Inflection AI (2024-03)"},
        "outlook": {"eci_slope_before": E(7.5), "eci_slope_change": E(4.0, 0.9, 7.0, window="break at 2025-01-01"),
                    "eci_grid_n": E(8), "eci_grid_slower_n": E(0), "eci_grid_faster_n": E(4),
                    "eci_grid_window": "October 2023 to July 2025", "eci_gain_last12": E(14.1),
                    "eci_gain_prev12": E(16.0), "eci_frontier_trend": E(16.0, 14.8, 17.3, 24, window="2024-04 to 2026-03")},
    }


def middle_gone(m):
    """The premise of the 'mega-corporations and micro-workshops' sentence holds: the mid tier's
    share falls under every window and definition."""
    m["innovation"].update(mid_trend_pts_recent=E(-2.0, -3.0, -1.0, window="2020–2025"), **specs(E(-2.0, -3.0, -1.0)))
    return m


def saturating(m):
    """The premise of the saturation sentence holds: gains slow by every test and prices fall."""
    m["outlook"].update(eci_slope_change=E(-8, -13, -3), eci_grid_slower_n=E(6), eci_grid_faster_n=E(0),
                        eci_gain_last12=E(8.0))
    return m


def open_parity(m):
    m["open-models"].update(open_ratio_median=E(0.85, 0.81, 0.9, 12))
    return m


def with_(m, **chapters):
    for chapter, over in chapters.items():
        m[chapter].update(over)
    return m


#: claim -> verdict -> a function of the base measures that must give that verdict
CASES = {
    "pushed-out": {
        S: lambda m: middle_gone(m),
        P: lambda m: with_(middle_gone(m), innovation={"mid_pts_from2023_article": E(1.0, 0.6, 1.4)}),
        C: lambda m: m,
        U: lambda m: with_(m, innovation={"mid_trend_pts_recent": E(1.0, -1.0, 3.0), **specs(E(1.0, -1.0, 3.0))}),
    },
    "dumbbell": {
        S: lambda m: middle_gone(m),
        P: lambda m: with_(m, innovation={"mid_trend_pts_recent": E(1.0, -1.0, 3.0), **specs(E(1.0, -1.0, 3.0))}),
        C: lambda m: m,
        U: lambda m: with_(m, innovation={"mid_trend_pts_recent": E(1.0, -1.0, 3.0),
                                          "giant_trend_pts_recent": E(1.0, -1.0, 3.0),
                                          **specs(E(1.0, -1.0, 3.0), E(1.0, -1.0, 3.0))}),
    },
    "cost": {
        S: lambda m: m,
        P: lambda m: with_(m, compute={"cost_hundreds_first_year": not_enough(0, 1), "cost_tens_years": "none"}),
        C: lambda m: with_(m, compute={"frontier_cost_growth": E(1.02, 0.95, 1.08)}),
        U: lambda m: with_(m, compute={"frontier_cost_growth": E(1.1, 0.9, 1.3)}),
    },
    "few-firms": {
        S: lambda m: with_(m, compute={"frontier_orgs_trend": E(0.97, 0.9, 0.99),
                                       "groups_above_threshold_trend": E(1.0, 0.8, 1.2)}),
        P: lambda m: m,
        C: lambda m: with_(m, compute={"frontier_orgs_recent_mean": E(14)}),
    },
    "open-80-90": {
        S: lambda m: open_parity(m),
        P: lambda m: with_(m, **{"open-models": {"open_ratio_median": E(0.8, 0.7, 0.9, 10)}}),
        C: lambda m: m,
        U: lambda m: with_(m, **{"open-models": {"open_ratio_median": not_enough(2, 3, "the median ratio")}}),
    },
    "open-value": {
        P: lambda m: m,
        C: lambda m: with_(m, **{"open-models": {"price_open_cheapest_share": E(0.25, n=12)}}),
        U: lambda m: with_(m, **{"open-models": {"price_decline_per_year": E(0.2, -0.1, 0.4)}}),
    },
    "top-ten": {
        S: lambda m: with_(m, capital={"top_k_share_latest": E(0.7)}),
        C: lambda m: m,
        U: lambda m: with_(m, capital={"top_k_missing_1b_events": E(8)}),
    },
    "mid-rounds": {
        S: lambda m: with_(m, capital={"census_mid_ratio": E(0.8, 0.7, 0.95, window="x")}),
        C: lambda m: m,
        U: lambda m: with_(m, capital={"census_mid_ratio": E(0.9, 0.5, 1.6, window="x")}),
    },
    "breakthroughs": {
        S: lambda m: with_(m, innovation={"sens_current_cite": E(1.5, 1.2, 2), "cite_without_top_org": E(1.6, 1.1, 2.3)}),
        P: lambda m: m,
        C: lambda m: with_(m, innovation={"citation_ratio_mid_vs_giant": E(0.7, 0.5, 0.9)}),
        U: lambda m: with_(m, innovation={"citation_ratio_mid_vs_giant": E(1.2, 0.8, 1.6)}),
    },
    "direction": {
        U: lambda m: m,  # the middle is not being pushed out: its condition does not hold
        S: lambda m: with_(middle_gone(m), innovation={"hhi_trend": E(0.005, 0.003, 0.01),
                                                       "hhi_change_recent": E(0.035, 0.015, 0.068, window="x")}),
        P: lambda m: with_(middle_gone(m), innovation={"hhi_change_recent": E(0.035, 0.015, 0.068, window="x")}),
        C: lambda m: with_(middle_gone(m), innovation={"hhi_trend": E(-0.004, -0.0075, -0.0025)}),
    },
    "absorbed": {
        S: lambda m: m,
        P: lambda m: with_(m, innovation={"acquired_mid_last12": E(1, window="2025")}),
        U: lambda m: with_(m, innovation={"acquired_mid_last12": E(0, window="2025"), "acquired_any_last12": E(1),
                                          "absorbed_mid_last12": E(1)}),
    },
    "api-window": {
        U: lambda m: m,
        S: lambda m: saturating(with_(m, innovation={"mid_trend_pts_recent": E(2.7, 1.3, 4.1, window="x")})),
        C: lambda m: saturating(middle_gone(m)),
    },
    "funding-highs": {
        S: lambda m: with_(m, capital={"record_total_2024": True}),
        P: lambda m: m,
        C: lambda m: with_(m, capital={"record_total_2025": False, "record_genai_2024": False}),
        U: lambda m: with_(m, capital={"record_total_2025": None}),
    },
    "layoffs": {
        S: lambda m: m,
        P: lambda m: with_(m, capital={"layoff_ai_mid_share_trend": E(0.6, 0.5, 0.7)}),
        U: lambda m: with_(m, capital={"layoff_ai_mid_companies_past_year": E(1)}),
    },
    "small-teams": {
        P: lambda m: m,
        C: lambda m: with_(m, capital={"newly_funded_trend": E(0.8, 0.7, 0.9), "yc_ai_trend": E(0.9, 0.85, 0.95)}),
        U: lambda m: with_(m, capital={"newly_funded_trend": E(1.0, 0.7, 1.4), "yc_ai_trend": E(1.0, 0.7, 1.4)},
                           **{"open-models": {"price_decline_per_year": E(0.2, -0.1, 0.4)}}),
    },
    "talent": {U: lambda m: m},
    "oligopoly": {
        U: lambda m: m,
        S: lambda m: with_(middle_gone(m), **{"open-models": {"top10_orgs_change": E(0.2, -0.4, 0.8),
                                                              "top10_top3_change": E(0.0, -0.05, 0.05)}}),
        P: lambda m: with_(middle_gone(m), **{"open-models": {"top10_top3_change": E(0.0, -0.05, 0.05)}}),
        C: lambda m: middle_gone(m),
    },
    "capabilities": {
        S: lambda m: m,
        C: lambda m: with_(m, outlook={"eci_gain_last12": E(0.0)}),
        U: lambda m: with_(m, outlook={"eci_frontier_trend": E(3.0, -2.0, 8.0, window="x")}),
    },
    "winner-take-all": {
        S: lambda m: m,
        P: lambda m: with_(m, capital={"big_event_share_change_latest": E(0.6, 0.5, 0.7, window="x")}),
        C: lambda m: with_(m, capital={"big_event_share_trend": E(0.8, 0.7, 0.9, window="x")}),
        U: lambda m: with_(m, capital={"big_event_share_trend": E(1.1, 0.7, 1.6, window="x"),
                                       "big_event_share_change_latest": E(1.0, 0.5, 1.6, window="x")}),
    },
    "rounds-walls": {
        S: lambda m: with_(m, capital={"census_mid_ratio_next": E(0.8, 0.7, 0.9, window="x")}),
        C: lambda m: m,
        U: lambda m: with_(m, capital={"census_mid_ratio_next": E(0.9, 0.5, 1.6, window="x")}),
    },
    "premium-prices": {
        U: lambda m: m,  # open models do not reach 80%: its condition does not hold
        S: lambda m: with_(open_parity(m), **{"open-models": {"open_usage_share_latest": E(55.0, label="x")}}),
        C: lambda m: open_parity(m),
    },
    "reserves": {
        S: lambda m: m,
        P: lambda m: with_(m, capital={"giants_cash_min_billion": E(15.0)}),
        C: lambda m: with_(m, capital={"giants_cash_min_billion": E(8.0)}),
    },
    "pivot": {
        S: lambda m: with_(m, innovation={"model_exits_past_year": E(3, window="2025")}),
        U: lambda m: m,
    },
}


def judge(claim_id: str, measures: dict, level=None) -> claims.Result:
    return claims.judge(claims.BY_ID[claim_id], measures, level)


def test_every_claim_has_cases_for_each_verdict_it_declares():
    assert set(CASES) == set(claims.BY_ID)
    for c in claims.CLAIMS:
        declared = {v for v, _ in c.outcomes}
        assert declared, f"{c.id} declares no outcomes"
        assert declared == set(CASES[c.id]), c.id


@pytest.mark.parametrize("claim_id,verdict", [(c, v) for c, cases in CASES.items() for v in cases])
def test_each_declared_outcome_is_reached(claim_id, verdict):
    result = judge(claim_id, CASES[claim_id][verdict](copy.deepcopy(base())))
    assert result.verdict == verdict, result.reason
    assert result.reason and "nan" not in result.reason.lower().split()


def test_a_claim_of_fact_that_cannot_say_yes_or_no_says_why():
    for c in claims.CLAIMS:
        declared = {v for v, _ in c.outcomes}
        if c.kind == claims.FACT and not {S, C} <= declared:
            assert c.limited, f"{c.id} cannot return {({S, C} - declared)} and gives no reason"


def test_conditional_sentences_route_every_claim_through_the_premise():
    conditional = [s for s in claims.ARTICLE_SENTENCES if s.kind == "conditional"]
    assert len(conditional) == 3
    for s in conditional:
        premise = claims.PREMISES[s.premise]
        for cid in s.claims:
            c = claims.BY_ID[cid]
            # every claim of the sentence is judged through its premise, except the claim that measures it
            assert c.premise is premise or cid == "open-80-90", cid
    # a claim is conditional only through a conditional sentence
    in_conditional = {cid for s in conditional for cid in s.claims}
    assert {c.id for c in claims.CLAIMS if c.premise} <= in_conditional
    assert {c.id for c in claims.CLAIMS if c.premise} == {"direction", "talent", "oligopoly", "api-window",
                                                           "premium-prices"}


def test_a_premise_that_does_not_hold_is_not_a_contradiction():
    m = base()
    for cid in ("direction", "talent", "oligopoly", "api-window", "premium-prices"):
        r = judge(cid, m)
        assert r.verdict == U and r.premise == claims.FAILS and r.reason.startswith("its condition does not hold"), cid
    # the consequence's own evidence is reported beside, without making the verdict
    r = judge("oligopoly", m)
    assert "the consequence measured alone would be contradicted" in r.reason
    assert judge("oligopoly", middle_gone(copy.deepcopy(m))).verdict == C
    # an uncertain premise: "not established", also not testable
    unclear = with_(copy.deepcopy(m), innovation={"mid_trend_pts_recent": E(1.0, -1.0, 3.0), **specs(E(1.0, -1.0, 3.0))})
    r = judge("direction", unclear)
    assert r.verdict == U and r.premise == claims.UNCLEAR and "not established" in r.reason
    # where it holds, the reason says so first
    r = judge("api-window", saturating(copy.deepcopy(m)))
    assert r.premise == claims.HOLDS and r.reason.startswith("its condition holds")


def test_ledger_counts_conditional_claims_apart():
    results = claims.evaluate(base())
    line = pages.summary_line(results)
    facts = sum(c.kind == claims.FACT for c in claims.CLAIMS)
    assert line.startswith(f"Of {facts} claims of fact:")
    assert "5 conditional claims" in line and "their condition does not hold" in line
    # a contradicted conditional claim is never counted among the facts' contradictions
    c = claims.counts([r for r in results if r.claim.kind == claims.FACT])
    assert f"{c[C]} contradicted" in line


def test_oligopoly_needs_two_measures_to_agree():
    m = middle_gone(base())
    # more organizations alone, or a smaller top-three share alone, is not read as a broken oligopoly
    one = [{"top10_orgs_change": E(1.5, 0.7, 2.4), "top10_top3_change": E(0.0, -0.05, 0.05)},
           {"top10_orgs_change": E(0.2, -0.4, 0.8), "top10_top3_change": E(-0.15, -0.24, -0.06)}]
    assert {judge("oligopoly", with_(copy.deepcopy(m), **{"open-models": o})).verdict for o in one} == {P}
    assert judge("oligopoly", m).verdict == C


def test_tier_verdict_that_flips_between_choices_is_at_most_partly_and_names_the_choice():
    # support under one choice and contradiction under another: partly, naming the choice
    m = middle_gone(base())
    m["innovation"]["mid_pts_from2023_article"] = E(1.0, 0.6, 1.4)
    r = judge("pushed-out", m)
    assert r.verdict == P and "from 2023 without the labs outside the article's definition" in r.reason
    # support under some choices, too uncertain under others: at most partly
    m = middle_gone(base())
    m["innovation"]["mid_pts_from2023_book"] = E(-1.0, -3.0, 1.0)
    assert judge("pushed-out", m).verdict == P
    # a contradiction that other choices only leave too uncertain stays contradicted, on fewer choices
    m = base()
    m["innovation"]["mid_pts_from2023_book"] = E(1.5, -2.0, 5.0)
    r = judge("pushed-out", m)
    assert r.verdict == C and "under 5 of the 6 pre-declared choices" in r.reason and "too uncertain" in r.reason
    # the same verdict under every choice is kept, and the reason says so
    r = judge("pushed-out", base())
    assert r.verdict == C and "the same under the 6 pre-declared choices" in r.reason


def test_top_ten_bounds_arithmetic():
    r = claims.Reading("capital", base())
    b = claims.top_ten_bounds(r)
    assert b["lower"] == pytest.approx(40.7 / 130.3)
    assert b["upper"] == pytest.approx((40.7 + 17.3 + 2 * 8.6) / 130.3)
    assert b["per_missing"] == pytest.approx((2 / 3 * 130.3 - 40.7 - 17.3) / 2)
    res = judge("top-ten", base())
    assert res.verdict == C and "short of two thirds by 9 points" in res.reason
    # if some recorded rounds lie outside the AI Index's scope, more events are missing: the upper bound is the
    # larger of the two scenarios, the lower bound the smaller
    scoped = with_(base(), capital={"top_k_usd_in_scope_billion": E(30.7), "top_k_missing_1b_events_in_scope": E(6)})
    b = claims.top_ten_bounds(claims.Reading("capital", scoped))
    assert b["lower"] == pytest.approx(30.7 / 130.3) and b["upper"] == pytest.approx((30.7 + 17.3 + 6 * 8.6) / 130.3)
    assert judge("top-ten", scoped).verdict == U


def test_straddles_marks_the_rules_uncertain_zone():
    assert claims.straddles("pushed-out", E(1.0, -1.0, 3.0))
    assert not claims.straddles("pushed-out", E(2.7, 1.3, 4.1))
    assert not claims.straddles("pushed-out", E(0.1, -0.3, 0.4))  # inside the margin: precisely flat
    assert claims.straddles("open-80-90", E(0.8, 0.7, 0.9)) and not claims.straddles("open-80-90", E(0.6, 0.4, 0.7))
    assert not claims.straddles("top-ten", E(0.3))  # no interval, no margin


def test_methods_page_lists_every_rule_with_its_verdicts():
    md = pages.rules_markdown()
    for c in claims.CLAIMS:
        assert f"| `{c.id}` |" in md
    assert "Cannot return *contradicted*" in md and "condition:" in md
