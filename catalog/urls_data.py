"""URLs of the catalog as data: record JSON, list and tag exports, snapshot, feeds, sitemap.

Every one of them is the same for every anonymous reader until the next edit: http_cached gives
it an ETag and Last-Modified and answers a conditional request 304 (catalog/cache.py). A
record's JSON, the feeds and the exports are also kept in the page cache (cached_page): a repeat
request costs one query. The exports and the snapshot are streamed, as long as the catalog is:
one is kept when it fits the page cache's limit compressed (a small catalog's), else rendered
each time. Each names the query parameters it reads (`params`): any other is dropped before it
runs, so it makes no new ETag or cache entry. The list, tag and explorer exports also go by
the values they apply (`answers`): one they ignore (`?tag=no-such-tag`) makes none either."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from catalog import exports, feeds, registry, tags  # noqa: F401 (tags registers tag_slug)
from catalog.cache import cached_page, http_cached
from catalog.forms import AIUseFilterForm
from catalog.sitemaps import robots_txt, sitemaps

urlpatterns = [
    path("catalog.json", cached_page(exports.snapshot, daily=False, params=()), name="snapshot"),
    *[
        # A feed shows no date of the visit and reads no query parameter.
        path(route, cached_page(feed, daily=False, params=()), name=name)
        for route, feed, name in [
            ("feeds/latest.atom", feeds.LatestChangesFeed(), "latest_feed"),
            ("tags/<tag_slug:slug>.atom", feeds.TagFeed(), "tag_feed"),
            ("tools/<slug:slug>.atom", feeds.ToolFeed(), "tool_feed"),
            ("studios/<slug:slug>.atom", feeds.StudioFeed(), "studio_feed"),
        ]
    ],
    path(
        "sitemap.xml",
        http_cached(sitemap_views.index, params=()),
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        http_cached(sitemap_views.sitemap, params=("p",)),
        {"sitemaps": sitemaps},
        name="sitemap_section",
    ),
    path("robots.txt", http_cached(robots_txt, params=()), name="robots_txt"),
    path(
        "tags/<tag_slug:slug>.<fmt>",
        cached_page(
            exports.tag_export,
            daily=False,
            params=("and",),
            answers=exports.tag_export_query,
        ),
        name="tag_export",
    ),
    path(
        "ai-uses.<fmt>",
        cached_page(
            exports.ai_use_export,
            daily=False,
            params=AIUseFilterForm.base_fields,
            answers=exports.ai_use_export_query,
        ),
        name="ai_use_list_export",
    ),
    *[
        path(
            f"{record_type.plural}/<slug:slug>.json",
            cached_page(exports.record_json, daily=False, params=()),
            {"key": record_type.key},
            name=f"{record_type.key}_json",
        )
        for record_type in registry.TYPES
    ],
    *[
        path(
            f"{record_type.plural}.<fmt>",
            cached_page(
                exports.list_export_view,
                daily=False,
                params=(*record_type.filters, "sort"),
                answers=exports.list_export_query,
            ),
            {"key": record_type.key},
            name=f"{record_type.key}_list_export",
        )
        for record_type in registry.LISTED
    ],
]
