"""Every verdict with its multiverse (issue 27): pre-declared choices, the specifications they
make, rule thresholds set and restored, and the agreement of a claim's specifications."""

from __future__ import annotations

import dataclasses
import importlib

import pytest

from middleclass import chapters, claims
from middleclass.claims import multiverse


def test_each_choice_starts_with_the_books_own_value():
    """A parameter's first option is its chapter's default; a threshold's is the rule's constant;
    every option has a label and every choice a reason."""
    for claim_id, declared in multiverse.all_choices().items():
        claim = claims.BY_ID[claim_id]
        defaults = chapters.CHAPTERS[claim.chapter].defaults()
        for c in declared:
            assert c.why and all(label for _, label in c.options), (claim_id, c.name)
            assert len({v for v, _ in c.options}) == len(c.options) >= 2, (claim_id, c.name)
            if c.kind == "parameter":
                assert c.default == defaults[c.name], (claim_id, c.name)
            else:
                module, attr = multiverse._module_of(claim, c.name)
                assert getattr(module, attr) == c.default, (claim_id, c.name)


def test_at_least_twelve_claims_have_eight_specifications_or_more():
    sizes = {c.id: len(multiverse.specifications(c)) for c in claims.CLAIMS}
    assert sum(n >= 8 for n in sizes.values()) >= 12, sizes


def test_specifications_are_the_product_with_the_default_first():
    claim = claims.BY_ID["cost"]
    specs = multiverse.specifications(claim)
    declared = multiverse.choices_of(claim)
    n = 1
    for c in declared:
        n *= len(c.options)
    assert len(specs) == n == len({s.values for s in specs})
    assert specs[0].values == tuple((c.name, c.default) for c in declared)
    assert specs[0].params == {"start_date": "2010-01-01", "frontier_top_n": 10}
    assert set(specs[0].thresholds) == {"FLAT_GROWTH"}
    moved = multiverse.specifications(claim, {"start_date": "2012-06-30", "frontier_top_n": 10})
    assert moved[0].params["start_date"] == "2012-06-30"  # the value in effect is the default specification
    assert len(moved) == len(specs) + n // len(declared[0].options)  # added as an option, the others kept


def test_thresholds_are_set_for_the_judgement_and_restored():
    claim = claims.BY_ID["few-firms"]
    module = importlib.import_module(claim.judge.__module__)
    assert module.FEW_FIRMS == 10
    with multiverse.thresholds(claim, {"FEW_FIRMS": 3}):
        assert module.FEW_FIRMS == 3
    assert module.FEW_FIRMS == 10
    premises = importlib.import_module("middleclass.claims.premises")
    before = premises.FLAT_SLOPE_SHARE
    with multiverse.thresholds(claims.BY_ID["api-window"], {"premises.FLAT_SLOPE_SHARE": 0.5}):
        assert premises.FLAT_SLOPE_SHARE == 0.5
    assert premises.FLAT_SLOPE_SHARE == before
    with pytest.raises(AttributeError, match="no constant NOT_A_CONSTANT"):
        with multiverse.thresholds(claim, {"NOT_A_CONSTANT": 1}):
            pass
    assert module.FEW_FIRMS == 10


def test_a_threshold_changes_the_verdict_as_the_rule_says(real):
    """few-firms reads the mean number of frontier organizations a year against FEW_FIRMS: a
    bar below the measured mean cannot give "supported"."""
    claim = claims.BY_ID["few-firms"]
    mean = real["compute"]["frontier_orgs_recent_mean"].value
    with multiverse.thresholds(claim, {"FEW_FIRMS": int(mean) - 3}):
        low = claims.judge(claim, real)
    with multiverse.thresholds(claim, {"FEW_FIRMS": int(mean) + 30}):
        high = claims.judge(claim, real)
    assert low.verdict != claims.SUPPORTED and high.verdict != low.verdict


def _rows(verdicts: dict[tuple[str, str], str]) -> list[dict]:
    return [{"default": (a, b) == ("a0", "b0"), "verdict": v, "A": a, "B": b} for (a, b), v in verdicts.items()]


def test_agreement_share_fragility_and_the_choice_that_flips_it(monkeypatch):
    fake = (multiverse.parameter("A", (("a0", "a0"), ("a1", "a1"), ("a2", "a2")), "test"),
            multiverse.threshold("B", (("b0", "b0"), ("b1", "b1")), "test"))
    claim = claims.BY_ID["cost"]
    monkeypatch.setattr(multiverse, "choices_of", lambda c: fake)
    S, C = claims.SUPPORTED, claims.CONTRADICTED
    rows = _rows({("a0", "b0"): S, ("a1", "b0"): S, ("a2", "b0"): C, ("a0", "b1"): S, ("a1", "b1"): C, ("a2", "b1"): C})
    a = multiverse.agreement(claim, rows)
    assert (a.verdict, a.n, a.same) == (S, 6, 3) and a.share == pytest.approx(0.5)
    assert a.fragile and a.flip == "A = a2"  # B changed alone keeps the verdict
    sturdy = multiverse.agreement(claim, _rows({("a0", "b0"): S, ("a1", "b0"): S, ("a2", "b0"): S, ("a0", "b1"): C}))
    assert sturdy.share == pytest.approx(0.75) and not sturdy.fragile and sturdy.flip == "B = b1"
    assert multiverse.agreement(claim, []) is None


def test_every_specification_runs_a_known_chapter_parameter():
    for claim in claims.CLAIMS:
        names = {f.name for f in dataclasses.fields(chapters.CHAPTERS[claim.chapter].params)}
        for c in multiverse.choices_of(claim):
            if c.kind == "parameter":
                assert c.name in names, (claim.id, c.name)
