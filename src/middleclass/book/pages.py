"""Pages the build generates: Reproducibility (each chapter's provenance), Data sources (the
manifest and the curated tables) and the claims ledger of the landing page."""

from __future__ import annotations

from pathlib import Path

from .. import cachefiles, claims, paths
from . import provenance


def reproducibility_page(records: list[dict]) -> str:
    lines = [
        "# Reproducibility",
        "",
        "Every number in this book was computed by the executed chapter notebooks listed here. For",
        "each chapter: the parameters it ran with, every data file it read with its sha256, the",
        "package versions and the git commit. Rerun a chapter with `python -m middleclass run CHAPTER`",
        "(see the README); a chapter whose notebook, parameters, data and library are unchanged is",
        "not executed again.",
        "",
    ]
    for rec in records:
        lines.append(f"## {rec['title']} (`{rec['chapter']}`)")
        lines.append("")
        lines.append(provenance.markdown(rec, notebook_href=f"chapters/{Path(rec['chapter_file']).stem}.ipynb", heading=None, site_prefix=""))
    return "\n".join(lines)


def _cached_status() -> list[dict]:
    """``refresh.status()`` cached on (path, size, mtime) of each file: a no-op build does not
    reread the data files."""
    import json

    from ..data import refresh, sources

    cache = paths.CACHE_DIR / "status.json"
    stamp = []
    for src in sources.manifest().values():
        p = src.location()
        st = p.stat() if p.exists() else None
        stamp.append([src.id, str(p), st.st_size if st else None, st.st_mtime_ns if st else None, src.sha256])
    try:
        saved = json.loads(cachefiles.read_text(cache) or "null")  # None unless it matches its digest
        if saved["stamp"] == stamp:
            return saved["rows"]
    except (ValueError, KeyError, TypeError):
        pass
    rows = refresh.status()
    cachefiles.write_text(cache, json.dumps({"stamp": stamp, "rows": rows}, default=str))
    return rows


def data_sources_page() -> str:
    """The *Data sources* appendix, generated from the manifest and the files' current state."""
    from ..data import asof, sources

    status = {r["source"]: r for r in _cached_status()}
    lines = ["# Data sources", "",
             "Every file the book reads, from `data/sources.yml`. The chapters refuse a file whose sha256",
             "differs from the pin; `python -m middleclass data status` shows the same table for your",
             "machine. Credit and licence terms are the publishers'.", ""]
    for src in sources.manifest().values():
        st = status.get(src.id, {})
        lines += [f"## {src.title}", "",
                  "| | |", "|---|---|",
                  f"| publisher | {src.publisher} |",
                  f"| licence | {src.licence} |",
                  f"| canonical URL | <{src.url}> |"]
        if src.page:
            lines.append(f"| page | <{src.page}> |")
        lines += [f"| file | `{src.path}` |",
                  f"| rows | {st.get('rows', '–')} |",
                  f"| dates ({src.extra.get('date_column', '–')}) | {st.get('from', '–')} to {st.get('to', '–')} |",
                  f"| sha256 (pinned) | `{src.sha256}` |",
                  f"| state on this build | {st.get('state', '–')} |",
                  f"| columns used | {', '.join(f'`{c}`' for c in src.columns)} |"]
        if src.optional:
            lines.append(f"| optional (only where a chapter uses them) | {', '.join(f'`{c}`' for c in src.optional)} |")
        for column, names in src.aliases.items():
            lines.append(f"| also read as (older or newer vintages) | `{column}` ← {', '.join(f'`{n}`' for n in names)} |")
        rule = asof.RULES.get(src.id)
        if rule:
            lines += [f"| `as_of` keeps | {rule.filters} |", f"| `as_of` cannot reconstruct | {_md(rule.cannot)} |"]
        lines.append("")
        if src.notes:
            lines += [src.notes.replace("$", "\\$"), ""]
    lines += curated_section()
    return "\n".join(lines)


