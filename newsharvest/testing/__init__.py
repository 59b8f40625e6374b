"""Demo and test infrastructure: the replica server and the site replicas it serves (package data)."""
