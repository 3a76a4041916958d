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
import re
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
FEW_FIRMS = 10  # at most this many organization groups a year at the frontier is "a very small number"
OPEN_RATIO = 0.8  # the bottom of the article's 80-90% band
OPEN_RATIO_TOP = 0.9  # its top
MAJORITY = 0.5  # "the vast majority": at least more than half
ABSORPTIONS = 2  # "multiple cases ... over the past year": at least two within twelve months
MULTIPLE = 2  # "multiple mid-sized AI companies": at least two
OLIGOPOLY_TOP3 = 2 / 3  # the three largest organizations hold at least two thirds of the Arena top 10
FLAT_SLOPE_SHARE = 0.2  # a change of capability gains within ±20% of the earlier gain is "no change"

# equivalence margins: an interval inside one of these is "precisely no change"
FLAT_RATIO = (1 / 1.2, 1.2)  # counts and citation ratios: within ±20%
FLAT_GROWTH = (1 / 1.1, 1.1)  # growth factors per year: within ±10% a year
FLAT_POINTS = 0.5  # share trends: within ±0.5 percentage points a year
FLAT_HHI = 0.002  # HHI trends: within ±0.002 a year (a tenth of a typical year's HHI per decade)
FLAT_DECLINE = 0.1  # price declines: within ±10% a year

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
    interval_based: bool = True  # the verdict rests on a confidence interval (multiplicity count)

    @property
    def chapters(self) -> set[str]:
        return {self.chapter} | {n.split(".", 1)[0] for n in self.reads if "." in n}


@dataclass(frozen=True)
class Result:
    claim: Claim
    verdict: str
    reason: str
    estimate: str = "–"
    level: float | None = None

    def to_record(self) -> dict:
        return {"verdict": self.verdict, "reason": self.reason, "estimate": self.estimate}


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
    if way == "up" and shift:
        return SUPPORTED, (f"frontier training cost grows ×{growth.value:.1f} a year{split}; the record run was in the tens "
                           f"of millions in {tens} (up to {_usd(r.v('cost_tens_max_usd'))}) and reached "
                           f"{_usd(r.v('cost_hundreds_first_usd'))} in {int(first.value)}")
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


def _ratios(r: Reading) -> dict[str, float]:
    return {name: r.v(key) for name, key in BENCH_RATIOS.items() if r.ok(key)}


def judge_open_ratio(r: Reading):
    ratios = _ratios(r)
    if not ratios:
        return UNTESTABLE, "no benchmark with both open and proprietary scores"
    lo, hi = min(ratios.values()), max(ratios.values())
    span = f"{_pct(lo)}–{_pct(hi)}" if lo != hi else _pct(lo)
    win = (f"; on the Arena the best open model would win {_pct(r.v('open_winrate_latest'))} of votes against the best "
           "proprietary one (50% is parity)" if r.ok("open_winrate_latest") else "")
    if lo >= OPEN_RATIO_TOP:
        return SUPPORTED, f"the open frontier scores {span} of the proprietary frontier: at or above the 80–90% band{win}"
    if lo >= OPEN_RATIO:
        return SUPPORTED, (f"the open frontier scores {span} of the proprietary frontier, inside or above the 80–90% "
                           f"band{win}")
    worst = min(ratios, key=ratios.get)
    return CONTRADICTED, f"the open frontier is below 80% of the proprietary frontier on {worst} ({_pct(lo)}){win}"


def judge_open_value(r: Reading):
    decline, share = r["price_decline_per_year"], r.v("price_open_cheapest_share")
    way = direction(decline, 0, (-FLAT_DECLINE, FLAT_DECLINE))
    if way == "up":
        who = ("the cheapest capable model is usually open-weight" if share >= 0.5 else
               "the cheapest capable models are mostly proprietary")
        return PARTLY, (f"a fixed capability gets {_pct(decline.value)} cheaper a year ({decline.window}) and {who}; "
                        "vendors' revenue, the claim's real subject, is not public")
    if way in ("down", "flat"):
        return CONTRADICTED, "the price of a fixed capability is not falling"
    return UNTESTABLE, "the price trend of a fixed capability is too uncertain"


