"""The kernel side: what a chapter notebook imports to show its results (publish, figures,
charts, prose, badges). Nothing here imports the book side (:mod:`middleclass.book`)."""
