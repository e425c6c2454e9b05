"""Search over every record type, on SQLite and on PostgreSQL."""

import re

import pytest
from django.db import DataError, connection

from catalog.models import Studio
from catalog.search import refresh_search_vectors
from tests.pages import text

pytestmark = pytest.mark.django_db


def postgresql_only(reason):
    return pytest.mark.skipif(connection.vendor != "postgresql", reason=reason)


def results(response, key):
    """The links in one type's group of results."""
    html = response.content.decode()
    if f'id="results-{key}"' not in html:
        return set()
    group = html.split(f'id="results-{key}"')[1].split("</section>")[0]
    return set(re.findall(r'href="(/[^"?#]*)', group))


def test_finds_a_record_by_its_name_and_highlights_it(client, seed):
    response = client.get("/search/", {"q": "Cinelytic"})
    assert "/tools/cinelytic/" in results(response, "tools")
    assert "<mark>Cinelytic</mark>" in response.content.decode()


def test_finds_a_record_by_a_word_of_its_description(client, seed):
    response = client.get("/search/", {"q": "snowfall"})
    assert "/productions/el-eternauta/" in results(response, "productions")
    assert "<mark>snowfall</mark>" in response.content.decode()


def test_finds_records_by_a_tag_their_text_does_not_mention(client, seed):
    response = client.get("/search/", {"q": "labor"})
    assert "/studios/sag-aftra/" in results(response, "studios")
    assert "/people/tyler-perry/" in results(response, "people")
    assert "/controversies/ai-in-the-2023-hollywood-strike/" in results(response, "controversies")


def test_results_are_grouped_by_type_and_ranked(client, seed):
    response = client.get("/search/", {"q": "generative AI"})
    html = response.content.decode()
    assert 'id="results-tools"' in html and 'id="results-studios"' in html
    tools = html.split('id="results-tools"')[1].split("</section>")[0]
    assert tools.index("/tools/generative-ai/") < tools.find("/tools/deepfake/") or (
        "/tools/deepfake/" not in tools
    )


def test_search_type_narrows_to_one_type(client, seed):
    response = client.get("/search/", {"q": "netflix", "type": "studios"})
    assert "/studios/netflix/" in results(response, "studios")
    assert 'id="results-productions"' not in response.content.decode()


def test_editor_text_is_escaped_in_results(client, seed):
    Studio.objects.create(
        name="<script>alert(1)</script> Fox Labs",
        slug="fox-labs",
        description="<img src=x onerror=alert(2)> makes foxes",
    )
    html = client.get("/search/", {"q": "Fox"}).content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Fox</mark> Labs" in html


@postgresql_only("typo tolerance needs PostgreSQL's trigram similarity; SQLite matches substrings")
def test_a_one_letter_typo_still_finds_cinelytic(client, seed):
    response = client.get("/search/", {"q": "Cinelitic"})
    assert "/tools/cinelytic/" in results(response, "tools")


@postgresql_only("stemming and SearchHeadline are PostgreSQL full-text search features")
def test_postgresql_headline_marks_stemmed_matches(client, seed):
    html = client.get("/search/", {"q": "collapse"}).content.decode()
    assert "<mark>collapsing</mark>" in html


def test_empty_query_asks_for_a_word(client, seed):
    assert "Type a word to search" in text(client.get("/search/"))
    assert "Type a word to search" in text(client.get("/search/", {"q": "   "}))
    response = client.get("/search/", {"q": "\x00\x01"})
    assert response.status_code == 200
    assert "That search has no letters or numbers to look for." in text(response)


def test_a_10000_character_query_is_cut_with_a_message(client, seed):
    response = client.get("/search/", {"q": "netflix " * 1250})
    assert response.status_code == 200
    assert "Your search was 9,999 characters long: only the first 200 were used." in text(response)


