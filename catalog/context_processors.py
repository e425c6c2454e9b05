from catalog import registry
from catalog.i18n import language_versions


def record_types(request):
    """The record types with a list page, for the site's navigation."""
    return {"listed_types": registry.LISTED}


def languages(request):
    """The page in each language, for the language switcher and the hreflang links."""
    return {"language_versions": language_versions(request)}
