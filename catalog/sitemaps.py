"""sitemap.xml over every public record, and robots.txt that keeps crawlers out of the admin.

The sitemap is an index with one section per record type, so that each section stays under
the protocol's 50,000 URLs per file (Django pages longer sections: ?p=2, ...). Every page is
listed in English and in Spanish (/es/...), each entry naming both versions and the English one
as x-default (hreflang alternates), as search engines ask of a site in several languages.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET
from taggit.models import Tag

from catalog import registry


class LanguagesSitemap(Sitemap):
    """Each page once per language in settings.LANGUAGES, with its alternates."""

    i18n = True
    alternates = True
    x_default = True


class RecordSitemap(LanguagesSitemap):
    def __init__(self, model):
        self.model = model

    def items(self):
        return self.model.objects.only("slug", "updated").order_by("pk")

    def lastmod(self, record):
        return record.updated


class TagSitemap(LanguagesSitemap):
    """Every tag that at least one record carries."""

    def items(self):
        return Tag.objects.filter(taggit_taggeditem_items__isnull=False).distinct().order_by("pk")

    def location(self, tag):
        return reverse("tag_detail", args=[tag.slug])


sitemaps = {
    **{record_type.plural: RecordSitemap(record_type.model) for record_type in registry.TYPES},
    "tags": TagSitemap(),
}


@require_GET
def robots_txt(request):
    lines = ["User-agent: *"]
    # A moved admin (ADMIN_URL) stays unlisted: robots.txt is public, so naming it here
    # would tell every guesser where the login page is.
    if settings.ADMIN_URL == "admin/":
        lines.append(f"Disallow: {reverse('admin:index')}")
    lines += ["", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
