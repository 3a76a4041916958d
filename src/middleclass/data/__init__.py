"""Source files -> validated, tidy frames.

``sources`` locates each file of the manifest and checks its sha256; ``schemas`` holds one
pandera schema per source; ``validate`` reads a file against its schema with one-line errors
and logs the read for provenance; ``epoch``, ``performance``, ``funding`` and ``curated`` hold
one loader per source; ``refresh`` checks and fetches new copies. Nothing here imports the
analysis or the book.
"""