def judge_top_ten(r: Reading):
    share, year = r.v("top_k_share_latest"), int(r.v("top_k_share_year"))
    coverage = r.get("coverage_latest")
    cov = f"; the curated rounds cover {_pct(coverage.value)} of that year's $1B+ events" if (
        isinstance(coverage, Estimate) and coverage.ok) else ""
    if share >= MAJORITY:
        return SUPPORTED, f"even the lower bound is {_pct(share)} of AI private investment in {year}{cov}"
    scope = r.get("top_k_share_in_scope_latest")
    scope_txt = (f" ({_pct(scope.value)} counting only rounds surely inside the AI Index's scope)"
                 if isinstance(scope, Estimate) and scope.ok else "")
    needs = ""
    if r.ok("top_k_majority_gap_billion") and r.ok("top_k_500m_1b_max_billion"):
        gap, band = r.v("top_k_majority_gap_billion"), r.v("top_k_500m_1b_max_billion")
        needs = (f"; a majority needs another ${gap:.0f}B, more than all {int(r.v('top_k_500m_1b_events'))} "
                 f"$500M–1B events could hold (${band:.0f}B even if all were theirs)" if gap > band else
                 f"; a majority needs another ${gap:.0f}B, which the $500M–1B events could hold")
        missing = int(r.v("top_k_missing_1b_events")) if r.ok("top_k_missing_1b_events") else 0
        if gap > band and missing:
            needs += (f", so the {missing} $1B+ events missing from the table would have to average "
                      f"${r.v('top_k_gap_per_missing_billion'):.1f}B for the top ten")
    return UNTESTABLE, (f"the top companies' disclosed $1B+ rounds alone are at least {_pct(share)} of {year}'s total "
                        f"(2021 dollars){scope_txt}{cov}{needs}; whether they took a majority needs proprietary deal "
                        "data")


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


def judge_pushed_out(r: Reading):
    (main, when), narrow, alt = _recent_or_decade(r, "mid_trend_pts"), r.get("mid_trend_pts_narrow"), \
        r.get("sens_current_trend_pts")
    flat = (-FLAT_POINTS, FLAT_POINTS)
    way = direction(main, 0, flat)
    narrow_way = direction(narrow, 0, flat) if isinstance(narrow, Estimate) and narrow.ok else None
    tail = ""
    if isinstance(alt, Estimate) and alt.ok:
        tail = ("; the same with each organization's latest tier" if direction(alt, 0, flat) == way else
                "; the latest-tier variant disagrees")
    tail += _latest_drop(r)
    if way == "down":
        return SUPPORTED, f"the mid tier's share of notable models is falling {when}" + tail
    if way in ("up", "flat") and narrow_way == "down":
        return PARTLY, (f"the mid tier's share of notable models is not falling {when}, but without the labs that raised "
                        "over $1B or built a frontier model it is" + tail)
    if way in ("up", "flat"):
        what = f"rising {when} ({main.value:+.1f} points a year, {main.ci_low:+.1f} to {main.ci_high:+.1f})" if way == "up" \
            else f"flat within ±0.5 points a year {when}"
        narrow_txt = {"up": "rising too", "flat": "flat too", "unclear": "without a clear trend"}.get(narrow_way or "", "")
        return CONTRADICTED, (f"the mid tier's share of notable models is {what}"
                              + (f"; without the labs that raised over $1B or built a frontier model it is {narrow_txt}"
                                 if narrow_txt else "") + tail)
    return UNTESTABLE, f"the mid tier's share trend {when} is too uncertain to tell" + tail


def judge_dumbbell(r: Reading):
    (mid, when), (giant, _) = _recent_or_decade(r, "mid_trend_pts"), _recent_or_decade(r, "giant_trend_pts")
    flat = (-FLAT_POINTS, FLAT_POINTS)
    mid_way, giant_way = direction(mid, 0, flat), direction(giant, 0, flat)
    if mid_way == "down" and giant_way == "up":
        return SUPPORTED, f"the mid tier shrinks while giants grow {when}" + _latest_drop(r)
    if mid_way in ("up", "flat"):
        both = f"giants and the mid tier both grow at academia's expense {when}" if giant_way == "up" else (
            f"the mid tier's share is {'rising' if mid_way == 'up' else 'flat'} {when}")
        return CONTRADICTED, both + "; small teams barely appear among notable models" + _latest_drop(r)
    if giant_way == "up":
        return PARTLY, f"giants grow {when}; the mid tier shows no clear trend" + _latest_drop(r)
    return UNTESTABLE, f"neither tier's share trend {when} is clear"


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


