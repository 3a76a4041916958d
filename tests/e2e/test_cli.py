"""The command line before any kernel starts: bad parameters and data refused in one line, the
parameters in effect shown, and a run written elsewhere that leaves them as they were."""

import json


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


def test_params_shows_what_is_in_effect_and_where_it_comes_from(cli, tmp_path):
    env = {"MIDDLECLASS_BUILD_DIR": str(tmp_path / "_build")}
    (tmp_path / "_build").mkdir()
    (tmp_path / "_build" / "parameters.json").write_text(json.dumps({"compute": {"frontier_top_n": 5}}))
    proc = cli("params", "outlook", env=env)
    assert proc.returncode == 0, proc.stderr
    lines = {ln.split("\t")[0]: ln for ln in proc.stdout.splitlines()}
    assert "in effect: 5 (from compute)" in lines["frontier_top_n"] and "int\t10" in lines["frontier_top_n"]
    assert "in effect" not in lines["horizon_year"] and "# last year of the projections" in lines["horizon_year"]
    proc = cli("params", "compute", env=env)
    assert "(set in " in proc.stdout and "parameters.json" in proc.stdout
