"""Private output types a chapter notebook writes and the build reads back (kept free of heavy
imports: the Sphinx extension reads them too)."""

PROVENANCE_MIME = "application/vnd.middleclass.provenance+json"  # the data files the chapter read
MEASURES_MIME = "application/vnd.middleclass.measures+json"  # its measures, as plain JSON
VERDICTS_MIME = "application/vnd.middleclass.verdicts+json"  # the verdicts of its claims
VEGALITE_MIME = "application/vnd.vegalite.v6+json"  # a chart's spec with its data (a JSON mimetype)
