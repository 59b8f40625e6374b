"""A real HTTP server on 127.0.0.1 serving one site's replica from `newsharvest/testing/replicas/<site>/`.

The replica keeps the live site's absolute URLs. Discovery documents (robots.txt,
sitemaps, feeds) are served with the live origin rewritten to the server's own, so a
crawler that follows them stays on the replica; HTML pages are served verbatim, so their
canonical links still name the live site.

A site folder holds `_site.json`: ``{"origin": "https://www.huffpost.com", "routes":
{"/path": {"status": 301, "location": "/other", "file": "x.xml", "content_type": "..."}}}``.
A path without a route resolves to the file at that path, then with ``.html`` or ``.xml``
appended, then ``index.html`` inside it; anything else is a 404.

``"copies"`` maps a file path of the replica to a near-copy of another replica's page,
made when served rather than committed: ``{"entry/new-slug.html": {"from":
"huffpost/entry/old-slug.html", "rename": ["old-slug", "new-slug"], "damage": KIND}}``, the
old slug replaced by the new one (a distinct article), then optionally damaged: ``cp1252``
(re-encoded while served as UTF-8), ``cut_in_tag`` (cut off inside the fourth body
paragraph's tag) or ``amp`` (marked as an AMP page).

A route may also misbehave on purpose (the hostile replica, ``newsharvest/testing/replicas/hostile``):
``{"hostile": KIND, ...}`` with KIND one of

- ``gzip_bomb``, ``deflate_bomb``, ``br_bomb``: a body of ``size_mb`` MB (default 64) of HTML
  compressed with that Content-Encoding (``content_type`` default text/html);
- ``gzip_file``: the same gzip bytes without Content-Encoding (a bomb posing as a ``.gz``
  file, or as HTML when ``content_type`` says so);
- ``oversize``: ``size_mb`` MB of HTML with its Content-Length; ``oversize_unannounced``: the
  same streamed without one, until the client gives up;
- ``drop_connection``: the connection closed without an answer;
- ``truncated``: the ``file``'s Content-Length announced, half of it sent, then closed;
- ``retry_after``: ``status`` (default 429) with ``Retry-After: retry_after`` (default 3600)
  for the first ``times`` requests (default: all), then the file as usual;
- ``sitemap_index``: a generated sitemap index of ``children`` entries.

`FixtureServer` takes extra ``routes`` (overriding the site's) and ``substitutions`` (text
replaced in everything but HTML pages, and in redirect targets), so one replica can play
several hosts in a test, and ``compress`` (``"br"``, ``"gzip"`` or ``"deflate"``): answers
then come compressed with that Content-Encoding to a client whose Accept-Encoding lists it,
as most news sites answer (`encoded` gives the bytes sent); and ``held`` paths, whose first
request is left unanswered until `release` (or `stop`): a crawler stuck at that point.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from newsharvest.testing.generated import (
    accepts,
    compressed_html,
    encoded,
    html_of_size,
    near_copy,
    sitemap_index,
)

REPLICAS_DIR = Path(__file__).resolve().parent / "replicas"
"""The replicas, shipped as package data so `newsharvest demo` works from any install."""

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".gz": "application/gzip",
}

REPLICA_LAST_MODIFIED = "Thu, 02 Mar 2023 12:00:00 GMT"
"""Last-Modified of every replica file (they never change while served)."""

NOT_FOUND_PAGE = b"<!DOCTYPE html><html><head><title>404 Not Found</title></head><body></body></html>"


def sites_dir() -> Path:
    """The folder holding one replica folder per site."""
    return REPLICAS_DIR


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
    action: str | None = None
    """How to misbehave while sending: "drop", "truncate" or "stream" (see the module doc)."""


@dataclass
class Replica:
    """One site's replica folder and its routing rules."""

    root: Path
    origin: str
    routes: dict[str, dict[str, Any]]
    copies: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Files made from another replica's page when served (see the module doc)."""
    substitutions: dict[str, str] = field(default_factory=dict)
    """Text replaced in served discovery documents and redirect targets (per-test hosts)."""
    hits: Counter[str] = field(default_factory=Counter)
    """Requests per path so far (for routes that misbehave only the first ``times``)."""

    @classmethod
    def load(cls, site: str, root: Path | None = None) -> Replica:
        """The replica of `site` (a folder name under `REPLICAS_DIR`), or the one in `root`."""
        root = sites_dir() / site if root is None else Path(root)
        config_path = root / "_site.json"
        if not config_path.exists():
            known = ", ".join(available_sites()) or "none"
            raise ValueError(f"no replica for site {site!r} (known: {known})")
        config = json.loads(config_path.read_text(encoding="utf-8"))
        return cls(
            root=root,
            origin=config["origin"].rstrip("/"),
            routes=config.get("routes", {}),
            copies=config.get("copies", {}),
        )

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
            made = self._copy_of(candidate) is not None
            if made or (candidate.is_file() and candidate.name != "_site.json"):
                return candidate
        return None

    def read(self, file: Path) -> bytes:
        """The bytes of a file `resolve_file` named: a near-copy made now, or the file itself."""
        spec = self._copy_of(file)
        if spec is None:
            return file.read_bytes()
        return near_copy(self.root.parent / spec["from"], tuple(spec["rename"]), spec.get("damage"))

    def _copy_of(self, file: Path) -> dict[str, Any] | None:
        try:
            return self.copies.get(file.relative_to(self.root).as_posix())
        except ValueError:
            return None

    def respond(self, target: str, own_origin: str) -> Response:
        """The response to a request for `target` (path and query) made to `own_origin`."""
        path = urlsplit(target).path or "/"
        route = self.routes.get(path, {})
        self.hits[path] += 1
        if "hostile" in route:
            hostile = self._hostile(route, self.hits[path], own_origin)
            if hostile is not None:
                return hostile
        if "location" in route:
            location = self._substitute(route["location"])
            if location.startswith(self.origin):
                location = own_origin + location[len(self.origin) :]
            return Response(route.get("status", 301), {"Location": location})
        file = self.resolve_file(path)
        if file is None:
            return Response(404, {"Content-Type": "text/html; charset=utf-8"}, NOT_FOUND_PAGE)
        body = self.read(file)
        content_type = route.get("content_type") or CONTENT_TYPES.get(
            file.suffix, "application/octet-stream"
        )
        if not content_type.startswith("text/html") and file.suffix != ".gz":
            body = self._substitute(body.replace(self.origin.encode(), own_origin.encode()))
        status = 200 if "hostile" in route else route.get("status", 200)  # a hostile "status" is its own
        return Response(status, {"Content-Type": content_type}, body)

    def _substitute(self, text: Any) -> Any:
        """`text` (str or bytes) with the per-test substitutions made."""
        for old, new in self.substitutions.items():
            if isinstance(text, bytes):
                text = text.replace(old.encode(), new.encode())
            else:
                text = text.replace(old, new)
        return text

    def _hostile(self, route: dict[str, Any], hit: int, own_origin: str) -> Response | None:
        """The misbehaving answer of a ``hostile`` route; None to answer normally this time."""
        kind = route["hostile"]
        size = int(float(route.get("size_mb", 64)) * 1024 * 1024)
        content_type = route.get("content_type", "text/html; charset=utf-8")
        encodings = {"gzip_bomb": "gzip", "deflate_bomb": "deflate", "br_bomb": "br"}
        if kind in encodings:
            body = compressed_html(encodings[kind], size)
            return Response(200, {"Content-Type": content_type, "Content-Encoding": encodings[kind]}, body)
        if kind == "gzip_file":
            return Response(200, {"Content-Type": content_type}, compressed_html("gzip", size))
        if kind == "oversize":
            return Response(200, {"Content-Type": content_type}, html_of_size(size))
        if kind == "oversize_unannounced":
            return Response(200, {"Content-Type": content_type}, html_of_size(size), action="stream")
        if kind == "drop_connection":
            return Response(0, action="drop")
        if kind == "truncated":
            body = self.read(self.root / route["file"])
            return Response(200, {"Content-Type": content_type}, body, action="truncate")
        if kind == "retry_after":
            if hit > int(route.get("times", 1 << 30)):
                return None
            headers = {"Retry-After": str(route.get("retry_after", "3600")), "Content-Type": content_type}
            return Response(int(route.get("status", 429)), headers, b"<html><body>Slow down</body></html>")
        if kind == "sitemap_index":
            body = sitemap_index(own_origin, int(route["children"]))
            return Response(200, {"Content-Type": "application/xml"}, body)
        raise ValueError(f"unknown hostile route kind {kind!r}")


