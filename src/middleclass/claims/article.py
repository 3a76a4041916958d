"""The article itself: :data:`SOURCE`, every sentence (:data:`ARTICLE_SENTENCES`, each with the
claims that test it or why none does) and the ledger's :func:`coverage` of them."""

from __future__ import annotations

from dataclasses import dataclass

SOURCE = "GogoAI News, *The AI Middle Class Is Disappearing as the Industry Polarizes*"


@dataclass(frozen=True)
class Sentence:
    """One sentence of the article: its kind, the claims of the ledger that test it, or why the
    ledger leaves it out."""

    text: str  # the sentence's start, as in the article
    kind: str  # 'factual', 'conditional', 'opinion', 'prediction', 'anecdote' or 'definition'
    claims: tuple[str, ...] = ()
    left_out: str = ""  # one line, when no claim tests it
    premise: str = ""  # a conditional sentence's premise (a key of PREMISES); its claims are judged through it


#: every sentence of the article, in order (the title and the source line excluded)
ARTICLE_SENTENCES: list[Sentence] = [
    Sentence("From 2024 to 2025, the global AI industry has appeared prosperous on the surface — funding amounts have "
             "repeatedly hit new highs, large model capabilities continue to break through", "factual",
             ("funding-highs", "capabilities")),
    Sentence("Yet beneath this wave of enthusiasm ... the AI industry's \"middle class\" is disappearing", "factual",
             ("pushed-out",)),
    Sentence("The so-called AI middle class refers to companies with reasonable technical capabilities, mid-scale funding, "
             "and teams ranging from 50 to 500 people", "definition",
             left_out="a definition; the book's tier table applies it (innovation chapter)"),
    Sentence("They were once the backbone of industry innovation, but are now being rapidly pushed out", "factual",
             ("pushed-out", "breakthroughs")),
    Sentence("This phenomenon has triggered deep concerns about the healthy development of the AI industry", "opinion",
             left_out="an opinion about concerns, not a measurable fact"),
    Sentence("Over the past year, multiple mid-sized AI companies ... have reported layoffs, downsizing, or even shutdowns",
             "factual", ("layoffs",)),
    Sentence("Their predicaments are strikingly similar: the computing costs ... are unsustainable, commercialization has "
             "been slower than expected, and new funding rounds keep hitting walls", "factual", ("rounds-walls",)),
    Sentence("the AI industry is forming a distinct \"dumbbell-shaped\" configuration", "factual", ("dumbbell",)),
    Sentence("On one end are a handful of giants ... commanding massive computing resources, top-tier talent, and tens of "
             "billions of dollars in capital reserves", "factual", ("few-firms", "reserves")),
    Sentence("On the other end are numerous asset-light small teams and individual developers ... competing at extremely "
             "low costs", "factual", ("small-teams",)),
    Sentence("The companies caught in the middle ... face unprecedented pressure", "opinion",
             left_out="'unprecedented pressure' has no public measure"),
    Sentence("Their technical moats are not deep enough, their cost structures are not lean enough", "opinion",
             left_out="a judgement about companies' strategies"),
    Sentence("First, computing costs create a natural barrier", "factual", ("cost", "few-firms")),
    Sentence("The GPU cluster investment required to train a frontier large model has surged from tens of millions of "
             "dollars to hundreds of millions", "factual", ("cost",)),
    Sentence("This means only a very small number of well-funded companies can qualify to compete in foundation models",
             "factual", ("few-firms",)),
    Sentence("Even mid-sized AI companies with excellent technical teams find it difficult to keep pace in the computing "
             "arms race", "factual", ("few-firms", "pushed-out")),
    Sentence("Stability AI's predicament is a classic example", "anecdote",
             left_out="one company's story; its layoffs appear in the outcomes table of the innovation chapter"),
    Sentence("Second, open-source models are eroding the middle market", "factual", ("open-value",)),
    Sentence("The rapid iteration of Meta's Llama series, Mistral, and numerous Chinese open-source models has stripped "
             "\"mid-level\" closed-source models of their commercial value", "factual", ("open-value",)),
    Sentence("When a free open-source model can achieve 80% to 90% of the performance, customers are reluctant to pay "
             "premium prices", "conditional", ("open-80-90", "premium-prices"), premise="open-parity"),
    Sentence("This directly undermines the business logic that many mid-sized AI companies depend on", "opinion",
             left_out="a judgement about business models; revenues are not public"),
    Sentence("Third, the capital market's \"winner-take-all\" tendency is intensifying", "factual", ("winner-take-all",)),
    Sentence("venture capital investment in AI in 2024 was highly concentrated in top-tier projects", "factual",
             ("top-ten",)),
    Sentence("The top ten AI companies captured the vast majority of total industry funding, while mid-scale funding "
             "rounds declined significantly", "factual", ("top-ten", "mid-rounds")),
    Sentence("The investor logic is simple: ... betting on market leaders yields far higher returns", "opinion",
             left_out="an argument about investors' returns, not a measured fact"),
    Sentence("The disappearance of the AI middle class does not come without a price", "opinion",
             left_out="a framing sentence"),
    Sentence("Historical experience shows that many breakthrough innovations often originate from mid-sized companies",
             "factual", ("breakthroughs",)),
    Sentence("When the industry is left with only \"mega-corporations\" and \"micro-workshops,\" ... the direction of "
             "fundamental research becomes overly concentrated ... talent mobility becomes homogenized ... giants easily "
             "form de facto oligopolies", "conditional", ("direction", "talent", "oligopoly"), premise="middle-gone"),
    Sentence("the shrinkage of mid-tier companies also means that deep solutions for many vertical industries may face "
             "insufficient supply", "prediction", left_out="a prediction without a date or a public measure"),
    Sentence("Giants tend to focus on general-purpose platforms, while small teams lack industry expertise", "opinion",
             left_out="a generalization without a public measure"),
    Sentence("The mid-sized specialized companies ... turn out to be the scarcest of all", "opinion",
             left_out="no public census of vertical specialists"),
    Sentence("Facing this trend, surviving mid-sized AI companies are actively seeking paths to break through", "anecdote",
             left_out="documented pivots are listed in the outcomes table; not a census"),
    Sentence("Some are choosing to fully pivot to being \"application layer\" players", "factual", ("pivot",)),
    Sentence("Others are betting on specialized models in niche segments", "anecdote",
             left_out="no public data on companies' strategies"),
    Sentence("Another possible path is acquisition", "factual", ("absorbed",)),
    Sentence("there have been multiple cases of giants acquiring mid-sized AI companies over the past year", "factual",
             ("absorbed",)),
    Sentence("the polarization of the AI industry may be just a transitional phenomenon", "prediction",
             left_out="a prediction without a date"),
    Sentence("When foundation model capabilities approach saturation, API costs continue to decline ... may find a new "
             "window of opportunity", "conditional", ("api-window",), premise="saturation"),
    Sentence("But until then, the winter for the AI middle class is likely to persist", "prediction",
             left_out="a prediction without a date"),
    Sentence("For the industry as a whole, finding the balance between efficiency and diversity will be the key question",
             "opinion", left_out="an opinion"),
]


def coverage() -> dict:
    """How much of the article the ledger covers: sentences by kind, and those with a claim."""
    covered = [s for s in ARTICLE_SENTENCES if s.claims]
    factual = [s for s in ARTICLE_SENTENCES if s.kind in ("factual", "conditional")]
    return {"sentences": len(ARTICLE_SENTENCES), "covered": len(covered), "factual": len(factual),
            "factual_covered": sum(bool(s.claims) for s in factual),
            "conditional": sum(s.kind == "conditional" for s in ARTICLE_SENTENCES),
            "left_out": [s for s in ARTICLE_SENTENCES if not s.claims]}
