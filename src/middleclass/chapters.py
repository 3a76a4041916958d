"""The chapters: for each, its parameters (a frozen dataclass, the same names and defaults as the
notebook's ``parameters`` cell), its function (``middleclass.analysis.<module>.measures``), the
data it reads and the chapters whose measures it reads; and :func:`measure`, the one way any
code runs a chapter's computation: the notebook through papermill, the verdict history, the
tests and scripts all call it, in-process.

``sources`` maps a chapter's path parameter (an author may point it at their own file; empty
means the pinned source) to the manifest id it replaces; ``author_files`` a path parameter to
the curated table or author-only schema it replaces. ``depends_on`` lists the chapters whose
measures it reads: its function (the Outlook projects the others' fits) or its claims (a
premise read in another chapter); :func:`measure` computes those first.

A chapter's result is cached on disk (joblib) under its parameters, the parameters of the
chapters it reads, the sha256 of every data file, and a digest of the library, manifest,
curated tables and requirements: a chapter computed by one kernel is read, not recomputed, by
the kernels of the chapters that read it. The cache can be removed at any time.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .errors import ParameterError
from .paths import PROJECT_ROOT


def param(default, doc: str):
    """A parameter: its default and one line saying what it is (shown by ``middleclass params``)."""
    return field(default=default, metadata={"doc": doc})


@dataclass(frozen=True)
class ComputeParams:
    """The compute chapter's parameters."""

    start_date: str = param("2010-01-01", 'first publication date in the analysis window (ISO)')
    end_date: str = param("2026-12-31", 'last publication date in the analysis window (ISO)')
    frontier_top_n: int = param(10, 'a model is "frontier" if in the top N by training compute at release')
    confidence: float = param(0.9, 'level of every confidence and prediction interval')
    as_of: str = param("", 'use only data available on this date (ISO, e.g. 2024-01-31); empty means all data')
    break_date: str = param("2022-11-30", "date tested for a change of trend (ChatGPT's release)")
    cost_threshold_usd: float = param(1e9, 'projected date when the frontier run passes this cost (2023 USD)')
    orgs_start_year: int = param(2018, 'first year of the count of organizations at the frontier')
    compute_threshold_flop: float = param(1e25, 'a fixed compute bar: organizations training a model above it, per year')
    notable_path: str = param("", 'an author file replacing Epoch notable models; empty means pinned source')
    clusters_path: str = param("", 'an author file replacing Epoch GPU clusters; empty means pinned source')


@dataclass(frozen=True)
class OpenModelsParams:
    """The open-models chapter's parameters."""

    start_date: str = param("2023-05-01", 'first snapshot and release date in the window (ISO)')
    end_date: str = param("2026-12-31", 'last snapshot and release date in the window (ISO)')
    style_control: bool = param(False, 'Arena chain: false for the default score and longest series, true for style control')
    open_includes_restricted: bool = param(True, 'count restricted and non-commercial open-weight licences as open')
    gap_threshold_pct: float = param(1.0, 'projected date when the Arena gap falls below this percent')
    include_online_elo: bool = param(False, 'keep the early online_elo Arena scores (another scale)')
    capability_threshold: float = param(1250.0, 'Arena rating a model needs for the price-of-capability series')
    price_start_date: str = param("2025-02-01", "start of the price trend (no earlier than start_date): LiteLLM's history is dense (hourly) from February 2025")
    price_min_months: int = param(2, 'a price counts when listed on at least this many monthly snapshots (drops one-month outliers)')
    share_start_year: int = param(2015, 'first year of the open-share regression on notable models')
    confidence: float = param(0.9, 'level of every confidence interval')
    as_of: str = param("", 'use only data available on this date (ISO, e.g. 2024-01-31); empty means all data')
    arena_path: str = param("", 'author file replacing the Arena snapshots; empty means pinned source')
    eci_path: str = param("", 'author file replacing the Epoch Capabilities Index; empty means pinned source')
    benchmarks_path: str = param("", 'author file replacing the Epoch benchmark scores; empty means pinned source')
    notable_path: str = param("", 'author file replacing Epoch notable models; empty means pinned source')
    prices_path: str = param("", 'author file replacing the LiteLLM price history; empty means pinned source')


