"""The site in English and Spanish: English at the addresses it always had, Spanish under /es/.

An address answers in one language whatever the browser asks for (Accept-Language, a language
cookie), so a cached copy never mixes them; every page links to itself in the other language
and names both in its head; figures and dates read as each language writes them; former
addresses still lead on under /es/; and the two languages never share a cache entry.
"""

import datetime
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils import translation

from catalog.models import AIUse, Figure, Person, Source, Studio
from catalog.numbers import format_figure
from tests.open_data import SITEMAP
from tests.pages import links, text

pytestmark = pytest.mark.django_db

XHTML = "{http://www.w3.org/1999/xhtml}"

# (English address, a Spanish heading or sentence its /es/ version shows, an English one)
PAGES = [
    ("/", "La IA en cada etapa de la producción", "AI across the production pipeline"),
    ("/productions/", "Ordenar por", "Sort by"),
    ("/tools/", "Herramientas de IA", "Sort by"),
    ("/people/", "Ordenar por", "Sort by"),
    ("/rules/", "Normas", "Sort by"),
    ("/productions/el-eternauta/", "Usos de IA", "AI uses"),
    ("/studios/netflix/", "Herramientas que usa", "Tools it uses"),
    ("/tools/facedirector/", "Quién la usó, dónde y cómo", "Who used it, where and how"),
    (
        "/controversies/ai-devaluing-artistic-merit/",
        "A quién y a qué involucra",
        "Who and what it involves",
    ),
    ("/people/ted-sarandos/", "Cita este registro", "Cite this record"),
    (
        "/sources/guardian-netflix-genai-el-eternauta/",
        "Qué cita esta fuente",
        "What cites this source",
    ),
    (
        "/stages/post-production/",
        "Herramientas de IA usadas en esta etapa",
        "AI tools used at this stage",
    ),
    ("/tags/", "Todas las etiquetas, con el número de registros", "Every tag with the number"),
    ("/tags/generative-ai/", "con la etiqueta", "tagged"),
    ("/search/?q=deepfake", "los mejores primero dentro de cada tipo", "best first within"),
    ("/timeline/", "Cronología", "Timeline"),
    ("/ai-uses/", "Cómo se supo de ellos", "How they became known"),
]


def lang(response):
    return re.search(r'<html lang="([^"]+)">', response.content.decode())[1]


@pytest.mark.parametrize(("path", "spanish", "english"), PAGES)
def test_each_page_type_reads_in_spanish_under_es(client, seed, path, spanish, english):
    response = client.get(f"/es{path}")
    assert response.status_code == 200
    assert lang(response) == "es"
    assert response["Content-Language"] == "es"
    shown = text(response)
    assert spanish in shown
    assert "Saltar al contenido" in shown and "Skip to content" not in shown
    assert "Cronología" in shown  # the navigation


@pytest.mark.parametrize(("path", "spanish", "english"), PAGES)
def test_english_stays_at_its_address_whatever_the_browser_asks(
    client, seed, path, spanish, english
):
    plain = client.get(path)
    client.cookies["django_language"] = "es"
    asking = client.get(path, headers={"accept-language": "es-ES,es;q=0.9"})
    for response in (plain, asking):
        assert response.status_code == 200
        assert lang(response) == "en"
        assert response["Content-Language"] == "en"
        assert "Accept-Language" not in response.get("Vary", "")
        shown = text(response)
        assert english in shown and "Skip to content" in shown
        assert "Saltar al contenido" not in shown
    assert asking.content == plain.content


def test_the_spanish_404_page_is_in_spanish(client, seed):
    response = client.get("/es/tools/no-such-tool/")
    assert response.status_code == 404
    assert lang(response) == "es"
    assert "No encontramos esa página" in text(response)
    english = client.get("/tools/no-such-tool/", headers={"accept-language": "es"})
    assert english.status_code == 404 and "We could not find that page" in text(english)


def test_exports_and_feeds_keep_one_address(client, seed):
    assert client.get("/tools.json").status_code == 200
    assert client.get("/es/tools.json").status_code == 404
    feed = client.get("/feeds/latest.atom", headers={"accept-language": "es"})
    assert "In the Frame: latest changes" in feed.content.decode()


def switcher(response):
    """The language switcher's links: {hreflang: href}."""
    nav = re.search(r'<nav class="language-switcher".*?</nav>', response.content.decode(), re.S)
    found = re.findall(r'<a href="([^"]+)" hreflang="([^"]+)"', nav[0])
    return {code: href for href, code in found}


