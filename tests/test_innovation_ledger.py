"""Ledger rules of the innovation claims on hand-made glue values."""

from middleclass import ledger

G = {"mid_tier_share_latest": "0.14", "latest_year": "2025", "mid_tier_share_trend": "0.025",
     "mid_tier_share_trend_ci_low": "0.019", "mid_tier_share_trend_ci_high": "0.032",
     "sens_current_trend_ci_low": "0.02", "sens_current_trend_ci_high": "0.04",
     "giant_share_trend": "0.02", "giant_share_trend_ci_low": "0.01", "giant_share_trend_ci_high": "0.03",
     "citation_ratio_mid_vs_giant": "3.3", "citation_ratio_mid_vs_giant_ci_low": "2.2",
     "citation_ratio_mid_vs_giant_ci_high": "5.1", "sens_current_cite_ci_low": "0.55",
     "hhi_latest": "0.088", "hhi_latest_ci_low": "0.074", "hhi_latest_ci_high": "0.12", "hhi_trend": "-0.004",
     "hhi_trend_ci_low": "-0.0075", "hhi_trend_ci_high": "-0.0002", "distinct_orgs_latest": "42",
     "absorbed_by_giants_n": "7", "absorbed_by_giants_max_12m": "4"}


def verdicts(g):
    return {r["id"]: r["verdict"] for r in ledger.evaluate({"innovation": g}) if r["chapter"] == "innovation"}


def test_innovation_rules():
    v = verdicts(G)
    assert v == {"pushed-out": ledger.CONTRADICTED, "dumbbell": ledger.CONTRADICTED, "breakthroughs": ledger.PARTLY,
                 "direction": ledger.CONTRADICTED, "absorbed": ledger.SUPPORTED}
    falling = {**G, "mid_tier_share_trend_ci_low": "-0.03", "mid_tier_share_trend_ci_high": "-0.01",
               "sens_current_cite_ci_low": "1.2", "hhi_trend_ci_low": "0.001", "hhi_trend_ci_high": "0.01",
               "absorbed_by_giants_max_12m": "1"}
    v = verdicts(falling)
    assert v == {"pushed-out": ledger.SUPPORTED, "dumbbell": ledger.SUPPORTED, "breakthroughs": ledger.SUPPORTED,
                 "direction": ledger.SUPPORTED, "absorbed": ledger.UNTESTABLE}
    flat = {**G, "mid_tier_share_trend_ci_low": "-0.01", "citation_ratio_mid_vs_giant_ci_low": "0.8"}
    v = verdicts(flat)
    assert v["pushed-out"] == ledger.UNTESTABLE and v["dumbbell"] == ledger.PARTLY and v["breakthroughs"] == ledger.UNTESTABLE
