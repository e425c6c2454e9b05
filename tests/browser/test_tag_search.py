"""Journey 3, search by tag: from a studio page, click one of its tags; the tag page lists
records of several types; narrow it by a second tag; then type the tag's name in the search
box and find the same records. At 375 px and at 1280 px."""

import re

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Everything the seed tags "generative AI": a production, a studio, a tool, two controversies.
TAGGED_GENERATIVE_AI = [
    ("El Eternauta", "/productions/el-eternauta/"),
    ("Netflix", "/studios/netflix/"),
    ("Generative AI", "/tools/generative-ai/"),
    ("devaluing artistic merit", "/controversies/ai-devaluing-artistic-merit/"),
    ("Tyler Perry halts", "/controversies/tyler-perry-halts-studio-expansion/"),
]
# Of those, the ones also tagged "VFX".
TAGGED_BOTH = TAGGED_GENERATIVE_AI[0:1] + TAGGED_GENERATIVE_AI[2:3]
NOT_TAGGED_VFX = [TAGGED_GENERATIVE_AI[1], *TAGGED_GENERATIVE_AI[3:]]


def linked_paths(visit):
    return set(
        visit.main()
        .locator("a[href]")
        .evaluate_all("links => links.map(a => new URL(a.href).pathname)")
    )


def test_search_by_tag(browse, width):
    visit = browse(width)
    page = visit.open("/studios/netflix/")
    visit.check("Netflix")

    visit.follow("generative AI", "/tags/generative-ai/")
    visit.check(re.compile("generative AI", re.I))
    visit.assert_links(TAGGED_GENERATIVE_AI)
    main = visit.main()
    for kind in ("production", "studio", "tool", "controvers"):
        heading = main.get_by_role("heading", name=re.compile(kind, re.I))
        assert heading.count(), f"the tag page has no heading for {kind} records"

    # Narrow to the records that also carry "VFX".
    narrow = main.get_by_role("link", name=re.compile(r"^\W*VFX\b", re.I))
    narrowing = [
        narrow.nth(i)
        for i in range(narrow.count())
        if re.search(r"generative-ai.*vfx|vfx.*generative-ai", narrow.nth(i).get_attribute("href"))
    ]
    assert narrowing, "the tag page offers no link to narrow by the tag VFX"
    narrowing[0].click()
    page.wait_for_url(re.compile("vfx", re.I))
    visit.check(re.compile("generative AI", re.I))
    visit.assert_links(TAGGED_BOTH)
    remaining = linked_paths(visit)
    for name, path in NOT_TAGGED_VFX:
        assert path not in remaining, f"{name} is not tagged VFX, yet still listed"

    # The same tag, typed into the search box in the page header.
    search = page.get_by_role("search").first.get_by_role("searchbox")
    search.fill("generative AI")
    search.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?"))
    visit.check(re.compile("Search", re.I))
    boxes = page.get_by_role("searchbox")
    values = [boxes.nth(i).input_value() for i in range(boxes.count())]
    assert "generative AI" in values, f"the search page does not show the query: {values}"
    visit.assert_links(TAGGED_GENERATIVE_AI)
    visit.screenshot("journey-3-search-by-tag")


def test_a_list_narrowed_by_two_tags_keeps_both_when_sorted(browse, width):
    """A list takes `?tag=` more than once: sorting it with its form keeps every tag."""
    visit = browse(width)
    page = visit.open("/productions/?tag=generative-ai&tag=vfx")
    visit.check(re.compile("Productions", re.I))
    main = visit.main()
    count = main.locator(".result-count")
    assert re.search(r"1 production matching tag “generative AI”, tag “VFX”", count.inner_text())
    visit.assert_links(TAGGED_BOTH[:1])

    main.get_by_label("Sort by").select_option(label="Newest first")
    main.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"sort=year"))
    query = page.url.split("?", 1)[1]
    assert "tag=generative-ai" in query and "tag=vfx" in query, page.url
    assert re.search(r"1 production matching", main.locator(".result-count").inner_text())
    visit.assert_links(TAGGED_BOTH[:1])
