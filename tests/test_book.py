"""The whole path on the real data: execute Chapter 1 with papermill, build the HTML book,
rebuild with nothing changed, and fail cleanly on a corrupted file or a failing cell."""

from __future__ import annotations

import hashlib
import math
import re
from pathlib import Path

import nbformat
import pytest

from conftest import run_cli

REQUIRED_GLUE = [
    "compute_growth_per_year", "compute_growth_ci_low", "compute_growth_ci_high", "compute_growth_n",
    "frontier_cost_growth_per_year", "frontier_cost_growth_ci_low", "frontier_cost_growth_ci_high",
    "frontier_cost_growth_n",
]


def glue(path: Path) -> dict:
    return nbformat.read(path, as_version=4).metadata["middleclass"]["glue"]


def num(glued: dict, key: str) -> float:
    return float(glued[key])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_build_produces_book_pages(book):
    html = book["build"] / "html"
    for page in ("index.html", "chapters/01_compute.html", "chapters/02_open_models.html", "chapters/03_capital.html",
                 "chapters/04_innovation.html", "chapters/05_outlook.html",
                 "reproducibility.html", "data-sources.html", "methods.html", "bibliography.html"):
        assert (html / page).is_file(), page
    assert (html / "chapters" / "02_open_models.html").read_text().count('class="mc-chart"') == 5
    assert (html / "_static" / "vega-bundle.js").stat().st_size > 500_000
    assert (html / "_static" / "mathjax" / "tex-chtml.js").is_file()
    chapter = (html / "chapters" / "01_compute.html").read_text()
    assert chapter.count('class="mc-chart"') == 5
    assert "Provenance of this chapter" in chapter and ".ipynb" in chapter
    repro = (html / "reproducibility.html").read_text()
    assert "c5a262f52d614d11d7b6f0e5e2ac07d3501cfd7d325d92895bb2c5a9190ed860" in repro
    assert re.search(r'href="[^"]*_downloads/[^"]*01_compute\.ipynb"', repro)


def test_html_references_no_external_script_or_stylesheet(book):
    html = book["build"] / "html"
    offenders = []
    for page in html.rglob("*.html"):
        text = page.read_text(errors="replace")
        for m in re.finditer(r'<(script|link|img|iframe)\b[^>]*?(?:src|href)="([^"]+)"', text):
            tag, url = m.group(1), m.group(2)
            if tag == "link" and 'rel="canonical"' in m.group(0):
                continue
            if re.match(r"^(https?:)?//", url):
                offenders.append(f"{page.name}: <{tag}> {url}")
    assert offenders == []


def test_glued_values_finite_and_inside_their_ci(book):
    g = glue(book["build"] / "executed" / "01_compute.ipynb")
    for key in REQUIRED_GLUE:
        assert math.isfinite(num(g, key)), key
    for stem in ("compute_growth", "frontier_cost_growth"):
        lo, est, hi = num(g, f"{stem}_ci_low"), num(g, f"{stem}_per_year"), num(g, f"{stem}_ci_high")
        assert 1 < lo < est < hi
    assert num(g, "compute_growth_n") == 467 and num(g, "frontier_cost_growth_n") == 77
    assert 3.5 < num(g, "compute_growth_per_year") < 5.5  # Epoch reports about 4-5x per year


OPEN_MODELS_GLUE = [
    "arena_gap_points_latest", "arena_gap_pct_latest", "open_winrate_latest", "arena_gap_trend_per_year",
    "arena_gap_trend_per_year_ci_low", "arena_gap_trend_per_year_ci_high", "eci_lag_months_latest",
    "open_share_latest", "price_decline_per_year", "price_decline_per_year_ci_low", "price_decline_per_year_ci_high",
]


def test_open_models_glued_values(book):
    g = glue(book["build"] / "executed" / "02_open_models.ipynb")
    for key in OPEN_MODELS_GLUE:
        assert math.isfinite(num(g, key)), key
    gap, pct, win = num(g, "arena_gap_points_latest"), num(g, "arena_gap_pct_latest"), num(g, "open_winrate_latest")
    assert 0 < pct < 10 and win == pytest.approx(1 / (1 + 10 ** (gap / 400)))
    assert num(g, "arena_gap_trend_per_year_ci_low") < num(g, "arena_gap_trend_per_year") < num(g, "arena_gap_trend_per_year_ci_high") < 0
    assert 0 <= num(g, "eci_lag_months_latest") < 24
    assert 0 < num(g, "open_share_latest") < 1
    assert num(g, "price_decline_per_year_ci_low") < num(g, "price_decline_per_year") < num(g, "price_decline_per_year_ci_high") < 1
    assert num(g, "arena_n_snapshots") == 146  # default chain without online_elo and top-30-only snapshots


