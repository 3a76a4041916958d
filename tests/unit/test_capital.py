"""Chapter 3 helpers on a small synthetic deal file with hand-computed answers, the author-file
schema error."""

import numpy as np
import pandas as pd
import pytest

from middleclass.analysis import concentration
from middleclass.analysis import capital
from middleclass.data import funding
from middleclass.errors import DataError

DEALS = """company,date,amount_usd,round_type,is_ai
A,2022-01-10,50000000,Series B,True
A,2022-06-01,150000000,Series C,True
B,2022-03-01,20000000,Series A,True
C,2022-05-01,5000000,Seed,True
D,2022-07-01,,Seed,True
E,2022-08-01,80000000,Series B,False
A,2023-02-01,1000000000,Series D,True
B,2023-04-01,60000000,Series B,True
"""


@pytest.fixture
def deals(tmp_path):
    path = tmp_path / "deals.csv"
    path.write_text(DEALS)
    return funding.load_author_rounds(path)


def test_author_file_loads_with_types(deals):
    assert len(deals) == 8 and deals["is_ai"].sum() == 7
    assert deals["year"].tolist()[:2] == [2022, 2022] and np.isnan(deals["amount_usd"].iloc[4])


def test_band_counts_by_hand(deals):
    band = capital.band_by_year(deals, 1e7, 1e8).set_index("year")
    # 2022, AI with amounts: A 50M, A 150M, B 20M, C 5M -> in [10M, 100M): 50M, 20M
    assert band.loc[2022, "rounds"] == 4 and band.loc[2022, "band_rounds"] == 2 and band.loc[2022, "band_share"] == 0.5
    # 2023: A 1B, B 60M -> 1 of 2
    assert band.loc[2023, "band_rounds"] == 1 and band.loc[2023, "band_share"] == 0.5


def test_concentration_by_hand(deals):
    conc = capital.concentration_by_year(deals).set_index("year")
    # 2022 money by company: A 200M, B 20M, C 5M (total 225M)
    shares = np.array([200, 20, 5]) / 225
    assert conc.loc[2022, "hhi"] == pytest.approx((shares ** 2).sum())
    assert conc.loc[2022, "top_company_share"] == pytest.approx(200 / 225)
    assert conc.loc[2022, "companies"] == 3
    # Gini of (5, 20, 200): sum|xi-xj| / (2 n^2 mean) = (15 + 195 + 180) * 2 / (2 * 9 * 75)
    assert conc.loc[2022, "gini"] == pytest.approx(780 / 1350)
    assert concentration.hhi([1, 1, 1, 1]) == pytest.approx(0.25) and concentration.gini([3, 3, 3]) == pytest.approx(0)


def test_top_k_share_by_hand():
    mega = pd.DataFrame({"company": ["X", "Y", "X", "Z"], "year": [2024, 2024, 2024, 2023],
                         "amount_usd": [6e9, 2e9, 4e9, 1e9]})
    total = pd.Series({2023: 10e9, 2024: 40e9})
    out = capital.top_k_share(mega, total, 1).set_index("year")
    assert out.loc[2024, "companies"] == "X" and out.loc[2024, "share"] == pytest.approx(10e9 / 40e9)
    assert out.loc[2023, "share"] == pytest.approx(0.1)
    assert capital.top_k_share(mega, total, 2).set_index("year").loc[2024, "share"] == pytest.approx(0.3)


def test_bad_author_file_names_missing_columns(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("company,date,amount\nA,2024-01-01,5\n")
    with pytest.raises(DataError) as exc:
        funding.load_author_rounds(path)
    assert "missing column(s) 'amount_usd', 'round_type', 'is_ai'" in str(exc.value)
    path.write_text("company,date,amount_usd,round_type,is_ai\nA,2024-13-01,5,Seed,maybe\n")
    with pytest.raises(DataError) as exc:
        funding.load_author_rounds(path)
    assert "unparseable date" in str(exc.value) and "+1 more problem" in str(exc.value)


def test_parse_money():
    assert funding.parse_money("$2.1M") == pytest.approx(2.1e6) and funding.parse_money("$500K") == 5e5
    assert funding.parse_money("$110.0B") == 1.1e11 and np.isnan(funding.parse_money("Undisclosed"))
    with pytest.raises(ValueError):
        funding.parse_money("two million")


def test_size_band_table_by_hand():
    bands = pd.DataFrame({
        "year": [2020, 2023, 2023, 2023, 2023, 2023, 2023, 2023],
        "band": ["500m_plus", "over_1b", "500m_1b", "100m_500m", "50m_100m", "under_50m", "undisclosed", "total"],
        "events": [4, 2, 3, 10, 20, 60, 5, 100],
    })
    t = capital.size_band_table(bands).set_index("year")
    assert t.loc[2020, "500m_plus"] == 4  # given
    assert t.loc[2023, "500m_plus"] == 5  # derived 2 + 3
    assert t.loc[2023, "disclosed"] == 95
    assert t.loc[2023, "in_band"] == 30  # $50-500M: the two bands between
    assert t.loc[2023, "in_band_share"] == pytest.approx(30 / 95)
    assert pd.isna(t.loc[2020, "in_band"])


def test_mega_round_coverage_by_hand():
    bands = pd.DataFrame({"year": [2023, 2024], "band": ["over_1b", "over_1b"], "events": [4, 10]})
    mega = pd.DataFrame({"year": [2023, 2024, 2024, 2024, 2025], "company": list("abcde")})
    cov = capital.mega_round_coverage(mega, bands).set_index("year")
    assert cov.loc[2023, "curated_rounds"] == 1 and cov.loc[2023, "coverage"] == pytest.approx(0.25)
    assert cov.loc[2024, "coverage"] == pytest.approx(0.3)
    assert 2025 not in cov.index