def test_every_page_links_to_itself_in_the_other_language(client, seed):
    english = client.get("/tools/?sort=name&tag=deepfake")
    assert switcher(english) == {"es": "/es/tools/?sort=name&amp;tag=deepfake"}
    assert "Español" in text(english)
    spanish = client.get("/es/tools/facedirector/")
    assert switcher(spanish) == {"en": "/tools/facedirector/"}
    assert "English" in text(spanish)
    # Plain links: no form, no CSRF token, so the page stays cacheable.
    assert "csrfmiddlewaretoken" not in spanish.content.decode()
    assert spanish["Cache-Control"].startswith("public")
    for page in (english, spanish):
        (other,) = switcher(page).values()
        assert client.get(other.replace("&amp;", "&")).status_code == 200


def alternates(response):
    return dict(
        re.findall(
            r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', response.content.decode()
        )
    )


def test_every_page_names_both_languages_in_its_head(client, seed):
    expected = {
        "en": "http://testserver/studios/netflix/",
        "es": "http://testserver/es/studios/netflix/",
        "x-default": "http://testserver/studios/netflix/",
    }
    assert alternates(client.get("/studios/netflix/")) == expected
    assert alternates(client.get("/es/studios/netflix/")) == expected
    assert alternates(client.get("/es/")) == {
        "en": "http://testserver/",
        "es": "http://testserver/es/",
        "x-default": "http://testserver/",
    }
    # A record page's canonical address is its own language's.
    assert '<link rel="canonical" href="http://testserver/es/studios/netflix/">' in (
        client.get("/es/studios/netflix/").content.decode()
    )


def test_the_sitemap_lists_both_languages_with_their_alternates(client, seed):
    section = ET.fromstring(client.get("/sitemap-studios.xml").content)
    entries = {}
    for url in section.iter(f"{SITEMAP}url"):
        entries[url.findtext(f"{SITEMAP}loc")] = {
            link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")
        }
    both = {
        "en": "http://testserver/studios/netflix/",
        "es": "http://testserver/es/studios/netflix/",
        "x-default": "http://testserver/studios/netflix/",
    }
    assert entries["http://testserver/studios/netflix/"] == both
    assert entries["http://testserver/es/studios/netflix/"] == both
    assert len(entries) == 2 * Studio.objects.count()


@pytest.fixture
def figures(db):
    studio = Studio.objects.create(name="Estudios Ñandú", slug="estudios-nandu")
    for label, value, unit in [
        ("Budget", "11000000000", "USD"),
        ("Deal", "2500000000", "EUR"),
        ("Share", "0.40", "%"),
        ("Fee", "999999.99", "GBP"),
        ("Grant", "1000000", "USD"),
        ("Episodes", "-1.50", "episodes"),
    ]:
        Figure.objects.create(label=label, value=Decimal(value), unit=unit, studio=studio)
    return studio


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        (
            "en",
            [
                "Budget : $11 billion",
                "Deal : €2.5 billion",
                "Share : 0.4%",
                "Fee : £999,999.99",
                "Grant : $1 million",
                "Episodes : \u22121.5 episodes",
            ],
        ),
        (
            "es",
            [
                "Budget : 11.000 millones de dólares",
                "Deal : 2.500 millones de euros",
                "Share : 0,4 %",  # a no-break space, which text() reads as a space
                "Fee : 999.999,99 libras",
                "Grant : 1 millón de dólares",
                "Episodes : \u22121,5 episodes",
            ],
        ),
    ],
)
def test_figures_read_as_each_language_writes_them(client, figures, language, shown):
    prefix = "/es" if language == "es" else ""
    response = client.get(f"{prefix}/studios/{figures.slug}/")
    page = text(response)
    for figure in shown:
        assert figure in page
    if language == "es":
        assert "0,4\u00a0%" in response.content.decode()


def test_figures_outside_a_page_follow_the_active_language():
    with translation.override("es"):
        assert format_figure(Decimal("3000000000000"), "USD") == "3 billones de dólares"
        assert format_figure(Decimal("1"), "USD") == "1 dólar"
        assert format_figure(Decimal("2500000000"), "CHF") == "2.500 millones CHF"
    with translation.override("en"):
        assert format_figure(Decimal("3000000000000"), "USD") == "$3 trillion"


