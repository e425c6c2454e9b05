"""Every detail page offers "Cite this record": an APA-style reference and BibTeX, with the
date the reader accessed it."""

import re
from html import unescape

import pytest
from django.utils import timezone

from catalog import registry
from catalog.models import AITool, Controversy, Person, Production, Source, Stage, Studio
from catalog.templatetags.open_data import bibtex_escape
from tests.open_data import HOSTILE, absolute, make_hostile

pytestmark = pytest.mark.django_db


def citation(client, record):
    html = client.get(record.get_absolute_url()).content.decode()
    assert "Cite this record" in html
    text = re.search(r'<p class="cite-text">(.*?)</p>', html, re.S).group(1)
    bibtex = re.search(r'<pre class="cite-bibtex"><code>(.*?)</code></pre>', html, re.S).group(1)
    return unescape(text), unescape(bibtex), html


@pytest.mark.parametrize(
    "model", [Production, Studio, AITool, Controversy, Person, Source, Stage], ids=str
)
def test_every_detail_page_can_be_cited_with_the_access_date(client, seed, model):
    record = model.objects.first()
    today = timezone.localdate()
    text, bibtex, _ = citation(client, record)
    # The permanent address, which outlives a rename of the slug.
    url = absolute(f"/id/{registry.of(record).permanent_id(record)}")
    assert text.endswith(f"Retrieved {today:%B} {today.day}, {today:%Y}, from {url}")
    assert "In In the Frame." in text
    assert bibtex.startswith("@misc{intheframe-")
    assert f"url = {{{url}}}" in bibtex
    assert f"urldate = {{{today.isoformat()}}}" in bibtex
    assert bibtex.count("{") == bibtex.count("}")


def test_citation_names_the_record_and_its_last_change(client, seed):
    production = Production.objects.get(slug="logan")
    text, bibtex, _ = citation(client, production)
    updated = timezone.localtime(production.updated)
    assert text.startswith(f"Logan. ({updated:%Y, %B} {updated.day}). In In the Frame.")
    assert "title = {{Logan}}" in bibtex
    assert f"year = {{{updated:%Y}}}" in bibtex


def test_bibtex_escapes_latex_specials():
    assert bibtex_escape("50% & {x}_1 #2 $3") == r"50\% \& \{x\}\_1 \#2 \$3"
    assert bibtex_escape("a\\b") == r"a\textbackslash{}b"


def test_hostile_title_is_escaped_in_the_citation(client, db):
    record = make_hostile()["production"]
    text, bibtex, html = citation(client, record)
    assert "<script>alert" not in html
    assert text.startswith(HOSTILE)
    assert 'title = {{</script><script>alert(1)</script>"\\&}}' in bibtex
    assert bibtex.count("{") == bibtex.count("}")
