"""A record's tags as links to their pages: {% tag_links record.tags.all %}."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from catalog.tags import page_addresses

register = template.Library()


@register.simple_tag
def tag_links(tags):
    """A list of links to the tags' pages, or nothing without tags. Every card of a list, tag
    or search page has one: a tag page's 26 cards carry about 200 tags."""
    address = page_addresses()
    links = format_html_join(
        "",
        '<li><a class="tag" href="{}">{}</a></li>',
        ((address(tag.slug), tag.name) for tag in tags),
    )
    if not links:
        return ""
    return format_html('<ul class="tags" aria-label="{}">{}</ul>', gettext("Tags"), links)
