"""A small Sphinx extension for the book's HTML.

Thin data: a chapter run on too little data glues "not enough data (n = ...)" (or "–" for an
interval bound) where the prose expects a number; myst-nb would try to format that text as a
number and warn. :func:`keep_thin_text` shows such a value as it is, whatever the format.

Live code (thebe) is off in this book, but sphinx-thebe still registers its configuration
script, twice under Jupyter Book 1.x ("Identifier 'THEBE_JS_URL' has already been declared"
in the browser console) and names a CDN in it. This drops those scripts from every page and
any exact duplicate script, so pages load only what the book serves itself.
"""

from __future__ import annotations

import re
from pathlib import Path
from functools import lru_cache


def _script_key(script) -> tuple:
    filename = getattr(script, "filename", script)
    attrs = getattr(script, "attributes", {}) or {}
    return (str(filename), attrs.get("body", ""))


def _is_thebe(script) -> bool:
    filename = str(getattr(script, "filename", script) or "")
    body = (getattr(script, "attributes", {}) or {}).get("body", "") or ""
    return "thebe" in filename.lower() or "THEBE_JS_URL" in body


def clean_scripts(app, pagename, templatename, context, doctree) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, kept = set(), []
    for script in scripts:
        key = _script_key(script)
        if _is_thebe(script) or key in seen:
            continue
        seen.add(key)
        kept.append(script)
    context["script_files"] = kept


THIN_TEXTS = ("not enough data", "–")

from ..notebook.mimes import VEGALITE_MIME


class VegaLiteForNotebooks:
    """A myst-nb mime renderer plugin (entry point ``myst_nb.mime_renderers``): every chart output
    carries its Vega-Lite spec for JupyterLab and VS Code; in the book its HTML is shown, so the
    spec renders to nothing and is never selected."""

    mime_priority_overrides = [("*", VEGALITE_MIME, None)]

    @staticmethod
    def handle_mime(renderer, data, inline):
        return [] if data.mime_type == VEGALITE_MIME else None


def keep_thin_text(format_plain_text):
    """Wrap myst-nb's number formatting of glued text: a thin-data placeholder stays as it is."""
    def formatted(text: str, fmt_spec: str) -> str:
        plain = str(text).strip().strip("'\"")
        if plain.startswith(THIN_TEXTS):
            return plain
        return format_plain_text(text, fmt_spec)

    formatted.__wrapped__ = format_plain_text
    return formatted


def _patch_glue_formatting() -> None:
    from myst_nb.core import variables
    from myst_nb.ext.glue import crossref, roles

    if getattr(variables.format_plain_text, "__wrapped__", None) is None:
        wrapped = keep_thin_text(variables.format_plain_text)
        for module in (variables, crossref, roles):
            if hasattr(module, "format_plain_text"):
                module.format_plain_text = wrapped


#: a paragraph with at least this many "not enough data" values is replaced by one sentence
THIN_PARAGRAPH = 2
THIN_SENTENCE = ("Not enough data for the numbers of this paragraph in this run (the note above the section's "
                 "chart or table says what was missing).")


def collapse_thin_paragraphs(app, doctree, docname) -> None:
    """In a run on thin data, a paragraph whose values are mostly "not enough data" reads as
    noise; say it once instead (a full run has no such value, so nothing changes there)."""
    from docutils import nodes

    for para in list(doctree.findall(nodes.paragraph)):
        if para.astext().count(THIN_TEXTS[0]) >= THIN_PARAGRAPH:
            para.children = [nodes.emphasis(text=THIN_SENTENCE)]


@lru_cache(maxsize=1)
def _pdf_unavailable() -> str | None:
    from . import pdf

    return pdf.unavailable()  # checked once per build


def pdf_link(app, pagename, templatename, context, doctree) -> None:
    """A header icon linking to the whole-book PDF (``book.pdf`` at the site root), with the
    right relative path from every page."""
    pathto = context.get("pathto")
    if pathto is None or _pdf_unavailable():
        return
    links = [link for link in (context.get("theme_icon_links") or []) if link.get("name") != "Whole book (PDF)"]
    links.append({"name": "Whole book (PDF)", "url": pathto("book.pdf", 1), "icon": "fa-solid fa-file-pdf",
                  "type": "fontawesome"})
    context["theme_icon_links"] = links


#: raw HTML that sphinx-thebe appends to every page with code (live code is off in this book)
THEBE_RAW = ("text/x-thebe-config", "<script>kernelName")
FALLBACK_IMG = re.compile(r'<img class="mc-chart-fallback"[^>]*>')