@dataclass(frozen=True)
class CapitalParams:
    """The capital chapter's parameters."""

    start_year: int = param(2013, 'first year of the trend fits')
    end_year: int = param(2025, 'last year used')
    top_k: int = param(10, 'number of companies in the top-k share')
    mid_band_low_usd: float = param(50000000.0, 'lower bound of a mid-scale round in USD, inclusive (AI Index counts and deal files)')
    mid_band_high_usd: float = param(500000000.0, 'upper bound of a mid-scale round in USD, exclusive')
    rounds_path: str = param("", 'author deal file with columns company, date, amount_usd, round_type, is_ai; empty means bundled samples')
    confidence: float = param(0.9, 'level of every interval')
    as_of: str = param("", 'use only data available on this date (ISO, e.g. 2024-01-31); empty means all data')
    investment_path: str = param("", 'author file replacing the AI Index private investment series; empty means pinned source')
    genai_path: str = param("", 'author file replacing the generative AI investment series; empty means pinned source')
    newly_funded_path: str = param("", 'author file replacing newly funded AI companies; empty means pinned source')
    oecd_path: str = param("", 'author file replacing the transcribed OECD.AI VC series; empty means pinned source')
    tech_fundings_path: str = param("", 'author file replacing the Kaggle tech fundings sample; empty means pinned source')
    latestrounds_path: str = param("", 'author file replacing the Latestrounds snapshot; empty means pinned source')
    layoffs_year: int = param(2025, 'the article\'s "past year" for layoffs')
    layoffs_path: str = param("", 'author file replacing the layoffs.fyi list (same columns); empty means pinned source')
    yc_path: str = param("", 'author file replacing the YC companies with an AI tag; empty means pinned source')


@dataclass(frozen=True)
class InnovationParams:
    """The innovation chapter's parameters."""

    start_year: int = param(2015, 'first publication year used')
    end_year: int = param(2025, 'last publication year used, the latest full year')
    recent_start_year: int = param(2020, 'first year of the recent window for the article\'s "now being pushed out" (no earlier than start_year)')
    past_year: int = param(2025, 'the article\'s "over the past year" (acquisitions, pivots)')
    organizations_path: str = param("", 'another tier table with the columns of data/curated/organizations.csv; empty means the curated table')
    outcomes_path: str = param("", 'another outcomes table with the columns of data/curated/company_outcomes.csv; empty means the curated table')
    top_n: int = param(5, 'number of organizations in the top-n share')
    bootstrap_samples: int = param(1000, 'resamples for the concentration intervals')
    confidence: float = param(0.9, 'level of every interval')
    as_of: str = param("", 'use only data available on this date (ISO, e.g. 2024-01-31); empty means all data')
    notable_path: str = param("", 'author file replacing Epoch notable models; empty means pinned source')


@dataclass(frozen=True)
class OutlookParams:
    """The outlook chapter's parameters."""

    horizon_year: int = param(2030, 'last year of the projections')
    cost_growth_override: str = param("", 'growth factor per year of frontier training cost from override_from_year; empty means fitted')
    override_from_year: int = param(2026, 'first year of the cost scenario')
    start_date: str = param("2010-01-01", 'read from the compute chapter (the start of its training-cost fit)')
    frontier_top_n: int = param(10, 'read from the compute chapter (its frontier definition)')
    arena_start_date: str = param("2023-05-01", 'read from the open-models chapter (its start_date)')
    end_date: str = param("2026-12-31", 'last release date used for the capability frontier')
    capability_threshold: float = param(1250.0, 'read from the open-models chapter (Arena rating of the price series)')
    window_break_date: str = param("2025-01-01", 'date tested for a slowdown of frontier capability gains')
    confidence: float = param(0.9, 'level of every interval')
    as_of: str = param("", 'use only data available on this date (ISO, e.g. 2024-01-31); empty means all data')
    notable_path: str = param("", 'read from the compute chapter')
    arena_path: str = param("", 'read from the open-models chapter')
    eci_path: str = param("", 'author file replacing the Epoch Capabilities Index; empty means pinned source')
    prices_path: str = param("", 'read from the open-models chapter')


