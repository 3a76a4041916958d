"""Faults, round two (issue 28), class 4: a default that no longer fits does not refuse the user.

Moving only the window (``start_date``, ``end_date``, ``start_year``) runs: a parameter whose
default falls outside it (``break_date``, ``price_start_date``, ``window_break_date``,
``recent_start_year``) either follows the window or leaves its section saying "not enough data
(n = ...)". A value the user set that contradicts another is refused before any kernel starts:
one ``error:`` line naming the chapter and parameter, exit 2, and the parameters in effect, the
executed notebooks and the HTML book byte-identical.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from conftest import run_cli
from test_bad_inputs import tree_digest


@pytest.fixture(scope="module")
def book(own_book):
    """This module changes the parameters file: a copy of its own."""
    return own_book


def executed(path: Path) -> tuple[dict, dict, dict]:
    """(measures, glued text by name, parameters) of an executed notebook."""
    nb = nbformat.read(path, as_version=4)
    glued = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            scrap = out.get("metadata", {}).get("scrapbook")
            if scrap:
                data = out["data"]
                glued[scrap["name"]] = data.get(scrap["mime_prefix"] + "text/markdown",
                                                data.get(scrap["mime_prefix"] + "text/plain"))
            assert out.get("output_type") != "error", out
    record = nb.metadata["middleclass"]
    return record["measures"], glued, record["parameters"]


def run_ok(book, tmp_path, *argv) -> tuple[dict, dict, dict]:
    out = tmp_path / "run.ipynb"
    proc = run_cli("run", *argv, "--output", out, env=book["env"])
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stdout + proc.stderr
    return executed(out)


@pytest.mark.chapter
def test_an_earlier_end_date_leaves_the_price_trend_without_data(book, tmp_path):
    """`-p end_date 2024-01-31` (refused before: price_start_date 2025-02-01 lay outside): the
    price section says not enough data, the rest of the chapter runs, its claims are not testable."""
    m, glued, params = run_ok(book, tmp_path, "open-models", "-p", "end_date", "2024-01-31")
    assert params["end_date"] == "2024-01-31" and params["price_start_date"] == "2025-02-01"
    assert m["price_decline_per_year"]["note"].startswith("not enough data")
    assert glued["price_decline_per_year"] == "'not enough data'" and glued["price_months_n"] == "'not enough data'"
    assert "2023-05-01" <= m["arena_gap_points_latest"]["window"] <= "2024-01-31"  # the Arena section ran in the window
    assert not any(v == "nan" or "nan" in str(v).split() for v in glued.values())


@pytest.mark.chapter
def test_a_later_start_date_leaves_the_break_test_without_data(book, tmp_path):
    """`-p start_date 2023-01-01` moves past break_date 2022-11-30: the break test says not
    enough data with n, and the prose says the Chow test cannot be run (no "p = nan")."""
    m, glued, params = run_ok(book, tmp_path, "compute", "-p", "start_date", "2023-01-01")
    assert params["break_date"] == "2022-11-30"
    assert m["break_p_value"]["note"] == "not enough data (n = 0; a break test (points on each side) needs at least 3)"
    assert m["break_n_after"]["value"] > 0 and m["compute_growth"]["n"] > 0  # the models after the date are counted
    assert glued["cost_break_reading"] == ("the Chow test cannot be run: not enough data (n = 0; a break test "
                                           "(points on each side) needs at least 3)")
    assert "too few frontier models on one side of the break date" in glued["compute_caption"]
    assert not any("nan" in str(v).split() for v in glued.values())


@pytest.mark.chapter
def test_a_later_start_year_takes_the_recent_window_along(book, tmp_path):
    """`-p start_year 2021` passes recent_start_year 2020: the recent window follows the data
    window (it starts in 2021), as the parameter's description says."""
    m, glued, params = run_ok(book, tmp_path, "innovation", "-p", "start_year", "2021")
    assert params["recent_start_year"] == 2020
    assert m["recent_start_year"]["value"] == 2021 and glued["recent_start_year"] == "2021"
    assert m["mid_trend_pts_recent"]["note"] == "" and m["mid_trend_pts_recent"]["n"] > 0


def parameters_file(book) -> Path:
    return book["build"] / "parameters.json"


@pytest.mark.parametrize("argv, name", [
    (["run", "open-models", "-p", "end_date", "2024-01-31", "-p", "price_start_date", "2025-02-01"], "price_start_date"),
    (["build", "-p", "start_date", "2023-01-01", "-p", "break_date", "2022-11-30"], "break_date"),
    (["run", "outlook", "-p", "end_date", "2024-06-30", "-p", "window_break_date", "2025-01-01"], "window_break_date"),
    (["run", "innovation", "-p", "end_year", "2019", "-p", "recent_start_year", "2020"], "recent_start_year"),
    (["run", "outlook", "-p", "horizon_year", "2025", "-p", "override_from_year", "2026"], "override_from_year"),
])
def test_an_explicit_contradiction_is_refused_and_changes_nothing(book, argv, name):
    refuse(book, argv, name)


def test_a_value_kept_from_an_earlier_run_is_explicit(book):
    """price_start_date set by an earlier `-p` (kept in the parameters file) is the user's: a
    `build -p end_date` that leaves it outside the window is refused, the file unchanged."""
    path = parameters_file(book)
    saved = path.read_bytes() if path.exists() else None
    path.write_text(json.dumps({"open-models": {"price_start_date": "2025-03-01"}}))
    try:
        refuse(book, ["build", "-p", "end_date", "2024-01-31"], "price_start_date")
    finally:
        path.unlink()
        if saved is not None:
            path.write_bytes(saved)


def refuse(book, argv, name):
    path = parameters_file(book)
    before = tree_digest(book["build"]), path.read_bytes() if path.exists() else None
    proc = run_cli(*argv, env=book["env"])
    out = proc.stdout + proc.stderr
    assert proc.returncode == 2, out[-2000:]
    assert "Traceback" not in out
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and f"parameter '{name}' must" in errors[0], proc.stderr
    assert "chapter '" in errors[0]
    assert (tree_digest(book["build"]), path.read_bytes() if path.exists() else None) == before


def test_a_long_value_is_shortened_in_the_error(book):
    """A 120 KB value is echoed as its first characters and its length (class 9)."""
    long = "9" * 120_000
    proc = run_cli("run", "compute", "-p", "frontier_top_n", long, env=book["env"])
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and len(proc.stderr) < 400, proc.stderr[:400]
    assert "parameter 'frontier_top_n' expects int" in errors[0] and errors[0].endswith("… (120,002 characters)")
