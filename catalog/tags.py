"""Tag names and their web addresses.

Editors name tags in any language, so a tag's slug keeps the name's Unicode letters and digits
(taggit's `slugify(name, allow_unicode=True)`: "Amélie" → "amélie", "映画" → "映画") and its
URLs take them through the `tag_slug` converter; `reverse()` percent-encodes them as browsers
send them back. A name with no letter or digit ("🎬", "!!!") makes no slug: a new tag with
such a name is refused, unless given a slug by hand in the tag admin.
"""

import functools
import re
from urllib.parse import quote

from django.urls import register_converter
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.text import slugify
from django.utils.translation import gettext

from catalog.models import page_url_start

# The length of taggit's name and slug columns.
MAX_LENGTH = 100
# What slugify(allow_unicode=True) and the tag admin's slug field (validate_unicode_slug) allow.
SLUG_PATTERN = r"[-\w]+"
_SLUG_RE = re.compile(SLUG_PATTERN)


class TagSlugConverter:
    regex = SLUG_PATTERN

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TagSlugConverter, "tag_slug")


def page_addresses():
    """A function from a tag's slug to its page's address in the active language: reverse()'s
    address for one slug, with each slug put in and quoted as reverse() quotes it (reverse()
    itself takes ~17 µs, and a list of tags or a page of cards holds hundreds). The address's
    start is reversed once per URL configuration, language and script prefix
    (`models.page_url_start`), and each slug quoted once per process."""
    start = page_url_start("tag_detail")
    return lambda slug: f"{start}{_quoted(slug)}/"


@functools.lru_cache(maxsize=10_000)
def _quoted(slug):
    return quote(slug, safe=RFC3986_SUBDELIMS + "/~:@")


def is_slug(value):
    return bool(value) and len(value) <= MAX_LENGTH and bool(_SLUG_RE.fullmatch(value))


def slug_for(name):
    """The slug taggit gives a new tag named `name` (before any suffix for a taken one)."""
    return slugify(name, allow_unicode=True)


def new_name_problem(name):
    """Why no new tag can be named `name`, or None."""
    if len(name) > MAX_LENGTH:
        return gettext(
            "“%(start)s…” is %(length)s characters long: a tag can have at most %(limit)s "
            "characters."
        ) % {"start": name[:40], "length": len(name), "limit": MAX_LENGTH}
    if not slug_for(name):
        return gettext(
            "“%(name)s” has no letter or digit to make the tag's web address from: add a word, "
            "or first add the tag under Tags with a slug of your choice."
        ) % {"name": name}
    return None


def fitting_slug(slug, taken):
    """`slug` cut to MAX_LENGTH, ending in "_1", "_2"... instead if `taken(cut)`."""
    candidate, number = slug[:MAX_LENGTH], 0
    while taken(candidate):
        number += 1
        suffix = f"_{number}"
        candidate = slug[: MAX_LENGTH - len(suffix)] + suffix
    return candidate
