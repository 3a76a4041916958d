"""The sources manifest (``data/sources.yml``): where each input file is, and its pinned sha256.

The data root is ``$MIDDLECLASS_DATA_DIR`` if set, else ``../shared/data`` relative to the
project root. Every file the book reads is listed in the manifest with its publisher, licence,
canonical URL, sha256 and the columns the book uses.
"""

from __future__ import annotations

import csv
import hashlib
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from .. import paths
from ..errors import DataError
from ..paths import DATA_DIR_ENV, data_root


@dataclass(frozen=True)
class Source:
    """One manifest entry."""

    id: str
    path: str  # relative to the data root
    title: str
    publisher: str
    licence: str
    url: str
    sha256: str
    columns: tuple[str, ...]
    page: str = ""
    notes: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def location(self) -> Path:
        """Absolute path of the file under the current data root."""
        return data_root() / self.path

    @property
    def aliases(self) -> dict[str, list[str]]:
        """Column name -> other names it has in other vintages of the file (manifest ``aliases``)."""
        return {k: list(v) for k, v in (self.extra.get("aliases") or {}).items()}

    @property
    def optional(self) -> tuple[str, ...]:
        """Columns a loader can do without (manifest ``optional``): missing ones are read as
        empty unless the chapter says it uses them."""
        return tuple(self.extra.get("optional") or ())

    def required(self, needs=()) -> list[str]:
        """The columns a file must have when a chapter uses ``needs`` of the optional ones."""
        return [c for c in self.columns if c not in self.optional or c in set(needs)]


@lru_cache(maxsize=4)
def _read_manifest(path: str, mtime: float) -> dict[str, Source]:
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise DataError(f"{path}:{where}: not valid YAML ({getattr(exc, 'problem', None) or exc})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: cannot be read ({exc})") from None
    if not isinstance(raw, dict):
        raise DataError(f"{path}: expected a mapping with a 'sources' key")
    out = {}
    for sid, entry in (raw.get("sources") or {}).items():
        known = {k: entry[k] for k in ("path", "title", "publisher", "licence", "url", "sha256") if k in entry}
        missing = {"path", "title", "publisher", "licence", "url", "sha256"} - set(known)
        if missing:
            raise DataError(f"{path}: source '{sid}' lacks field(s) {', '.join(sorted(missing))}")
        out[sid] = Source(
            id=sid,
            columns=tuple(entry.get("columns") or ()),
            page=entry.get("page", ""),
            notes=entry.get("notes", ""),
            extra={k: v for k, v in entry.items() if k not in known and k not in ("columns", "page", "notes")},
            **known,
        )
    return out


def manifest(path: Path | None = None) -> dict[str, Source]:
    """All sources, keyed by id."""
    p = Path(path or paths.MANIFEST_PATH)
    try:
        mtime = p.stat().st_mtime
    except OSError as exc:
        from ..errors import os_error_line

        raise DataError(f"the manifest of sources (data/sources.yml or $MIDDLECLASS_MANIFEST) cannot be read: "
                        f"{os_error_line(exc)}") from None
    return _read_manifest(str(p), mtime)


def get_source(source_id: str) -> Source:
    sources = manifest()
    if source_id not in sources:
        raise DataError(f"unknown source '{source_id}' (known: {', '.join(sorted(sources))})")
    return sources[source_id]


_DIGESTS: dict[tuple, str] = {}


def sha256_file(path: Path, _chunk: int = 1 << 20) -> str:
    """Hex sha256 of a file's bytes (computed once per file version in a process: remembered
    by path, size and modification time)."""
    try:
        st = os.stat(path)
        stamp = (str(paths.resolved(path)), st.st_size, st.st_mtime_ns)
    except OSError:
        stamp = None
    if stamp in _DIGESTS:
        return _DIGESTS[stamp]
    digest = _sha256(path, _chunk)
    if stamp is not None:
        _DIGESTS[stamp] = digest
    return digest


def _sha256(path: Path, _chunk: int) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(_chunk):
            h.update(block)
    return h.hexdigest()


def no_file(path: Path) -> str:
    """Why ``path`` cannot be read as a file: 'is a folder, not a file' or 'file not found'."""
    return "is a folder, not a file" if Path(path).is_dir() else "file not found"


