"""What readers are told (issue 25), on made-up verdicts and records with a known answer: the
landing page's summary sentences and badges, the ledger cards, repository links only when a
repository is configured, and `compare` writing years as years."""

from __future__ import annotations

import json

from middleclass import claims
from middleclass.notebook import badges
from middleclass.book import compare
from middleclass.book import pages
from middleclass.book import provenance


def result(cid: str, verdict: str, premise: str = "", reason: str = "a reason; more") -> claims.Result:
    return claims.Result(claim=claims.BY_ID[cid], verdict=verdict, reason=reason, estimate="$388M (1.0 to 2.0)",
                         level=0.9, premise=premise)


def made_up() -> list[claims.Result]:
    out = []
    verdicts = {"pushed-out": claims.CONTRADICTED, "cost": claims.SUPPORTED, "open-value": claims.PARTLY,
                "top-ten": claims.UNTESTABLE}
    for c in claims.CLAIMS:
        if c.kind == claims.CONDITIONAL:
            out.append(result(c.id, claims.UNTESTABLE, premise=claims.FAILS))
        else:
            out.append(result(c.id, verdicts.get(c.id, claims.SUPPORTED)))
    return out


def test_summary_sentences_follow_the_verdicts():
    res = made_up()
    facts = [r for r in res if r.claim.kind == claims.FACT]
    conds = len(res) - len(facts)
    s = badges.summary_sentences(res)
    n_sup = sum(r.verdict == claims.SUPPORTED for r in facts)
    assert s[0] == (f"Of the article's {len(facts)} claims of fact, public data support {n_sup}, partly support 1 "
                    "and contradict 1; 1 cannot be decided on public data.")
    assert s[1] == "Its central claim, that mid-sized firms are being pushed out, is contradicted."
    assert s[2] == ("Of the forces it blames, “frontier training costs surged” is supported, “open models strip "
                    "mid-level closed models of value” is partly supported and “the top ten took the vast majority "
                    "of funding” cannot be decided.")
    assert s[3].startswith(f"Its {conds} claims of the form") and "do not hold" in s[3]
    # a different set of verdicts gives different sentences: they are computed, not written
    flipped = [result("pushed-out", claims.SUPPORTED) if r.claim.id == "pushed-out" else r for r in res]
    assert badges.summary_sentences(flipped)[1].endswith("is supported.")


def test_badges_carry_an_icon_and_a_word_and_conditionals_their_own():
    res = {r.claim.id: r for r in made_up()}
    assert ">✓</span> supported</span>" in badges.badge(res["cost"])
    assert ">✗</span> contradicted</span>" in badges.badge(res["pushed-out"])
    cond = next(r for r in res.values() if r.claim.kind == claims.CONDITIONAL)
    assert "condition not met" in badges.badge(cond) and "mc-v-condition" in badges.badge(cond)
    html = badges.summary_html(list(res.values()), {"compute": "01_compute", "innovation": "04_innovation"})
    assert html.count("<li>") == len(res) and 'href="chapters/01_compute.html#claim-cost"' in html
    assert set(badges.SHORT) == {c.id for c in claims.CLAIMS}  # every claim has its few words


def test_first_clause_closes_brackets_and_ends_a_sentence():
    assert badges.first_clause("grows ×3.1 a year (×2.8 before; more") == "Grows ×3.1 a year (×2.8 before)."
    long = "word " * 60
    cut = badges.first_clause(long, limit=40)
    assert cut.endswith(" …") and len(cut) <= 44 and "wor …" not in cut


def test_ledger_cards_one_per_claim_with_details_on_demand():
    res = made_up()
    md = pages.ledger_markdown(res, {"compute": "01_compute"}, res)
    assert md.count('<article class="mc-card') == len(res) and md.count("<details>") == len(res)
    assert "<strong>At 95%</strong>: the same" in md


def test_repository_links_only_when_configured(monkeypatch):
    record = {"chapter_file": "chapters/01_compute.md", "commit": "0123456789abcdef0123"}
    monkeypatch.setattr(provenance, "repository_url", lambda: "")
    assert "github" not in provenance.source_links(record) and "sources/chapters/01_compute.md" in provenance.source_links(record)
    monkeypatch.setattr(provenance, "repository_url", lambda: "https://github.com/someone/book")
    assert 'href="https://github.com/someone/book/blob/0123456789abcdef0123/chapters/01_compute.md"' in \
        provenance.source_links(record)


def test_compare_writes_years_as_years_and_no_relative_change_of_p_values(tmp_path):
    def nb(path, year, p, share):
        rec = {"chapter": "compute", "parameters": {}, "data_files": [], "verdicts": {}, "measures": {
            "gpqa_ratio_year": {"kind": "estimate", "value": year, "unit": "year", "label": "year of the ratio"},
            "eci_slope_p": {"kind": "estimate", "value": p, "unit": "p-value", "label": "change of the trend"},
            "open_share": {"kind": "estimate", "value": share, "unit": "share", "label": "open share"}}}
        path.write_text(json.dumps({"metadata": {"middleclass": rec}, "cells": [], "nbformat": 4, "nbformat_minor": 5}))
        return path

    a, b = nb(tmp_path / "a.ipynb", 2024, 0.031, 0.30), nb(tmp_path / "b.ipynb", 2025.0, 0.0004, 0.35)
    text = compare.format_markdown(compare.compare(a, b))
    year = next(line for line in text.splitlines() if line.startswith("| year of the ratio"))
    assert year == "| year of the ratio | 2024 | 2025 | +1 year |  |"
    pval = next(line for line in text.splitlines() if line.startswith("| change of the trend"))
    assert pval.endswith("|  |") and "0.031" in pval and "<0.001" in pval  # no percentage change of a p-value
    share = next(line for line in text.splitlines() if line.startswith("| open share"))
    assert "30.0%" in share and "35.0%" in share and "+5.0 points" in share
