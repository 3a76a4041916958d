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

VEGALITE_MIME = "application/vnd.vegalite.v6+json"  # a JSON mimetype: the spec is stored as an object


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


def setup(app):
    _pdf_unavailable.cache_clear()  # once per build, also when one process builds twice
    _patch_glue_formatting()
    app.connect("html-page-context", pdf_link)
    app.connect("doctree-resolved", collapse_thin_paragraphs)
    app.connect("html-page-context", clean_scripts, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