def curated_section() -> list[str]:
    """Markdown for the curated tables of ``data/curated/`` (copied next to the page for download)."""
    import pandas as pd

    from ..data import sources
    from ..data.schemas import CURATED

    lines = ["## Curated tables", "",
             "Compiled by hand for this book from public reporting, one source URL per row (see",
             "`data/curated/README.md` for the columns and rules). Download them as CSV:", "",
             "| table | rows | distinct sources | sha256 | `as_of` keeps | `as_of` cannot reconstruct |",
             "|---|---|---|---|---|---|"]
    from ..data import asof

    for table_id, (name, _) in CURATED.items():
        path = paths.CURATED_DIR / name
        rule = asof.RULES.get(f"curated_{table_id}")
        if path.exists():
            df = pd.read_csv(path, dtype=str)
            lines.append(f"| <a href=\"{paths.CURATED_LINK}/{name}\" download>{name}</a> | {len(df)} | {df['source_url'].nunique()} | "
                         f"`{sources.sha256_file(path)[:16]}…` | {rule.filters if rule else '–'} | "
                         f"{_md(rule.cannot) if rule else '–'} |")
    return lines + [""]


def _md(text) -> str:
    return str(text).replace("|", "\\|").replace("$", "\\$")


def _h(text) -> str:
    import html

    return html.escape(str(text))


def ledger_markdown(results: list[claims.Result], pages: dict[str, str], strict: list[claims.Result] | None = None,
                    chapters_prefix: str = "chapters/", as_of: str = "", agreements: dict | None = None) -> str:
    """The claims ledger for the landing page: the count line, then one card per claim (quote,
    verdict badge, the reason's first clause, and on demand the estimate, the whole reason, the
    verdict at 95% and the rule), the multiplicity note and the article's coverage. ``pages``
    maps chapter ids to their notebook names; ``strict`` are the same claims judged at 95%;
    ``as_of`` when the chapters ran on the data available on that date; ``agreements`` (claim id ->
    :class:`~middleclass.claims.multiverse.Agreement`) the share of the robustness sweep's
    specifications that give each verdict."""
    from ..notebook import badges

    head = ([f"```{{note}}\nThis book was built **as of {as_of}** (parameter `as_of`): every verdict below uses only "
             "the data available on that date. `python -m middleclass build --reset-params` builds it with all data; "
             "the {doc}`verdict-history` shows every quarter.\n```", ""] if as_of else [])
    strict_by_id = {r.claim.id: r for r in strict or []}
    lines = [*head, summary_line(results) + f" Quotes: {claims.SOURCE}.", "", "```{raw} html",
             '<div class="mc-ledger">']
    for r in results:
        page = pages.get(r.claim.chapter)
        where = (f'<a href="{chapters_prefix}{page}.html#{badges.anchor(r.claim.id)}">{_h(r.claim.chapter)} chapter</a>'
                 if page else _h(r.claim.chapter))
        s95 = strict_by_id.get(r.claim.id)
        at95 = ("–" if s95 is None else (f"{_h(s95.verdict)} (changes)" if s95.verdict != r.verdict else
                                         "the same"))
        lines += [
            f'<article class="mc-card mc-v-{badges.style(r)[1]}" id="ledger-{r.claim.id}">',
            f'<p class="mc-card-head">{badges.badge(r)} <span class="mc-card-id">{_h(r.claim.id)}</span> · {where}</p>',
            f'<p class="mc-quote">“{_h(r.claim.quote)}”</p>',
            f'<p class="mc-why">{_h(badges.first_clause(r.reason))}</p>',
            *_agreement_html(r.claim.id, (agreements or {}).get(r.claim.id), chapters_prefix),
            "<details><summary>Estimate, reason and rule</summary>",
            f"<p><strong>Estimate</strong> (interval at the chapter's level, 90% by default): {_h(r.estimate)}</p>",
            f"<p><strong>Why</strong>: {_h(r.reason[0].upper() + r.reason[1:])}.</p>",
            f"<p><strong>At 95%</strong>: {at95}. <strong>Measured by</strong>: {_h(r.claim.measure)}.</p>",
            f"<p><strong>Rule</strong>: {_h(r.claim.rule_text)}.</p>",
            "</details>",
            "</article>",
        ]
    lines += ["</div>", "```"]
    if strict:
        judged = [r for r in results if r.claim.interval_based and r.verdict not in (claims.NOT_YET, claims.UNTESTABLE)]
        flips = [r.claim.id for r in results if r.claim.id in strict_by_id and strict_by_id[r.claim.id].verdict != r.verdict]
        n_rule = sum(r.claim.interval_based for r in results)
        lines += ["", f"*Levels and multiplicity.* {n_rule} of the {len(results)} rules rest on confidence intervals. "
                  f"If nothing were going on — every true effect exactly at its rule's threshold — a two-sided 90% "
                  f"interval would still exclude it one time in ten, so about {n_rule * 0.1:.1f} of those {n_rule} "
                  f"verdicts would come out supported or contradicted by chance at 90%, and about {n_rule * 0.05:.1f} "
                  f"at 95%. Here {len(judged)} of them are supported, partly supported or contradicted at the chapters' "
                  "level; "
                  + (f"{len(flips)} verdict{'s' if len(flips) > 1 else ''} change{'' if len(flips) > 1 else 's'} at 95% "
                     f"({', '.join(flips)})." if flips else "none changes at 95%.")
                  + " The verdicts are not independent pieces of evidence: several read the same series (the mid "
                    "tier's share trend: pushed-out, dumbbell and the premise of three conditional claims; the AI "
                    "Index's mid-scale counts: mid-rounds and rounds-walls; the price of a fixed capability: "
                    "open-value, small-teams and the window's premise), so a count of verdicts overstates how much "
                    "independent evidence the book holds."]
    lines += ["", "Each claim's rule, with its thresholds and the verdicts it can return, is listed on the "
              "{doc}`methods` page; the rules are applied by tested code (`middleclass.claims`).", ""]
    lines += ["", *article_coverage_markdown()]
    return "\n".join(lines) + "\n"


