"""What each executed notebook records for reviewers: parameters, data files and their sha256,
package versions, git commit and the cache key; and the markdown that shows it."""

from __future__ import annotations

import platform
from functools import lru_cache
from pathlib import Path
import subprocess
from importlib import metadata

from ..paths import PROJECT_ROOT

#: private mimetypes of chapter outputs that the runner moves into the notebook's metadata:
#: the files a chapter read, its measures, its verdicts

KEY_PACKAGES = [
    "middleclass", "pandas", "numpy", "scipy", "statsmodels", "altair", "vl-convert-python", "pandera",
    "papermill", "jupyter-book", "myst-nb", "sphinx",
]


def package_versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in KEY_PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def git_commit() -> str:
    """HEAD commit of the project, with '+dirty' when tracked files have uncommitted changes."""
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=PROJECT_ROOT, capture_output=True, text=True,
                              check=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=PROJECT_ROOT,
                               capture_output=True, text=True, timeout=10).stdout.strip()
        return head + ("+dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown (not a git checkout)"


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


@lru_cache(maxsize=1)
def repository_url() -> str:
    """The repository URL configured in ``_config.yml`` (``repository: url:``), or ''."""
    import yaml

    try:
        cfg = yaml.safe_load((PROJECT_ROOT / "_config.yml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return ""
    return str((cfg.get("repository") or {}).get("url") or "").rstrip("/")


def source_links(record: dict, site_prefix: str = "../") -> str:
    """Links to the chapter's MyST source: the copy published with the book, and the file in the
    repository at the commit that executed it (when a repository URL is configured)."""
    file = record["chapter_file"]
    links = [f'<a href="{site_prefix}sources/{file}">{file}</a> (as published with this book)']
    repo, commit = repository_url(), str(record.get("commit", "")).split("+")[0]
    if repo and commit and " " not in commit:
        links.append(f'<a href="{repo}/blob/{commit}/{file}">in the repository at commit {commit[:12]}</a>')
    return "Source of this chapter: " + "; ".join(links) + "."


def markdown(record: dict, notebook_href: str | None = None, heading: str | None = "##",
             site_prefix: str = "../") -> str:
    """A Markdown block describing one executed chapter (used in the chapter and the
    Reproducibility page). ``record`` is the notebook's ``metadata.middleclass``; ``heading``
    None leaves out the section heading; ``site_prefix`` leads from the page to the site root."""
    lines = [f"{heading} Provenance of this chapter", ""] if heading else []
    lines.append(
        f"Executed {record['executed_at']} at commit `{record['commit']}`; cache key `{record['cache_key'][:16]}`."
    )
    if notebook_href:
        lines.append(f"Download the executed notebook: {{download}}`{Path(record['chapter_file']).stem}.ipynb <{notebook_href}>`.")
    lines += ["", source_links(record, site_prefix)]
    lines += ["", "| parameter | value | default |", "|---|---|---|"]
    for name, value in record["parameters"].items():
        default = record["defaults"].get(name)
        mark = "" if value == default else " (changed)"
        lines.append(f"| `{_cell(name)}` | `{_cell(repr(value))}`{mark} | `{_cell(repr(default))}` |")
    lines += ["", "| data file | source | sha256 | check | rows |", "|---|---|---|---|---|"]
    for read in record["data_files"]:
        own = read["source"].startswith("curated_") and str(read["label"]).startswith("data/curated/")
        check = ("matches the pinned hash" if read["pinned"] else
                 "the book's curated table, hash recorded" if own else "author file, hash recorded")
        aliases = read.get("aliases") or {}
        if aliases:
            check += "; columns read under other names: " + ", ".join(f"'{a}' as '{c}'" for c, a in aliases.items())
        if read.get("absent"):
            check += "; not in the file (not used by this chapter): " + ", ".join(f"'{c}'" for c in read["absent"])
        lines.append(f"| `{_cell(read['label'])}` | {_cell(read['source'])} | `{read['sha256']}` | {_cell(check)} | "
                     f"{read['rows']} |")
    lines += ["", "| package | version |", "|---|---|"]
    for name, version in record["packages"].items():
        lines.append(f"| {name} | {version} |")
    return "\n".join(lines) + "\n"
