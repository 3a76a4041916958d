"""The article's checkable claims, each with one verdict rule: the single source of truth for
the chapters' verdict sections, the landing-page ledger and the Outlook.

A :class:`Claim` names the measures it reads (``chapter.measure``, as stored in the executed
chapters' metadata), states its rule in words with its thresholds, and judges the measures
into one verdict of a fixed set. A chapter shows the verdicts of the claims it owns; the ledger
evaluates every claim from the stored measures of all chapters. Same rule, same numbers, same
verdict.

Verdicts: *supported*, *partly supported*, *contradicted*, *not testable with public data*
(evidence missing or too uncertain; never for a precise estimate against the claim), and, in
the ledger only, *not yet measured* (the chapter has not been executed).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .analysis.measures import Estimate
from .analysis.records import from_record

SUPPORTED = "supported"
PARTLY = "partly supported"
CONTRADICTED = "contradicted"
UNTESTABLE = "not testable with public data"
NOT_YET = "not yet measured"
VERDICTS = (SUPPORTED, PARTLY, CONTRADICTED, UNTESTABLE, NOT_YET)

SOURCE = "GogoAI News, *The AI Middle Class Is Disappearing as the Industry Polarizes*"

# ----------------------------------------------------------------- thresholds (stated up front)

COST_RECORD_USD = 1e8  # "hundreds of millions" (2023 USD): the record run crosses it
FEW_FIRMS = 10  # at most this many organizations a year at the frontier is "a very small number"
OPEN_RATIO = 0.8  # the bottom of the article's 80-90% band
OPEN_RATIO_TOP = 0.9  # its top
MAJORITY = 0.5  # "the vast majority": at least more than half
ABSORPTIONS = 2  # "multiple cases ... over the past year": at least two within twelve months


class Reading:
    """The measures a claim reads: ``r["name"]`` in the claim's own chapter, ``r["chapter.name"]``
    in another; :meth:`get` returns None for an absent optional measure."""

    def __init__(self, chapter: str, measures: dict[str, dict]):
        self.chapter, self.measures = chapter, measures

    def _split(self, name: str) -> tuple[str, str]:
        return tuple(name.split(".", 1)) if "." in name else (self.chapter, name)  # type: ignore[return-value]

    def get(self, name: str):
        chapter, key = self._split(name)
        return self.measures.get(chapter, {}).get(key)

    def __getitem__(self, name: str):
        value = self.get(name)
        if value is None:
            raise KeyError(name)
        return value

    def v(self, name: str) -> float:
        """The value of an Estimate."""
        return self[name].value


@dataclass(frozen=True)
class Claim:
    """One checkable sentence of the article and the one rule that judges it."""

    id: str
    quote: str
    chapter: str  # chapter id whose verdict section shows it
    measure: str  # what is measured, in words
    rule_text: str  # the rule with its thresholds, as shown in the book
    reads: tuple[str, ...]  # measures the rule needs ("name" in ``chapter``, or "chapter.name")
    judge: Callable[[Reading], tuple[str, str]]  # -> (verdict, one-line reason)
    show: Callable[[Reading], str]  # -> the estimate as text, with its interval

    @property
    def chapters(self) -> set[str]:
        return {self.chapter} | {n.split(".", 1)[0] for n in self.reads if "." in n}


@dataclass(frozen=True)
class Result:
    claim: Claim
    verdict: str
    reason: str
    estimate: str = "–"

    def to_record(self) -> dict:
        return {"verdict": self.verdict, "reason": self.reason, "estimate": self.estimate}


# ----------------------------------------------------------------- rules

def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _usd(x: float) -> str:
    return f"${x / 1e6:,.0f}M" if x < 1e9 else f"${x / 1e9:.1f}B"


def judge_cost(r: Reading):
    growth, pre, post = r["frontier_cost_growth"], r.v("cost_record_pre_break_usd"), r.v("cost_record_post_break_usd")
    if growth.above(1) and pre < COST_RECORD_USD <= post:
        return SUPPORTED, (f"frontier training cost grows ×{growth.value:.1f} a year; the record run went from "
                           f"{_usd(pre)} before the break year to {_usd(post)} after it")
    if growth.above(1):
        return PARTLY, (f"frontier training cost grows ×{growth.value:.1f} a year, but the record run did not go from "
                        f"under to over {_usd(COST_RECORD_USD)} around the break year ({_usd(pre)} to {_usd(post)})")
    return CONTRADICTED, "frontier training cost growth is not distinguishable from no growth"


def judge_few_firms(r: Reading):
    mean, trend = r.v("frontier_orgs_recent_mean"), r["frontier_orgs_trend"]
    if mean > FEW_FIRMS:
        return CONTRADICTED, f"about {mean:.0f} organizations a year reach the frontier, more than {FEW_FIRMS}"
    if trend.ci_high <= 1:
        return SUPPORTED, f"about {mean:.0f} organizations a year reach the frontier, and their number is not rising"
    rising = "rising" if trend.above(1) else "not clearly falling"
    return PARTLY, f"a handful (about {mean:.0f} a year) reach the frontier, but their number is {rising}, not shrinking"


BENCH_RATIOS = {"GPQA Diamond": "gpqa_ratio_latest", "MATH Level 5": "math_ratio_latest", "MMLU": "mmlu_ratio_latest"}


def _ratios(r: Reading) -> dict[str, float]:
    out = {}
    for name, key in BENCH_RATIOS.items():
        e = r.get(key)
        if isinstance(e, Estimate) and e.ok:
            out[name] = e.value
    return out


def judge_open_ratio(r: Reading):
    ratios = _ratios(r)
    if not ratios:
        return UNTESTABLE, "no benchmark with both open and proprietary scores"
    lo, hi = min(ratios.values()), max(ratios.values())
    span = f"{_pct(lo)}–{_pct(hi)}" if lo != hi else _pct(lo)
    if lo >= OPEN_RATIO_TOP:
        return SUPPORTED, f"the open frontier scores {span} of the proprietary frontier: at or above the 80–90% band"
    if lo >= OPEN_RATIO:
        return SUPPORTED, f"the open frontier scores {span} of the proprietary frontier, inside or above the 80–90% band"
    worst = min(ratios, key=ratios.get)
    return CONTRADICTED, f"the open frontier is below 80% of the proprietary frontier on {worst} ({_pct(lo)})"


def judge_open_value(r: Reading):
    decline, share = r["price_decline_per_year"], r.v("price_open_cheapest_share")
    if decline.above(0):
        who = ("the cheapest capable model is usually open-weight" if share >= 0.5 else
               "the cheapest capable models are mostly proprietary")
        return PARTLY, (f"a fixed capability gets {_pct(decline.value)} cheaper a year and {who}; vendors' revenue, "
                        "the claim's real subject, is not public")
    return CONTRADICTED, "the price of a fixed capability is not clearly falling"


def judge_top_ten(r: Reading):
    share, trend, year = r.v("top_k_share_latest"), r["top_k_share_trend"], int(r.v("top_k_share_year"))
    if share >= MAJORITY:
        return SUPPORTED, f"even the lower bound is {_pct(share)} of AI private investment ({year})"
    if trend.above(0):
        return PARTLY, (f"the top companies' disclosed $1B+ rounds alone are {_pct(share)} of {year}'s total and rising; "
                        "a majority cannot be shown with public data")
    return UNTESTABLE, f"lower bound {_pct(share)} ({year}); the full top-10 share needs proprietary deal data"


def judge_mid_rounds(r: Reading):
    if r.get("rounds_source") == "author":
        trend = r["mid_band_trend"]
        if not trend.ok:
            return UNTESTABLE, f"author's deal file: {trend.note}"
        if trend.below(1):
            return SUPPORTED, "mid-size rounds decline in the author's deal file"
        if trend.above(1):
            return CONTRADICTED, "mid-size rounds increase in the author's deal file"
        return UNTESTABLE, "no clear trend of mid-size rounds in the author's deal file"
    ratio = r["census_mid_ratio"]
    years = f"{int(r.v('census_mid_prev_year'))}–{int(r.v('census_mid_last_year'))}"
    if ratio.below(1):
        return SUPPORTED, f"AI Index counts of $50–500M events fell in {years}"
    if ratio.above(1):
        return CONTRADICTED, f"AI Index counts of $50–500M events rose in {years}"
    return UNTESTABLE, (f"AI Index counts of $50–500M events show no significant change in {years}, the only years with "
                        "a public breakdown; the trend since the 2021 peak needs earlier counts")


def _sign(e: Estimate, center: float, up: str, down: str, flat: str, claim_up: bool):
    """Supported when the interval lies on the claim's side of ``center`` (0 for a trend, 1 for
    a ratio), contradicted when on the other side, not testable when it straddles it."""
    if e.above(center):
        return (SUPPORTED if claim_up else CONTRADICTED), up
    if e.below(center):
        return (CONTRADICTED if claim_up else SUPPORTED), down
    return UNTESTABLE, flat


def judge_pushed_out(r: Reading):
    main, alt = r["mid_trend_pts"], r.get("sens_current_trend_pts")
    verdict, reason = _sign(main, 0, "the mid tier's share of notable models is rising",
                            "the mid tier's share of notable models is falling",
                            "no clear trend in the mid tier's share of notable models", claim_up=False)
    if isinstance(alt, Estimate) and alt.ok:
        same = alt.above(0) == main.above(0) and alt.below(0) == main.below(0)
        reason += "; the same with each organization's latest tier" if same else "; the latest-tier variant disagrees"
    return verdict, reason


def judge_dumbbell(r: Reading):
    mid, giant = r["mid_trend_pts"], r["giant_trend_pts"]
    if mid.below(0) and giant.above(0):
        return SUPPORTED, "the mid tier shrinks while giants grow"
    if mid.above(0):
        return CONTRADICTED, ("giants and the mid tier both grow at academia's expense; small teams barely appear among "
                              "notable models" if giant.above(0) else "the mid tier grows")
    return PARTLY, "giants grow; the mid tier shows no clear trend"


def judge_breakthroughs(r: Reading):
    ratio, alt = r["citation_ratio_mid_vs_giant"], r.get("sens_current_cite")
    if ratio.above(1) and isinstance(alt, Estimate) and not alt.above(1):
        return PARTLY, (f"mid-tier models are cited {ratio.value:.1f}× as much as giants' of the same year, but not when "
                        "labs that became giants (OpenAI, Anthropic) count as giants throughout")
    return _sign(ratio, 1, f"mid-tier models are cited {ratio.value:.1f}× as much as giants' of the same year",
                 "mid-tier models are cited less than giants' of the same year",
                 "no clear citation difference between mid-tier and giant models", claim_up=True)


def judge_direction(r: Reading):
    trend = r["hhi_trend"]
    return _sign(trend, 0, "concentration of notable-model production is rising",
                 f"concentration is falling (HHI {trend.value:+.4f} a year); {int(r.v('distinct_orgs_latest'))} groups "
                 f"published notable models in {int(r.v('latest_year'))}",
                 "no clear trend in the concentration of notable-model production", claim_up=True)


def judge_absorbed(r: Reading):
    n = int(r.v("absorbed_by_giants_max_12m"))
    if n >= ABSORPTIONS:
        return SUPPORTED, (f"{n} acquisitions or licensing deals of mid-tier firms by giants within twelve months "
                           "(documented cases, not a census)")
    return UNTESTABLE, "fewer documented absorptions than the claim's 'multiple cases' (the table is not a census)"


def judge_api_window(r: Reading):
    full, recent = r["open-models.price_decline_per_year"], r["open-models.price_factor_recent"]
    slowing = r.get("capability_slowing")
    capability = ("frontier capability gains are slowing" if slowing else
                  "frontier capability is not saturating" if slowing is not None else "capability was not tested")
    if not full.above(0):
        return CONTRADICTED, "API prices for a fixed capability are not clearly falling"
    if recent.below(1):
        return PARTLY, (f"API prices keep falling ({_pct(full.value)} a year; still falling over the last twelve months), "
                        f"but whether a window opens for mid-sized firms is a forecast; {capability}")
    return UNTESTABLE, (f"API prices fell {_pct(full.value)} a year over the whole series but are no longer clearly falling "
                        f"over the last twelve months; {capability}")


# ----------------------------------------------------------------- estimates as text

def _ci(e: Estimate, spec: str = ".2f", prefix: str = "", suffix: str = "") -> str:
    return e.text(spec, prefix, suffix)


def _show_cost(r):
    return (_ci(r["frontier_cost_growth"], ".2f", "×") + f"/yr; record {_usd(r.v('cost_record_post_break_usd'))} from "
            f"the break year on, {_usd(r.v('cost_record_pre_break_usd'))} before")


def _show_open_ratio(r):
    ratios = ", ".join(f"{name.split()[0]} {_pct(v)}" for name, v in _ratios(r).items())
    win, gap = r.get("open_winrate_latest"), r.get("arena_gap_pct_latest")
    arena = f"; Arena win rate {_pct(win.value)} (gap {gap.value:.1f}%)" if win is not None and gap is not None else ""
    return ratios + arena


def _show_mid_rounds(r):
    if r.get("rounds_source") == "author":
        return (f"{_pct(r.v('mid_band_share_latest'))} of rounds in the band ({int(r.v('mid_band_year_latest'))}, author "
                "data); trend " + _ci(r["mid_band_trend"], ".2f", "×"))
    return (f"{int(r.v('census_mid_prev'))} → {int(r.v('census_mid_last'))} events; ratio "
            + _ci(r["census_mid_ratio"], ".2f"))


CLAIMS: list[Claim] = [
    Claim("pushed-out", "mid-sized AI companies ... are now being rapidly pushed out", "innovation",
          "share of notable models built by mid-tier organizations (latest year) and its trend (points/yr, logistic)",
          "supported when the trend's CI lies below zero, contradicted when above zero, not testable otherwise",
          ("mid_trend_pts", "mid_tier_share_latest", "latest_year"), judge_pushed_out,
          lambda r: f"{_pct(r.v('mid_tier_share_latest'))} ({int(r.v('latest_year'))}); trend "
          + _ci(r["mid_trend_pts"], "+.1f") + " points/yr"),
    Claim("cost", "surged from tens of millions of dollars to hundreds of millions", "compute",
          "frontier training cost growth (×/yr, CI); record training runs before and after the break year",
          f"supported when the growth CI lies above 1 and the record run went from under {_usd(COST_RECORD_USD)} "
          "(2023 USD) before the break year to at least that after it; partly when costs rise without that crossing; "
          "contradicted otherwise",
          ("frontier_cost_growth", "cost_record_pre_break_usd", "cost_record_post_break_usd"), judge_cost, _show_cost),
    Claim("few-firms", "only a very small number of well-funded companies can qualify to compete", "compute",
          "organizations releasing a frontier model per year (last 3 years) and its trend (rate ratio/yr)",
          f"supported when at most {FEW_FIRMS} a year and not rising (rate-ratio CI upper bound at most 1); partly when "
          f"at most {FEW_FIRMS} but not falling; contradicted when more",
          ("frontier_orgs_recent_mean", "frontier_orgs_trend"), judge_few_firms,
          lambda r: f"{r.v('frontier_orgs_recent_mean'):.1f}/yr; trend " + _ci(r["frontier_orgs_trend"], ".2f", "×")),
    Claim("dumbbell", "a distinct \"dumbbell-shaped\" configuration", "innovation",
          "trends of the giant and mid-tier shares of notable models (points/yr)",
          "supported when the mid tier shrinks and giants grow (CIs), contradicted when the mid tier grows, partly otherwise",
          ("mid_trend_pts", "giant_trend_pts"), judge_dumbbell,
          lambda r: "giants " + _ci(r["giant_trend_pts"], "+.1f") + "; mid " + _ci(r["mid_trend_pts"], "+.1f") + " points/yr"),
    Claim("open-80-90", "a free open-source model can achieve 80% to 90% of the performance", "open-models",
          "best open / best proprietary score (GPQA Diamond, MATH Level 5, MMLU; latest year); Arena win rate",
          f"supported when the open frontier is at least {OPEN_RATIO:.0%} of the proprietary frontier on every accuracy "
          "benchmark in its latest year; contradicted when below on any",
          ("gpqa_ratio_latest",), judge_open_ratio, _show_open_ratio),
    Claim("open-value", "stripped \"mid-level\" closed-source models of their commercial value", "open-models",
          "price decline of a fixed capability (%/yr, CI); share of months the cheapest capable model is open",
          "at most partly supported (revenue is not public): partly when the price-decline CI lies above 0; "
          "contradicted otherwise",
          ("price_decline_per_year", "price_open_cheapest_share"), judge_open_value,
          lambda r: _ci(r["price_decline_per_year"], ".0%") + f"/yr; cheapest is open "
          f"{_pct(r.v('price_open_cheapest_share'))} of the last 12 months"),
    Claim("top-ten", "the top ten AI companies captured the vast majority of total industry funding", "capital",
          "lower bound on the top-10 share of AI private investment (their disclosed $1B+ rounds / AI Index total)",
          f"supported when the lower bound exceeds {MAJORITY:.0%}; partly when below but rising (trend CI above 0); "
          "not testable otherwise",
          ("top_k_share_latest", "top_k_share_year", "top_k_share_trend"), judge_top_ten,
          lambda r: f"≥ {_pct(r.v('top_k_share_latest'))} ({int(r.v('top_k_share_year'))}); trend "
          + _ci(r["top_k_share_trend"], "+.2f") + "/yr"),
    Claim("mid-rounds", "mid-scale funding rounds declined significantly", "capital",
          "AI Index counts of $50–500M investment events, last two census years (Poisson rate ratio); with an "
          "author's deal file, the yearly count of rounds in the band",
          "supported when the rate-ratio CI lies below 1, contradicted when above 1, not testable otherwise",
          ("census_mid_ratio", "rounds_source"), judge_mid_rounds, _show_mid_rounds),
    Claim("breakthroughs", "many breakthrough innovations often originate from mid-sized companies", "innovation",
          "citations per notable model, mid tier / giants at equal publication year (negative binomial)",
          "supported when the ratio's CI lies above 1 under both the dated and the latest-tier table; partly when only "
          "under the dated one; contradicted when below 1; not testable otherwise",
          ("citation_ratio_mid_vs_giant",), judge_breakthroughs,
          lambda r: _ci(r["citation_ratio_mid_vs_giant"], ".1f", suffix="×")),
    Claim("direction", "the direction of fundamental research becomes overly concentrated", "innovation",
          "HHI of notable-model production across organization groups (latest year, bootstrap CI) and its trend",
          "supported when the HHI trend's CI lies above zero, contradicted when below zero, not testable otherwise",
          ("hhi_trend", "hhi_latest", "distinct_orgs_latest", "latest_year"), judge_direction,
          lambda r: _ci(r["hhi_latest"], ".3f") + "; trend " + _ci(r["hhi_trend"], "+.4f") + "/yr"),
    Claim("absorbed", "giants acquiring mid-sized AI companies", "innovation",
          "documented acquisitions and licensing deals of mid-tier AI companies by giants, most within 12 months",
          f"supported when at least {ABSORPTIONS} fall within twelve months; not testable otherwise (the table is a "
          "list of documented cases, not a census)",
          ("absorbed_by_giants_max_12m", "absorbed_by_giants_n"), judge_absorbed,
          lambda r: f"{int(r.v('absorbed_by_giants_n'))} by giants since 2022; "
                    f"{int(r.v('absorbed_by_giants_max_12m'))} within 12 months"),
    Claim("api-window", "API costs continue to decline ... may find a new window of opportunity", "outlook",
          "price decline of a fixed capability over the whole series and the last 12 months (CI); the Outlook's test "
          "of slowing capability gains",
          "partly supported at most (the window is a forecast): partly when prices fall over the whole series and are "
          "still falling over the last twelve months (both CIs); not testable when the recent trend is too uncertain; "
          "contradicted when prices are not clearly falling over the whole series",
          ("open-models.price_decline_per_year", "open-models.price_factor_recent"), judge_api_window,
          lambda r: _ci(r["open-models.price_decline_per_year"], ".0%") + "/yr; last 12 months: price ×"
          + _ci(r["open-models.price_factor_recent"], ".2f") + "/yr"),
]

BY_ID = {c.id: c for c in CLAIMS}


def judge(claim: Claim, measures: dict[str, dict]) -> Result:
    """The verdict of one claim from the measures of the chapters (chapter -> name -> measure)."""
    missing = sorted(ch for ch in claim.chapters if ch not in measures)
    if missing:
        return Result(claim, NOT_YET, f"chapter(s) {', '.join(missing)} not yet in the book")
    r = Reading(claim.chapter, measures)
    for name in claim.reads:
        value = r.get(name)
        if value is None:
            return Result(claim, NOT_YET, f"the chapter did not produce the measure '{name}'")
        if isinstance(value, Estimate) and not value.ok:
            return Result(claim, UNTESTABLE, f"{name}: {value.note or 'no value'}")
    verdict, reason = claim.judge(r)
    return Result(claim, verdict, reason, claim.show(r))


def evaluate(measures: dict[str, dict]) -> list[Result]:
    """Every claim's verdict (the ledger)."""
    return [judge(c, measures) for c in CLAIMS]