def _agreement_html(claim_id: str, agreement, chapters_prefix: str) -> list[str]:
    """The ledger card's agreement line: the share of specifications giving the verdict, marked
    fragile under two thirds (with the choice that flips it)."""
    if agreement is None:
        return []
    href = f"{chapters_prefix.replace('chapters/', '')}robustness.html#robust-{claim_id}"
    share = f"{agreement.share:.0%} of {agreement.n} specifications" + (
        f" ({agreement.unmeasured} more could not be measured)" if agreement.unmeasured else "")
    if agreement.fragile:
        flip = f"; {_h(agreement.flip)} changes it" if agreement.flip else ""
        return [f'<p class="mc-agree mc-fragile"><strong>Fragile</strong>: agreement {share}{flip} '
                f'(<a href="{href}">robustness</a>)</p>']
    return [f'<p class="mc-agree">Agreement: {share} (<a href="{href}">robustness</a>)</p>']


def summary_markdown(results: list[claims.Result], pages: dict[str, str]) -> str:
    """The landing page's "What the data say": a few plain sentences computed from the verdicts
    and the picture of all claims by verdict, each linking to its chapter's verdict section."""
    from ..notebook import badges

    text = " ".join(badges.summary_sentences(results))
    return "\n".join([_md(text), "", "```{raw} html", badges.summary_html(results, pages), "```", ""])


def summary_line(results: list[claims.Result]) -> str:
    """The ledger's count line: claims of fact by verdict, and the conditional claims apart (a
    conditional whose condition does not hold is not a verdict on the article's facts)."""
    facts = [r for r in results if r.claim.kind == claims.FACT]
    conds = [r for r in results if r.claim.kind == claims.CONDITIONAL]
    c = claims.counts(facts)
    words = [(claims.SUPPORTED, "supported"), (claims.PARTLY, "partly supported"), (claims.CONTRADICTED, "contradicted"),
             (claims.UNTESTABLE, "not testable with public data"), (claims.NOT_YET, "not yet measured")]
    line = (f"Of {len(facts)} claims of fact: " + ", ".join(f"{c[v]} {w}" for v, w in words if c[v] or v != claims.NOT_YET)
            + ".")
    if conds:
        states = {claims.FAILS: "their condition does not hold", claims.UNCLEAR: "their condition is not established",
                  claims.HOLDS: "their condition holds"}
        n = {k: sum(r.premise == k for r in conds) for k in states}
        judged = [r for r in conds if r.premise == claims.HOLDS]
        parts = [f"{n[k]} {w}" for k, w in states.items() if n[k]]
        not_reached = len(conds) - sum(n.values())
        if not_reached:
            parts.append(f"{not_reached} not yet measured")
        line += (f" {len(conds)} conditional claims (\"when X happens, Y follows\"), counted apart: " + "; ".join(parts)
                 + (f" ({', '.join(f'{r.claim.id}: {r.verdict}' for r in judged)})" if judged else "") + ".")
    return line


