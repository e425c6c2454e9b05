"""URLs of the catalog as data: record JSON, list and tag exports, snapshot, feeds, sitemap."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from catalog import exports, feeds, registry, tags  # noqa: F401 (tags registers tag_slug)
from catalog.sitemaps import robots_txt, sitemaps

urlpatterns = [
    path("catalog.json", exports.snapshot, name="snapshot"),
    path("feeds/latest.atom", feeds.LatestChangesFeed(), name="latest_feed"),
    path("tags/<tag_slug:slug>.atom", feeds.TagFeed(), name="tag_feed"),
    path("tools/<slug:slug>.atom", feeds.ToolFeed(), name="tool_feed"),
    path("studios/<slug:slug>.atom", feeds.StudioFeed(), name="studio_feed"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps},
        name="sitemap_section",
    ),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("tags/<tag_slug:slug>.<fmt>", exports.tag_export, name="tag_export"),
    path("ai-uses.<fmt>", exports.ai_use_export, name="ai_use_list_export"),
    *[
        path(
            f"{record_type.plural}/<slug:slug>.json",
            exports.record_json,
            {"key": record_type.key},
            name=f"{record_type.key}_json",
        )
        for record_type in registry.TYPES
    ],
    *[
        path(
            f"{record_type.plural}.<fmt>",
            exports.list_export_view,
            {"key": record_type.key},
            name=f"{record_type.key}_list_export",
        )
        for record_type in registry.LISTED
    ],
]
