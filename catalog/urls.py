from django.urls import path

from catalog import tags, views  # noqa: F401 (tags registers the tag_slug converter)

urlpatterns = [
    path("", views.home, name="home"),
    path("productions/", views.production_list, name="production_list"),
    path("productions/<slug:slug>/", views.production_detail, name="production_detail"),
    path("studios/", views.studio_list, name="studio_list"),
    path("studios/<slug:slug>/", views.studio_detail, name="studio_detail"),
    path("tools/", views.tool_list, name="tool_list"),
    path("tools/<slug:slug>/", views.tool_detail, name="tool_detail"),
    path("controversies/", views.controversy_list, name="controversy_list"),
    path("controversies/<slug:slug>/", views.controversy_detail, name="controversy_detail"),
    path("people/", views.person_list, name="person_list"),
    path("people/<slug:slug>/", views.person_detail, name="person_detail"),
    path("sources/", views.source_list, name="source_list"),
    path("sources/<slug:slug>/", views.source_detail, name="source_detail"),
    path("stages/<slug:slug>/", views.stage_detail, name="stage_detail"),
    path("tags/", views.tag_list, name="tag_list"),
    path("tags/<tag_slug:slug>/", views.tag_detail, name="tag_detail"),
    path("search/", views.search, name="search"),
    path("timeline/", views.timeline, name="timeline"),
]
