"""Chapter 1 measures on synthetic inputs with known answers."""

import numpy as np
import pandas as pd

from middleclass.analysis import compute, trends


def test_sensitivity_table_shape_and_known_growth():
    rng = np.random.default_rng(0)
    dates = pd.to_datetime("2012-01-01") + pd.to_timedelta(np.sort(rng.uniform(0, 12 * 365, 300)), unit="D")
    x = trends.decimal_year(pd.Series(dates))
    models = pd.DataFrame({
        "model": [f"m{i}" for i in range(300)], "publication_date": dates, "decimal_year": x,
        "compute_flop": 10 ** (20 + 0.6 * (x - 2012) + rng.normal(0, 0.3, 300)),
        "cost_usd_2023": 10 ** (4 + 0.5 * (x - 2012) + rng.normal(0, 0.2, 300)),
    })
    sens = compute.sensitivity_table(models, "2024-12-31", ["2012-01-01", "2016-01-01"], [5, 10], 0.9)
    assert len(sens) == 4 and set(sens["frontier_top_n"]) == {5, 10}
    assert np.allclose(sens["compute_all_factor"], 10 ** 0.6, rtol=0.1)
    assert (sens["compute_all_ci_low"] < sens["compute_all_factor"]).all()
    assert (sens.loc[sens["start_date"] == "2016-01-01", "compute_all_n"] < 300).all()
