"""Records holding markup and quotes, entered through the admin, render escaped everywhere:
every public page, search results and their snippets, and any JSON or feed output.

The records are entered once for the tests here (`hostile_catalog`, shared data), and the
site is crawled once from them: one test reads every page, the other every GET form found.
"""

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from catalog.models import AITool, Person, Production, Source, Stage, Studio
from tests.crawl import body, crawl
from tests.factories import load_seed
from tests.shared_data import shared_data

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("pwned")</script>'
QUOTES = '" onmouseover="alert(1)'
EVIL = f"Evil {SCRIPT} {QUOTES} x"
TAG = f'"{SCRIPT}"'
RAW_MARKERS = [SCRIPT, QUOTES, "<script>"]


class AdminForm(HTMLParser):
    """The fields of the admin's change form with the values it would submit unchanged."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea, self._in_form = {}, None, None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id", "").endswith("_form"):
            self._in_form = True
        if tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")
        if not self._in_form or not attrs.get("name"):
            return
        name = attrs["name"]
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file"):
                self.data[name] = attrs.get("value", "on" if kind == "checkbox" else "")
        elif tag == "select":
            self._select = name
        elif tag == "textarea":
            self._textarea = name
            self.data[name] = ""

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False


def add_through_admin(client, model, **fields):
    url = reverse(f"admin:catalog_{model._meta.model_name}_add")
    form = AdminForm()
    form.feed(client.get(url).content.decode())
    response = client.post(url, {**form.data, **fields})
    if response.status_code != 302:
        errors = [response.context["adminform"].form.errors] + [
            formset.errors for formset in response.context.get("inline_admin_formsets", [])
        ]
        raise AssertionError(f"{model.__name__} not saved: {errors}")
    return model.objects.latest("pk")


@dataclass
class Hostile:
    records: list
    crawled: dict = field(default_factory=dict)

    def crawl(self, client):
        """Every public page reachable from the home page and the records' pages, and the GET
        forms on them: crawled by the first test that asks, on the data every test here shares."""
        if not self.crawled:
            starts = ["/"] + [record.get_absolute_url() for record in self.records]
            self.crawled["pages"], self.crawled["forms"] = crawl(client, starts)
        return self.crawled["pages"], self.crawled["forms"]


@shared_data
def hostile_catalog():
    """The seed, and a record of every kind holding markup and quotes, entered through the
    admin's forms by a signed-in editor."""
    load_seed()
    client = Client()
    client.force_login(
        get_user_model().objects.create_superuser("escaping", "escaping@example.com", "pw")
    )
    source = add_through_admin(
        client, Source, title=EVIL, slug="evil-source", publisher=EVIL, summary=EVIL
    )
    # Each record's citations inline, with one row citing the source.
    sources = {"cites-TOTAL_FORMS": "1", "cites-0-source": str(source.pk)}
    studio = add_through_admin(
        client, Studio, name=EVIL, slug="evil-studio", description=EVIL, tags=TAG, **sources
    )
    production = add_through_admin(
        client,
        Production,
        title=EVIL,
        slug="evil-production",
        synopsis=EVIL,
        based_on=EVIL,
        tags=TAG,
        **sources,
    )
    tool = add_through_admin(
        client,
        AITool,
        name=EVIL,
        slug="evil-tool",
        technique="other",
        description=EVIL,
        vendor=str(studio.pk),
        tags=TAG,
        **sources,
    )
    person = add_through_admin(
        client, Person, name=EVIL, slug="evil-person", bio=EVIL, tags=TAG, **sources
    )
    from catalog.models import AIUse, Controversy, Quote

    add_through_admin(
        client,
        AIUse,
        tool=str(tool.pk),
        production=str(production.pk),
        studio=str(studio.pk),
        stage=str(Stage.objects.first().pk),
        description=EVIL,
        **sources,
    )
    add_through_admin(
        client,
        Controversy,
        title=EVIL,
        slug="evil-controversy",
        summary=EVIL,
        productions=[str(production.pk)],
        people=[str(person.pk)],
        studios=[str(studio.pk)],
        tools=[str(tool.pk)],
        tags=TAG,
        **sources,
    )
    add_through_admin(client, Quote, person=str(person.pk), text=EVIL, context=EVIL, **sources)
    return Hostile(records=[source, studio, production, tool, person])


def assert_escaped(url, response):
    assert response.status_code < 500, url
    kind = response.get("Content-Type", "")
    text = body(response).decode()
    if "json" in kind:
        json.loads(text)  # valid JSON: the markup is a string value, not code
    elif "xml" in kind:
        # Well-formed, the markup escaped at the XML level: no injected element or attribute;
        # and where a feed says its text is HTML (type="html"), escaped once more, so a feed
        # reader shows it rather than runs it.
        assert "<script>" not in text, f"{url} shows <script> unescaped"
        for element in ElementTree.fromstring(body(response)).iter():
            assert not element.tag.endswith("script"), url
            assert "onmouseover" not in element.attrib, url
            if element.get("type") == "html":
                assert "<script" not in (element.text or ""), f"{url}: {element.tag}"
    elif "html" in kind:
        for marker in RAW_MARKERS:
            assert marker not in text, f"{url} shows {marker!r} unescaped"


def test_markup_typed_into_the_admin_is_escaped_on_every_public_page(client, hostile_catalog):
    pages, forms = hostile_catalog.crawl(client)
    for url, response in pages.items():
        assert_escaped(url, response)
    # The records were really shown, escaped, not just absent.
    for record in hostile_catalog.records:
        page = body(pages[record.get_absolute_url()]).decode()
        assert "Evil &lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;" in page


def test_search_results_and_snippets_escape_the_markup(client, hostile_catalog):
    pages, forms = hostile_catalog.crawl(client)
    # Each distinct form once (list pages share their filter forms).
    searches = {(form["action"], tuple(sorted(form["fields"]))): form for form in forms}.values()
    assert searches, "no search form found on the site"
    for form in searches:
        for words in ("Evil alert", SCRIPT):
            data = dict.fromkeys(form["fields"], words)
            response = client.get(form["action"], data)
            assert_escaped(form["action"], response)
    # The search page found the records and showed them, names and snippets escaped.
    page = body(client.get(reverse("search"), {"q": "Evil"})).decode()
    escaped = "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &quot; onmouseover=&quot;"
    assert f"<mark>Evil</mark> {escaped}" in page
