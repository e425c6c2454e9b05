"""The site in English and Spanish.

English lives at the addresses the site always had; Spanish at the same addresses under `/es/`
(`i18n_patterns(..., prefix_default_language=False)` in config/urls.py). The language comes from
the path alone, never from Accept-Language or a cookie, so an address always answers in one
language and a shared cache can keep one copy of it. Machine-readable addresses (exports, feeds,
the sitemap) have no Spanish version and are English.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.urls import translate_url
from django.utils import translation


class PathLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, which with prefix_default_language=False already activates
    LANGUAGE_CODE for every address without a language prefix whatever the request's headers;
    the response is therefore not marked `Vary: Accept-Language`, which would only make
    shared caches keep a copy per browser language of the same bytes. Once the response is
    made, the thread gets back the language it had, so nothing run after a Spanish page (the
    next test, a command in the same process) builds Spanish addresses by accident."""

    def process_request(self, request):
        request.language_before = translation.get_language()
        super().process_request(request)

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        translation.activate(getattr(request, "language_before", None) or settings.LANGUAGE_CODE)
        return response


def language_versions(request):
    """The page in every language: [{"code", "name", "url", "current"}], `url` absolute.

    An address that names no page (a 404) or a page with no version in another language keeps
    its own address for that language.
    """
    path = request.get_full_path()
    current = translation.get_language()
    versions = []
    for code, name in settings.LANGUAGES:
        url = path if code == current else translate_url(path, code)
        versions.append(
            {
                "code": code,
                "name": name,
                "url": request.build_absolute_uri(url),
                "path": url,
                "current": code == current,
                "exists": code == current or url != path,
            }
        )
    return versions
