"""The kernel side: what a chapter notebook imports to show its results (publish, figures,
charts, prose, badges). Nothing here imports the build side (:mod:`middleclass.build`)."""
