"""The site's addresses and the benchmark's reference page (tests/bench/reference.py)."""

from django.urls import path

from config.urls import handler500, urlpatterns
from tests.bench.reference import reference

__all__ = ["handler500", "urlpatterns"]

urlpatterns = [
    *urlpatterns,
    path("bench/reference/<int:queries>/<int:pk>/", reference),
]