def drop_notebook_only_html(app, doctree, docname) -> None:
    """Remove from the page what only the notebooks need or only Thebe uses: the charts' PNG
    fallback (shown by nbconvert/nbviewer, where the chart library is not loaded; the book draws
    the chart) and sphinx-thebe's configuration (an unrelated example repository)."""
    from docutils import nodes

    for raw in list(doctree.findall(nodes.raw)):
        text = raw.astext()
        if any(mark in text for mark in THEBE_RAW):
            raw.parent.remove(raw)
        elif "mc-chart-fallback" in text:
            raw.parent.replace(raw, nodes.raw(raw.rawsource, FALLBACK_IMG.sub("", text), format=raw.get("format", "html")))


def drop_thebe_css(app, pagename, templatename, context, doctree) -> None:
    css = context.get("css_files")
    if css:
        context["css_files"] = [c for c in css if "thebe" not in str(getattr(c, "filename", c)).lower()]


META_FILE = "_meta.json"  # written by build.stage: the book's description and social card


def page_meta(app, pagename, templatename, context, doctree) -> None:
    """Description and social-card tags (Open Graph, Twitter) on every page, from the staged
    ``_meta.json``: the landing page's summary of the verdicts and a picture of them."""
    import html as html_lib
    import json
    from pathlib import Path

    meta_path = Path(app.srcdir) / META_FILE
    if not meta_path.exists():
        return
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    title = html_lib.escape(str(context.get("title") or meta.get("title", "")), quote=True)
    desc = html_lib.escape(meta.get("description", ""), quote=True)
    tags = [f'<meta name="description" content="{desc}" />',
            f'<meta property="og:title" content="{title}" />',
            f'<meta property="og:description" content="{desc}" />',
            '<meta property="og:type" content="book" />',
            '<meta name="twitter:card" content="summary_large_image" />']
    if meta.get("card"):
        card = context["pathto"](meta["card"], 1) if context.get("pathto") else meta["card"]
        tags.append(f'<meta property="og:image" content="{html_lib.escape(card, quote=True)}" />')
        tags.append(f'<meta property="og:image:alt" content="{html_lib.escape(meta.get("card_alt", ""), quote=True)}" />')
    context["metatags"] = context.get("metatags", "") + "\n".join(tags) + "\n"


def tidy_html(text: str) -> str:
    """Fix, in a written page, markup the themes get wrong for screen readers (axe-core): one
    viewport tag (the themes write three); the search field's name matching its visible text; the
    colour-mode icons' tooltips (they override the button's name); the code-cell toggles named
    by their visible text; bibliography entries as list items (``doc-biblioentry`` is deprecated
    and a list needs items)."""
    viewports = list(VIEWPORT.finditer(text))
    for m in reversed(viewports[1:]):
        text = text[:m.start()] + text[m.end():]
    text = re.sub(r'(<button class="btn search-button-field[^"]*"[^>]*?) aria-label="Search"', r"\1", text)
    text = re.sub(r'(<i class="theme-switch [^"]*"[^>]*?) title="[^"]*"', r'\1 aria-hidden="true"', text)
    text = text.replace('<summary aria-label="Toggle hidden content">', "<summary>")
    text = text.replace('role="doc-biblioentry"', 'role="listitem"')
    return text


VIEWPORT = re.compile(r'\s*<meta name="viewport"[^>]*>')


def tidy_pages(app, exception) -> None:
    from pathlib import Path

    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        tidy = tidy_html(text)
        if tidy != text:
            page.write_text(tidy, encoding="utf-8")


def copy_late_assets_early(app, env):
    """myst-nb's stylesheet and the offline MathJax are copied into ``_static`` only when the
    build finishes, after the pages are written; Sphinx links a static file with its checksum
    (``?v=...``) only when the file is already there. Copying them before the pages are written
    makes a page's HTML the same whether the site was built afresh or incrementally (so the PDF's
    page cache, keyed by the HTML, holds)."""
    if app.builder.format != "html":
        return
    import importlib

    from myst_nb.sphinx_ext import add_global_html_resources

    (Path(app.outdir) / "_static").mkdir(parents=True, exist_ok=True)
    add_global_html_resources(app, None)
    mathjax = importlib.import_module("sphinx-mathjax-offline")  # the distribution's module has a dash
    mathjax.copy_mathjax_files(app, None)


def setup(app):
    _pdf_unavailable.cache_clear()  # once per build, also when one process builds twice
    _patch_glue_formatting()
    app.connect("env-updated", copy_late_assets_early)
    app.connect("html-page-context", pdf_link)
    app.connect("doctree-resolved", collapse_thin_paragraphs)
    app.connect("doctree-resolved", drop_notebook_only_html, priority=900)  # after sphinx-thebe's (500)
    app.connect("html-page-context", clean_scripts, priority=900)
    app.connect("html-page-context", drop_thebe_css, priority=900)
    app.connect("html-page-context", page_meta)
    app.connect("build-finished", tidy_pages)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
