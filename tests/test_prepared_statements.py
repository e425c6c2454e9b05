"""On PostgreSQL, a statement a connection runs again is prepared: parsed and planned once.

Most of the database's work for a record page was planning its index lookups (8 of 11 ms
at 100,000 productions); a prepared statement skips parsing, and planning once PostgreSQL
settles on a generic plan (settings: DATABASE_PREPARED_STATEMENTS).
"""

import pytest
from django.db import connection

from catalog.cache import bump
from catalog.models import Production

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statements"),
]


def prepared():
    """{statement: (custom plans, generic plans)} of this connection's prepared statements."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, custom_plans, generic_plans FROM pg_prepared_statements")
        return {statement: (custom, generic) for statement, custom, generic in cursor.fetchall()}


def test_a_page_rendered_again_runs_its_lookups_prepared_and_planned_once(client, seed):
    production = Production.objects.get(slug="el-eternauta")
    for _ in range(10):
        bump()  # an edit: the page is rendered again, not served from the page cache
        page = client.get(production.get_absolute_url())
        assert page.status_code == 200 and "El Eternauta" in page.content.decode()
    lookup = [
        plans
        for statement, plans in prepared().items()
        if statement.startswith('SELECT "catalog_production"."id"')
        and '"catalog_production"."slug" = $1' in statement
    ]
    assert lookup, "the page's lookup by slug was not prepared"
    custom, generic = lookup[0]
    assert generic > 0, f"planned afresh every time ({custom} custom plans)"
