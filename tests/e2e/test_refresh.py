"""`data status`, `data fetch` (against a local HTTP server), `data diff`, `compare`, and the
CSV behind every chart in the built book."""

from __future__ import annotations

import csv
import http.server
import re
import shutil
import threading

import pandas as pd

from browser import serve
from middleclass import paths
from middleclass.book import chartdata
from middleclass.data import sources


def small_notable(path, rows=40, drop=None):
    src = sources.get_source("epoch_notable").location()
    df = pd.read_csv(src, dtype=str, keep_default_na=False, nrows=rows)
    if drop:
        df = df.drop(columns=drop)
    df.to_csv(path, index=False, quoting=csv.QUOTE_MINIMAL)
    return path


def test_status_real_data_all_ok(cli):
    proc = cli("data", "status")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert lines[0].split()[:5] == ["source", "path", "pinned", "actual", "state"]
    assert len(lines) == 1 + len(sources.manifest())
    notable = next(line for line in lines if line.startswith("epoch_notable"))
    assert " ok " in notable and "1036" in notable and "2026-07-15" in notable


def test_status_flags_missing_and_changed(cli, data_copy):
    (data_copy / "epoch" / "gpu_clusters.csv").unlink()
    target = data_copy / "epoch" / "notable_ai_models.csv"
    target.write_bytes(target.read_bytes() + b"\n")
    proc = cli("data", "status", env={"MIDDLECLASS_DATA_DIR": str(data_copy)})
    assert proc.returncode == 1
    assert re.search(r"^epoch_gpu_clusters .* MISSING", proc.stdout, re.M)
    assert re.search(r"^epoch_notable .* CHANGED", proc.stdout, re.M)
    assert "2 source(s) missing or changed: epoch_notable, epoch_gpu_clusters" in proc.stderr


def test_fetch_into_folder_validates_and_records_hash(cli, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    small_notable(site / "notable.csv")
    with serve(site) as base:
        proc = cli("data", "fetch", "epoch_notable", "--url", f"{base}/notable.csv", "--into", tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    got = tmp_path / "out" / "notable_ai_models.csv"
    assert got.read_bytes() == (site / "notable.csv").read_bytes()
    assert f"(40 rows, sha256 {sources.sha256_file(got)})" in proc.stdout


def test_fetch_replaces_and_pins_only_after_validation(cli, data_copy, tmp_path):
    manifest = tmp_path / "sources.yml"
    shutil.copy(paths.MANIFEST_PATH, manifest)
    env = {"MIDDLECLASS_DATA_DIR": str(data_copy), "MIDDLECLASS_MANIFEST": str(manifest)}
    target = data_copy / "epoch" / "notable_ai_models.csv"
    original = target.read_bytes()
    site = tmp_path / "site"
    site.mkdir()
    small_notable(site / "bad.csv", drop=["Publication date"])
    (site / "page.html").write_text("<html><body>Not a CSV</body></html>")
    small_notable(site / "good.csv")
    with serve(site) as base:
        bad = cli("data", "fetch", "epoch_notable", "--url", f"{base}/bad.csv", env=env)
        html = cli("data", "fetch", "epoch_notable", "--url", f"{base}/page.html", env=env)
        missing = cli("data", "fetch", "epoch_notable", "--url", f"{base}/nothing.csv", "--retries", "3", env=env)
        assert target.read_bytes() == original
        good = cli("data", "fetch", "epoch_notable", "--url", f"{base}/good.csv", "--pin", env=env)
    assert bad.returncode == 1
    assert "missing column(s) 'Publication date'" in bad.stderr and "the existing notable_ai_models.csv was left in place" in bad.stderr
    assert html.returncode == 1 and "left in place" in html.stderr
    assert missing.returncode == 1 and "HTTP 404" in missing.stderr and "retrying" not in missing.stdout
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".download")]
    assert good.returncode == 0, good.stderr
    digest = sources.sha256_file(target)
    assert target.read_bytes() == (site / "good.csv").read_bytes()
    assert f"sha256: {digest}" in manifest.read_text()
    assert manifest.read_text().count("sha256: ") == len(sources.manifest())  # other pins untouched
    assert "# Every input file the book reads." in manifest.read_text()  # comments kept
    status = cli("data", "status", env=env)
    assert re.search(r"^epoch_notable .* ok .* 40 ", status.stdout, re.M)