def rules_markdown() -> str:
    """Every claim's rule for the Methods page: its kind, the verdicts it can return and on what
    evidence, and, for a claim of fact that cannot return supported or contradicted, why."""
    lines = ["| claim | kind | can return | on what evidence |", "|---|---|---|---|"]
    for c in claims.CLAIMS:
        kind = "conditional" if c.premise else "fact"
        returns = "; ".join(f"*{v}*" for v, _ in c.outcomes)
        evidence = "; ".join(f"*{v}*: {_md(e)}" for v, e in c.outcomes)
        if c.premise:
            evidence = f"condition: {_md(c.premise.text)} ({_md(c.premise.measure)}); " + evidence
        if c.limited:
            evidence += f". Cannot return {_limits(c)}: {_md(c.limited)}"
        lines.append(f"| `{c.id}` | {kind} | {returns} | {evidence} |")
    return "\n".join(lines) + "\n"


def _limits(c: claims.Claim) -> str:
    possible = {v for v, _ in c.outcomes}
    missing = [v for v in (claims.SUPPORTED, claims.CONTRADICTED) if v not in possible]
    return " or ".join(f"*{v}*" for v in missing) or "–"


def article_coverage_markdown() -> list[str]:
    """How much of the article the ledger covers, and the sentences it leaves out."""
    c = claims.coverage()
    kinds: dict[str, int] = {}
    for s in c["left_out"]:
        kinds[s.kind] = kinds.get(s.kind, 0) + 1
    lines = [f"*The whole article.* The article has {c['sentences']} sentences; the ledger tests "
             f"{c['factual_covered']} of its {c['factual']} checkable sentences (statements of fact and "
             f"{c['conditional']} conditional sentences, \"when X happens, Y follows\") and {c['covered']} sentences in "
             f"all. It leaves out {len(c['left_out'])} ("
             + ", ".join(f"{n} {k}{'s' if n > 1 else ''}" for k, n in sorted(kinds.items())) + "):", ""]
    for s in c["left_out"]:
        lines.append(f"- “{_md(s.text[:90])}{'…' if len(s.text) > 90 else ''}” — {s.kind}: {_md(s.left_out)}.")
    return lines


HISTORY_CSV = "verdict-history.csv"


