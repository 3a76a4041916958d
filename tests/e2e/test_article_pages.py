"""The rest of the article's sentences on the built book (issue 18): the ledger rows and the
landing page's coverage, and the layoffs analysis rerun on an author's copy of the list."""

import nbformat
import pandas as pd

from conftest import run_cli
from middleclass import claims


def test_ledger_rows_and_landing_page_coverage(book):
    import html as htmllib

    results = claims.evaluate(claims.load_measures(book["build"] / "executed"))
    assert len(results) >= 16 and all(r.verdict != claims.NOT_YET for r in results)
    intro = htmllib.unescape((book["build"] / "html" / "intro.html").read_text())
    assert "The whole article." in intro and "Stability AI" in intro
    by = {r.claim.id: r for r in results}
    assert by["funding-highs"].verdict == claims.PARTLY  # 2024 was below 2021's peak in 2021 dollars
    assert by["talent"].verdict == claims.UNTESTABLE
    capital_html = htmllib.unescape((book["build"] / "html" / "chapters" / "03_capital.html").read_text())
    assert "crowd- and press-sourced" in capital_html and "Layoffs at mid-funded AI companies" in capital_html


def test_layoffs_rerun_on_an_authors_copy(book, tmp_path):
    from middleclass.data import sources

    src = book["data"] / sources.get_source("layoffs_fyi").path
    full = pd.read_csv(src, dtype=str, keep_default_na=False)
    # the author's copy drops every 2025 AI-company event: the past-year count must fall to zero
    ai_2025 = full["date"].str.endswith("/2025") & full["industry"].eq("AI")
    copy = tmp_path / "layoffs.csv"
    full[~ai_2025].to_csv(copy, index=False)
    out = tmp_path / "capital.ipynb"
    proc = run_cli("run", "capital", "-p", "layoffs_path", copy, "--output", out, env=book["env"])
    assert proc.returncode == 0, proc.stderr
    rec = nbformat.read(out, as_version=4).metadata["middleclass"]
    default = nbformat.read(book["build"] / "executed" / "03_capital.ipynb", as_version=4).metadata["middleclass"]
    assert rec["measures"]["layoff_events_n"]["value"] == len(full) - int(ai_2025.sum())
    assert rec["measures"]["layoff_ai_mid_companies_past_year"]["value"] < \
        default["measures"]["layoff_ai_mid_companies_past_year"]["value"]
    assert any(f["source"] == "layoffs_fyi" and not f["pinned"] for f in rec["data_files"])
    bad = tmp_path / "bad.csv"
    full.drop(columns=["funds_raised"]).to_csv(bad, index=False)
    proc = run_cli("run", "capital", "-p", "layoffs_path", bad, "--output", tmp_path / "x.ipynb", env=book["env"])
    assert proc.returncode == 1
    line = proc.stderr.strip().splitlines()[-1]
    assert "bad.csv" in line and "missing column(s) 'funds_raised'" in line
    assert not (tmp_path / "x.ipynb").exists()
