"""The book as of any date (issue 14): the as_of cut, thin data that never aborts a chapter,
the verdict history, and older or newer vintages of a source file."""

import json
import math
import re

import nbformat
import numpy as np
import pandas as pd
import pytest

from conftest import run_cli
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


def test_compute_chapter_reruns_on_a_renamed_vintage(tmp_path, real_data_root):
    path = vintage(tmp_path, real_data_root, {"Country (of organization)": "Country (from Organization)"},
                   ["Open model weights?"])
    out = tmp_path / "compute.ipynb"
    proc = run_cli("run", "compute", "-p", "notable_path", path, "--output", out,
                   env={"MIDDLECLASS_BUILD_DIR": str(tmp_path / "_build")})
    assert proc.returncode == 0, proc.stderr[-2000:]
    rec = nbformat.read(out, as_version=4).metadata["middleclass"]
    read = next(f for f in rec["data_files"] if f["source"] == "epoch_notable")
    assert read["aliases"] == {"Country (of organization)": "Country (from Organization)"}
    assert rec["measures"]["frontier_cost_growth"]["value"] > 1
    bad = vintage(tmp_path, real_data_root, drop=["Frontier model"])
    proc = run_cli("run", "innovation", "-p", "notable_path", bad, "--output", tmp_path / "inn.ipynb",
                   env={"MIDDLECLASS_BUILD_DIR": str(tmp_path / "_build")})
    assert proc.returncode == 1 and "missing column(s) 'Frontier model'" in proc.stderr.strip().splitlines()[-1]


# ----------------------------------------------------------------- thin data, in process

@pytest.fixture(scope="module")
def quiet():
    """Display and glue off for running chapter code in this process (charts still built)."""
    import IPython.display
    import myst_nb

    saved = IPython.display.display, myst_nb.glue
    IPython.display.display = lambda *a, **k: None
    myst_nb.glue = lambda *a, **k: None
    yield
    IPython.display.display, myst_nb.glue = saved


def run_in_process(chapter_id, as_of="", upstream=None, **params):
    """A chapter's code in this process with parameters; its measures and thin sections."""
    from middleclass.book import history
    from middleclass.notebook import publish

    src_params = dict(params)
    original = history.runner.read_source

    def read_source(chapter):
        nb = original(chapter)
        for cell in nb.cells:
            if "parameters" in cell.metadata.get("tags", []):
                cell.source += "\n" + "\n".join(f"{k} = {v!r}" for k, v in src_params.items())
        return nb

    history.runner.read_source = read_source
    try:
        measures = history.chapter_measures(chapter_id, as_of, upstream or {})
    finally:
        history.runner.read_source = original
    return measures, list(publish._state.get("thin") or [])


@pytest.mark.parametrize("as_of", AS_OF_DATES)
def test_every_chapter_runs_as_of_past_dates(quiet, as_of):
    measures = {}
    for cid in ("compute", "open-models", "capital", "innovation", "outlook", "replication"):
        from middleclass.chapters import CHAPTERS

        measures[cid], _ = run_in_process(cid, as_of, {d: measures.get(d, {}) for d in CHAPTERS[cid].depends_on})
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
def test_thin_parameters_say_not_enough_data(quiet, chapter_id, params, thin_section, claim_id):
    measures, thin = run_in_process(chapter_id, **params)
    assert thin and thin[0][0] == thin_section and thin[0][1].startswith("not enough data (n = ")
    if claim_id:
        result = claims.judge(claims.BY_ID[claim_id], {chapter_id: measures})
        assert result.verdict == claims.UNTESTABLE and "not enough data" in result.reason


def test_a_deal_file_without_ai_rows_and_a_table_without_a_mid_tier(quiet, tmp_path):
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

