"""The article's checkable claims, each with one verdict rule: the single source of truth for
the chapters' verdict sections, the landing-page ledger and the Outlook.

A :class:`Claim` names the measures it reads (``chapter.measure``, as stored in the executed
chapters' metadata), states its rule in words with its thresholds, and judges the measures
into one verdict of a fixed set. A chapter shows the verdicts of the claims it owns; the ledger
evaluates every claim from the stored measures of all chapters, at the chapters' level (90% by
default) and at 95%. Same rule, same numbers, same verdict.

Verdicts: *supported*, *partly supported*, *contradicted*, *not testable with public data*
(evidence missing or too uncertain), and, in the ledger only, *not yet measured* (the chapter
has not been executed). A precise estimate that speaks against a claim is *contradicted*, never
*not testable*: an interval that lies inside a stated equivalence margin around "no change"
(e.g. a ratio within ±20%) contradicts a claim of change.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, replace
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
FEW_FIRMS = 10  # at most this many organization groups a year at the frontier is "a very small number"
OPEN_RATIO = 0.8  # the bottom of the article's 80-90% band
OPEN_RATIO_TOP = 0.9  # its top
#: a benchmark is saturated (its ratios say little) when the best score in the window reaches
#: this share of the benchmark's maximum; it counts only with this many open and proprietary models
BENCH_SATURATED = 0.9
BENCH_MIN_MODELS = 3
BENCH_WINDOW_MONTHS = 12  # the models released in the last 12 months of the data
BENCH_MIN_BENCHMARKS = 3  # the median needs at least this many unsaturated benchmarks
#: an open model that wins less than a third of Arena votes against the best proprietary model
#: (about 120 rating points behind) does not deliver 80-90% of its performance to users
ARENA_WIN_FLOOR = 1 / 3
VAST_MAJORITY = 2 / 3  # "the vast majority" of total industry funding
#: "tens of billions of dollars in capital reserves": at least $20B of cash and marketable securities
RESERVES_USD = 20e9
OPEN_CHEAPEST = 0.5  # open-weight models "strip" value when they are the cheapest capable model in most months
ABSORPTIONS = 2  # "multiple cases ... over the past year": at least two within twelve months
MULTIPLE = 2  # "multiple mid-sized AI companies": at least two
OLIGOPOLY_TOP3 = 2 / 3  # the three largest organizations hold at least two thirds of the Arena top 10
FLAT_SLOPE_SHARE = 0.2  # a change of capability gains within ±20% of the earlier gain is "no change"

# equivalence margins: an interval inside one of these is "precisely no change"
FLAT_RATIO = (1 / 1.2, 1.2)  # counts and citation ratios: within ±20%
FLAT_GROWTH = (1 / 1.1, 1.1)  # growth factors per year: within ±10% a year
FLAT_POINTS = 0.5  # share trends: within ±0.5 percentage points a year
FLAT_HHI = 0.002  # HHI trends: within ±0.002 a year (a tenth of a typical year's HHI per decade)
FLAT_HHI_CHANGE = 0.01  # the latest year's HHI against the three years before: within ±0.01 is no change
FLAT_DECLINE = 0.1  # price declines: within ±10% a year
FLAT_ECI = 1.0  # the capability frontier: a trend within ±1 ECI point a year is no movement

#: the tier-share verdicts are judged on every one of these window starts and definitions of the
#: middle tier (issue 24); a verdict that flips between them is at most partly supported
TIER_WINDOW_STARTS = (2020, 2022, 2023)
TIER_DEFINITIONS = {
    "book": "the book's mid tier",
    "article": "the mid tier without the labs known to lie outside the article's definition (under 50 or over 500 "
               "staff, or over $1B raised)",
}

#: the levels the ledger shows every verdict at (the chapters' own level first)
LEDGER_LEVELS = (0.9, 0.95)


class Reading:
    """The measures a claim reads: ``r["name"]`` in the claim's own chapter, ``r["chapter.name"]``
    in another; :meth:`get` returns None for an absent optional measure. With a ``level`` every
    Estimate is read with its interval at that level."""

    def __init__(self, chapter: str, measures: dict[str, dict], level: float | None = None):
        self.chapter, self.measures, self.level = chapter, measures, level

    def _split(self, name: str) -> tuple[str, str]:
        return tuple(name.split(".", 1)) if "." in name else (self.chapter, name)  # type: ignore[return-value]

    def get(self, name: str):
        chapter, key = self._split(name)
        value = self.measures.get(chapter, {}).get(key)
        return value.at(self.level) if isinstance(value, Estimate) else value

    def __getitem__(self, name: str):
        value = self.get(name)
        if value is None:
            raise KeyError(name)
        return value

    def v(self, name: str) -> float:
        """The value of an Estimate."""
        return self[name].value

    def ok(self, name: str) -> bool:
        value = self.get(name)
        return isinstance(value, Estimate) and value.ok


#: the state of a conditional sentence's premise
HOLDS, FAILS, UNCLEAR = "holds", "does not hold", "not established"

#: the kinds of claims: a claim of fact, or one part of a conditional sentence ("when X, Y")
FACT, CONDITIONAL = "fact", "conditional"


@dataclass(frozen=True)
class Premise:
    """The condition X of a conditional sentence "when X happens, Y follows". It is measured
    first; only where it holds is the consequence Y judged. Where it does not hold the claim is
    *not testable: its condition does not hold* (never contradicted)."""

    id: str
    text: str  # the condition in the article's words
    measure: str  # how it is measured
    reads: tuple[str, ...]  # measures it needs ("chapter.name")
    test: Callable[["Reading"], tuple[str, str]]  # -> (HOLDS / FAILS / UNCLEAR, the measured premise as text)


@dataclass(frozen=True)
class Claim:
    """One checkable sentence of the article and the one rule that judges it."""

    id: str
    quote: str
    chapter: str  # chapter id whose verdict section shows it
    measure: str  # what is measured, in words
    rule_text: str  # the rule with its thresholds, as shown in the book
    reads: tuple[str, ...]  # measures the rule needs ("name" in ``chapter``, or "chapter.name")
    judge: Callable[[Reading], tuple[str, str]]  # -> (verdict, one-line reason); for a conditional, the consequence
    show: Callable[[Reading], str]  # -> the estimate as text, with its interval
    interval_based: bool = True  # the verdict rests on a confidence interval (multiplicity count)
    #: the verdicts the rule can return, each with the evidence that yields it (the Methods page)
    outcomes: tuple[tuple[str, str], ...] = ()
    #: why a claim of fact cannot return supported or contradicted (written up front), else ""
    limited: str = ""
    #: the premise, when the claim comes from a conditional sentence ("when X happens, Y follows")
    premise: Premise | None = None

    @property
    def kind(self) -> str:
        return CONDITIONAL if self.premise else FACT

    @property
    def all_reads(self) -> tuple[str, ...]:
        return self.reads + (self.premise.reads if self.premise else ())

    @property
    def chapters(self) -> set[str]:
        return {self.chapter} | {n.split(".", 1)[0] for n in self.all_reads if "." in n}


@dataclass(frozen=True)
class Result:
    claim: Claim
    verdict: str
    reason: str
    estimate: str = "–"
    level: float | None = None
    premise: str = ""  # for a conditional claim: HOLDS, FAILS or UNCLEAR ("" when not reached)

    def to_record(self) -> dict:
        return {"verdict": self.verdict, "reason": self.reason, "estimate": self.estimate,
                **({"premise": self.premise} if self.premise else {})}


# ----------------------------------------------------------------- helpers

def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _usd(x: float) -> str:
    return f"${x / 1e6:,.0f}M" if x < 1e9 else f"${x / 1e9:.1f}B"


def direction(e: Estimate, center: float, flat: tuple[float, float]) -> str:
    """'up' or 'down' when the interval lies on one side of ``center``; 'flat' when it lies
    inside the equivalence margin ``flat`` (precisely no change); 'unclear' otherwise."""
    if e.above(center):
        return "up"
    if e.below(center):
        return "down"
    if e.within(*flat):
        return "flat"
    return "unclear"


def _ci(e: Estimate, spec: str = ".2f", prefix: str = "", suffix: str = "") -> str:
    return e.text(spec, prefix, suffix)


# ----------------------------------------------------------------- rules

def judge_cost(r: Reading):
    growth, pre, post = r["frontier_cost_growth"], r.v("cost_record_pre_break_usd"), r.v("cost_record_post_break_usd")
    way = direction(growth, 1, FLAT_GROWTH)
    split = ""
    before, after = r.get("cost_break_before"), r.get("cost_break_after")
    if isinstance(before, Estimate) and isinstance(after, Estimate) and before.ok and after.ok:
        split = f" (×{before.value:.1f} a year before the break, ×{after.value:.1f} after"
        split += (f"; the change of slope has p = {r.v('break_cost_p_value'):.2f})" if r.ok("break_cost_p_value") else ")")
    tens, first = r.get("cost_tens_years"), r.get("cost_hundreds_first_year")
    shift = (isinstance(first, Estimate) and first.ok and isinstance(tens, str) and tens not in ("", "none"))
    cluster = r.get("largest_cluster_cost_billion")
    clusters = (f"; read as \"GPU cluster investment\", the costliest private cluster of the latest year cost "
                f"${cluster.value:.1f}B, so the article's magnitudes understate today's clusters"
                if isinstance(cluster, Estimate) and cluster.ok and cluster.value >= 1 else "")
    if way == "up" and shift:
        return SUPPORTED, (f"frontier training cost grows ×{growth.value:.1f} a year{split}; the record run was in the tens "
                           f"of millions in {tens} (up to {_usd(r.v('cost_tens_max_usd'))}) and reached "
                           f"{_usd(r.v('cost_hundreds_first_usd'))} in {int(first.value)}" + clusters)
    if way == "up" and tens is None and pre < COST_RECORD_USD <= post:  # stored measures from before the scale shift
        return SUPPORTED, (f"frontier training cost grows ×{growth.value:.1f} a year{split}; the record run went from "
                           f"{_usd(pre)} before the break year to {_usd(post)} after it")
    if way == "up":
        return PARTLY, (f"frontier training cost grows ×{growth.value:.1f} a year{split}, but the record runs did not go "
                        f"from the tens of millions to the hundreds of millions ({_usd(pre)} before the break year, "
                        f"{_usd(post)} after)")
    if way in ("down", "flat"):
        return CONTRADICTED, "frontier training cost is not rising (its growth factor is precisely near 1 or below)"
    return UNTESTABLE, "frontier training cost growth is too uncertain to tell"


def judge_few_firms(r: Reading):
    mean, trend = r.v("frontier_orgs_recent_mean"), r["frontier_orgs_trend"]
    above, above_trend = r.get("groups_above_threshold_recent_mean"), r.get("groups_above_threshold_trend")
    extra = ""
    if isinstance(above, Estimate) and above.ok:
        extra = f"; {above.value:.0f} a year trained a model above {r.get('compute_threshold_label') or 'the threshold'}"
        if isinstance(above_trend, Estimate) and above_trend.above(1):
            extra += f", a number rising ×{above_trend.value:.1f} a year since {above_trend.window.split('–')[0]}"
    if mean > FEW_FIRMS:
        return CONTRADICTED, f"about {mean:.0f} organization groups a year reach the frontier, more than {FEW_FIRMS}{extra}"
    way = direction(trend, 1, FLAT_RATIO)
    rising_bar = isinstance(above_trend, Estimate) and above_trend.above(1)
    if way in ("flat", "down") and not rising_bar:
        return SUPPORTED, (f"about {mean:.0f} organization groups a year reach the frontier, and their number is "
                           f"{'stable' if way == 'flat' else 'falling'} (×{trend.value:.2f} a year){extra}")
    if way == "up" or rising_bar:
        return PARTLY, (f"a handful (about {mean:.0f} groups a year) reach the frontier, but "
                        + ("their number is rising" if way == "up" else "more groups clear a fixed compute bar each year")
                        + extra)
    return PARTLY, (f"a handful (about {mean:.0f} groups a year) reach the frontier; whether their number is stable is "
                    f"unclear (×{trend.value:.2f} a year, {trend.ci_low:.2f} to {trend.ci_high:.2f}){extra}")


BENCH_RATIOS = {"GPQA Diamond": "gpqa_ratio_latest", "MATH Level 5": "math_ratio_latest", "MMLU": "mmlu_ratio_latest"}


def judge_mid_rounds(r: Reading):
    if r.get("rounds_source") == "author":
        trend = r["mid_band_trend"]
        if not trend.ok:
            return UNTESTABLE, f"author's deal file: {trend.note}"
        way = direction(trend, 1, FLAT_RATIO)
        if way == "down":
            return SUPPORTED, "mid-size rounds decline in the author's deal file"
        if way in ("up", "flat"):
            return CONTRADICTED, f"mid-size rounds do not decline in the author's deal file ({way})"
        return UNTESTABLE, "no clear trend of mid-size rounds in the author's deal file"
    ratio = r["census_mid_ratio"]
    band = r.get("mid_band_label") or "mid-scale"
    years = ratio.window
    way = direction(ratio, 1, FLAT_RATIO)
    after, before = r.get("census_mid_ratio_next"), r.get("census_mid_ratio_prev")
    then = (f"; from {after.window} they changed ×{after.value:.2f}" if isinstance(after, Estimate) and after.ok else "")
    if isinstance(before, Estimate) and before.ok and before.has_ci:
        then = (f"; the year before, {before.window}, they changed ×{before.value:.2f} ({before.ci_low:.2f} to "
                f"{before.ci_high:.2f}), a fall the article's year did not continue" if before.below(1) else
                f"; the year before, {before.window}, ×{before.value:.2f}") + then
    if way == "down":
        return SUPPORTED, f"AI Index counts of {band} events fell in {years}{then}"
    if way == "up":
        return CONTRADICTED, f"AI Index counts of {band} events rose in {years}{then}"
    if way == "flat":
        return CONTRADICTED, (f"AI Index counts of {band} events stayed within ±20% in {years} (ratio "
                              f"{ratio.text('.2f')}): no significant decline{then}")
    return UNTESTABLE, f"AI Index counts of {band} events in {years} are too few to tell{then}"


def _recent_or_decade(r: Reading, key: str) -> tuple[Estimate, str]:
    """The tier-share trend over the recent window when measured (the article's "now"), else the
    decade trend; with the window's words for the reason."""
    recent = r.get(f"{key}_recent")
    if isinstance(recent, Estimate) and recent.ok and recent.has_ci:
        return recent, f"since {recent.window.split('–')[0]}"
    return r[key], "over the decade"


def _latest_drop(r: Reading) -> str:
    change = r.get("mid_share_change_latest")
    if isinstance(change, Estimate) and change.ok and change.has_ci and change.value < 0:
        return (f"; the latest year fell {change.value:+.1f} points ({change.ci_low:+.1f} to {change.ci_high:+.1f}, "
                f"{change.window}, possibly incomplete)")
    return ""


def judge_breakthroughs(r: Reading):
    ratio, alt, loo = r["citation_ratio_mid_vs_giant"], r.get("sens_current_cite"), r.get("cite_without_top_org")
    way = direction(ratio, 1, FLAT_RATIO)
    holds = [isinstance(e, Estimate) and e.above(1) for e in (alt, loo)]
    who = r.get("cite_top_org") or "the most-cited lab"
    if way == "up" and all(holds):
        return SUPPORTED, (f"mid-tier models are cited {ratio.value:.1f}× as much as giants' of the same year, also with "
                           f"the latest tier table and without {who}")
    if way == "up":
        why = []
        if not holds[0]:
            why.append("not when labs that became giants (OpenAI, Anthropic) count as giants throughout")
        if not holds[1]:
            why.append(f"not without {who} ({loo.text('.2f', suffix='×') if isinstance(loo, Estimate) else 'n/a'})")
        flags = ""
        if all(r.ok(k) for k in ("sota_share_mid", "sota_share_giant")):
            flags = (f"; the lead rests on {who}'s papers from its years in the mid tier, and by Epoch's notability "
                     f"flags mid-tier models are less often state of the art ({_pct(r.v('sota_share_mid'))} against "
                     f"{_pct(r.v('sota_share_giant'))})" if r.v("sota_share_mid") < r.v("sota_share_giant") and not holds[1]
                     else "")
        return PARTLY, f"mid-tier models are cited {ratio.value:.1f}× as much as giants' of the same year, but " + \
            " and ".join(why) + flags
    if way in ("down", "flat"):
        return CONTRADICTED, "mid-tier models are not cited more than giants' of the same year"
    return UNTESTABLE, "no clear citation difference between mid-tier and giant models"


def judge_funding_highs(r: Reading):
    verdict, reason = _funding_highs_real(r)
    n24, n25 = r.get("record_total_nominal_2024"), r.get("record_total_nominal_2025")
    if n24 is not None and n25 is not None:
        both = [y for y, flag in (("2024", n24), ("2025", n25)) if flag]
        reason += ("; in current dollars " + (" and ".join(both) + (" were records" if len(both) > 1 else " was a record")
                                              if both else "neither year was a record"))
    return verdict, reason


def _funding_highs_real(r: Reading):
    t24, t25 = r.get("record_total_2024"), r.get("record_total_2025")
    g24, g25 = r.get("record_genai_2024"), r.get("record_genai_2025")
    years = r.get("funding_series_years") or "the series"
    if t25 is None:
        return UNTESTABLE, f"the public series ({years}) does not reach 2025"
    if t24 and t25:
        return SUPPORTED, "AI private investment set a record in 2024 and in 2025 (2021 dollars)"
    if t24 or t25 or (g24 and g25):
        which = "2025" if t25 else "2024" if t24 else "neither year"
        below = (" (2024 stayed below the earlier peak)" if t25 and not t24 else
                 " (2025 stayed below the earlier peak)" if t24 and not t25 else "")
        return PARTLY, (f"in 2021 dollars the total set a record in {which} only{below}"
                        + ("; generative-AI investment set records in both years" if g24 and g25 else ""))
    return CONTRADICTED, "neither 2024 nor 2025 set a record in 2021 dollars"


def judge_layoffs(r: Reading):
    n, trend = int(r.v("layoff_ai_mid_companies_past_year")), r["layoff_ai_mid_share_trend"]
    band, year = r.get("layoff_band_label") or "mid", int(r.v("layoff_past_year"))
    who = f"{n} AI companies with {band} raised had layoffs or shutdowns on layoffs.fyi in {year}"
    if n < MULTIPLE:
        return UNTESTABLE, f"{who}: fewer than the claim's 'multiple', and a crowd-sourced list can miss them"
    way = direction(trend, 1, FLAT_GROWTH)
    if way == "down":
        return PARTLY, who + ", but their share of tech layoff events is falling"
    rising = {"up": "rising", "flat": "stable", "unclear": "without a clear trend"}[way]
    bands = r.get("layoff_ai_mid_vs_other_bands")
    wide = (f", though no faster than at AI companies in other funding bands ({bands.text('.2f', suffix='×')} a year): "
            "the rise is AI-wide" if way == "up" and isinstance(bands, Estimate) and bands.ok and bands.has_ci
            and not bands.above(1) else "")
    return SUPPORTED, who + f"; their share of tech layoff events is {rising} ({trend.text('.2f', suffix='×')} a year){wide}"


def judge_small_teams(r: Reading):
    newly, yc, price = r["newly_funded_trend"], r["yc_ai_trend"], r["open-models.price_decline_per_year"]
    ways = [direction(newly, 1, FLAT_GROWTH), direction(yc, 1, FLAT_GROWTH),
            direction(price, 0, (-FLAT_DECLINE, FLAT_DECLINE))]
    limit = "; counts of new companies do not show them competing, so the claim is at most partly supported"
    latest = r.get("yc_ai_change_latest")
    recent = (f" (×{latest.value:.2f} in {latest.window}, as YC went to {int(r.v('yc_batches_latest'))} batches a year)"
              if isinstance(latest, Estimate) and latest.ok and r.ok("yc_batches_latest") else "")
    if all(w == "up" for w in ways):
        return PARTLY, (f"the small end grows: newly funded AI companies ×{newly.value:.2f} a year and YC's AI-tagged "
                        f"companies ×{yc.value:.2f} a batch year{recent}, while a fixed capability gets "
                        f"{_pct(price.value)} cheaper a year" + limit)
    if ways[0] in ("down", "flat") and ways[1] in ("down", "flat"):
        return CONTRADICTED, "newly funded AI companies and YC's AI companies are not growing"
    if any(w == "up" for w in ways):
        return PARTLY, "some measures of the small end grow and others do not" + limit
    return UNTESTABLE, "the small end's counts are too uncertain"


def capability_reading(r: Reading) -> tuple[str, str]:
    """Are frontier capability gains slowing? 'slowing', 'not slowing' or 'unclear', with the
    evidence: the change of the yearly gain at the chapter's break date (HAC), the same test at
    every break date of the grid, and the last twelve months' gain against the twelve before.
    A direction is called only when all three agree (the series is a step function with few
    jumps, so one break date or window can decide it)."""
    change, before = r.get("outlook.eci_slope_change"), r.get("outlook.eci_slope_before")
    if not (isinstance(change, Estimate) and change.ok and change.has_ci):
        return "unclear", "the capability frontier's series is too short for a break test"
    base = abs(before.value) if isinstance(before, Estimate) and before.ok else None
    flat = (-FLAT_SLOPE_SHARE * base, FLAT_SLOPE_SHARE * base) if base else (0.0, 0.0)
    way = direction(change, 0, flat)
    n, slower, faster = (int(r.v(f"outlook.eci_grid{k}")) if r.ok(f"outlook.eci_grid{k}") else 0
                         for k in ("_n", "_slower_n", "_faster_n"))
    last, prev = r.get("outlook.eci_gain_last12"), r.get("outlook.eci_gain_prev12")
    ratio = last.value / prev.value if (isinstance(last, Estimate) and isinstance(prev, Estimate) and last.ok and prev.ok
                                        and prev.value > 0) else None
    evidence = (f"the yearly gain changed {change.value:+.1f} ECI points a year at the chapter's break"
                + (f" ({change.window})" if change.window else "") + f" ({change.ci_low:+.1f} to {change.ci_high:+.1f})")
    if n:
        evidence += (f"; of {n} break dates ({r.get('outlook.eci_grid_window')}), {slower} show a significant slowdown "
                     f"and {faster} a significant speed-up")
    if ratio is not None:
        evidence += f"; the last twelve months gained {last.value:.1f} points against {prev.value:.1f} the twelve before"
    yoy_slower = ratio is not None and ratio < 1 - FLAT_SLOPE_SHARE
    yoy_not_slower = ratio is None or ratio >= 1 - FLAT_SLOPE_SHARE
    if way == "down" and faster == 0 and (ratio is None or yoy_slower):
        return "slowing", evidence
    if way in ("up", "flat") and slower == 0 and yoy_not_slower:
        return "not slowing", evidence
    return "unclear", evidence


def judge_open_ratio(r: Reading):
    med = r["open_ratio_median"]
    counted, saturated = int(med.n or 0), r.get("open_ratio_saturated_n")
    sat = (f"; {int(saturated.value)} saturated benchmark{'s' if saturated.value != 1 else ''} set aside"
           if isinstance(saturated, Estimate) and saturated.ok and saturated.value else "")
    what = (f"the best open-weight model scores a median {_pct(med.value)} ({_pct(med.ci_low)} to {_pct(med.ci_high)}) "
            f"of the best proprietary one on {counted} unsaturated benchmarks{sat}")
    win = r.get("open_winrate_latest")
    arena = (f"; on the Arena the best open model would win {_pct(win.value)} of votes against the best proprietary one"
             if isinstance(win, Estimate) and win.ok else "")
    if med.ci_low >= OPEN_RATIO:
        if isinstance(win, Estimate) and win.ok and win.value < ARENA_WIN_FLOOR:
            return PARTLY, what + arena + f", under a third: users see a larger gap than the benchmarks"
        return SUPPORTED, what + ": at or above the 80–90% band" + arena
    if med.ci_high < OPEN_RATIO:
        worst = r.get("open_ratio_worst")
        return CONTRADICTED, what + ": below 80% on the benchmarks that still measure something" + (
            f" (lowest: {worst})" if isinstance(worst, str) and worst else "") + arena
    return PARTLY, what + ": the interval straddles 80% (above on some benchmarks, below on others)" + arena


def judge_open_value(r: Reading):
    decline, share = r["price_decline_per_year"], r["price_open_cheapest_share"]
    way = direction(decline, 0, (-FLAT_DECLINE, FLAT_DECLINE))
    months = f" of the last {share.n} months" if share.n else " of the last 12 months"
    alt = r.get("price_open_cheapest_share_anchored")
    alt_txt = (f"; with capability judged within each snapshot against anchor models, {_pct(alt.value)}"
               if isinstance(alt, Estimate) and alt.ok else "")
    if share.value < OPEN_CHEAPEST:
        return CONTRADICTED, (f"the cheapest capable model was open-weight in only {_pct(share.value)}{months}{alt_txt}: "
                              "proprietary models, not open ones, undercut the middle on price")
    if way in ("down", "flat"):
        return CONTRADICTED, "the price of a fixed capability is not falling"
    if way == "up":
        return PARTLY, (f"a fixed capability gets {_pct(decline.value)} cheaper a year ({decline.window}) and the cheapest "
                        f"capable model was open-weight in {_pct(share.value)}{months}{alt_txt}; vendors' revenue, the "
                        "claim's real subject, is not public, so the rule stops at partly")
    return UNTESTABLE, "the price trend of a fixed capability is too uncertain"


def top_ten_bounds(r: Reading) -> dict | None:
    """The lower and upper bounds on the top ten's share of the latest year's AI private
    investment (2021 USD). Upper: every $500M-1B event of the AI Index at $1B and every $1B+
    event missing from the curated table at the year's largest recorded round, taking the larger
    of two scenarios (every curated round inside the AI Index's scope; only the rounds surely
    inside it, so that more events are missing). Lower: the top ten's recorded rounds, the
    smaller of the two scenarios. None when the size bands or the largest round are not
    measured."""
    keys = ("top_k_total_billion", "top_k_usd_latest_billion", "top_k_500m_1b_max_billion", "top_k_missing_1b_events",
            "top_k_largest_round_billion")
    if not all(r.ok(k) for k in keys):
        return None
    total, top, band, missing, largest = (r.v(k) for k in keys)
    scenarios = [(top, missing)]
    if r.ok("top_k_usd_in_scope_billion") and r.ok("top_k_missing_1b_events_in_scope"):
        scenarios.append((r.v("top_k_usd_in_scope_billion"), r.v("top_k_missing_1b_events_in_scope")))
    uppers = [(t + band + m * largest) / total for t, m in scenarios]
    best = max(range(len(scenarios)), key=lambda i: uppers[i])
    t, m = scenarios[best]
    need = VAST_MAJORITY * total - t - band
    return {"total": total, "top": t, "band": band, "missing": int(m), "largest": largest,
            "lower": min(s[0] for s in scenarios) / total, "upper": min(uppers[best], 1.0),
            "per_missing": need / m if m else math.inf, "need": need,
            "scenario": "only the rounds surely inside the AI Index's scope" if best else "every curated round in scope"}


def judge_top_ten(r: Reading):
    share, year = r.v("top_k_share_latest"), int(r.v("top_k_share_year"))
    coverage = r.get("coverage_latest")
    cov = f"; the curated rounds cover {_pct(coverage.value)} of that year's $1B+ events" if (
        isinstance(coverage, Estimate) and coverage.ok) else ""
    if share >= VAST_MAJORITY:
        return SUPPORTED, f"even the lower bound is {_pct(share)} of AI private investment in {year}{cov}"
    b = top_ten_bounds(r)
    if b is None:
        return UNTESTABLE, (f"the top companies' disclosed $1B+ rounds alone are at least {_pct(share)} of {year}'s total "
                            f"(2021 dollars){cov}; without the AI Index's size bands for {year} no upper bound can be set")
    head = (f"in {year} the top ten's share of AI private investment lies between {_pct(b['lower'])} (their disclosed "
            f"$1B+ rounds) and {_pct(b['upper'])} (adding every $500M–1B event at $1B and each of the {b['missing']} "
            f"$1B+ events missing from the table at the year's largest recorded round, ${b['largest']:.1f}B, counting "
            f"{b['scenario']}; 2021 dollars){cov}")
    if b["upper"] < VAST_MAJORITY:
        per = (f"each missing $1B+ event would have to carry ${b['per_missing']:.1f}B, more than the largest round "
               f"recorded that year" if b["missing"] else "no $1B+ event is missing from the table")
        return CONTRADICTED, (head + f": short of two thirds by {100 * (VAST_MAJORITY - b['upper']):.0f} points even "
                              f"at that bound ({per})")
    return UNTESTABLE, head + ": two thirds lies between the bounds; whether they reached it needs proprietary deal data"


def _tier_specs(r: Reading, names: tuple[str, ...]) -> dict[tuple[int, str], tuple[Estimate, ...]]:
    """(window start, definition) -> the trends ``names`` ('mid', 'giant') measured under that
    choice (``{name}_pts_from{start}_{definition}``), for every pre-declared choice measured."""
    out = {}
    for start in TIER_WINDOW_STARTS:
        for defn in TIER_DEFINITIONS:
            ests = tuple(r.get(f"{n}_pts_from{start}_{defn}") for n in names)
            if all(isinstance(e, Estimate) and e.ok and e.has_ci for e in ests):
                out[(start, defn)] = ests
    return out


_SHORT = {UNTESTABLE: "too uncertain", PARTLY: "partly supported"}


def _choice(spec: tuple[int, str]) -> str:
    start, defn = spec
    return f"from {start}" + ("" if defn == "book" else " without the labs outside the article's definition")


def _default_spec(r: Reading) -> tuple[int, str]:
    start = r.get("recent_start_year")
    return (int(start.value) if isinstance(start, Estimate) and start.ok else TIER_WINDOW_STARTS[0], "book")


def _pushed_out_base(mid: Estimate):
    way = direction(mid, 0, (-FLAT_POINTS, FLAT_POINTS))
    if way == "down":
        return SUPPORTED, f"the mid tier's share of notable models is falling ({mid.text('+.1f')} points a year)"
    if way == "up":
        return CONTRADICTED, f"the mid tier's share of notable models is rising ({mid.text('+.1f')} points a year)"
    if way == "flat":
        return CONTRADICTED, f"the mid tier's share of notable models is flat within ±{FLAT_POINTS} points a year"
    return UNTESTABLE, f"the mid tier's share trend is too uncertain to tell ({mid.text('+.1f')} points a year)"


def judge_pushed_out(r: Reading):
    main, when = _recent_or_decade(r, "mid_trend_pts")
    verdict, reason = _across_choices(r, ("mid",), _pushed_out_base, (main,), _default_spec(r))
    return verdict, f"{when}: " + reason + _latest_drop(r)


def _dumbbell_base(mid: Estimate, giant: Estimate):
    flat = (-FLAT_POINTS, FLAT_POINTS)
    mid_way, giant_way = direction(mid, 0, flat), direction(giant, 0, flat)
    if mid_way == "down" and giant_way == "up":
        return SUPPORTED, "the mid tier shrinks while giants grow"
    if mid_way in ("up", "flat"):
        return CONTRADICTED, (("giants and the mid tier both grow at academia's expense" if giant_way == "up" else
                               f"the mid tier's share is {'rising' if mid_way == 'up' else 'flat'}")
                              + "; small teams barely appear among notable models")
    if giant_way == "up":
        return PARTLY, "giants grow; the mid tier shows no clear trend"
    return UNTESTABLE, "neither tier's share trend is clear"


def judge_dumbbell(r: Reading):
    (mid, when), (giant, _) = _recent_or_decade(r, "mid_trend_pts"), _recent_or_decade(r, "giant_trend_pts")
    verdict, reason = _across_choices(r, ("mid", "giant"), _dumbbell_base, (mid, giant), _default_spec(r))
    return verdict, f"{when}: " + reason + _latest_drop(r)


def judge_direction(r: Reading):
    trend, recent = r["hhi_trend"], r.get("hhi_change_recent")
    long_way = direction(trend, 0, (-FLAT_HHI, FLAT_HHI))
    recent_way = (direction(recent, 0, (-FLAT_HHI_CHANGE, FLAT_HHI_CHANGE)) if isinstance(recent, Estimate) and recent.ok
                  else "unclear")
    base = r.get("hhi_recent_from")
    span = (f"HHI {r.v('hhi_latest'):.3f} in {r['hhi_latest'].window} against {base.value:.3f} on average in "
            f"{base.window}, corrected for the number of models" if isinstance(base, Estimate) and base.ok else "")
    top = r.get("top5_change_recent")
    top_note = (f"; the top five's share changed {top.value:+.2f} ({top.ci_low:+.2f} to {top.ci_high:+.2f})"
                if isinstance(top, Estimate) and top.ok and top.has_ci else "")
    if long_way == "up" and recent_way == "up":
        return SUPPORTED, f"concentration rises over the decade and recently ({span})"
    if long_way == "up" or recent_way == "up":
        return PARTLY, (f"concentration rose recently ({span}) though the decade trend is "
                        f"{'falling' if long_way == 'down' else 'flat or unclear'}" if recent_way == "up" else
                        "the decade trend rises but the recent change is not clear")
    if long_way in ("down", "flat"):
        return CONTRADICTED, (f"the decade trend is {'falling' if long_way == 'down' else 'flat'} "
                              f"(HHI {trend.value:+.4f} a year) and the recent change is not a rise ({span})")
    if recent_way in ("down", "flat") and isinstance(recent, Estimate) and recent.has_ci:
        return UNTESTABLE, (f"concentration {'fell' if recent_way == 'down' else 'held steady'} recently "
                            f"({span}: {recent.value:+.3f}, {recent.ci_low:+.3f} to {recent.ci_high:+.3f}) but "
                            f"the decade trend is unclear (HHI {trend.value:+.4f} a year, {trend.ci_low:+.4f} to "
                            f"{trend.ci_high:+.4f})") + top_note
    return UNTESTABLE, (f"neither the decade trend (HHI {trend.value:+.4f} a year, "
                        f"{trend.ci_low:+.4f} to {trend.ci_high:+.4f}) nor the recent change ({span}: "
                        f"{recent.value:+.3f}, {recent.ci_low:+.3f} to {recent.ci_high:+.3f}) is clear"
                        if isinstance(recent, Estimate) and recent.has_ci else
                        "neither the decade trend nor the recent change is clear") + top_note


def judge_window(r: Reading):
    """The consequence of the saturation sentence: mid-sized companies "find a new window of
    opportunity", read as the mid tier's share of notable models rising again."""
    mid = r["innovation.mid_trend_pts_recent"]
    way = direction(mid, 0, (-FLAT_POINTS, FLAT_POINTS))
    text = f"the mid tier's share of notable models changes {mid.text('+.1f')} points a year ({mid.window})"
    if way == "up":
        return SUPPORTED, text + ": mid-sized firms are gaining ground"
    if way in ("down", "flat"):
        return CONTRADICTED, text + ": no window is opening"
    return UNTESTABLE, text + ": too uncertain to tell"


def judge_talent(r: Reading):
    return UNTESTABLE, ("public affiliation histories (OpenAlex, ORCID) follow authors of papers, not the engineers who "
                        "move between AI companies, and are incomplete for industry; professional-network data is "
                        "proprietary, so whether mobility is homogenizing cannot be measured at a useful quality")


def _across_choices(r: Reading, names: tuple[str, ...], base, default: tuple[Estimate, ...], default_spec):
    """The verdict ``base(*estimates)`` under the default choice, checked under every pre-declared
    window start and definition of the mid tier. A verdict that another choice changes is capped:
    support under some choices and anything else under others is at most partly supported; a
    contradiction that other choices only leave too uncertain stays contradicted, marked as
    resting on fewer choices (no choice speaks for the claim); support under some choices and
    contradiction under others is partly supported (the answer depends on the choice)."""
    verdict, reason = base(*default)
    specs = _tier_specs(r, names)
    if not specs:
        return verdict, reason
    judged = {spec: base(*ests)[0] for spec, ests in specs.items()}
    judged[default_spec] = verdict
    flips = {spec: v for spec, v in judged.items() if v != verdict}
    n = len(judged)
    if not flips:
        return verdict, reason + (f"; the same under the {n} pre-declared choices measured (window from "
                                  f"{', '.join(map(str, TIER_WINDOW_STARTS))}; with and without the labs outside the "
                                  "article's definition)")
    shown = "; ".join(f"{_SHORT.get(v, v)} {_choice(spec)} ({', '.join(e.text('+.1f') for e in specs[spec])})"
                      for spec, v in flips.items())
    kinds = set(judged.values())
    support = kinds & {SUPPORTED, PARTLY}
    if verdict == CONTRADICTED and not support:
        return CONTRADICTED, (f"{reason}, under {n - len(flips)} of the {n} pre-declared choices; the others are too "
                              f"uncertain to tell ({shown}), and none shows the claim holding")
    if verdict in (SUPPORTED, CONTRADICTED) or (CONTRADICTED in kinds and support):
        return PARTLY, (f"{verdict} on the default choice ({reason}), but the verdict depends on the choice: {shown}; a "
                        "verdict that another window or definition of the middle changes is at most partly supported")
    return verdict, reason + f"; other choices: {shown}"


def judge_oligopoly(r: Reading):
    """The consequence "giants form de facto oligopolies", on a weak proxy: the Arena top 10.
    Competition at the top counts as growing only when two measures agree (more organizations
    hold places, and the three largest hold fewer of them), so one noisy monthly mean does not
    decide it."""
    top3 = r.v("top10_top3_share_recent")
    change, share_change = r["top10_orgs_change"], r.get("top10_top3_change")
    orgs, prev = r.get("top10_orgs_recent"), r.get("top10_orgs_prev")
    n = f"{orgs.value:.1f} organizations" if isinstance(orgs, Estimate) and orgs.ok else "a few organizations"
    head = (f"a weak proxy: {n} hold the Arena top 10 (monthly mean, last 12 months), the largest three {_pct(top3)} of "
            "the places; whether this harms long-term innovation is not measurable")
    moves = (f" (organizations {change.text('+.1f')} on the 12 months before"
             + (f"; the top three's share {share_change.text('+.2f')}" if isinstance(share_change, Estimate)
                and share_change.ok else "") + ")")
    more = change.above(0)
    less_top = isinstance(share_change, Estimate) and share_change.below(0)
    if top3 < 0.5 or (more and less_top):
        return CONTRADICTED, head + ("; the largest three hold under half the places" if top3 < 0.5 else
                                     "; more organizations reach the top and the largest three hold fewer places") + moves
    if top3 >= OLIGOPOLY_TOP3 and not more and not less_top and change.has_ci:
        return SUPPORTED, head + "; neither more organizations nor a smaller share of the largest three" + moves
    if top3 >= OLIGOPOLY_TOP3:
        return PARTLY, head + "; the top is concentrated but one of the two measures moves against it" + moves
    return UNTESTABLE, head + moves


def judge_premium(r: Reading):
    share, change = r["open_usage_share_latest"], r.get("open_usage_share_change")
    text = f"open-weight models carry {share.value:.0f}% of enterprise LLM workloads ({share.window}, {share.label})"
    has_change = isinstance(change, Estimate) and change.ok
    if has_change:
        text += f", {change.value:+.0f} points since {change.window}"
    if share.value >= 50:
        return SUPPORTED, text + ": most workloads run on the free models"
    if has_change and change.value <= 0:
        return CONTRADICTED, text + ": most workloads stay on proprietary models, and the open share is not rising"
    return UNTESTABLE, text + ": a minority share that is rising" if has_change else text


def judge_pivot(r: Reading):
    last = r["model_exits_past_year"]
    n, who = int(last.value), r.get("model_exits_past_year_list") or ""
    text = (f"{n} mid-tier model developers announced in {last.window} that they stop training frontier or foundation "
            f"models of their own" + (f" ({who})" if n else "") + "; documented cases, not a census")
    earlier = r.get("model_exits_list")
    if earlier and earlier != "none" and n < MULTIPLE:
        text += f"; earlier: {earlier}"
    if n >= MULTIPLE:
        return SUPPORTED, text
    return UNTESTABLE, text + ": fewer than the claim's \"some\""


def judge_absorbed(r: Reading):
    last = r["acquired_mid_last12"]
    mid, anyb, absorbed = int(last.value), int(r.v("acquired_any_last12")), int(r.v("absorbed_mid_last12"))
    listing = r.get("acquired_mid_last12_list") or ""
    census = (f"; the census (public acquisition lists of the giants and the large chip and cloud firms, a lower bound) "
              f"holds {anyb} acquisitions of AI companies of any size in that year")
    if mid >= ABSORPTIONS:
        return SUPPORTED, (f"{mid} outright acquisitions of mid-sized AI companies (50–500 staff, or $50M–$1B raised, or "
                           f"a $100M–$5B price where staff and funding are not public) in {last.window}: {listing}"
                           + census)
    if absorbed >= ABSORPTIONS or anyb >= ABSORPTIONS:
        return PARTLY, (f"{mid} outright acquisition(s) of AI companies known to be mid-sized in {last.window}, but "
                        f"{absorbed} deals counting licence-and-hire deals and {anyb} acquisitions of any size" + census)
    return UNTESTABLE, f"fewer than {ABSORPTIONS} acquisitions of AI companies in {last.window}" + census


# ----------------------------------------------------------------- premises of conditional sentences

def premise_middle_gone(r: Reading) -> tuple[str, str]:
    """'When the industry is left with only "mega-corporations" and "micro-workshops"': read as
    the middle being pushed out, the verdict of the ``pushed-out`` claim on the same measures
    (a weaker condition than its disappearance, so the consequence is judged as soon as the
    squeeze is under way)."""
    res = judge(BY_ID["pushed-out"], r.measures, r.level)
    state = {SUPPORTED: HOLDS, CONTRADICTED: FAILS}.get(res.verdict, UNCLEAR)
    what = {HOLDS: "the middle is being pushed out", FAILS: "the middle is not being pushed out",
            UNCLEAR: "whether the middle is being pushed out is not established"}[state]
    return state, f"{what} (pushed-out: {res.verdict}; {res.estimate})"


def premise_saturation(r: Reading) -> tuple[str, str]:
    """'When foundation model capabilities approach saturation, API costs continue to decline
    [and applications enter deeper waters]': capability gains slowing (the Outlook's three
    tests) and the price of a fixed capability falling; the third part has no public measure."""
    cap, evidence = capability_reading(r)
    full = r["open-models.price_decline_per_year"]
    price = direction(full, 0, (-FLAT_DECLINE, FLAT_DECLINE))
    price_txt = f"API prices for a fixed capability fall {_ci(full, '.0%')} a year ({full.window})"
    cap_txt = {"slowing": "capability gains are slowing", "not slowing": "capability gains are not slowing",
               "unclear": "whether capability gains are slowing is unclear"}[cap]
    text = f"{cap_txt} ({evidence}); {price_txt}"
    if cap == "not slowing" or price in ("down", "flat"):
        return FAILS, text
    if cap == "slowing" and price == "up":
        return HOLDS, text
    return UNCLEAR, text


def judge_capabilities(r: Reading):
    trend, gain = r["eci_frontier_trend"], r.get("eci_gain_last12")
    way = direction(trend, 0, (-FLAT_ECI, FLAT_ECI))
    moved = isinstance(gain, Estimate) and gain.ok and gain.value > 0
    still = isinstance(gain, Estimate) and gain.ok and gain.value <= 0
    text = f"the capability frontier (best ECI score so far) moves {trend.text('+.1f')} ECI points a year ({trend.window})"
    if isinstance(gain, Estimate) and gain.ok:
        text += f"; it gained {gain.value:.1f} points in the last twelve months ({gain.window})"
    if way == "up" and moved:
        return SUPPORTED, text
    if way in ("down", "flat") or still:
        return CONTRADICTED, text + ": no new best model"
    return UNTESTABLE, text + ": too uncertain to tell"


def judge_winner_take_all(r: Reading):
    trend, last = r["big_event_share_trend"], r.get("big_event_share_change_latest")
    way = direction(trend, 1, FLAT_GROWTH)
    text = (f"the share of AI investment events of $500M or more among disclosed events changes "
            f"{trend.text('.2f', suffix='×')} a year ({trend.window}, AI Index counts)")
    last_way = direction(last, 1, FLAT_RATIO) if isinstance(last, Estimate) and last.ok and last.has_ci else "unclear"
    if isinstance(last, Estimate) and last.ok:
        text += f"; latest year against the one before in one edition ({last.window}): {last.text('.2f', suffix='×')}"
    if way == "up" and last_way != "down":
        return SUPPORTED, text
    if way == "up" or last_way == "up":
        return PARTLY, text + ("; the latest year did not continue the rise" if way == "up" else
                               "; the long trend is not clear")
    if way in ("down", "flat"):
        return CONTRADICTED, text
    return UNTESTABLE, text + ": too uncertain"


def judge_rounds_walls(r: Reading):
    ratio = r["census_mid_ratio_next"]
    band = r.get("mid_band_label") or "mid-scale"
    way = direction(ratio, 1, FLAT_RATIO)
    text = f"AI Index counts of {band} events changed {ratio.text('.2f', suffix='×')} from {ratio.window}"
    if way == "down":
        return SUPPORTED, text + ": mid-scale rounds are still getting scarcer"
    if way in ("up", "flat"):
        return CONTRADICTED, text + (": mid-scale rounds became more frequent" if way == "up" else ": no decline")
    return UNTESTABLE, text + ": too few events to tell"


def judge_reserves(r: Reading):
    low, who, year = r.v("giants_cash_min_billion"), r.get("giants_cash_min_company"), r.get("giants_cash_year")
    capex = r.get("giants_capex_latest_billion")
    text = (f"the least liquid of the listed giants ({who}) held ${low:.0f}B of cash and marketable securities at the end "
            f"of fiscal {year}")
    if isinstance(capex, Estimate) and capex.ok:
        text += f"; together they spent ${capex.value:.0f}B on capital expenditure in fiscal {capex.window}"
    if low >= RESERVES_USD / 1e9:
        return SUPPORTED, text
    if low < 10:
        return CONTRADICTED, text + ": under ten billion"
    return PARTLY, text + ": ten to twenty billion, the bottom of \"tens of billions\""


def premise_open_parity(r: Reading) -> tuple[str, str]:
    """'When a free open-source model can achieve 80% to 90% of the performance': the verdict of
    the ``open-80-90`` claim on the same measures."""
    res = judge(BY_ID["open-80-90"], r.measures, r.level)
    state = {SUPPORTED: HOLDS, CONTRADICTED: FAILS}.get(res.verdict, UNCLEAR)
    what = {HOLDS: "open models reach 80–90% of the proprietary frontier",
            FAILS: "open models do not reach 80% of the proprietary frontier on unsaturated benchmarks",
            UNCLEAR: "whether open models reach 80% of the proprietary frontier is not established"}[state]
    return state, f"{what} (open-80-90: {res.verdict}; {res.estimate})"


PREMISES = {
    "middle-gone": Premise(
        "middle-gone", "the industry is left with only \"mega-corporations\" and \"micro-workshops\"",
        "the mid tier being pushed out: the verdict of the pushed-out claim (mid tier's share of notable models and "
        "its trend under every pre-declared window and definition)",
        ("innovation.mid_trend_pts", "innovation.mid_tier_share_latest", "innovation.latest_year"), premise_middle_gone),
    "open-parity": Premise(
        "open-parity", "a free open-source model can achieve 80% to 90% of the performance",
        "the verdict of the open-80-90 claim (median open/proprietary ratio on unsaturated benchmarks, Arena win rate)",
        ("open-models.open_ratio_median",), premise_open_parity),
    "saturation": Premise(
        "saturation", "foundation model capabilities approach saturation, API costs continue to decline",
        "capability gains slowing (the Outlook's break test, break-date grid and year-on-year gain all agreeing) and the "
        "price of a fixed capability falling (CI above 0); the applications' \"deeper waters\" have no public measure",
        ("outlook.eci_slope_change", "open-models.price_decline_per_year"), premise_saturation),
}


# ----------------------------------------------------------------- estimates as text

def _show_cost(r):
    return (_ci(r["frontier_cost_growth"], ".2f", "×") + f"/yr; record {_usd(r.v('cost_record_post_break_usd'))} from "
            f"the break year on, {_usd(r.v('cost_record_pre_break_usd'))} before")


def _show_few_firms(r):
    out = f"{r.v('frontier_orgs_recent_mean'):.1f} groups/yr at the frontier; trend " + _ci(r["frontier_orgs_trend"], ".2f", "×")
    if r.ok("groups_above_threshold_recent_mean"):
        out += f"; {r.v('groups_above_threshold_recent_mean'):.1f}/yr above the compute threshold"
    return out


def _show_mid_rounds(r):
    if r.get("rounds_source") == "author":
        return (f"{_pct(r.v('mid_band_share_latest'))} of rounds in the band ({int(r.v('mid_band_year_latest'))}, author "
                "data); trend " + _ci(r["mid_band_trend"], ".2f", "×"))
    ratio = r["census_mid_ratio"]
    return (f"{int(r.v('census_mid_prev'))} → {int(r.v('census_mid_last'))} events ({ratio.window}); ratio "
            + _ci(ratio, ".2f"))


def _show_direction(r):
    out = _ci(r["hhi_latest"], ".3f") + "; trend " + _ci(r["hhi_trend"], "+.4f") + "/yr"
    if r.ok("hhi_change_recent"):
        out += f"; change {r['hhi_change_recent'].window}: " + _ci(r["hhi_change_recent"], "+.3f")
    return out


def _show_dumbbell(r):
    (mid, when), (giant, _) = _recent_or_decade(r, "mid_trend_pts"), _recent_or_decade(r, "giant_trend_pts")
    return f"{when}: giants " + _ci(giant, "+.1f") + "; mid " + _ci(mid, "+.1f") + " points/yr"


def _show_open_ratio(r):
    med = r["open_ratio_median"]
    out = f"median {_ci(med, '.0%')} over {med.n} unsaturated benchmarks"
    win, gap = r.get("open_winrate_latest"), r.get("arena_gap_pct_latest")
    if isinstance(win, Estimate) and win.ok:
        out += f"; Arena win rate {_pct(win.value)}" + (f" (gap {gap.value:.1f}%)" if isinstance(gap, Estimate) and
                                                        gap.ok else "")
    return out


def _show_top_ten(r):
    b = top_ten_bounds(r)
    year = int(r.v("top_k_share_year"))
    if b is None:
        out = f"≥ {_pct(r.v('top_k_share_latest'))} ({year}, 2021 dollars)"
    else:
        out = f"{_pct(b['lower'])} to {_pct(b['upper'])} ({year}, 2021 dollars)"
    if r.ok("coverage_latest"):
        out += f"; curated rounds cover {_pct(r.v('coverage_latest'))} of that year's $1B+ events"
    return out


def _show_pushed_out(r):
    main, when = _recent_or_decade(r, "mid_trend_pts")
    out = (f"{_pct(r.v('mid_tier_share_latest'))} ({int(r.v('latest_year'))}); trend {when} "
           + _ci(main, "+.1f") + " points/yr")
    if main is not r["mid_trend_pts"]:
        out += "; over the decade " + _ci(r["mid_trend_pts"], "+.1f")
    specs = _tier_specs(r, ("mid",))
    if specs:
        values = [e[0].value for e in specs.values()]
        out += f"; under {len(specs)} window/definition choices {min(values):+.1f} to {max(values):+.1f}"
    return out


def _outcomes(*pairs):
    return tuple(pairs)


S, P, C, U = SUPPORTED, PARTLY, CONTRADICTED, UNTESTABLE

CLAIMS: list[Claim] = [
    Claim("pushed-out", "mid-sized AI companies ... are now being rapidly pushed out", "innovation",
          "share of notable models built by mid-tier organizations (latest year) and its trend over the recent window "
          "(the article's \"now\", points/yr, logistic), under every pre-declared window start (2020, 2022, 2023) and "
          "with and without the labs outside the article's definition of the middle class",
          f"judged on the recent window: supported when the trend's CI lies below zero; contradicted when it lies above "
          f"zero or within ±{FLAT_POINTS} points a year; not testable otherwise; a supported or contradicted verdict "
          "that another window start or definition would change is partly supported, naming the choice",
          ("mid_trend_pts", "mid_tier_share_latest", "latest_year"), judge_pushed_out, _show_pushed_out,
          outcomes=_outcomes((S, "the mid tier's share falls under every window and definition"),
                             (P, "the verdict flips between window starts or definitions"),
                             (C, "the share rises or stays flat under every window and definition"),
                             (U, "the trend is too uncertain under the default choice"))),
    Claim("cost", "surged from tens of millions of dollars to hundreds of millions", "compute",
          "frontier training cost growth (×/yr, CI; before and after the break); the yearly record run: the years in "
          "the tens of millions and the first in the hundreds of millions",
          f"supported when the growth CI lies above 1 and the yearly record run was in the tens of millions ($10M to "
          f"{_usd(COST_RECORD_USD)}, 2023 USD) in some year before the first year it reached {_usd(COST_RECORD_USD)}; "
          "partly when costs rise without that shift; "
          "contradicted when the growth CI lies below 1 or within ±10% a year; not testable otherwise",
          ("frontier_cost_growth", "cost_record_pre_break_usd", "cost_record_post_break_usd"), judge_cost, _show_cost,
          outcomes=_outcomes((S, "costs grow and the record run moved from the tens to the hundreds of millions"),
                             (P, "costs grow without that shift"), (C, "the cost growth factor is below 1 or within ±10%"),
                             (U, "the growth factor's interval is too wide"))),
    Claim("few-firms", "only a very small number of well-funded companies can qualify to compete", "compute",
          "organization groups (parents together) releasing a frontier model per year (last 3 complete years) and its "
          "trend (rate ratio/yr); groups training a model above a fixed compute threshold",
          f"supported when at most {FEW_FIRMS} groups a year and neither count is rising (the frontier count's trend "
          f"falls or stays within ±20% a year, the fixed-bar count's trend, from the first year a group crossed the bar, "
          f"is not above 1); partly when at most {FEW_FIRMS} but a count rises or the trend is unclear; contradicted "
          "when more",
          ("frontier_orgs_recent_mean", "frontier_orgs_trend"), judge_few_firms, _show_few_firms,
          outcomes=_outcomes((S, f"at most {FEW_FIRMS} groups a year and neither count rising"),
                             (P, f"at most {FEW_FIRMS} groups but a count rises or its trend is unclear"),
                             (C, f"more than {FEW_FIRMS} groups a year reach the frontier"))),
    Claim("dumbbell", "a distinct \"dumbbell-shaped\" configuration", "innovation",
          "trends of the giant and mid-tier shares of notable models over the recent window (points/yr), under every "
          "pre-declared window start and definition of the mid tier",
          f"judged on the recent window: supported when the mid tier shrinks and giants grow (CIs); contradicted when "
          f"the mid tier grows or stays within ±{FLAT_POINTS} points a year; partly when only giants grow; not testable "
          "otherwise; a supported or contradicted verdict that another window start or definition would change is "
          "partly supported",
          ("mid_trend_pts", "giant_trend_pts"), judge_dumbbell, _show_dumbbell,
          outcomes=_outcomes((S, "the mid tier shrinks and giants grow under every choice"),
                             (P, "only giants grow, or the verdict flips between choices"),
                             (C, "the mid tier grows or stays flat under every choice"),
                             (U, "neither trend is clear"))),
    Claim("open-80-90", "a free open-source model can achieve 80% to 90% of the performance", "open-models",
          f"best open-weight / best proprietary score on every Epoch Benchmarking Hub benchmark scored as a share of "
          f"tasks solved, among the models released in the last {BENCH_WINDOW_MONTHS} months; a benchmark counts when "
          f"its best score is below {BENCH_SATURATED:.0%} of the maximum (unsaturated) and at least {BENCH_MIN_MODELS} "
          "open and proprietary models (distinct models, not their settings) were scored; the median ratio across the "
          "counted benchmarks, with its distribution-free order-statistic interval; the Arena win rate of the best "
          "open model against the best proprietary one",
          f"supported when the median ratio's CI lies at or above {OPEN_RATIO:.0%} and the best open model wins at least "
          f"a third of Arena votes; partly when the CI lies above {OPEN_RATIO:.0%} but the Arena win rate is under a "
          f"third, or when the CI straddles {OPEN_RATIO:.0%}; contradicted when it lies below {OPEN_RATIO:.0%}; not "
          f"testable with fewer than {BENCH_MIN_BENCHMARKS} unsaturated benchmarks",
          ("open_ratio_median",), judge_open_ratio, _show_open_ratio,
          outcomes=_outcomes((S, "the median ratio's CI at or above 80% and the Arena agrees"),
                             (P, "the CI straddles 80%, or the Arena win rate is under a third"),
                             (C, "the CI lies below 80%"),
                             (U, f"fewer than {BENCH_MIN_BENCHMARKS} unsaturated benchmarks"))),
    Claim("open-value", "stripped \"mid-level\" closed-source models of their commercial value", "open-models",
          "price decline of a fixed capability (%/yr, CI, dense price window); share of the last 12 months in which the "
          "cheapest capable model is open-weight (the claim is that open models do the stripping); both with capability "
          "as a model's median Arena rating and as its rating within each snapshot against anchor models",
          f"at most partly supported (revenue is not public): partly when the price-decline CI lies above 0 and the "
          f"cheapest capable model is open-weight in at least {OPEN_CHEAPEST:.0%} of the months; contradicted when it is "
          f"proprietary in most months, or when prices are not falling (CI below 0 or within ±{FLAT_DECLINE:.0%} a "
          "year); not testable otherwise",
          ("price_decline_per_year", "price_open_cheapest_share"), judge_open_value,
          lambda r: _ci(r["price_decline_per_year"], ".0%") + f"/yr ({r['price_decline_per_year'].window}); cheapest is "
          f"open in {_pct(r.v('price_open_cheapest_share'))} of the last 12 months"
          + (f" ({_pct(r.v('price_open_cheapest_share_anchored'))} with anchored ratings)" if r.ok("price_open_cheapest_share_anchored")
             else ""),
          limited="the claim is about commercial value, and vendors' revenues are not public: the rule can show the "
                  "mechanism (open models undercutting on price) or rule it out, not the loss of value",
          outcomes=_outcomes((P, "capability gets cheaper and open models are the cheapest capable in most months"),
                             (C, "the cheapest capable model is proprietary in most months, or prices do not fall"),
                             (U, "the price trend is too uncertain"))),
    Claim("top-ten", "the top ten AI companies captured the vast majority of total industry funding", "capital",
          "bounds on the top-10 share of AI private investment in the latest year (2021 dollars): the lower bound from "
          "their disclosed $1B+ rounds; the upper bound adding every $500M–1B event of the AI Index at $1B and every "
          "$1B+ event missing from the curated table at the year's largest recorded round",
          f"\"vast majority\" is two thirds: supported when the lower bound reaches it; contradicted when even the upper "
          f"bound falls short (each missing round would have to exceed the year's largest recorded one); not testable "
          f"when two thirds lies between the bounds",
          ("top_k_share_latest", "top_k_share_year"), judge_top_ten, _show_top_ten, interval_based=False,
          outcomes=_outcomes((S, "the lower bound reaches two thirds"), (C, "the upper bound falls short of two thirds"),
                             (U, "two thirds lies between the bounds, or the size bands are missing"))),
    Claim("mid-rounds", "mid-scale funding rounds declined significantly", "capital",
          "AI Index counts of investment events in the mid-scale band, 2024 against 2023 in the same report edition "
          "(Poisson rate ratio); with an author's deal file, the yearly count of rounds in the band",
          "supported when the rate-ratio CI lies below 1; contradicted when it lies above 1 or within ±20%; not "
          "testable otherwise",
          ("census_mid_ratio", "rounds_source"), judge_mid_rounds, _show_mid_rounds,
          outcomes=_outcomes((S, "the count fell (CI below 1)"), (C, "it rose or stayed within ±20%"),
                             (U, "too few events to tell"))),
    Claim("breakthroughs", "many breakthrough innovations often originate from mid-sized companies", "innovation",
          "citations per notable model, mid tier / giants at equal publication year (negative binomial), also with the "
          "latest-tier table and without the most influential organization",
          "supported when the ratio's CI lies above 1 with the dated table, the latest-tier table and without the most "
          "influential organization; partly when only with the dated table; contradicted when below 1 or within ±20%; "
          "not testable otherwise",
          ("citation_ratio_mid_vs_giant",), judge_breakthroughs,
          lambda r: _ci(r["citation_ratio_mid_vs_giant"], ".1f", suffix="×")
          + (f"; without {r.get('cite_top_org')}: " + _ci(r["cite_without_top_org"], ".2f", suffix="×")
             if r.ok("cite_without_top_org") else ""),
          outcomes=_outcomes((S, "mid-tier models cited more under every variant"), (P, "only with the dated table"),
                             (C, "cited less or the same within ±20%"), (U, "the ratio is too uncertain"))),
    Claim("direction", "the direction of fundamental research becomes overly concentrated", "innovation",
          "the consequence, once the middle is being pushed out: HHI of notable-model production across organization "
          "groups, corrected for each year's number of models: latest year (basic bootstrap CI), decade trend (HAC) "
          "and the latest year against the mean of the three years before (basic bootstrap)",
          "a conditional sentence: judged only where its condition holds; then supported when both the decade trend "
          f"and the recent change rise (CIs above 0); partly when one does; contradicted when the decade trend falls or "
          f"stays within ±{FLAT_HHI} a year and the recent change is not a rise; not testable otherwise",
          ("hhi_trend", "hhi_latest"), judge_direction, _show_direction, premise=PREMISES["middle-gone"],
          outcomes=_outcomes((U, "its condition does not hold or is not established"),
                             (S, "condition holds; concentration rises over the decade and recently"),
                             (P, "condition holds; one of the two rises"),
                             (C, "condition holds; the decade trend falls or is flat and the recent change is no rise"))),
    Claim("absorbed", "giants acquiring mid-sized AI companies", "innovation",
          "a census of AI companies acquired, or licensed and hired, by the giants and the large chip and cloud firms "
          "since 2022, compiled from their public acquisition lists with a source per deal; a target is mid-sized with "
          "50–500 staff, else $50M–$1B raised, else a $100M–$5B price; the article's past year (the chapter's "
          "past_year)",
          f"supported when at least {ABSORPTIONS} outright acquisitions of mid-sized AI companies fall in the past "
          f"year; partly when fewer, but at least {ABSORPTIONS} counting licence-and-hire deals or targets of any size; "
          "not testable otherwise",
          ("acquired_mid_last12", "acquired_any_last12", "absorbed_mid_last12"), judge_absorbed,
          lambda r: f"{int(r.v('acquired_mid_last12'))} mid-sized acquired in {r['acquired_mid_last12'].window}; "
                    f"{int(r.v('acquired_any_last12'))} AI companies of any size", interval_based=False,
          limited="the census is a lower bound (acquisitions are found one public report at a time, and small ones go "
                  "unreported): fewer deals in it cannot show that fewer happened, so the rule cannot return "
                  "contradicted",
          outcomes=_outcomes((S, f"at least {ABSORPTIONS} mid-sized AI companies bought outright in the past year"),
                             (P, "fewer, but enough counting licence-and-hire deals or targets of any size"),
                             (U, "fewer deals in the census"))),
    Claim("api-window", "When foundation model capabilities approach saturation, API costs continue to decline ... may "
                        "find a new window of opportunity", "outlook",
          "the consequence, once capabilities saturate and API prices keep falling: the mid tier's share of notable "
          "models rising again (points/yr over the recent window); the premise is measured by the capability "
          "frontier's gains (break test, a grid of break dates, the last twelve months against the twelve before) and "
          "the price decline of a fixed capability",
          "a conditional sentence: its condition holds when capability gains slow by every test (the change's CI below "
          f"zero, no break date of the grid showing a significant speed-up, the last twelve months gaining over "
          f"{FLAT_SLOPE_SHARE:.0%} less than the twelve before) and API prices fall (CI above 0); it does not hold when "
          "gains do not slow by any test or prices do not fall; where it holds, supported when the mid tier's share "
          f"rises (CI above 0), contradicted when it falls or stays within ±{FLAT_POINTS} points a year, not testable "
          "otherwise",
          ("innovation.mid_trend_pts_recent",), judge_window,
          lambda r: "capability gains " + _ci(r["outlook.eci_slope_change"], "+.1f") + " ECI points/yr after the break; "
          "price " + _ci(r["open-models.price_decline_per_year"], ".0%") + "/yr cheaper",
          premise=PREMISES["saturation"],
          outcomes=_outcomes((U, "its condition does not hold or is not established"),
                             (S, "condition holds; the mid tier gains share"),
                             (C, "condition holds; the mid tier loses share or stays flat"))),
    Claim("funding-highs", "funding amounts have repeatedly hit new highs", "capital",
          "AI private investment and generative-AI investment per year in 2021 dollars (AI Index via Our World in Data, "
          "2025 from the AI Index 2026): records in 2024 and 2025, and the growth of the total",
          "supported when the total set a record (2021 dollars) in both 2024 and 2025; partly when in one of them or "
          "when only generative AI did in both; contradicted when in neither; not testable when the series stops "
          "before 2025",
          ("record_total_2024", "funding_growth"), judge_funding_highs,
          lambda r: f"records: 2024 {'yes' if r.get('record_total_2024') else 'no'}, 2025 "
          f"{'yes' if r.get('record_total_2025') else 'no' if r.get('record_total_2025') is not None else 'n/a'}; growth "
          + _ci(r["funding_growth"], ".2f", "×") + f"/yr ({r.get('funding_series_years')})", interval_based=False,
          outcomes=_outcomes((S, "records in 2024 and 2025"), (P, "a record in one of the two years"),
                             (C, "no record in either"), (U, "the series stops before 2025"))),
    Claim("layoffs", "multiple mid-sized AI companies ... have reported layoffs, downsizing, or even shutdowns",
          "capital",
          "AI companies in the mid funding band with a layoffs.fyi event in the past year; the trend of their share of "
          "tech layoff events (Poisson with an offset) and against other tech companies and other funding bands (stacked "
          "Poisson)",
          f"supported when at least {MULTIPLE} such companies had an event in the past year and their share of tech "
          "layoff events is not falling; partly when it is falling (CI below 1); not testable with "
          "fewer companies",
          ("layoff_ai_mid_companies_past_year", "layoff_ai_mid_share_trend", "layoff_past_year"), judge_layoffs,
          lambda r: f"{int(r.v('layoff_ai_mid_companies_past_year'))} companies in {int(r.v('layoff_past_year'))}; share "
          "trend " + _ci(r["layoff_ai_mid_share_trend"], ".2f", "×") + "/yr",
          limited="layoffs.fyi is crowd-sourced and misses events: fewer than two companies on it cannot show that "
                  "fewer than two had layoffs, so the rule cannot return contradicted",
          outcomes=_outcomes((S, f"at least {MULTIPLE} companies and their share of layoff events not falling"),
                             (P, "their share of layoff events falls"), (U, f"fewer than {MULTIPLE} companies found"))),
    Claim("small-teams", "numerous asset-light small teams ... competing at extremely low costs", "capital",
          "newly funded AI companies per year (AI Index) and YC companies with an AI tag per batch year (count trends); "
          "the price of a fixed capability",
          "at most partly supported (counts of new companies do not measure competing): partly when any of the counts "
          "or the price decline rises (CIs above 1 or 0); contradicted when both counts fall or stay within ±10% a year; "
          "not testable otherwise",
          ("newly_funded_trend", "yc_ai_trend", "open-models.price_decline_per_year"), judge_small_teams,
          lambda r: "newly funded " + _ci(r["newly_funded_trend"], ".2f", "×") + "/yr; YC AI "
          + _ci(r["yc_ai_trend"], ".2f", "×") + "/yr; price decline " + _ci(r["open-models.price_decline_per_year"], ".0%"),
          limited="counts of new companies and prices show the small end growing and cheap inputs, not that small "
                  "teams compete with the middle (no public data on their customers or revenue)",
          outcomes=_outcomes((P, "a count or the price decline rises"), (C, "both counts fall or stay flat"),
                             (U, "the counts are too uncertain"))),
    Claim("talent", "talent mobility becomes homogenized", "innovation",
          "no usable public measure: affiliation histories of paper authors (OpenAlex, ORCID) miss most industry moves",
          "a conditional sentence: judged only where its condition holds; the consequence has no public measure "
          "(stated up front: no public source follows AI workers' careers at a usable quality)",
          (), judge_talent, lambda r: "–", interval_based=False, premise=PREMISES["middle-gone"],
          outcomes=_outcomes((U, "its condition does not hold, or (condition holding) the consequence has no public "
                                 "measure"),)),
    Claim("oligopoly", "giants easily form de facto oligopolies", "open-models",
          "the consequence, once the middle is being pushed out, on a weak proxy: the organizations holding the Arena "
          "top 10 and the share of places held by the three largest (monthly means of irregular snapshots, last 12 "
          "months), and the change of both against the 12 months before (HAC)",
          "a conditional sentence: judged only where its condition holds; then supported when the three largest "
          f"organizations hold at least {OLIGOPOLY_TOP3:.0%} of the top-10 places and neither more organizations reach "
          "the top nor does the top three's share fall (CIs); contradicted when the three largest hold under half, or "
          "when both measures move against it (more organizations and a smaller top-three share, CIs); partly when the "
          "top three hold two thirds but one measure moves against it; not testable otherwise",
          ("top10_top3_share_recent", "top10_orgs_change"), judge_oligopoly,
          lambda r: f"{r.v('top10_orgs_recent'):.1f} organizations; top three hold {_pct(r.v('top10_top3_share_recent'))}; "
          "change on the year before " + _ci(r["top10_orgs_change"], "+.1f")
          + (f" organizations, top-three share {_ci(r['top10_top3_change'], '+.2f')}" if r.ok("top10_top3_change") else ""),
          premise=PREMISES["middle-gone"],
          outcomes=_outcomes((U, "its condition does not hold or is not established"),
                             (S, "condition holds; the top three hold two thirds and neither measure moves against it"),
                             (P, "condition holds; the top three hold two thirds, one measure moves against it"),
                             (C, "condition holds; both measures move against it, or the top three hold under half"))),
    Claim("capabilities", "large model capabilities continue to break through", "outlook",
          "the capability frontier (best Epoch Capabilities Index score of any model released so far, monthly): its "
          "linear trend over the last 24 months (ECI points a year, HAC) and its gain over the last twelve months",
          f"supported when the trend's CI lies above zero and the frontier rose in the last twelve months; contradicted "
          f"when the trend lies below zero or within ±{FLAT_ECI:.0f} ECI point a year, or the frontier did not move in "
          "the last twelve months; not testable otherwise",
          ("eci_frontier_trend",), judge_capabilities,
          lambda r: _ci(r["eci_frontier_trend"], "+.1f") + " ECI points/yr"
          + (f"; +{r.v('eci_gain_last12'):.1f} in the last 12 months" if r.ok("eci_gain_last12") else ""),
          outcomes=_outcomes((S, "the frontier keeps rising"), (C, "the frontier stalls"),
                             (U, "the trend is too uncertain"))),
    Claim("winner-take-all", "the capital market's \"winner-take-all\" tendency is intensifying", "capital",
          "the share of AI private investment events of $500M or more among all disclosed events per year (AI Index "
          "counts by funding size, each year from the latest edition that prints it): its trend (Poisson with an "
          "offset, rate ratio a year) and the latest year against the year before within one edition",
          "supported when the trend's CI lies above 1 and the latest year's CI does not lie below 1; partly when the "
          "trend rises but the latest year fell, or the trend is unclear but the latest year rose; contradicted when "
          "the trend's CI lies below 1 or within ±10% a year; not testable otherwise",
          ("big_event_share_trend",), judge_winner_take_all,
          lambda r: _ci(r["big_event_share_trend"], ".2f", "×") + "/yr"
          + (f"; latest year {_ci(r['big_event_share_change_latest'], '.2f', '×')}" if r.ok("big_event_share_change_latest")
             else ""),
          outcomes=_outcomes((S, "the big events' share rises and the latest year does not fall"),
                             (P, "the trend and the latest year disagree"), (C, "the share falls or stays flat"),
                             (U, "too uncertain"))),
    Claim("rounds-walls", "new funding rounds keep hitting walls", "capital",
          "AI Index counts of investment events in the mid-scale band in the latest year against the year before "
          "(same report edition, Poisson rate ratio): whether mid-scale rounds are still getting scarcer",
          "supported when the rate ratio's CI lies below 1; contradicted when it lies above 1 or within ±20%; not "
          "testable otherwise",
          ("census_mid_ratio_next",), judge_rounds_walls,
          lambda r: f"ratio {_ci(r['census_mid_ratio_next'], '.2f')} ({r['census_mid_ratio_next'].window})",
          outcomes=_outcomes((S, "mid-scale events fell in the latest year"), (C, "they rose or stayed within ±20%"),
                             (U, "too few events"))),
    Claim("premium-prices", "customers are reluctant to pay premium prices", "open-models",
          "the consequence, once open models reach 80–90% of the performance: the open-weight share of enterprise LLM "
          "workloads in published surveys (Menlo Ventures) and its change between two editions; OpenRouter's token "
          "shares are shown beside (developer traffic, not enterprise spend)",
          "a conditional sentence: judged only where its condition (the open-80-90 claim supported) holds; then "
          "supported when open-weight models carry at least half of enterprise workloads; contradicted when they carry "
          "under half and their share did not rise since the survey's previous edition; not testable otherwise",
          ("open_usage_share_latest",), judge_premium,
          lambda r: f"{r.v('open_usage_share_latest'):.0f}% of enterprise workloads open-weight"
          + (f" ({r.v('open_usage_share_change'):+.0f} points)" if r.ok("open_usage_share_change") else ""),
          interval_based=False, premise=PREMISES["open-parity"],
          outcomes=_outcomes((U, "its condition does not hold or is not established"),
                             (S, "condition holds; customers move to open models"),
                             (C, "condition holds; customers keep paying for proprietary models"))),
    Claim("reserves", "tens of billions of dollars in capital reserves", "capital",
          "cash, cash equivalents and marketable securities of the giants the article names that publish accounts "
          "(Alphabet for Google DeepMind, Meta; with Microsoft and Amazon) at their latest fiscal year end, from their "
          "annual reports; their capital expenditure beside",
          f"supported when each holds at least ${RESERVES_USD / 1e9:.0f}B; partly when the smallest holds $10–20B; "
          "contradicted when any holds under $10B",
          ("giants_cash_min_billion",), judge_reserves,
          lambda r: f"smallest ${r.v('giants_cash_min_billion'):.0f}B ({r.get('giants_cash_min_company')}, fiscal "
          f"{r.get('giants_cash_year')})"
          + (f"; capex ${r.v('giants_capex_latest_billion'):.0f}B" if r.ok("giants_capex_latest_billion") else ""),
          interval_based=False,
          outcomes=_outcomes((S, "every listed giant holds $20B or more"), (P, "the smallest holds $10–20B"),
                             (C, "one holds under $10B"))),
    Claim("pivot", "Some are choosing to fully pivot to being \"application layer\" players", "innovation",
          "documented announcements by mid-tier model developers that they stop training frontier or foundation models "
          "of their own to build products or enterprise solutions on others' models (outcomes table), in the article's "
          "past year (the chapter's past_year)",
          f"supported when at least {MULTIPLE} such announcements fall in the past year; not testable otherwise",
          ("model_exits_past_year",), judge_pivot,
          lambda r: f"{int(r.v('model_exits_past_year'))} in {r['model_exits_past_year'].window}", interval_based=False,
          limited="a list of documented announcements is not a census of mid-sized companies: it can show that some "
                  "pivoted, not that none did",
          outcomes=_outcomes((S, f"at least {MULTIPLE} documented exits in the past year"),
                             (U, "fewer documented exits"))),
]


@dataclass(frozen=True)
class Sentence:
    """One sentence of the article: its kind, the claims of the ledger that test it, or why the
    ledger leaves it out."""

    text: str  # the sentence's start, as in the article
    kind: str  # 'factual', 'conditional', 'opinion', 'prediction', 'anecdote' or 'definition'
    claims: tuple[str, ...] = ()
    left_out: str = ""  # one line, when no claim tests it
    premise: str = ""  # a conditional sentence's premise (a key of PREMISES); its claims are judged through it


#: every sentence of the article, in order (the title and the source line excluded)
ARTICLE_SENTENCES: list[Sentence] = [
    Sentence("From 2024 to 2025, the global AI industry has appeared prosperous on the surface — funding amounts have "
             "repeatedly hit new highs, large model capabilities continue to break through", "factual",
             ("funding-highs", "capabilities")),
    Sentence("Yet beneath this wave of enthusiasm ... the AI industry's \"middle class\" is disappearing", "factual",
             ("pushed-out",)),
    Sentence("The so-called AI middle class refers to companies with reasonable technical capabilities, mid-scale funding, "
             "and teams ranging from 50 to 500 people", "definition",
             left_out="a definition; the book's tier table applies it (innovation chapter)"),
    Sentence("They were once the backbone of industry innovation, but are now being rapidly pushed out", "factual",
             ("pushed-out", "breakthroughs")),
    Sentence("This phenomenon has triggered deep concerns about the healthy development of the AI industry", "opinion",
             left_out="an opinion about concerns, not a measurable fact"),
    Sentence("Over the past year, multiple mid-sized AI companies ... have reported layoffs, downsizing, or even shutdowns",
             "factual", ("layoffs",)),
    Sentence("Their predicaments are strikingly similar: the computing costs ... are unsustainable, commercialization has "
             "been slower than expected, and new funding rounds keep hitting walls", "factual", ("rounds-walls",)),
    Sentence("the AI industry is forming a distinct \"dumbbell-shaped\" configuration", "factual", ("dumbbell",)),
    Sentence("On one end are a handful of giants ... commanding massive computing resources, top-tier talent, and tens of "
             "billions of dollars in capital reserves", "factual", ("few-firms", "reserves")),
    Sentence("On the other end are numerous asset-light small teams and individual developers ... competing at extremely "
             "low costs", "factual", ("small-teams",)),
    Sentence("The companies caught in the middle ... face unprecedented pressure", "opinion",
             left_out="'unprecedented pressure' has no public measure"),
    Sentence("Their technical moats are not deep enough, their cost structures are not lean enough", "opinion",
             left_out="a judgement about companies' strategies"),
    Sentence("First, computing costs create a natural barrier", "factual", ("cost", "few-firms")),
    Sentence("The GPU cluster investment required to train a frontier large model has surged from tens of millions of "
             "dollars to hundreds of millions", "factual", ("cost",)),
    Sentence("This means only a very small number of well-funded companies can qualify to compete in foundation models",
             "factual", ("few-firms",)),
    Sentence("Even mid-sized AI companies with excellent technical teams find it difficult to keep pace in the computing "
             "arms race", "factual", ("few-firms", "pushed-out")),
    Sentence("Stability AI's predicament is a classic example", "anecdote",
             left_out="one company's story; its layoffs appear in the outcomes table of the innovation chapter"),
    Sentence("Second, open-source models are eroding the middle market", "factual", ("open-value",)),
    Sentence("The rapid iteration of Meta's Llama series, Mistral, and numerous Chinese open-source models has stripped "
             "\"mid-level\" closed-source models of their commercial value", "factual", ("open-value",)),
    Sentence("When a free open-source model can achieve 80% to 90% of the performance, customers are reluctant to pay "
             "premium prices", "conditional", ("open-80-90", "premium-prices"), premise="open-parity"),
    Sentence("This directly undermines the business logic that many mid-sized AI companies depend on", "opinion",
             left_out="a judgement about business models; revenues are not public"),
    Sentence("Third, the capital market's \"winner-take-all\" tendency is intensifying", "factual", ("winner-take-all",)),
    Sentence("venture capital investment in AI in 2024 was highly concentrated in top-tier projects", "factual",
             ("top-ten",)),
    Sentence("The top ten AI companies captured the vast majority of total industry funding, while mid-scale funding "
             "rounds declined significantly", "factual", ("top-ten", "mid-rounds")),
    Sentence("The investor logic is simple: ... betting on market leaders yields far higher returns", "opinion",
             left_out="an argument about investors' returns, not a measured fact"),
    Sentence("The disappearance of the AI middle class does not come without a price", "opinion",
             left_out="a framing sentence"),
    Sentence("Historical experience shows that many breakthrough innovations often originate from mid-sized companies",
             "factual", ("breakthroughs",)),
    Sentence("When the industry is left with only \"mega-corporations\" and \"micro-workshops,\" ... the direction of "
             "fundamental research becomes overly concentrated ... talent mobility becomes homogenized ... giants easily "
             "form de facto oligopolies", "conditional", ("direction", "talent", "oligopoly"), premise="middle-gone"),
    Sentence("the shrinkage of mid-tier companies also means that deep solutions for many vertical industries may face "
             "insufficient supply", "prediction", left_out="a prediction without a date or a public measure"),
    Sentence("Giants tend to focus on general-purpose platforms, while small teams lack industry expertise", "opinion",
             left_out="a generalization without a public measure"),
    Sentence("The mid-sized specialized companies ... turn out to be the scarcest of all", "opinion",
             left_out="no public census of vertical specialists"),
    Sentence("Facing this trend, surviving mid-sized AI companies are actively seeking paths to break through", "anecdote",
             left_out="documented pivots are listed in the outcomes table; not a census"),
    Sentence("Some are choosing to fully pivot to being \"application layer\" players", "factual", ("pivot",)),
    Sentence("Others are betting on specialized models in niche segments", "anecdote",
             left_out="no public data on companies' strategies"),
    Sentence("Another possible path is acquisition", "factual", ("absorbed",)),
    Sentence("there have been multiple cases of giants acquiring mid-sized AI companies over the past year", "factual",
             ("absorbed",)),
    Sentence("the polarization of the AI industry may be just a transitional phenomenon", "prediction",
             left_out="a prediction without a date"),
    Sentence("When foundation model capabilities approach saturation, API costs continue to decline ... may find a new "
             "window of opportunity", "conditional", ("api-window",), premise="saturation"),
    Sentence("But until then, the winter for the AI middle class is likely to persist", "prediction",
             left_out="a prediction without a date"),
    Sentence("For the industry as a whole, finding the balance between efficiency and diversity will be the key question",
             "opinion", left_out="an opinion"),
]


def coverage() -> dict:
    """How much of the article the ledger covers: sentences by kind, and those with a claim."""
    covered = [s for s in ARTICLE_SENTENCES if s.claims]
    factual = [s for s in ARTICLE_SENTENCES if s.kind in ("factual", "conditional")]
    return {"sentences": len(ARTICLE_SENTENCES), "covered": len(covered), "factual": len(factual),
            "factual_covered": sum(bool(s.claims) for s in factual),
            "conditional": sum(s.kind == "conditional" for s in ARTICLE_SENTENCES),
            "left_out": [s for s in ARTICLE_SENTENCES if not s.claims]}


BY_ID = {c.id: c for c in CLAIMS}

#: the measure a claim's verdict mainly rests on, when it is not the first one it reads (the
#: verdict history shows it as the claim's estimate)
HEADLINES = {"pushed-out": "mid_trend_pts_recent", "dumbbell": "mid_trend_pts_recent", "oligopoly": "top10_orgs_change",
             "direction": "hhi_change_recent", "layoffs": "layoff_ai_mid_share_trend",
             "api-window": "outlook.eci_slope_change",
             "absorbed": "acquired_mid_last12", "pivot": "model_exits_past_year"}

#: the band around each headline's threshold that its rule reads (threshold +- equivalence
#: margin): an interval that straddles it is the rule's "too uncertain" zone (the verdict history
#: marks a change of verdict at such a date as thin); claims whose headline has no interval are
#: not listed
MARGINS: dict[str, tuple[float, float]] = {
    "pushed-out": (-FLAT_POINTS, FLAT_POINTS), "dumbbell": (-FLAT_POINTS, FLAT_POINTS), "cost": FLAT_GROWTH,
    "open-80-90": (OPEN_RATIO, OPEN_RATIO), "open-value": (-FLAT_DECLINE, FLAT_DECLINE), "mid-rounds": FLAT_RATIO,
    "breakthroughs": FLAT_RATIO, "direction": (-FLAT_HHI_CHANGE, FLAT_HHI_CHANGE), "api-window": (0.0, 0.0),
    "layoffs": FLAT_GROWTH, "small-teams": FLAT_GROWTH, "oligopoly": (0.0, 0.0),
    "capabilities": (-FLAT_ECI, FLAT_ECI), "winner-take-all": FLAT_GROWTH, "rounds-walls": FLAT_RATIO,
}


def straddles(claim_id: str, e: Estimate | None) -> bool:
    """The headline's interval straddles its rule's threshold band (:data:`MARGINS`): neither
    above it, nor below it, nor inside it."""
    band = MARGINS.get(claim_id)
    if band is None or not isinstance(e, Estimate) or not e.ok or not e.has_ci:
        return False
    return not (e.above(band[1]) or e.below(band[0]) or e.within(*band))


def _unreadable(claim: Claim, r: Reading, names, level) -> Result | None:
    """NOT_YET when a measure is missing, UNTESTABLE when one has no usable value, else None."""
    for name in names:
        try:
            value = r.get(name)
        except KeyError as exc:  # an interval missing at this level
            return Result(claim, NOT_YET, str(exc).strip("'\""), level=level)
        if value is None:
            return Result(claim, NOT_YET, f"the chapter did not produce the measure '{name}'", level=level)
        if isinstance(value, Estimate) and not value.ok:
            what = value.label or name.split(".", 1)[-1].replace("_", " ")
            return Result(claim, UNTESTABLE, f"{what}: {value.note or 'no value'}", level=level)
    return None


_NO_NUMBER = re.compile(r"\b(nan|inf)\b", re.IGNORECASE)  # never print nan/inf in the ledger


def judge(claim: Claim, measures: dict[str, dict], level: float | None = None) -> Result:
    """The verdict of one claim from the measures of the chapters (chapter -> name -> measure),
    with every interval read at ``level`` (None: the level the chapters ran at).

    A conditional claim is judged in two steps, the same for every such claim: its premise
    first; where the premise does not hold (or is not established) the verdict is *not
    testable* with the measured premise as the reason; only where it holds is the consequence
    judged by the claim's rule."""
    missing = sorted(ch for ch in claim.chapters if ch not in measures)
    if missing:
        return Result(claim, NOT_YET, f"chapter(s) {', '.join(missing)} not yet in the book", level=level)
    r = Reading(claim.chapter, measures, level)
    state = ""
    try:
        if claim.premise is not None:
            bad = _unreadable(claim, r, claim.premise.reads, level)
            if bad is not None:
                return replace(bad, reason=f"its condition cannot be measured ({bad.reason})") \
                    if bad.verdict == UNTESTABLE else bad
            state, premise_text = claim.premise.test(r)
            if state != HOLDS:
                readable = claim.reads and not _unreadable(claim, r, claim.reads, level)
                shown = _NO_NUMBER.sub("–", claim.show(r)) if readable else "–"
                why = "its condition does not hold" if state == FAILS else "its condition is not established"
                alone = ""
                if readable:  # the consequence's own evidence, reported beside (it does not make the verdict)
                    cv, creason = claim.judge(r)
                    alone = f"; the consequence measured alone would be {cv} ({creason})"
                return Result(claim, UNTESTABLE, _NO_NUMBER.sub("–", f"{why}: {premise_text}{alone}"), shown, level,
                              state)
        bad = _unreadable(claim, r, claim.reads, level)
        if bad is not None:
            return replace(bad, premise=state)
        verdict, reason = claim.judge(r)
        shown = claim.show(r)
        if state == HOLDS:
            reason = f"its condition holds ({premise_text}); {reason}"
    except KeyError as exc:
        return Result(claim, NOT_YET, str(exc).strip("'\""), level=level, premise=state)
    except (ValueError, TypeError, ZeroDivisionError) as exc:  # a value a rule needs could not be computed
        return Result(claim, UNTESTABLE, f"a measure the rule needs has no usable value ({exc})", level=level,
                      premise=state)
    return Result(claim, verdict, _NO_NUMBER.sub("–", reason), _NO_NUMBER.sub("–", shown), level, state)


def evaluate(measures: dict[str, dict], level: float | None = None) -> list[Result]:
    """Every claim's verdict (the ledger)."""
    return [judge(c, measures, level) for c in CLAIMS]


def for_chapter(chapter: str, measures: dict[str, dict], level: float | None = None) -> list[Result]:
    """The verdicts a chapter shows (claims it owns)."""
    return [judge(c, measures, level) for c in CLAIMS if c.chapter == chapter]


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
