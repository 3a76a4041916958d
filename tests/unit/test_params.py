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


@pytest.mark.parametrize(
    "chapter, given",
    [
        ("open-models", {"end_date": "2024-01-31"}),  # price_start_date 2025-02-01 falls after the window
        ("open-models", {"start_date": "2025-06-01"}),  # ... or before it
        ("compute", {"start_date": "2023-01-01"}),  # break_date 2022-11-30 before the window
        ("compute", {"end_date": "2022-06-30"}),  # ... after it
        ("outlook", {"end_date": "2024-06-30"}),  # window_break_date 2025-01-01 after end_date
        ("innovation", {"start_year": "2021"}),  # recent_start_year 2020 before start_year
        ("innovation", {"end_year": "2019"}),  # ... after end_year
        ("outlook", {"horizon_year": "2025"}),  # override_from_year 2026 after the horizon
        ("open-models", {"end_date": "2023-03-31"}),  # the default start_date 2023-05-01 after it: an empty window
    ],
)
def test_a_default_outside_the_users_window_is_not_an_error(chapter, given):
    """Changing only the window is accepted: the dependent value stays at its default (the
    section that needs it says "not enough data", or the analysis clips it to the window)."""
    values, defaults = plan.resolve(chapter, given, state={})
    for name, value in given.items():
        assert str(values[name]) == value
    dependent = {"break_date", "price_start_date", "window_break_date", "recent_start_year", "override_from_year"}
    assert {k: values[k] for k in dependent & set(values)} == {k: defaults[k] for k in dependent & set(values)}


@pytest.mark.parametrize(
    "chapter, given, words",
    [
        ("open-models", {"end_date": "2024-01-31", "price_start_date": "2025-02-01"},
         "parameter 'price_start_date' must lie inside the window, from start_date 2023-05-01 to before end_date "
         "2024-01-31, got '2025-02-01'"),
        ("compute", {"start_date": "2023-01-01", "break_date": "2022-11-30"},
         "parameter 'break_date' must lie inside the window, from start_date 2023-01-01"),
        ("compute", {"break_date": "2030-01-01"}, "parameter 'break_date' must lie inside the window"),  # vs a default end
        ("outlook", {"end_date": "2024-06-30", "window_break_date": "2025-01-01"},
         "parameter 'window_break_date' must lie before end_date 2024-06-30, got '2025-01-01'"),
        ("outlook", {"window_break_date": "2023-01-01"}, "must not be before 2023-07-01"),  # a fixed bound: always
        ("innovation", {"end_year": "2019", "recent_start_year": "2020"},
         "parameter 'recent_start_year' must lie from start_year 2015 to before end_year 2019, got 2020"),
        ("outlook", {"horizon_year": "2025", "override_from_year": "2026"},
         "parameter 'override_from_year' must lie in or before horizon_year 2025, got 2026"),
    ],
)
def test_an_explicit_value_that_contradicts_another_is_refused(chapter, given, words):
    with pytest.raises(ParameterError) as exc:
        plan.resolve(chapter, given, state={})
    assert f"chapter '{chapter}'" in str(exc.value) and words in str(exc.value)


def test_a_value_kept_from_an_earlier_run_counts_as_explicit(build_dir):
    """A dependent value set by an earlier `-p` (kept in the parameters file) is the user's: a
    later window that leaves it outside is refused, in `run` and in `build -p`, and nothing is
    written."""
    state = plan.set_parameters({}, "open-models", {"price_start_date": "2025-03-01"})
    plan.write_state(state)
    before = plan.state_path().read_text()
    with pytest.raises(ParameterError, match="parameter 'price_start_date' must lie inside the window"):
        plan.set_parameters(plan.read_state(), "open-models", {"end_date": "2024-01-31"})
    with pytest.raises(ParameterError, match="chapter 'open-models': parameter 'price_start_date'"):
        plan.set_for_build(plan.read_state(), {"end_date": "2024-01-31"})
    assert plan.state_path().read_text() == before
    state = plan.set_for_build({}, {"end_date": "2024-01-31"})  # from the defaults: accepted everywhere it is declared
    assert {cid for cid, v in state.items() if v.get("end_date") == "2024-01-31"} == {"compute", "open-models", "outlook"}


def test_an_echoed_value_is_shortened():
    """A 120 KB value is not echoed whole: its first characters and its length."""
    from middleclass.book.params import SHOWN_CHARS, shown

    assert shown("2024-01-31") == "'2024-01-31'"
    long = "x" * 120_000
    assert shown(long) == repr(long)[:SHOWN_CHARS] + "… (120,002 characters)"
    for given in ({"frontier_top_n": long}, {"start_date": long}, {"notable_path": long}, {long: "1"}):
        with pytest.raises(ParameterError) as exc:
            resolve(**given)
        assert len(str(exc.value)) < 400 and "(120,0" in str(exc.value)
