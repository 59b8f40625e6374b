"""WARC (ISO 28500) capture and reading: every fetched response kept as received.

`writer` writes request/response pairs into size-rotated WARC/1.1 files (FastWARC);
`reader` reads a record back at its recorded location, or every record of any WARC (warcio).
No Scrapy and no SQL here: the capture middleware, the store and the CLI use these.
"""
