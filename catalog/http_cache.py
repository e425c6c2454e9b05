"""What browsers, proxies and CDNs may keep of a response, and for how long.

An anonymous reader's public page, export or feed (catalog.cache: cached_page, http_cached) is
public: a strong ETag, Last-Modified, and `Cache-Control: public` with the max-age, s-maxage
and stale-while-revalidate of the settings (HTTP_CACHE_*). Anything that varies by user is
`private, no-store`: signed-in pages, the admin, forms with a CSRF token, every other method
than GET and HEAD. PrivateByDefaultMiddleware gives that to every response that says nothing
of caching, and to any response that sets a cookie (a session, a CSRF token), public or not.

This module reads no models: catalog.cache decides what is public and computes the validators.
"""

import hashlib

from django.conf import settings
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

PRIVATE = "private, no-store"


def strong_etag(*parts):
    """A strong ETag ("...") naming these parts: equal parts, equal bytes."""
    digest = hashlib.sha256("\n".join(str(part) for part in parts).encode()).hexdigest()
    return f'"{digest[:32]}"'


def public_cache_control():
    return (
        f"public, max-age={settings.HTTP_CACHE_MAX_AGE}, "
        f"s-maxage={settings.HTTP_CACHE_S_MAXAGE}, "
        f"stale-while-revalidate={settings.HTTP_CACHE_STALE_WHILE_REVALIDATE}"
    )


def make_public(response, etag, last_modified):
    """Any cache may keep the response, and ask again with its validators."""
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = http_date(last_modified)
    response.headers["Cache-Control"] = public_cache_control()


def make_private(response):
    """No cache keeps the response: it is one user's, or not the same for everyone."""
    for header in ("ETag", "Last-Modified", "Expires"):
        response.headers.pop(header, None)
    if "public" in response.get("Cache-Control", "") or "Cache-Control" not in response:
        response.headers["Cache-Control"] = PRIVATE
    else:  # keep what the view said (the admin's never_cache) and add ours
        patch_cache_control(response, private=True, no_store=True)


class PrivateByDefaultMiddleware:
    """`private, no-store` unless a view made the response public; always, once it sets a
    cookie. Sits before the session and CSRF middleware, so it sees the cookies they set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.cookies or "Cache-Control" not in response:
            make_private(response)
        return response
