"""Loaders for the capital files (``shared/data/capital/``): AI Index / Quid yearly series,
the transcribed OECD.AI / Preqin VC series, deal samples and an author's own deal file.

Amounts in USD: AI Index series in constant 2021 USD; OECD.AI and rounds nominal.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..errors import DataError
from . import asof as _asof
from .schemas import AUTHOR_ROUNDS, DATE_FORMATS
from .validate import READS, parse_formatted, read_author_file, read_validated

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


def _yearly(source_id: str, value_col: str, name: str, path, as_of=None) -> pd.DataFrame:
    raw = read_validated(source_id, path)
    df = pd.DataFrame({"entity": raw["Entity"], "year": raw["Year"].astype(int), name: raw[value_col]})
    return _asof.cut(df, source_id, as_of).reset_index(drop=True)


def load_ai_investment(path=None, as_of=None) -> pd.DataFrame:
    """AI Index / Quid private investment in AI by region and year: entity, year, investment_usd
    (constant 2021 USD)."""
    return _yearly("owid_ai_private_investment", "Global total private investment in AI", "investment_usd", path, as_of)


def load_genai_investment(path=None, as_of=None) -> pd.DataFrame:
    """AI Index / Quid private investment in generative AI (World): entity, year, genai_usd (2021 USD)."""
    return _yearly("owid_genai_investment", "Global investment in generative AI", "genai_usd", path, as_of)


def load_newly_funded(path=None, as_of=None) -> pd.DataFrame:
    """AI Index / Quid newly *funded* AI companies (the file's header says 'founded'): entity,
    year, companies."""
    return _yearly("owid_newly_funded", "Newly founded AI companies", "companies", path, as_of)


def load_oecd_vc(path=None, as_of=None) -> pd.DataFrame:
    """OECD.AI / Preqin VC investment in AI, HAND-TRANSCRIBED subset: country, label, year,
    vc_usd (nominal USD; the file's USD millions x 1e6), complete (bool)."""
    raw = read_validated("oecd_vc_transcribed", path)
    df = pd.DataFrame({"country": raw["Country"], "label": raw["Country_label"], "year": raw["Year"].astype(int),
                       "vc_usd": raw["Sum_of_deals"] * 1e6, "complete": raw["year_complete"].fillna("").str.startswith("yes")})
    return _asof.cut(df, "oecd_vc_transcribed", as_of).reset_index(drop=True)


def _dates(label: str, raw: pd.DataFrame, source_id: str, column: str) -> pd.Series:
    """``raw[column]`` parsed in the source's known form (:data:`~.schemas.DATE_FORMATS`, checked
    when the file was validated); a value in another form is refused in one line."""
    fmt, expected = DATE_FORMATS[source_id][column]
    return parse_formatted(label, raw, column, fmt, expected)


def load_tech_fundings(path=None, as_of=None) -> pd.DataFrame:
    """Kaggle 'Tech Company Fundings' rounds (2020-01 to 2021-09) as deals (DEAL_COLUMNS); AI
    = Vertical in Artificial Intelligence, Computer Vision or Machine Learning."""
    raw = read_validated("tech_fundings", path)
    label = READS[-1]["label"]
    dates = _dates(label, raw, "tech_fundings", "Funding Date")
    df = pd.DataFrame({
        "sample": "Kaggle 2020-21", "company": raw["Company"], "date": dates, "year": dates.dt.year,
        "amount_usd": _amounts(label, "Funding Amount (USD)", raw["Funding Amount (USD)"]),
        "round_type": raw["Funding Stage"], "is_ai": raw["Vertical"].isin(AI_VERTICALS),
    })[DEAL_COLUMNS]
    return _asof.cut(df, "tech_fundings", as_of).reset_index(drop=True)


def load_latestrounds(path=None, as_of=None) -> pd.DataFrame:
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
    df = df.drop_duplicates(["company", "round_type", "amount_usd", "date"])[DEAL_COLUMNS]
    return _asof.cut(df, "latestrounds_rounds", as_of).reset_index(drop=True)


def load_author_rounds(path, as_of=None) -> pd.DataFrame:
    """An author's deal-level file with the documented columns company, date (ISO),
    amount_usd (USD), round_type, is_ai (True/False): deals (DEAL_COLUMNS), hash recorded."""
    df = read_author_file("author_rounds", path, AUTHOR_ROUNDS, "rounds_path")
    if df.attrs.get("duplicates"):  # the same round listed twice would be counted twice
        df = df.drop_duplicates()
        READS[-1]["duplicates_dropped"] = True
    deals = pd.DataFrame({
        "sample": "author's deal file", "company": df["company"], "date": df["date"], "year": df["date"].dt.year,
        "amount_usd": df["amount_usd"], "round_type": df["round_type"],
        "is_ai": df["is_ai"].str.lower().isin(["true", "1"]),
    })[DEAL_COLUMNS]
    return _asof.cut(deals, "tech_fundings", as_of).reset_index(drop=True)  # by date, like every deal file


def load_deals(rounds_path: str = "", tech_fundings_path: str = "", latestrounds_path: str = "",
               as_of=None) -> tuple[pd.DataFrame, str]:
    """The deal-level rounds a chapter uses: the author's file when ``rounds_path`` is given
    ('author'), else the two bundled samples ('bundled'). Returns (deals, which)."""
    if rounds_path:
        return load_author_rounds(rounds_path, as_of), "author"
    return pd.concat([load_tech_fundings(tech_fundings_path or None, as_of),
                      load_latestrounds(latestrounds_path or None, as_of)], ignore_index=True), "bundled"


def load_layoffs(path=None, as_of=None) -> pd.DataFrame:
    """Layoffs.fyi events (or an author's copy with the same columns): company, date, year,
    laid_off (people, missing when not reported), share_laid_off (0-1), shutdown (share 1),
    industry, stage, funds_raised_usd (USD; the file's millions x 1e6), country."""
    raw = read_validated("layoffs_fyi", path)
    label = READS[-1]["label"]
    dates = _dates(label, raw, "layoffs_fyi", "date")
    df = pd.DataFrame({
        "company": raw["company"], "date": dates, "year": dates.dt.year, "laid_off": raw["total_laid_off"],
        "share_laid_off": raw["percentage_laid_off"], "shutdown": raw["percentage_laid_off"].eq(1.0),
        "industry": raw["industry"], "stage": raw["stage"], "funds_raised_usd": raw["funds_raised"] * 1e6,
        "country": raw["country"],
    }).sort_values("date", kind="mergesort")
    return _asof.cut(df, "layoffs_fyi", as_of).reset_index(drop=True)


def load_yc_companies(path=None, as_of=None) -> pd.DataFrame:
    """Y Combinator companies with an AI tag: name, batch, batch_year (from the batch name, e.g.
    'Summer 2024'), status, team_size (people, self-reported, current)."""
    raw = read_validated("yc_ai_companies", path)
    year = pd.to_numeric(raw["batch"].fillna("").str.extract(r"(\d{4})\s*$")[0], errors="coerce")
    df = pd.DataFrame({"name": raw["name"], "batch": raw["batch"], "batch_year": year.astype("Int64"),
                       "status": raw["status"], "team_size": raw["team_size"]})
    return _asof.cut(df, "yc_ai_companies", as_of).reset_index(drop=True)
