"""Curated tables: every row has a public source URL and values of the documented types."""

from pathlib import Path

import pandas as pd

CURATED = Path(__file__).resolve().parents[2] / "data" / "curated"


def test_mega_rounds_schema_and_sources():
    df = pd.read_csv(CURATED / "ai_mega_rounds.csv", dtype={"announced_date": str})
    assert list(df.columns) == ["company", "announced_date", "date_precision", "year", "amount_usd", "round_type",
                                "lead_investors", "source_url", "note", "quid_scope", "scope_note"]
    assert df["source_url"].str.match(r"^https?://[^ ]+$").all()
    assert df["company"].notna().all() and df["round_type"].notna().all()
    assert (df["amount_usd"] >= 1e9).all()
    assert df["date_precision"].isin(["day", "month", "quarter", "year"]).all()
    dates = pd.to_datetime(df["announced_date"], format="%Y-%m-%d")
    assert (dates.dt.year == df["year"]).all()
    assert df["year"].between(2019, 2025).all()
    assert not df.duplicated(["company", "announced_date", "amount_usd"]).any()


def test_every_curated_table_passes_its_schema():
    from middleclass.data import curated as load
    from middleclass.data.schemas import CURATED as TABLES
    for table, (name, _) in TABLES.items():
        if (CURATED / name).exists():
            df = load.load_curated(table)
            assert len(df) > 0 and df["source_url"].str.startswith(("http://", "https://")).all(), table


def test_size_band_counts_add_up():
    """Where a year has the full breakdown, the bands sum to the total (as printed by the AI Index)."""
    from middleclass.data import curated as load
    b = load.load_curated("size_bands").pivot_table(index=["report", "year"], columns="band", values="events")
    parts = ["over_1b", "500m_1b", "100m_500m", "50m_100m", "under_50m", "undisclosed"]
    full = b.dropna(subset=["total", *parts])
    assert len(full) >= 4  # AI Index 2025 (2023, 2024) and AI Index 2026 (2024, 2025)
    assert (full[parts].sum(axis=1) == full["total"]).all()


def test_bad_curated_table_is_named(tmp_path):
    import pytest
    from middleclass.data import curated as load
    from middleclass.errors import DataError
    bad = tmp_path / "rounds.csv"
    src = (CURATED / "ai_mega_rounds.csv").read_text().splitlines()
    bad.write_text("\n".join([src[0], src[1].replace("https://", "ftp://", 1)]) + "\n")
    with pytest.raises(DataError, match="source_url"):
        load.load_curated("mega_rounds", bad)


def test_tier_table_covers_every_organization_with_two_notable_models():
    """Every organization with at least 2 notable models since 2015 and every frontier developer
    since 2015 has a tier, from the allowed set, with a source URL; periods do not overlap."""
    from middleclass.analysis import innovation
    from middleclass.data import curated, epoch
    from middleclass.data.schemas import TIERS
    orgs = curated.load_curated("organizations")
    assert orgs["tier"].isin(TIERS).all() and orgs["source_url"].str.match(r"^https?://\S+$").all()
    assert innovation.overlapping_periods(orgs) == []
    models = epoch.load_notable_models()
    pairs = epoch.model_organizations(models[models["year"] >= 2015])
    counts = pairs["organization"].value_counts()
    frontier = {o for lst in models.loc[models["frontier_flag"] & (models["year"] >= 2015), "organizations"] for o in lst}
    needed = set(counts[counts >= 2].index) | frontier
    assert needed <= set(orgs["organization"]), sorted(needed - set(orgs["organization"]))


def test_outcomes_are_dated_2022_to_2026_with_sources():
    from middleclass.data import curated as load
    from middleclass.data.schemas import OUTCOMES
    out = load.load_curated("company_outcomes")
    assert out["outcome"].isin(OUTCOMES).all()
    assert out["date"].dt.year.between(2022, 2026).all()
    assert out.loc[out["outcome"].isin(["acquisition", "licensing_deal"]), "counterparty"].notna().all()


def test_parent_groups_map_units_to_parents_only_where_named():
    import pandas as pd

    from middleclass.data import curated

    orgs = pd.DataFrame({"organization": ["DeepMind", "Google Brain", "Mistral AI"],
                         "parent": ["Alphabet", "Alphabet", float("nan")]})
    assert curated.parent_groups(orgs) == {"DeepMind": "Alphabet", "Google Brain": "Alphabet"}
