"""Atom feeds: the latest changes over the whole catalog, and per tag, per tool, per studio.

Each feed is a list of changed records, newest change first: a record's entry links to its
page, an AI use's entry to its place on the production's (or studio's) page, and a likeness
record's, response's or rule link's to its place on the page that shows it. A feed reads a
fixed number of queries whatever the catalog's size: each kind of record is read newest first,
FEED_LENGTH at most, and the lists are merged.

Feeds have one address each, with no Spanish version (catalog/i18n.py): their words are marked
for translation but read in English, the site's default language.
"""

from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext
from taggit.models import Tag

from catalog import registry
from catalog.cache import changed_at
from catalog.exports import SITE_NAME
from catalog.models import AITool, AIUse, Likeness, Response, RuleLink, Studio

FEED_LENGTH = 50

_USES = AIUse.objects.select_related("tool", "production", "studio", "stage")
_USE_NAMES = [f"ai_use__{name}" for name in ("tool", "production", "studio", "stage")]
_LIKENESSES = Likeness.objects.select_related("person", "production")
_RESPONSES = Response.objects.select_related("person", "studio", "controversy", *_USE_NAMES)
_RULE_LINKS = RuleLink.objects.select_related(
    "rule", "controversy", "likeness__person", "likeness__production", *_USE_NAMES
)


def newest(*querysets):
    """The FEED_LENGTH most recently changed items across the querysets."""
    items = []
    for queryset in querysets:
        if hasattr(queryset.model, "tags"):
            queryset = queryset.prefetch_related("tags")
        items.extend(queryset.order_by("-updated", "-pk")[:FEED_LENGTH])
    items.sort(key=lambda item: item.updated, reverse=True)
    return items[:FEED_LENGTH]


class CatalogAtom1Feed(Atom1Feed):
    def latest_post_date(self):
        # An empty feed is as new as the catalog (not the request): the same bytes each time.
        if not self.items:
            return changed_at()
        return super().latest_post_date()


class ChangesFeed(Feed):
    feed_type = CatalogAtom1Feed
    author_name = SITE_NAME

    def item_title(self, item):
        if isinstance(item, AIUse):
            where = item.production or item.studio
            return gettext("AI use: %(tool)s at %(stage)s on %(where)s") % {
                "tool": item.tool.name,
                "stage": item.stage.name,
                "where": where,
            }
        if isinstance(item, Likeness | Response | RuleLink):
            return f"{capfirst(item._meta.verbose_name)}: {item}"
        record_type = registry.of(item)
        return f"{record_type.key.capitalize()}: {record_type.name(item)}"

    def item_description(self, item):
        if isinstance(item, AIUse):
            text = f"{item.description} ({item.get_status_display()})"
        elif isinstance(item, Likeness):
            text = (
                gettext("%(description)s (consent: %(consent)s)")
                % {"description": item.description, "consent": item.get_consent_display().lower()}
            ).lstrip()
        elif isinstance(item, Response):
            text = item.summary
        elif isinstance(item, RuleLink):
            text = str(item)
        else:
            text = registry.of(item).summary(item)
        # Atom marks the summary as HTML: escape what an editor typed so readers show it as text.
        return escape(Truncator(text).chars(500))

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.created

    def item_updateddate(self, item):
        return item.updated

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()] if hasattr(item, "tags") else []


class LatestChangesFeed(ChangesFeed):
    def title(self):
        return gettext("%(site)s: latest changes") % {"site": SITE_NAME}

    def subtitle(self):
        return gettext("Records added or changed anywhere in the catalog, newest first.")

    def link(self):
        return reverse("home")

    def items(self):
        return newest(
            *[record_type.model.objects.all() for record_type in registry.TYPES],
            _USES.all(),
            _LIKENESSES.all(),
            _RESPONSES.all(),
            _RULE_LINKS.all(),
        )


class TagFeed(ChangesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, tag):
        return gettext("%(site)s: tagged “%(tag)s”") % {"site": SITE_NAME, "tag": tag.name}

    def subtitle(self, tag):
        return gettext("Records tagged “%(tag)s”, newest change first.") % {"tag": tag.name}

    def link(self, tag):
        return reverse("tag_detail", args=[tag.slug])

    def items(self, tag):
        return newest(
            *[record_type.model.objects.filter(tags=tag) for record_type in registry.TAGGED]
        )


class ToolFeed(ChangesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(AITool, slug=slug)

    def title(self, tool):
        return f"{SITE_NAME}: {tool.name}"

    def subtitle(self, tool):
        return gettext("Changes to %(tool)s, its uses and its controversies, newest first.") % {
            "tool": tool.name
        }

    def link(self, tool):
        return tool.get_absolute_url()

    def items(self, tool):
        return newest(
            AITool.objects.filter(pk=tool.pk),
            _USES.filter(tool=tool),
            tool.controversies.all(),
        )


class StudioFeed(ChangesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Studio, slug=slug)

    def title(self, studio):
        return f"{SITE_NAME}: {studio.name}"

    def subtitle(self, studio):
        return gettext(
            "Changes to %(studio)s, its productions, tools, AI uses, controversies and "
            "responses, newest first."
        ) % {"studio": studio.name}

    def link(self, studio):
        return studio.get_absolute_url()

    def items(self, studio):
        return newest(
            Studio.objects.filter(pk=studio.pk),
            _USES.filter(Q(studio=studio) | Q(production__studio_roles__studio=studio)).distinct(),
            studio.productions.distinct(),
            studio.tools_made.all(),
            studio.controversies.all(),
            _RESPONSES.filter(studio=studio),
        )
