"""The claims ledger: each checkable claim of the article, the chapter and metric that test
it, the estimate with its interval (read from the executed chapter's glued values), and a
verdict from a fixed set given by a stated rule.

A chapter that has not been executed yields "not yet measured", never an invented value.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

SUPPORTED = "supported"
PARTLY = "partly supported"
CONTRADICTED = "contradicted"
UNTESTABLE = "not testable with public data"
NOT_YET = "not yet measured"
VERDICTS = (SUPPORTED, PARTLY, CONTRADICTED, UNTESTABLE, NOT_YET)

SOURCE = "GogoAI News, *The AI Middle Class Is Disappearing as the Industry Polarizes*"


def num(glue: dict, key: str) -> float:
    """A glued value as a float (nan when absent or not a number)."""
    try:
        return float(str(glue[key]).strip("'\""))
    except (KeyError, ValueError):
        return math.nan


def text(glue: dict, key: str) -> str:
    """A glued value as plain text (quotes of a string repr removed)."""
    return str(glue.get(key, "")).strip().strip("'\"")


@dataclass(frozen=True)
class Claim:
    id: str
    quote: str
    chapter: str  # chapter id that tests it
    metric: str
    rule_text: str  # the rule, as shown in the book
    estimate: Callable[[dict], str] | None = None  # glue -> "estimate (CI)" text
    rule: Callable[[dict], tuple[str, str]] | None = None  # glue -> (verdict, one-line reason)
    needs: tuple[str, ...] = field(default_factory=tuple)  # glue keys that must be present


def _ci(g, est, lo, hi, fmt="{:.2f}", unit="") -> str:
    return f"{fmt.format(num(g, est))}{unit} ({fmt.format(num(g, lo))} to {fmt.format(num(g, hi))})"


def _pts(g, key) -> str:
    """A share trend (fraction per year) and its CI in percentage points per year."""
    v, lo, hi = (100 * num(g, k) for k in (key, key + "_ci_low", key + "_ci_high"))
    return f"{v:+.1f} ({lo:+.1f} to {hi:+.1f})"


def _price_decline(g) -> str:
    return _ci(g, "price_decline_per_year", "price_decline_per_year_ci_low", "price_decline_per_year_ci_high", "{:.0%}") + "/yr"


# ----------------------------------------------------------------- rules (thresholds visible)

COST_RECORD_USD = 1e8  # "hundreds of millions"


def rule_cost(g):
    lo, latest, before = num(g, "frontier_cost_growth_ci_low"), num(g, "cost_record_latest_usd"), num(g, "cost_record_pre_break_usd")
    if lo > 1 and latest >= COST_RECORD_USD and before < COST_RECORD_USD:
        return SUPPORTED, f"cost grows ×{num(g, 'frontier_cost_growth_per_year'):.1f}/yr; record run ${latest / 1e6:.0f}M vs ${before / 1e6:.0f}M before the break year"
    if lo > 1:
        return PARTLY, "frontier cost is rising but the record run has not crossed $100M as claimed"
    return CONTRADICTED, "frontier training cost growth is not distinguishable from zero"


FEW_FIRMS = 10  # at most this many organizations a year at the frontier counts as "a handful"


def rule_few_firms(g):
    mean, hi, lo = num(g, "frontier_orgs_recent_mean"), num(g, "frontier_orgs_trend_ci_high"), num(g, "frontier_orgs_trend_ci_low")
    if mean <= FEW_FIRMS and hi <= 1:
        return SUPPORTED, f"about {mean:.0f} organizations a year reach the frontier, not rising"
    if mean <= FEW_FIRMS:
        return PARTLY, f"a handful (about {mean:.0f} a year) reach the frontier, but their number is rising, not shrinking"
    return CONTRADICTED, f"about {mean:.0f} organizations a year reach the frontier"


OPEN_RATIO = 0.8  # the bottom of the article's 80-90% band


def rule_open_ratio(g):
    ratios = [num(g, k) for k in ("gpqa_ratio_latest", "math_ratio_latest", "mmlu_ratio_latest")]
    ratios = [r for r in ratios if r == r]
    if not ratios:
        return NOT_YET, "no benchmark ratio"
    if min(ratios) >= 0.9:
        return SUPPORTED, f"open frontier at {100 * min(ratios):.0f}–{100 * max(ratios):.0f}% of proprietary: at or above the band"
    if min(ratios) >= OPEN_RATIO:
        return SUPPORTED, f"open frontier at {100 * min(ratios):.0f}–{100 * max(ratios):.0f}% of proprietary"
    return CONTRADICTED, f"open frontier below 80% on a benchmark ({100 * min(ratios):.0f}%)"


def rule_open_value(g):
    lo, share = num(g, "price_decline_per_year_ci_low"), num(g, "price_open_cheapest_share")
    if lo > 0 and share >= 0.5:
        return PARTLY, (f"capability gets {100 * num(g, 'price_decline_per_year'):.0f}% cheaper a year and the cheapest capable "
                        f"model is usually open; vendors' revenue is not public")
    if lo > 0:
        return PARTLY, "prices fall, but the cheapest capable models are mostly proprietary"
    return CONTRADICTED, "the price of a fixed capability is not clearly falling"


def rule_api_costs(g):
    lo = num(g, "price_decline_per_year_ci_low")
    if lo > 0:
        return PARTLY, (f"prices fall {100 * num(g, 'price_decline_per_year'):.0f}% a year (supported); whether a "
                        "window opens for mid-sized firms cannot be measured yet")
    return CONTRADICTED, "API prices for a fixed capability are not clearly falling"


MAJORITY = 0.5


def rule_top_ten(g):
    share, lo = num(g, "top_k_share_latest"), num(g, "top_k_share_trend_ci_low")
    year = int(num(g, "top_k_share_year"))
    if share >= MAJORITY:
        return SUPPORTED, f"even the lower bound is {share:.0%} of AI private investment ({year})"
    if lo > 0:
        return PARTLY, (f"the top companies' disclosed $1B+ rounds alone are {share:.0%} of {year}'s total and rising; "
                        "a majority cannot be shown with public data")
    return UNTESTABLE, f"lower bound {share:.0%} ({year}); the full top-10 share needs proprietary deal data"


def rule_mid_rounds(g):
    if text(g, "rounds_source") != "author":
        lo, hi = num(g, "census_mid_ratio_ci_low"), num(g, "census_mid_ratio_ci_high")
        years = f"{int(num(g, 'census_mid_prev_year'))}–{int(num(g, 'census_mid_last_year'))}"
        if hi < 1:
            return SUPPORTED, f"AI Index counts of $50–500M events fell in {years}"
        if lo > 1:
            return CONTRADICTED, f"AI Index counts of $50–500M events rose in {years}"
        return UNTESTABLE, (f"AI Index counts of $50–500M events show no significant change in {years}, the only "
                            "years with a public breakdown; the trend since the 2021 peak needs earlier counts")
    lo, hi = num(g, "mid_band_trend_ci_low"), num(g, "mid_band_trend_ci_high")
    if hi < 1:
        return SUPPORTED, "mid-size rounds decline in the author's deal file"
    if lo > 1:
        return CONTRADICTED, "mid-size rounds increase in the author's deal file"
    return PARTLY, "no clear trend of mid-size rounds in the author's deal file"


def _sign_rule(g, lo_key, hi_key, up: str, down: str, flat: str, claim_up: bool, center: float = 0.0):
    """Supported when the interval lies on the claim's side of ``center`` (0 for a trend, 1 for a
    ratio), contradicted when it lies on the other side, not testable when it straddles it."""
    lo, hi = num(g, lo_key), num(g, hi_key)
    if lo > center:
        return (SUPPORTED if claim_up else CONTRADICTED), up
    if hi < center:
        return (CONTRADICTED if claim_up else SUPPORTED), down
    return UNTESTABLE, flat


def rule_pushed_out(g):
    verdict, reason = _sign_rule(
        g, "mid_tier_share_trend_ci_low", "mid_tier_share_trend_ci_high",
        "the mid tier's share of notable models is rising", "the mid tier's share of notable models is falling",
        "no clear trend in the mid tier's share of notable models", claim_up=False)
    alt_lo, alt_hi = num(g, "sens_current_trend_ci_low"), num(g, "sens_current_trend_ci_high")
    same = (alt_lo > 0) == (num(g, "mid_tier_share_trend_ci_low") > 0) and \
        (alt_hi < 0) == (num(g, "mid_tier_share_trend_ci_high") < 0)
    return verdict, reason + ("; same with each organization's latest tier" if same else
                              "; the latest-tier variant disagrees")


def rule_dumbbell(g):
    mid_lo, mid_hi = num(g, "mid_tier_share_trend_ci_low"), num(g, "mid_tier_share_trend_ci_high")
    giant_lo = num(g, "giant_share_trend_ci_low")
    if mid_hi < 0 and giant_lo > 0:
        return SUPPORTED, "the mid tier shrinks while giants grow"
    if mid_lo > 0:
        return (CONTRADICTED, "giants and the mid tier both grow at academia's expense; small teams barely "
                "appear among notable models" if giant_lo > 0 else "the mid tier grows")
    return PARTLY, "giants grow; the mid tier shows no clear trend"


def rule_breakthroughs(g):
    if num(g, "citation_ratio_mid_vs_giant_ci_low") > 1 and not num(g, "sens_current_cite_ci_low") > 1:
        return PARTLY, (f"mid-tier models are cited {num(g, 'citation_ratio_mid_vs_giant'):.1f}× as much as giants' of the "
                        "same year, but not when labs that became giants (OpenAI, Anthropic) count as giants throughout")
    return _sign_rule(
        g, "citation_ratio_mid_vs_giant_ci_low", "citation_ratio_mid_vs_giant_ci_high",
        f"mid-tier models are cited {num(g, 'citation_ratio_mid_vs_giant'):.1f}× as much as giants' of the same year",
        "mid-tier models are cited less than giants' of the same year",
        "no clear citation difference between mid-tier and giant models", claim_up=True, center=1.0)


def rule_direction(g):
    return _sign_rule(
        g, "hhi_trend_ci_low", "hhi_trend_ci_high",
        "concentration of notable-model production is rising",
        f"concentration is falling (HHI {num(g, 'hhi_trend'):+.4f}/yr); "
        f"{int(num(g, 'distinct_orgs_latest'))} groups published notable models in {int(num(g, 'latest_year'))}",
        "no clear trend in the concentration of notable-model production", claim_up=True)


ABSORPTIONS = 2


def rule_absorbed(g):
    n = int(num(g, "absorbed_by_giants_max_12m"))
    if n >= ABSORPTIONS:
        return SUPPORTED, (f"{n} acquisitions or licensing deals of mid-tier firms by giants within twelve months "
                           "(documented cases, not a census)")
    return UNTESTABLE, "fewer documented absorptions than the claim's 'multiple cases'"


CLAIMS: list[Claim] = [
    Claim("pushed-out", "mid-sized AI companies ... are now being rapidly pushed out", "innovation",
          "share of notable models built by mid-tier organizations (latest year) and its trend (points/yr, logistic)",
          "supported when the trend's CI lies below zero, contradicted when above zero, not testable otherwise",
          lambda g: f"{num(g, 'mid_tier_share_latest'):.0%} ({int(num(g, 'latest_year'))}); trend "
          + _pts(g, "mid_tier_share_trend") + " points/yr",
          rule_pushed_out, ("mid_tier_share_trend_ci_low",)),
    Claim("cost", "surged from tens of millions of dollars to hundreds of millions", "compute",
          "frontier training cost growth (×/yr, CI); record training run",
          "supported when the growth CI lies above 1 and the record run went from under to over $100M (2023 USD) "
          "around the break date; partly when costs rise without crossing; contradicted otherwise",
          lambda g: _ci(g, "frontier_cost_growth_per_year", "frontier_cost_growth_ci_low", "frontier_cost_growth_ci_high", "×{:.2f}")
          + f"/yr; record ${num(g, 'cost_record_latest_usd') / 1e6:.0f}M ({int(num(g, 'cost_record_latest_year'))})",
          rule_cost, ("frontier_cost_growth_ci_low", "cost_record_latest_usd")),
    Claim("few-firms", "only a very small number of well-funded companies can qualify to compete", "compute",
          "organizations releasing a frontier model per year (last 3 years) and its trend (rate ratio/yr)",
          f"supported when at most {FEW_FIRMS} a year and not rising (rate-ratio CI upper bound at most 1); partly when "
          f"at most {FEW_FIRMS} but rising; contradicted when more",
          lambda g: f"{num(g, 'frontier_orgs_recent_mean'):.1f}/yr; trend " + _ci(
              g, "frontier_orgs_trend", "frontier_orgs_trend_ci_low", "frontier_orgs_trend_ci_high", "×{:.2f}"),
          rule_few_firms, ("frontier_orgs_recent_mean", "frontier_orgs_trend_ci_high")),
    Claim("dumbbell", "a distinct \"dumbbell-shaped\" configuration", "innovation",
          "trends of the giant and mid-tier shares of notable models (points/yr)",
          "supported when the mid tier shrinks and giants grow (CIs), contradicted when the mid tier grows, partly otherwise",
          lambda g: "giants " + _pts(g, "giant_share_trend") + "; mid " + _pts(g, "mid_tier_share_trend") + " points/yr",
          rule_dumbbell, ("giant_share_trend_ci_low", "mid_tier_share_trend_ci_low")),
    Claim("open-80-90", "a free open-source model can achieve 80% to 90% of the performance", "open-models",
          "best open / best proprietary score (GPQA Diamond, latest year); Arena win rate",
          f"supported when the open frontier is at least {OPEN_RATIO:.0%} of the proprietary frontier on every accuracy "
          "benchmark in its latest year; contradicted when below on any",
          lambda g: f"GPQA {num(g, 'gpqa_ratio_latest'):.0%}, MATH {num(g, 'math_ratio_latest'):.0%}; Arena win rate "
          f"{num(g, 'open_winrate_latest'):.0%} (gap {num(g, 'arena_gap_pct_latest'):.1f}%)",
          rule_open_ratio, ("gpqa_ratio_latest",)),
    Claim("open-value", "stripped \"mid-level\" closed-source models of their commercial value", "open-models",
          "price decline of a fixed capability (%/yr, CI); share of months the cheapest capable model is open",
          "at most partly supported (revenue is not public): partly when the price-decline CI lies above 0; "
          "contradicted otherwise",
          lambda g: _price_decline(g) + f"; cheapest is open {num(g, 'price_open_cheapest_share'):.0%} of months",
          rule_open_value, ("price_decline_per_year_ci_low",)),
    Claim("top-ten", "the top ten AI companies captured the vast majority of total industry funding", "capital",
          "lower bound on the top-10 share of AI private investment (their disclosed $1B+ rounds / AI Index total)",
          f"supported when the lower bound exceeds {MAJORITY:.0%}; partly when below but rising (trend CI above 0); "
          "not testable otherwise",
          lambda g: f"≥ {num(g, 'top_k_share_latest'):.0%} ({int(num(g, 'top_k_share_year'))}); trend "
          + _ci(g, "top_k_share_trend", "top_k_share_trend_ci_low", "top_k_share_trend_ci_high", "{:+.2f}") + "/yr",
          rule_top_ten, ("top_k_share_latest",)),
    Claim("mid-rounds", "mid-scale funding rounds declined significantly", "capital",
          "AI Index counts of $50–500M investment events, last two census years (Poisson rate ratio); with an "
          "author's deal file, the yearly count of rounds in the band",
          "supported when the rate-ratio CI lies below 1, contradicted when above 1; otherwise not testable with "
          "public counts (two years), partly with an author's deal file",
          lambda g: (f"{int(num(g, 'census_mid_prev'))} → {int(num(g, 'census_mid_last'))} events; ratio "
                     + _ci(g, "census_mid_ratio", "census_mid_ratio_ci_low", "census_mid_ratio_ci_high", "{:.2f}"))
          if text(g, "rounds_source") != "author" else
          f"{num(g, 'mid_band_share_latest'):.0%} of rounds in the band ({int(num(g, 'mid_band_year_latest'))}, author data)",
          rule_mid_rounds, ("mid_band_share_latest",)),
    Claim("breakthroughs", "many breakthrough innovations often originate from mid-sized companies", "innovation",
          "citations per notable model, mid tier / giants at equal publication year (negative binomial)",
          "supported when the ratio's CI lies above 1 under both the dated and the latest-tier table; partly when only "
          "under the dated one; contradicted when below 1; not testable otherwise",
          lambda g: _ci(g, "citation_ratio_mid_vs_giant", "citation_ratio_mid_vs_giant_ci_low",
                        "citation_ratio_mid_vs_giant_ci_high", "{:.1f}") + "×",
          rule_breakthroughs, ("citation_ratio_mid_vs_giant_ci_low",)),
    Claim("direction", "the direction of fundamental research becomes overly concentrated", "innovation",
          "HHI of notable-model production across organization groups (latest year, bootstrap CI) and its trend",
          "supported when the HHI trend's CI lies above zero, contradicted when below zero, not testable otherwise",
          lambda g: _ci(g, "hhi_latest", "hhi_latest_ci_low", "hhi_latest_ci_high", "{:.3f}")
          + "; trend " + _ci(g, "hhi_trend", "hhi_trend_ci_low", "hhi_trend_ci_high", "{:+.4f}") + "/yr",
          rule_direction, ("hhi_trend_ci_low",)),
    Claim("absorbed", "giants acquiring mid-sized AI companies", "innovation",
          "documented acquisitions and licensing deals of mid-tier AI companies by giants, most within 12 months",
          f"supported when at least {ABSORPTIONS} fall within twelve months; not testable otherwise (the table is a "
          "list of documented cases, not a census)",
          lambda g: f"{int(num(g, 'absorbed_by_giants_n'))} by giants since 2022; {int(num(g, 'absorbed_by_giants_max_12m'))} within 12 months",
          rule_absorbed, ("absorbed_by_giants_max_12m",)),
    Claim("api-window", "API costs continue to decline ... may find a new window of opportunity", "open-models",
          "price decline of a fixed capability (%/yr, CI)",
          "partly supported at most (the window is a forecast): partly when the price-decline CI lies above 0; "
          "contradicted otherwise",
          _price_decline,
          rule_api_costs, ("price_decline_per_year_ci_low",)),
]


def load_glue(executed_dir: Path) -> dict[str, dict]:
    """chapter id -> glued values of its executed notebook (chapters not executed are absent)."""
    out = {}
    for path in sorted(Path(executed_dir).glob("*.ipynb")):
        try:
            with open(path, encoding="utf-8") as fh:
                rec = json.load(fh).get("metadata", {}).get("middleclass")
        except (OSError, ValueError):
            continue
        if rec and "chapter" in rec:
            out[rec["chapter"]] = {**rec.get("glue", {}), "__file__": path.stem}
    return out


def evaluate(glue_by_chapter: dict[str, dict]) -> list[dict]:
    """One row per claim: id, quote, chapter, metric, estimate, verdict, reason, rule."""
    rows = []
    for c in CLAIMS:
        g = glue_by_chapter.get(c.chapter)
        row = {"id": c.id, "quote": c.quote, "chapter": c.chapter, "metric": c.metric, "rule": c.rule_text,
               "estimate": "–", "verdict": NOT_YET, "reason": f"chapter '{c.chapter}' not yet in the book",
               "page": g.get("__file__") if g else None}
        if g is not None and c.rule is not None:
            if all(num(g, k) == num(g, k) for k in c.needs):
                row["estimate"] = c.estimate(g)
                row["verdict"], row["reason"] = c.rule(g)
            else:
                row["reason"] = "the chapter did not produce this measure"
        elif g is not None:
            row["reason"] = "this chapter does not test the claim yet"
        rows.append(row)
    return rows


def counts(rows: list[dict]) -> dict[str, int]:
    return {v: sum(r["verdict"] == v for r in rows) for v in VERDICTS}


def _md(text: str) -> str:
    return str(text).replace("|", "\\|").replace("$", "\\$")


def markdown(rows: list[dict], chapters_prefix: str = "chapters/") -> str:
    """The ledger as a Markdown table plus the rules, for the landing page."""
    c = counts(rows)
    lines = [
        f"{c[SUPPORTED]} supported, {c[PARTLY]} partly supported, {c[CONTRADICTED]} contradicted, "
        f"{c[UNTESTABLE]} not testable with public data, {c[NOT_YET]} not yet measured "
        f"(of {len(rows)} claims). Quotes: {SOURCE}.",
        "",
        "| claim | tested in | measure | estimate (CI at the chapter's level, 90% by default) | verdict |",
        "|---|---|---|---|---|",
    ]
    for r in rows:
        where = f"{{doc}}`{r['chapter']} <{chapters_prefix}{r['page']}>`" if r["page"] else r["chapter"]
        lines.append(f"| “{_md(r['quote'])}” | {where} | {_md(r['metric'])} | {_md(r['estimate'])} | "
                     f"**{r['verdict']}**: {_md(r['reason'])} |")
    lines += ["", "Verdict rules (thresholds are applied by tested code, `middleclass.ledger`):", ""]
    for r in rows:
        lines.append(f"- *{_md(r['quote'][:60])}…*: {_md(r['rule'])}.")
    return "\n".join(lines) + "\n"
