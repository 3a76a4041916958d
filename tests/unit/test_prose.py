"""The reading rules behind the sentences the chapters glue (``book.prose``), on made-up
results with a known reading."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from middleclass import claims
from middleclass.analysis.measures import estimate, not_enough
from middleclass.notebook import prose


def text(values: dict, key: str) -> str:
    v = values[key]
    return getattr(v, "data", v)


def test_compute_growth_reads_the_break_and_chow_tests():
    breaks = {"break_p_value": estimate(0.03), "break_factor_before": estimate(4.2), "break_factor_after": estimate(2.1),
              "break_cost_p_joint": estimate(0.4)}
    out = prose.compute_growth(breaks, [2027.5, 2026.0, 2030.25], 1e9, 0.9)
    assert "changed after the break date (×4.2 a year before, ×2.1 after; p = 0.03)" in text(out, "compute_caption")
    assert text(out, "cost_break_reading") == "the Chow test does not reject a single trend (p = 0.40)"
    assert text(out, "cost_threshold_when") == "Jul\u00a02027" and "$1" in text(out, "cost_caption")
    breaks["break_p_value"] = not_enough(2, 3, "a break test")
    assert "too few frontier models" in text(prose.compute_growth(breaks, [2027.5] * 3, 1e9, 0.9), "compute_caption")
    breaks["break_p_value"], breaks["break_cost_p_joint"] = estimate(0.5), estimate(0.01)
    out = prose.compute_growth(breaks, [2027.5] * 3, 1e9, 0.9)
    assert "finds no significant change" in text(out, "compute_caption")
    assert "rejects a single trend (p = 0.01)" in text(out, "cost_break_reading")


def test_open_share_reads_the_odds_ratio_interval():
    reading = lambda lo, hi: text(prose.open_share(SimpleNamespace(ci_low=lo, ci_high=hi), True),  # noqa: E731
                                  "open_share_reading")
    assert "no clear trend" in reading(0.9, 1.2)
    assert reading(1.05, 1.3) == "The share of open releases is rising."
    assert reading(0.7, 0.95) == "The share of open releases is falling."
    assert "leaving restricted" in text(prose.open_share(SimpleNamespace(ci_low=1, ci_high=1), True),
                                        "open_share_alt_definition")


def test_funding_highs_in_real_and_current_dollars():
    table = pd.DataFrame({"year": [2021, 2024, 2025], "investment_usd": [100.0, 90.0, 120.0],
                          "investment_record": [True, False, True], "genai_usd": [10.0, 30.0, float("nan")],
                          "genai_record": [True, True, False]})
    cpi = pd.Series({2021: 100.0, 2024: 120.0, 2025: 125.0})
    out = text(prose.funding_highs(table, cpi), "highs_reading")
    assert "the total was below its earlier peak in 2024 and a record in 2025" in out
    assert "generative-AI investment was a record in 2024 and not in the series for 2025" in out
    assert "In current dollars 2024 was a record" in out  # 90 * 1.2 = 108 > 100


def test_census_reading_uses_the_claims_rule():
    census = SimpleNamespace(label="$50–500M", measures=lambda: {"census_mid_ratio": estimate(1.01, ci=(0.9, 1.12))})
    out = prose.census_reading(census)
    assert claims.direction(estimate(1.01, ci=(0.9, 1.12)), 1, claims.FLAT_RATIO) == "flat"
    assert out["census_mid_reading"] == "inside ±20% of no change" and text(out, "mid_band_label_md") == "\\$50–500M"  # escaped for Markdown


def test_sensitivity_and_citation_readings():
    sens = pd.DataFrame({"cost_frontier_ci_low": [1.5, 1.2, 0.9]})
    assert text(prose.sensitivity_reading(sens), "sensitivity_reading").startswith("2 of 3 variants")
    assert "does not hinge" in text(prose.sensitivity_reading(sens.iloc[:2]), "sensitivity_reading")
    lead, none = estimate(1.4, ci=(1.1, 1.8)), estimate(1.1, ci=(0.8, 1.5))
    assert "disappears" in text(prose.citation_sensitivity(lead, none), "sens_cite_note")
    assert "holds" in text(prose.citation_sensitivity(lead, lead), "sens_cite_note")
    assert "not clearly different" in text(prose.citation_sensitivity(none, none), "sens_cite_note")


def test_ledger_counts_add_up():
    results = claims.evaluate({})
    out = prose.ledger_counts(results)
    assert out["ledger_total"] == len(claims.CLAIMS)
    assert sum(out[k] for k in ("ledger_supported", "ledger_partly", "ledger_contradicted", "ledger_untestable",
                                "ledger_not_yet")) == len(claims.CLAIMS)
