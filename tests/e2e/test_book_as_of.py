"""The whole book as of a date (issue 14), built by papermill and Jupyter Book, its verdict
history page, placeholders that never reach the default book, and the CLI's checks of as_of."""

import re

import nbformat
import numpy as np
import pandas as pd

from conftest import run_cli
from middleclass import claims
from middleclass.data import sources


def vintage(tmp_path, real_data_root, rename=None, drop=()):
    raw = pd.read_csv(real_data_root / sources.get_source("epoch_notable").path, dtype=str, keep_default_na=False)
    path = tmp_path / "notable_vintage.csv"
    raw.rename(columns=rename or {}).drop(columns=list(drop)).to_csv(path, index=False)
    return path


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


def test_the_book_builds_as_of_mid_2023(tmp_path, book):
    """All chapters executed by papermill at 2023-06-30 and the HTML built with -W: placeholders
    render, the as_of note shows, the ledger says why a claim cannot be tested yet."""
    import html as htmllib
    import shutil

    build_dir = tmp_path / "_build"
    shutil.copytree(book["build"] / "cache", build_dir / "cache")  # the vega bundle and the verdict history
    env = {**book["env"], "MIDDLECLASS_BUILD_DIR": str(build_dir)}
    proc = run_cli("build", "--no-pdf", "-p", "as_of", "2023-03-31", env=env, timeout=1200)  # the history's first date
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
    assert "outlook read this chapter and run with another as_of" in proc.stdout
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
