"""A chapter is a function (issue 26): the registry's parameters and dependencies, a result's
thin sections, the data cut at ``as_of`` once, and the same measures whether a chapter's result
comes from the cache, from this process or from the chapters that read it."""

from __future__ import annotations

import pandas as pd
import pytest

from middleclass import chapters, claims
from middleclass.analysis.chapter import ChapterResult
from middleclass.analysis.measures import NotEnoughData
from middleclass.analysis.records import to_record
from middleclass.data.view import DataView


def test_a_thin_section_is_recorded_and_what_needs_it_says_so():
    out = ChapterResult("compute", None)
    with out.section("the trend"):
        raise NotEnoughData(2, 3, "a trend")
    with out.section("the chart of the trend"):
        fit = undefined_name  # noqa: F821 - what a section that needs the thin one's result meets
        out.keep(fit=fit)
    note = "not enough data (n = 2; a trend needs at least 3)"
    assert out.thin == [("the trend", note), ("the chart of the trend", note)]
    with pytest.raises(NotEnoughData):
        out.fit  # noqa: B018 - a part the thin section did not produce
    with pytest.raises(NotEnoughData):
        out.measures["trend"]
    clean = ChapterResult("compute", None)
    with pytest.raises(NameError):  # a NameError with no thin section before it is a bug, not thin data
        with clean.section("the trend"):
            undefined_name  # noqa: B018,F821


def test_dependencies_cover_every_measure_a_claim_reads_from_another_chapter():
    reads = {c.chapter: set() for c in claims.CLAIMS}
    for c in claims.CLAIMS:
        names = list(c.reads) + (list(c.premise.reads) if c.premise else [])
        reads[c.chapter] |= {n.split(".")[0] for n in names if "." in n} - {c.chapter}
    for cid, needed in reads.items():
        assert needed <= set(chapters.upstream_chapters(cid)), (cid, needed)
    assert chapters.dependency_order().index("innovation") < chapters.dependency_order().index("open-models")


def test_the_data_view_cuts_every_source_at_one_date():
    view = DataView("2024-06-30")
    models = view.notable_models()
    assert models["publication_date"].max() <= pd.Timestamp("2024-06-30")
    assert len(models) < len(DataView().notable_models())
    p = chapters.as_params("innovation", {"as_of": "2024-06-30", "organizations_path": "/tmp/x.csv"})
    assert DataView.of(p, chapters.CHAPTERS["innovation"].replaces) == DataView(
        "2024-06-30", {"epoch_notable": "", "organizations": "/tmp/x.csv", "company_outcomes": ""})


def test_a_result_is_the_same_from_the_cache_this_process_and_its_readers(real):
    fresh = chapters.measure("compute", cache=False)
    assert chapters.measure("compute") is chapters.measure("compute")  # asked twice in a process: computed once
    rec = lambda m: {k: to_record(v) for k, v in m.items()}  # noqa: E731
    assert rec(chapters.stored_measures(fresh)) == rec(real["compute"])
    ups = chapters.upstream_measures("capital")
    assert rec(ups["open-models"]) == rec(real["open-models"])  # what capital's claims read is open-models' own
    other = chapters.measure("compute", {"start_date": "2015-01-01"}, cache=False)
    assert other.params.start_date == "2015-01-01" and other.measures["compute_growth"].n < fresh.measures[
        "compute_growth"].n


def test_thin_data_gives_not_enough_data_measures_and_no_exception(tmp_path):
    from middleclass.data import sources

    tiny = tmp_path / "tiny.csv"
    pd.read_csv(sources.get_source("epoch_notable").location(), dtype=str, keep_default_na=False,
                nrows=4).to_csv(tiny, index=False)
    result = chapters.measure("compute", {"notable_path": str(tiny)}, cache=False)
    assert result.thin and result.thin[0][0] == "the growth of compute and cost"
    cost = claims.judge(claims.BY_ID["cost"], {"compute": chapters.stored_measures(result)})
    assert cost.verdict == claims.UNTESTABLE and "not enough data" in cost.reason


def test_the_build_side_does_not_make_chapters_stale(tmp_path, monkeypatch):
    """A change under ``middleclass/book/`` (no kernel imports it) changes the book's digest but
    not the one chapters and the history are keyed by; a change anywhere else changes both."""
    import shutil

    from middleclass import paths

    lib = tmp_path / "middleclass"
    shutil.copytree(paths.LIBRARY_DIR, lib, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(paths, "LIBRARY_DIR", lib)
    kernel, whole = chapters.library_digest(book_side=False), chapters.library_digest()
    (lib / "book" / "site.py").write_text((lib / "book" / "site.py").read_text() + "\n# changed\n")
    assert chapters.library_digest(book_side=False) == kernel and chapters.library_digest() != whole
    (lib / "analysis" / "trends.py").write_text((lib / "analysis" / "trends.py").read_text() + "\n# changed\n")
    assert chapters.library_digest(book_side=False) != kernel