def test_open_models_other_window_and_chain(book, tmp_path):
    out = tmp_path / "open.ipynb"
    proc = run_cli("run", "open-models", "-p", "start_date", "2024-01-01", "-p", "end_date", "2025-12-31",
                   "-p", "style_control", "true", "-p", "open_includes_restricted", "false", "--output", out, env=book["env"])
    assert proc.returncode == 0, proc.stderr
    g, default = glue(out), glue(book["build"] / "executed" / "02_open_models.ipynb")
    assert num(g, "arena_n_snapshots") < num(default, "arena_n_snapshots")
    assert g["arena_latest_date"].endswith("2025")  # last snapshot inside the window
    assert num(g, "open_share_latest") != num(default, "open_share_latest")
    rec = nbformat.read(out, as_version=4).metadata["middleclass"]
    assert rec["parameters"]["style_control"] is True and rec["parameters"]["open_includes_restricted"] is False


def test_landing_page_ledger_lists_every_claim(book):
    from middleclass import ledger

    import html as htmllib

    def plain(text):  # typography turns ... and quotes into curly forms
        for a, b in (("…", "..."), ("“", ""), ("”", ""), ('"', ""), ("’", "'")):
            text = text.replace(a, b)
        return text

    intro = plain(htmllib.unescape((book["build"] / "html" / "intro.html").read_text()))
    for claim in ledger.CLAIMS:
        assert plain(claim.quote)[:25] in intro, claim.id
    assert "0 not yet measured" in intro and "supported" in intro and "contradicted" in intro
    assert "at most 10 a year" in intro  # the rule's threshold is visible
    data_sources = (book["build"] / "html" / "data-sources.html").read_text()
    assert "c5a262f52d614d11d7b6f0e5e2ac07d3501cfd7d325d92895bb2c5a9190ed860" in data_sources and "CC BY 4.0" in data_sources
    biblio = (book["build"] / "html" / "bibliography.html").read_text()
    assert "GogoAI News" in biblio and "Epoch AI" in biblio


def test_outlook_glue_and_scenario(book, tmp_path):
    g = glue(book["build"] / "executed" / "05_outlook.ipynb")
    lo, med, hi = (num(g, f"frontier_cost_2030_{k}") for k in ("pi_low", "median", "pi_high"))
    assert 0 < lo < med < hi
    counts = [num(g, k) for k in ("ledger_supported", "ledger_partly", "ledger_contradicted", "ledger_untestable", "ledger_not_yet")]
    assert sum(counts) == num(g, "ledger_total") == 12
    assert num(g, "ledger_supported") >= 1
    out = tmp_path / "scenario.ipynb"
    proc = run_cli("run", "outlook", "-p", "cost_growth_override", "1.5", "-p", "override_from_year", "2026",
                   "--output", out, env=book["env"])
    assert proc.returncode == 0, proc.stderr
    s = glue(out)
    assert num(s, "frontier_cost_2030_median") < med  # slower growth than the fitted ~3x per year
    assert num(s, "frontier_cost_2030_fitted_median") == pytest.approx(med)
    assert num(s, "frontier_cost_2030_pi_low") < num(s, "frontier_cost_2030_median") < num(s, "frontier_cost_2030_pi_high")
    bad = run_cli("run", "outlook", "-p", "cost_growth_override", "fast", env=book["env"])
    assert bad.returncode == 2 and "must be empty (use the fitted value) or a positive number" in bad.stderr


def test_capital_defaults_and_author_deal_file(book, tmp_path):
    g = glue(book["build"] / "executed" / "03_capital.ipynb")
    assert 0 < num(g, "top_k_share_latest") < 1 and num(g, "top_k_share_year") == 2024
    lo, est, hi = (num(g, k) for k in ("investment_growth_per_year_ci_low", "investment_growth_per_year",
                                       "investment_growth_per_year_ci_high"))
    assert 1 < lo < est < hi
    assert 0 < num(g, "mid_band_share_latest") < 1 and num(g, "rounds_n") > 1000
    # AI Index 2025, figure 4.3.7: $50-100M + $100-500M events, 2023 and 2024
    assert (num(g, "census_mid_prev"), num(g, "census_mid_last")) == (200 + 134, 196 + 143)
    assert num(g, "census_mid_ratio_ci_low") < 1 < num(g, "census_mid_ratio_ci_high")
    deals = tmp_path / "deals.csv"
    rows = ["company,date,amount_usd,round_type,is_ai"]
    for year in range(2019, 2025):
        for i in range(10 - (year - 2019)):  # mid-size rounds fall by one a year
            rows.append(f"Mid{i},{year}-03-01,50000000,Series B,True")
        rows.append(f"Big,{year}-06-01,2000000000,Series E,True")
    deals.write_text("\n".join(rows) + "\n")
    out = tmp_path / "capital.ipynb"
    proc = run_cli("run", "capital", "-p", "rounds_path", deals, "--output", out, env=book["env"])
    assert proc.returncode == 0, proc.stderr
    a = glue(out)
    assert num(a, "rounds_n") == len(rows) - 1
    assert num(a, "mid_band_share_latest") == pytest.approx(5 / 6)  # 2024: 5 mid-size rounds and 1 big one
    assert num(a, "mid_band_trend_ci_high") < 1
    rec = nbformat.read(out, as_version=4).metadata["middleclass"]
    assert any(f["source"] == "author_rounds" and not f["pinned"] for f in rec["data_files"])
    bad = tmp_path / "bad.csv"
    bad.write_text("company,date,amount\nA,2024-01-01,5\n")
    proc = run_cli("run", "capital", "-p", "rounds_path", bad, "--output", tmp_path / "x.ipynb", env=book["env"])
    assert proc.returncode == 1
    assert "missing column(s) 'amount_usd', 'round_type', 'is_ai'" in proc.stderr.strip().splitlines()[-1]
    assert not (tmp_path / "x.ipynb").exists()


