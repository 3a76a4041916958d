"""Issue 28, class 7 (dates read in the wrong form) and class 9 (data side): the pure functions
behind `data status` date ranges, the date form of a source checked when it is validated,
conflicting rows of curated tables, table cells without data, rows dropped from a deal file and
a folder given as a file."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from middleclass.analysis import capital
from middleclass.data import curated, refresh, sources, validate
from middleclass.data.schemas import CURATED, DATE_FORMATS, ORGANIZATIONS, SCHEMAS
from middleclass.errors import DataError
from middleclass.notebook import figures, prose

TIERS_HEADER = "organization,parent,tier,from_year,to_year,basis,basis_year,raised_over_1b,source_url"


# ----------------------------------------------------------------- item 1: date ranges in the source's form

def test_month_year_column_is_read_as_month_year_not_day_month():
    values = pd.Series(["Jan-20", "Sep-21", "Mar-20"])
    assert refresh.date_range(values, "tech_fundings", "Funding Date") == ("2020-01", "2021-09")


def test_layoffs_dates_are_month_day_year():
    values = pd.Series(["3/11/2020", "5/15/2026", "12/1/2022"])
    assert refresh.date_range(values, "layoffs_fyi", "date") == ("2020-03-11", "2026-05-15")


def test_year_columns_show_the_year():
    assert refresh.date_range(pd.Series(["2013", "2024", "2019"]), "owid_ai_private_investment", "Year") == ("2013", "2024")


def test_iso_and_written_months_in_a_schema_date_column():
    values = pd.Series(["Apr 1, 2016", "2026-04-17", ""])
    assert refresh.date_range(values, "latestrounds_rounds", "date") == ("2016-04-01", "2026-04-17")


def test_unknown_form_or_a_value_in_another_form_is_a_question_mark():
    assert refresh.date_range(pd.Series(["Jan-20"]), None, "Funding Date") == ("?", "?")
    assert refresh.date_range(pd.Series(["Jan-20", "2020-01-05"]), "tech_fundings", "Funding Date") == ("?", "?")
    assert refresh.date_range(pd.Series(["05/03/2024"]), "latestrounds_rounds", "date") == ("?", "?")  # ambiguous
    assert refresh.date_range(pd.Series(["", " "]), "tech_fundings", "Funding Date") == ("–", "–")


def test_every_source_prints_a_plausible_range_on_the_real_data(real_data_root):
    """Every manifest source with a date column: a range (no '?'), in years the source covers
    (Epoch's notable models reach back to 1950, Latestrounds to 1995), never year 1."""
    rows = {r["source"]: r for r in refresh.status()}
    earliest = {"epoch_notable": 1950, "epoch_all_models": 1950, "latestrounds_rounds": 1995, "epoch_gpu_clusters": 2010}
    for sid, src in sources.manifest().items():
        r = rows[sid]
        if not src.extra.get("date_column"):
            assert (r["from"], r["to"]) == ("–", "–"), sid
            continue
        lo, hi = int(str(r["from"])[:4]), int(str(r["to"])[:4])
        assert earliest.get(sid, 2000) <= lo <= hi <= 2026, (sid, r["from"], r["to"])
    assert (rows["tech_fundings"]["from"], rows["tech_fundings"]["to"]) == ("2020-01", "2021-09")
    assert (rows["layoffs_fyi"]["from"], rows["layoffs_fyi"]["to"]) == ("2020-03-11", "2026-05-15")
    assert (rows["owid_ai_private_investment"]["from"], rows["owid_ai_private_investment"]["to"]) == ("2013", "2024")


def test_every_date_format_names_a_text_column_of_its_schema():
    for sid, columns in DATE_FORMATS.items():
        for column in columns:
            assert column in SCHEMAS[sid].columns, (sid, column)
            assert "datetime" not in str(SCHEMAS[sid].columns[column].dtype).lower()


# ----------------------------------------------------------------- item 6: the source's date form, checked on validation

def test_an_iso_dated_layoffs_copy_is_refused_when_validated(tmp_path):
    src = sources.get_source("layoffs_fyi").location()
    frame = pd.read_csv(src, dtype=str, keep_default_na=False, nrows=40)
    frame.loc[[3, 7], "date"] = ["2024-01-05", "2024-02-06"]
    path = tmp_path / "layoffs.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(DataError) as exc:
        validate.read_validated("layoffs_fyi", path)
    msg = str(exc.value)
    assert "\n" not in msg
    assert msg.startswith(f"{path}: column 'date': unparseable date (expected month/day/year")
    assert "in 2 row(s), e.g. row 4 '2024-01-05', row 8 '2024-02-06'" in msg


def test_a_tech_fundings_copy_with_full_dates_is_refused_when_validated(tmp_path):
    src = sources.get_source("tech_fundings").location()
    frame = pd.read_csv(src, dtype=str, keep_default_na=False, nrows=20)
    frame.loc[0, "Funding Date"] = "2020-01-15"
    path = tmp_path / "tf.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(DataError, match=r"column 'Funding Date': unparseable date \(expected month-year like 'Jan-20'\) "
                                        r"in 1 row\(s\), e.g. row 1 '2020-01-15'"):
        validate.read_validated("tech_fundings", path)


