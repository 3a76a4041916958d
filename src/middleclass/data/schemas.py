"""One pandera schema per source, on the raw column names the book uses.

Columns are read as text and coerced here, so that a bad value is reported with its row
instead of silently turning a column into ``object``. Units: FLOP, 2023 USD, USD, counts.
"""

from __future__ import annotations

import pandera.pandas as pa

_nonneg = pa.Check.ge(0)


def _float(**kw) -> pa.Column:
    """A nullable non-negative float column (FLOP, USD, counts)."""
    return pa.Column(float, _nonneg, nullable=True, coerce=True, **kw)


def _num(**kw) -> pa.Column:
    """A nullable float column that may be negative (scores)."""
    return pa.Column(float, nullable=True, coerce=True, **kw)


def _flag(nullable: bool = True) -> pa.Column:
    """A True/False text column (as written by the data's publisher)."""
    return pa.Column(str, pa.Check.isin(["True", "False"]), nullable=nullable, coerce=False)


def _text(nullable: bool = True) -> pa.Column:
    return pa.Column(str, nullable=nullable, coerce=False)


def _date(nullable: bool = True) -> pa.Column:
    return pa.Column(pa.DateTime, nullable=nullable, coerce=True)


NOTABLE_MODELS = pa.DataFrameSchema(
    {
        "Model": _text(nullable=False),
        "Organization": _text(),
        "Publication date": _date(),
        "Domain": _text(),
        "Parameters": _float(),
        "Training compute (FLOP)": _float(),
        "Training compute cost (2023 USD)": _float(),
        "Organization categorization": _text(),
        "Country (of organization)": _text(),
        "Notability criteria": _text(),
        "Citations": _float(),
        "Model accessibility": _text(),
        "Open model weights?": _text(),
        "Frontier model": _text(),
    },
    name="epoch_notable",
    strict=False,
)

ALL_MODELS = pa.DataFrameSchema(
    {"Model": _text(nullable=False), "Organization": _text(), "Publication date": _date(),
     "Training compute (FLOP)": _float()},
    name="epoch_all_models", strict=False)

TRAINING_COSTS = pa.DataFrameSchema(
    {"Model": _text(nullable=False), "Cloud_Cost": _float(), "Hardware_Acquisition_Cost": _float(),
     "Hardware_Capex_Energy_Cost": _float()},
    name="epoch_training_costs")

GPU_CLUSTERS = pa.DataFrameSchema(
    {
        "Name": _text(nullable=False),
        "Owner": _text(),
        "Status": _text(nullable=False),
        "Certainty": _text(),
        "First Operational Date": _date(),
        "Hardware Cost": _float(),
        "H100 equivalents": _float(),
        "Sector": _text(),
        "Country": _text(),
        "Include in Standard Analysis": _text(),
    },
    name="epoch_gpu_clusters",
    strict=False,
)

ARENA_SNAPSHOTS = pa.DataFrameSchema(
    {
        "snapshot_date": _date(nullable=False),
        "source": _text(nullable=False),
        "style_control": _flag(nullable=False),
        "score_type": _text(nullable=False),
        "preferred": _flag(nullable=False),
        "model": _text(nullable=False),
        "model_key": _text(nullable=False),
        "score": _float(),
        "organization": _text(),
        "license": _text(),
        "license_class": pa.Column(str, pa.Check.isin(["open_weights", "proprietary", "unknown"]), nullable=True),
        "table_coverage": _text(),
        "preliminary": _flag(),  # arena.ai's "Preliminary" flag (pre-release and new models), 2025-10 on
    },
    name="arena_snapshots",
)

ECI = pa.DataFrameSchema(
    {
        "Model version": _text(nullable=False),
        "ECI Score": _num(),
        "Release date": _date(),
        "Organization": _text(),
        "accessibility_filled": _text(),
        "accessibility_basis": _text(),
    },
    name="epoch_eci",
)

BENCHMARKS_LONG = pa.DataFrameSchema(
    {
        "benchmark": _text(nullable=False),
        "model_version": _text(),  # blank for 190 external-benchmark rows (dropped by the loader)
        "score": _num(),
        "release_date": _date(),
        "organization": _text(),
        "model_accessibility": _text(),
        "accessibility_basis": _text(),
    },
    name="epoch_benchmarks_long",
)

LITELLM_PRICES = pa.DataFrameSchema(
    {
        "model_key": _text(nullable=False),
        "litellm_provider": _text(),
        "mode": _text(),
        "input_usd_per_mtok": _float(),
        "output_usd_per_mtok": _float(),
        "valid_from": _date(nullable=False),
        "valid_to": _date(),
        "removed_on": _date(),
        "left_censored": _flag(),
    },
    name="litellm_prices",
)

