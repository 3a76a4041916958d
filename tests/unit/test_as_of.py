"""The data as of any date (issue 14): the as_of cut, thin data that never aborts a chapter
(the chapter functions run in this process), the verdict history's change kinds, and older or
newer vintages of a source file. The whole book as of a date is built in tests/e2e."""

import json
import math

import pandas as pd
import pytest

from middleclass import claims
from middleclass.data import asof, curated, epoch, funding, performance, sources, validate
from middleclass.errors import DataError, ParameterError

AS_OF_DATES = ("2023-06-30", "2024-01-31", "2025-02-16")


# ----------------------------------------------------------------- the cut

def test_cut_keeps_what_was_available_on_the_date():
    dated = pd.DataFrame({"publication_date": pd.to_datetime(["2023-12-31", "2024-01-31", "2024-02-01"])})
    assert len(asof.cut(dated, "epoch_notable", "2024-01-31")) == 2
    assert asof.cut(dated, "epoch_notable", "") is dated  # empty: all data
    years = pd.DataFrame({"year": [2022, 2023, 2024]})  # annual reports: a year appears in April of the next
    assert asof.cut(years, "owid_ai_private_investment", "2024-03-31")["year"].tolist() == [2022]
    assert asof.cut(years, "owid_ai_private_investment", "2024-12-31")["year"].tolist() == [2022, 2023]
    assert asof.cut(years, "owid_ai_private_investment", "2025-04-01")["year"].tolist() == [2022, 2023, 2024]
    batches = pd.DataFrame({"batch_year": [2023, 2024]})  # years that ended
    assert asof.cut(batches, "yc_ai_companies", "2024-12-31")["batch_year"].tolist() == [2023, 2024]
    editions = pd.DataFrame({"published": ["2024-04", "2025-04"]})
    assert asof.cut(editions, "curated_size_bands", "2025-03-31")["published"].tolist() == ["2024-04"]
    prices = pd.DataFrame({"valid_from": pd.to_datetime(["2025-01-01", "2025-03-01"]),
                           "valid_until": pd.to_datetime(["2025-06-01", pd.NaT])})
    cut = asof.cut(prices, "litellm_prices", "2025-02-15")
    assert len(cut) == 1 and pd.isna(cut["valid_until"].iloc[0])  # still listed on that date
    tiers = pd.DataFrame({"organization": ["A"]})
    assert len(asof.cut(tiers, "curated_organizations", "2020-01-01")) == 1  # not dated: used whole


def test_as_of_parsing_and_capped_years():
    assert asof.parse("") is None and asof.parse("2024-01-31") == pd.Timestamp("2024-01-31")
    with pytest.raises(ParameterError, match="as_of"):
        asof.parse("31/01/2024")
    assert asof.last_complete_year("2024-01-31") == 2023 and asof.last_complete_year("2024-12-31") == 2024
    assert asof.cap_year(2025, "2024-06-30") == 2023 and asof.cap_year(2025, "") == 2025


def test_every_source_and_curated_table_has_a_rule():
    from middleclass.data.schemas import CURATED

    assert set(sources.manifest()) <= set(asof.RULES)
    assert {f"curated_{t}" for t in CURATED} <= set(asof.RULES)
    assert all(rule.cannot and rule.filters for rule in asof.RULES.values())


def test_loaders_cut_on_their_dates():
    assert epoch.load_notable_models(None, "2024-01-31")["publication_date"].max() <= pd.Timestamp("2024-01-31")
    assert performance.load_arena_snapshots(None, "2024-01-31")["snapshot_date"].max() <= pd.Timestamp("2024-01-31")
    assert funding.load_ai_investment(None, "2024-01-31")["year"].max() == 2022  # 2023 came out in April 2024
    assert funding.load_layoffs(None, "2023-06-30")["date"].max() <= pd.Timestamp("2023-06-30")
    reports = set(curated.load_curated("size_bands", as_of="2025-02-16")["report"])
    assert "AI Index 2025" not in reports and "AI Index 2024" in reports  # the 2025 edition came out in April


# ----------------------------------------------------------------- vintages

def vintage(tmp_path, real_data_root, rename=None, drop=()):
    raw = pd.read_csv(real_data_root / sources.get_source("epoch_notable").path, dtype=str, keep_default_na=False)
    path = tmp_path / "notable_vintage.csv"
    raw.rename(columns=rename or {}).drop(columns=list(drop)).to_csv(path, index=False)
    return path


def test_a_vintage_with_renamed_and_missing_columns_loads(tmp_path, real_data_root):
    path = vintage(tmp_path, real_data_root, {"Country (of organization)": "Country (from Organization)"},
                   ["Open model weights?"])
    validate.READS.clear()
    models = epoch.load_notable_models(path)
    read = validate.READS[-1]
    assert len(models) == len(epoch.load_notable_models())
    assert models["country"].notna().any() and models["open_weights"].isna().all()
    assert read["aliases"] == {"Country (of organization)": "Country (from Organization)"}
    assert read["absent"] == ["Open model weights?"]


