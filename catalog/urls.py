"""The public pages: each record type's list and detail pages (catalog/registry.py), the home
page, stages, tags, search and the timeline."""

from django.urls import path

from catalog import (  # noqa: F401 (tags registers tag_slug; corrections id_letter, id_number)
    addresses,
    corrections,
    registry,
    tags,
    views,
)

urlpatterns = [
    path("", views.home, name="home"),
    *[
        path(
            f"{record_type.plural}/",
            views.list_view(record_type.key),
            name=f"{record_type.key}_list",
        )
        for record_type in registry.LISTED
    ],
    *[
        path(
            f"{record_type.plural}/<slug:slug>/",
            getattr(views, f"{record_type.key}_detail"),
            name=f"{record_type.key}_detail",
        )
        for record_type in registry.TYPES
    ],
    path("tags/", views.tag_list, name="tag_list"),
    path("tags/<tag_slug:slug>/", views.tag_detail, name="tag_detail"),
    path("search/", views.search, name="search"),
    path("timeline/", views.timeline, name="timeline"),
    path("id/<str:code>", addresses.permanent, name="permanent"),
    path("ai-uses/", views.ai_use_list, name="ai_use_list"),
    path("data/", views.data, name="data"),
    path("data/releases/<str:name>/", views.release, name="release"),
    path("data/releases/<str:name>/<str:filename>", views.release_file, name="release_file"),
    path("suggest/<id_letter:prefix><id_number:pk>/", corrections.suggest, name="suggest"),
    path(
        "suggest/received/<str:receipt>/",
        corrections.suggest_received,
        name="suggest_received",
    ),
    path("graph/", views.graph_path, name="graph_path"),
]