def judge_direction(r: Reading):
    trend, recent = r["hhi_trend"], r.get("hhi_change_recent")
    long_way = direction(trend, 0, (-FLAT_HHI, FLAT_HHI))
    recent_way = direction(recent, 0, (-0.01, 0.01)) if isinstance(recent, Estimate) and recent.ok else "unclear"
    cond = ("the sentence predicts what happens once only giants and micro-workshops are left; that condition does not "
            "hold (see the mid tier's share), so the data test only whether production is concentrating: ")
    base = r.get("hhi_recent_from")
    span = (f"HHI {r.v('hhi_latest'):.3f} in {r['hhi_latest'].window} against {base.value:.3f} on average in "
            f"{base.window}, corrected for the number of models" if isinstance(base, Estimate) and base.ok else "")
    top = r.get("top5_change_recent")
    top_note = (f"; the top five's share changed {top.value:+.2f} ({top.ci_low:+.2f} to {top.ci_high:+.2f})"
                if isinstance(top, Estimate) and top.ok and top.has_ci else "")
    if long_way == "up" and recent_way == "up":
        return SUPPORTED, cond + f"concentration rises over the decade and recently ({span})"
    if long_way == "up" or recent_way == "up":
        return PARTLY, cond + (f"concentration rose recently ({span}) though the decade trend is "
                               f"{'falling' if long_way == 'down' else 'flat or unclear'}" if recent_way == "up" else
                               "the decade trend rises but the recent change is not clear")
    if long_way in ("down", "flat"):
        return CONTRADICTED, cond + (f"the decade trend is {'falling' if long_way == 'down' else 'flat'} "
                                     f"(HHI {trend.value:+.4f} a year) and the recent change is not a rise ({span})")
    if recent_way in ("down", "flat") and isinstance(recent, Estimate) and recent.has_ci:
        return UNTESTABLE, cond + (f"concentration {'fell' if recent_way == 'down' else 'held steady'} recently "
                                   f"({span}: {recent.value:+.3f}, {recent.ci_low:+.3f} to {recent.ci_high:+.3f}) but "
                                   f"the decade trend is unclear (HHI {trend.value:+.4f} a year, {trend.ci_low:+.4f} to "
                                   f"{trend.ci_high:+.4f})") + top_note
    return UNTESTABLE, cond + (f"neither the decade trend (HHI {trend.value:+.4f} a year, "
                               f"{trend.ci_low:+.4f} to {trend.ci_high:+.4f}) nor the recent change ({span}: "
                               f"{recent.value:+.3f}, {recent.ci_low:+.3f} to {recent.ci_high:+.3f}) is clear"
                               if isinstance(recent, Estimate) and recent.has_ci else
                               "neither the decade trend nor the recent change is clear") + top_note


def judge_absorbed(r: Reading):
    n = int(r.v("absorbed_by_giants_max_12m"))
    bought = int(r.v("acquired_by_giants_max_12m")) if r.ok("acquired_by_giants_max_12m") else n
    if bought >= ABSORPTIONS:
        return SUPPORTED, (f"{bought} outright acquisitions of mid-sized AI firms by giants within twelve months "
                           "(documented cases, not a census)")
    if n >= ABSORPTIONS:
        listed = r.get("acquired_by_giants_list")
        return PARTLY, (f"{n} deals by giants within twelve months absorbed mid-sized AI firms' founders, staff and "
                        "technology, but as licence-and-hire deals rather than acquisitions"
                        + (f"; the only outright acquisition by a giant in the table: {listed}" if listed and listed != "none"
                           and ";" not in listed else f"; outright acquisitions by giants: {listed}" if listed else "")
                        + " (documented cases, not a census)")
    return UNTESTABLE, "fewer documented absorptions than the claim's 'multiple cases' (the table is not a census)"


def judge_api_window(r: Reading):
    full, recent = r["open-models.price_decline_per_year"], r["open-models.price_factor_recent"]
    cap_way, _ = capability_reading(r)
    capability = {"slowing": "frontier capability gains are slowing", "not slowing": "frontier capability is not "
                  "saturating", "unclear": "whether frontier capability gains are slowing is unclear"}[cap_way]
    full_way = direction(full, 0, (-FLAT_DECLINE, FLAT_DECLINE))
    if full_way in ("down", "flat"):
        return CONTRADICTED, "API prices for a fixed capability are not falling"
    if full_way == "unclear":
        return UNTESTABLE, "the price trend of a fixed capability is too uncertain"
    flat = r.get("open-models.price_months_unchanged_recent")
    steps = (f", in steps: the price did not move in {int(flat.value)} of {flat.n} month-to-month changes"
             if isinstance(flat, Estimate) and flat.ok and flat.n and flat.value > 0 else "")
    if recent.below(1):
        return PARTLY, (f"API prices keep falling ({_pct(full.value)} a year over {full.window}; still falling over the "
                        f"last twelve months, ×{recent.value:.2f} a year{steps}), but whether a window opens for "
                        f"mid-sized firms is a forecast; {capability}")
    return UNTESTABLE, (f"API prices fell {_pct(full.value)} a year ({full.window}) but are not clearly falling over the "
                        f"last twelve months; {capability}")


def judge_funding_highs(r: Reading):
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


