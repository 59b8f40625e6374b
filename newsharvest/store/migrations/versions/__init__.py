"""One module per schema version, oldest first (``0001_...``)."""