def verdict_history_page(table: "pd.DataFrame", chart_html: str) -> str:  # noqa: F821
    """The verdict-history page: what it is, the chart, one sentence per claim whose verdict
    changed, and the CSV behind it."""
    from . import history

    dates = [d for d in dict.fromkeys(table["as_of"]) if d != "all data"]
    runs = history.changes_with_kind(table)
    quotes = {c.id: c.quote for c in claims.CLAIMS}
    changed = {cid: r for cid, r in runs.items() if len(r) > 1}
    lines = [
        "# Verdict history",
        "",
        "Was a verdict already true a year ago, and is it still? Each claim of the ledger is judged again on the "
        f"data available at each quarter end from {dates[0]} to {dates[-1]} ({len(dates)} dates), by the same rule "
        "and the same chapter code as the book, with every chapter's `as_of` parameter set to that date and the "
        "other parameters at their defaults. The last column uses all data (the book as built matches it unless "
        "its parameters were changed: see the Reproducibility page). The "
        "{doc}`data-sources` page says, for each source, what `as_of` filters on and what it cannot reconstruct: "
        "the files are today's copies, so values revised since (Epoch's compute estimates, the AI Index's "
        "earlier years, ECI scores) are today's values even for past dates. A claim whose measure had too little "
        "data at a date shows *not testable with public data*, with the reason in the tooltip.",
        "",
        "```{raw} html",
        chart_html,
        "```",
        "",
        "Claims by dates; hover over a cell for the estimate, its interval and the reason. The CSV behind the chart "
        "has the columns `claim, as_of, verdict, estimate, ci_low, ci_high, n, straddles, reason`; the estimate is "
        "the measure the claim's verdict mainly rests on, `n` its sample, `straddles` whether its interval straddles "
        "the rule's threshold band.",
        "",
        "## Verdicts that changed",
        "",
    ]
    if not changed:
        lines.append("No verdict changed over these dates.")
    n_kind = {k: sum(kind == k for run in changed.values() for _, _, kind in run[1:])
              for k in (history.SUBSTANTIVE, history.THIN, history.OTHER, history.FIRST)}
    lines += [f"Each change is marked by what it rests on: **substantive** when the headline estimate moved beyond "
              f"its interval at the date before (or, for a count or bound without an interval, changed), **thin** "
              f"when one of the two dates had too little data for the rule or its interval straddled the rule's "
              f"threshold and margin (a flip on noise, not news), **another measure** when the headline stayed "
              f"inside its interval and another measure the rule reads moved (e.g. a record year), **first "
              f"measured** when the data first allowed the estimate. Here {n_kind[history.SUBSTANTIVE]} changes are "
              f"substantive, {n_kind[history.THIN]} thin, {n_kind[history.OTHER]} rest on another measure of the rule "
              f"and {n_kind[history.FIRST]} are first measurements.", ""]
    for cid, run in changed.items():
        steps = "; ".join(f"{verdict} from {when} (*{kind}*)" if i else f"{verdict} as of {when}"
                          for i, (when, verdict, kind) in enumerate(run))
        lines.append(f"- **{cid}** (“{_md(quotes.get(cid, cid))}”): {_md(steps)}.")
    steady = [cid for cid, run in runs.items() if len(run) == 1]
    if steady:
        lines += ["", "Unchanged at every date: " + ", ".join(f"**{cid}** ({_md(runs[cid][0][1])})" for cid in steady)
                  + "."]
    return "\n".join(lines) + "\n"


#: the landing page's title, also the social card's
BOOK_HEADLINE = "What the data say about the disappearing AI middle class"
SOCIAL_CARD = "social-card.png"


def write_site_meta(stage_dir: Path, results: list[claims.Result]) -> None:
    """The site's metadata: ``_meta.json`` (each page's description and social card, read by the
    Sphinx extension), the card itself (a picture of the verdicts) and a 404 page."""
    import json

    from ..notebook import badges

    extra = stage_dir / "_extra"
    extra.mkdir(parents=True, exist_ok=True)
    (extra / SOCIAL_CARD).write_bytes(badges.social_card_png(results, BOOK_HEADLINE))
    counts = summary_line(results)
    (stage_dir / "_meta.json").write_text(json.dumps({
        "title": BOOK_HEADLINE, "description": badges.description(results), "card": SOCIAL_CARD,
        "card_alt": f"Bar chart of the verdicts. {counts}"}, ensure_ascii=False, indent=1), encoding="utf-8")
    (extra / "404.html").write_text(NOT_FOUND, encoding="utf-8")


