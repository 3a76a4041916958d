"""How a verdict looks to a reader: a badge with an icon and a word (never colour alone), the
short name of each claim, and the landing page's summary of what the data say. Shared by the
landing page (:mod:`pages`), the chapters' verdict sections (:mod:`publish`) and the social
card."""

from __future__ import annotations

import html

from .. import claims

#: verdict -> (icon, css class, word shown)
STYLE = {
    claims.SUPPORTED: ("✓", "supported", "supported"),
    claims.PARTLY: ("◐", "partly", "partly supported"),
    claims.CONTRADICTED: ("✗", "contradicted", "contradicted"),
    claims.UNTESTABLE: ("?", "untestable", "not testable"),
    claims.NOT_YET: ("…", "notyet", "not yet measured"),
}
#: a conditional claim whose condition does not hold (or is not established)
CONDITION = ("⊘", "condition", "condition not met")

#: each claim in a few words, as a reader would say it
SHORT = {
    "pushed-out": "mid-sized firms are being pushed out",
    "cost": "frontier training costs surged",
    "few-firms": "only a few firms can compete at the frontier",
    "dumbbell": "the industry is dumbbell-shaped",
    "open-80-90": "open models reach 80–90% of closed ones",
    "open-value": "open models strip mid-level closed models of value",
    "top-ten": "the top ten took the vast majority of funding",
    "mid-rounds": "mid-scale funding rounds declined",
    "breakthroughs": "breakthroughs come from mid-sized firms",
    "direction": "research direction concentrates",
    "absorbed": "giants acquire mid-sized AI firms",
    "api-window": "a window opens once capabilities saturate",
    "funding-highs": "funding keeps hitting new highs",
    "layoffs": "mid-sized AI firms cut staff",
    "small-teams": "small teams compete at low cost",
    "talent": "talent mobility homogenizes",
    "oligopoly": "giants form oligopolies",
    "capabilities": "capabilities keep breaking through",
    "winner-take-all": "winner-take-all is intensifying",
    "rounds-walls": "funding rounds keep hitting walls",
    "premium-prices": "customers stop paying premium prices",
    "reserves": "giants hold tens of billions in reserves",
    "pivot": "mid-sized firms pivot to applications",
}


def short(claim: claims.Claim) -> str:
    return SHORT.get(claim.id, claim.quote)


def style(result: claims.Result) -> tuple[str, str, str]:
    """(icon, class, word) of a result; a conditional claim whose condition failed has its own."""
    if result.claim.premise is not None and result.premise in (claims.FAILS, claims.UNCLEAR):
        return CONDITION
    return STYLE.get(result.verdict, STYLE[claims.NOT_YET])


def badge(result: claims.Result) -> str:
    """An inline HTML badge: icon and word, the colour only repeating them."""
    icon, cls, word = style(result)
    return (f'<span class="mc-badge mc-v-{cls}"><span class="mc-badge-icon" aria-hidden="true">{icon}</span> '
            f'{html.escape(word)}</span>')


def anchor(claim_id: str) -> str:
    """The id of a claim's paragraph in its chapter's verdict section."""
    return f"claim-{claim_id}"


def first_clause(reason: str, limit: int = 170) -> str:
    """A reason's first clause (up to the first '; '), cut at a word near ``limit`` characters,
    its brackets closed, as a sentence."""
    head = reason.split("; ")[0].strip()
    cut = len(head) > limit
    if cut:
        head = head[:limit].rsplit(" ", 1)[0].rstrip(",:;( ")
    head += ")" * max(0, head.count("(") - head.count(")"))
    head = (head[0].upper() + head[1:]) if head else head
    return head + (" …" if cut else ("" if head.endswith((".", "?", "!")) else "."))


def _n(k: int, one: str, many: str) -> str:
    return f"{k} {one if k == 1 else many}"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


#: the article's central claim and the three forces it blames (the landing page's summary)
CENTRAL = "pushed-out"
FORCES = ("cost", "open-value", "top-ten")


def _verdict_words(r: claims.Result) -> str:
    return {claims.SUPPORTED: "is supported", claims.PARTLY: "is partly supported",
            claims.CONTRADICTED: "is contradicted", claims.UNTESTABLE: "cannot be decided",
            }.get(r.verdict, "is not yet measured")


