"""The build side: parameters in effect (plan), papermill runs (execute), the verdict history,
the staged book (stage, pages), Jupyter Book (site), the PDF and ``compare``. No chapter kernel
imports this package."""
