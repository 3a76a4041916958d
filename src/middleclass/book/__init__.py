"""Measures -> notebooks -> HTML: the chapter registry and parameters, the papermill runner,
the staged Jupyter Book build, generated pages, charts, provenance and ``compare``."""