@dataclass(frozen=True)
class ReplicationParams:
    """The replication chapter's parameters."""

    confidence: float = param(0.9, "level of the book's intervals where the published figure states none")
    as_of: str = param("", 'use only data available on this date (ISO, e.g. 2024-01-31); empty means all data')
    notable_path: str = param("", 'author file replacing Epoch notable models; empty means pinned source')
    arena_path: str = param("", 'author file replacing the Arena snapshots; empty means pinned source')
    investment_path: str = param("", 'author file replacing the AI Index private investment series; empty means pinned source')


@dataclass(frozen=True)
class Chapter:
    id: str
    file: str  # MyST text notebook, relative to the project root
    title: str
    params: type  # the Params dataclass
    function: str  # "module:name" of its measures function, imported when first run
    sources: dict[str, str] = field(default_factory=dict)  # path parameter -> source id
    depends_on: tuple[str, ...] = ()  # chapters whose measures it reads (its function or its claims)
    author_files: dict[str, str] = field(default_factory=dict)  # path parameter -> curated table / author schema
    #: parameter -> (chapter, its parameter): the value is the one that chapter runs with (the
    #: measures read from it are computed with it); another value is refused
    inherits: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: path parameter -> optional columns of that source the chapter uses (checked before a run)
    needs: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return PROJECT_ROOT / self.file

    @property
    def stem(self) -> str:
        return Path(self.file).stem

    @property
    def replaces(self) -> dict[str, str]:
        """Every path parameter -> the source id or curated table its file replaces."""
        return {**self.sources, **self.author_files}

    def defaults(self) -> dict:
        return {f.name: f.default for f in dataclasses.fields(self.params)}

    def specs(self) -> list[tuple[str, type, object, str]]:
        """(name, type, default, what it is) of each parameter, in the notebook's order."""
        types = {"str": str, "int": int, "float": float, "bool": bool}
        return [(f.name, types[f.type] if isinstance(f.type, str) else f.type, f.default, f.metadata.get("doc", ""))
                for f in dataclasses.fields(self.params)]


CHAPTERS: dict[str, Chapter] = {
    c.id: c
    for c in [
        Chapter(
            id="compute",
            file="chapters/01_compute.md",
            title="Compute barriers",
            params=ComputeParams,
            function="middleclass.analysis.compute:measures",
            sources={"notable_path": "epoch_notable", "clusters_path": "epoch_gpu_clusters"},
        ),
        Chapter(
            id="open-models",
            file="chapters/02_open_models.md",
            title="Open-source erosion",
            params=OpenModelsParams,
            function="middleclass.analysis.openness:measures",
            sources={"arena_path": "arena_snapshots", "eci_path": "epoch_eci", "benchmarks_path": "epoch_benchmarks_long",
                     "notable_path": "epoch_notable", "prices_path": "litellm_prices"},
            depends_on=("innovation",),  # the oligopoly claim's premise: the mid tier's trend
        ),
        Chapter(
            id="capital",
            file="chapters/03_capital.md",
            title="Capital concentration",
            params=CapitalParams,
            function="middleclass.analysis.capital:measures",
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
            params=InnovationParams,
            function="middleclass.analysis.innovation:measures",
            sources={"notable_path": "epoch_notable"},
            author_files={"organizations_path": "organizations", "outcomes_path": "company_outcomes"},
            needs={"notable_path": ("Frontier model",)},
        ),
        Chapter(
            id="outlook",
            file="chapters/05_outlook.md",
            title="Outlook",
            params=OutlookParams,
            function="middleclass.analysis.outlook:measures",
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
            params=ReplicationParams,
            function="middleclass.analysis.replication:measures",
            sources={"notable_path": "epoch_notable", "arena_path": "arena_snapshots",
                     "investment_path": "owid_ai_private_investment"},
        ),
    ]
}


