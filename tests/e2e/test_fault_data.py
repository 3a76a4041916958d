"""Issue 28, class 7 (dates and empty cells shown wrong) and class 9 (data side), at the CLI.

Refusals: the exit code, exactly one ``error:`` line naming the file, column or parameter and the
rows, no traceback, nothing executed (refused before any kernel starts), and the parameters in
effect (``_build/parameters.json``), the executed notebooks and the HTML book unchanged.
Warnings: the ``CHAPTER: warning:`` line and the same line in the notebook's
``middleclass.warnings``. Date ranges: ``data status`` and ``data diff`` read every date in the
source's known form.
"""

from __future__ import annotations

import re

import nbformat
import pandas as pd
import pytest

from conftest import Catalogue, run_cli
from middleclass.data import sources
from test_bad_inputs import GOOD_DEALS, TIERS_HEADER, assert_refused, deals_csv


@pytest.fixture(scope="module")
def book(own_book):
    """This module runs commands that could change the book: a copy of its own."""
    return own_book


def _params(book) -> str | None:
    path = book["build"] / "parameters.json"
    return path.read_text() if path.exists() else None


def _layoffs_iso(book, tmp) -> "Path":  # noqa: F821
    src = book["data"] / sources.get_source("layoffs_fyi").path
    frame = pd.read_csv(src, dtype=str, keep_default_na=False)
    frame["date"] = pd.to_datetime(frame["date"], format="%m/%d/%Y").dt.strftime("%Y-%m-%d")
    path = tmp / "layoffs_iso.csv"
    frame.to_csv(path, index=False)
    return path


def _tiers(tmp, *rows):
    path = tmp / "tiers.csv"
    path.write_text("\n".join([TIERS_HEADER, *rows]) + "\n")
    return path


# id -> function(book, tmp) returning (argv, exit code, words the one error line must contain)
def _refusals():
    c = Catalogue()
    case = c.case

    # ---- item 2: one organization, two tiers for overlapping years
    @case("tier table: organization twice with overlapping tiers (run)")
    def _(b, t):
        path = _tiers(t, "Lab,,mid,2020,2023,x,2024,,https://x.org", "Other,,giant,,,x,2024,,https://x.org",
                      "Lab,,small,2022,,x,2024,,https://x.org")
        return (["run", "innovation", "-p", "organizations_path", path], 1,
                [str(path), "organization 'Lab'", "different tiers for overlapping years (2022–2023)",
                 "row 1 'mid'", "row 3 'small'"])

    @case("tier table: organization twice with open periods (build)")
    def _(b, t):
        path = _tiers(t, "Lab,,mid,,,x,2024,,https://x.org", "Lab,,giant,,,x,2024,,https://x.org")
        return (["build", "--no-pdf", "-p", "organizations_path", path], 1,
                [str(path), "organization 'Lab'", "row 1 'mid'", "row 2 'giant'"])

    @case("tier table: one organization with two parents")
    def _(b, t):
        path = _tiers(t, "Lab,Alpha,mid,,,x,2024,,https://x.org", "Lab,Beta,mid,,,x,2024,,https://x.org")
        return (["run", "innovation", "-p", "organizations_path", path], 1,
                [str(path), "organization 'Lab'", "different parent", "row 1 parent='Alpha'", "row 2 parent='Beta'"])

    # ---- item 5: a folder given for a file
    @case("folder as notable_path")
    def _(b, t):
        (t / "adir.csv").mkdir()
        return (["run", "compute", "-p", "notable_path", t / "adir.csv"], 2,
                ["parameter 'notable_path'", f"{t / 'adir.csv'} is a folder, not a file"])

    @case("folder as rounds_path")
    def _(b, t):
        return ["run", "capital", "-p", "rounds_path", t], 2, ["parameter 'rounds_path'", f"{t} is a folder, not a file"]

    @case("folder as organizations_path in a build")
    def _(b, t):
        return (["build", "--no-pdf", "-p", "organizations_path", t], 2,
                ["parameter 'organizations_path'", f"{t} is a folder, not a file"])

    @case("folder for the data diff")
    def _(b, t):
        return ["data", "diff", "epoch_notable", t], 1, [str(t), "is a folder, not a file"]

    # ---- item 6: the source's date form checked before any kernel
    @case("ISO-dated layoffs copy (run)")
    def _(b, t):
        path = _layoffs_iso(b, t)
        return (["run", "capital", "-p", "layoffs_path", path], 1,
                [f"{path}: column 'date'", "expected month/day/year", "in 4411 row(s)", "row 1 '2026-05-15'"])

    @case("ISO-dated layoffs copy (build)")
    def _(b, t):
        path = _layoffs_iso(b, t)
        return (["build", "--no-pdf", "-p", "layoffs_path", path], 1,
                [f"{path}: column 'date'", "expected month/day/year", "row 1 '2026-05-15'"])

    @case("tech fundings copy with a full date")
    def _(b, t):
        src = b["data"] / sources.get_source("tech_fundings").path
        frame = pd.read_csv(src, dtype=str, keep_default_na=False)
        frame.loc[[4, 9], "Funding Date"] = ["2020-01-15", "15/01/2020"]
        path = t / "tf.csv"
        frame.to_csv(path, index=False)
        return (["run", "capital", "-p", "tech_fundings_path", path], 1,
                [f"{path}: column 'Funding Date'", "expected month-year like 'Jan-20'", "in 2 row(s)",
                 "row 5 '2020-01-15'", "row 10 '15/01/2020'"])

    return c


