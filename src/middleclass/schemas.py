"""One pandera schema per source, on the raw column names the book uses.

Columns are read as text and coerced here, so that a bad value is reported with its row
instead of silently turning a column into ``object``. Units: FLOP, 2023 USD, USD, counts.
"""

from __future__ import annotations

import pandera.pandas as pa

_nonneg = pa.Check.ge(0)


def _float(**kw) -> pa.Column:
    """A nullable non-negative float column (FLOP, USD, counts)."""
    return pa.Column(float, _nonneg, nullable=True, coerce=True, **kw)


def _text(nullable: bool = True) -> pa.Column:
    return pa.Column(str, nullable=nullable, coerce=False)


def _date(nullable: bool = True) -> pa.Column:
    return pa.Column(pa.DateTime, nullable=nullable, coerce=True)


NOTABLE_MODELS = pa.DataFrameSchema(
    {
        "Model": _text(nullable=False),
        "Organization": _text(),
        "Publication date": _date(),
        "Domain": _text(),
        "Parameters": _float(),
        "Training compute (FLOP)": _float(),
        "Training compute cost (2023 USD)": _float(),
        "Organization categorization": _text(),
        "Country (of organization)": _text(),
        "Notability criteria": _text(),
        "Citations": _float(),
        "Model accessibility": _text(),
        "Open model weights?": _text(),
        "Frontier model": _text(),
    },
    name="epoch_notable",
    strict=False,
)

GPU_CLUSTERS = pa.DataFrameSchema(
    {
        "Name": _text(nullable=False),
        "Owner": _text(),
        "Status": _text(nullable=False),
        "Certainty": _text(),
        "First Operational Date": _date(),
        "Hardware Cost": _float(),
        "H100 equivalents": _float(),
        "Sector": _text(),
        "Country": _text(),
        "Include in Standard Analysis": _text(),
    },
    name="epoch_gpu_clusters",
    strict=False,
)

SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "epoch_notable": NOTABLE_MODELS,
    "epoch_gpu_clusters": GPU_CLUSTERS,
}