def test_the_book_builds_as_of_mid_2023(tmp_path, book):
    """All chapters executed by papermill at 2023-06-30 and the HTML built with -W: placeholders
    render, the as_of note shows, the ledger says why a claim cannot be tested yet."""
    import html as htmllib
    import shutil

    build_dir = tmp_path / "_build"
    shutil.copytree(book["build"] / "cache", build_dir / "cache")  # the vega bundle and the verdict history
    env = {**book["env"], "MIDDLECLASS_BUILD_DIR": str(build_dir)}
    proc = run_cli("build", "-p", "as_of", "2023-03-31", env=env, timeout=1200)  # the first date of the history
    assert proc.returncode == 0, proc.stderr[-3000:]
    page = htmllib.unescape((build_dir / "html" / "chapters" / "02_open_models.html").read_text())
    assert "This run uses only the data available on" in page and "2023-03-31" in page
    assert "The Arena gap: not enough data (n = " in page  # no snapshot with open and closed models by then
    assert "Not enough data for the numbers of this paragraph" in page  # not a string of placeholders
    assert not re.search(r"\bnan\b", re.sub(r"<[^>]+>", " ", page))
    intro = htmllib.unescape((build_dir / "html" / "intro.html").read_text())
    assert "not testable with public data" in intro and "as of 2023-03-31" in intro
    rec = nbformat.read(build_dir / "executed" / "05_outlook.ipynb", as_version=4).metadata["middleclass"]
    assert rec["parameters"]["as_of"] == "2023-03-31"
    proc = run_cli("run", "outlook", "-p", "as_of", "2024-01-31", env=env)
    assert proc.returncode == 2 and "build -p as_of 2024-01-31" in proc.stderr
    proc = run_cli("run", "compute", "-p", "as_of", "2023-06-30", env=env)  # readers now out of step: a warning
    assert proc.returncode == 0 and "warning: capital, innovation, outlook" not in proc.stdout
    assert "outlook read this chapter and ran with another as_of" in proc.stdout
    assert "build -p as_of 2023-06-30" in proc.stdout


def test_verdict_history_page_and_csv(book):
    from middleclass.book import history

    table = pd.read_csv(book["build"] / "html" / "chart-data" / "verdict-history.csv")
    assert list(table.columns) == ["claim", "as_of", "verdict", "estimate", "ci_low", "ci_high", "n", "straddles",
                                   "reason"]
    dates = [d for d in dict.fromkeys(table["as_of"]) if d != "all data"]
    assert len(dates) >= 12 and dates[0] == "2023-03-31"
    assert set(table["claim"]) == set(claims.BY_ID) and set(table["verdict"]) <= set(claims.VERDICTS)
    first = table[table["as_of"] == dates[0]].set_index("claim")
    assert first.loc["funding-highs", "verdict"] == claims.UNTESTABLE  # 2024 had not ended
    now = table[table["as_of"] == "all data"].set_index("claim")  # computed in-process with all data
    ledger = {r.claim.id: r.verdict for r in claims.evaluate(claims.load_measures(book["build"] / "executed"))}
    assert now["verdict"].to_dict() == ledger  # the default book is that same computation, by papermill
    # the history skips the cells tagged "robustness": every claim's estimate, interval and reason
    # with all data are still the ledger's, judged on the measures of the full chapters
    full = pd.DataFrame(history._judge(claims.load_measures(book["build"] / "executed"), history.ALL_DATA))
    full = full.set_index("claim")[["verdict", "estimate", "ci_low", "ci_high", "reason"]]
    pd.testing.assert_frame_equal(now[full.columns].sort_index(), full.sort_index(), check_exact=False, rtol=1e-9)
    runs = history.changes_with_kind(table)
    assert len(runs["top-ten"]) > 1  # the upper bound moved with the AI Index editions
    kinds = {kind for run in runs.values() for _, _, kind in run[1:]}
    assert kinds <= {history.SUBSTANTIVE, history.THIN, history.OTHER, history.FIRST} and history.THIN in kinds
    assert "substantive" in page_text(book) and "thin" in page_text(book)
    page = (book["build"] / "html" / "verdict-history.html").read_text()
    assert "Verdicts that changed" in page and "mc-chart" in page and "chart-data/verdict-history.csv" in page
    cached = list((book["build"] / "cache" / "history").glob("verdict-history-*.csv"))
    assert len(cached) == 1


def page_text(book) -> str:
    return (book["build"] / "html" / "verdict-history.html").read_text()


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


def test_not_enough_data_placeholders_never_reach_the_default_book(book):
    import html as htmllib
    import re

    for page in (book["build"] / "html" / "chapters").glob("*.html"):
        text = htmllib.unescape(re.sub(r"<[^>]+>", " ", page.read_text()))
        assert "not enough data" not in text, page.name
    measures = claims.load_measures(book["build"] / "executed")
    for chapter, ms in measures.items():
        for name, value in ms.items():
            assert not (hasattr(value, "note") and "for this value in this run" in value.note), (chapter, name)
    assert np.isfinite(measures["compute"]["frontier_cost_growth"].value)


def test_a_future_as_of_is_refused(cli):
    proc = run_cli("run", "compute", "-p", "as_of", "2099-01-01")
    assert proc.returncode == 2 and "is in the future" in proc.stderr.strip().splitlines()[-1]
