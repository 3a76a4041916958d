"""Loaders: the real files load cleanly; each kind of bad file gives a one-line DataError
naming the file, the column and example rows."""

import csv

import pandas as pd
import pytest

from middleclass.data import epoch as load
from middleclass.data import sources, validate
from middleclass.data.schemas import SCHEMAS
from middleclass.errors import DataError


def test_manifest_columns_match_schemas_and_real_hashes(real_data_root):
    manifest = sources.manifest()
    for sid, schema in SCHEMAS.items():
        assert list(manifest[sid].columns) == list(schema.columns), sid
        assert sources.sha256_file(real_data_root / manifest[sid].path) == manifest[sid].sha256


def test_notable_models_tidy_frame():
    df = load.load_notable_models()
    assert len(df) == 1031 and df.attrs["dropped_undated"] == 5
    assert str(df["publication_date"].dtype).startswith("datetime64")
    assert df["compute_flop"].dtype == float and df["cost_usd_2023"].dtype == float
    assert df["cost_usd_2023"].notna().sum() == 179
    assert df["frontier_flag"].sum() == 123
    multi = df[df["organizations"].map(len) > 1]
    assert len(multi) > 100 and (multi["sector"] != "Unknown").all()


def test_gpu_clusters_filtered_as_epoch_does():
    df = load.load_gpu_clusters()
    assert len(df) == 482
    assert df["hardware_cost_usd"].max() == pytest.approx(7.12e9, rel=1e-3)


def small_author_file(tmp_path, mutate=None, drop=None, name="notable.csv"):
    """First 30 rows of the real notable file (all columns), optionally mutated."""
    src = sources.get_source("epoch_notable").location()
    df = pd.read_csv(src, dtype=str, keep_default_na=False, nrows=30)
    if mutate:
        mutate(df)
    if drop:
        df = df.drop(columns=drop)
    path = tmp_path / name
    df.to_csv(path, index=False, quoting=csv.QUOTE_MINIMAL)
    return path


def one_line(exc) -> str:
    msg = str(exc.value)
    assert "\n" not in msg and "Traceback" not in msg
    return msg


def test_author_file_is_hashed_and_recorded(tmp_path):
    path = small_author_file(tmp_path)
    validate.READS.clear()
    df = load.load_notable_models(path)
    assert len(df) == 30
    read = validate.READS[-1]
    assert read["pinned"] is False and read["sha256"] == sources.sha256_file(path) and read["rows"] == 30


def test_missing_file(tmp_path, monkeypatch):
    monkeypatch.setenv("MIDDLECLASS_DATA_DIR", str(tmp_path))
    with pytest.raises(DataError) as exc:
        load.load_notable_models()
    msg = one_line(exc)
    assert "epoch/notable_ai_models.csv: file not found" in msg and "MIDDLECLASS_DATA_DIR" in msg


def test_wrong_hash(data_copy, monkeypatch):
    target = data_copy / "epoch" / "notable_ai_models.csv"
    target.write_bytes(target.read_bytes().replace(b"Anthropic", b"Anthropix", 1))
    monkeypatch.setenv("MIDDLECLASS_DATA_DIR", str(data_copy))
    with pytest.raises(DataError) as exc:
        load.load_notable_models()
    msg = one_line(exc)
    assert msg.startswith("epoch/notable_ai_models.csv: sha256 mismatch")


def test_empty_file(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("")
    with pytest.raises(DataError) as exc:
        load.load_notable_models(path)
    assert "empty.csv: empty file" in one_line(exc)
    header_only = tmp_path / "header.csv"
    header_only.write_text(",".join(f'"{c}"' for c in sources.get_source("epoch_notable").columns) + "\n")
    with pytest.raises(DataError) as exc:
        load.load_notable_models(header_only)
    assert "header only" in one_line(exc)


def test_missing_column(tmp_path):
    path = small_author_file(tmp_path, drop=["Training compute (FLOP)", "Citations"])
    with pytest.raises(DataError) as exc:
        load.load_notable_models(path)
    msg = one_line(exc)
    assert "notable.csv: missing column(s) 'Training compute (FLOP)', 'Citations'" in msg


def test_unparseable_date(tmp_path):
    def bad(df):
        df.loc[3, "Publication date"] = "sometime in 2024"
        df.loc[7, "Publication date"] = "2024-13-45"

    path = small_author_file(tmp_path, mutate=bad)
    with pytest.raises(DataError) as exc:
        load.load_notable_models(path)
    msg = one_line(exc)
    assert "column 'Publication date': unparseable date in 2 row(s)" in msg
    assert "row 4 'sometime in 2024'" in msg and "row 8 '2024-13-45'" in msg


def test_non_numeric_value(tmp_path):
    def bad(df):
        df.loc[1, "Training compute (FLOP)"] = "about 1e24"

    path = small_author_file(tmp_path, mutate=bad)
    with pytest.raises(DataError) as exc:
        load.load_notable_models(path)
    msg = one_line(exc)
    assert msg.endswith("column 'Training compute (FLOP)': non-numeric value in 1 row(s), e.g. row 2 'about 1e24'")


def test_negative_value_and_several_problems(tmp_path):
    def bad(df):
        df.loc[0, "Training compute cost (2023 USD)"] = "-5"
        df.loc[2, "Model"] = ""

    path = small_author_file(tmp_path, mutate=bad)
    with pytest.raises(DataError) as exc:
        load.load_notable_models(path)
    msg = one_line(exc)
    assert "(+1 more problem(s))" in msg
    assert "missing value" in msg or "negative value" in msg


def test_one_ambiguous_date_among_iso_dates_is_named(tmp_path):
    """Issue 28, class 7: pandera reads a date column in its first value's format; one other
    value used to fail the column "in 0 row(s)" without naming it."""
    def bad(df):
        df.loc[5, "Publication date"] = "05/03/2024"

    path = small_author_file(tmp_path, mutate=bad)
    with pytest.raises(DataError) as exc:
        load.load_notable_models(path)
    msg = one_line(exc)
    assert "column 'Publication date'" in msg and "in 1 row(s)" in msg and "row 6 '05/03/2024'" in msg


def test_a_written_month_among_iso_dates_is_accepted(tmp_path):
    """A written month ('Apr 14, 2024') is documented as accepted: also when other rows are ISO."""
    def mixed(df):
        df.loc[2, "Publication date"] = "Apr 14, 2024"

    path = small_author_file(tmp_path, mutate=mixed)
    models = load.load_notable_models(path)
    assert (models["publication_date"] == pd.Timestamp("2024-04-14")).sum() >= 1