NOT_FOUND = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='6' fill='%231b6ca8'/%3E%3C/svg%3E" />
<title>Page not found · The Disappearing AI Middle Class, tested on public data</title>
<style>
 body { font-family: system-ui, sans-serif; max-width: 38rem; margin: 4rem auto; padding: 0 1rem; line-height: 1.5;
        color: #1f2328; background: #fff; }
 a { color: #0b57d0; }
 @media (prefers-color-scheme: dark) { body { color: #e6e6e6; background: #121212; } a { color: #8ab4f8; } }
</style>
</head>
<body>
<main>
<h1>Page not found</h1>
<p>There is no page at this address in <em>The Disappearing AI Middle Class, tested on public data</em>.
The book's <a href="/">first page</a> lists every chapter, with a summary of what the data say.</p>
<p>If you followed a link inside the book, please report it with the address you were on.</p>
</main>
</body>
</html>
"""


ROBUSTNESS_CSV = "robustness.csv"


def robustness_note(agreement) -> str:
    """One line for a claim's verdict in its chapter and the ledger: the share of specifications
    that give it, and for a fragile verdict the choice that flips it."""
    if agreement is None:
        return ""
    from ..claims.multiverse import FRAGILE_BELOW

    share = f"{agreement.share:.0%} of {agreement.n} specifications give this verdict"
    if agreement.unmeasured:
        share += f" ({agreement.unmeasured} more could not be measured)"
    link = f"{{ref}}`robustness <robust-{agreement.claim}>`"
    if agreement.fragile:
        flip = f"; {agreement.flip} changes it" if agreement.flip else ""
        return f"**Fragile**: only {share} (under {FRAGILE_BELOW:.0%}){_md(flip)} ({link})."
    return f"*Robustness*: {share} ({link})."


def robustness_page(table: "pd.DataFrame", charts_html: dict[str, str], agreements: dict) -> str:  # noqa: F821
    """The Robustness page: the method, a table of every claim's agreement, then each claim's
    choices and specification curve."""
    from ..claims import multiverse
    from ..claims.multiverse import FRAGILE_BELOW

    n_claims = table["claim"].nunique()
    fragile = [a for a in agreements.values() if a.fragile]
    lines = [
        "# Robustness",
        "",
        "Would a verdict still hold had the book chosen differently? Each claim's rules file declares, before its "
        "effect was seen, the analysis decisions its verdict depends on and the options a careful analyst could "
        "defend for each (another window start, definition, confidence level or rule threshold), the book's "
        "default first. Every combination of those options is a *specification*; each is computed by the same "
        "chapter function and judged by the same rule as the book (a *multiverse analysis*, Steegen, Tuerlinckx, "
        "Gelman and Vanpaemel 2016; shown as *specification curves*, Simonsohn, Simmons and Nelson 2020). The grid "
        "is complete (no sampling). The other chapters' measures stay as the book has them. A specification whose "
        "headline cannot be measured at all (a definition the source does not follow, such as a size band the AI "
        "Index does not report) is shown but left out of the agreement share: missing evidence is not another "
        "answer.",
        "",
        f"{len(table)} specifications of {n_claims} claims. A verdict that fewer than {FRAGILE_BELOW:.0%} of its "
        f"specifications give is labelled **fragile** here, in the ledger and in its chapter, with the choice that, "
        f"changed alone, flips it: {len(fragile)} of {len(agreements)} "
        + ("(" + ", ".join(a.claim for a in fragile) + ")." if fragile else "."),
        "",
        "| Claim | Verdict (book) | Specifications | Agreement | Choice that flips it |",
        "|---|---|---:|---:|---|",
    ]
    for cid, a in agreements.items():
        mark = " (fragile)" if a.fragile else ""
        spec_n = f"{a.n}" + (f" (+{a.unmeasured} not measured)" if a.unmeasured else "")
        lines.append(f"| {{ref}}`{cid} <robust-{cid}>` | {_md(a.verdict)}{mark} | {spec_n} | {a.share:.0%} | "
                     f"{_md(a.flip) if a.flip else '–'} |")
    left = [c.id for c in claims.CLAIMS if c.id not in agreements]
    lines += ["", (f"Left out: {', '.join(left)} (no decision its verdict depends on can be measured: the "
                   "consequence has no public measure). " if left else "") + "The CSV behind the charts has the columns `claim, spec, default, verdict, "
              "estimate, ci_low, ci_high, n, choices` (linked under each chart).",
              ""]
    for cid in agreements:
        claim = claims.BY_ID[cid]
        lines += [f"(robust-{cid})=", f"## {cid}", "", f"“{_md(claim.quote)}” ({_md(claim.chapter)} chapter). "
                  f"Estimate: {_md(claim.measure)}.", ""]
        for c in multiverse.choices_of(claim):
            opts = ", ".join(("**" + _md(label) + "** (default)") if i == 0 else _md(label)
                             for i, (_, label) in enumerate(c.options))
            lines.append(f"- `{c.name}` ({c.kind}): {opts}. {_md(c.why[0].upper() + c.why[1:])}.")
        lines += ["", "```{raw} html", charts_html[cid], "```", ""]
    return "\n".join(lines) + "\n"