def get_chapter(chapter_id: str) -> Chapter:
    if chapter_id not in CHAPTERS:
        raise ParameterError(f"unknown chapter '{chapter_id}' (chapters: {', '.join(CHAPTERS)})")
    return CHAPTERS[chapter_id]


def dependency_order(chapter_ids=None) -> list[str]:
    """Chapter ids in registry order, except that a chapter comes after the chapters it reads."""
    order: list[str] = []

    def visit(cid: str) -> None:
        if cid not in order:
            for dep in CHAPTERS[cid].depends_on:
                visit(dep)
            order.append(cid)

    for cid in CHAPTERS if chapter_ids is None else chapter_ids:
        visit(cid)
    return order


def upstream_chapters(chapter_id: str) -> list[str]:
    """Every chapter whose measures ``chapter_id`` reads, directly or through another, in
    dependency order."""
    return [c for c in dependency_order(CHAPTERS[chapter_id].depends_on)]


# ----------------------------------------------------------------- running a chapter

def as_params(chapter_id: str, values=None):
    """The chapter's Params from a Params, a dict of values or a namespace (a notebook's globals:
    the names it declares are taken, the rest ignored); missing values take their defaults."""
    cls = CHAPTERS[chapter_id].params
    if isinstance(values, cls):
        return values
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: v for k, v in (values or {}).items() if k in names})


def library_digest(book_side: bool = True) -> str:
    """Digest of the library's source, the manifest, the curated tables and the requirements:
    what a chapter's results depend on besides its parameters and data files. With
    ``book_side=False`` the build side (``middleclass/book/``, which no kernel imports) is left
    out: changing how the site is built does not make a chapter or the history stale."""
    h = hashlib.sha256()
    for path in sorted(paths.LIBRARY_DIR.rglob("*.py")):
        rel = path.relative_to(paths.LIBRARY_DIR).as_posix()
        if not book_side and rel.startswith("book/"):
            continue
        h.update(rel.encode())
        h.update(path.read_bytes())
    h.update(paths.MANIFEST_PATH.read_bytes())
    for path in sorted(paths.CURATED_DIR.glob("*.csv")):  # curated tables are inputs too
        h.update(path.name.encode())
        h.update(path.read_bytes())
    if paths.REQUIREMENTS.exists():
        h.update(paths.REQUIREMENTS.read_bytes())
    return h.hexdigest()


def data_digest(chapter_id: str, values: dict) -> list[tuple[str, str]]:
    """(source id, sha256) of every file the chapter reads with these parameter values."""
    from .data import sources

    chapter = CHAPTERS[chapter_id]
    out = [(sid, sources.resolve(sid, values.get(name) or None).sha256) for name, sid in chapter.sources.items()]
    for name, table in chapter.author_files.items():
        if values.get(name):
            out.append((f"author:{table}", sources.sha256_file(Path(values[name]))))
    return sorted(out)


def measure(chapter_id: str, params=None, upstream_params: dict | None = None, robustness: bool = True,
            cache: bool = True):
    """Run one chapter's computation: :class:`~middleclass.analysis.chapter.ChapterResult` with
    its measures (a "not enough data" measure for each one a claim reads that the data could not
    give) and the parts its charts draw. ``params``: its Params, values or a namespace;
    ``upstream_params``: chapter id -> the values the chapters it reads run with (their
    defaults, with this chapter's ``as_of``, where not given); ``robustness`` false leaves out
    the checks no claim reads (the verdict history). ``cache``: read and write the disk cache."""
    import json

    p = as_params(chapter_id, params)
    upstream_params = upstream_params or {}
    values = {chapter_id: dataclasses.asdict(p)}
    for dep in upstream_chapters(chapter_id):
        values[dep] = dataclasses.asdict(as_params(dep, {"as_of": p.as_of, **upstream_params.get(dep, {})}))
    key = {"chapter": chapter_id, "robustness": robustness, "params": values[chapter_id], "upstream": values,
           "data": {c: data_digest(c, v) for c, v in values.items()}, "library": _library_digest_once()}
    memo = json.dumps(key, sort_keys=True, default=str)
    if memo in _MEMO:  # the same chapter asked twice in this process (a notebook's verdicts, a history date)
        _MEMO.move_to_end(memo)
        return _MEMO[memo]
    ups = upstream_measures(chapter_id, p, upstream_params, robustness, cache)
    result = _cached_compute(key, chapter_id, ups) if cache else _compute(chapter_id, values[chapter_id], ups, robustness)
    _MEMO[memo] = result
    while len(_MEMO) > MEMO_SIZE:
        _MEMO.popitem(last=False)
    return result


