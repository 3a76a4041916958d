"""Loaders: one per source. Each checks the file (sources.resolve), validates it against its
schema and returns a tidy frame with clean dtypes. Every read is recorded for provenance.

Errors are :class:`~middleclass.errors.DataError` with a one-line message naming the file,
the column and example rows (row numbers count data records from 1, header excluded).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from . import sources
from .errors import DataError
from .schemas import AUTHOR_ROUNDS, CURATED, SCHEMAS
from .trends import decimal_year

#: Files read in this process, in order: dicts with source id, path, sha256, pinned, rows.
READS: list[dict] = []

_CHECK_WORDS = {
    "coerce_dtype('datetime64": "unparseable date",
    "dtype('datetime64": "unparseable date",
    "coerce_dtype('float": "non-numeric value",
    "dtype('float": "non-numeric value",
    "not_nullable": "missing value",
    "greater_than_or_equal_to(0)": "negative value",
    "column_in_dataframe": "missing column",
    "isin(": "value not in the allowed set",
}


def _describe_check(check: str) -> str:
    for prefix, words in _CHECK_WORDS.items():
        if check.startswith(prefix):
            return words
    return f"failed check {check}"


def schema_error_message(label: str, failure_cases: pd.DataFrame, max_examples: int = 3) -> str:
    """Turn pandera's ``failure_cases`` into one line: file, column, problem, example rows."""
    fc = failure_cases.copy()
    fc = fc[fc["index"].notna() | (fc["check"].astype(str) == "column_in_dataframe")]
    if fc.empty:
        fc = failure_cases
    fc["problem"] = fc["check"].astype(str).map(_describe_check)
    parts = []
    for (column, problem), grp in fc.groupby(["column", "problem"], sort=False):
        rows = grp.drop_duplicates("index").sort_values("index").head(max_examples)
        examples = ", ".join(
            f"row {int(r['index']) + 1} {str(r['failure_case'])!r}" for _, r in rows.iterrows() if pd.notna(r["index"])
        )
        n = grp["index"].nunique()
        parts.append((column, problem, f"column '{column}': {problem} in {n} row(s)" + (f", e.g. {examples}" if examples else "")))
    first = parts[0][2]
    more = f" (+{len(parts) - 1} more problem(s))" if len(parts) > 1 else ""
    return f"{label}: {first}{more}"


def _label(resolved: sources.ResolvedFile) -> str:
    root = sources.data_root()
    try:
        return str(resolved.path.relative_to(root))
    except ValueError:
        return str(resolved.path)