def judge_talent(r: Reading):
    return UNTESTABLE, ("public affiliation histories (OpenAlex, ORCID) follow authors of papers, not the engineers who "
                        "move between AI companies, and are incomplete for industry; professional-network data is "
                        "proprietary, so whether mobility is homogenizing cannot be measured at a useful quality")


def judge_oligopoly(r: Reading):
    top3 = r.v("top10_top3_share_recent")
    change = r.get("top10_orgs_change")
    if change is None:  # stored measures from before the monthly means
        change = r["top10_orgs_trend"]
    elif not change.ok:
        return UNTESTABLE, ("the number of organizations at the top cannot be compared with the year before: "
                            f"{change.note or 'no value'}")
    orgs, prev = r.get("top10_orgs_recent"), r.get("top10_orgs_prev")
    n = f"{orgs.value:.1f} organizations" if isinstance(orgs, Estimate) and orgs.ok else "a few organizations"
    head = (f"a weak proxy: {n} hold the Arena top 10 (monthly mean, last 12 months), the largest three {_pct(top3)} of "
            "the places; whether this harms long-term innovation is not measurable")
    before = (f" (from {prev.value:.1f} in the 12 months before: {change.value:+.1f}, {change.ci_low:+.1f} to "
              f"{change.ci_high:+.1f})" if isinstance(prev, Estimate) and prev.ok and change.has_ci else "")
    if change.above(0) or top3 < 0.5:
        return CONTRADICTED, head + (f"; the number of organizations at the top rose{before}" if change.above(0) else "")
    if top3 >= OLIGOPOLY_TOP3:
        return PARTLY, head + f"; their number is not rising{before}"
    return UNTESTABLE, head + before


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


def judge_saturation(r: Reading):
    way, evidence = capability_reading(r)
    cond = ("the sentence is a conditional forecast; the data test its premise, whether frontier capability gains are "
            "slowing: ")
    if way == "slowing":
        return SUPPORTED, cond + "they are (" + evidence + ")"
    if way == "not slowing":
        return CONTRADICTED, cond + "they are not, by every test (" + evidence + ")"
    return UNTESTABLE, cond + "the answer depends on the break date or window (" + evidence + ")"


# ----------------------------------------------------------------- estimates as text

def _show_cost(r):
    return (_ci(r["frontier_cost_growth"], ".2f", "×") + f"/yr; record {_usd(r.v('cost_record_post_break_usd'))} from "
            f"the break year on, {_usd(r.v('cost_record_pre_break_usd'))} before")


def _show_few_firms(r):
    out = f"{r.v('frontier_orgs_recent_mean'):.1f} groups/yr at the frontier; trend " + _ci(r["frontier_orgs_trend"], ".2f", "×")
    if r.ok("groups_above_threshold_recent_mean"):
        out += f"; {r.v('groups_above_threshold_recent_mean'):.1f}/yr above the compute threshold"
    return out


def _show_open_ratio(r):
    ratios = ", ".join(f"{name.split()[0]} {_pct(v)}" for name, v in _ratios(r).items())
    win, gap = r.get("open_winrate_latest"), r.get("arena_gap_pct_latest")
    arena = f"; Arena win rate {_pct(win.value)} (gap {gap.value:.1f}%)" if win is not None and gap is not None else ""
    return ratios + arena


def _show_mid_rounds(r):
    if r.get("rounds_source") == "author":
        return (f"{_pct(r.v('mid_band_share_latest'))} of rounds in the band ({int(r.v('mid_band_year_latest'))}, author "
                "data); trend " + _ci(r["mid_band_trend"], ".2f", "×"))
    ratio = r["census_mid_ratio"]
    return (f"{int(r.v('census_mid_prev'))} → {int(r.v('census_mid_last'))} events ({ratio.window}); ratio "
            + _ci(ratio, ".2f"))


def _show_top_ten(r):
    out = f"≥ {_pct(r.v('top_k_share_latest'))} ({int(r.v('top_k_share_year'))}, 2021 dollars)"
    if r.ok("coverage_latest"):
        out += f"; curated rounds cover {_pct(r.v('coverage_latest'))} of that year's $1B+ events"
    return out


def _show_direction(r):
    out = _ci(r["hhi_latest"], ".3f") + "; trend " + _ci(r["hhi_trend"], "+.4f") + "/yr"
    if r.ok("hhi_change_recent"):
        out += f"; change {r['hhi_change_recent'].window}: " + _ci(r["hhi_change_recent"], "+.3f")
    return out


def _show_pushed_out(r):
    main, when = _recent_or_decade(r, "mid_trend_pts")
    out = (f"{_pct(r.v('mid_tier_share_latest'))} ({int(r.v('latest_year'))}); trend {when} "
           + _ci(main, "+.1f") + " points/yr")
    if main is not r["mid_trend_pts"]:
        out += "; over the decade " + _ci(r["mid_trend_pts"], "+.1f")
    if r.ok("mid_trend_pts_narrow"):
        out += "; decade, without labs over $1B or with a frontier model " + _ci(r["mid_trend_pts_narrow"], "+.1f")
    return out