def test_parse_formatted_keeps_blanks_missing():
    raw = pd.DataFrame({"d": ["1/2/2024", np.nan]})
    out = validate.parse_formatted("x.csv", raw, "d", "%m/%d/%Y", "m/d/Y")
    assert out.iloc[0] == pd.Timestamp("2024-01-02") and pd.isna(out.iloc[1])


# ----------------------------------------------------------------- item 2: one value per key in curated tables

def _tiers(tmp_path, *rows):
    path = tmp_path / "tiers.csv"
    path.write_text("\n".join([TIERS_HEADER, *rows]) + "\n")
    return path


def test_an_organization_with_two_tiers_for_overlapping_years_is_refused(tmp_path):
    path = _tiers(tmp_path, "Lab,,mid,2020,2023,x,2024,,https://x.org", "Other,,giant,,,x,2024,,https://x.org",
                  "Lab,,small,2022,,x,2024,,https://x.org")
    with pytest.raises(DataError) as exc:
        curated.load_curated("organizations", path)
    assert str(exc.value) == (f"{path}: organization 'Lab' is listed twice with different tiers for overlapping years "
                              "(2022–2023): row 1 'mid', row 3 'small'; give each period one row (from_year, to_year)")


def test_open_periods_overlap_everything(tmp_path):
    path = _tiers(tmp_path, "Lab,,mid,,,x,2024,,https://x.org", "Lab,,giant,,,x,2024,,https://x.org")
    with pytest.raises(DataError, match=r"'Lab' .* \(any year–any year\): row 1 'mid', row 2 'giant'"):
        curated.load_curated("organizations", path)


def test_consecutive_periods_and_exact_repeats_are_accepted(tmp_path):
    path = _tiers(tmp_path, "Lab,,mid,2018,2022,x,2024,,https://x.org", "Lab,,giant,2023,,x,2024,,https://x.org",
                  "Other,,small,,,x,2024,,https://x.org", "Other,,small,,,x,2024,,https://x.org")
    assert list(curated.load_curated("organizations", path)["tier"]) == ["mid", "giant", "small", "small"]


def test_same_tier_with_another_parent_is_refused(tmp_path):
    path = _tiers(tmp_path, "Lab,Alpha,mid,,,x,2024,,https://x.org", "Lab,Beta,mid,,,x,2024,,https://x.org")
    with pytest.raises(DataError, match=r"organization 'Lab', from_year blank, to_year blank is listed 2 times with "
                                        r"different parent \(rows 1, 2: row 1 parent='Alpha'; row 2 parent='Beta'\)"):
        curated.load_curated("organizations", path)


def test_cpi_with_two_values_for_one_year_is_refused():
    frame = pd.DataFrame({"year": [2020, 2021, 2020], "cpi_u": [258.8, 271.0, 260.0]})
    check = curated.TABLE_CHECKS["us_cpi"][0]
    with pytest.raises(DataError) as exc:
        check("us_cpi.csv", frame)
    assert str(exc.value) == ("us_cpi.csv: year 2020 is listed 2 times with different cpi_u (rows 1, 3: row 1 "
                              "cpi_u=258.8; row 3 cpi_u=260); keep one row")


def test_every_curated_table_has_a_conflict_check_and_the_real_tables_pass():
    assert set(curated.TABLE_CHECKS) == set(CURATED)
    for table in CURATED:
        assert len(curated.load_curated(table)) > 0, table


