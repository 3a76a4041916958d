"""Parameter checks happen before execution and name the chapter, parameter and valid names."""

import pytest

from middleclass.book import execute as runner
from middleclass.chapters import get_chapter
from middleclass.errors import ParameterError


def resolve(**given):
    return runner.resolve_parameters(get_chapter("compute"), given)


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


def test_cli_refuses_before_execution(cli):
    proc = cli("run", "compute", "-p", "top_n", "5")
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: chapter 'compute' has no parameter 'top_n'; valid parameters:")
    assert "executing" not in proc.stdout
    proc = cli("run", "nosuch")
    assert proc.returncode == 2 and "unknown chapter 'nosuch' (chapters: compute" in proc.stderr


def test_data_checked_before_execution(cli, data_copy):
    target = data_copy / "epoch" / "gpu_clusters.csv"
    target.write_bytes(target.read_bytes()[:-100])
    proc = cli("run", "compute", "--output", data_copy / "x.ipynb", env={"MIDDLECLASS_DATA_DIR": str(data_copy)})
    assert proc.returncode == 1
    assert proc.stderr.strip() == proc.stderr.strip().splitlines()[0]
    assert "error: epoch/gpu_clusters.csv: sha256 mismatch" in proc.stderr
    assert not (data_copy / "x.ipynb").exists()


def test_outlook_parameters_come_from_the_chapters_it_reads(tmp_path, monkeypatch):
    """The Outlook projects the compute chapter's stored fit: its `start_date` is the one compute
    ran with, and another value is refused with the command that changes it."""
    from middleclass import paths

    monkeypatch.setattr(paths, "EXECUTED_DIR", tmp_path)  # nothing executed: the chapters' defaults
    outlook = get_chapter("outlook")
    values, _ = runner.resolve_parameters(outlook, {"start_date": "2010-01-01"})
    assert values["start_date"] == "2010-01-01" and values["capability_threshold"] == 1250.0
    with pytest.raises(ParameterError) as exc:
        runner.resolve_parameters(outlook, {"start_date": "2015-01-01"})
    assert "comes from chapter 'compute'" in str(exc.value) and "run compute -p start_date" in str(exc.value)
    monkeypatch.setattr(runner, "upstream_parameter", lambda chapter, name: "2015-01-01" if name == "start_date" else
                        runner.parameter_specs(runner.read_source(get_chapter(chapter)))[name].default)
    values, defaults = runner.resolve_parameters(outlook, {})
    assert values["start_date"] == "2015-01-01" and defaults["start_date"] == "2010-01-01"