def test_a_missing_column_a_chapter_uses_is_still_refused(tmp_path, real_data_root):
    path = vintage(tmp_path, real_data_root, drop=["Frontier model"])
    epoch.load_notable_models(path)  # compute does not use it
    with pytest.raises(DataError, match=r"notable_vintage\.csv: missing column\(s\) 'Frontier model'"):
        epoch.load_notable_models(path, needs=("Frontier model",))  # innovation does
    with pytest.raises(DataError, match="missing column"):
        epoch.load_notable_models(vintage(tmp_path, real_data_root, drop=["Publication date"]))


# ----------------------------------------------------------------- thin data, in process


def run_in_process(chapter_id, as_of="", **params):
    """A chapter's function in this process (what its notebook calls): its measures as its
    notebook stores them and its thin sections."""
    from middleclass import chapters

    result = chapters.measure(chapter_id, {"as_of": as_of, **params}, cache=False)
    return chapters.stored_measures(result), result.thin


@pytest.mark.parametrize("as_of", AS_OF_DATES)
def test_every_chapter_runs_as_of_past_dates(as_of):
    measures = {cid: run_in_process(cid, as_of)[0]
                for cid in ("compute", "open-models", "capital", "innovation", "outlook", "replication")}
    results = claims.evaluate({k: v for k, v in measures.items() if k != "replication"})
    assert all(r.verdict != claims.NOT_YET for r in results), [(r.claim.id, r.reason) for r in results
                                                                 if r.verdict == claims.NOT_YET]
    assert measures["compute"]["frontier_cost_growth"].ok  # enough models for the cost trend at every date
    assert measures["replication"]["replications_n"].value == 6  # independent replications
    assert measures["replication"]["conversions_n"].value == 2  # unit checks of the AI Index's own series


@pytest.mark.parametrize("chapter_id, params, thin_section, claim_id", [
    ("open-models", {"end_date": "2024-01-31"}, "the price of capability", "open-value"),
    ("compute", {"start_date": "2026-01-01"}, "the growth of compute and cost", "cost"),
    ("capital", {"start_year": 2025, "end_year": 2025}, "the AI Index totals", "funding-highs"),
    ("open-models", {"share_start_year": 2030}, "the open share of notable models", None),
])
def test_thin_parameters_say_not_enough_data(chapter_id, params, thin_section, claim_id):
    measures, thin = run_in_process(chapter_id, **params)
    assert thin and thin[0][0] == thin_section and thin[0][1].startswith("not enough data (n = ")
    if claim_id:
        result = claims.judge(claims.BY_ID[claim_id], {chapter_id: measures})
        assert result.verdict == claims.UNTESTABLE and "not enough data" in result.reason


def test_a_deal_file_without_ai_rows_and_a_table_without_a_mid_tier(tmp_path):
    deals = tmp_path / "deals.csv"
    deals.write_text("company,date,amount_usd,round_type,is_ai\nA,2023-01-05,60000000,Series B,False\n"
                     "B,2024-03-01,70000000,Series C,False\n")
    measures, thin = run_in_process("capital", rounds_path=str(deals))
    assert thin[0][0] == "the deal samples" and "AI rounds with a disclosed amount" in thin[0][1]
    assert measures["census_mid_ratio"].ok  # the AI Index counts do not need the deal file
    orgs = curated.load_curated("organizations")
    no_mid = tmp_path / "tiers.csv"
    orgs.assign(tier=orgs["tier"].replace("mid", "small")).to_csv(no_mid, index=False)
    measures, thin = run_in_process("innovation", organizations_path=str(no_mid))
    assert measures["mid_tier_share_latest"].value == 0.0 and not measures["mid_trend_pts"].ok


# ----------------------------------------------------------------- a whole book at a past date, and history

def test_history_change_kinds():
    """A change of verdict is thin when a date lacks data or its interval straddles the rule's
    band, substantive when the estimate left its earlier interval."""
    from types import SimpleNamespace as R

    from middleclass.book import history

    row = lambda e, lo, hi, straddles=False: R(estimate=e, ci_low=lo, ci_high=hi, straddles=straddles)  # noqa: E731
    assert history.change_kind(row(1.0, 0.5, 1.5), row(2.0, 1.6, 2.4)) == history.SUBSTANTIVE
    assert history.change_kind(row(1.0, 0.5, 1.5, True), row(1.2, 1.05, 1.35)) == history.THIN
    nan = float("nan")
    assert history.change_kind(row(nan, nan, nan), row(1.2, 1.1, 1.3)) == history.FIRST  # first measured
    assert history.change_kind(row(nan, nan, nan), row(1.2, 0.9, 1.5, True)) == history.THIN  # first, but uncertain
    assert history.change_kind(row(1.2, 1.1, 1.3), row(nan, nan, nan)) == history.THIN
    assert history.change_kind(row(1.0, 0.5, 1.5), row(1.2, 1.1, 1.3)) == history.OTHER
    assert history.change_kind(row(3, float("nan"), float("nan")), row(4, float("nan"), float("nan"))) == \
        history.SUBSTANTIVE


def test_history_quarter_ends():
    from middleclass.book import history

    dates = history.quarter_ends("2023-03-31", "2026-07-15")
    assert dates[0] == "2023-03-31" and dates[-1] == "2026-06-30" and len(dates) == 14
    assert math.isclose(len(history.quarter_ends("2023-03-31", "2023-03-31")), 1)
    assert json.dumps(history.cache_key(dates))  # stable, serializable

