"""Tidy frames -> typed measures (:mod:`~middleclass.analysis.measures`): pure, tested functions.

``trends`` fits growth rates and counts, ``frontier`` selects frontier models, and one module
per chapter holds its measures (``compute``, ``openness``, ``capital``, ``innovation``,
``outlook``). Nothing here imports the book.
"""
