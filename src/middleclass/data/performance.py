"""Loaders for the model-performance and price files (``shared/data/performance/``): the
LMArena leaderboard snapshots, Epoch's Capabilities Index and benchmark hub, LiteLLM's price
history.

Units: Arena scores in rating points; ECI points; benchmark scores as 0-1 accuracy; prices in
USD per million tokens.
"""

from __future__ import annotations

import os

import pandas as pd

from . import asof as _asof
from .dates import decimal_year
from .validate import read_validated


def _flag(series: pd.Series) -> pd.Series:
    """'True'/'False' text -> boolean (missing stays missing)."""
    return series.map({"True": True, "False": False}).astype("boolean")


def load_arena_snapshots(path: str | os.PathLike | None = None, as_of=None) -> pd.DataFrame:
    """LMArena text leaderboard, one row per model per snapshot (all chains and score types).

    Columns: snapshot_date (datetime), decimal_year, source, style_control (bool), score_type
    ('bt_rating', 'displayed_2023_elo', 'online_elo'), preferred (bool), model, model_key,
    score (arena rating points), organization, license, license_class ('open_weights' /
    'proprietary'), table_coverage ('full_table' / 'top30_only'), preliminary (bool: arena.ai's
    "Preliminary" flag for pre-release and new entries, from 2025-10).
    """
    df = read_validated("arena_snapshots", path).copy()
    df["style_control"] = _flag(df["style_control"]).astype(bool)
    df["preferred"] = _flag(df["preferred"]).astype(bool)
    df["preliminary"] = (_flag(df["preliminary"]).fillna(False).astype(bool) if "preliminary" in df
                         else pd.Series(False, index=df.index))
    df["decimal_year"] = decimal_year(df["snapshot_date"])
    return _asof.cut(df, "arena_snapshots", as_of).reset_index(drop=True)


def load_eci(path: str | os.PathLike | None = None, as_of=None) -> pd.DataFrame:
    """Epoch Capabilities Index (March 2026 copy with accessibility filled in).

    Columns: model, score (ECI points), release_date, decimal_year, organization,
    accessibility (Epoch's wording, e.g. 'Open weights (restricted use)'), accessibility_basis
    ('epoch_eci_2026-03', 'inferred_family_rule', ...). Rows without a score or date dropped.
    """
    raw = read_validated("epoch_eci", path)
    df = pd.DataFrame({
        "model": raw["Model version"], "score": raw["ECI Score"], "release_date": raw["Release date"],
        "organization": raw["Organization"], "accessibility": raw["accessibility_filled"],
        "accessibility_basis": raw["accessibility_basis"],
    })
    df = df[df["score"].notna() & df["release_date"].notna()].copy()
    df["decimal_year"] = decimal_year(df["release_date"])
    return _asof.cut(df, "epoch_eci", as_of).reset_index(drop=True)


def load_benchmarks(path: str | os.PathLike | None = None, as_of=None) -> pd.DataFrame:
    """Epoch benchmark hub scores in long form, best score per (benchmark, model).

    Columns: benchmark, model, score (the benchmark's headline score: 0-1 accuracy for the
    benchmarks used here), release_date, decimal_year, organization, accessibility,
    accessibility_basis. Rows without a model name, score or date dropped.
    """
    raw = read_validated("epoch_benchmarks_long", path)
    df = pd.DataFrame({
        "benchmark": raw["benchmark"], "model": raw["model_version"], "score": raw["score"],
        "release_date": raw["release_date"], "organization": raw["organization"],
        "accessibility": raw["model_accessibility"], "accessibility_basis": raw["accessibility_basis"],
    })
    df = df[df["model"].notna() & df["score"].notna() & df["release_date"].notna()]
    df = df.sort_values("score", ascending=False, kind="mergesort").drop_duplicates(["benchmark", "model"])
    df = df.sort_values(["benchmark", "release_date", "model"], kind="mergesort").copy()
    df["decimal_year"] = decimal_year(df["release_date"])
    return _asof.cut(df, "epoch_benchmarks_long", as_of).reset_index(drop=True)


def load_litellm_prices(path: str | os.PathLike | None = None, input_weight: float = 0.75, as_of=None) -> pd.DataFrame:
    """LiteLLM list-price history: one row per (model route, price state).

    Columns: model_key (LiteLLM key), name (last path part, lower case: matches LMArena's
    model_key for many models), provider, input_usd_per_mtok, output_usd_per_mtok,
    blended_usd_per_mtok (``input_weight`` x input + the rest x output, USD per million
    tokens; 3:1 by default), valid_from, valid_until (exclusive; NaT = still listed),
    left_censored (bool: listed in the first copy, launch date earlier).
    """
    raw = read_validated("litellm_prices", path)
    df = pd.DataFrame({
        "model_key": raw["model_key"], "name": raw["model_key"].str.split("/").str[-1].str.lower(),
        "provider": raw["litellm_provider"], "mode": raw["mode"],
        "input_usd_per_mtok": raw["input_usd_per_mtok"], "output_usd_per_mtok": raw["output_usd_per_mtok"],
        "valid_from": raw["valid_from"], "valid_until": raw["valid_to"].fillna(raw["removed_on"]),
        "left_censored": _flag(raw["left_censored"]).fillna(False).astype(bool),
    })
    df = df[df["input_usd_per_mtok"].notna() & df["output_usd_per_mtok"].notna()].copy()
    df["blended_usd_per_mtok"] = input_weight * df["input_usd_per_mtok"] + (1 - input_weight) * df["output_usd_per_mtok"]
    return _asof.cut(df, "litellm_prices", as_of).reset_index(drop=True)


def load_benchmark_hub(as_of=None) -> pd.DataFrame:
    """Every benchmark of :data:`hub.HUB_BENCHMARKS` in long form, best score per (benchmark,
    model), with each model's accessibility.

    Columns: benchmark (display name), model, score (0-1 share of tasks solved), release_date,
    decimal_year, organization, accessibility (Epoch's wording: the April 2026 hub ECI file,
    else the March 2026 ECI file's filled value, else missing). ``as_of`` keeps the models
    released by that date (:mod:`asof`, the hub's release dates)."""
    from .hub import HUB_BENCHMARKS

    access = load_eci()[["model", "accessibility"]].dropna().drop_duplicates("model").set_index("model")["accessibility"]
    hub_eci = read_validated("epoch_hub_eci")
    fresh = hub_eci.dropna(subset=["Model version", "Model accessibility"]).drop_duplicates("Model version")
    access = pd.concat([fresh.set_index("Model version")["Model accessibility"], access[~access.index.isin(
        fresh["Model version"])]])
    frames = []
    for b in HUB_BENCHMARKS:
        raw = read_validated(b.source_id)
        df = pd.DataFrame({"benchmark": b.name, "model": raw["Model version"],
                           "score": raw[b.score_column] / b.max_score, "release_date": raw["Release date"],
                           "organization": raw["Organization"]})
        frames.append(df[df["model"].notna() & df["score"].notna() & df["release_date"].notna()])
    df = pd.concat(frames, ignore_index=True)
    df = df.sort_values("score", ascending=False, kind="mergesort").drop_duplicates(["benchmark", "model"])
    df["accessibility"] = df["model"].map(access)
    df = df.sort_values(["benchmark", "release_date", "model"], kind="mergesort").reset_index(drop=True)
    df["decimal_year"] = decimal_year(df["release_date"])
    return _asof.cut(df, "epoch_hub", as_of).reset_index(drop=True)
