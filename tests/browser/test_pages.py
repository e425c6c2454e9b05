"""Every public page type, at 375 px and 1280 px: it answers, shows its heading, is styled, fits
the window, keeps the navigation in reach, logs no errors, and axe-core finds no serious or
critical accessibility violation."""

import re

import pytest

from tests.browser.conftest import WIDTHS
from tests.factories import make_seed_rule

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# (label, path, expected heading or None for any, expected status)
PAGES = [
    ("home", "/", None, 200),
    ("production list", "/productions/", re.compile("Productions", re.I), 200),
    ("studio list", "/studios/", re.compile("Studios", re.I), 200),
    ("tool list", "/tools/", re.compile("tools", re.I), 200),
    ("controversy list", "/controversies/", re.compile("Controversies", re.I), 200),
    ("people list", "/people/", re.compile("People", re.I), 200),
    ("source list", "/sources/", re.compile("Sources", re.I), 200),
    ("rule list", "/rules/", re.compile("Rules", re.I), 200),
    ("production", "/productions/el-eternauta/", "El Eternauta", 200),
    ("studio", "/studios/netflix/", "Netflix", 200),
    ("tool", "/tools/generative-ai/", "Generative AI", 200),
    ("controversy", "/controversies/ai-devaluing-artistic-merit/", "devaluing artistic merit", 200),
    ("person", "/people/ted-sarandos/", "Ted Sarandos", 200),
    ("source", "/sources/guardian-netflix-genai-el-eternauta/", "El Eternauta", 200),
    ("rule", "/rules/a-guild-agreement/", "A guild agreement", 200),
    ("stage", "/stages/post-production/", "Post-production and VFX", 200),
    ("tag list", "/tags/", re.compile("Tags", re.I), 200),
    ("tag", "/tags/generative-ai/", re.compile("generative AI", re.I), 200),
    ("search", "/search/?q=deepfake", re.compile("Search", re.I), 200),
    ("timeline", "/timeline/", re.compile("Timeline", re.I), 200),
    ("not found", "/tools/no-such-tool/", None, 404),
]


@pytest.fixture(autouse=True)
def rule(site):
    """So that the rule pages have a record to show."""
    return make_seed_rule()


@pytest.mark.parametrize(
    "label, path, heading, status", PAGES, ids=[label.replace(" ", "-") for label, *_ in PAGES]
)
def test_page_type_in_a_real_browser(browse, label, path, heading, status):
    for width in WIDTHS:
        visit = browse(width)
        visit.open(path, status=status)
        visit.check(heading)
        visit.axe(label)