def _year() -> pa.Column:
    return pa.Column(int, pa.Check.in_range(1990, 2100), nullable=False, coerce=True)


OWID_INVESTMENT = pa.DataFrameSchema(
    {"Entity": _text(nullable=False), "Year": _year(), "Global total private investment in AI": _float()},
    name="owid_ai_private_investment")
OWID_GENAI = pa.DataFrameSchema(
    {"Entity": _text(nullable=False), "Year": _year(), "Global investment in generative AI": _float()},
    name="owid_genai_investment")
OWID_NEWLY_FUNDED = pa.DataFrameSchema(
    {"Entity": _text(nullable=False), "Year": _year(), "Newly founded AI companies": _float()},
    name="owid_newly_funded")
OECD_VC = pa.DataFrameSchema(
    {"Country": _text(nullable=False), "Country_label": _text(), "Sum_of_deals": _float(), "Year": _year(),
     "year_complete": _text()},
    name="oecd_vc_transcribed")
TECH_FUNDINGS = pa.DataFrameSchema(
    {"index": _text(nullable=False), "Company": _text(nullable=False), "Vertical": _text(),
     "Funding Amount (USD)": _text(), "Funding Stage": _text(), "Funding Date": _text(nullable=False)},
    name="tech_fundings")
LATESTROUNDS = pa.DataFrameSchema(
    {"company_name": _text(nullable=False), "round_type": _text(), "amount": _text(), "date": _date(nullable=False)},
    name="latestrounds_rounds")

LAYOFFS = pa.DataFrameSchema(
    {"company": _text(nullable=False), "date": _text(nullable=False), "total_laid_off": _float(),
     "percentage_laid_off": pa.Column(float, pa.Check.in_range(0, 1), nullable=True, coerce=True),
     "industry": _text(), "stage": _text(), "funds_raised": _float(), "country": _text()},
    name="layoffs_fyi")
YC_COMPANIES = pa.DataFrameSchema(
    {"id": _text(nullable=False), "name": _text(nullable=False), "batch": _text(), "status": _text(),
     "team_size": _float()},
    name="yc_ai_companies")

#: date columns the schema keeps as text because the publisher writes them in one fixed form
#: other than ISO: source id -> column -> (strptime format, the form in words). The loaders parse
#: them with it, validation refuses another form (before any kernel starts, for an author's copy
#: too) and ``data status`` reads their date range with it.
DATE_FORMATS: dict[str, dict[str, tuple[str, str]]] = {
    "tech_fundings": {"Funding Date": ("%b-%y", "month-year like 'Jan-20'")},
    "layoffs_fyi": {"date": ("%m/%d/%Y", "month/day/year like '5/15/2026'")},
}

#: the documented shape of an author's deal file (chapter parameter ``rounds_path``)
AUTHOR_ROUNDS = pa.DataFrameSchema(
    {"company": _text(nullable=False), "date": _date(nullable=False), "amount_usd": _float(),
     "round_type": _text(), "is_ai": pa.Column(str, pa.Check.isin(["True", "False", "true", "false", "1", "0"]),
                                              nullable=False)},
    name="author_rounds")

AUTHOR_SCHEMAS: dict[str, pa.DataFrameSchema] = {"author_rounds": AUTHOR_ROUNDS}

# --- curated tables (data/curated/): every row carries a public source URL -------------------
_url = pa.Column(str, pa.Check.str_matches(r"^https?://\S+$"), nullable=False, coerce=False)

MEGA_ROUNDS = pa.DataFrameSchema(
    {"company": _text(nullable=False), "announced_date": _date(nullable=False),
     "date_precision": pa.Column(str, pa.Check.isin(["day", "month", "quarter", "year"]), nullable=False),
     "year": pa.Column(int, pa.Check.in_range(2019, 2025), coerce=True), "amount_usd": pa.Column(float, pa.Check.ge(1e9), coerce=True),
     "round_type": _text(nullable=False), "lead_investors": _text(), "source_url": _url, "note": _text(),
     "quid_scope": pa.Column(str, pa.Check.isin(["likely", "uncertain"]), nullable=False),
     "scope_note": _text()},
    name="ai_mega_rounds")

#: size bands of the AI Index counts of private investment events
SIZE_BANDS = ["over_1b", "500m_1b", "500m_plus", "100m_500m", "50m_100m", "under_50m", "undisclosed", "total"]
AI_INDEX_SIZE_BANDS = pa.DataFrameSchema(
    {"year": _year(), "band": pa.Column(str, pa.Check.isin(SIZE_BANDS), nullable=False),
     "events": pa.Column(int, pa.Check.ge(0), coerce=True), "report": _text(nullable=False),
     "published": pa.Column(str, pa.Check.str_matches(r"^\d{4}-\d{2}$"), nullable=False),
     "figure": _text(nullable=False), "page": _text(), "source_url": _url, "checked_via": _text(), "note": _text()},
    name="ai_index_size_bands")

