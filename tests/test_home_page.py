"""The home page: counts, search box, pipeline, latest additions, tags; everything reachable."""

import re
from collections import deque

import pytest
from django.urls import reverse

from catalog.models import AITool, Controversy, Person, Production, Source, Stage, Studio
from tests.pages import links, text

pytestmark = pytest.mark.django_db


def test_home_shows_counts_search_and_most_used_tags(client, seed):
    response = client.get("/")
    assert response.status_code == 200
    page = text(response)
    assert "4 Productions" in page and "7 Studios" in page and "6 AI tools" in page
    html = response.content.decode()
    assert re.search(r'<label for="home-q">[^<]+</label>', html)
    assert 'id="home-q"' in html and 'action="/search/"' in html
    assert "/tags/generative-ai/" in links(response)


def test_pipeline_shows_stages_in_order_with_their_tools_and_productions(client, seed):
    html = client.get("/").content.decode()
    pipeline = html[html.index('class="pipeline"') :]
    positions = [pipeline.index(stage.get_absolute_url()) for stage in Stage.objects.all()]
    assert positions == sorted(positions), "stages are drawn in pipeline order"
    post = pipeline[
        pipeline.index("/stages/post-production/") : pipeline.index("/stages/distribution/")
    ]
    assert "/tools/facedirector/" in post and "/productions/avengers-infinity-war/" in post
    development = pipeline[: pipeline.index("/stages/pre-production/")]
    assert "/tools/ai-script-analysis/" in development and "/productions/logan/" in development


def test_header_links_every_list_and_has_landmarks(client, seed):
    response = client.get("/")
    html = response.content.decode()
    for name in (
        "production_list",
        "studio_list",
        "tool_list",
        "controversy_list",
        "person_list",
        "source_list",
        "tag_list",
        "timeline",
    ):
        assert reverse(name) in links(response)
    for landmark in ("<header", "<nav", '<main id="main"', "<footer", 'href="#main"'):
        assert landmark in html
    assert "<script" not in html and "style=" not in html and "<style" not in html


def test_a_reader_starting_at_home_reaches_every_seed_record(client, seed):
    seen, queue = {"/"}, deque(["/"])
    while queue:
        response = client.get(queue.popleft())
        assert response.status_code == 200
        if response.streaming:  # a download (an export, a release's file), not a page
            b"".join(response.streaming_content)  # read to its end, as a browser would
            continue
        for href in links(response):
            if href.startswith("/") and not href.startswith(("/admin", "/static", "/api/")):
                path = href.split("?")[0]
                if path not in seen:
                    seen.add(path)
                    queue.append(path)
    for model in (Production, Studio, AITool, Controversy, Person, Source, Stage):
        for record in model.objects.all():
            assert record.get_absolute_url() in seen, f"{record} cannot be reached from /"


def test_the_counts_follow_records_added_and_deleted(client, seed, capsys):
    """The counts are kept on write (catalog/counts.py recount_records), not counted per page."""
    from django.core.management import call_command

    from catalog.models import Tally

    added = Production.objects.create(title="Ñandú", slug="nandu")
    Studio.objects.create(name="東宝", slug="toho")
    page = text(client.get("/"))
    assert "5 Productions" in page and "8 Studios" in page
    added.delete()
    assert "4 Productions" in text(client.get("/"))

    Tally.objects.filter(name="records").update(n=99)
    with pytest.raises(Exception, match="kept counts differ"):
        call_command("recount", check=True)
    assert "catalog.Production: records is 99, a fresh count gives 4" in capsys.readouterr().out
    call_command("recount", verbosity=0)
    assert "4 Productions" in text(client.get("/"))
