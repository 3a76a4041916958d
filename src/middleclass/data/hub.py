"""The Epoch AI Benchmarking Hub export (April 2026, ``epoch/benchmarks/``): which benchmark
files the book reads, the column that holds each one's headline score and that score's maximum.

Every benchmark listed scores a model by the share of tasks it solves (0-1, or 0-100 where
``max_score`` is 100), so a ratio of two models' scores is a ratio of performance. Left out: the
ratings (WebDev Arena, Lech Mazur's writing scores), time horizons (METR, minutes) and distance
scores (GeoBench), whose ratios mean something else, and the composite ECI (read only for the
models' accessibility).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class HubBenchmark:
    file: str  # file name without .csv; the manifest source is ``epoch_hub_<file>``
    score_column: str  # the headline score
    name: str  # as shown in the book
    max_score: float  # 1 for a 0-1 share, 100 for percent

    @property
    def source_id(self) -> str:
        return f"epoch_hub_{self.file}"


HUB_BENCHMARKS: tuple[HubBenchmark, ...] = (
    HubBenchmark("frontiermath", "mean_score", "FrontierMath (tiers 1-3)", 1),
    HubBenchmark("frontiermath_tier_4", "mean_score", "FrontierMath tier 4", 1),
    HubBenchmark("simpleqa_verified", "mean_score", "SimpleQA Verified", 1),
    HubBenchmark("hle_external", "Accuracy", "Humanity's Last Exam", 1),
    HubBenchmark("swe_bench_verified", "mean_score", "SWE-bench Verified", 1),
    HubBenchmark("arc_agi_external", "Score", "ARC-AGI", 1),
    HubBenchmark("arc_agi_2_external", "Score", "ARC-AGI-2", 1),
    HubBenchmark("os_world_external", "Score", "OSWorld", 100),
    HubBenchmark("terminalbench_external", "Accuracy mean", "Terminal-Bench", 1),
    HubBenchmark("gpqa_diamond", "mean_score", "GPQA Diamond", 1),
    HubBenchmark("math_level_5", "mean_score", "MATH Level 5", 1),
    HubBenchmark("mmlu_external", "EM", "MMLU", 1),
    HubBenchmark("otis_mock_aime_2024_2025", "mean_score", "OTIS Mock AIME", 1),
    HubBenchmark("chess_puzzles", "mean_score", "Chess puzzles", 1),
    HubBenchmark("aider_polyglot_external", "Percent correct", "Aider Polyglot", 100),
    HubBenchmark("apex_agents_external", "Pass@1 score", "APEX-Agents", 1),
    HubBenchmark("simplebench_external", "Score (AVG@5)", "SimpleBench", 1),
    HubBenchmark("live_bench_external", "Global average", "LiveBench", 100),
    HubBenchmark("weirdml_external", "Accuracy", "WeirdML", 1),
    HubBenchmark("gso_external", "Score OPT@1", "GSO", 1),
    HubBenchmark("cybench_external", "Unguided % Solved", "Cybench", 1),
    HubBenchmark("swe_bench_bash", "% Resolved", "SWE-bench (bash only)", 1),
    HubBenchmark("the_agent_company_external", "% Score", "TheAgentCompany", 1),
    HubBenchmark("fictionlivebench_external", "120k token score", "Fiction.LiveBench (120k)", 1),
    HubBenchmark("vpct_external", "Correct", "VPCT", 1),
    HubBenchmark("deepresearchbench_external", "Average score", "DeepResearch Bench", 1),
    HubBenchmark("posttrainbench_external", "Average (%)", "PostTrainBench", 1),
    HubBenchmark("gdpval_external", "Win Rate (%)", "GDPval", 1),
    HubBenchmark("balrog_external", "Average progress", "BALROG", 1),
    HubBenchmark("cad_eval_external", "Overall pass (%)", "CAD-Eval", 1),
    HubBenchmark("video_mme_external", "Overall (no subtitles)", "Video-MME", 1),
)