@pytest.mark.parametrize(
    "garbage", ["!!!", "&|!():*", "'\"", "-", "or", "\x00\x01", "%_%", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀", "a" * 300]
)
def test_garbage_queries_get_a_clear_answer(client, seed, garbage):
    response = client.get("/search/", {"q": garbage})
    assert response.status_code == 200
    page = text(response)
    assert "No records match" in page or "no letters or numbers" in page or "result" in page


def test_unknown_type_is_explained(client, seed):
    response = client.get("/search/", {"q": "netflix", "type": "planets"})
    assert "There is no record type “planets”: searched every type." in text(response)
    assert "/studios/netflix/" in results(response, "studios")


def test_nothing_found_says_so(client, seed):
    assert "No records match “zzyzx”" in text(client.get("/search/", {"q": "zzyzx"}))


def test_a_word_most_records_share_shows_a_capped_total(client, db, monkeypatch):
    from catalog import search
    from tests.factories import make_catalog

    make_catalog(30)
    monkeypatch.setattr(search, "COUNT_CAP", 12)
    page = text(client.get("/search/", {"q": "bulk"}))
    assert "Productions (12+)" in page
    assert "All 12+ productions matching" in page
    assert "+ results for “bulk”" in page


@postgresql_only("near spellings come from PostgreSQL's trigram index")
def test_near_spellings_are_added_only_while_text_matches_are_few(db):
    """A word whose text matches fill the candidates needs no typo tolerance; a rarer one
    still gets names spelled nearly like it."""
    from catalog.search import candidates

    text_matches = {
        Studio.objects.create(slug=f"maker-{i}", name=f"Maker {i}", description="A lantern.").pk
        for i in range(2)
    }
    near_spelling = Studio.objects.create(slug="lanturn", name="Lanturn").pk

    def found(limit):
        chosen = Studio.objects.filter(pk__in=candidates(Studio, "lantern", limit=limit))
        return set(chosen.values_list("pk", flat=True))

    assert found(limit=3) == text_matches | {near_spelling}
    assert found(limit=2) == text_matches


@postgresql_only("on SQLite every match is ranked, not a sample of candidates")
def test_a_common_word_gives_the_same_results_after_unrelated_edits(client, db):
    """A word in more records than are ranked (catalog.search.CANDIDATES) ranks the first
    of them by id, not the first PostgreSQL happens to read: saving a record moves its row to
    the end of the table, and must not change what a search shows."""
    from catalog.search import CANDIDATES

    Studio.objects.bulk_create(
        Studio(slug=f"maker-{i:03}", name=f"Maker {i:03}", description="A lantern maker.")
        for i in range(CANDIDATES + 100)
    )
    refresh_search_vectors(Studio)

    def shown():
        links = results(client.get("/search/", {"q": "lantern"}), "studios")
        return {link for link in links if link.startswith("/studios/")}

    before = shown()
    assert before == {f"/studios/maker-{i:03}/" for i in range(10)}
    for studio in Studio.objects.order_by("pk")[:20]:
        studio.city = "Lyon"  # nothing the search reads
        studio.save()
    assert shown() == before


@postgresql_only("a PostgreSQL planner setting")
def test_a_search_turns_index_only_scans_off_for_itself_alone(db):
    """Names spelled like a query are found through the trigram index: the search turns off
    the index-only scans PostgreSQL would prefer, and gives them back when it is done, also
    when it fails."""
    from catalog.search import trigram_index_for_names

    def index_only_scans():
        with connection.cursor() as cursor:
            cursor.execute("SHOW enable_indexonlyscan")
            return cursor.fetchone()[0]

    with trigram_index_for_names():
        assert index_only_scans() == "off"
    assert index_only_scans() == "on"
    with pytest.raises(DataError), trigram_index_for_names(), connection.cursor() as cursor:
        cursor.execute("SELECT 1 / 0")  # a query that fails part-way through a search
    assert index_only_scans() == "on"


def test_a_short_word_is_marked_as_a_word_not_inside_others(client, seed):
    """A query of "AI" marks the word AI, never the "Ai" of "Buenos Aires"; a longer word marks
    where a word starts with it."""
    Studio.objects.create(name="Estudio Buenos Aires AI", slug="estudio-buenos-aires")
    Studio.objects.create(name="Foxes and AIs", slug="foxes-and-ais")
    html = client.get("/search/", {"q": "AI"}).content.decode()
    assert "Estudio Buenos Aires <mark>AI</mark>" in html
    assert "Foxes and AIs" in html
    assert "<mark>Ai</mark>" not in html
    assert "<mark>Fox</mark>es" in client.get("/search/", {"q": "fox"}).content.decode()


def test_a_word_of_a_script_written_without_spaces_is_found_inside_names_and_texts(client, seed):
    """Japanese puts no spaces between words: "映画" (film) is found inside a name and "制作"
    (production) inside a description, on PostgreSQL as on SQLite, and marked where it is."""
    Studio.objects.create(
        name="東京の映画スタジオ", slug="tokyo-eiga", description="アニメーションの制作会社"
    )
    Studio.objects.create(name="大阪アニメ", slug="osaka-anime", description="Netflixの作品")
    response = client.get("/search/", {"q": "映画"})
    assert results(response, "studios") == {"/studios/tokyo-eiga/"}
    assert "東京の<mark>映画</mark>スタジオ" in response.content.decode()
    response = client.get("/search/", {"q": "制作"})
    assert results(response, "studios") == {"/studios/tokyo-eiga/"}
    assert "アニメーションの<mark>制作</mark>会社" in response.content.decode()
    assert results(client.get("/search/", {"q": "映画 制作"}), "studios") == {
        "/studios/tokyo-eiga/"
    }
    both = results(client.get("/search/", {"q": "Netflix 作品"}), "studios")
    assert "/studios/osaka-anime/" in both and "/studios/tokyo-eiga/" not in both
    response = client.get("/search/", {"q": "映画", "type": "studios"})
    assert results(response, "studios") == {"/studios/tokyo-eiga/"}