REFUSALS = _refusals()


@pytest.mark.parametrize("name", list(REFUSALS))
def test_refused_before_any_kernel(name, book, tmp_path):
    argv, code, words = REFUSALS[name](book, tmp_path)
    proc, _ = assert_refused(book, argv, code, words, name=name)
    assert "executing" not in proc.stdout, (name, proc.stdout[-1500:])  # no kernel started


# ----------------------------------------------------------------- item 1: date ranges in the source's form

def _status_rows(stdout: str) -> dict[str, list[str]]:
    return {line.split()[0]: line.split() for line in stdout.splitlines()[1:] if line.strip()}


def test_data_status_reads_month_year_and_years_in_their_form(book):
    proc = run_cli("data", "status", env=book["env"])
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    rows = _status_rows(proc.stdout)
    header = proc.stdout.splitlines()[0].split()
    at = {c: header.index(c) for c in ("from", "to", "state")}
    got = {sid: (r[at["from"]], r[at["to"]]) for sid, r in rows.items()}
    assert got["tech_fundings"] == ("2020-01", "2021-09")  # 'Jan-20' is January 2020, not 20 January of year 1
    assert got["layoffs_fyi"] == ("2020-03-11", "2026-05-15")
    assert got["owid_ai_private_investment"] == ("2013", "2024") and got["oecd_vc_transcribed"] == ("2012", "2026")
    assert got["latestrounds_rounds"] == ("1995-01-01", "2026-04-17")
    for sid, (lo, hi) in got.items():
        if lo == "–":
            continue
        assert re.fullmatch(r"\d{4}(-\d{2}){0,2}", lo) and re.fullmatch(r"\d{4}(-\d{2}){0,2}", hi), (sid, lo, hi)
        assert 1950 <= int(lo[:4]) <= int(hi[:4]) <= 2026, (sid, lo, hi)
        assert rows[sid][at["state"]] == "ok", sid


def test_data_diff_reads_the_dates_of_both_files_in_the_source_form(book, tmp_path):
    src = book["data"] / sources.get_source("tech_fundings").path
    frame = pd.read_csv(src, dtype=str, keep_default_na=False)
    newer = tmp_path / "tf_newer.csv"
    pd.concat([frame, frame.tail(1).assign(**{"Funding Date": "Mar-22", "index": "99999"})]).to_csv(newer, index=False)
    proc = run_cli("data", "diff", "tech_fundings", newer, env=book["env"])
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    assert "dates: 2020-01 .. 2021-09 -> 2020-01 .. 2022-03  (new latest date)" in proc.stdout, proc.stdout


# ----------------------------------------------------------------- class 7: cells without data (a kernel runs)

@pytest.mark.slow
def test_an_early_as_of_prints_not_enough_data_in_the_sensitivity_table(book, tmp_path):
    out = tmp_path / "compute.ipynb"
    params = _params(book)
    proc = run_cli("run", "compute", "-p", "as_of", "2012-01-31", "--output", out, env=book["env"])
    assert proc.returncode == 0, proc.stderr[-2000:]
    nb = nbformat.read(out, as_version=4)
    html = "".join(str(o.get("data", {}).get("text/html", "")) for c in nb.cells for o in c.get("outputs", []))
    table = html[html.index("Growth factor per year ("):]
    table = table[:table.index("</table>")]
    assert "nan" not in table
    assert table.count("not enough data (n = 0)") >= 6  # 2015 and 2018 starts: nothing published by 2012
    assert "7.44 (1.08–51.38; n=10)" in table  # a cell with data keeps its estimate
    text = "".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "nan (nan" not in html and "nan (nan" not in text
    assert _params(book) == params  # --output never changes the parameters in effect


# ----------------------------------------------------------------- item 4: rows left out of a deal file are counted

def _run_deals(book, tmp_path, rows):
    deals = deals_csv(tmp_path, rows)
    out = tmp_path / "capital.ipynb"
    proc = run_cli("run", "capital", "-p", "rounds_path", deals, "--output", out, env=book["env"])
    assert proc.returncode == 0, proc.stderr[-2000:]
    warnings = nbformat.read(out, as_version=4).metadata["middleclass"]["warnings"]
    return deals, proc, warnings


@pytest.mark.slow
def test_deal_rows_outside_the_years_are_counted_in_a_warning(book, tmp_path):
    deals, proc, warnings = _run_deals(book, tmp_path, [*GOOD_DEALS, "C,2010-05-01,8e7,Series B,True",
                                                        "D,2011-06-01,9e7,Series B,True", "E,2026-02-01,9e7,Seed,True"])
    line = f"{deals}: 3 deal row(s) dropped: dated outside the years 2013–2025 (start_year, end_year)"
    assert f"capital: warning: {line}" in proc.stdout.splitlines(), proc.stdout[-2000:]
    assert line in warnings and not any("no amount" in w for w in warnings)


@pytest.mark.slow
def test_deal_rows_without_an_amount_are_counted_in_a_warning(book, tmp_path):
    deals, proc, warnings = _run_deals(book, tmp_path, [*GOOD_DEALS, "C,2023-05-01,,Series B,True",
                                                        "D,2024-06-01,NaN,Series B,True"])
    line = f"{deals}: 2 deal row(s) dropped: no amount (amount_usd blank or NaN)"
    assert f"capital: warning: {line}" in proc.stdout.splitlines(), proc.stdout[-2000:]
    assert line in warnings and not any("outside the years" in w for w in warnings)
