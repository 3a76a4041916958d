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
              cpi: pd.Series, confidence: float, costs: pd.DataFrame | None = None,
              all_models: pd.DataFrame | None = None) -> pd.DataFrame:
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
        elif p.id == "cottier_cost_exact":
            if costs is None or all_models is None:
                continue
            book, _, _ = cost_exact(costs, models, all_models, start, end, p.level or confidence)
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
        kind = getattr(p, "kind", "") or ("conversion" if p.unit == "billion USD (nominal)" else "replication")
        rows.append({"id": p.id, "kind": kind, "quantity": p.quantity, "citation": p.citation, "publisher": p.publisher,
                     "value": float(p.value), "low": low,
                     "high": high, "level": p.level, "unit": p.unit, "window": f"{start} to {end}",
                     "location": p.location, "book": book, "agrees": ok,
                     "reason": (("same series: checks only the conversion from 2021 dollars"
                                 if kind == "conversion" else "same window and definition")
                                if ok else p.known_differences)})
    return pd.DataFrame(rows)


def table_measures(table: pd.DataFrame) -> dict:
    """The stored measures of a replication table (:func:`replicate`): each book estimate as
    ``rep_<id>``, whether it agrees as ``rep_<id>_agrees``, and the counts."""
    from .measures import estimate

    own = table[table["kind"] == "replication"] if "kind" in table else table
    conv = table[table["kind"] == "conversion"] if "kind" in table else table.iloc[:0]
    return {**{f"rep_{r.id}": r.book for r in table.itertuples()},
            **{f"rep_{r.id}_agrees": bool(r.agrees) for r in table.itertuples()},
            "replications_n": estimate(len(own), unit="published figures",
                                       label="independent replications (the book's estimate on the publication's window)"),
            "replications_agree": estimate(int(own["agrees"].sum()), unit="published figures"),
            "conversions_n": estimate(len(conv), unit="published figures",
                                      label="unit checks of the same series (not agreements)"),
            "conversions_agree": estimate(int(conv["agrees"].sum()), unit="published figures")}


def variants_measures(variants: pd.DataFrame) -> dict:
    """The closest of the frontier-compute variants (:func:`compute_variants`) and how many agree."""
    best = variants.sort_values("distance").iloc[0]
    return {"compute_variants_n": estimate(len(variants), unit="variants"),
            "compute_variants_agree": estimate(int(variants["agrees"].sum()), unit="variants"),
            "compute_variant_closest": str(best["variant"]),
            "compute_variant_closest_factor": estimate(float(best["factor"]), (float(best["low"]), float(best["high"])),
                                                       n=int(best["models"]), unit="factor per year"),
            "compute_variant_factor_min": estimate(float(variants["factor"].min()), unit="factor per year"),
            "compute_variant_factor_max": estimate(float(variants["factor"].max()), unit="factor per year")}


def arena_gaps(snapshots: pd.DataFrame) -> pd.DataFrame:
    """The default Arena chain's gap per snapshot (licences counted as open as the AI Index does)."""
    return openness.arena_gap(openness.arena_chain(snapshots, False, "2023-05-01", "2100-01-01"), True)


# ----------------------------------------------------------------- exact replications (issue 24)

#: names in Epoch's cost file that the dated model files spell otherwise
COST_NAME_ALIASES = {"GPT-3.5": "GPT-3.5 (davinci-002)", "GPT-4": "GPT-4 (Mar 2023)",
                     "GPT-4 Turbo": "GPT-4 Turbo (Nov 2023)", "Grok-3": "Grok 3"}


def dated_costs(costs: pd.DataFrame, notable: pd.DataFrame, all_models: pd.DataFrame) -> pd.DataFrame:
    """Epoch's per-model cost estimates with each model's publication date: from the notable
    file, else the all-models file, after :data:`COST_NAME_ALIASES`. Adds publication_date,
    decimal_year and ``dated_from`` ('notable', 'all models' or missing)."""
    names = costs["model"].map(lambda m: COST_NAME_ALIASES.get(m, m))
    dates = pd.concat([notable.assign(dated_from="notable"), all_models.assign(dated_from="all models")])
    dates = dates.drop_duplicates("model")[["model", "publication_date", "decimal_year", "dated_from"]]
    out = costs.assign(key=names).merge(dates.rename(columns={"model": "key"}), on="key", how="left")
    return out.drop(columns="key")


def cost_exact(costs: pd.DataFrame, notable: pd.DataFrame, all_models: pd.DataFrame, start: str, end: str,
               confidence: float, method: str = "amortized_usd") -> tuple[Estimate, int, int]:
    """Cottier et al.'s growth of the amortized training cost redone on their own per-model file:
    every model of the file with a positive ``method`` cost published in [start, end], log-linear
    fit on the publication date (HC1). Returns the growth factor, the models used and the
    models of the file left undated."""
    d = dated_costs(costs, notable, all_models)
    undated = int(d["publication_date"].isna().sum())
    w = d[(d["publication_date"] >= pd.Timestamp(start)) & (d["publication_date"] <= pd.Timestamp(end))
          & (d[method] > 0)]
    from . import trends

    fit = trends.fit_loglinear(w["decimal_year"], w[method], confidence)
    return (fit.factor(label="growth of the amortized training cost, Epoch's cost file",
                       window=f"{start} to {end}"), fit.n, undated)


#: game-playing systems, which Epoch's compute trend analyses sometimes set aside
GAME_SYSTEMS = r"AlphaGo|AlphaZero|AlphaStar|OpenAI Five"