class _Flaky(http.server.BaseHTTPRequestHandler):
    """Drops the connection without answering."""

    calls = 0

    def do_GET(self):  # noqa: N802
        type(self).calls += 1
        self.connection.close()

    def log_message(self, *args):
        pass


def test_fetch_retries_a_dropped_connection_then_fails_cleanly(cli, tmp_path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Flaky)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        proc = cli("data", "fetch", "epoch_notable", "--url", f"http://127.0.0.1:{server.server_address[1]}/x.csv",
                   "--into", tmp_path, "--retries", "2", "--timeout", "5")
    finally:
        server.shutdown()
        server.server_close()
    assert proc.returncode == 1
    assert "failed after 2 attempt(s)" in proc.stderr and "retrying in 1 s" in proc.stdout
    assert _Flaky.calls == 2
    assert list(tmp_path.iterdir()) == []


def test_diff_against_pinned(cli, tmp_path):
    src = sources.get_source("epoch_notable").location()
    df = pd.read_csv(src, dtype=str, keep_default_na=False)
    new = pd.concat([df.iloc[3:], df.iloc[[0]].assign(Model="Brand-new model", **{"Publication date": "2026-11-01"})])
    new["Extra column"] = "x"
    new = new.drop(columns=["Epochs"])
    new.to_csv(tmp_path / "new.csv", index=False)
    proc = cli("data", "diff", "epoch_notable", tmp_path / "new.csv")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "epoch_notable: 1036 -> 1034 rows; by key (Model): 1 added, 3 removed" in out
    assert "-> 1950-07-02 .. 2026-11-01  (new latest date)" in out
    assert "columns added: Extra column; dropped: Epochs" in out
    assert "e.g. added: Brand-new model" in out


def test_compare_two_executed_notebooks(cli, book, tmp_path):
    other = tmp_path / "other.ipynb"
    assert cli("run", "compute", "-p", "frontier_top_n", "5", "--output", other, env=book["env"]).returncode == 0
    proc = cli("compare", book["build"] / "executed" / "01_compute.ipynb", other)
    assert proc.returncode == 0, proc.stderr
    assert "Parameters that differ: frontier_top_n: 10 -> 5" in proc.stdout
    raw = cli("compare", book["build"] / "executed" / "01_compute.ipynb", other, "--raw").stdout
    row = next(line for line in raw.splitlines() if line.startswith("| frontier_models_n |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert float(cells[1]) > float(cells[2]) and cells[3].startswith("-")
    same = next(line for line in raw.splitlines() if line.startswith("| models_with_compute_n |"))
    assert same.split("|")[4].strip() == "0"
    assert "Verdicts that differ" not in proc.stdout or "few-firms" in proc.stdout
    # by default: labels a reader knows and values rounded as in the prose, never 16 digits
    assert "| frontier_models_n |" not in proc.stdout and "growth factor per year" in proc.stdout
    assert not re.search(r"\d\.\d{7,}", proc.stdout)


def test_every_chart_links_its_csv(book):
    html = book["build"] / "html"
    for page in sorted((html / "chapters").glob("*.html")):
        text = page.read_text()
        charts = chartdata.charts_in_html(text.replace("&quot;", '"'))
        ids = re.findall(r'<div id="(mc-chart-[^"]+)" class="mc-chart"', text)
        links = re.findall(r'<a href="\.\./chart-data/([^"]+\.csv)" download>', text)
        assert links == [chartdata.csv_name(i) for i in ids] and (ids or page.name == "06_replication.html"), page.name
        stem = page.stem.split("_", 1)[1].replace("_", "-")  # 01_compute -> compute, 02_open_models -> open-models
        assert all(name.startswith(f"{stem}--") for name in links), (page.name, links)  # readable names
        for name in links:
            path = html / "chart-data" / name
            assert path.read_text().startswith("# ") and "CC BY 4.0" in path.read_text().splitlines()[0]
            data = pd.read_csv(path, comment="#")
            assert len(data) > 0 and len(data.columns) >= 2, name
        for chart_id, spec in charts:
            expected = chartdata.plotted_data(spec)
            got = pd.read_csv(html / "chart-data" / chartdata.csv_name(chart_id), comment="#")
            assert len(got) == len(expected) and list(got.columns) == list(expected.columns)
