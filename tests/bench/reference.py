"""Reference pages for the benchmark: the least a page served from the database can cost.

`/bench/reference/<queries>/<pk>/` runs `queries` one-row queries through the ORM (the first
production from `pk` on, then the next id, and so on: an index read each) and writes one line
per row through a Django template: no page cache, none of the site's templates, nothing else.
Measured with a different `pk` every request, as the long-tail rows are, these rows show what
the server, the ORM and PostgreSQL cost per query on the same machine in the same run, so a
long-tail row can be read against what any page with as many queries could reach.

The benchmark serves them with tests/bench/settings.py (the site's settings and URLs, plus
this one): the site itself has no such address.
"""

from django.http import HttpResponse
from django.template import engines

from catalog.models import Production

QUERY_COUNTS = (1, 5, 15)

_LINES = engines["django"].from_string(
    "<!doctype html><title>reference</title><ul>"
    '{% for row in rows %}<li><a href="/productions/{{ row.slug }}/">{{ row.title }}</a> '
    "{{ row.year|default:'' }}</li>{% endfor %}</ul>\n"
)


def reference(request, queries, pk):
    rows = []
    for offset in range(queries):
        row = Production.objects.filter(pk__gte=pk + offset).order_by("pk").first()
        if row is not None:
            rows.append(row)
    return HttpResponse(_LINES.render({"rows": rows}))