def summary_sentences(results: list[claims.Result]) -> list[str]:
    """A few plain sentences on what the data say, computed from the verdicts (so they follow
    the data and ``as_of``): the count, the central claim, the three forces, the conditionals."""
    facts = [r for r in results if r.claim.kind == claims.FACT]
    conds = [r for r in results if r.claim.kind == claims.CONDITIONAL]
    by = {v: [r for r in facts if r.verdict == v] for v in STYLE}
    counts = [(claims.SUPPORTED, "support"), (claims.PARTLY, "partly support"), (claims.CONTRADICTED, "contradict")]
    said = [f"{verb} {len(by[v])}" for v, verb in counts if by[v]]
    line = f"Of the article's {len(facts)} claims of fact, public data " + (_and(said) if said else "decide none")
    untestable = len(by[claims.UNTESTABLE]) + len(by[claims.NOT_YET])
    parts = [line + (f"; {untestable} cannot be decided on public data." if untestable else ".")]
    by_id = {r.claim.id: r for r in results}
    if CENTRAL in by_id:
        r = by_id[CENTRAL]
        parts.append(f"Its central claim, that {short(r.claim)}, {_verdict_words(r)}.")
    forces = [by_id[f] for f in FORCES if f in by_id]
    if forces:
        parts.append("Of the forces it blames, " + _and([f"“{short(r.claim)}” {_verdict_words(r)}" for r in forces])
                     + ".")
    failed = [r for r in conds if r.premise in (claims.FAILS, claims.UNCLEAR)]
    if conds and len(failed) == len(conds):
        parts.append(f"Its {len(conds)} claims of the form “when X happens, Y follows” cannot be judged: "
                     "their conditions do not hold today." if len(conds) > 1 else
                     "Its one claim of the form “when X happens, Y follows” cannot be judged: its condition does "
                     "not hold today.")
    elif conds:
        parts.append(f"Of its {len(conds)} claims of the form “when X happens, Y follows”, {len(conds) - len(failed)} "
                     f"can be judged; for {len(failed)} the condition does not hold today.")
    return parts


def summary_html(results: list[claims.Result], chapter_pages: dict[str, str], prefix: str = "chapters/") -> str:
    """The picture of all claims by verdict: one group per verdict (icon, word, count), each
    claim a link to its paragraph in its chapter's verdict section."""
    groups: dict[tuple, list] = {}
    order = [STYLE[claims.SUPPORTED], STYLE[claims.PARTLY], STYLE[claims.CONTRADICTED], STYLE[claims.UNTESTABLE],
             CONDITION, STYLE[claims.NOT_YET]]
    for r in results:
        groups.setdefault(style(r), []).append(r)
    out = ['<div class="mc-summary" role="list" aria-label="The claims by verdict">']
    for st in order:
        rs = groups.get(st)
        if not rs:
            continue
        icon, cls, word = st
        out.append(f'<div class="mc-group mc-v-{cls}" role="listitem"><p class="mc-group-head">'
                   f'<span class="mc-badge mc-v-{cls}"><span class="mc-badge-icon" aria-hidden="true">{icon}</span> '
                   f'{html.escape(word)}</span> <span class="mc-count">{len(rs)}</span></p><ul>')
        for r in rs:
            page = chapter_pages.get(r.claim.chapter)
            label = html.escape(short(r.claim))
            link = (f'<a href="{prefix}{page}.html#{anchor(r.claim.id)}">{label}</a>' if page else label)
            out.append(f"<li>{link}</li>")
        out.append("</ul></div>")
    out.append("</div>")
    return "\n".join(out)


def description(results: list[claims.Result]) -> str:
    """The book's one-paragraph description (page metadata): the first summary sentence."""
    return ("Tests the claims of “The AI Middle Class Is Disappearing as the Industry Polarizes” on public data. "
            + summary_sentences(results)[0])


#: light-mode colours of the verdict classes (the CSS's), for the social card
COLOURS = {"supported": "#116329", "partly": "#b35c00", "contradicted": "#a40e26", "untestable": "#5b6472",
           "condition": "#4a2f8a", "notyet": "#8a8f98"}


def social_card_png(results: list[claims.Result], title: str) -> bytes:
    """A 1200 × 630 picture of the verdicts for link previews: one bar per verdict, its count and
    its word written on it (the colour only repeats them)."""
    import altair as alt
    import pandas as pd
    import vl_convert

    rows = {}
    for r in results:
        _, cls, word = style(r)
        rows.setdefault((cls, word), 0)
        rows[(cls, word)] += 1
    order = [s[1] for s in (*STYLE.values(), CONDITION)]
    df = pd.DataFrame([{"cls": c, "label": f"{n} {'conditional: ' if c == CONDITION[1] else ''}{w}", "n": n,
                        "rank": order.index(c)} for (c, w), n in rows.items()])
    df = df.sort_values("rank")
    y = alt.Y("label:N", sort=list(df["label"]), axis=None)
    bars = alt.Chart(df).mark_bar(cornerRadiusEnd=6, height=54).encode(
        x=alt.X("n:Q", axis=None, scale=alt.Scale(domain=[0, max(df["n"]) * 2.1])), y=y,
        color=alt.Color("cls:N", scale=alt.Scale(domain=list(COLOURS), range=list(COLOURS.values())), legend=None))
    text = bars.mark_text(align="left", dx=12, fontSize=30, fontWeight="bold", color="#1f2328").encode(
        text="label:N", color=alt.value("#1f2328"))
    chart = (bars + text).properties(
        width=1200, height=630, padding={"left": 56, "right": 56, "top": 40, "bottom": 36},
        autosize=alt.AutoSizeParams(type="fit", contains="padding"),
        title=alt.Title(title, subtitle=f"The article's {len(results)} checkable sentences, judged on public data",
                        fontSize=31, subtitleFontSize=24, anchor="start", subtitleColor="#444", offset=16),
    ).configure(background="#ffffff", font="DejaVu Sans", view=alt.ViewConfig(strokeOpacity=0))
    return vl_convert.vegalite_to_png(chart.to_json(), scale=1)
