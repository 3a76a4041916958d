"""What the built pages say of the real-data findings (issues 13 and 24): the variants, the
replication page and the ledger's levels, in the HTML readers get."""

from __future__ import annotations

import html as htmllib


def page(book, name: str) -> str:
    return htmllib.unescape((book["build"] / "html" / name).read_text())


def test_chapter_pages_show_the_variants_and_readings(book):
    html = page(book, "chapters/04_innovation.html")
    for variant in ("tiers by year, 2020–now", "tiers by year, 2023–now", "without labs over $1B raised",
                    "without labs with a frontier model"):
        assert variant in html, variant
    html = page(book, "chapters/01_compute.html")
    assert "no sign of flattening" not in html and "counted in billions" not in html
    assert "possibly incomplete" in html or "incomplete" in html


def test_replication_page_and_ledger_levels(book):
    rep = page(book, "chapters/06_replication.html")
    assert "checks only the conversion from 2021 dollars" in rep
    assert "agrees" in rep and "differs" in rep and "Sevilla and Roldán" in rep and "Cottier et al." in rep
    assert "same series" in rep and "strictly earlier" in rep
    intro = page(book, "intro.html")
    assert 'href="chapters/06_replication.html' in intro
    assert "at 95%" in intro.lower() and "Levels and multiplicity" in intro
