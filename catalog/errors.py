"""The page a reader gets when the site fails.

Django calls `server_error` for any exception a view or middleware lets through (with DEBUG
off). When the exception says the database cannot be reached (it is restarting, or the
network to it is down), the fault is passing and nothing is wrong with the page asked for: the
reader gets a short 503 page with `Retry-After`, under the site's own design. Anything else is
a 500, as Django's own handler gives. Both render without the database, the session or the
request context, so they cannot fail for the same reason the page did.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from catalog.context_processors import languages, record_types

RETRY_AFTER_SECONDS = 5


def database_unavailable(error):
    """Whether `error` (or what caused it) says the database did not answer."""
    while error is not None:
        if isinstance(error, (OperationalError, InterfaceError)):
            return True
        error = error.__cause__ or error.__context__
    return False


@requires_csrf_token
def server_error(request):
    error = sys.exc_info()[1]
    if database_unavailable(error):
        # The site's navigation comes from the registry, not the database.
        context = {**record_types(request), **languages(request)}
        page = loader.get_template("503.html").render(context)
        response = HttpResponseServerError(page)
        response.status_code = 503
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    else:
        page = loader.get_template("500.html").render(languages(request))
        response = HttpResponseServerError(page)
    response["Cache-Control"] = "no-store"
    return response
