from catalog import registry


def record_types(request):
    """The record types with a list page, for the site's navigation."""
    return {"listed_types": registry.LISTED}
