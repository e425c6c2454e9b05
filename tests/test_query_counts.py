"""Each page runs a fixed number of queries, however many records it shows.

The catalog here is several times the seed (30 of each type, 60 AI uses, 90 tags): a query per
row anywhere would blow through these bounds. The bounds are for a cold cache (right after an
edit): a cached aggregate costs two lookups, a miss also writes it (catalog/cache.py), and a
list reads its page's ids before its rows; a record page's graph of its links is two
(catalog/graph.py). The home and tag pages read a fixed number per
record type (catalog/registry.py), so a new type raises their bound once. A search turns a
planner setting off for its own transaction and back (catalog/search.py): inside a test's
transaction, a savepoint, two settings and the savepoint's release. The citations of every
claim a record page shows, with their sources, are one query (models.prefetch_citations).
"""

import pytest

from tests.factories import make_catalog
from tests.shared_data import shared_data

pytestmark = pytest.mark.django_db

PAGES = [
    ("/", 35),
    ("/productions/", 13),
    ("/productions/?tag=bulk-tag-3&stage=development&year=2003&sort=uses", 10),
    # Several tags: each one past the first is a test inside the same query, none added.
    ("/productions/?tag=bulk-tag-3&tag=bulk-tag-4&tag=bulk-tag-5&sort=uses", 13),
    ("/studios/?sort=productions", 13),
    ("/studios/?tool=bulk-tool-3", 14),
    ("/tools/?studio=bulk-studio-3&sort=uses", 14),
    ("/controversies/", 12),
    ("/people/", 13),
    ("/sources/?sort=cited", 10),
    ("/rules/?sort=effective", 12),
    # Pages listing responses or rule links read the AI uses they name in a query of their own
    # (views.with_use): one more query each, of fewer joined tables.
    ("/rules/bulk-rule-3/", 18),
    # The first 50 uses, and the outputs of every use for the structured data: 27.
    ("/productions/bulk-production-3/", 27),
    ("/studios/bulk-studio-3/", 24),
    ("/tools/bulk-tool-3/", 20),
    ("/controversies/bulk-controversy-3/", 23),
    ("/people/bulk-person-3/", 25),
    ("/sources/bulk-source-3/", 21),
    ("/stages/post-production/", 15),
    ("/tags/", 8),
    ("/tags/bulk-tag-3/", 23),
    ("/tags/bulk-tag-3/?and=bulk-tag-4", 23),
    ("/search/?q=production", 14),
    ("/search/?q=tool&type=tools", 15),
    ("/timeline/", 22),
    ("/ai-uses/", 24),
    ("/ai-uses/?stage=post-production&tool=bulk-tool-3&likeness=no&by=technique&year=2003", 25),
    ("/ai-uses/?page=2", 24),
]


@shared_data
def big_catalog():
    return make_catalog(30)


@pytest.mark.parametrize("url, most", PAGES, ids=[url for url, _ in PAGES])
def test_page_query_count_is_bounded(client, big_catalog, django_assert_max_num_queries, url, most):
    with django_assert_max_num_queries(most):
        response = client.get(url)
    assert response.status_code == 200


def test_list_pages_show_many_records_in_the_same_queries_as_few(client, db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_catalog(2, prefix="few")
    counts = {}
    for url in ("/productions/", "/studios/", "/tools/", "/people/", "/controversies/"):
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        counts[url] = len(few)
    make_catalog(30)
    for url, expected in counts.items():
        with CaptureQueriesContext(connection) as many:
            client.get(url)
        assert len(many) == expected, url
