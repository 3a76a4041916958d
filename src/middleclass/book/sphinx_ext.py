"""A small Sphinx extension for the book's HTML.

Live code (thebe) is off in this book, but sphinx-thebe still registers its configuration
script, twice under Jupyter Book 1.x ("Identifier 'THEBE_JS_URL' has already been declared"
in the browser console) and names a CDN in it. This drops those scripts from every page and
any exact duplicate script, so pages load only what the book serves itself.
"""

from __future__ import annotations


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


def setup(app):
    app.connect("html-page-context", clean_scripts, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
