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
