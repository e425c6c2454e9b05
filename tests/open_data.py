"""Test data for the open-data tests: a small linked catalog, a hostile record, parsers."""

import json
import xml.etree.ElementTree as ET

from catalog import signals
from catalog.models import (
    AITool,
    AIUse,
    Controversy,
    Credit,
    Person,
    PersonRole,
    Production,
    ProductionStudio,
    Source,
    Stage,
    Studio,
)

HOSTILE = '</script><script>alert(1)</script>"&'
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def make_catalog(size, prefix="rec", tags=("generative AI",)):
    """`size` linked records of each type, every one cited, tagged and used; returns a dict.
    Made as the seed is made, in one batch (`signals.batched()`)."""
    with signals.batched():
        return _make_catalog(size, prefix, tags)


def _make_catalog(size, prefix, tags):
    stage = Stage.objects.get(slug="post-production")
    made = {"productions": [], "studios": [], "tools": [], "people": [], "controversies": []}
    for i in range(size):
        source = Source.objects.create(title=f"{prefix} report {i}", slug=f"{prefix}-source-{i}")
        studio = Studio.objects.create(name=f"{prefix} studio {i}", slug=f"{prefix}-studio-{i}")
        tool = AITool.objects.create(
            name=f"{prefix} tool {i}", slug=f"{prefix}-tool-{i}", technique="generative"
        )
        tool.vendor = studio
        tool.save()
        production = Production.objects.create(
            title=f"{prefix} film {i}", slug=f"{prefix}-film-{i}", year=2020
        )
        ProductionStudio.objects.create(production=production, studio=studio, role="producer")
        person = Person.objects.create(name=f"{prefix} person {i}", slug=f"{prefix}-person-{i}")
        PersonRole.objects.create(person=person, studio=studio, title="CEO")
        Credit.objects.create(person=person, production=production, role="director")
        use = AIUse.objects.create(
            tool=tool, production=production, studio=studio, stage=stage, description="VFX"
        )
        use.sources.add(source)
        controversy = Controversy.objects.create(
            title=f"{prefix} controversy {i}", slug=f"{prefix}-controversy-{i}", summary="s"
        )
        controversy.sources.add(source)
        controversy.tools.add(tool)
        controversy.productions.add(production)
        for record in (studio, tool, production, person, controversy):
            record.sources.add(source)
            record.tags.add(*tags)
        made["productions"].append(production)
        made["studios"].append(studio)
        made["tools"].append(tool)
        made["people"].append(person)
        made["controversies"].append(controversy)
    return made


def make_hostile():
    """One record of each type whose every text field holds markup and quotes."""
    source = Source.objects.create(title=HOSTILE, slug="hostile-source", publisher=HOSTILE)
    studio = Studio.objects.create(name=HOSTILE, slug="hostile-studio", description=HOSTILE)
    tool = AITool.objects.create(
        name=HOSTILE, slug="hostile-tool", technique="other", description=HOSTILE, vendor=studio
    )
    production = Production.objects.create(
        title=HOSTILE, slug="hostile-production", synopsis=HOSTILE, kind="series"
    )
    person = Person.objects.create(name=HOSTILE, slug="hostile-person", bio=HOSTILE)
    controversy = Controversy.objects.create(
        title=HOSTILE, slug="hostile-controversy", summary=HOSTILE
    )
    use = AIUse.objects.create(
        tool=tool,
        production=production,
        studio=studio,
        stage=Stage.objects.get(slug="production"),
        description=HOSTILE,
    )
    use.sources.add(source)
    for record in (studio, tool, production, person, controversy):
        record.sources.add(source)
        record.tags.add(HOSTILE)
    return {
        "source": source,
        "studio": studio,
        "tool": tool,
        "production": production,
        "person": person,
        "controversy": controversy,
    }


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def get_json(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/json")
    return json.loads(body(response))


def parse_atom(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(body(response))
    assert root.tag == f"{ATOM}feed"
    return root


def atom_entries(root):
    """(title, alternate link, id, updated) of each entry, in the feed's order."""
    entries = []
    for entry in root.findall(f"{ATOM}entry"):
        link = entry.find(f"{ATOM}link[@rel='alternate']").get("href")
        entries.append(
            {
                "title": entry.findtext(f"{ATOM}title"),
                "link": link,
                "id": entry.findtext(f"{ATOM}id"),
                "updated": entry.findtext(f"{ATOM}updated"),
                "categories": [c.get("term") for c in entry.findall(f"{ATOM}category")],
            }
        )
    return entries


def absolute(path):
    return f"http://testserver{path}"
