"""Downloader middlewares: what is fetched, and how politely; one component per module."""
