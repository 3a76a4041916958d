"""Loaders for Epoch AI's model and cluster tables (``shared/data/epoch/``).

Units: training compute in FLOP, training cost in 2023 USD, cluster hardware cost in USD as
published, H100 equivalents.
"""

from __future__ import annotations

import os

import pandas as pd

from . import asof as _asof
from .dates import decimal_year
from .validate import read_validated


def _split_list(value) -> list[str]:
    if not isinstance(value, str):
        return []
    return [part.strip() for part in value.split(",") if part.strip()]


def sector_of(categories: list[str]) -> str:
    """Sector of a model from its organizations' categories (multi-organization rows split).

    'Industry' or 'Academia' when every organization is of that kind; 'Collaboration' when
    industry and academia both take part; 'Other' for government, research collectives and
    other mixes; 'Unknown' when no category is given.
    """
    kinds = set(categories)
    if not kinds:
        return "Unknown"
    if kinds == {"Industry"}:
        return "Industry"
    if kinds == {"Academia"}:
        return "Academia"
    if {"Industry", "Academia"} <= kinds:
        return "Collaboration"
    return "Other"


def load_notable_models(path: str | os.PathLike | None = None, as_of=None, needs=()) -> pd.DataFrame:
    """Epoch AI notable models, one row per model with a publication date.

    Columns: model, organization (as published), organizations (list, split on commas),
    org_categories (list), sector, publication_date (datetime), year (int), decimal_year,
    compute_flop (FLOP), cost_usd_2023 (2023 USD), parameters, citations, accessibility,
    open_weights, notability, frontier_flag (bool), domain, country.
    ``df.attrs['dropped_undated']`` counts rows without a publication date. ``as_of`` keeps the
    models published by that date (:mod:`asof`); ``needs`` names optional columns the caller uses.
    """
    raw = read_validated("epoch_notable", path, needs)
    df = pd.DataFrame(
        {
            "model": raw["Model"],
            "organization": raw["Organization"],
            "publication_date": raw["Publication date"],
            "domain": raw["Domain"],
            "parameters": raw["Parameters"],
            "compute_flop": raw["Training compute (FLOP)"],
            "cost_usd_2023": raw["Training compute cost (2023 USD)"],
            "org_category_raw": raw["Organization categorization"],
            "country": raw["Country (of organization)"],
            "notability": raw["Notability criteria"],
            "citations": raw["Citations"],
            "accessibility": raw["Model accessibility"],
            "open_weights": raw["Open model weights?"],
            "frontier_flag": raw["Frontier model"].fillna("").str.lower().eq("true"),
        }
    )
    undated = int(df["publication_date"].isna().sum())
    df = df[df["publication_date"].notna()].copy()
    df["organizations"] = df["organization"].map(_split_list)
    df["org_categories"] = df["org_category_raw"].map(_split_list)
    df["sector"] = df["org_categories"].map(sector_of)
    df["year"] = df["publication_date"].dt.year.astype(int)
    df["decimal_year"] = decimal_year(df["publication_date"])
    df = df.sort_values(["publication_date", "model"], kind="mergesort").reset_index(drop=True)
    df.attrs["dropped_undated"] = undated
    return _asof.cut(df, "epoch_notable", as_of).reset_index(drop=True)


PAIR_COLUMNS = ["model", "organization", "category", "publication_date", "year", "citations", "notability"]
#: model columns carried to the (model, organization) pairs when present
PAIR_EXTRAS = ["frontier_flag", "is_frontier", "accessibility", "compute_flop"]


def model_organizations(models: pd.DataFrame) -> pd.DataFrame:
    """One row per (model, organization): multi-organization rows split, category paired by
    position when the two lists have the same length (else category is missing). Columns
    :data:`PAIR_COLUMNS` and those of :data:`PAIR_EXTRAS` that ``models`` has."""
    extras = [c for c in PAIR_EXTRAS if c in models]
    rows = []
    for rec in models.to_dict("records"):
        orgs, cats = rec["organizations"], rec["org_categories"]
        for i, org in enumerate(orgs):
            cat = cats[i] if len(cats) == len(orgs) else (cats[0] if len(set(cats)) == 1 else None)
            rows.append({"model": rec["model"], "organization": org, "category": cat,
                         "publication_date": rec["publication_date"], "year": rec["year"],
                         "citations": rec["citations"], "notability": rec["notability"],
                         **{c: rec[c] for c in extras}})
    return pd.DataFrame(rows, columns=PAIR_COLUMNS + extras)


def load_gpu_clusters(path: str | os.PathLike | None = None, as_of=None) -> pd.DataFrame:
    """Epoch AI GPU clusters (AI supercomputers), rows Epoch includes in its standard analysis.

    Columns: name, owner, status, certainty, first_operational (datetime), year,
    hardware_cost_usd (USD, as published), h100e (H100 equivalents), sector, country.
    """
    raw = read_validated("epoch_gpu_clusters", path)
    included = raw["Include in Standard Analysis"].fillna("").str.lower().isin(["true", "yes", "1"])
    df = pd.DataFrame(
        {
            "name": raw["Name"].str.strip('"'),
            "owner": raw["Owner"],
            "status": raw["Status"],
            "certainty": raw["Certainty"],
            "first_operational": raw["First Operational Date"],
            "hardware_cost_usd": raw["Hardware Cost"],
            "h100e": raw["H100 equivalents"],
            "sector": raw["Sector"],
            "country": raw["Country"],
        }
    )[included.to_numpy()]
    df["year"] = df["first_operational"].dt.year.astype("Int64")
    return _asof.cut(df, "epoch_gpu_clusters", as_of).reset_index(drop=True)


def load_all_models(as_of=None) -> pd.DataFrame:
    """Epoch AI's all-models file (a superset of the notable models), one row per dated model.
    Columns: model, organization, publication_date, decimal_year, compute_flop (FLOP)."""
    raw = read_validated("epoch_all_models")
    df = pd.DataFrame({"model": raw["Model"], "organization": raw["Organization"],
                       "publication_date": raw["Publication date"], "compute_flop": raw["Training compute (FLOP)"]})
    df = df[df["publication_date"].notna()].copy()
    df["decimal_year"] = decimal_year(df["publication_date"])
    df = df.sort_values(["publication_date", "model"], kind="mergesort").reset_index(drop=True)
    return _asof.cut(df, "epoch_all_models", as_of).reset_index(drop=True)


def load_training_costs() -> pd.DataFrame:
    """Epoch's per-model training-cost estimates by method (model_costs.csv of the repository
    behind Cottier et al.): model, cloud_usd, acquisition_usd, amortized_usd (amortized hardware
    capital expenditure plus energy). Undated: join on the model name."""
    raw = read_validated("epoch_training_costs")
    return pd.DataFrame({"model": raw["Model"], "cloud_usd": raw["Cloud_Cost"],
                         "acquisition_usd": raw["Hardware_Acquisition_Cost"],
                         "amortized_usd": raw["Hardware_Capex_Energy_Cost"]})