def for_chapter(chapter: str, measures: dict[str, dict]) -> list[Result]:
    """The verdicts a chapter shows (claims it owns)."""
    return [judge(c, measures) for c in CLAIMS if c.chapter == chapter]


def counts(results: list[Result]) -> dict[str, int]:
    return {v: sum(r.verdict == v for r in results) for v in VERDICTS}


# ----------------------------------------------------------------- stored measures

def read_measures(notebook: Path) -> dict | None:
    """(chapter id, measures) stored in an executed notebook's metadata, or None."""
    try:
        with open(notebook, encoding="utf-8") as fh:
            rec = json.load(fh).get("metadata", {}).get("middleclass")
    except (OSError, ValueError):
        return None
    if not rec or "chapter" not in rec:
        return None
    return {"chapter": rec["chapter"], "file": Path(notebook).stem,
            "measures": {k: from_record(v) for k, v in rec.get("measures", {}).items()},
            "verdicts": rec.get("verdicts", {})}


def load_measures(executed_dir: Path) -> dict[str, dict]:
    """chapter id -> {name: measure} of every executed notebook in ``executed_dir``."""
    out = {}
    for path in sorted(Path(executed_dir).glob("*.ipynb")):
        rec = read_measures(path)
        if rec:
            out[rec["chapter"]] = rec["measures"]
    return out
