"""Identity URLs: every address of one story maps to the same string."""

from __future__ import annotations

import pytest

from newsharvest.store.identity import identity_url

SAME_STORY = [
    "https://www.huffpost.com/entry/story_n_1",
    "http://www.huffpost.com/entry/story_n_1",
    "https://www.huffpost.com/entry/story_n_1/",
    "https://WWW.HuffPost.com/entry/story_n_1#comments",
    "https://www.huffpost.com/entry/story_n_1?utm_source=twitter&utm_medium=social",
    "https://www.huffpost.com/entry/story_n_1?ncid=tweetlnkushpmg00000067",
    "https://www.huffpost.com/entry/story_n_1?fbclid=IwAR0abc&gclid=xyz",
    "https://www.huffpost.com/entry/story_n_1/amp",
    "https://www.huffpost.com/entry/story_n_1?amp",
    "https://www.huffpost.com/entry/story_n_1?amp=1",
    "https://amp.huffpost.com/entry/story_n_1",
    "https://huffpost.com:443/entry/story_n_1",
]


@pytest.mark.parametrize("address", SAME_STORY)
def test_every_address_of_a_story_has_one_identity(address: str) -> None:
    assert identity_url(address) == "https://huffpost.com/entry/story_n_1"


def test_meaningful_parameters_stay_sorted() -> None:
    assert identity_url("https://x.test/a?page=2&id=7&utm_campaign=z") == "https://x.test/a?id=7&page=2"


def test_different_stories_stay_different() -> None:
    assert identity_url("https://x.test/a/1") != identity_url("https://x.test/a/2")
    assert identity_url("https://x.test/a?id=1") != identity_url("https://x.test/a?id=2")


def test_root_keeps_its_slash_and_junk_passes_through() -> None:
    assert identity_url("http://x.test") == "https://x.test/"
    assert identity_url("  not a url ") == "not a url"
    assert identity_url("mailto:someone@x.test") == "mailto:someone@x.test"


def test_a_local_replica_page_keeps_its_identity_whatever_the_port() -> None:
    first = identity_url("http://127.0.0.1:36753/entry/removed-story_n_1")
    assert first == identity_url("http://127.0.0.1:41207/entry/removed-story_n_1")
    assert first == "https://127.0.0.1/entry/removed-story_n_1"
    assert identity_url("http://localhost:8000/a") == identity_url("http://localhost:9000/a")
    assert identity_url("http://[::1]:8000/a") == "https://[::1]/a"
    assert identity_url("https://news.example:8443/a") == "https://news.example:8443/a"
