"""The claims ledger's verdict rules and the projection intervals, on synthetic values."""

import math

import numpy as np
import pytest

from middleclass import ledger, trends


def compute_glue(**over):
    g = {"frontier_cost_growth_per_year": "3.1", "frontier_cost_growth_ci_low": "2.8", "frontier_cost_growth_ci_high": "3.4",
         "cost_record_latest_usd": "388000000", "cost_record_latest_year": "2025", "cost_record_pre_break_usd": "4000000",
         "frontier_orgs_recent_mean": "7.3", "frontier_orgs_trend": "1.05", "frontier_orgs_trend_ci_low": "1.01",
         "frontier_orgs_trend_ci_high": "1.09"}
    return {**g, **{k: str(v) for k, v in over.items()}}


def open_glue(**over):
    g = {"gpqa_ratio_latest": "0.91", "math_ratio_latest": "0.98", "mmlu_ratio_latest": "0.99", "open_winrate_latest": "0.45",
         "arena_gap_pct_latest": "2.3", "price_decline_per_year": "0.91", "price_decline_per_year_ci_low": "0.76",
         "price_decline_per_year_ci_high": "0.97", "price_open_cheapest_share": "1.0"}
    return {**g, **{k: str(v) for k, v in over.items()}}


def verdicts(glue_by_chapter):
    return {r["id"]: r["verdict"] for r in ledger.evaluate(glue_by_chapter)}


def test_every_claim_has_a_row_and_missing_chapters_are_not_yet_measured():
    rows = ledger.evaluate({})
    assert len(rows) == len(ledger.CLAIMS) >= 12
    assert {r["verdict"] for r in rows} == {ledger.NOT_YET}
    assert all(r["estimate"] == "–" for r in rows)


def test_cost_rule_thresholds():
    assert verdicts({"compute": compute_glue()})["cost"] == ledger.SUPPORTED
    assert verdicts({"compute": compute_glue(cost_record_latest_usd=9e7)})["cost"] == ledger.PARTLY
    assert verdicts({"compute": compute_glue(frontier_cost_growth_ci_low=0.9)})["cost"] == ledger.CONTRADICTED


def test_few_firms_rule_thresholds():
    assert verdicts({"compute": compute_glue()})["few-firms"] == ledger.PARTLY  # a handful, but rising
    assert verdicts({"compute": compute_glue(frontier_orgs_trend_ci_high=0.99)})["few-firms"] == ledger.SUPPORTED
    assert verdicts({"compute": compute_glue(frontier_orgs_recent_mean=14)})["few-firms"] == ledger.CONTRADICTED


def test_open_rules_thresholds():
    v = verdicts({"open-models": open_glue()})
    assert v["open-80-90"] == ledger.SUPPORTED and v["open-value"] == ledger.PARTLY and v["api-window"] == ledger.PARTLY
    assert verdicts({"open-models": open_glue(gpqa_ratio_latest=0.79)})["open-80-90"] == ledger.CONTRADICTED
    assert verdicts({"open-models": open_glue(price_decline_per_year_ci_low=-0.1)})["api-window"] == ledger.CONTRADICTED


def test_missing_measure_is_not_invented():
    g = compute_glue()
    del g["frontier_cost_growth_ci_low"]
    row = next(r for r in ledger.evaluate({"compute": g}) if r["id"] == "cost")
    assert row["verdict"] == ledger.NOT_YET and row["estimate"] == "–"


def test_markdown_counts_and_rules_visible():
    rows = ledger.evaluate({"compute": compute_glue(), "open-models": open_glue()})
    md = ledger.markdown(rows)
    c = ledger.counts(rows)
    assert f"{c[ledger.SUPPORTED]} supported, {c[ledger.PARTLY]} partly supported" in md
    assert "at most 10 a year" in md and "at least 80%" in md
    assert "\\$388M" in md  # dollar signs escaped for dollar math


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