#: results kept in this process (the chapters a history date or a notebook reads more than once)
MEMO_SIZE = 8
_MEMO: OrderedDict = OrderedDict()


def upstream_measures(chapter_id: str, params=None, upstream_params: dict | None = None, robustness: bool = True,
                      cache: bool = True) -> dict:
    """The measures of the chapters ``chapter_id`` reads (chapter id -> Measures), as stored in
    their executed notebooks (a JSON record of each, read back): the same values whether they
    come from this process, the cache or a notebook."""
    p = as_params(chapter_id, params)
    upstream_params = upstream_params or {}
    return {dep: stored_measures(measure(dep, {"as_of": p.as_of, **upstream_params.get(dep, {})}, upstream_params,
                                         robustness, cache))
            for dep in CHAPTERS[chapter_id].depends_on}


def stored_measures(result):
    """A chapter result's measures as its executed notebook stores them (a JSON record of each,
    read back): what the claims, the ledger and the chapters that read it see."""
    import json

    from .analysis.chapter import measures_of
    from .analysis.records import from_record, to_record

    stored = json.loads(json.dumps({k: to_record(v) for k, v in result.measures.items()}))
    return measures_of(result.chapter, {k: from_record(v) for k, v in stored.items()})


_DIGEST: list[str] = []


def _library_digest_once() -> str:
    if not _DIGEST:
        _DIGEST.append(library_digest(book_side=False))
    return _DIGEST[0]


def _cached_compute(key: dict, chapter_id: str, ups: dict):
    from .cachefiles import memory as verified_memory

    memory = verified_memory(paths.CACHE_DIR / "chapters")  # each result checked against its digest
    return memory.cache(_keyed_compute, ignore=["chapter_id", "ups"])(key, chapter_id, ups)


def _keyed_compute(key: dict, chapter_id: str, ups: dict):
    return _compute(chapter_id, key["params"], ups, key["robustness"])


def _compute(chapter_id: str, values: dict, ups: dict, robustness: bool):
    import importlib

    from .data import validate
    from .data.view import DataView

    chapter = CHAPTERS[chapter_id]
    p = chapter.params(**values)
    module, name = chapter.function.split(":")
    function = getattr(importlib.import_module(module), name)
    first = len(validate.READS)
    result = function(p, data=DataView.of(p, chapter.replaces), robustness=robustness, upstream=ups)
    result.reads = list(validate.READS[first:])
    fill_thin_measures(result)
    return result


#: the note of a measure a claim reads that this run could not produce
NO_VALUE = "not enough data for this value in this run"
THIN_VALUE = "not enough data: the section that computes it had too little data in this run"


def fill_thin_measures(result) -> list[str]:
    """Add a "not enough data" measure for every measure of this chapter that a claim reads and
    the run did not produce (a thin section, or an estimator that left it out), so the ledger
    says "not testable" with the reason."""
    from dataclasses import replace

    from . import claims
    from .analysis.measures import not_enough

    wanted = set()
    for claim in claims.CLAIMS:
        for name in claim.reads:
            owner, key = name.split(".", 1) if "." in name else (claim.chapter, name)
            if owner == result.chapter and key not in result.measures:
                wanted.add(key)
    note = THIN_VALUE if result.thin else NO_VALUE
    filled = {key: replace(not_enough(0, 1, "this measure"), note=note) for key in sorted(wanted)}
    result.record(filled)
    return sorted(filled)
