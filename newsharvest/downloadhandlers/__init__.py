"""Download handlers: the last step before a request leaves for the network."""
