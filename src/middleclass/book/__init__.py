"""The book side, what makes the book from the chapters: the parameters in effect (plan),
papermill runs (execute), the verdict history, the staged tree (stage, pages), Jupyter Book
(site), the PDF and ``compare``. No chapter kernel imports this package (its notebooks import
:mod:`middleclass.notebook`)."""