def test_innovation_defaults_and_other_tier_table(book, tmp_path):
    g = glue(book["build"] / "executed" / "04_innovation.ipynb")
    assert 0 < num(g, "mid_tier_share_latest") < 1 and num(g, "latest_year") == 2025
    lo, est, hi = (num(g, k) for k in ("mid_tier_share_trend_ci_low", "mid_tier_share_trend", "mid_tier_share_trend_ci_high"))
    assert lo < est < hi
    assert num(g, "hhi_latest_ci_low") <= num(g, "hhi_latest") <= num(g, "hhi_latest_ci_high") < 1
    assert 0 < num(g, "top5_share_latest") < 1 and num(g, "distinct_orgs_latest") > 10
    assert num(g, "citation_ratio_mid_vs_giant_ci_low") < num(g, "citation_ratio_mid_vs_giant") < num(
        g, "citation_ratio_mid_vs_giant_ci_high")
    assert num(g, "tier_coverage") > 0.85  # the curated table covers most organization-model weight
    # another tier table: every organization at its latest tier (OpenAI, Anthropic giants throughout)
    from middleclass import innovation, load
    alt_table = tmp_path / "tiers.csv"
    innovation.current_tier_table(load.load_curated("organizations")).to_csv(alt_table, index=False)
    out = tmp_path / "innovation.ipynb"
    proc = run_cli("run", "innovation", "-p", "organizations_path", alt_table, "--output", out, env=book["env"])
    assert proc.returncode == 0, proc.stderr
    a = glue(out)
    assert num(a, "citation_ratio_mid_vs_giant") == pytest.approx(num(g, "sens_current_cite"))
    assert num(a, "citation_ratio_mid_vs_giant") < num(g, "citation_ratio_mid_vs_giant")
    rec = nbformat.read(out, as_version=4).metadata["middleclass"]
    assert any(f["source"] == "curated_organizations" and f["label"] == str(alt_table) for f in rec["data_files"])
    bad = tmp_path / "bad_tiers.csv"
    bad.write_text(alt_table.read_text().replace(",mid,", ",middling,", 1))
    proc = run_cli("run", "innovation", "-p", "organizations_path", bad, "--output", tmp_path / "x.ipynb", env=book["env"])
    assert proc.returncode == 1
    last = proc.stderr.strip().splitlines()[-1]
    assert "bad_tiers.csv" in last and "tier" in last and "middling" in last
    assert not (tmp_path / "x.ipynb").exists()


def test_executed_notebook_records_provenance(book):
    nb = nbformat.read(book["build"] / "executed" / "01_compute.ipynb", as_version=4)
    rec = nb.metadata["middleclass"]
    assert rec["parameters"]["start_date"] == "2010-01-01" and rec["parameters"]["frontier_top_n"] == 10
    assert {f["source"] for f in rec["data_files"]} == {"epoch_notable", "epoch_gpu_clusters"}
    assert all(f["pinned"] and len(f["sha256"]) == 64 for f in rec["data_files"])
    assert {"pandas", "statsmodels", "altair", "papermill", "jupyter-book"} <= set(rec["packages"])
    assert rec["commit"] and len(rec["cache_key"]) == 64
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and "remove-cell" in injected[0].metadata["tags"]


def test_noop_rebuild_skips_execution_and_html(book):
    index = book["build"] / "html" / "index.html"
    before = digest(index)
    proc = run_cli("build", env=book["env"])
    assert proc.returncode == 0, proc.stderr
    assert "compute: up to date" in proc.stdout and "open-models: up to date" in proc.stdout
    assert "outlook: up to date" in proc.stdout and "capital: up to date" in proc.stdout
    assert "book: up to date" in proc.stdout
    assert "executing" not in proc.stdout
    assert digest(index) == before


