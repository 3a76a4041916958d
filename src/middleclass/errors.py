"""Error types whose message is a single line meant for the author who ran the book."""


class MiddleclassError(Exception):
    """Base class: ``str(err)`` is a complete one-line message."""


class DataError(MiddleclassError):
    """A data file is missing, changed, empty or does not match its schema."""


class ParameterError(MiddleclassError):
    """A chapter parameter is unknown or has a value of the wrong type or range."""


class ChapterError(MiddleclassError):
    """A chapter failed while executing (names the chapter and the failing cell)."""


class BuildError(MiddleclassError):
    """The HTML book could not be built."""


#: what an operating-system error means for the author, by errno name
_CAUSES = {"ENOSPC": "disk full", "EDQUOT": "disk quota exceeded", "EROFS": "read-only file system",
           "EACCES": "permission denied", "EPERM": "operation not permitted", "ELOOP": "a symlink loop",
           "ENAMETOOLONG": "file name too long", "ENOTDIR": "a part of the path is a file, not a folder",
           "EISDIR": "is a folder, not a file", "ENOENT": "no such file or folder", "EEXIST": "already exists",
           "EIO": "input/output error", "EMFILE": "too many open files"}


def os_error_line(exc: OSError) -> str:
    """One line for an error of the machine (full disk, read-only folder, odd path): the path
    and the cause in words (ENOSPC is "disk full"). A ``shutil.Error`` listing hundreds of files
    gives its first and how many more."""
    import errno
    import shutil

    if isinstance(exc, shutil.Error) and exc.args and isinstance(exc.args[0], list) and exc.args[0]:
        first = exc.args[0][0]
        src, dst, why = (list(first) + [None, None, None])[:3]
        more = len(exc.args[0]) - 1
        return f"copying {_short(str(src))} to {_short(str(dst))}: {_cause_of(str(why))}" + (f" (and {more} more file(s))" if more else "")
    name = errno.errorcode.get(exc.errno or 0, "")
    cause = _CAUSES.get(name) or (exc.strerror or str(exc)).strip().splitlines()[0]
    where = _short(str(exc.filename)) if exc.filename is not None else "a file"
    also = f" -> {exc.filename2}" if getattr(exc, "filename2", None) else ""
    return f"{where}{also}: {cause}"


def _short(path: str, most: int = 120) -> str:
    """A path of at most ``most`` characters (its start and end kept)."""
    return path if len(path) <= most else f"{path[:70]}…{path[-40:]} ({len(path)} characters)"


def _cause_of(text: str) -> str:
    """The cause in a message such as ``[Errno 28] No space left on device: 'x'``."""
    import errno
    import re

    m = re.search(r"\[Errno (\d+)\]", text)
    name = errno.errorcode.get(int(m.group(1)), "") if m else ""
    return _CAUSES.get(name) or text.strip().splitlines()[0] if text.strip() else "unknown cause"
