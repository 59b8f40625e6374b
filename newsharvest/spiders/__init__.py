"""FETCH: spiders discover and download pages; they yield `RawPage` items and parse nothing."""
