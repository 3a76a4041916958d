"""Library behind the book "The Disappearing AI Middle Class".

Data flows one way: ``data`` (source files -> validated, tidy frames) -> ``analysis`` (frames
-> typed measures) -> ``claims`` (one verdict rule per claim of the article) -> ``book``
(measures -> chapter notebooks -> executed notebooks -> HTML). ``paths`` holds every project
path; ``errors`` the one-line error types.
"""

__version__ = "0.2.0"
