"""What a record type is, in one place.

Each public record type (production, studio, AI tool, controversy, person, source, stage) has
one `RecordType` here: its model, its names (the key in URL names and JSON, the plural in paths
and exports, the labels readers see), its list page (card, sorts, filters), its flags (tagged,
searchable, has a feed) and its open-data shape (the fields and links of its JSON and CSV).
Views, list and tag pages, search, exports, feeds, sitemaps, template tags and navigation read
it instead of naming the types themselves.

Adding a type: its model (with `get_absolute_url`, `with_counts()` on its QuerySet if it has a
list page), an entry in TYPES below, its detail view and templates.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, F, OuterRef, Prefetch
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from taggit.models import TaggedItem

from catalog.models import (
    AITool,
    AIUse,
    Controversy,
    Credit,
    Figure,
    Likeness,
    Person,
    PersonRole,
    Production,
    ProductionStudio,
    Quote,
    Response,
    Rule,
    RuleLink,
    Source,
    Stage,
    Studio,
    cited_sources,
)

# A card's tags, as a list on each record (`record.tags_rows`): a queryset made for each record
# to hold its tags cost ~60 µs a card, a fifth of a tag page's 300. (Exports replace the cards'
# prefetches with their own.)
CARD_TAGS = Prefetch("tags", to_attr="tags_rows")


@dataclass(frozen=True)
class Link:
    """A list of linked items in a record's JSON.

    The rows behind `accessor`; with `through`, each row's record of that name (a studio role's
    studio) carrying the row's `extra` attributes; with `claim`, each row as a claim of that
    kind ("ai_use", "figure", "quote", "likeness", "response", "rule_link"); with `one`, a
    foreign key as a list of zero or one.
    """

    accessor: str
    through: str = ""
    extra: tuple = ()  # (JSON key, row attribute) pairs
    claim: str = ""
    one: bool = False


@dataclass(frozen=True)
class Sort:
    label: str
    ordering: tuple


@dataclass
class RecordType:
    key: str  # "tool": URL names (tool_detail, tool_json, tool_list) and the JSON "type"
    plural: str  # "tools": paths, export file names, snapshot sections, ?type= in search
    model: type
    # What readers see (translated: catalog/i18n.py); never part of an address or of the data.
    label: str  # "AI tool", as in running text
    label_plural: str  # "AI tools", as in running text; `title` capitalises it
    name_field: str
    summary_field: str
    # Open data: the type's own fields, its link lists, and what loads them.
    fields: list
    links: dict = field(default_factory=dict)
    prefetch: list = field(default_factory=list)
    select: list = field(default_factory=list)
    tagged: bool = True
    has_sources: bool = True
    searchable: bool = True
    # The list page: None for a type without one (stages).
    card: str | None = None
    sorts: dict = field(default_factory=dict)  # key -> Sort; the first is the default
    filters: tuple = ()  # of catalog.forms.ListFilterForm's fields
    card_prefetch: list = field(default_factory=list)
    kind_field: str = "kind"
    kind_label: str = _("Kind")
    feed: str = ""  # URL name of the record's Atom feed, if it has one
    # The letter of its permanent identifiers, e.g. "T" in /id/T42 (catalog/addresses.py).
    id_prefix: str = ""

    @property
    def title(self):
        return capfirst(self.label_plural)

    @property
    def list_url_name(self):
        return f"{self.key}_list"

    @property
    def has_list(self):
        return self.card is not None

    def list_url(self):
        return reverse(self.list_url_name)

    def permanent_id(self, record):
        """The record's short identifier for good, e.g. "T42": its type's letter and its id."""
        return f"{self.id_prefix}{record.pk}"

    def kind_choices(self):
        return self.model._meta.get_field(self.kind_field).choices

    def name(self, record):
        return getattr(record, self.name_field)

    def summary(self, record):
        return getattr(record, self.summary_field)

    def list_queryset(self):
        """The records as their cards show them, with the counts a list sorts by."""
        return self.model.objects.with_counts().prefetch_related(*self.card_prefetch)

    def default_ordering(self):
        return next(iter(self.sorts.values())).ordering

    def tagged_with(self, tags, walk=False):
        """The records carrying every one of the tags, in the list's default order: what a
        tag page and its exports show.

        With `walk` (a tag many records carry), the database walks the list's sort index and
        checks each record for the tags, stopping at the page's end (~20 ms for 78,000
        productions, where joining every link and sorting them takes ~800 ms). A tag few carry
        is joined instead, as walking would check nearly every record."""
        queryset = self.list_queryset()
        content_type = ContentType.objects.get_for_model(self.model)
        for tag in tags:
            if walk:
                links = TaggedItem.objects.filter(
                    tag=tag, content_type=content_type, object_id=OuterRef("pk")
                )
                queryset = queryset.filter(Exists(links))
            else:
                queryset = queryset.filter(tags=tag)
        return queryset.order_by(*self.default_ordering())


def _uses(lookup):
    return Prefetch(
        lookup,
        AIUse.objects.select_related(
            "tool",
            "production",
            "studio",
            "stage",
            "disclosed_by_studio",
            "disclosed_by_person",
        ).prefetch_related(*use_claims()),
    )


def use_claims():
    """What an AI use's JSON shows besides its own row and the records it names: its sources,
    the responses to it and the rules bearing on it."""
    return [
        cited_sources(AIUse),
        cited_sources(AIUse, "disclosure_cites"),
        Prefetch("responses", _responses()),
        Prefetch("rule_links", _rule_links()),
    ]


# What a claim's JSON names besides its parent (which the prefetch hands it): the records and
# claims it links to, loaded with it.
USE_NAMES = ("tool", "production", "studio", "stage")


def _responses():
    return Response.objects.select_related(
        "person", "studio", "controversy", "quote__person", *[f"ai_use__{n}" for n in USE_NAMES]
    ).prefetch_related(cited_sources(Response))


def _rule_links():
    return RuleLink.objects.select_related(
        "rule",
        "controversy",
        "likeness__person",
        "likeness__production",
        *[f"ai_use__{n}" for n in USE_NAMES],
    ).prefetch_related(cited_sources(RuleLink))


def _likenesses():
    return Likeness.objects.select_related(
        "person", "production", *[f"ai_use__{n}" for n in USE_NAMES]
    ).prefetch_related(cited_sources(Likeness), Prefetch("rule_links", _rule_links()))


def _quotes():
    return Quote.objects.select_related("person", "production", "controversy").prefetch_related(
        cited_sources(Quote)
    )


def _figures():
    # A figure's URL is on its studio's page, else its production's: both loaded with it.
    return Figure.objects.select_related("studio", "production").prefetch_related(
        cited_sources(Figure)
    )


def _by(name):
    """A sort by a name or title that ignores case ("animation" before "VFX")."""
    return (Lower(name), "pk")


ADDED = Sort(_("Recently added"), ("-pk",))

TYPES = [
    RecordType(
        key="production",
        id_prefix="P",
        plural="productions",
        model=Production,
        label=pgettext_lazy("record type", "production"),
        label_plural=pgettext_lazy("record types", "productions"),
        name_field="title",
        summary_field="synopsis",
        fields=[
            "original_title",
            "kind",
            "year",
            "release_date",
            "release_note",
            "episodes",
            "synopsis",
            "based_on",
            "based_on_by",
        ],
        links={
            "studios": Link("studio_roles", through="studio", extra=(("role", "role"),)),
            "ai_uses": Link("ai_uses", claim="ai_use"),
            "people": Link("credits", through="person", extra=(("role", "role"),)),
            "controversies": Link("controversies"),
            "figures": Link("figures", claim="figure"),
            "quotes": Link("quotes", claim="quote"),
            "likenesses": Link("likenesses", claim="likeness"),
        },
        prefetch=[
            Prefetch("studio_roles", ProductionStudio.objects.select_related("studio")),
            _uses("ai_uses"),
            Prefetch("credits", Credit.objects.select_related("person")),
            "controversies",
            Prefetch("figures", _figures()),
            Prefetch("quotes", _quotes()),
            Prefetch("likenesses", _likenesses()),
        ],
        card="catalog/_production_card.html",
        sorts={
            "title": Sort(_("Title"), _by("title")),
            "year": Sort(_("Newest first"), (F("year").desc(nulls_last=True), *_by("title"))),
            "uses": Sort(_("Most AI uses"), ("-use_count", *_by("title"))),
            "added": ADDED,
        },
        filters=("tag", "stage", "kind", "year", "tool", "studio"),
        card_prefetch=[CARD_TAGS],
    ),
    RecordType(
        key="studio",
        id_prefix="S",
        plural="studios",
        model=Studio,
        label=pgettext_lazy("record type", "studio"),
        label_plural=pgettext_lazy("record types", "studios"),
        name_field="name",
        summary_field="description",
        fields=["kind", "country", "city", "description", "website"],
        links={
            "productions": Link(
                "production_roles", through="production", extra=(("role", "role"),)
            ),
            "tools_made": Link("tools_made"),
            "ai_uses": Link("ai_uses", claim="ai_use"),
            "people": Link("people_roles", through="person", extra=(("title", "title"),)),
            "controversies": Link("controversies"),
            "figures": Link("figures", claim="figure"),
            "responses": Link("responses", claim="response"),
        },
        prefetch=[
            Prefetch("production_roles", ProductionStudio.objects.select_related("production")),
            "tools_made",
            _uses("ai_uses"),
            Prefetch("people_roles", PersonRole.objects.select_related("person")),
            "controversies",
            Prefetch("figures", _figures()),
            Prefetch("responses", _responses()),
        ],
        card="catalog/_studio_card.html",
        sorts={
            "name": Sort(_("Name"), _by("name")),
            "uses": Sort(_("Most AI uses"), ("-use_count", *_by("name"))),
            "productions": Sort(_("Most productions"), ("-production_count", *_by("name"))),
            "added": ADDED,
        },
        filters=("tag", "stage", "kind", "tool"),
        card_prefetch=[CARD_TAGS],
        feed="studio_feed",
    ),
    RecordType(
        key="tool",
        id_prefix="T",
        plural="tools",
        model=AITool,
        label=pgettext_lazy("record type", "AI tool"),
        label_plural=pgettext_lazy("record types", "AI tools"),
        name_field="name",
        summary_field="description",
        fields=["technique", "is_generic", "description", "website"],
        links={
            "vendor": Link("vendor", one=True),
            "ai_uses": Link("uses", claim="ai_use"),
            "controversies": Link("controversies"),
        },
        prefetch=[_uses("uses"), "controversies"],
        select=["vendor"],
        card="catalog/_tool_card.html",
        sorts={
            "name": Sort(_("Name"), _by("name")),
            "uses": Sort(_("Most AI uses"), ("-use_count", *_by("name"))),
            "added": ADDED,
        },
        filters=("tag", "stage", "kind", "studio"),
        card_prefetch=[CARD_TAGS],
        kind_field="technique",
        kind_label=_("Technique"),
        feed="tool_feed",
    ),
    RecordType(
        key="controversy",
        id_prefix="C",
        plural="controversies",
        model=Controversy,
        label=pgettext_lazy("record type", "controversy"),
        label_plural=pgettext_lazy("record types", "controversies"),
        name_field="title",
        summary_field="summary",
        fields=["year", "date", "summary"],
        links={
            "productions": Link("productions"),
            "studios": Link("studios"),
            "tools": Link("tools"),
            "people": Link("people"),
            "quotes": Link("quotes", claim="quote"),
            "responses": Link("responses", claim="response"),
            "rules": Link("rule_links", claim="rule_link"),
        },
        prefetch=[
            "productions",
            "studios",
            "tools",
            "people",
            Prefetch("quotes", _quotes()),
            Prefetch("responses", _responses()),
            Prefetch("rule_links", _rule_links()),
        ],
        card="catalog/_controversy_card.html",
        sorts={
            "year": Sort(_("Newest first"), (F("year").desc(nulls_last=True), *_by("title"))),
            "title": Sort(_("Title"), _by("title")),
            "added": ADDED,
        },
        filters=("tag", "year"),
        card_prefetch=[CARD_TAGS],
    ),
    RecordType(
        key="person",
        id_prefix="N",
        plural="people",
        model=Person,
        label=pgettext_lazy("record type", "person"),
        label_plural=pgettext_lazy("record types", "people"),
        name_field="name",
        summary_field="bio",
        fields=["bio"],
        links={
            "studios": Link("roles", through="studio", extra=(("title", "title"),)),
            "productions": Link("credits", through="production", extra=(("role", "role"),)),
            "controversies": Link("controversies"),
            "quotes": Link("quotes", claim="quote"),
            "likenesses": Link("likenesses", claim="likeness"),
            "responses": Link("responses", claim="response"),
        },
        prefetch=[
            Prefetch("roles", PersonRole.objects.select_related("studio")),
            Prefetch("credits", Credit.objects.select_related("production")),
            "controversies",
            Prefetch("quotes", _quotes()),
            Prefetch("likenesses", _likenesses()),
            Prefetch("responses", _responses()),
        ],
        card="catalog/_person_card.html",
        sorts={
            "name": Sort(_("Name"), _by("name")),
            "quotes": Sort(_("Most quoted"), ("-quote_count", *_by("name"))),
            "added": ADDED,
        },
        filters=("tag",),
        card_prefetch=[CARD_TAGS, Prefetch("roles", PersonRole.objects.select_related("studio"))],
    ),
    RecordType(
        key="rule",
        id_prefix="R",
        plural="rules",
        model=Rule,
        label=pgettext_lazy("record type", "rule"),
        label_plural=pgettext_lazy("record types", "rules"),
        name_field="title",
        summary_field="summary",
        fields=["kind", "jurisdiction", "effective_on", "ends_on", "summary", "clause"],
        links={
            "issuer": Link("issuer", one=True),
            "bears_on": Link("links", claim="rule_link"),
        },
        prefetch=[Prefetch("links", _rule_links())],
        select=["issuer"],
        card="catalog/_rule_card.html",
        sorts={
            "title": Sort(_("Title"), _by("title")),
            "effective": Sort(
                _("Newest in force first"),
                (F("effective_on").desc(nulls_last=True), *_by("title")),
            ),
            "added": ADDED,
        },
        filters=("tag", "kind", "year"),
        card_prefetch=[CARD_TAGS],
    ),
    RecordType(
        key="source",
        id_prefix="D",
        plural="sources",
        model=Source,
        label=pgettext_lazy("record type", "source"),
        label_plural=pgettext_lazy("record types", "sources"),
        name_field="title",
        summary_field="summary",
        fields=[
            "publisher",
            "author",
            "url",
            "published",
            "published_note",
            "accessed",
            "summary",
            "archive_url",
            "archived_on",
            "link_status",
            "link_checked",
            "link_http_status",
        ],
        links={
            "productions": Link("productions"),
            "studios": Link("studios"),
            "tools": Link("tools"),
            "people": Link("people"),
            "controversies": Link("controversies"),
        },
        prefetch=["productions", "studios", "tools", "people", "controversies"],
        tagged=False,
        has_sources=False,
        card="catalog/_source_card.html",
        sorts={
            "title": Sort(_("Title"), _by("title")),
            "cited": Sort(_("Most cited claims"), ("-claim_count", *_by("title"))),
            "published": Sort(
                _("Newest first"), (F("published").desc(nulls_last=True), *_by("title"))
            ),
            "added": ADDED,
        },
        filters=("year",),
    ),
    RecordType(
        key="stage",
        id_prefix="G",
        plural="stages",
        model=Stage,
        label=pgettext_lazy("record type", "stage"),
        label_plural=pgettext_lazy("record types", "stages"),
        name_field="name",
        summary_field="description",
        fields=["position", "description"],
        links={"ai_uses": Link("ai_uses", claim="ai_use")},
        prefetch=[_uses("ai_uses")],
        tagged=False,
        searchable=False,
    ),
]

BY_KEY = {record_type.key: record_type for record_type in TYPES}
BY_PLURAL = {record_type.plural: record_type for record_type in TYPES}
BY_MODEL = {record_type.model: record_type for record_type in TYPES}
BY_PREFIX = {record_type.id_prefix: record_type for record_type in TYPES}
assert len(BY_PREFIX) == len(TYPES) and "" not in BY_PREFIX, "each type needs its own id_prefix"
TAGGED = [record_type for record_type in TYPES if record_type.tagged]
LISTED = [record_type for record_type in TYPES if record_type.has_list]
SEARCHABLE = [record_type for record_type in TYPES if record_type.searchable]


def of(record):
    """The RecordType of a record (or of a model)."""
    model = record if isinstance(record, type) else type(record)
    try:
        return BY_MODEL[model]
    except KeyError:
        raise LookupError(f"{model.__name__} is not a public record type") from None
