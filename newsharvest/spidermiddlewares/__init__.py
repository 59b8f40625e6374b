"""Spider middlewares: what becomes of discovered requests and failed ones; one component per module."""
