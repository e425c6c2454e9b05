from django.urls import path

from catalog import views

urlpatterns = [
    path("", views.home, name="home"),
    path("productions/<slug:slug>/", views.production_detail, name="production_detail"),
    path("studios/<slug:slug>/", views.studio_detail, name="studio_detail"),
    path("tools/<slug:slug>/", views.tool_detail, name="tool_detail"),
    path("controversies/<slug:slug>/", views.controversy_detail, name="controversy_detail"),
    path("people/<slug:slug>/", views.person_detail, name="person_detail"),
    path("sources/<slug:slug>/", views.source_detail, name="source_detail"),
    path("stages/<slug:slug>/", views.stage_detail, name="stage_detail"),
]
