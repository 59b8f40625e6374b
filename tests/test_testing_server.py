"""The fixture server answers like the live site: statuses, types, redirects, rewritten discovery."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from newsharvest.testing.server import FixtureServer

G20_PATH = "/entry/blinken-lavrov-meet-briefly-us-russia_n_64008c3fe4b0bdb99f4a563b"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def fetch(server: FixtureServer, path: str) -> tuple[int, dict[str, str], bytes]:
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(server.base_url + path, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_robots_txt_keeps_the_real_rules_and_points_sitemaps_at_the_replica(
    huffpost_server: FixtureServer,
) -> None:
    status, headers, body = fetch(huffpost_server, "/robots.txt")
    text = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    assert "Crawl-delay: 4" in text and "Disallow: /*?*page=" in text
    assert f"Sitemap: {huffpost_server.base_url}/sitemaps/sitemap-v1.xml" in text
    assert "https://www.huffpost.com" not in text


def test_article_html_is_served_verbatim(huffpost_server: FixtureServer) -> None:
    status, headers, body = fetch(huffpost_server, G20_PATH)
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert b'<link rel="canonical" href="https://www.huffpost.com' + G20_PATH.encode() in body
    assert int(headers["Content-Length"]) == len(body)


def test_feed_has_its_content_type_and_local_links(huffpost_server: FixtureServer) -> None:
    status, headers, body = fetch(huffpost_server, "/section/world-news/feed")
    assert status == 200 and headers["Content-Type"].startswith("application/rss+xml")
    assert f"{huffpost_server.base_url}{G20_PATH}".encode() in body


@pytest.mark.parametrize(
    "path", ["/entry/removed-story-example_n_6400a1b2e4b0c0ffee000001", "/_site.json", "/../README.md"]
)
def test_missing_and_private_paths_are_404(huffpost_server: FixtureServer, path: str) -> None:
    status, _, _ = fetch(huffpost_server, path)
    assert status == 404


def test_redirect_route(huffpost_server: FixtureServer) -> None:
    status, headers, _ = fetch(huffpost_server, "/2023/03/02/blinken-lavrov-g20")
    assert status == 301 and headers["Location"] == G20_PATH


def test_every_request_is_logged(huffpost_server: FixtureServer) -> None:
    fetch(huffpost_server, "/robots.txt")
    fetch(huffpost_server, G20_PATH + "?utm_source=x")
    assert huffpost_server.requested("/") == ["/robots.txt", G20_PATH + "?utm_source=x"]


def test_hostile_near_copies_are_made_when_served() -> None:
    """The hostile replica's article pages are HuffPost pages renamed (and some damaged) on the
    fly: none is committed, each is a distinct article."""
    source = "valcour-belle-ferry-lake-champlain-restoration_n_64034472e4b07c1d93a2b5f6"
    server = FixtureServer("hostile").start()
    try:
        status, headers, body = fetch(server, "/entry/hostile-cp1252-story_n_641000000000000000000003")
        assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
        with pytest.raises(UnicodeDecodeError):
            body.decode("utf-8")
        text = body.decode("cp1252")
        assert "hostile-cp1252-story_n_641000000000000000000003" in text and source not in text

        _, _, cut = fetch(server, "/entry/hostile-truncated-markup_b_641000000000000000000004")
        assert cut.decode().endswith("<p") is False and "</html>" not in cut.decode()

        _, _, amp = fetch(server, "/entry/hostile-amp-story_n_641000000000000000000006/amp")
        assert b"<html amp " in amp
    finally:
        server.stop()
    entry = server.replica.root / "entry"
    committed = ["hostile-challenge-page_n_641000000000000000000009.html"]
    assert sorted(p.name for p in entry.iterdir()) == committed