#: AI Index totals printed by a report edition (years beyond the Our World in Data series)
AI_INDEX_TOTALS = pa.DataFrameSchema(
    {"year": _year(), "series": pa.Column(str, pa.Check.isin(["private_investment", "genai_investment", "newly_funded"]),
                                          nullable=False),
     "value": pa.Column(float, pa.Check.ge(0), coerce=True), "unit": _text(nullable=False),
     "report": _text(nullable=False), "published": pa.Column(str, pa.Check.str_matches(r"^\d{4}-\d{2}$"), nullable=False),
     "figure": _text(nullable=False), "source_url": _url, "checked_via": _text(), "note": _text()},
    name="ai_index_totals")

US_CPI = pa.DataFrameSchema(
    {"year": _year(), "cpi_u": pa.Column(float, pa.Check.gt(0), coerce=True), "source_url": _url, "note": _text()},
    name="us_cpi")

PUBLISHED_FIGURES = pa.DataFrameSchema(
    {"id": _text(nullable=False), "quantity": _text(nullable=False), "citation": _text(nullable=False),
     "publisher": _text(nullable=False),
     "value": _num(), "ci_low": _num(), "ci_high": _num(),
     "level": pa.Column(float, pa.Check.in_range(0, 1, include_min=False, include_max=False), nullable=True, coerce=True),
     "unit": _text(nullable=False), "window_start": _date(nullable=False), "window_end": _date(nullable=False),
     "definition": _text(nullable=False), "location": _text(nullable=False), "source_url": _url, "note": _text(),
     "known_differences": _text(nullable=False),
     # replication: the book's estimate on the publication's window; conversion: the same series in other units
     "kind": pa.Column(str, pa.Check.isin(["replication", "conversion"]), nullable=False)},
    name="published_figures")

#: tiers of organizations (chapter 4): the article's "middle class" is ``mid``
TIERS = ["giant", "mid", "small", "academic", "government_or_nonprofit"]
ORGANIZATIONS = pa.DataFrameSchema(
    {"organization": _text(nullable=False), "parent": _text(),
     "tier": pa.Column(str, pa.Check.isin(TIERS), nullable=False),
     "from_year": pa.Column(float, pa.Check.in_range(1950, 2100), nullable=True, coerce=True),
     "to_year": pa.Column(float, pa.Check.in_range(1950, 2100), nullable=True, coerce=True),
     "basis": _text(nullable=False), "basis_year": pa.Column(int, pa.Check.in_range(1950, 2100), coerce=True),
     # optional: whether a mid-tier organization raised over $1B (from its basis)
     "raised_over_1b": pa.Column(str, pa.Check.isin(["True", "False"]), nullable=True, required=False),
     # optional: the evidence for the article's definition (50-500 staff, mid-scale funding), each with its URL
     "staff": pa.Column(float, pa.Check.ge(0), nullable=True, coerce=True, required=False),
     "staff_year": pa.Column(float, pa.Check.in_range(1950, 2100), nullable=True, coerce=True, required=False),
     "staff_source_url": pa.Column(str, pa.Check.str_matches(r"^https?://"), nullable=True, required=False),
     "funding_usd": pa.Column(float, pa.Check.ge(0), nullable=True, coerce=True, required=False),
     "funding_year": pa.Column(float, pa.Check.in_range(1950, 2100), nullable=True, coerce=True, required=False),
     "funding_source_url": pa.Column(str, pa.Check.str_matches(r"^https?://"), nullable=True, required=False),
     "evidence_note": pa.Column(str, nullable=True, required=False),
     "source_url": _url},
    name="organizations")

OUTCOMES = ["layoffs", "shutdown", "acquisition", "licensing_deal", "pivot", "model_exit"]
COMPANY_OUTCOMES = pa.DataFrameSchema(
    {"company": _text(nullable=False), "date": _date(nullable=False),
     "date_precision": pa.Column(str, pa.Check.isin(["day", "month", "quarter", "year"]), nullable=False),
     "outcome": pa.Column(str, pa.Check.isin(OUTCOMES), nullable=False), "counterparty": _text(),
     "detail": _text(nullable=False), "source_url": _url},
    name="company_outcomes")

OPEN_MODEL_USAGE = pa.DataFrameSchema(
    {"series": pa.Column(str, pa.Check.isin(["menlo_enterprise_open_share", "openrouter_open_token_share"]),
                         nullable=False),
     "period": _text(nullable=False),
     "published": pa.Column(str, pa.Check.str_matches(r"^\d{4}-\d{2}$"), nullable=False),
     "segment": _text(nullable=False), "value_pct": pa.Column(float, pa.Check.in_range(0, 100), coerce=True),
     "publisher": _text(nullable=False), "source_url": _url, "checked_via": _text(), "note": _text()},
    name="open_model_usage")

