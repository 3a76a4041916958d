"""Every path the project uses, in one place.

Environment variables: ``MIDDLECLASS_DATA_DIR`` (data root, default ``../shared/data`` beside
the project), ``MIDDLECLASS_BUILD_DIR`` (default ``_build``), ``MIDDLECLASS_MANIFEST`` (default
``data/sources.yml``). Modules read these names at call time (``paths.EXECUTED_DIR``), so a
test may point one elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
LIBRARY_DIR = Path(__file__).resolve().parent
DATA_DIR_ENV = "MIDDLECLASS_DATA_DIR"

MANIFEST_PATH = Path(os.environ.get("MIDDLECLASS_MANIFEST") or PROJECT_ROOT / "data" / "sources.yml")
CURATED_DIR = PROJECT_ROOT / "data" / "curated"
REQUIREMENTS = PROJECT_ROOT / "requirements.txt"
STATIC_DIR = PROJECT_ROOT / "_static"

def resolved(path) -> Path:
    """``path`` made absolute with its symlinks followed; a symlink loop is kept as written (it
    is reported, with its path, where it is first opened)."""
    try:
        return Path(path).expanduser().resolve()
    except RuntimeError:  # Python 3.11 raises RuntimeError on a symlink loop
        return Path(os.path.abspath(Path(path).expanduser()))


BUILD_DIR = resolved(os.environ.get("MIDDLECLASS_BUILD_DIR") or PROJECT_ROOT / "_build")
EXECUTED_DIR = BUILD_DIR / "executed"  # executed chapter notebooks
STAGE_DIR = BUILD_DIR / "book"  # the book tree handed to Jupyter Book
SPHINX_DIR = BUILD_DIR / "sphinx"  # Jupyter Book's output and Sphinx state, kept between builds
HTML_DIR = BUILD_DIR / "html"  # the published site
CACHE_DIR = BUILD_DIR / "cache"  # vega bundle, data status, verdict history

CHART_DATA_LINK = "chart-data"  # folder of the site holding the CSV behind each chart
CURATED_LINK = "curated"  # folder of the site holding the curated tables for download


def data_root() -> Path:
    """``$MIDDLECLASS_DATA_DIR`` or ``<project>/../shared/data``."""
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return resolved(env)
    return resolved(PROJECT_ROOT.parent / "shared" / "data")
