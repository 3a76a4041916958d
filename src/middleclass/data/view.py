"""The sources as one chapter run sees them: cut at one ``as_of`` date, with an author's file in
place of a pinned source or curated table where the chapter's parameters name one.

A chapter function makes one :class:`DataView` from its parameters and reads every source
through it, so ``as_of`` is applied once, here, and never passed by hand to a loader.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from . import curated, epoch, funding, performance


@dataclass(frozen=True)
class DataView:
    """``as_of``: ISO date ('' = all data); ``files``: source id or curated table -> an author's
    file replacing it ('' or absent = the pinned source)."""

    as_of: str = ""
    files: dict = field(default_factory=dict)

    @classmethod
    def of(cls, params, replaces: dict[str, str]) -> DataView:
        """The view a chapter's ``params`` ask for; ``replaces`` maps each path parameter to the
        source id or curated table it replaces (the chapter registry's ``sources`` and
        ``author_files``)."""
        return cls(getattr(params, "as_of", "") or "",
                   {sid: getattr(params, name, "") or "" for name, sid in replaces.items()})

    def _path(self, source_id: str) -> str | None:
        return self.files.get(source_id) or None

    @property
    def cut(self) -> str | None:
        return self.as_of or None

    # Epoch AI
    def notable_models(self, needs: tuple[str, ...] = ()) -> pd.DataFrame:
        return epoch.load_notable_models(self._path("epoch_notable"), self.cut, needs=needs)

    def gpu_clusters(self) -> pd.DataFrame:
        return epoch.load_gpu_clusters(self._path("epoch_gpu_clusters"), self.cut)

    def all_models(self) -> pd.DataFrame:
        return epoch.load_all_models(self.cut)

    def training_costs(self) -> pd.DataFrame:
        return epoch.load_training_costs()  # a fixed file of July 2025 (see its provenance)

    # performance and prices
    def arena_snapshots(self) -> pd.DataFrame:
        return performance.load_arena_snapshots(self._path("arena_snapshots"), self.cut)

    def eci(self) -> pd.DataFrame:
        return performance.load_eci(self._path("epoch_eci"), self.cut)

    def benchmarks(self) -> pd.DataFrame:
        return performance.load_benchmarks(self._path("epoch_benchmarks_long"), self.cut)

    def benchmark_hub(self) -> pd.DataFrame:
        return performance.load_benchmark_hub(self.cut)

    def litellm_prices(self) -> pd.DataFrame:
        return performance.load_litellm_prices(self._path("litellm_prices"), as_of=self.cut)

    # funding, layoffs, startups
    def ai_investment(self) -> pd.DataFrame:
        return funding.load_ai_investment(self._path("owid_ai_private_investment"), self.cut)

    def genai_investment(self) -> pd.DataFrame:
        return funding.load_genai_investment(self._path("owid_genai_investment"), self.cut)

    def newly_funded(self) -> pd.DataFrame:
        return funding.load_newly_funded(self._path("owid_newly_funded"), self.cut)

    def oecd_vc(self) -> pd.DataFrame:
        return funding.load_oecd_vc(self._path("oecd_vc_transcribed"), self.cut)

    def deals(self) -> tuple[pd.DataFrame, str]:
        """The deal-level rounds: the author's file ('author') or the two bundled samples."""
        return funding.load_deals(self.files.get("author_rounds", ""), self.files.get("tech_fundings", ""),
                                  self.files.get("latestrounds_rounds", ""), self.cut)

    def layoffs(self) -> pd.DataFrame:
        return funding.load_layoffs(self._path("layoffs_fyi"), self.cut)

    def yc_companies(self) -> pd.DataFrame:
        return funding.load_yc_companies(self._path("yc_ai_companies"), self.cut)

    # the book's curated tables
    def curated(self, table: str) -> pd.DataFrame:
        return curated.load_curated(table, self._path(table), self.cut)
