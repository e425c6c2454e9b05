"""The Spanish pages (/es/...) in a real browser, at 375 px and 1280 px: each page type answers
in Spanish, is styled, fits the window, keeps the navigation and the language switcher in reach,
logs no errors, and axe-core finds no serious or critical accessibility violation (the page's
language included). The switcher leads to the same page in English and back."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import WIDTHS
from tests.factories import make_seed_rule

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# (label, path, expected heading or None for any, expected status)
PAGES = [
    ("inicio", "/es/", None, 200),
    ("lista de producciones", "/es/productions/", "Producciones", 200),
    ("lista de herramientas", "/es/tools/", "Herramientas de IA", 200),
    ("producción", "/es/productions/el-eternauta/", "El Eternauta", 200),
    ("estudio", "/es/studios/netflix/", "Netflix", 200),
    ("herramienta", "/es/tools/generative-ai/", "Generative AI", 200),
    ("controversia", "/es/controversies/ai-devaluing-artistic-merit/", None, 200),
    ("persona", "/es/people/ted-sarandos/", "Ted Sarandos", 200),
    ("fuente", "/es/sources/guardian-netflix-genai-el-eternauta/", None, 200),
    ("norma", "/es/rules/a-guild-agreement/", "A guild agreement", 200),
    ("etapa", "/es/stages/post-production/", None, 200),
    ("etiquetas", "/es/tags/", "Etiquetas", 200),
    ("etiqueta", "/es/tags/generative-ai/", re.compile("generative AI", re.I), 200),
    ("búsqueda", "/es/search/?q=deepfake", "Buscar", 200),
    ("cronología", "/es/timeline/", "Cronología", 200),
    ("usos de IA", "/es/ai-uses/", "Usos de IA", 200),
    ("no encontrada", "/es/tools/no-such-tool/", "No encontramos esa página", 404),
]


@pytest.fixture(autouse=True)
def rule(site):
    """So that the rule pages have a record to show."""
    return make_seed_rule()


@pytest.mark.parametrize(
    "label, path, heading, status", PAGES, ids=[label.replace(" ", "-") for label, *_ in PAGES]
)
def test_spanish_page_type_in_a_real_browser(browse, label, path, heading, status):
    for width in WIDTHS:
        visit = browse(width)
        page = visit.open(path, status=status)
        visit.check(heading)
        expect(page.locator("html")).to_have_attribute("lang", "es")
        expect(page.get_by_role("link", name="Saltar al contenido")).to_be_attached()
        english = page.get_by_role("navigation", name="Idioma").get_by_role("link", name="English")
        expect(english).to_be_visible()
        visit.axe(label)


def test_the_switcher_goes_to_english_and_back(browse):
    for width in WIDTHS:
        visit = browse(width)
        page = visit.open("/es/tools/generative-ai/")
        page.get_by_role("navigation", name="Idioma").get_by_role("link", name="English").click()
        expect(page).to_have_url(re.compile(r"/tools/generative-ai/$"))
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.get_by_role("heading", name="Who used it, where and how")).to_be_visible()
        page.get_by_role("navigation", name="Language").get_by_role("link", name="Español").click()
        expect(page).to_have_url(re.compile(r"/es/tools/generative-ai/$"))
        expect(page.get_by_role("heading", name="Quién la usó, dónde y cómo")).to_be_visible()
