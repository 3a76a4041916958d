"""The outlook chapter's claims (``api-window``, ``capabilities``): thresholds, rules and
:data:`CLAIMS`."""

from __future__ import annotations

from .multiverse import confidence, parameter, points_band, threshold
from .engine import (CONTRADICTED, FLAT_POINTS, SUPPORTED, UNTESTABLE, C, Claim, Reading, S, U, _ci, _outcomes,
                     direction)
from .premises import FLAT_SLOPE_SHARE, PREMISES
from ..analysis.measures import Estimate

# an equivalence margin (an interval inside it is "precisely no change") that only this chapter reads
FLAT_ECI = 1.0  # the capability frontier: a trend within ±1 ECI point a year is no movement


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


CLAIMS: list[Claim] = [
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
]


#: the pre-declared choices of each claim's multiverse (issue 27; :mod:`.multiverse`), the default first
_BREAK = parameter("window_break_date", (("2025-01-01", "break 2025-01"), ("2024-07-01", "break 2024-07"),
                                         ("2025-07-01", "break 2025-07")),
                   "the date tested for a slowdown: the start of 2025, or half a year either side")
CHOICES = {
    "capabilities": (
        _BREAK,
        confidence(),
        threshold("FLAT_ECI", ((1.0, "±1 ECI/yr"), (0.5, "±0.5 ECI/yr"), (2.0, "±2 ECI/yr")),
                  "how fast the capability frontier must move to count as moving: a point a year, halved or doubled"),
    ),
    "api-window": (
        _BREAK,
        threshold("premises.FLAT_SLOPE_SHARE", ((0.2, "±20%"), (0.1, "±10%"), (0.3, "±30%")),
                  "how much capability gains must change to count as slowing: a fifth of the earlier gain, or less or more"),
        points_band("how fast the mid tier's share must move to count as moving: half a point a year, halved or "
                    "doubled"),
    ),
}
