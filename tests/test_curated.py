"""Curated tables: every row has a public source URL and values of the documented types."""

from pathlib import Path

import pandas as pd

CURATED = Path(__file__).resolve().parents[1] / "data" / "curated"


def test_mega_rounds_schema_and_sources():
    df = pd.read_csv(CURATED / "ai_mega_rounds.csv", dtype={"announced_date": str})
    assert list(df.columns) == ["company", "announced_date", "date_precision", "year", "amount_usd", "round_type",
                                "lead_investors", "source_url", "note"]
    assert df["source_url"].str.match(r"^https?://[^ ]+$").all()
    assert df["company"].notna().all() and df["round_type"].notna().all()
    assert (df["amount_usd"] >= 1e9).all()
    assert df["date_precision"].isin(["day", "month", "quarter", "year"]).all()
    dates = pd.to_datetime(df["announced_date"], format="%Y-%m-%d")
    assert (dates.dt.year == df["year"]).all()
    assert df["year"].between(2019, 2025).all()
    assert not df.duplicated(["company", "announced_date", "amount_usd"]).any()
