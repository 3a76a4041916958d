"""A chapter as a function: ``measures(params, data) -> ChapterResult``.

Each chapter module of this package (compute, openness, capital, innovation, outlook,
replication) has a frozen ``Params`` dataclass (the chapter's parameters with their defaults,
the same the notebook's ``parameters`` cell declares) and a function ``measures`` that reads its
data through a :class:`~middleclass.data.view.DataView` (the sources cut at ``as_of`` once) and
returns a :class:`ChapterResult`: the typed measures the claims and the prose read, and the
parts (fits, tables, frames) its charts draw.

Thin data never stops a chapter: work runs ``with result.section("what it shows"):``; when an
estimator raises :class:`~middleclass.analysis.measures.NotEnoughData` the section is recorded
as thin with its note, and a later section that needs a part it did not produce (a NameError)
is recorded as thin with the first note. Asking the result for a part or a measure that a thin
section did not produce raises NotEnoughData, so the notebook's display of it says so.
"""

from __future__ import annotations

import contextlib
import dataclasses
from dataclasses import dataclass, field
from typing import Any

from .measures import NotEnoughData


class Measures(dict):
    """A chapter's measures (name -> Estimate, fit, table, number, flag or text); a measure the
    chapter did not produce raises :class:`NotEnoughData`, so the section that needs it says so."""

    chapter = ""

    def __missing__(self, key):
        raise NotEnoughData(0, 1, f"the {self.chapter} chapter's measure '{key}'")


def measures_of(chapter: str, values: dict | None = None) -> Measures:
    out = Measures(values or {})
    out.chapter = chapter
    return out


@dataclass
class ChapterResult:
    """What a chapter function returns: ``measures`` (stored in the executed notebook, read by
    the claims), ``parts`` (what its charts and sentences draw from, by name), ``thin`` (the
    sections that had too little data: (what, note)) and ``reads`` (the data files read)."""

    chapter: str
    params: Any
    measures: Measures = field(default_factory=Measures)
    parts: dict = field(default_factory=dict)
    thin: list = field(default_factory=list)
    reads: list = field(default_factory=list)

    def __post_init__(self):
        self.measures = measures_of(self.chapter, self.measures)

    def record(self, measures: dict) -> None:
        self.measures.update(measures)

    def keep(self, **parts) -> None:
        self.parts.update(parts)

    def __getattr__(self, name: str):
        if name.startswith("_") or name in ("chapter", "params", "measures", "parts", "thin", "reads"):
            raise AttributeError(name)
        parts = self.__dict__.get("parts", {})
        if name in parts:
            return parts[name]
        thin = self.__dict__.get("thin") or []
        if thin:
            raise NotEnoughData(0, 1, f"{name} (the section that computes it had too little data: {thin[0][1]})")
        raise AttributeError(f"the {self.__dict__.get('chapter')} chapter has no part '{name}'")

    @property
    def thin_note(self) -> str:
        """The first thin section's note ('' when none was thin)."""
        return self.thin[0][1] if self.thin else ""

    @contextlib.contextmanager
    def section(self, what: str):
        """Run a section's work; on too few observations record it as thin instead of failing.
        A section that needs what an earlier thin section did not produce is thin too."""
        try:
            yield
        except NotEnoughData as exc:
            self.thin.append((what, exc.note))
        except NameError:
            if not self.thin:
                raise
            self.thin.append((what, self.thin[0][1]))


def params_from(cls, values: dict):
    """A ``Params`` dataclass from a namespace (a notebook's globals, a dict of parameters):
    the fields it declares, the rest ignored."""
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: v for k, v in values.items() if k in names})
