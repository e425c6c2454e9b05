"""sitemap.xml lists every public record; robots.txt keeps crawlers out of the admin."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from taggit.models import Tag

from catalog.models import AITool, Controversy, Person, Production, Source, Stage, Studio
from tests.open_data import SITEMAP, absolute, make_catalog

pytestmark = pytest.mark.django_db


def sitemap_urls(client):
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    root = ET.fromstring(index.content)
    assert root.tag == f"{SITEMAP}sitemapindex"
    urls = []
    for loc in root.iter(f"{SITEMAP}loc"):
        section = client.get(loc.text.removeprefix("http://testserver"))
        assert section.status_code == 200, loc.text
        section_root = ET.fromstring(section.content)
        assert section_root.tag == f"{SITEMAP}urlset"
        urls.extend(url.findtext(f"{SITEMAP}loc") for url in section_root.iter(f"{SITEMAP}url"))
    return urls


def test_sitemap_lists_every_public_record_once(client, seed):
    make_catalog(3)
    expected = {
        absolute(record.get_absolute_url())
        for model in (Production, Studio, AITool, Controversy, Person, Source, Stage)
        for record in model.objects.all()
    }
    expected |= {
        absolute(reverse("tag_detail", args=[tag.slug]))
        for tag in Tag.objects.filter(taggit_taggeditem_items__isnull=False)
    }
    # Every page in English and in Spanish (/es/...).
    expected |= {url.replace("http://testserver/", "http://testserver/es/") for url in expected}
    urls = sitemap_urls(client)
    assert len(urls) == len(set(urls))
    assert set(urls) == expected
    for url in urls:
        assert client.get(url.removeprefix("http://testserver")).status_code == 200, url


def test_a_new_record_appears_in_the_sitemap(client, seed):
    Production.objects.create(title="New film", slug="new-film")
    assert absolute("/productions/new-film/") in sitemap_urls(client)


def test_robots_keeps_crawlers_out_of_the_admin_and_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert f"Disallow: {reverse('admin:index')}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