def _show_dumbbell(r):
    (mid, when), (giant, _) = _recent_or_decade(r, "mid_trend_pts"), _recent_or_decade(r, "giant_trend_pts")
    return f"{when}: giants " + _ci(giant, "+.1f") + "; mid " + _ci(mid, "+.1f") + " points/yr"


CLAIMS: list[Claim] = [
    Claim("pushed-out", "mid-sized AI companies ... are now being rapidly pushed out", "innovation",
          "share of notable models built by mid-tier organizations (latest year) and its trend over the recent window "
          "(the article's \"now\", from the chapter's recent_start_year; points/yr, logistic), beside the decade trend and "
          "the decade trend without the mid-tier labs that raised over $1B or built a frontier model",
          f"judged on the recent window: supported when the trend's CI lies below zero; partly when it does not but the narrower mid tier's does; "
          f"contradicted when it lies above zero or within ±{FLAT_POINTS} points a year (and the narrower tier's does "
          "not fall); not testable otherwise",
          ("mid_trend_pts", "mid_tier_share_latest", "latest_year"), judge_pushed_out, _show_pushed_out),
    Claim("cost", "surged from tens of millions of dollars to hundreds of millions", "compute",
          "frontier training cost growth (×/yr, CI; before and after the break); the yearly record run: the years in "
          "the tens of millions and the first in the hundreds of millions",
          f"supported when the growth CI lies above 1 and the yearly record run was in the tens of millions ($10M to "
          f"{_usd(COST_RECORD_USD)}, 2023 USD) in some year before the first year it reached {_usd(COST_RECORD_USD)}; "
          "partly when costs rise without that shift; "
          "contradicted when the growth CI lies below 1 or within ±10% a year; not testable otherwise",
          ("frontier_cost_growth", "cost_record_pre_break_usd", "cost_record_post_break_usd"), judge_cost, _show_cost),
    Claim("few-firms", "only a very small number of well-funded companies can qualify to compete", "compute",
          "organization groups (parents together) releasing a frontier model per year (last 3 complete years) and its "
          "trend (rate ratio/yr); groups training a model above a fixed compute threshold",
          f"supported when at most {FEW_FIRMS} groups a year and neither count is rising (the frontier count's trend "
          f"falls or stays within ±20% a year, the fixed-bar count's trend, from the first year a group crossed the bar, "
          f"is not above 1); partly when at most {FEW_FIRMS} but a count rises or the trend is unclear; contradicted "
          "when more",
          ("frontier_orgs_recent_mean", "frontier_orgs_trend"), judge_few_firms, _show_few_firms),
    Claim("dumbbell", "a distinct \"dumbbell-shaped\" configuration", "innovation",
          "trends of the giant and mid-tier shares of notable models over the recent window (points/yr)",
          f"judged on the recent window: supported when the mid tier shrinks and giants grow (CIs); contradicted when the mid tier grows or stays "
          f"within ±{FLAT_POINTS} points a year; partly when only giants grow; not testable otherwise",
          ("mid_trend_pts", "giant_trend_pts"), judge_dumbbell, _show_dumbbell),
    Claim("open-80-90", "a free open-source model can achieve 80% to 90% of the performance", "open-models",
          "best open / best proprietary score (GPQA Diamond, MATH Level 5, MMLU; latest year); Arena win rate",
          f"supported when the open frontier is at least {OPEN_RATIO:.0%} of the proprietary frontier on every accuracy "
          "benchmark in its latest year; contradicted when below on any",
          ("gpqa_ratio_latest",), judge_open_ratio, _show_open_ratio, interval_based=False),
    Claim("open-value", "stripped \"mid-level\" closed-source models of their commercial value", "open-models",
          "price decline of a fixed capability (%/yr, CI, dense price window); share of the last 12 months the cheapest "
          "capable model is open",
          "at most partly supported (revenue is not public): partly when the price-decline CI lies above 0; "
          f"contradicted when it lies below 0 or within ±{FLAT_DECLINE:.0%} a year; not testable otherwise",
          ("price_decline_per_year", "price_open_cheapest_share"), judge_open_value,
          lambda r: _ci(r["price_decline_per_year"], ".0%") + f"/yr ({r['price_decline_per_year'].window}); cheapest is "
          f"open in {_pct(r.v('price_open_cheapest_share'))} of the last 12 months"),
    Claim("top-ten", "the top ten AI companies captured the vast majority of total industry funding", "capital",
          "lower bound on the top-10 share of AI private investment (their disclosed $1B+ rounds, deflated to 2021 "
          "dollars, over the AI Index total), beside the curated table's coverage of $1B+ events",
          f"supported when the lower bound exceeds {MAJORITY:.0%}; not testable otherwise (a lower bound below one half "
          "can neither show nor rule out a majority)",
          ("top_k_share_latest", "top_k_share_year"), judge_top_ten, _show_top_ten, interval_based=False),
    Claim("mid-rounds", "mid-scale funding rounds declined significantly", "capital",
          "AI Index counts of investment events in the mid-scale band, 2024 against 2023 in the same report edition "
          "(Poisson rate ratio); with an author's deal file, the yearly count of rounds in the band",
          "supported when the rate-ratio CI lies below 1; contradicted when it lies above 1 or within ±20%; not "
          "testable otherwise",
          ("census_mid_ratio", "rounds_source"), judge_mid_rounds, _show_mid_rounds),
    Claim("breakthroughs", "many breakthrough innovations often originate from mid-sized companies", "innovation",
          "citations per notable model, mid tier / giants at equal publication year (negative binomial), also with the "
          "latest-tier table and without the most influential organization",
          "supported when the ratio's CI lies above 1 with the dated table, the latest-tier table and without the most "
          "influential organization; partly when only with the dated table; contradicted when below 1 or within ±20%; "
          "not testable otherwise",
          ("citation_ratio_mid_vs_giant",), judge_breakthroughs,
          lambda r: _ci(r["citation_ratio_mid_vs_giant"], ".1f", suffix="×")
          + (f"; without {r.get('cite_top_org')}: " + _ci(r["cite_without_top_org"], ".2f", suffix="×")
             if r.ok("cite_without_top_org") else "")),
    Claim("direction", "the direction of fundamental research becomes overly concentrated", "innovation",
          "HHI of notable-model production across organization groups, corrected for each year's number of models: "
          "latest year (basic bootstrap CI), decade trend (HAC) and the latest year against the mean of the three "
          "years before (basic bootstrap)",
          "a conditional prediction, judged on whether production concentrates: supported when both the decade trend "
          f"and the recent change rise (CIs above 0); partly when one does; contradicted when the decade trend falls or "
          f"stays within ±{FLAT_HHI} a year and the recent change is not a rise; not testable otherwise",
          ("hhi_trend", "hhi_latest"), judge_direction, _show_direction),
    Claim("absorbed", "giants acquiring mid-sized AI companies", "innovation",
          "documented acquisitions and licensing deals of mid-tier AI companies by giants, most within 12 months",
          f"supported when at least {ABSORPTIONS} outright acquisitions fall within twelve months; partly when at least "
          f"{ABSORPTIONS} acquisitions or licence-and-hire deals do (absorption in substance, not in form); not testable "
          "otherwise (the table is a list of documented cases, not a census)",
          ("absorbed_by_giants_max_12m", "absorbed_by_giants_n"), judge_absorbed,
          lambda r: f"{int(r.v('absorbed_by_giants_n'))} by giants since 2022; "
                    f"{int(r.v('absorbed_by_giants_max_12m'))} within 12 months", interval_based=False),
    Claim("api-window", "API costs continue to decline ... may find a new window of opportunity", "outlook",
          "price decline of a fixed capability over the dense price window and the last 12 months (CI); the Outlook's "
          "test of slowing capability gains",
          "partly supported at most (the window is a forecast): partly when prices fall over the price window and are "
          "still falling over the last twelve months (both CIs); contradicted when prices are not falling (CI below 0 "
          f"or within ±{FLAT_DECLINE:.0%} a year); not testable otherwise",
          ("open-models.price_decline_per_year", "open-models.price_factor_recent"), judge_api_window,
          lambda r: _ci(r["open-models.price_decline_per_year"], ".0%") + "/yr; last 12 months: price ×"
          + _ci(r["open-models.price_factor_recent"], ".2f") + "/yr"),
    Claim("funding-highs", "funding amounts have repeatedly hit new highs", "capital",
          "AI private investment and generative-AI investment per year in 2021 dollars (AI Index via Our World in Data, "
          "2025 from the AI Index 2026): records in 2024 and 2025, and the growth of the total",
          "supported when the total set a record (2021 dollars) in both 2024 and 2025; partly when in one of them or "
          "when only generative AI did in both; contradicted when in neither; not testable when the series stops "
          "before 2025",
          ("record_total_2024", "funding_growth"), judge_funding_highs,
          lambda r: f"records: 2024 {'yes' if r.get('record_total_2024') else 'no'}, 2025 "
          f"{'yes' if r.get('record_total_2025') else 'no' if r.get('record_total_2025') is not None else 'n/a'}; growth "
          + _ci(r["funding_growth"], ".2f", "×") + f"/yr ({r.get('funding_series_years')})", interval_based=False),
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
          "trend " + _ci(r["layoff_ai_mid_share_trend"], ".2f", "×") + "/yr"),
    Claim("small-teams", "numerous asset-light small teams ... competing at extremely low costs", "capital",
          "newly funded AI companies per year (AI Index) and YC companies with an AI tag per batch year (count trends); "
          "the price of a fixed capability",
          "at most partly supported (counts of new companies do not measure competing): partly when any of the counts "
          "or the price decline rises (CIs above 1 or 0); contradicted when both counts fall or stay within ±10% a year; "
          "not testable otherwise",
          ("newly_funded_trend", "yc_ai_trend", "open-models.price_decline_per_year"), judge_small_teams,
          lambda r: "newly funded " + _ci(r["newly_funded_trend"], ".2f", "×") + "/yr; YC AI "
          + _ci(r["yc_ai_trend"], ".2f", "×") + "/yr; price decline " + _ci(r["open-models.price_decline_per_year"], ".0%")),
    Claim("talent", "talent mobility becomes homogenized", "innovation",
          "no usable public measure: affiliation histories of paper authors (OpenAlex, ORCID) miss most industry moves",
          "not testable with public data (stated up front: no public source follows AI workers' careers at a usable "
          "quality)",
          (), judge_talent, lambda r: "–", interval_based=False),
    Claim("oligopoly", "giants easily form de facto oligopolies", "open-models",
          "a weak proxy: the organizations holding the Arena top 10 (monthly means of irregular snapshots, last 12 "
          "months) and the change of their number against the 12 months before (HAC)",
          "at most partly supported (harm to innovation is not measurable): partly when the three largest organizations "
          f"hold at least {OLIGOPOLY_TOP3:.0%} of the top-10 places and the number of organizations is not rising; "
          "contradicted when it rises (CI above 0) or the three largest hold under half; not testable otherwise",
          ("top10_top3_share_recent", "top10_orgs_trend"), judge_oligopoly,
          lambda r: f"{r.v('top10_orgs_recent'):.1f} organizations; top three hold {_pct(r.v('top10_top3_share_recent'))}; "
          + ("change on the year before " + _ci(r["top10_orgs_change"], "+.1f") if r.ok("top10_orgs_change") else
             "trend " + _ci(r["top10_orgs_trend"], "+.2f") + " organizations/yr")),
    Claim("saturation", "When foundation model capabilities approach saturation", "outlook",
          "the premise of a conditional forecast: change of the capability frontier's gains (best ECI score so far, ECI "
          "points a year) after the break date (HAC), the same at every quarter of a grid of break dates, and the last "
          "twelve months' gain against the twelve before",
          "supported when the change's CI lies below zero, no break date of the grid shows a significant speed-up and "
          f"the last twelve months gained over {FLAT_SLOPE_SHARE:.0%} less than the twelve before; contradicted when "
          f"the change lies above zero or within ±{FLAT_SLOPE_SHARE:.0%} of the earlier gains, no break date shows a "
          "significant slowdown and the last twelve months gained at least as much (within that margin); not testable "
          "otherwise (the answer depends on the window)",
          ("eci_slope_change",), judge_saturation,
          lambda r: _ci(r["eci_slope_change"], "+.1f") + " ECI points/yr"),
]