@dataclass(frozen=True)
class ResolvedFile:
    """A file about to be read: where it is, its hash, and whether that hash was pinned."""

    source_id: str
    path: Path
    sha256: str
    pinned: bool  # True: checked against the manifest; False: an author's file, hash recorded


def resolve(source_id: str, override: str | os.PathLike | None = None) -> ResolvedFile:
    """Locate a source's file and check it.

    With no ``override`` the file under the data root must match the manifest's sha256.
    With an ``override`` (an author's own file) the hash is recorded instead of checked.
    Raises :class:`DataError` with a one-line message when the file is missing or changed.
    """
    src = get_source(source_id)
    if override not in (None, ""):
        path = paths.resolved(override)
        if not path.is_file():
            raise DataError(f"{path}: {no_file(path)} (given for source '{source_id}')")
        check_columns(str(path), path, src.required(), src.extra.get("encoding", "utf-8"), src.aliases)
        return ResolvedFile(source_id, path, sha256_file(path), pinned=False)
    path = src.location()
    if not path.is_file():
        if path.is_dir():
            raise DataError(f"{src.path}: is a folder, not a file, under the data root {data_root()}")
        raise DataError(
            f"{src.path}: file not found under the data root {data_root()} "
            f"(set {DATA_DIR_ENV} to the folder that holds it)"
        )
    digest = sha256_file(path)
    if digest != src.sha256:
        raise DataError(
            f"{src.path}: sha256 mismatch: data/sources.yml pins {src.sha256[:12]}…, the file has "
            f"{digest[:12]}… (the file was changed or corrupted; pass an author file through the "
            f"chapter's path parameter or update the pin)"
        )
    return ResolvedFile(source_id, path, digest, pinned=True)


_BOMS = {b"\xff\xfe\x00\x00": "UTF-32", b"\x00\x00\xfe\xff": "UTF-32", b"\xff\xfe": "UTF-16",
         b"\xfe\xff": "UTF-16"}


def text_encoding(path: Path, declared: str = "utf-8", label: str | None = None) -> str:
    """The encoding to read ``path`` with: ``declared`` (UTF-8 by default), or 'utf-8-sig' when
    the file starts with a UTF-8 byte-order mark. A file that cannot be opened, is a folder, is
    in UTF-16/32 or is not valid text in the declared encoding raises a one-line DataError."""
    label = label or str(path)
    try:
        if Path(path).is_dir():
            raise DataError(f"{label}: is a folder, not a CSV file")
        with open(path, "rb") as fh:
            data = fh.read()
    except PermissionError:
        raise DataError(f"{label}: cannot be read (permission denied)") from None
    except FileNotFoundError:
        raise DataError(f"{label}: file not found") from None
    except OSError as exc:
        raise DataError(f"{label}: cannot be read ({exc.strerror or exc})") from None
    for bom, name in _BOMS.items():
        if data.startswith(bom):
            raise DataError(f"{label}: the file is {name} text; save it as UTF-8 (e.g. 'CSV UTF-8' in a spreadsheet)")
    encoding = declared
    if declared.lower().replace("_", "-") in ("utf-8", "utf8") and data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    try:
        data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise DataError(f"{label}: not {declared.upper()} text (byte 0x{data[exc.start]:02x} on line {line}); "
                        f"save it as {declared.upper()}") from None
    return encoding


def header(path: Path, encoding: str = "utf-8", label: str | None = None) -> list[str]:
    """The CSV header row of ``path`` (empty list for an empty file); any line ending."""
    enc = text_encoding(path, encoding, label)
    with open(path, newline="", encoding=enc) as fh:
        return next(csv.reader(fh), [])


def check_columns(label: str, path: Path, columns, encoding: str = "utf-8", aliases: dict | None = None) -> None:
    """Raise a one-line DataError when ``path`` lacks any of ``columns`` (a column present
    under one of its ``aliases`` counts as present)."""
    text_encoding(path, encoding, label)  # readable, decodable: else one line naming the file
    if path.stat().st_size == 0:
        raise DataError(f"{label}: empty file (no header, no rows)")
    have = header(path, encoding, label)
    present = set(have) | {c for c, names in (aliases or {}).items() if set(names) & set(have)}
    missing = [c for c in columns if c not in present]
    if missing:
        raise DataError(
            f"{label}: missing column(s) {', '.join(repr(c) for c in missing)} "
            f"(the file has {len(have)} columns, e.g. {', '.join(repr(c) for c in have[:4])})"
        )
