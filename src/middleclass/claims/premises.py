"""The premises of the article's conditional sentences ("when X happens, Y follows"):
:data:`PREMISES`, each measured before its claims' consequence is judged."""

from __future__ import annotations

from .engine import (BY_ID, CONTRADICTED, FAILS, FLAT_DECLINE, HOLDS, SUPPORTED, UNCLEAR, Premise, Reading, _ci,
                     direction, judge)
from ..analysis.measures import Estimate

FLAT_SLOPE_SHARE = 0.2  # a change of capability gains within ±20% of the earlier gain is "no change"


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
