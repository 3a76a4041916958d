"""The multiverse in the built book (issue 27): the sweep's default specification is the ledger's
verdict for every claim, the Robustness page draws a specification curve per claim, the ledger and
the chapters show each verdict's agreement, and the same sweep on a Dask cluster gives the same
table."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from middleclass import claims
from middleclass.claims import multiverse


def _sweep(book) -> pd.DataFrame:
    return pd.read_csv(book["build"] / "html" / "chart-data" / "robustness.csv", dtype={"choices": str})


def test_the_default_specification_gives_the_ledgers_verdict(book):
    table = _sweep(book)
    ledger = {r.claim.id: r.verdict for r in claims.evaluate(claims.load_measures(book["build"] / "executed"))}
    with_choices = {c.id for c in claims.CLAIMS if multiverse.choices_of(c)}
    assert set(table["claim"]) == with_choices
    defaults = table[table["default"]]
    assert len(defaults) == len(with_choices) and defaults["claim"].is_unique
    assert {r.claim: r.verdict for r in defaults.itertuples()} == {c: ledger[c] for c in with_choices}
    sizes = table.groupby("claim").size()
    assert (sizes >= 8).sum() >= 12
    for claim_id, n in sizes.items():  # the whole grid, each specification once
        assert n == len(multiverse.specifications(claims.BY_ID[claim_id])), claim_id
        assert table[table["claim"] == claim_id]["choices"].is_unique


def test_robustness_page_ledger_and_chapters_show_agreement(book):
    html = book["build"] / "html"
    page = (html / "robustness.html").read_text()
    table = _sweep(book)
    for claim_id in table["claim"].unique():
        assert f'id="robust-{claim_id}"' in page, claim_id
    assert page.count('class="mc-chart"') == table["claim"].nunique()
    intro = (html / "intro.html").read_text()
    assert intro.count('class="mc-agree') == table["claim"].nunique()
    from middleclass.book import sweep

    agreements = sweep.agreements(table)
    fragile = [a for a in agreements.values() if a.fragile]
    assert intro.count("mc-fragile") == len(fragile)
    chapters_text = "".join(p.read_text() for p in (html / "chapters").glob("*.html"))
    for a in agreements.values():
        shown = f"{a.share:.0%} of {a.n} specifications"
        assert shown in chapters_text and shown in intro, a.claim
    for a in fragile:  # named with the choice that flips it
        assert a.flip and a.flip.split(" = ")[0] in intro


@pytest.mark.slow
def test_the_sweep_on_a_dask_cluster_equals_the_local_one(real):
    """The same tasks through joblib's Dask backend on a LocalCluster (two worker processes)."""
    from distributed import LocalCluster

    from middleclass import chapters
    from middleclass.book import plan, sweep

    base = {cid: plan.resolve(cid, state={})[0] for cid in chapters.CHAPTERS}
    upstream = {cid: plan.upstream_parameters(cid, state={}) for cid in chapters.CHAPTERS}
    chosen = ["cost", "top-ten", "funding-highs", "premium-prices"]
    local = sweep.compute(real, base, upstream, jobs=1, claim_ids=chosen)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        remote = sweep.compute(real, base, upstream, scheduler=cluster.scheduler_address, claim_ids=chosen)
    assert len(local) == sum(len(multiverse.specifications(claims.BY_ID[c])) for c in chosen)
    pd.testing.assert_frame_equal(local, remote)
    assert json.loads(local.iloc[0]["choices"])  # labels of every choice