def _strictly_earlier_top(df: pd.DataFrame, n: int) -> pd.Series:
    """Top ``n`` by compute among models released strictly earlier (same-day releases do not
    count against each other)."""
    d = df[df["compute_flop"].notna()].sort_values("publication_date", kind="mergesort")
    seen: list[float] = []
    flags = pd.Series(False, index=df.index)
    for _, g in d.groupby("publication_date", sort=True):
        for i, v in g["compute_flop"].items():
            flags[i] = sum(x > v for x in seen) < n
        seen.extend(g["compute_flop"].tolist())
    return flags


def compute_variants(notable: pd.DataFrame, all_models: pd.DataFrame, published: pd.Series,
                     confidence: float, n_boot: int = 2000, seed: int = 0) -> pd.DataFrame:
    """The frontier compute growth of Sevilla and Roldán (Epoch AI, 2024) under the variants a
    careful replicator would try: the book's definition (top 10 at release among notable
    models), among all models, among strictly earlier models, Epoch's own frontier flag, without
    AlphaGo Master and Zero, without game-playing systems, other window edges, and a bootstrap
    interval. ``published`` is the published row (value, ci_low, ci_high, window_start,
    window_end). Columns: variant, models, factor, low, high, agrees, distance (absolute log ratio to
    the published value)."""
    from . import frontier, trends

    start, end = published["window_start"], published["window_end"]
    book = notable.assign(top=frontier.running_top_n(notable, "compute_flop", 10))
    everyone = all_models.assign(top=frontier.running_top_n(all_models, "compute_flop", 10))
    strict = notable.assign(top=_strictly_earlier_top(notable, 10))
    flagged = notable.assign(top=notable["frontier_flag"].astype(bool) if "frontier_flag" in notable else False)

    def window(df, s=start, e=end):
        return df[(df["publication_date"] >= pd.Timestamp(s)) & (df["publication_date"] <= pd.Timestamp(e)) & df["top"]]

    variants = {
        "book: top 10 at release among notable models": window(book),
        "top 10 at release among all models (Epoch's all-models file)": window(everyone),
        "top 10 among strictly earlier notable models": window(strict),
        "Epoch's own frontier flag": window(flagged),
        "without AlphaGo Master and AlphaGo Zero": window(book[~book["model"].isin(["AlphaGo Master", "AlphaGo Zero"])]),
        "without game-playing systems": window(book[~book["model"].str.contains(GAME_SYSTEMS, regex=True)]),
        "window ending 2024-03-31": window(book, e="2024-03-31"),
        "window ending 2023-12-31": window(book, e="2023-12-31"),
        "window starting 2012-01-01": window(book, s="2012-01-01"),
    }
    rows = []
    for name, df in variants.items():
        fit = trends.fit_loglinear(df["decimal_year"], df["compute_flop"], confidence)
        rows.append({"variant": name, "models": fit.n, "factor": fit.factor_per_year, "low": fit.factor_ci[0],
                     "high": fit.factor_ci[1]})
    d = variants["book: top 10 at release among notable models"]
    x, y = d["decimal_year"].to_numpy(float), np.log10(d["compute_flop"].to_numpy(float))
    rng = np.random.default_rng(seed)
    slopes = []
    for _ in range(n_boot):
        i = rng.integers(0, len(x), len(x))
        if np.ptp(x[i]) > 0:
            slopes.append(np.polyfit(x[i], y[i], 1)[0])
    lo, hi = np.quantile(slopes, [0.5 - confidence / 2, 0.5 + confidence / 2])
    b = np.polyfit(x, y, 1)[0]
    rows.append({"variant": "book's sample, bootstrap interval (as Epoch)", "models": len(x), "factor": 10 ** b,
                 "low": 10 ** lo, "high": 10 ** hi})
    out = pd.DataFrame(rows)
    p, plo, phi = float(published["value"]), float(published["ci_low"]), float(published["ci_high"])
    out["agrees"] = (out["factor"].between(plo, phi)) & (out["low"] <= p) & (p <= out["high"])
    out["distance"] = (np.log(out["factor"]) - np.log(p)).abs()
    return out


# ----------------------------------------------------------------- the chapter

def measures(p, *, data, robustness: bool = True, upstream=None):
    """The replication chapter (``p``: its Params, :mod:`middleclass.chapters`; ``data``: the
    sources cut at ``p.as_of``): the book's estimators against figures published by Epoch AI,
    Cottier et al. and the AI Index, each on the published window, and the frontier-compute
    variants. Parts for the tables: table, variants, frontier_row."""
    from . import compute
    from .chapter import ChapterResult

    out = ChapterResult("replication", p)
    with out.section("the replications"):
        models = compute.mark_frontier(data.notable_models(), 10)  # frontier: top 10 at release
        gap = arena_gaps(data.arena_snapshots())
        cpi = data.curated("us_cpi").set_index("year")["cpi_u"]
        published = data.curated("published_figures")
        all_models = data.all_models()
        table = replicate(published, models, gap, data.ai_investment(), cpi, p.confidence, data.training_costs(),
                          all_models)
        out.record(table_measures(table))
        out.keep(table=table)
    with out.section("the frontier compute variants"):
        frontier_row = published.set_index("id").loc["epoch_compute_frontier"]
        variants = compute_variants(models, all_models, frontier_row, p.confidence)
        out.record(variants_measures(variants))
        out.keep(variants=variants, frontier_row=frontier_row)
    return out
