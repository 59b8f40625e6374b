"""A real HTTP server on 127.0.0.1 serving one site's replica from `fixtures/sites/<site>/`.

The replica keeps the live site's absolute URLs. Discovery documents (robots.txt,
sitemaps, feeds) are served with the live origin rewritten to the server's own, so a
crawler that follows them stays on the replica; HTML pages are served verbatim, so their
canonical links still name the live site.

A site folder holds `_site.json`: ``{"origin": "https://www.huffpost.com", "routes":
{"/path": {"status": 301, "location": "/other", "file": "x.xml", "content_type": "..."}}}``.
A path without a route resolves to the file at that path, then with ``.html`` or ``.xml``
appended, then ``index.html`` inside it; anything else is a 404.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"
"""The repository's fixtures folder (the package is installed from a clone)."""

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".gz": "application/gzip",
}

NOT_FOUND_PAGE = b"<!DOCTYPE html><html><head><title>404 Not Found</title></head><body></body></html>"


def sites_dir() -> Path:
    """The folder holding one replica folder per site."""
    return FIXTURES_DIR / "sites"


def available_sites() -> list[str]:
    """Names of the sites that have a replica."""
    root = sites_dir()
    return sorted(p.name for p in root.iterdir() if (p / "_site.json").exists()) if root.exists() else []


@dataclass
class Response:
    """What the replica answers for one path."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


@dataclass
class Replica:
    """One site's replica folder and its routing rules."""

    root: Path
    origin: str
    routes: dict[str, dict[str, Any]]

    @classmethod
    def load(cls, site: str, root: Path | None = None) -> Replica:
        """The replica of `site` (a folder name under fixtures/sites), or the one in `root`."""
        root = sites_dir() / site if root is None else Path(root)
        config_path = root / "_site.json"
        if not config_path.exists():
            known = ", ".join(available_sites()) or "none"
            raise ValueError(f"no replica for site {site!r} (known: {known})")
        config = json.loads(config_path.read_text(encoding="utf-8"))
        return cls(root=root, origin=config["origin"].rstrip("/"), routes=config.get("routes", {}))

    def resolve_file(self, path: str) -> Path | None:
        """The file serving `path` (no query), or None for a 404."""
        route = self.routes.get(path, {})
        if "file" in route:
            return self.root / route["file"]
        relative = unquote(path).lstrip("/")
        if ".." in Path(relative).parts or relative.startswith("_"):
            return None
        base = self.root / relative
        for candidate in (base, Path(f"{base}.html"), Path(f"{base}.xml"), base / "index.html"):
            if candidate.is_file() and candidate.name != "_site.json":
                return candidate
        return None

    def respond(self, target: str, own_origin: str) -> Response:
        """The response to a request for `target` (path and query) made to `own_origin`."""
        path = urlsplit(target).path or "/"
        route = self.routes.get(path, {})
        if "location" in route:
            location = route["location"]
            if location.startswith(self.origin):
                location = own_origin + location[len(self.origin) :]
            return Response(route.get("status", 301), {"Location": location})
        file = self.resolve_file(path)
        if file is None:
            return Response(404, {"Content-Type": "text/html; charset=utf-8"}, NOT_FOUND_PAGE)
        body = file.read_bytes()
        content_type = route.get("content_type") or CONTENT_TYPES.get(
            file.suffix, "application/octet-stream"
        )
        if not content_type.startswith("text/html") and file.suffix != ".gz":
            body = body.replace(self.origin.encode(), own_origin.encode())
        return Response(route.get("status", 200), {"Content-Type": content_type}, body)


class FixtureServer:
    """A replica served on 127.0.0.1 in a background thread; records every request path."""

    def __init__(
        self, site: str = "huffpost", port: int = 0, host: str = "127.0.0.1", root: Path | None = None
    ) -> None:
        self.replica = Replica.load(site, root)
        self.site = site
        self.log: list[tuple[float, str]] = []
        """(time.monotonic(), path with query) of every request, in arrival order."""
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer((host, port), self._handler_class())
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``, the replica's origin."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            server_version = "newsharvest-fixtures/1"

            def _answer(self, with_body: bool) -> None:
                with server._lock:
                    server.log.append((time.monotonic(), self.path))
                response = server.replica.respond(self.path, server.base_url)
                self.send_response(response.status)
                for name, value in response.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(response.body)))
                self.end_headers()
                if with_body:
                    self.wfile.write(response.body)

            def do_GET(self) -> None:
                self._answer(with_body=True)

            def do_HEAD(self) -> None:
                self._answer(with_body=False)

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: the request list is the log."""

        return Handler

    def start(self) -> FixtureServer:
        """Serve in a background thread; returns self."""
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in the calling thread until interrupted."""
        self._server.serve_forever()

    def stop(self) -> None:
        """Stop serving and free the port."""
        self._server.shutdown()
        self._server.server_close()

    def requested(self, path_prefix: str) -> list[str]:
        """Requests whose path starts with `path_prefix`, in arrival order."""
        with self._lock:
            return [path for _, path in self.log if path.startswith(path_prefix)]


@contextmanager
def serving(site: str = "huffpost", port: int = 0) -> Iterator[FixtureServer]:
    """A started `FixtureServer`, stopped on exit."""
    server = FixtureServer(site, port).start()
    try:
        yield server
    finally:
        server.stop()
