"""A health check for load balancers and monitors, and the benchmark's floor.

It answers a constant "ok" without touching the database or the session, so it measures
what the server and the framework cost on their own.
"""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