@dataclass(frozen=True)
class Sentence:
    """One sentence of the article: its kind, the claims of the ledger that test it, or why the
    ledger leaves it out."""

    text: str  # the sentence's start, as in the article
    kind: str  # 'factual', 'opinion', 'prediction', 'anecdote' or 'definition'
    claims: tuple[str, ...] = ()
    left_out: str = ""  # one line, when no claim tests it


#: every sentence of the article, in order (the title and the source line excluded)
ARTICLE_SENTENCES: list[Sentence] = [
    Sentence("From 2024 to 2025, the global AI industry has appeared prosperous on the surface — funding amounts have "
             "repeatedly hit new highs", "factual", ("funding-highs",)),
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
             "been slower than expected, and new funding rounds keep hitting walls", "factual",
             left_out="the causes of individual companies' troubles; their finances are not public (costs and rounds are "
                      "tested as market-wide claims)"),
    Sentence("the AI industry is forming a distinct \"dumbbell-shaped\" configuration", "factual", ("dumbbell",)),
    Sentence("On one end are a handful of giants ... commanding massive computing resources, top-tier talent, and tens of "
             "billions of dollars in capital reserves", "factual", ("few-firms", "top-ten")),
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
             "premium prices", "factual", ("open-80-90",)),
    Sentence("This directly undermines the business logic that many mid-sized AI companies depend on", "opinion",
             left_out="a judgement about business models; revenues are not public"),
    Sentence("Third, the capital market's \"winner-take-all\" tendency is intensifying", "factual", ("top-ten",)),
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
             "form de facto oligopolies", "prediction", ("direction", "talent", "oligopoly")),
    Sentence("the shrinkage of mid-tier companies also means that deep solutions for many vertical industries may face "
             "insufficient supply", "prediction", left_out="a prediction without a date or a public measure"),
    Sentence("Giants tend to focus on general-purpose platforms, while small teams lack industry expertise", "opinion",
             left_out="a generalization without a public measure"),
    Sentence("The mid-sized specialized companies ... turn out to be the scarcest of all", "opinion",
             left_out="no public census of vertical specialists"),
    Sentence("Facing this trend, surviving mid-sized AI companies are actively seeking paths to break through", "anecdote",
             left_out="documented pivots are listed in the outcomes table; not a census"),
    Sentence("Some are choosing to fully pivot to being \"application layer\" players", "anecdote",
             left_out="documented pivots are listed in the outcomes table; not a census"),
    Sentence("Others are betting on specialized models in niche segments", "anecdote",
             left_out="no public data on companies' strategies"),
    Sentence("Another possible path is acquisition", "factual", ("absorbed",)),
    Sentence("there have been multiple cases of giants acquiring mid-sized AI companies over the past year", "factual",
             ("absorbed",)),
    Sentence("the polarization of the AI industry may be just a transitional phenomenon", "prediction",
             left_out="a prediction without a date"),
    Sentence("When foundation model capabilities approach saturation, API costs continue to decline ... may find a new "
             "window of opportunity", "prediction", ("saturation", "api-window")),
    Sentence("But until then, the winter for the AI middle class is likely to persist", "prediction",
             left_out="a prediction without a date"),
    Sentence("For the industry as a whole, finding the balance between efficiency and diversity will be the key question",
             "opinion", left_out="an opinion"),
]


