"""The HTML site: Jupyter Book (warnings as errors) run in this process on the staged tree,
incrementally where the navigation did not change, and the finished site swapped into place."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from pathlib import Path

from .. import paths
from ..errors import BuildError
from .stage import environment_key

NAV_FILE = ".middleclass-nav.json"  # in the Sphinx folder, written after a successful build


def navigation_key(stage_dir: Path) -> dict:
    """What every page shows of the others or of the site: the pages, their titles, the table of
    contents and the config, the static files, and the folders beside the pages. When it differs
    from the last successful build's, every page is built again (Sphinx alone would rewrite only
    the changed pages, leaving stale titles in the others' navigation)."""
    def title(path: Path) -> str:
        if path.suffix == ".ipynb":
            cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
            text = "\n".join("".join(c.get("source", "")) for c in cells if c.get("cell_type") == "markdown")
        else:
            text = path.read_text(encoding="utf-8")
        return next((ln for ln in text.splitlines() if ln.startswith("# ")), "")

    pages = sorted(p for p in stage_dir.rglob("*") if p.suffix in (".md", ".ipynb")
                   and p.relative_to(stage_dir).parts[0] not in ("_extra", "_static"))
    digest = lambda p: hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() else None  # noqa: E731
    return {
        "pages": {p.relative_to(stage_dir).as_posix(): title(p) for p in pages},
        "toc": digest(stage_dir / "_toc.yml"), "config": digest(stage_dir / "_config.yml"),
        "static": sorted(p.relative_to(stage_dir).as_posix() for p in (stage_dir / "_static").rglob("*") if p.is_file()),
        "extra": sorted(p.name for p in (stage_dir / "_extra").iterdir()) if (stage_dir / "_extra").exists() else [],
        "environment": environment_key(),  # tool versions; the PDF link in every page's header
    }


def last_navigation() -> dict | None:
    try:
        return json.loads((paths.SPHINX_DIR / NAV_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def jupyter_book_html(stage_dir: Path, out_dir: Path, full: bool = True) -> Path:
    """Run ``jupyter-book build`` (warnings as errors) with its output and Sphinx state in
    ``out_dir``; ``full`` rebuilds every page, otherwise only the pages whose staged files
    changed since the last build into ``out_dir``. Returns the folder holding the HTML; on
    failure ``out_dir``'s state is dropped, so the next build is a full one."""
    args = ["build", str(stage_dir), "--path-output", str(out_dir), "--builder", "html", "-W", "-n", "--keep-going"]
    if full:
        args.append("--all")
    returncode, text = _jupyter_book_in_process(args, stage_dir)
    html = out_dir / "_build" / "html"
    if returncode == 0 and (html / "index.html").exists():
        # Jupyter Book's redirect page has no icon link, so browsers ask for /favicon.ico (a 404)
        (html / "index.html").write_text(
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta http-equiv="Refresh" content="0; url=intro.html">'
            '<link rel="icon" href="_static/favicon.svg"><title>The Disappearing AI Middle Class</title></head>'
            '<body><p><a href="intro.html">Open the book</a></p></body></html>\n', encoding="utf-8")
    if returncode != 0 or not (html / "index.html").exists():
        problems = [ln.strip() for ln in text.splitlines() if "WARNING" in ln or "ERROR" in ln or "Error" in ln]
        first = problems[0] if problems else (text.strip().splitlines() or ["no output"])[-1]
        log = paths.BUILD_DIR / "jupyter-book.log"
        log.write_text(text, encoding="utf-8")
        shutil.rmtree(out_dir, ignore_errors=True)
        raise BuildError(f"jupyter-book build failed ({len(problems)} problem(s)); first: {first} (full log: {log})")
    return html


def _jupyter_book_in_process(args: list[str], cwd: Path) -> tuple[int, str]:
    """Run the ``jupyter-book`` command line in this process (exit code, its output). The build
    process has already imported the library, which the Code appendix's autodoc imports again
    in a separate ``jupyter-book`` process: in-process saves that and Jupyter Book's start-up."""
    import io

    from jupyter_book.cli.main import main as jupyter_book

    out = io.StringIO()
    here = os.getcwd()
    try:
        os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            try:
                jupyter_book.main(args=args, prog_name="jupyter-book", standalone_mode=False)
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
            except Exception as exc:  # noqa: BLE001 - reported with the log below
                out.write(f"ERROR: {type(exc).__name__}: {exc}\n")
                code = 1
    finally:
        os.chdir(here)
    return code, out.getvalue()


def swap_in(new_html: Path, target: Path | None = None) -> None:
    """Replace ``target`` (the site folder) with ``new_html`` (renames on one file system; old
    copy removed last)."""
    target = target or paths.HTML_DIR
    old = target.with_name(target.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(new_html, target)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)
