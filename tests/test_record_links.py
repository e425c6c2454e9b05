"""Every link the article implies is on both records' pages."""

import pytest

from tests.pages import links

pytestmark = pytest.mark.django_db

P, S, T, C, H, SRC = (
    "/productions/",
    "/studios/",
    "/tools/",
    "/controversies/",
    "/people/",
    "/sources/",
)

BOTH_WAYS = [
    (P + "el-eternauta/", S + "netflix/"),
    (P + "el-eternauta/", T + "generative-ai/"),
    (S + "netflix/", T + "generative-ai/"),
    (P + "logan/", S + "20th-century-fox/"),
    (P + "logan/", T + "ai-script-analysis/"),
    (S + "20th-century-fox/", T + "ai-script-analysis/"),
    (S + "warner-bros/", T + "cinelytic/"),
    (P + "avengers-infinity-war/", T + "facedirector/"),
    (S + "disney/", T + "facedirector/"),
    (P + "the-irishman/", T + "deepfake/"),
    (H + "ted-sarandos/", S + "netflix/"),
    (H + "davier-yoon/", S + "cravefx/"),
    (H + "tyler-perry/", S + "tyler-perrys-atlanta-studio/"),
    (H + "hector-german-oesterheld/", P + "el-eternauta/"),
    (H + "francisco-solano-lopez/", P + "el-eternauta/"),
    (H + "ted-sarandos/", P + "el-eternauta/"),
    (C + "ai-in-the-2023-hollywood-strike/", S + "sag-aftra/"),
    (C + "ai-devaluing-artistic-merit/", S + "netflix/"),
    (C + "ai-devaluing-artistic-merit/", S + "cravefx/"),
    (C + "ai-devaluing-artistic-merit/", H + "davier-yoon/"),
    (C + "ai-devaluing-artistic-merit/", T + "generative-ai/"),
    (C + "ai-devaluing-artistic-merit/", P + "el-eternauta/"),
    (C + "tyler-perry-halts-studio-expansion/", S + "tyler-perrys-atlanta-studio/"),
    (C + "tyler-perry-halts-studio-expansion/", H + "tyler-perry/"),
    (C + "tyler-perry-halts-studio-expansion/", T + "generative-ai/"),
    (C + "deepfake-de-ageing/", T + "deepfake/"),
    (C + "deepfake-de-ageing/", P + "the-irishman/"),
    (SRC + "guardian-netflix-genai-el-eternauta/", P + "el-eternauta/"),
    (SRC + "khanh-linh-article/", T + "cinelytic/"),
    (SRC + "forbes-netflix-growth-and-ai-criticism/", C + "ai-devaluing-artistic-merit/"),
    ("/stages/post-production/", T + "facedirector/"),
    ("/stages/development/", P + "logan/"),
    ("/stages/pre-production/", S + "warner-bros/"),
]


@pytest.mark.parametrize("a, b", BOTH_WAYS, ids=lambda url: url.strip("/"))
def test_linked_both_ways(client, seed, a, b):
    page_a, page_b = client.get(a), client.get(b)
    assert page_a.status_code == page_b.status_code == 200
    assert b in links(page_a), f"{a} does not link to {b}"
    assert a in links(page_b), f"{b} does not link back to {a}"


@pytest.mark.parametrize(
    "url, heading, list_url",
    [
        (P + "el-eternauta/", "El Eternauta", P),
        (S + "netflix/", "Netflix", S),
        (T + "cinelytic/", "Cinelytic", T),
        (C + "deepfake-de-ageing/", "Deepfake face-swapping and de-ageing", C),
        (H + "davier-yoon/", "Davier Yoon", H),
        (SRC + "forbes-netflix-growth-and-ai-criticism/", "Reporting on AI", SRC),
    ],
)
def test_record_pages_name_the_record_and_lead_back_to_their_list(
    client, seed, url, heading, list_url
):
    response = client.get(url)
    html = response.content.decode()
    assert f'<h1 id="record-title">{heading}' in html
    assert heading in html.split("<title>")[1].split("</title>")[0]
    assert list_url in links(response)
    assert 'aria-label="Breadcrumb"' in html


def test_a_record_page_address_is_the_one_reverse_gives():
    """Record pages' addresses are made from one reversed address per language and script
    prefix (models.record_page_url): the same as reverse() gives for every type, and a slug
    the route would not take is refused as reverse() refuses it."""
    from django.conf import settings
    from django.urls import NoReverseMatch, get_script_prefix, reverse, set_script_prefix
    from django.utils import translation

    from catalog import registry
    from catalog.models import record_page_url

    prefix = get_script_prefix()
    try:
        for script_prefix in ("/", "/mirror/"):
            set_script_prefix(script_prefix)
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    for record_type in registry.TYPES:
                        name = f"{record_type.key}_detail"
                        for slug in ("el-eternauta", "A_1-b", "x"):
                            assert record_page_url(name, slug) == reverse(name, args=[slug])
                        assert record_page_url(name, "x").startswith(script_prefix)
    finally:
        set_script_prefix(prefix)
    for slug in ("café", "a/b", "", "a b"):
        with pytest.raises(NoReverseMatch):
            record_page_url("production_detail", slug)
