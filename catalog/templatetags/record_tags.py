"""What a record's card shows besides its name: its tags as links to their pages,
{% tag_links record.tags_rows %}, and its counts, {% counted "AI uses" record.use_count %}."""

import functools
from html import escape  # what django.utils.html.escape does, without making a SafeString

from django import template
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext

from catalog.tags import page_addresses

register = template.Library()


@register.simple_tag
def tag_links(tags):
    """A list of links to the tags' pages, or nothing without tags. Every card of a list, tag
    or search page has one (a tag page's 300 cards carry some 2,600 tags): the links are put
    together as one string, several times faster than format_html for each."""
    address = page_addresses()
    links = "".join(
        f'<li><a class="tag" href="{escape(address(tag.slug))}">{escape(tag.name)}</a></li>'
        for tag in tags
    )
    if not links:
        return ""
    return mark_safe(f'<ul class="tags" aria-label="{escape(gettext("Tags"))}">{links}</ul>')


# The counts a card shows, as a {% blocktranslate count %} would write them: a card's line of
# three or four took ~70 µs through blocktranslate, a few µs this way.
COUNTS = {
    "AI uses": lambda n: ngettext("%(n)s AI use", "%(n)s AI uses", n),
    "claims": lambda n: ngettext("Cited by %(n)s claim", "Cited by %(n)s claims", n),
    "controversies": lambda n: ngettext("%(n)s controversy", "%(n)s controversies", n),
    "credits": lambda n: ngettext("%(n)s credit", "%(n)s credits", n),
    "episodes": lambda n: ngettext("%(n)s episode", "%(n)s episodes", n),
    "people": lambda n: ngettext("%(n)s person", "%(n)s people", n),
    "productions": lambda n: ngettext("%(n)s production", "%(n)s productions", n),
    "quotes": lambda n: ngettext("%(n)s quote", "%(n)s quotes", n),
    "records": lambda n: ngettext("and %(n)s record", "and %(n)s records", n),
    "studios": lambda n: ngettext("%(n)s studio", "%(n)s studios", n),
    "tools": lambda n: ngettext("%(n)s tool", "%(n)s tools", n),
    "tools made": lambda n: ngettext("%(n)s tool made", "%(n)s tools made", n),
}


@register.simple_tag
def counted(what, n):
    """`n` `what` in words, in the active language: {% counted "AI uses" record.use_count %}.
    The number is localized and the phrase is the translator's, as blocktranslate leaves it."""
    return _counted(what, n, get_language())


# A tag page's 300 cards ask for some 900 counts, most of them the same few small numbers:
# each phrase is made once per language (translations and number formats are fixed while the
# process runs).
@functools.lru_cache(maxsize=4096)
def _counted(what, n, language):
    return mark_safe(COUNTS[what](n) % {"n": localize(n)})