def coverage() -> dict:
    """How much of the article the ledger covers: sentences by kind, and those with a claim."""
    covered = [s for s in ARTICLE_SENTENCES if s.claims]
    factual = [s for s in ARTICLE_SENTENCES if s.kind == "factual"]
    return {"sentences": len(ARTICLE_SENTENCES), "covered": len(covered), "factual": len(factual),
            "factual_covered": sum(bool(s.claims) for s in factual),
            "left_out": [s for s in ARTICLE_SENTENCES if not s.claims]}


BY_ID = {c.id: c for c in CLAIMS}

#: the measure a claim's verdict mainly rests on, when it is not the first one it reads (the
#: verdict history shows it as the claim's estimate)
HEADLINES = {"pushed-out": "mid_trend_pts_recent", "dumbbell": "mid_trend_pts_recent", "oligopoly": "top10_orgs_change",
             "direction": "hhi_change_recent", "layoffs": "layoff_ai_mid_share_trend"}


def judge(claim: Claim, measures: dict[str, dict], level: float | None = None) -> Result:
    """The verdict of one claim from the measures of the chapters (chapter -> name -> measure),
    with every interval read at ``level`` (None: the level the chapters ran at)."""
    missing = sorted(ch for ch in claim.chapters if ch not in measures)
    if missing:
        return Result(claim, NOT_YET, f"chapter(s) {', '.join(missing)} not yet in the book", level=level)
    r = Reading(claim.chapter, measures, level)
    for name in claim.reads:
        try:
            value = r.get(name)
        except KeyError as exc:  # an interval missing at this level
            return Result(claim, NOT_YET, str(exc).strip("'\""), level=level)
        if value is None:
            return Result(claim, NOT_YET, f"the chapter did not produce the measure '{name}'", level=level)
        if isinstance(value, Estimate) and not value.ok:
            what = value.label or name.split(".", 1)[-1].replace("_", " ")
            return Result(claim, UNTESTABLE, f"{what}: {value.note or 'no value'}", level=level)
    try:
        verdict, reason = claim.judge(r)
        shown = claim.show(r)
    except KeyError as exc:
        return Result(claim, NOT_YET, str(exc).strip("'\""), level=level)
    except (ValueError, TypeError, ZeroDivisionError) as exc:  # a value a rule needs could not be computed
        return Result(claim, UNTESTABLE, f"a measure the rule needs has no usable value ({exc})", level=level)
    no_number = re.compile(r"\b(nan|inf)\b", re.IGNORECASE)  # never print nan/inf in the ledger
    return Result(claim, verdict, no_number.sub("–", reason), no_number.sub("–", shown), level)


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
