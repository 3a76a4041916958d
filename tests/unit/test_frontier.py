"""Frontier selection and organization counts on hand-made data."""

import pandas as pd

from middleclass.analysis import compute, frontier
from middleclass.data.epoch import sector_of


def frame():
    return pd.DataFrame({
        "model": list("ABCDEF"),
        "publication_date": pd.to_datetime(["2020-01-01", "2020-02-01", "2020-03-01", "2020-03-01", "2020-04-01", "2020-05-01"]),
        "compute_flop": [10.0, 5.0, 20.0, 1.0, None, 15.0],
        "organizations": [["X"], ["Y", "Z"], ["X"], ["W"], ["V"], ["Y"]],
        "year": [2020] * 6,
        "sector": ["Industry"] * 6,
    })


def test_running_top_n_by_hand():
    df = frame()
    # top-2 at release: A (only model), B (2nd of 2), C (1st), D (4th of 4: no), E (no value), F (15 vs 20,10,5,1: 2nd)
    assert frontier.running_top_n(df, "compute_flop", 2).tolist() == [True, True, True, False, False, True]
    assert frontier.running_top_n(df, "compute_flop", 1).tolist() == [True, False, True, False, False, False]


def test_organizations_per_year_splits_multi_org_rows():
    df = frame()
    out = frontier.organizations_per_year(df)
    assert out.loc[0, "organizations"] == 5  # V W X Y Z
    assert out.loc[0, "names"] == "V; W; X; Y; Z"


def test_sector_of():
    assert sector_of(["Industry", "Industry"]) == "Industry"
    assert sector_of(["Academia"]) == "Academia"
    assert sector_of(["Industry", "Academia", "Academia"]) == "Collaboration"
    assert sector_of(["Government"]) == "Other"
    assert sector_of([]) == "Unknown"


def test_largest_cluster_by_year_and_costliest():
    clusters = pd.DataFrame({
        "name": ["a", "b", "c", "d"], "owner": ["o"] * 4, "status": ["Existing", "Existing", "Planned", "Existing"],
        "first_operational": pd.to_datetime(["2020-01-01", "2020-06-01", "2021-01-01", "2021-03-01"]),
        "hardware_cost_usd": [1e8, 3e8, 9e9, 2e8], "h100e": [1.0] * 4, "sector": ["Private", "Private", "Private", "Public"],
        "year": [2020, 2020, 2021, 2021],
    })
    top = compute.largest_cluster_by_year(clusters, "2019-01-01", "2022-01-01")
    assert top["name"].tolist() == ["b"]  # c is planned, d is public
    top_all = compute.largest_cluster_by_year(clusters, "2019-01-01", "2022-01-01", private_only=False)
    assert top_all["name"].tolist() == ["b", "d"]
    assert compute.money(3.88e8) == "$388 million" and compute.money(1.2e9) == "$1.2 billion"
