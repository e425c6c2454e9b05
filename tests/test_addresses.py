"""Addresses that never break: permanent identifiers, renamed slugs and deleted records.

A published link to a record keeps answering: its permanent identifier leads to its page
wherever it is, a slug it was renamed from answers 301 to the new page (HTML, JSON and feed
alike), and a deleted record's addresses answer 410 Gone saying what it was.
"""

import pytest

from catalog import registry
from catalog.models import AITool, FormerAddress, Person, Source, Studio
from tests.pages import text

pytestmark = pytest.mark.django_db


def test_every_record_type_has_its_own_identifier_letter():
    prefixes = [record_type.id_prefix for record_type in registry.TYPES]
    assert len(set(prefixes)) == len(prefixes) and all(len(p) == 1 for p in prefixes)


def test_a_permanent_identifier_leads_to_the_record_page(client, seed):
    tool = AITool.objects.get(slug="facedirector")
    response = client.get(f"/id/T{tool.pk}")
    assert response.status_code == 302
    assert response["Location"] == "/tools/facedirector/"


def test_the_record_page_shows_its_permanent_link_and_cites_it(client, seed):
    tool = AITool.objects.get(slug="facedirector")
    page = client.get("/tools/facedirector/").content.decode()
    assert f'href="http://testserver/id/T{tool.pk}"' in page
    assert f"<code>T{tool.pk}</code>" in page
    # The citation and its BibTeX give the permanent address, not the slug's.
    assert f"from http://testserver/id/T{tool.pk}" in page


def test_exports_carry_the_permanent_identifier(client, seed):
    tool = AITool.objects.get(slug="facedirector")
    data = client.get("/tools/facedirector.json").json()
    assert data["id"] == f"T{tool.pk}"
    assert data["permanent_url"] == f"http://testserver/id/T{tool.pk}"
    csv = client.get("/tools.csv")
    rows = b"".join(csv.streaming_content).decode().splitlines()
    assert rows[0].startswith("type,id,slug,name,url,permanent_url,")
    assert any(row.startswith(f"tool,T{tool.pk},facedirector,") for row in rows)


def test_a_renamed_record_answers_at_its_old_address_with_a_301(client, seed):
    studio = Studio.objects.get(slug="netflix")
    studio.slug = "netflix-inc"
    studio.save()

    page = client.get("/studios/netflix/?sort=name")
    assert page.status_code == 301
    assert page["Location"] == "/studios/netflix-inc/?sort=name"
    assert client.get("/studios/netflix.json")["Location"] == "/studios/netflix-inc.json"
    assert client.get("/studios/netflix.atom")["Location"] == "/studios/netflix-inc.atom"
    assert client.get(page["Location"]).status_code == 200
    assert client.get(f"/id/S{studio.pk}")["Location"] == "/studios/netflix-inc/"


def test_renamed_twice_both_old_addresses_lead_to_the_current_page(client, seed):
    tool = AITool.objects.get(slug="facedirector")
    for slug in ("face-director", "facedirector-2"):
        tool.slug = slug
        tool.save()
    for old in ("facedirector", "face-director"):
        assert client.get(f"/tools/{old}/")["Location"] == "/tools/facedirector-2/"


def test_a_new_record_that_takes_a_former_slug_gets_its_address(client, seed):
    tool = AITool.objects.get(slug="facedirector")
    tool.slug = "face-director"
    tool.save()
    AITool.objects.create(slug="facedirector", name="Another FaceDirector")

    page = client.get("/tools/facedirector/")
    assert page.status_code == 200
    assert "Another FaceDirector" in text(page)
    assert not FormerAddress.objects.filter(record_type="tool", slug="facedirector").exists()


def test_a_deleted_record_answers_410_saying_what_it_was(client, seed):
    person = Person.objects.create(slug="a-passing-name", name="Zoë Ñúñez-Łukasz")
    pk = person.pk
    person.delete()

    page = client.get("/people/a-passing-name/")
    assert page.status_code == 410
    shown = text(page)
    assert "This person was removed" in shown
    assert f"Zoë Ñúñez-Łukasz (N{pk}) was removed from the catalog on" in shown

    data = client.get("/people/a-passing-name.json")
    assert data.status_code == 410
    assert data.json()["name"] == "Zoë Ñúñez-Łukasz"
    assert data.json()["id"] == f"N{pk}"
    assert client.get(f"/id/N{pk}").status_code == 410


def test_a_record_renamed_then_deleted_is_gone_at_every_address(client, seed):
    source = Source.objects.create(slug="first-name", title="A report")
    source.slug = "second-name"
    source.save()
    source.delete()
    for slug in ("first-name", "second-name"):
        assert client.get(f"/sources/{slug}/").status_code == 410


def test_unknown_addresses_stay_404(client, seed):
    assert client.get("/tools/never-existed/").status_code == 404
    assert client.get("/id/T999999999").status_code == 404
    assert client.get("/id/Q1").status_code == 404
    assert client.get("/id/not-an-id").status_code == 404


def admin_form_as_shown(page):
    """What the admin's change form would post unchanged: every field's value as shown, and
    each inline's rows as they stand."""
    data = {}
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(
            {
                f"{formset.prefix}-{key}": value
                for key, value in formset.management_form.initial.items()
            }
        )
        forms.extend(formset.initial_forms)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = (
                [str(v) for v in value] if isinstance(value, list) else value
            )
    return data


def test_a_rename_in_the_admin_keeps_the_old_address(admin_client_logged_in, client, seed):
    source = Source.objects.get(slug=Source.objects.order_by("pk").first().slug)
    old = source.slug
    url = f"/admin/catalog/source/{source.pk}/change/"
    data = admin_form_as_shown(admin_client_logged_in.get(url))
    data["slug"] = "renamed-in-the-admin"
    response = admin_client_logged_in.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert client.get(f"/sources/{old}/")["Location"] == "/sources/renamed-in-the-admin/"
