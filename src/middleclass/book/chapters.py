"""The chapter registry: ids used by the CLI, notebook files, and the data each chapter reads.

``sources`` maps a chapter's path parameter (an author may point it at their own file; empty
means the pinned source) to the manifest id it replaces.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ParameterError
from ..paths import PROJECT_ROOT


@dataclass(frozen=True)
class Chapter:
    id: str
    file: str  # MyST text notebook, relative to the project root
    title: str
    sources: dict[str, str] = field(default_factory=dict)  # path parameter -> source id
    depends_on: tuple[str, ...] = ()  # chapters whose executed notebooks this one reads
    author_files: dict[str, str] = field(default_factory=dict)  # path parameter -> schema of an author-only file
    #: parameter -> (chapter, its parameter): the value is the one that chapter ran with (the
    #: measures read from it were computed with it); another value is refused
    inherits: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: path parameter -> optional columns of that source the chapter uses (checked before a run)
    needs: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return PROJECT_ROOT / self.file

    @property
    def stem(self) -> str:
        return Path(self.file).stem


CHAPTERS: dict[str, Chapter] = {
    c.id: c
    for c in [
        Chapter(
            id="compute",
            file="chapters/01_compute.md",
            title="Compute barriers",
            sources={"notable_path": "epoch_notable", "clusters_path": "epoch_gpu_clusters"},
        ),
        Chapter(
            id="open-models",
            file="chapters/02_open_models.md",
            title="Open-source erosion",
            sources={"arena_path": "arena_snapshots", "eci_path": "epoch_eci", "benchmarks_path": "epoch_benchmarks_long",
                     "notable_path": "epoch_notable", "prices_path": "litellm_prices"},
        ),
        Chapter(
            id="capital",
            file="chapters/03_capital.md",
            title="Capital concentration",
            sources={"investment_path": "owid_ai_private_investment", "genai_path": "owid_genai_investment",
                     "newly_funded_path": "owid_newly_funded", "oecd_path": "oecd_vc_transcribed",
                     "tech_fundings_path": "tech_fundings", "latestrounds_path": "latestrounds_rounds",
                     "layoffs_path": "layoffs_fyi", "yc_path": "yc_ai_companies"},
            author_files={"rounds_path": "author_rounds"},
            depends_on=("open-models",),  # the small-teams claim reads the price of capability
        ),
        Chapter(
            id="innovation",
            file="chapters/04_innovation.md",
            title="Innovation costs",
            sources={"notable_path": "epoch_notable"},
            author_files={"organizations_path": "organizations", "outcomes_path": "company_outcomes"},
            needs={"notable_path": ("Frontier model",)},
        ),
        Chapter(
            id="outlook",
            file="chapters/05_outlook.md",
            title="Outlook",
            sources={"eci_path": "epoch_eci"},
            depends_on=("compute", "open-models", "capital", "innovation"),
            inherits={"start_date": ("compute", "start_date"), "frontier_top_n": ("compute", "frontier_top_n"),
                      "notable_path": ("compute", "notable_path"), "arena_start_date": ("open-models", "start_date"),
                      "capability_threshold": ("open-models", "capability_threshold"),
                      "arena_path": ("open-models", "arena_path"), "prices_path": ("open-models", "prices_path")},
        ),
        Chapter(
            id="replication",
            file="chapters/06_replication.md",
            title="Replication",
            sources={"notable_path": "epoch_notable", "arena_path": "arena_snapshots",
                     "investment_path": "owid_ai_private_investment"},
        ),
    ]
}


def get_chapter(chapter_id: str) -> Chapter:
    if chapter_id not in CHAPTERS:
        raise ParameterError(f"unknown chapter '{chapter_id}' (chapters: {', '.join(CHAPTERS)})")
    return CHAPTERS[chapter_id]