class _FastThreadingHTTPServer(ThreadingHTTPServer):
    """A threading server with a listen queue for a crawler's burst of connections (default 5)."""

    request_queue_size = 128


class FixtureServer:
    """A replica served on 127.0.0.1 in a background thread; records every request path."""

    def __init__(
        self,
        site: str = "huffpost",
        port: int = 0,
        host: str = "127.0.0.1",
        root: Path | None = None,
        *,
        routes: dict[str, dict[str, Any]] | None = None,
        substitutions: dict[str, str] | None = None,
        compress: str | None = None,
        held: tuple[str, ...] = (),
    ) -> None:
        self.replica = Replica.load(site, root)
        self.held = set(held)
        """Paths whose first request waits for `release` before it is answered."""
        self._released = threading.Event()
        self.compress = compress
        """The Content-Encoding of answers to clients that accept it (None: never)."""
        self.replica.routes = {**self.replica.routes, **(routes or {})}
        self.replica.substitutions = dict(substitutions or {})
        self.site = site
        self.log: list[tuple[float, str]] = []
        """(time.monotonic(), path with query) of every request, in arrival order."""
        self.headers: list[dict[str, str]] = []
        """The request headers of every request, in the order of `log`."""
        self._lock = threading.Lock()
        self._server = _FastThreadingHTTPServer((host, port), self._handler_class())
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
            disable_nagle_algorithm = True  # keep-alive answers would otherwise wait ~40 ms for ACKs
            server_version = "newsharvest-fixtures/1"

            def _answer(self, with_body: bool) -> None:
                with server._lock:
                    server.log.append((time.monotonic(), self.path))
                    server.headers.append(dict(self.headers.items()))
                    response = server.replica.respond(self.path, server.base_url)
                    path = urlsplit(self.path).path
                    hold = path in server.held and server.replica.hits[path] == 1
                if hold:
                    server._released.wait()
                if response.status == 200 and response.action is None:  # validators; 304 when they match
                    etag = f'"{zlib.crc32(response.body):08x}"'
                    response.headers.update({"ETag": etag, "Last-Modified": REPLICA_LAST_MODIFIED})
                    match = self.headers.get("If-None-Match")
                    if match == etag or (not match and self.headers.get("If-Modified-Since")):
                        response = Response(304, {"ETag": etag})
                coding = server.compress
                if (
                    coding
                    and response.body
                    and response.action is None
                    and "Content-Encoding" not in response.headers
                ):
                    if accepts(self.headers.get("Accept-Encoding"), coding):
                        body = encoded(response.body, coding)
                        response = Response(
                            response.status, {**response.headers, "Content-Encoding": coding}, body
                        )
                    response.headers["Vary"] = "Accept-Encoding"
                if response.action == "drop":
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                self.send_response(response.status)
                for name, value in response.headers.items():
                    self.send_header(name, value)
                if response.action == "stream":
                    self.send_header("Connection", "close")
                    self.close_connection = True
                else:
                    self.send_header("Content-Length", str(len(response.body)))
                self.end_headers()
                if not with_body:
                    return
                try:
                    self._send_body(response)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up, as it should
                    self.close_connection = True

            def _send_body(self, response: Response) -> None:
                if response.action == "truncate":
                    self.wfile.write(response.body[: len(response.body) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                elif response.action == "stream":
                    for start in range(0, len(response.body), 64 * 1024):
                        self.wfile.write(response.body[start : start + 64 * 1024])
                else:
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

    def release(self) -> None:
        """Answer the requests held (``held``), and those to come."""
        self._released.set()

    def stop(self) -> None:
        """Stop serving and free the port."""
        self.release()
        self._server.shutdown()
        self._server.server_close()

    def requested(self, path_prefix: str) -> list[str]:
        """Requests whose path starts with `path_prefix`, in arrival order."""
        with self._lock:
            return [path for _, path in self.log if path.startswith(path_prefix)]


@contextmanager
def serving(site: str = "huffpost", port: int = 0, **options: Any) -> Iterator[FixtureServer]:
    """A started `FixtureServer`, stopped on exit (`options`: its root, routes, substitutions)."""
    server = FixtureServer(site, port, **options).start()
    try:
        yield server
    finally:
        server.stop()