GIANTS_FINANCES = pa.DataFrameSchema(
    {"company": _text(nullable=False), "fiscal_year": _year(), "fiscal_year_end": _date(nullable=False),
     "capex_usd": _float(), "cash_and_securities_usd": _float(), "source_url": _url, "note": _text()},
    name="giants_finances")

ACQUISITION_OUTCOMES = ["acquisition", "licensing_deal", "hire_only", "stake_and_hire"]
AI_ACQUISITIONS = pa.DataFrameSchema(
    {"company": _text(nullable=False), "date": _date(nullable=False),
     "date_precision": pa.Column(str, pa.Check.isin(["day", "month", "quarter", "year"]), nullable=False),
     "date_checked": _flag(nullable=False),
     "outcome": pa.Column(str, pa.Check.isin(ACQUISITION_OUTCOMES), nullable=False),
     "acquirer": _text(nullable=False), "acquirer_group": _text(nullable=False),
     "acquirer_kind": pa.Column(str, pa.Check.isin(["giant", "chip_or_cloud"]), nullable=False),
     "ai_company": pa.Column(str, pa.Check.isin(["yes", "doubtful"]), nullable=False),
     "target_kind": pa.Column(str, pa.Check.isin(["models", "tooling", "infrastructure", "chips", "application"]),
                              nullable=False),
     "staff": _float(), "staff_year": pa.Column(float, pa.Check.in_range(1990, 2100), nullable=True, coerce=True),
     "funding_raised_usd": _float(), "deal_value_usd": _float(),
     "detail": _text(nullable=False), "source_url": _url, "evidence_url": _text()},
    name="ai_acquisitions")

#: curated table id -> (file name in data/curated/, schema)
CURATED: dict[str, tuple[str, pa.DataFrameSchema]] = {
    "mega_rounds": ("ai_mega_rounds.csv", MEGA_ROUNDS),
    "size_bands": ("ai_index_size_bands.csv", AI_INDEX_SIZE_BANDS),
    "organizations": ("organizations.csv", ORGANIZATIONS),
    "company_outcomes": ("company_outcomes.csv", COMPANY_OUTCOMES),
    "us_cpi": ("us_cpi.csv", US_CPI),
    "ai_index_totals": ("ai_index_totals.csv", AI_INDEX_TOTALS),
    "published_figures": ("published_figures.csv", PUBLISHED_FIGURES),
    "open_model_usage": ("open_model_usage.csv", OPEN_MODEL_USAGE),
    "giants_finances": ("giants_finances.csv", GIANTS_FINANCES),
    "acquisitions": ("ai_acquisitions.csv", AI_ACQUISITIONS),
}

SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "epoch_notable": NOTABLE_MODELS,
    "epoch_gpu_clusters": GPU_CLUSTERS,
    "epoch_all_models": ALL_MODELS,
    "epoch_training_costs": TRAINING_COSTS,
    "arena_snapshots": ARENA_SNAPSHOTS,
    "epoch_eci": ECI,
    "epoch_benchmarks_long": BENCHMARKS_LONG,
    "litellm_prices": LITELLM_PRICES,
    "owid_ai_private_investment": OWID_INVESTMENT,
    "owid_genai_investment": OWID_GENAI,
    "owid_newly_funded": OWID_NEWLY_FUNDED,
    "oecd_vc_transcribed": OECD_VC,
    "tech_fundings": TECH_FUNDINGS,
    "latestrounds_rounds": LATESTROUNDS,
    "layoffs_fyi": LAYOFFS,
    "yc_ai_companies": YC_COMPANIES,
}

# an author may swap in another tier table or outcomes table (chapter 4)
AUTHOR_SCHEMAS.update({"organizations": ORGANIZATIONS, "company_outcomes": COMPANY_OUTCOMES})


# ----------------------------------------------------------------- Epoch Benchmarking Hub (April 2026)

def _hub_schema(source_id: str, score_column: str) -> pa.DataFrameSchema:
    """A hub benchmark file: model, headline score (a share of tasks solved), release date."""
    return pa.DataFrameSchema({"Model version": _text(), score_column: _num(), "Release date": _date(),
                               "Organization": _text()}, name=source_id)


def _hub_schemas() -> dict[str, pa.DataFrameSchema]:
    from .hub import HUB_BENCHMARKS

    out = {b.source_id: _hub_schema(b.source_id, b.score_column) for b in HUB_BENCHMARKS}
    out["epoch_hub_eci"] = pa.DataFrameSchema({"Model version": _text(), "Release date": _date(),
                                               "Model accessibility": _text()}, name="epoch_hub_eci")
    return out


SCHEMAS.update(_hub_schemas())