def test_other_parameters_change_glued_values(book, tmp_path):
    out = tmp_path / "x.ipynb"
    proc = run_cli("run", "compute", "-p", "start_date", "2015-01-01", "--output", out, env=book["env"])
    assert proc.returncode == 0, proc.stderr
    default, other = glue(book["build"] / "executed" / "01_compute.ipynb"), glue(out)
    assert num(other, "compute_growth_n") < num(default, "compute_growth_n")
    assert num(other, "compute_growth_per_year") != num(default, "compute_growth_per_year")
    assert nbformat.read(out, as_version=4).metadata["middleclass"]["parameters"]["start_date"] == "2015-01-01"


def test_failing_cell_named_and_previous_output_kept(book, tmp_path):
    import pandas as pd

    from middleclass import sources

    # a valid author file with too few models to fit a trend: the analysis cell fails
    src = book["data"] / sources.get_source("epoch_notable").path
    pd.read_csv(src, dtype=str, keep_default_na=False, nrows=4).to_csv(tmp_path / "tiny.csv", index=False)
    out = tmp_path / "kept.ipynb"
    out.write_text("previous")
    proc = run_cli("run", "compute", "-p", "notable_path", tmp_path / "tiny.csv", "--output", out, env=book["env"])
    assert proc.returncode == 1
    line = proc.stderr.strip().splitlines()[-1]
    assert re.match(r"error: chapter 'compute' \(chapters/01_compute.md\) failed in cell \d+ \(execution count \d+\): ValueError: ", line)
    assert out.read_text() == "previous"


def test_corrupted_data_keeps_previous_book(book):
    index = book["build"] / "html" / "index.html"
    executed = book["build"] / "executed" / "01_compute.ipynb"
    before = (digest(index), digest(executed))
    target = book["data"] / "epoch" / "notable_ai_models.csv"
    original = target.read_bytes()
    try:
        target.write_bytes(original.replace(b"2023-03-15", b"2023-03-16", 1))
        proc = run_cli("build", env=book["env"])
    finally:
        target.write_bytes(original)
    assert proc.returncode == 1
    err = proc.stderr.strip().splitlines()
    assert len(err) == 1
    assert "error: 4 chapter(s) failed; the previous book is unchanged." in err[0]
    assert "epoch/notable_ai_models.csv: sha256 mismatch" in err[0]
    assert (digest(index), digest(executed)) == before


def test_error_outputs_never_reach_the_book(book, monkeypatch, tmp_path):
    from middleclass import book as bookmod
    from middleclass import runner
    from middleclass.errors import BuildError

    nb = nbformat.read(book["build"] / "executed" / "01_compute.ipynb", as_version=4)
    code = next(c for c in nb.cells if c.cell_type == "code")
    code.outputs.append(nbformat.v4.new_output("error", ename="ValueError", evalue="boom", traceback=[]))
    executed = tmp_path / "executed"
    executed.mkdir()
    nbformat.write(nb, executed / "01_compute.ipynb")
    monkeypatch.setattr(runner, "EXECUTED_DIR", executed)
    assert runner.error_outputs(nb) and runner.stored_record(executed / "01_compute.ipynb") is None
    with pytest.raises(BuildError, match="has an error output in cell"):
        bookmod.stage(tmp_path / "stage")


def test_run_parameters_stay_for_next_build_until_reset(book):
    """Runs last in this module: changes the book's Chapter 1 parameters, then resets them."""
    executed = book["build"] / "executed" / "01_compute.ipynb"
    default_n = num(glue(executed), "compute_growth_n")
    proc = run_cli("run", "compute", "-p", "start_date", "2015-01-01", env=book["env"])
    assert proc.returncode == 0, proc.stderr
    proc = run_cli("build", env=book["env"])
    assert proc.returncode == 0, proc.stderr
    assert "keeping parameters from the last run: {'start_date': '2015-01-01'}" in proc.stdout
    assert "compute: up to date" in proc.stdout and "book: building HTML" in proc.stdout
    assert num(glue(executed), "compute_growth_n") < default_n
    repro = (book["build"] / "html" / "reproducibility.html").read_text()
    assert "2015-01-01" in repro and "(changed)" in repro
    assert "outlook: executing" in proc.stdout  # it reads the compute chapter's results
    factor = num(glue(executed), "frontier_cost_growth_per_year")
    assert f"×{factor:.2f} (" in (book["build"] / "html" / "intro.html").read_text()  # the ledger follows the rerun
    proc = run_cli("build", "--reset-params", env=book["env"])
    assert proc.returncode == 0, proc.stderr
    assert num(glue(executed), "compute_growth_n") == default_n
    default_factor = num(glue(executed), "frontier_cost_growth_per_year")
    assert default_factor != factor and f"×{default_factor:.2f} (" in (book["build"] / "html" / "intro.html").read_text()