def test_the_real_tier_table_is_one_tier_per_year():
    orgs = curated.load_curated("organizations")
    curated._one_tier_per_year("organizations.csv", orgs)  # no exception
    assert set(orgs["tier"]) <= set(ORGANIZATIONS.columns["tier"].checks[0].statistics["allowed_values"])


# ----------------------------------------------------------------- class 7: table cells without data

def test_estimate_cell_with_and_without_data():
    assert figures.estimate_cell(3.114, 2.8, 3.43, 120) == "3.11 (2.80–3.43; n=120)"
    assert figures.estimate_cell(np.nan, np.nan, np.nan, 0) == "not enough data (n = 0)"
    assert figures.estimate_cell(np.nan, np.nan, np.nan, 2.0) == "not enough data (n = 2)"
    assert figures.estimate_cell(2.0, np.nan, np.nan, 5) == "2.00 (n=5)"
    assert figures.estimate_cell(None, 1.2, 1.5) == "1.20–1.50"
    assert figures.estimate_cell(None, np.nan, np.nan) == "–"


def _empty_sensitivity():
    row = {"start_date": "2010-01-01", "frontier_top_n": 10}
    for key in ("compute_all", "compute_frontier", "cost_frontier"):
        row.update({f"{key}_factor": np.nan, f"{key}_ci_low": np.nan, f"{key}_ci_high": np.nan, f"{key}_n": 0})
    return pd.DataFrame([row, {**row, "frontier_top_n": 20}])


def test_sensitivity_table_without_data_says_so():
    html = figures.compute_sensitivity(_empty_sensitivity(), 90).to_html()
    assert "nan" not in html
    assert html.count("not enough data (n = 0)") == 6


def test_sensitivity_reading_without_data_does_not_claim_a_dependence():
    text = str(prose.sensitivity_reading(_empty_sensitivity())["sensitivity_reading"].data)
    assert text == "2 of 2 variants have too little data to fit (n = 0 in the table); none can be read"


def test_variants_table_without_an_interval_has_no_nan():
    variants = pd.DataFrame({"variant": ["a", "b"], "models": [10, 0], "factor": [4.2, np.nan],
                             "low": [3.9, np.nan], "high": [4.6, np.nan], "agrees": [True, False]})
    html = figures.compute_variants_table(variants, 4.1, 3.7, 4.6).to_html()
    assert "nan" not in html and "3.90–4.60" in html


# ----------------------------------------------------------------- item 4: deal rows left out, counted

def test_dropped_deals_counts_each_reason():
    deals = pd.DataFrame({"year": [2010, 2023, 2023, 2026, 2024], "amount_usd": [5e7, np.nan, 6e7, 7e7, np.nan]})
    assert capital.dropped_deals(deals, 2013, 2025) == [
        "2 deal row(s) dropped: dated outside the years 2013–2025 (start_year, end_year)",
        "2 deal row(s) dropped: no amount (amount_usd blank or NaN)"]
    assert capital.dropped_deals(deals.iloc[[2]], 2013, 2025) == []


def test_warn_read_attaches_to_the_latest_read_once():
    validate.READS.clear()
    validate.record_read("author_rounds", sources.paths.PROJECT_ROOT, "d.csv", "x", False, 3)
    validate.warn_read("author_rounds", "1 deal row(s) dropped")
    validate.warn_read("author_rounds", "1 deal row(s) dropped")
    assert validate.READS[-1]["warnings"] == ["d.csv: 1 deal row(s) dropped"]
    validate.READS.clear()


# ----------------------------------------------------------------- item 5: a folder is not a file

def test_a_folder_is_named_as_a_folder(tmp_path):
    with pytest.raises(DataError, match=r"is a folder, not a file \(given for source 'epoch_notable'\)"):
        sources.resolve("epoch_notable", tmp_path)
    with pytest.raises(DataError, match=r"is a folder, not a file \(given as rounds_path\)"):
        validate.read_author_file("author_rounds", tmp_path, SCHEMAS["epoch_eci"], "rounds_path")
    with pytest.raises(DataError, match=r"is a folder, not a file \(given for the organizations table\)"):
        curated.load_curated("organizations", tmp_path)
    assert sources.no_file(tmp_path / "nope.csv") == "file not found"
