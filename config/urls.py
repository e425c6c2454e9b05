from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from catalog import api
from catalog.health import healthz, readyz

handler500 = "catalog.errors.server_error"

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    # The read API for researchers (catalog/api.py).
    path("api/v1/", include(api.urls())),
    path("", include("catalog.urls_data")),
    # Pages in English at their usual addresses and in Spanish under /es/; the data above
    # (exports, feeds, sitemap) have one address each (catalog/i18n.py).
    *i18n_patterns(path("", include("catalog.urls")), prefix_default_language=False),
]
