"""Parameters: checked before execution (one line naming the chapter, parameter and valid
names), kept in one file (``_build/parameters.json``), inherited from the chapters a chapter
reads, and the same names and defaults in each notebook's ``parameters`` cell as in the library."""

import json

import pytest

from middleclass import chapters, paths
from middleclass.book import execute, plan
from middleclass.book.params import parameter_specs
from middleclass.errors import ParameterError


@pytest.fixture
def build_dir(tmp_path, monkeypatch):
    """An empty build folder: no parameters set."""
    monkeypatch.setattr(paths, "BUILD_DIR", tmp_path / "_build")
    return tmp_path / "_build"


def resolve(**given):
    return plan.resolve("compute", given, state={})


def test_defaults_and_types():
    values, defaults = resolve(start_date="2015-01-01", frontier_top_n="5", confidence="0.95")
    assert values["start_date"] == "2015-01-01" and values["frontier_top_n"] == 5 and values["confidence"] == 0.95
    assert defaults["frontier_top_n"] == 10 and defaults["end_date"] == "2026-12-31"


@pytest.mark.parametrize(
    "given, words",
    [
        ({"start": "2015"}, "has no parameter 'start'; valid parameters: start_date (str), end_date (str), frontier_top_n (int)"),
        ({"frontier_top_n": "ten"}, "parameter 'frontier_top_n' expects int (default 10), got 'ten'"),
        ({"frontier_top_n": "2.5"}, "expects int"),
        ({"confidence": "high"}, "parameter 'confidence' expects float"),
        ({"confidence": "1.5"}, "must be strictly between 0 and 1"),
        ({"frontier_top_n": "0"}, "must be at least 1"),
        ({"start_date": "2015/01/01"}, "must be an ISO date YYYY-MM-DD"),
        ({"start_date": "2015-02-30"}, "is not a valid date"),
        ({"start_date": "2027-01-01"}, "start_date 2027-01-01 must be before end_date 2026-12-31"),
        ({"notable_path": "/no/such/file.csv"}, "parameter 'notable_path': file not found"),
    ],
)
def test_bad_parameters_refused(given, words):
    with pytest.raises(ParameterError) as exc:
        resolve(**given)
    assert "chapter 'compute'" in str(exc.value)
    assert words in str(exc.value)


def test_notebook_parameter_cells_match_the_library():
    """The library's Params are the chapter's parameters; each notebook declares the same names
    and defaults (and, where it reads other chapters, their parameters in effect)."""
    for cid, chapter in chapters.CHAPTERS.items():
        cell = {name: spec.default for name, spec in parameter_specs(execute.read_source(chapter)).items()}
        expected = chapter.defaults()
        if chapter.depends_on:
            expected = {**expected, plan.UPSTREAM: {}}
        assert cell == expected, cid
        assert list(cell)[:len(chapter.defaults())] == list(chapter.defaults()), cid  # the same order
        assert all(doc for *_, doc in chapter.specs()), cid  # each says what it is


def test_the_parameters_file_is_the_state(build_dir):
    """`run -p` and `build -p` write one small file; only values that differ from the defaults are
    kept; an unknown name or a bad value is refused before anything is written."""
    state = plan.set_parameters({}, "compute", {"start_date": "2015-01-01", "frontier_top_n": "10"})
    plan.write_state(state)
    assert json.loads(plan.state_path().read_text()) == {"compute": {"start_date": "2015-01-01"}}
    assert plan.resolve("compute")[0]["start_date"] == "2015-01-01"  # read back by every run and build
    state = plan.set_for_build(plan.read_state(), {"as_of": "2024-06-30"})
    assert {cid: v.get("as_of") for cid, v in state.items()} == {cid: "2024-06-30" for cid in chapters.CHAPTERS}
    assert state["compute"]["start_date"] == "2015-01-01"  # other parameters stay
    assert plan.set_for_build(state, {}, reset=True) == {}
    with pytest.raises(ParameterError, match="unknown parameter"):
        plan.set_for_build({}, {"nosuch": "1"})
    before = plan.state_path().read_text()
    with pytest.raises(ParameterError):
        plan.set_parameters(plan.read_state(), "compute", {"confidence": "2"})
    assert plan.state_path().read_text() == before


def test_outlook_parameters_come_from_the_chapters_it_reads(build_dir):
    """The Outlook projects the compute chapter's fit: its `start_date` is the one compute runs
    with, and another value is refused with the command that changes it."""
    values, _ = plan.resolve("outlook", {"start_date": "2010-01-01"}, state={})
    assert values["start_date"] == "2010-01-01" and values["capability_threshold"] == 1250.0
    with pytest.raises(ParameterError) as exc:
        plan.resolve("outlook", {"start_date": "2015-01-01"}, state={})
    assert "comes from chapter 'compute'" in str(exc.value) and "run compute -p start_date" in str(exc.value)
    state = {"compute": {"start_date": "2015-01-01"}}
    values, defaults = plan.resolve("outlook", state=state)
    assert values["start_date"] == "2015-01-01" and defaults["start_date"] == "2010-01-01"
    upstream = plan.upstream_parameters("outlook", state)
    assert list(upstream) == ["compute", "innovation", "open-models", "capital"]
    assert upstream["compute"]["start_date"] == "2015-01-01"  # what the Outlook's notebook gets
    with pytest.raises(ParameterError, match="must use the same as_of"):
        plan.resolve("outlook", state={"outlook": {"as_of": "2024-06-30"}})
    assert plan.readers_out_of_step("compute", {"compute": {"as_of": "2024-06-30"}})


def test_cache_key_follows_parameters_upstream_and_library(build_dir):
    key = lambda state: plan.status("capital", state=state)[3]  # noqa: E731
    base = key({})
    assert key({}) == base
    assert key({"capital": {"top_k": 5}}) != base  # its own parameter
    assert key({"innovation": {"top_n": 3}}) != base  # a chapter it reads, through open-models
    assert key({"compute": {"start_date": "2015-01-01"}}) == base  # a chapter it does not read
