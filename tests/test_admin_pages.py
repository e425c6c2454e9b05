"""Every model is registered in the admin, and its list and add pages answer for a superuser."""

import pytest
from django.contrib import admin
from django.urls import reverse

from catalog.models import Correction, FormerAddress

pytestmark = pytest.mark.django_db

CATALOG_MODELS = [m for m in admin.site._registry if m._meta.app_label == "catalog"]


def test_every_catalog_model_is_in_the_admin():
    from django.apps import apps

    registered = {m._meta.model_name for m in CATALOG_MODELS}
    from catalog.models import CatalogVersion, Citation, TagCount, Tally

    defined = {
        m._meta.model_name
        for m in apps.get_app_config("catalog").get_models()
        # History is shown on each record's page; the catalog version, the tags' kept
        # counts and the tallies are bookkeeping; a record's citations are rows on its own page.
        if not m._meta.model_name.startswith("historical")
        and m not in (CatalogVersion, TagCount, Tally)
        and not issubclass(m, Citation)
    }
    assert defined == registered


@pytest.mark.parametrize("model", CATALOG_MODELS, ids=lambda m: m._meta.model_name)
def test_changelist_and_add_pages_answer(admin_client_logged_in, seed, model):
    opts = model._meta
    # Former addresses are kept by renames and deletes, and corrections come from readers'
    # form: neither is added by hand.
    views = ("changelist",) if model in (FormerAddress, Correction) else ("changelist", "add")
    for view in views:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}")
        response = admin_client_logged_in.get(url)
        assert response.status_code == 200, url


def test_former_addresses_can_be_read_but_not_written(admin_client_logged_in, seed):
    assert admin_client_logged_in.get("/admin/catalog/formeraddress/add/").status_code == 403


def test_corrections_come_only_from_readers(admin_client_logged_in, seed):
    assert admin_client_logged_in.get("/admin/catalog/correction/add/").status_code == 403