def _validate_file(label: str, path: Path, schema: pa.DataFrameSchema, encoding: str = "utf-8") -> pd.DataFrame:
    """Header check, CSV read (as text) and pandera validation with one-line errors."""
    wanted = list(schema.columns)
    sources.check_columns(label, path, wanted, encoding)
    try:
        raw = pd.read_csv(path, usecols=wanted, dtype=str, keep_default_na=False, encoding=encoding)
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataError(f"{label}: not a readable CSV ({str(exc).splitlines()[0]})") from None
    if raw.empty:
        raise DataError(f"{label}: empty file (header only, no data rows)")
    raw = raw.apply(lambda s: s.str.strip()).replace("", np.nan)
    try:
        return schema.validate(raw, lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise DataError(schema_error_message(label, exc.failure_cases)) from None


def _record(source_id: str, path: Path, label: str, digest: str, pinned: bool, rows: int) -> None:
    READS.append({"source": source_id, "path": str(path), "label": label, "sha256": digest, "pinned": pinned, "rows": rows})


def read_validated(source_id: str, override: str | os.PathLike | None = None) -> pd.DataFrame:
    """Read a source's file, check its hash (or record it for an author file) and validate it.

    Returns the raw columns named in the schema, coerced to their dtypes.
    """
    resolved = sources.resolve(source_id, override)
    label = _label(resolved)
    encoding = sources.get_source(source_id).extra.get("encoding", "utf-8")
    df = _validate_file(label, resolved.path, SCHEMAS[source_id], encoding)
    _record(source_id, resolved.path, label, resolved.sha256, resolved.pinned, len(df))
    return df


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


def load_notable_models(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Epoch AI notable models, one row per model with a publication date.

    Columns: model, organization (as published), organizations (list, split on commas),
    org_categories (list), sector, publication_date (datetime), year (int), decimal_year,
    compute_flop (FLOP), cost_usd_2023 (2023 USD), parameters, citations, accessibility,
    open_weights, notability, frontier_flag (bool), domain, country.
    ``df.attrs['dropped_undated']`` counts rows without a publication date.
    """
    raw = read_validated("epoch_notable", path)
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
    return df


def model_organizations(models: pd.DataFrame) -> pd.DataFrame:
    """One row per (model, organization): multi-organization rows split, category paired by
    position when the two lists have the same length (else category is missing)."""
    rows = []
    for rec in models.itertuples(index=False):
        orgs, cats = rec.organizations, rec.org_categories
        for i, org in enumerate(orgs):
            cat = cats[i] if len(cats) == len(orgs) else (cats[0] if len(set(cats)) == 1 else None)
            rows.append({"model": rec.model, "organization": org, "category": cat,
                         "publication_date": rec.publication_date, "year": rec.year,
                         "citations": rec.citations, "notability": rec.notability})
    return pd.DataFrame(rows, columns=["model", "organization", "category", "publication_date", "year", "citations",
                                       "notability"])


def load_gpu_clusters(path: str | os.PathLike | None = None) -> pd.DataFrame:
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
    return df.reset_index(drop=True)


def _flag(series: pd.Series) -> pd.Series:
    """'True'/'False' text -> boolean (missing stays missing)."""
    return series.map({"True": True, "False": False}).astype("boolean")


def load_arena_snapshots(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """LMArena text leaderboard, one row per model per snapshot (all chains and score types).

    Columns: snapshot_date (datetime), decimal_year, source, style_control (bool), score_type
    ('bt_rating', 'displayed_2023_elo', 'online_elo'), preferred (bool), model, model_key,
    score (arena rating points), organization, license, license_class ('open_weights' /
    'proprietary'), table_coverage ('full_table' / 'top30_only').
    """
    raw = read_validated("arena_snapshots", path)
    df = raw.copy()
    df["style_control"] = _flag(df["style_control"]).astype(bool)
    df["preferred"] = _flag(df["preferred"]).astype(bool)
    df["decimal_year"] = decimal_year(df["snapshot_date"])
    return df.reset_index(drop=True)


def load_eci(path: str | os.PathLike | None = None) -> pd.DataFrame:
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
    return df.reset_index(drop=True)


def load_benchmarks(path: str | os.PathLike | None = None) -> pd.DataFrame:
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
    return df.reset_index(drop=True)


def load_litellm_prices(path: str | os.PathLike | None = None, input_weight: float = 0.75) -> pd.DataFrame:
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
    return df.reset_index(drop=True)


# ------------------------------------------------------------------ capital

AI_VERTICALS = {"Artificial Intelligence", "Computer Vision", "Machine Learning"}
DEAL_COLUMNS = ["sample", "company", "date", "year", "amount_usd", "round_type", "is_ai"]
NOT_FUNDING = {"Acquisition", "IPO", "Merger"}
_MONEY = re.compile(r"^\$?\s*([0-9]+(?:\.[0-9]+)?)\s*([KMB]?)$", re.IGNORECASE)


def parse_money(text) -> float:
    """'$2.1M' -> 2.1e6, '$500K' -> 5e5, '$1.5B' -> 1.5e9, '278940' -> 278940.0; 'Undisclosed',
    'Unknown' and blanks -> nan. Anything else raises ValueError."""
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return np.nan
    t = str(text).strip().replace(",", "")
    if t.lower() in {"", "undisclosed", "unknown", "n/a"}:
        return np.nan
    m = _MONEY.match(t)
    if not m:
        raise ValueError(t)
    return float(m.group(1)) * {"": 1, "K": 1e3, "M": 1e6, "B": 1e9}[m.group(2).upper()]


def _amounts(label: str, column: str, values: pd.Series) -> pd.Series:
    out, bad = [], []
    for i, v in values.items():
        try:
            out.append(parse_money(v))
        except ValueError:
            out.append(np.nan)
            bad.append((i, v))
    if bad:
        examples = ", ".join(f"row {i + 1} {v!r}" for i, v in bad[:3])
        raise DataError(f"{label}: column '{column}': non-numeric value in {len(bad)} row(s), e.g. {examples}")
    return pd.Series(out, index=values.index, dtype=float)


def _yearly(source_id: str, value_col: str, name: str, path) -> pd.DataFrame:
    raw = read_validated(source_id, path)
    return pd.DataFrame({"entity": raw["Entity"], "year": raw["Year"].astype(int), name: raw[value_col]})


def load_ai_investment(path=None) -> pd.DataFrame:
    """AI Index / Quid private investment in AI by region and year: entity, year, investment_usd
    (constant 2021 USD)."""
    return _yearly("owid_ai_private_investment", "Global total private investment in AI", "investment_usd", path)


def load_genai_investment(path=None) -> pd.DataFrame:
    """AI Index / Quid private investment in generative AI (World): entity, year, genai_usd (2021 USD)."""
    return _yearly("owid_genai_investment", "Global investment in generative AI", "genai_usd", path)


def load_newly_funded(path=None) -> pd.DataFrame:
    """AI Index / Quid newly *funded* AI companies (the file's header says 'founded'): entity,
    year, companies."""
    return _yearly("owid_newly_funded", "Newly founded AI companies", "companies", path)


def load_oecd_vc(path=None) -> pd.DataFrame:
    """OECD.AI / Preqin VC investment in AI, HAND-TRANSCRIBED subset: country, label, year,
    vc_usd (nominal USD; the file's USD millions x 1e6), complete (bool)."""
    raw = read_validated("oecd_vc_transcribed", path)
    return pd.DataFrame({"country": raw["Country"], "label": raw["Country_label"], "year": raw["Year"].astype(int),
                         "vc_usd": raw["Sum_of_deals"] * 1e6, "complete": raw["year_complete"].fillna("").str.startswith("yes")})


def load_tech_fundings(path=None) -> pd.DataFrame:
    """Kaggle 'Tech Company Fundings' rounds (2020-01 to 2021-09) as deals (DEAL_COLUMNS); AI
    = Vertical in Artificial Intelligence, Computer Vision or Machine Learning."""
    raw = read_validated("tech_fundings", path)
    label = READS[-1]["label"]
    dates = pd.to_datetime(raw["Funding Date"], format="%b-%y", errors="coerce")
    if dates.isna().any():
        bad = raw.loc[dates.isna(), "Funding Date"].head(3)
        raise DataError(f"{label}: column 'Funding Date': unparseable date (expected like 'Jan-20') in "
                        f"{int(dates.isna().sum())} row(s), e.g. " + ", ".join(f"row {i + 1} {v!r}" for i, v in bad.items()))
    return pd.DataFrame({
        "sample": "Kaggle 2020-21", "company": raw["Company"], "date": dates, "year": dates.dt.year,
        "amount_usd": _amounts(label, "Funding Amount (USD)", raw["Funding Amount (USD)"]),
        "round_type": raw["Funding Stage"], "is_ai": raw["Vertical"].isin(AI_VERTICALS),
    })[DEAL_COLUMNS]


def load_latestrounds(path=None) -> pd.DataFrame:
    """Latestrounds.com AI rounds snapshot (April 2026) as deals (DEAL_COLUMNS): acquisitions and
    other non-funding rows and exact duplicates dropped; every row is AI by the source's scope."""
    raw = read_validated("latestrounds_rounds", path)
    label = READS[-1]["label"]
    df = pd.DataFrame({
        "sample": "Latestrounds 2026", "company": raw["company_name"], "date": raw["date"],
        "year": raw["date"].dt.year, "amount_usd": _amounts(label, "amount", raw["amount"]),
        "round_type": raw["round_type"], "is_ai": True,
    })
    df = df[~df["round_type"].isin(NOT_FUNDING)]
    return df.drop_duplicates(["company", "round_type", "amount_usd", "date"])[DEAL_COLUMNS].reset_index(drop=True)


def load_author_rounds(path) -> pd.DataFrame:
    """An author's deal-level file with the documented columns company, date (ISO),
    amount_usd (USD), round_type, is_ai (True/False): deals (DEAL_COLUMNS), hash recorded."""
    p = Path(path).expanduser().resolve()
    if not p.is_file():
        raise DataError(f"{p}: file not found (given as rounds_path)")
    df = _validate_file(str(p), p, AUTHOR_ROUNDS)
    _record("author_rounds", p, str(p), sources.sha256_file(p), False, len(df))
    return pd.DataFrame({
        "sample": "author's deal file", "company": df["company"], "date": df["date"], "year": df["date"].dt.year,
        "amount_usd": df["amount_usd"], "round_type": df["round_type"],
        "is_ai": df["is_ai"].str.lower().isin(["true", "1"]),
    })[DEAL_COLUMNS]


def load_curated(table: str, path=None) -> pd.DataFrame:
    """A curated table of ``data/curated/`` (ids in ``schemas.CURATED``), validated against its
    schema; ``path`` swaps in another file of the same shape. The file's hash is recorded."""
    name, schema = CURATED[table]
    given = bool(path)
    p = Path(path).expanduser().resolve() if given else sources.PROJECT_ROOT / "data" / "curated" / name
    if not p.is_file():
        raise DataError(f"{p}: file not found" + (f" (given for the {table} table)" if given else ""))
    label = str(p) if given else str(p.relative_to(sources.PROJECT_ROOT))
    df = _validate_file(label, p, schema)
    _record(f"curated_{table}", p, label, sources.sha256_file(p), False, len(df))
    return df

