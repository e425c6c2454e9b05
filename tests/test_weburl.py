"""One spelling per web address: the key the API's lookup and the admin's duplicate warning
match sources by (catalog/weburl.py)."""

import pytest

from catalog.models import Source
from catalog.weburl import url_key


@pytest.mark.parametrize(
    "url",
    [
        "https://www.variety.com/2025/film/netflix-ai/",
        "http://variety.com/2025/film/netflix-ai",
        "HTTPS://WWW.Variety.com:443/2025/film/netflix-ai?utm_source=x&utm_medium=social",
        "https://variety.com/2025/film/netflix-ai#comments",
        "https://variety.com/2025/film/netflix-ai?fbclid=abc",
    ],
)
def test_spellings_of_one_address_share_a_key(url):
    assert url_key(url) == "variety.com/2025/film/netflix-ai"


def test_what_tells_pages_apart_is_kept():
    assert url_key("https://example.com/story?id=1") != url_key("https://example.com/story?id=2")
    assert url_key("https://example.com/a/B") != url_key("https://example.com/a/b")
    assert url_key("https://example.com:8443/a") == "example.com:8443/a"
    assert url_key("https://example.com/s?b=2&a=1") == url_key("https://example.com/s?a=1&b=2")


def test_names_in_other_scripts_and_empty_values():
    assert url_key("https://www.ÉLPAÍS.com/cultura/") == url_key("http://élpaís.com/cultura")
    assert url_key("http://élpaís.com/cultura").startswith("xn--")
    assert url_key("") == ""
    assert url_key("   ") == ""
    assert url_key("https://[::1") == "https://[::1"


@pytest.mark.django_db
def test_a_source_keeps_its_key_on_every_save():
    source = Source.objects.create(
        slug="a", title="A", url="https://www.example.com/news/a/?utm_campaign=x"
    )
    assert Source.objects.get(pk=source.pk).url_key == "example.com/news/a"
    source.url = "http://example.org/b"
    source.save()
    assert Source.objects.filter(url_key="example.org/b").get() == source
