"""The book's estimates on the windows and definitions of published figures (Epoch AI, Cottier
et al., the AI Index), side by side with them, and whether they agree.

Agreement: with two intervals, each point estimate must lie inside the other's interval (mere
overlap is too lenient: two intervals can overlap while neither contains the other's
estimate); a published point (no interval) agrees with the book's number when they differ by at
most :data:`TOLERANCE` of the unit (0.5 percentage points for gaps in percent, 1% of the value
for money). The investment rows compare the AI Index with the AI Index's own series (via Our
World in Data): they check the book's conversion from 2021 dollars, not an independent estimate.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from . import compute, openness
from .measures import Estimate, estimate

#: how far a published point may be from the book's number and still agree, by unit
TOLERANCE = {"percent of the closed model's score": ("absolute", 0.5), "billion USD (nominal)": ("relative", 0.01)}


def agrees(book: Estimate, value: float, low: float, high: float, unit: str) -> bool:
    """Each point inside the other's interval, or (published point) the values are within
    :data:`TOLERANCE`."""
    if not book.ok:
        return False
    if math.isfinite(low) and math.isfinite(high) and book.has_ci:
        return low <= book.value <= high and book.ci_low <= value <= book.ci_high
    kind, tol = TOLERANCE.get(unit, ("relative", 0.05))
    gap = abs(book.value - value)
    return gap <= (tol if kind == "absolute" else tol * abs(value))


def arena_gap_in(gap: pd.DataFrame, start: str, end: str) -> Estimate:
    """The Arena gap (percent) averaged over the snapshots inside [start, end], or at the
    nearest snapshot when none falls inside (its date is the window)."""
    inside = gap[(gap["snapshot_date"] >= pd.Timestamp(start)) & (gap["snapshot_date"] <= pd.Timestamp(end))]
    if len(inside):
        return estimate(inside["gap_pct"].mean(), n=len(inside), unit="percent of the closed model's score",
                        window=f"{len(inside)} snapshots, {inside['snapshot_date'].min():%Y-%m-%d} to "
                               f"{inside['snapshot_date'].max():%Y-%m-%d}")
    if gap.empty:
        return estimate(np.nan, unit="percent of the closed model's score",
                        note="not enough data (n = 0; no Arena snapshot with open and closed models yet)")
    mid = pd.Timestamp(start) + (pd.Timestamp(end) - pd.Timestamp(start)) / 2
    near = gap.iloc[(gap["snapshot_date"] - mid).abs().argmin()]
    return estimate(near["gap_pct"], n=1, unit="percent of the closed model's score",
                    window=f"nearest snapshot, {near['snapshot_date']:%Y-%m-%d}")


def investment_nominal(investment: pd.DataFrame, entity: str, year: int, cpi: pd.Series) -> Estimate:
    """An AI Index total of one entity and year (constant 2021 USD) in current dollars, billions."""
    row = investment[(investment["entity"] == entity) & (investment["year"] == year)]
    if row.empty:
        return estimate(np.nan, unit="billion USD (nominal)", note=f"no {entity} total for {year}")
    value = float(row["investment_usd"].iloc[0]) * float(cpi[year]) / float(cpi[2021]) / 1e9
    return estimate(value, unit="billion USD (nominal)", window=str(year), label=f"{entity} private investment in AI")


def replicate(published: pd.DataFrame, models: pd.DataFrame, gap: pd.DataFrame, investment: pd.DataFrame,
              cpi: pd.Series, confidence: float) -> pd.DataFrame:
    """One row per published figure: the book's estimate computed on its window and
    definition with the library's own functions, and whether the two agree.

    ``models`` are notable models with ``is_frontier`` (top 10 at release), ``gap`` the Arena
    gap per snapshot (:func:`openness.arena_gap`), ``investment`` the AI Index series.
    Columns: id, quantity, published (value, low, high, level), book (Estimate), agrees, reason.
    """
    rows = []
    for p in published.itertuples(index=False):
        start, end = f"{p.window_start:%Y-%m-%d}", f"{p.window_end:%Y-%m-%d}"
        window = compute.in_window(models, start, end)
        if p.id == "epoch_compute_notable":
            book = compute.compute_trend(window, p.level or confidence).factor()
        elif p.id == "epoch_compute_frontier":
            book = compute.compute_trend(window, p.level or confidence, frontier_only=True).factor()
        elif p.id == "cottier_cost_frontier":
            book = compute.cost_trend(window, p.level or confidence).factor()
        elif p.id.startswith("aiindex_arena_gap"):
            book = arena_gap_in(gap, start, end)
        elif p.id == "aiindex_us_investment_2024":
            book = investment_nominal(investment, "United States", 2024, cpi)
        elif p.id == "aiindex_world_investment_2024":
            book = investment_nominal(investment, "World", 2024, cpi)
        else:
            continue
        low, high = (float(v) if v == v else math.nan for v in (p.ci_low, p.ci_high))
        ok = agrees(book, float(p.value), low, high, p.unit)
        rows.append({"id": p.id, "quantity": p.quantity, "citation": p.citation, "publisher": p.publisher,
                     "value": float(p.value), "low": low,
                     "high": high, "level": p.level, "unit": p.unit, "window": f"{start} to {end}",
                     "location": p.location, "book": book, "agrees": ok,
                     "reason": (("same series: checks only the conversion from 2021 dollars"
                                 if p.unit == "billion USD (nominal)" else "same window and definition")
                                if ok else p.known_differences)})
    return pd.DataFrame(rows)


def measures(table: pd.DataFrame) -> dict:
    """The stored measures of a replication table (:func:`replicate`): each book estimate as
    ``rep_<id>``, whether it agrees as ``rep_<id>_agrees``, and the counts."""
    from .measures import estimate

    return {**{f"rep_{r.id}": r.book for r in table.itertuples()},
            **{f"rep_{r.id}_agrees": bool(r.agrees) for r in table.itertuples()},
            "replications_n": estimate(len(table), unit="published figures"),
            "replications_agree": estimate(int(table["agrees"].sum()), unit="published figures")}


def arena_gaps(snapshots: pd.DataFrame) -> pd.DataFrame:
    """The default Arena chain's gap per snapshot (licences counted as open as the AI Index does)."""
    return openness.arena_gap(openness.arena_chain(snapshots, False, "2023-05-01", "2100-01-01"), True)
