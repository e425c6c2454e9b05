"""Reading pages as a visitor would: the links on them and their visible text."""

import re
from html import unescape

HREF = re.compile(r'href="([^"#]*)[^"]*"')
TAG = re.compile(r"<[^>]+>")


def links(response):
    """Every link target on the page, without #fragments."""
    return {unescape(href) for href in HREF.findall(response.content.decode())}


def text(response):
    """The page's text with tags removed and whitespace collapsed."""
    body = response.content.decode()
    return " ".join(unescape(TAG.sub(" ", body)).split())