def test_dates_read_as_each_language_writes_them(client, db):
    Source.objects.create(
        title="Ñandú Films: el informe", slug="informe", published=datetime.date(2026, 11, 30)
    )
    english = text(client.get("/sources/informe/"))
    spanish = text(client.get("/es/sources/informe/"))
    assert "Published 30 November 2026" in english
    assert "Publicación 30 de noviembre de 2026" in spanish
    assert "Ñandú Films: el informe" in spanish  # record content stays as entered


def test_counts_agree_with_their_number_in_spanish(client, seed):
    page = text(client.get("/es/tags/"))
    assert re.search(r"\b1 registro\b", page) or re.search(r"\b[2-9]\d* registros\b", page)
    assert not re.search(r"\b1 registros\b", page)


def test_a_renamed_record_answers_301_under_es_too(client, seed):
    studio = Studio.objects.get(slug="netflix")
    studio.slug = "netflix-inc"
    studio.save()
    page = client.get("/es/studios/netflix/?sort=name")
    assert page.status_code == 301
    assert page["Location"] == "/es/studios/netflix-inc/?sort=name"
    assert client.get(page["Location"]).status_code == 200
    assert client.get("/studios/netflix/")["Location"] == "/studios/netflix-inc/"
    assert client.get(f"/es/id/S{studio.pk}")["Location"] == "/es/studios/netflix-inc/"
    # Only a language the site has: another two letters are no prefix.
    assert client.get("/xx/studios/netflix/").status_code == 404


def test_a_deleted_record_answers_410_in_spanish_under_es(client, seed):
    person = Person.objects.create(slug="un-nombre", name="Zoë Ñúñez-Łukasz")
    pk = person.pk
    person.delete()
    page = client.get("/es/people/un-nombre/")
    assert page.status_code == 410
    assert lang(page) == "es"
    shown = text(page)
    assert "Registro eliminado: persona" in shown
    assert f"Zoë Ñúñez-Łukasz (N{pk}): se eliminó del catálogo el" in shown
    assert "This person was removed" in text(client.get("/people/un-nombre/"))


def test_the_two_languages_never_share_a_cache_entry(client, seed):
    for path in ("/", "/tools/", "/tools/facedirector/", "/timeline/"):
        spanish = client.get(f"/es{path}")
        english = client.get(path)
        again = client.get(f"/es{path}")
        assert spanish["ETag"] != english["ETag"]
        assert lang(english) == "en" and lang(spanish) == lang(again) == "es"
        assert again.content == spanish.content
        # The English ETag does not validate the Spanish page.
        answer = client.get(f"/es{path}", headers={"if-none-match": english["ETag"]})
        assert answer.status_code == 200 and lang(answer) == "es"
        assert client.get(path, headers={"if-none-match": english["ETag"]}).status_code == 304


def test_cached_aggregates_are_kept_per_language(client, seed):
    """The home page's aggregates (latest additions with their type) are cached: the first
    visit in one language must not hand its words to the other."""
    spanish = text(client.get("/es/"))
    english = text(client.get("/"))
    assert "Lo último que se agregó" in spanish
    latest = english.split("Latest additions", 1)[1].split("Most used tags", 1)[0]
    assert re.search(r"\b(production|studio|AI tool|person|controversy|source)\b", latest)
    assert not re.search(r"\b(producción|estudio|herramienta de IA|persona)\b", latest)


def test_the_switcher_keeps_its_links_in_the_header(client, seed):
    page = client.get("/es/search/?q=deepfake")
    assert "/search/?q=deepfake" in links(page)


def test_the_chart_keeps_its_geometry_in_figures_a_browser_reads(client, seed):
    """Spanish writes 2,5 for 2.5, but SVG coordinates are always written with a point."""
    for number, use in enumerate(AIUse.objects.order_by("pk")[:6]):
        use.year = 2021 + number % 3
        use.save()
    page = client.get("/es/timeline/").content.decode()
    coordinates = re.findall(r'<rect class="series-\d+" x="([^"]+)" y="([^"]+)"', page)
    assert coordinates
    for x, y in coordinates:
        float(x), float(y)


def test_a_spanish_page_leaves_the_default_language_behind(client, seed):
    client.get("/es/tools/")
    assert translation.get_language() == "en"
    assert Studio.objects.get(slug="netflix").get_absolute_url() == "/studios/netflix/"
