"""Library behind the book "The Disappearing AI Middle Class".

Data flows one way: ``sources`` (locate and hash files) -> ``load`` (validate with the
``schemas`` and tidy) -> analysis modules (``trends``, ``frontier``, ``compute``) ->
chapter notebooks (``charts`` and ``publish`` for output) -> ``runner`` / ``book``.
"""

__version__ = "0.1.0"
