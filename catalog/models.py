"""The catalog: productions, studios, AI tools, the uses that link them, and what they stirred up.

Records that others point at are protected: deleting a studio, tool, production, stage, person
or source that something still links to is refused by the database (PROTECT), never cascaded,
and a record another links to through a many-to-many field (a controversy's studios, any claim's
sources) is refused the same way (`linking_records`, checked in catalog/signals.py and the
admin). Only rows owned by their parent (a production's studio roles, a person's roles and
credits, a record's own many-to-many links and tags) go with it.
"""

import functools
import re
from contextlib import nullcontext
from datetime import date
from urllib.parse import quote

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import FieldError, ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, router, transaction
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    ProtectedError,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, ExtractYear, Lower
from django.db.models.sql import Query
from django.db.models.sql.constants import SINGLE
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.manager import HistoryDescriptor
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager, _TaggableManager
from taggit.models import Tag, TaggedItem

from catalog.numbers import format_figure
from catalog.search import SearchQuerySet

EARLIEST_YEAR = 1870  # the first motion pictures
LATEST_YEAR = 2100  # the database's bound; forms hold to a tighter one, see latest_allowed_year()
YEAR_VALIDATORS = [MinValueValidator(EARLIEST_YEAR)]


# What a record page's route (`<plural>/<slug:slug>/`, catalog/urls.py) takes as a slug.
PAGE_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def record_page_url(name, slug):
    """reverse(name, args=[slug]) for a record's page, from the address reversed once per URL
    configuration, language and script prefix: reverse() takes ~15 µs, and a tool's or a
    stage's page links some 400 records. A slug the route would not take goes to reverse()."""
    if not PAGE_SLUG.fullmatch(slug):
        return reverse(name, args=[slug])
    return f"{page_url_start(name)}{slug}/"


def record_page_addresses(name):
    """record_page_url for many slugs of one page `name`: a function from a slug to its page's
    address, the start read once in the active language (a page of a thousand links)."""
    start = page_url_start(name)
    return lambda slug: (
        f"{start}{slug}/" if PAGE_SLUG.fullmatch(slug) else reverse(name, args=[slug])
    )


def page_url_start(name):
    """The address of the page `name` (whose one argument is a slug) without its slug, in the
    active URL configuration, language and script prefix, reversed once for each of them."""
    return _page_url_start(get_resolver(get_urlconf()), get_language(), get_script_prefix(), name)


@functools.cache
def _page_url_start(resolver, language, script_prefix, name):
    """The key is what reverse() reads from the running request."""
    return reverse(name, args=["slug"]).removesuffix("slug/")


def latest_allowed_year():
    """Announced productions may be dated a few years ahead, not further."""
    return timezone.now().year + 10


def validate_not_far_future(year):
    if year is not None and year > latest_allowed_year():
        raise ValidationError(
            f"{year} is too far in the future: enter a year up to {latest_allowed_year()}.",
            code="far_future",
        )


# Dates hold to the years' bounds: a date's year is a year like any other.
EARLIEST_DATE = date(EARLIEST_YEAR, 1, 1)
LATEST_DATE = date(LATEST_YEAR, 12, 31)


def validate_plausible_date(value):
    if value is None:
        return
    if value < EARLIEST_DATE:
        raise ValidationError(
            f"{value.isoformat()} is too early: enter a date from {EARLIEST_DATE.isoformat()} on.",
            code="too_early",
        )
    if value.year > latest_allowed_year():
        raise ValidationError(
            f"{value.isoformat()} is too far in the future: enter a date up to "
            f"{date(latest_allowed_year(), 12, 31).isoformat()}.",
            code="far_future",
        )


DATE_VALIDATORS = [validate_plausible_date]


def plausible_year(field, name):
    """The database's own bound on a year field (blank, or EARLIEST_YEAR to LATEST_YEAR)."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True})
        | Q(**{f"{field}__range": (EARLIEST_YEAR, LATEST_YEAR)}),
        name=name,
        violation_error_message=f"Enter a year from {EARLIEST_YEAR} to {LATEST_YEAR}.",
    )


def plausible_date(field, name):
    """The database's own bound on a date field (blank, or EARLIEST_DATE to LATEST_DATE)."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True})
        | Q(**{f"{field}__range": (EARLIEST_DATE, LATEST_DATE)}),
        name=name,
        violation_error_message=(
            f"Enter a date from {EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()}."
        ),
    )


# [0-9], not \d, which also matches other scripts' digits ("٣"); \Z, not $, which allows a "\n".
wikidata_id = RegexValidator(r"^Q[1-9][0-9]*\Z", "A Wikidata ID looks like Q123456.")
imdb_title_id = RegexValidator(r"^tt[0-9]{7,}\Z", "An IMDb title ID looks like tt1234567.")
imdb_name_id = RegexValidator(r"^nm[0-9]{7,}\Z", "An IMDb name ID looks like nm1234567.")
imdb_company_id = RegexValidator(r"^co[0-9]{7,}\Z", "An IMDb company ID looks like co1234567.")


def slug_unique_ignoring_case(model_name):
    """`/productions/LOGAN/` and `/productions/logan/` cannot be two different records."""
    return models.UniqueConstraint(
        Lower("slug"),
        name=f"{model_name}_slug_unique_ignoring_case",
        violation_error_message=(
            "Another record has this slug, apart from capitals and small letters: choose another."
        ),
    )


# --- Counts and filters that lists, exports and the admin share ---------------------------------


def count_of(model, field_name, distinct=None):
    """A correlated count of `model` rows pointing at the outer row through `field_name`.

    Evaluated only for the rows a page shows (unlike a GROUP BY over every joined row), and
    several of them on one queryset do not multiply each other as joined Counts would.
    """
    counted = Count(distinct, distinct=True) if distinct else Count("*")
    rows = (
        model.objects.filter(**{field_name: OuterRef("pk")})
        .order_by()
        .values(field_name)
        .annotate(n=counted)
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


class ProductionQuerySet(SearchQuerySet):
    def with_counts(self):
        """What a production's card shows beyond its own row (its counts are columns)."""
        return self.all()

    def at_stage(self, stage):
        return self.filter(pk__in=AIUse.objects.filter(stage=stage).values("production_id"))

    def using_tool(self, tool):
        return self.filter(pk__in=AIUse.objects.filter(tool=tool).values("production_id"))

    def with_studio(self, studio):
        return self.filter(
            pk__in=ProductionStudio.objects.filter(studio=studio).values("production_id")
        )

    def in_year(self, year):
        return self.filter(year=year)

    def of_kind(self, kind):
        return self.filter(kind=kind)


class StudioQuerySet(SearchQuerySet):
    def with_counts(self):
        """What a studio's card shows beyond its own row (its counts are columns)."""
        return self.all()

    def at_stage(self, stage):
        return self.filter(pk__in=AIUse.objects.filter(stage=stage).values("studio_id"))

    def using_tool(self, tool):
        """Studios that used the tool, and its maker."""
        return self.filter(
            Q(pk__in=AIUse.objects.filter(tool=tool).values("studio_id")) | Q(pk=tool.vendor_id)
        )

    def of_kind(self, kind):
        return self.filter(kind=kind)


class AIToolQuerySet(SearchQuerySet):
    def with_counts(self):
        """What a tool's card shows beyond its own row: its maker (its counts are columns)."""
        return self.select_related("vendor")

    def at_stage(self, stage):
        return self.filter(pk__in=AIUse.objects.filter(stage=stage).values("tool_id"))

    def with_studio(self, studio):
        """Tools the studio used, and the tools it makes."""
        return self.filter(
            Q(pk__in=AIUse.objects.filter(studio=studio).values("tool_id")) | Q(vendor=studio)
        )

    def of_kind(self, technique):
        return self.filter(technique=technique)


class ControversyQuerySet(SearchQuerySet):
    def with_counts(self):
        """What a controversy's card shows beyond its own row (its counts are columns)."""
        return self.all()

    def in_year(self, year):
        return self.filter(year=year)


class PersonQuerySet(SearchQuerySet):
    def with_counts(self):
        """What a person's card shows beyond their own row (their counts are columns)."""
        return self.all()


class SourceQuerySet(SearchQuerySet):
    def with_counts(self):
        """What a source's card shows beyond its own row (its counts are columns)."""
        return self.all()

    def in_year(self, year):
        return self.filter(published__year=year)


class RuleQuerySet(SearchQuerySet):
    def with_counts(self):
        """What a rule's card shows: its issuer (no counts yet)."""
        return self.select_related("issuer")

    def in_year(self, year):
        return self.filter(effective_on__year=year)

    def of_kind(self, kind):
        return self.filter(kind=kind)


def event_year(date, year=None):
    """The year of a dated row: its `date` field's year, else its `year` field's."""
    if year is None:
        return ExtractYear(date)
    return Coalesce(ExtractYear(date), year, output_field=IntegerField())


def use_year():
    """The year an AI use happened: its date's year, else its year (as on the timeline)."""
    return event_year("date", "year")


# What the timeline dates each kind of event by: model name -> event_year()'s arguments.
# PostgreSQL indexes each (migration 0034), so a page of years reads only its own rows.
TIMELINE_DATES = {
    "production": ("release_date", "year"),
    "aiuse": ("date", "year"),
    "controversy": ("date", "year"),
    "quote": ("said_on",),
    "rule": ("effective_on",),
    "response": ("said_on",),
}


class AIUseQuerySet(models.QuerySet):
    """The AI-use explorer's filters (/ai-uses/, catalog/forms.py `AIUseFilterForm`), shared by
    the page, its exports and the counts above it."""

    def with_year(self):
        return self.annotate(use_year=use_year())

    def at_stage(self, stage):
        return self.filter(stage=stage)

    def of_technique(self, technique):
        return self.filter(tool__technique=technique)

    def using_tool(self, tool):
        return self.filter(tool=tool)

    def with_studio(self, studio):
        """The uses the catalog gives to the studio, as its page lists them."""
        return self.filter(studio=studio)

    def on_production(self, production):
        return self.filter(production=production)

    def of_production_kind(self, kind):
        return self.filter(production__kind=kind)

    def in_year(self, year):
        return self.alias(filter_year=use_year()).filter(filter_year=year)

    def with_status(self, status):
        return self.filter(status=status)

    def with_disclosure(self, disclosure):
        return self.filter(disclosure=disclosure)

    def with_output(self, output):
        return self.filter(output=output)

    def with_on_screen(self, on_screen):
        return self.filter(on_screen=on_screen)

    def touching_likeness(self, touches=True):
        """Uses with (or without) a likeness record: a performer's face, voice or body."""
        linked = Exists(Likeness.objects.filter(ai_use=OuterRef("pk")))
        return self.filter(linked if touches else ~linked)

    def with_likeness_consent(self, consent):
        """Uses touching a performer's likeness with this consent (for one of them, at least)."""
        return self.filter(Exists(Likeness.objects.filter(ai_use=OuterRef("pk"), consent=consent)))


# --- Tags ----------------------------------------------------------------------------------------


class RecordTags(_TaggableManager):
    """taggit's manager of a record's tags, whose query for one record is built only when it
    runs. Django's prefetch asks each record's manager for that query just to hold the tags it
    read for all of them at once: building it (a filter through two joins) cost about 0.8 ms a
    record, a fifth of a list page and a quarter second on the biggest tag's page. Django's own
    related managers defer their filter the same way (`_apply_rel_filters`)."""

    def get_queryset(self, extra_filters=None):
        if self.instance is None or self.prefetch_cache_name in getattr(
            self.instance, "_prefetched_objects_cache", {}
        ):
            return super().get_queryset(extra_filters)
        model = self.model._meta.concrete_model
        relname = self.through.tag_relname()
        queryset = self.through.tag_model().objects.distinct().order_by(*self.ordering)
        queryset._defer_next_filter = True
        return queryset.filter(
            **{
                f"{relname}__content_type__app_label": model._meta.app_label,
                f"{relname}__content_type__model": model._meta.model_name,
                f"{relname}__object_id": self.instance.pk,
                **(extra_filters or {}),
            }
        )


# --- Counts kept on write -----------------------------------------------------------------------


def kept_count():
    """A count kept in its own column (catalog/counts.py says what it counts and keeps it
    current in the transaction of every edit that changes it). `db_default` fills it in rows
    inserted without the model (the generator's COPY), which are then recounted."""
    return models.PositiveIntegerField(default=0, db_default=0, editable=False)


class KeptCounts:
    """A model with kept counts (`kept_counts`, column names): saving an existing row leaves
    them alone, so an instance loaded before another transaction changed a count does not write
    the old value back. Only catalog/counts.py writes them, with one UPDATE."""

    kept_counts = ()

    def save(self, *args, **kwargs):
        if (
            not self._state.adding
            and kwargs.get("update_fields") is None
            and not kwargs.get("force_insert")
            and self.pk is not None
        ):
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key
                and field.name not in self.kept_counts
                and field.attname not in deferred
            ]
        super().save(*args, **kwargs)


class LoadedKeys:
    """Remembers the foreign keys a row was loaded with (`loaded_keys`, attname: value), and the
    fields named in `loaded_fields` that a kept tally reads (an AI use's date and year), so
    that when a save moves it from one parent to another (an AI use to another production or
    year) catalog/counts.py recounts both. A row loaded without one of those fields has none:
    its keys are looked up before its save."""

    loaded_fields = ()

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        row = super().from_db(db, field_names, values, **kwargs)
        row.loaded_keys = {
            field.attname: row.__dict__.get(field.attname)
            for field in cls._meta.concrete_fields
            if field.many_to_one
        }
        for name in cls.loaded_fields:
            if name not in row.__dict__:
                row.loaded_keys = None
                break
            row.loaded_keys[name] = row.__dict__[name]
        return row


class TagCount(models.Model):
    """How many records carry a tag, kept on write (taggit's Tag cannot take a column)."""

    tag = models.OneToOneField(
        Tag, primary_key=True, on_delete=models.CASCADE, related_name="kept_count"
    )
    record_count = kept_count()

    kept_counts = ("record_count",)

    class Meta:
        indexes = [
            # Home's most-used tags: the largest counts first.
            models.Index(F("record_count").desc(), F("tag"), name="catalog_tagcount_records"),
        ]

    def __str__(self):
        return f"{self.tag_id}: {self.record_count}"


class Tally(models.Model):
    """How many rows of one kind share a pair of keys, kept on write (catalog/counts.py
    TALLIES): the AI uses of each production and of each tool at each stage, the records of
    each type carrying each tag. A stage page reads its busiest records from one page of an
    index instead of grouping every use.

    Made from other rows and made again by `manage.py recount`, it holds their ids, not
    foreign keys: deleting or merging a record need not know it (the recount that follows
    drops its pairs). A pair counting nothing has no row."""

    name = models.CharField(max_length=40)
    a = models.BigIntegerField()
    b = models.BigIntegerField()
    n = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["name", "a", "b"], name="catalog_tally_unique"),
            models.CheckConstraint(condition=models.Q(n__gt=0), name="catalog_tally_counts"),
        ]
        indexes = [
            # A stage page's busiest productions and tools: the largest counts of one key first.
            models.Index(F("name"), F("a"), F("n").desc(), F("b"), name="catalog_tally_largest"),
        ]

    def __str__(self):
        return f"{self.name} {self.a}/{self.b}: {self.n}"


# --- What a public record says about itself as open data ----------------------------------------


def schema_thing(schema_type, name, url):
    """A linked record as a small schema.org object."""
    return {"@type": schema_type, "name": name, "url": url}


def date_or_year(date, year):
    if date:
        return date.isoformat()
    return str(year) if year else None


class OpenData:
    """A public record's identifiers elsewhere, its Open Graph type and its schema.org shape.

    `identifiers` lists (scheme, label, field, URL template); a template may read the record
    as `{record}` besides the identifier as `{id}`. `schema_org(absolute)` gives the type's own
    schema.org properties (the template tag adds the shared ones); `absolute` turns a site path
    into an absolute URL.
    """

    og_type = "website"
    identifiers = ()

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        # The slug as loaded, so that a save can tell a rename (catalog/signals.py keeps the
        # old address answering).
        record = super().from_db(db, field_names, values, **kwargs)
        record.loaded_slug = record.__dict__.get("slug")
        return record

    def external_ids(self):
        """[{"scheme", "label", "id", "url"}] for each identifier the record has, in order."""
        found = []
        for scheme, label, field, template in self.identifiers:
            value = getattr(self, field)
            if value:
                url = template.format(id=value, record=self)
                found.append({"scheme": scheme, "label": label, "id": value, "url": url})
        return found

    @classmethod
    def identifier_schemes(cls):
        return [scheme for scheme, _label, _field, _template in cls.identifiers]

    def schema_org(self, absolute):
        return {}


WIKIDATA = ("wikidata", "Wikidata", "wikidata_id", "https://www.wikidata.org/wiki/{id}")


def linking_records(record):
    """(record, field) for every record linking to `record` through its own many-to-many field.

    Driven by the model's reverse relations, so a link added later is covered at once. Links
    kept in a through model of their own (a production's studio roles) are left out: their
    PROTECT key refuses the delete already. Citations are in: a source lists the claims citing it.
    """
    if record.pk is None:
        return []
    return [
        (other, relation.field)
        for relation in record._meta.related_objects
        if relation.many_to_many
        and (relation.through._meta.auto_created or issubclass(relation.through, Citation))
        for other in getattr(record, relation.get_accessor_name()).all()
    ]


def protect_link(collector, field, sub_objs, using):
    """`on_delete` of a many-to-many link row on the side of the record linked to.

    Django's default (CASCADE) would drop a controversy's link to a studio without a word when
    the studio is deleted. This refuses the delete as PROTECT does, before anything is deleted,
    naming the records that link (the controversy), which the admin lists on its delete page
    and in "delete selected".
    """
    owner = next(f for f in field.model._meta.concrete_fields if f.many_to_one and f != field)
    linking = list(owner.related_model._base_manager.filter(pk__in=sub_objs.values(owner.attname)))
    raise ProtectedError(
        f"Cannot delete it: {', '.join(str(record) for record in linking[:10])} still link to it.",
        linking,
    )


def protect_many_to_many_links(models):
    """Give every many-to-many link pointing at these models `protect_link` (called once, from
    CatalogConfig.ready). Driven by each model's reverse relations, so a link added later is
    covered at once; links kept in a model of their own (a production's studio roles) have a
    PROTECT key already, and so do citations (`Citation.source`)."""
    for model in models:
        for relation in model._meta.related_objects:
            if relation.many_to_many and relation.through._meta.auto_created:
                link = relation.through._meta.get_field(relation.field.m2m_reverse_field_name())
                link.remote_field.on_delete = protect_link


class LinkedVersion(models.Model):
    """What each version in a record's history keeps beyond its own fields: its links and tags.

    `history_links` maps each versioned link (`versioned_links`) to the linked ids, and "tags"
    to the tag names, e.g. {"sources": [1, 4], "studios": [5], "tags": ["VFX"]}. It is filled
    when the version is recorded and kept current while the version is the latest one
    (catalog/signals.py), so a version holds the links the record had until the next change:
    the admin saves a record before its links and tags, and an admin save is one version. The
    admin's Revert shows and restores them (catalog/admin.py `HistoryAdmin.get_form`).
    """

    history_links = models.JSONField(default=dict, editable=False)

    class Meta:
        abstract = True


class VersionsDescriptor(HistoryDescriptor):
    """`Model.history` with its manager class made once. django-simple-history's own descriptor
    builds a new class (`Manager.from_queryset`, which inspects every queryset method) on every
    read, and every save reads it to record the version: about a sixth of a plain save's time."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.bound_manager_class = self.manager_class.from_queryset(self.queryset_class)

    def __get__(self, instance, owner):
        return self.bound_manager_class(self.model, instance)


class Versions(HistoricalRecords):
    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        descriptor = sender.__dict__.get(self.manager_name)
        if type(descriptor) is HistoryDescriptor:
            setattr(
                sender,
                self.manager_name,
                VersionsDescriptor(
                    descriptor.model,
                    manager=descriptor.manager_class,
                    queryset=descriptor.queryset_class,
                ),
            )


def versions(**options):
    """A model's history, each version with its links and tags."""
    return Versions(bases=[LinkedVersion], **options)


def versioned_links(model):
    """The many-to-many fields a version keeps: the record's own links (the sources it cites, a
    controversy's studios...), not those kept in a model with a history of its own (a
    production's studio roles), nor tags, which are kept by name. A version keeps which sources
    a record cites, not each citation's note and passage."""
    return [
        field
        for field in model._meta.many_to_many
        if isinstance(field, models.ManyToManyField)
        and (field.remote_field.through._meta.auto_created or is_citation(field))
    ]


def current_links(record):
    """The record's links and tags as a version keeps them (`LinkedVersion.history_links`)."""
    return links_of(type(record), [record.pk])[record.pk]


def links_of(model, pks):
    """`current_links` of many records of `model` at once, by id: a query per link table and
    one for the tags, however many records."""
    links = {pk: {} for pk in pks}
    for field in versioned_links(model):
        through = field.remote_field.through
        near = through._meta.get_field(field.m2m_field_name()).attname
        far = through._meta.get_field(field.m2m_reverse_field_name()).attname
        for pk in pks:
            links[pk][field.name] = []
        rows = through._default_manager.filter(**{f"{near}__in": pks}).values_list(near, far)
        for pk, linked in rows:
            links[pk][field.name].append(linked)
    for field in model._meta.many_to_many:
        if isinstance(field, TaggableManager):
            for pk in pks:
                links[pk][field.name] = []
            rows = field.through._default_manager.filter(
                content_type=ContentType.objects.get_for_model(model), object_id__in=pks
            ).values_list("object_id", "tag__name")
            for pk, name in rows:
                links[pk][field.name].append(name)
    for found in links.values():
        for values in found.values():
            values.sort()
    return links


class ChecksInOneQuery:
    """Model validation that asks the database about all of a row's check constraints at once.

    Django validates each CheckConstraint with a query of its own (inside a savepoint of its
    own when a transaction is open): a source, with six, took eighteen statements to validate
    on PostgreSQL. Here the conditions are the columns of one SELECT, each NULL-tolerant as
    Django's own check is (a condition that is unknown passes). Errors, their messages and
    codes, and the fields they are filed under are Django's; a condition that reads a field
    left out of validation is skipped, as Django skips it; and if the one query fails, each
    constraint is checked on its own instead, as Django would."""

    def validate_constraints(self, exclude=None):
        using = router.db_for_write(self.__class__, instance=self)
        by_model = self.get_constraints()
        passed = {}
        for model_class, constraints in by_model:
            checks = [c for c in constraints if isinstance(c, models.CheckConstraint)]
            if len(checks) > 1:
                passed.update(self._checks_passed(model_class, checks, exclude, using))
        errors = {}
        for model_class, constraints in by_model:
            for constraint in constraints:
                try:
                    if id(constraint) in passed:
                        if not passed[id(constraint)]:
                            raise ValidationError(
                                constraint.get_violation_error_message(),
                                code=constraint.violation_error_code,
                            )
                    else:
                        constraint.validate(model_class, self, exclude=exclude, using=using)
                except ValidationError as error:
                    if getattr(error, "code", None) == "unique" and len(constraint.fields) == 1:
                        errors.setdefault(constraint.fields[0], []).append(error)
                    else:
                        errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _checks_passed(self, model_class, checks, exclude, using):
        """{id(constraint): whether it holds} for the checks that can be evaluated (constraints
        compare equal by their definition, so they are told apart by identity); {} when the
        query fails, and each is then checked on its own."""
        query = Query(None)
        for name, value in self._get_field_expression_map(
            meta=model_class._meta, exclude=exclude
        ).items():
            if not hasattr(value, "resolve_expression"):
                value = models.Value(value)
            query.add_annotation(value, name, select=False)
        connection = connections[using]
        asked = []
        for number, constraint in enumerate(checks):
            condition = constraint.condition
            if connection.features.supports_comparing_boolean_expr:
                condition = Coalesce(condition, True, output_field=models.BooleanField())
            try:
                query.add_annotation(models.Q(condition), f"_check_{number}")
            except FieldError:
                continue  # reads a field left out of validation: Django skips it too
            asked.append(constraint)
        if not asked:
            return {}
        try:
            with transaction.atomic(using=using) if connection.in_atomic_block else nullcontext():
                row = query.get_compiler(using=using).execute_sql(SINGLE)
        except DatabaseError:
            return {}
        return {id(constraint): bool(held) for constraint, held in zip(asked, row, strict=True)}


class ChoiceLabels:
    """get_FOO_display() reading the one label it shows. Django's looks the value up in a dict
    of every choice, made anew each call by hashing each lazy label, which translates it: ~15 µs
    a call, three for each AI use on a page of fifty."""

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        for choice, label in field.flatchoices:
            if choice == value:
                return force_str(label, strings_only=True)
        return force_str(value, strings_only=True)


class TimeStamped(ChoiceLabels, ChecksInOneQuery, models.Model):
    # Defaults rather than auto_now, so that loading the seed fixture (a raw save) fills them too.
    created = models.DateTimeField(default=timezone.now, editable=False)
    updated = models.DateTimeField(default=timezone.now, editable=False, db_index=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.updated = timezone.now()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "updated"}
        super().save(*args, **kwargs)


class Record(TimeStamped):
    """A record with its own public page, found by slug and by search."""

    slug = models.SlugField(max_length=200, unique=True, allow_unicode=False)
    wikidata_id = models.CharField(
        "Wikidata ID", max_length=20, blank=True, validators=[wikidata_id]
    )
    # Kept by catalog.search.refresh_search_vectors (PostgreSQL only; unused on SQLite).
    search_vector = SearchVectorField(null=True, editable=False)

    objects = SearchQuerySet.as_manager()

    class Meta:
        abstract = True

    # What identifies a record across databases (its id does not): `manage.py seed` matches by it.
    natural_key_fields = ("slug",)


class LinkStatus(models.TextChoices):
    """What fetching a source's URL gave, last time `manage.py check_sources` tried."""

    UNCHECKED = "unchecked", _("Not checked yet")
    OK = "ok", _("Works")
    REDIRECTED = "redirected", _("Works, after a redirect")
    BROKEN = "broken", _("Broken (an error status)")
    UNREACHABLE = "unreachable", _("Unreachable (no answer)")
    REFUSED = "refused", _("Refused by the outbound fence")


# The link checker's fields on Source: written by check_sources only.
LINK_CHECK_FIELDS = ("link_status", "link_checked", "link_http_status", "link_note")


class Source(KeptCounts, OpenData, TimeStamped):
    """Where a claim comes from: an article, a report, an announcement."""

    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=200, blank=True)
    url = models.URLField("URL", max_length=500, blank=True)
    published = models.DateField(null=True, blank=True, validators=DATE_VALIDATORS)
    published_note = models.CharField(
        max_length=200,
        blank=True,
        help_text="A partial or approximate date when the exact one is unknown, e.g. “18 July”.",
    )
    accessed = models.DateField("date accessed", null=True, blank=True, validators=DATE_VALIDATORS)
    summary = models.TextField(blank=True)
    # A copy kept by an archive (the Wayback Machine, archive.today), for when the original
    # link dies or its page changes.
    archive_url = models.URLField(
        "archived copy",
        max_length=500,
        blank=True,
        help_text="The URL of a copy kept by a web archive, e.g. https://web.archive.org/web/…",
    )
    archived_on = models.DateField(
        "date archived",
        null=True,
        blank=True,
        validators=DATE_VALIDATORS,
        help_text="When the archive made the copy (the date in its URL).",
    )
    # What `manage.py check_sources` last saw at `url` (catalog/outbound.py fetches it). Only
    # the checker writes these, with UPDATE: they are not part of an editor's version.
    link_status = models.CharField(
        max_length=12,
        choices=LinkStatus,
        default=LinkStatus.UNCHECKED,
        editable=False,
        help_text="What manage.py check_sources last found at the URL.",
    )
    link_checked = models.DateTimeField("link last checked", null=True, blank=True, editable=False)
    link_http_status = models.PositiveSmallIntegerField(
        "HTTP status", null=True, blank=True, editable=False
    )
    link_note = models.CharField("link check note", max_length=300, blank=True, editable=False)
    # The URL in one spelling (catalog/weburl.py), set on every save: which sources cite a
    # given address, whatever its scheme, `www.`, trailing slash or tracking parameters.
    url_key = models.CharField(max_length=500, blank=True, editable=False, db_index=True)
    search_vector = SearchVectorField(null=True, editable=False)
    claim_count = kept_count()
    record_count = kept_count()
    kept_counts = ("claim_count", "record_count")

    objects = SourceQuerySet.as_manager()
    history = versions(excluded_fields=(*LINK_CHECK_FIELDS, "url_key", *kept_counts))

    search_weights = {"A": ["title"], "B": ["publisher", "author"], "C": ["summary"]}
    og_type = "article"
    natural_key_fields = ("slug",)

    class Meta:
        ordering = ["title"]
        indexes = [
            # The sources list by title, whatever its case, and each page of it.
            models.Index(Lower("title"), F("id"), name="catalog_source_ltitle_id"),
            # Search: titles ordered after rank. (Made by migration 0010.)
            models.Index(fields=["title", "id"], name="catalog_source_title_id"),
            # The sources list by "Most cited claims" (registry.py).
            models.Index(
                F("claim_count").desc(), Lower("title"), F("id"), name="catalog_source_cited"
            ),
        ]
        constraints = [
            slug_unique_ignoring_case("source"),
            plausible_date("published", "source_published_plausible"),
            plausible_date("accessed", "source_accessed_plausible"),
            plausible_date("archived_on", "source_archived_on_plausible"),
            models.CheckConstraint(
                condition=Q(archived_on__isnull=True) | ~Q(archive_url=""),
                name="source_archived_on_with_archive_url",
                violation_error_message="A date archived needs the archived copy's URL.",
            ),
            models.CheckConstraint(
                condition=Q(link_status__in=LinkStatus.values),
                name="source_link_status_known",
            ),
            models.CheckConstraint(
                condition=Q(link_http_status__isnull=True) | Q(link_http_status__range=(100, 599)),
                name="source_link_http_status_range",
            ),
        ]

    def __str__(self):
        return f"{self.publisher}: {self.title}" if self.publisher else self.title

    def save(self, *args, **kwargs):
        """Save an editor's fields, keeping the link checker's latest result for the same URL.

        The checker records its results with UPDATE while editors may have the source open: a
        save keeps what is stored rather than the values read when the form was opened, and a
        changed URL starts again as unchecked.
        """
        if not self._state.adding and kwargs.get("update_fields") is None:
            stored = (
                type(self)
                ._base_manager.filter(pk=self.pk)
                .values("url", *LINK_CHECK_FIELDS)
                .first()
            )
            if stored is not None:
                if stored.pop("url") != self.url:
                    stored = {
                        "link_status": LinkStatus.UNCHECKED,
                        "link_checked": None,
                        "link_http_status": None,
                        "link_note": "",
                    }
                for name, value in stored.items():
                    setattr(self, name, value)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return record_page_url("source_detail", self.slug)

    def schema_org(self, absolute):
        return {
            "@type": "Article",
            "headline": self.title,
            "author": {"@type": "Person", "name": self.author} if self.author else None,
            "publisher": (
                {"@type": "Organization", "name": self.publisher} if self.publisher else None
            ),
            "datePublished": self.published.isoformat() if self.published else None,
            "sameAs": [self.url] if self.url else [],
            "archivedAt": self.archive_url or None,
        }


def text_fragment(words):
    """Words of a passage as a URL text fragment's value: percent-encoded, `-`, `,`, `&` and
    spaces included, which the Text Fragments syntax reserves
    (wicg.github.io/scroll-to-text-fragment)."""
    return quote(words, safe="").replace("-", "%2D")


class Citation(LoadedKeys, models.Model):
    """One claim's citation of one source: where in the source (a locator), what it states (a
    note in the catalog's own words) and the passage that supports it, given by its first and
    last few words, from which `passage_url` links straight to it (a URL text fragment).

    Each record type that cites sources has its own concrete citation model (its `sources`
    field's through model, `cited_by()`), so every row points at a real record and a real
    source: the database keeps both keys, and a cited source cannot be deleted (PROTECT).
    """

    # PROTECT, naming the records that cite the source rather than their citation rows.
    source = models.ForeignKey(Source, on_delete=protect_link, related_name="+")
    locator = models.CharField(
        max_length=100,
        blank=True,
        default="",
        db_default="",
        help_text=(
            "Where in the source: a page, paragraph or timestamp, e.g. “p. 12”, “¶ 4”, “14:05”."
        ),
    )
    note = models.CharField(
        max_length=400,
        blank=True,
        default="",
        db_default="",
        help_text="One sentence, in the catalog's own words, of what the source states.",
    )
    passage_start = models.CharField(
        "passage starts with",
        max_length=200,
        blank=True,
        default="",
        db_default="",
        help_text="The first few words of the supporting passage, exactly as in the source.",
    )
    passage_end = models.CharField(
        "passage ends with",
        max_length=200,
        blank=True,
        default="",
        db_default="",
        help_text="Its last few words, exactly as in the source (blank for a short passage).",
    )

    # What identifies a citation across databases: `manage.py seed` matches by it.
    natural_key_fields = ("record", "source")

    class Meta:
        abstract = True
        ordering = ["pk"]

    def __str__(self):
        return f"{self.record}, citing {self.source}"

    def get_absolute_url(self):
        return self.record.get_absolute_url()

    @property
    def passage_url(self):
        """The source's URL with a text fragment for the passage, or "" without either."""
        if not self.source.url or not self.passage_start:
            return ""
        words = text_fragment(self.passage_start)
        if self.passage_end:
            words += "," + text_fragment(self.passage_end)
        return f"{self.source.url.split('#', 1)[0]}#:~:text={words}"

    def clean(self):
        if self.passage_end and not self.passage_start:
            raise ValidationError(
                {"passage_start": "Give the passage's first words as well as its last."},
                code="end_without_start",
            )


class Studio(KeptCounts, OpenData, Record):
    class Kind(models.TextChoices):
        STUDIO = "studio", _("Film or TV studio")
        STREAMER = "streamer", _("Streamer")
        VFX = "vfx", _("VFX house")
        ANIMATION = "animation", _("Animation studio")
        VENDOR = "vendor", _("Technology vendor")
        GUILD = "guild", _("Guild or union")
        OTHER = "other", _("Other")

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.STUDIO)
    country = models.CharField(max_length=100, blank=True)
    city = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True)
    website = models.URLField(max_length=500, blank=True)
    imdb_id = models.CharField(
        "IMDb company ID", max_length=20, blank=True, validators=[imdb_company_id]
    )
    sources = models.ManyToManyField(
        Source,
        through="StudioCitation",
        blank=True,
        related_name="studios",
    )
    production_count = kept_count()
    use_count = kept_count()
    tool_count = kept_count()
    controversy_count = kept_count()
    kept_counts = ("production_count", "use_count", "tool_count", "controversy_count")

    objects = StudioQuerySet.as_manager()
    tags = TaggableManager(blank=True, manager=RecordTags)
    history = versions(excluded_fields=["search_vector", *kept_counts])

    search_weights = {"A": ["name"], "C": ["description", "city", "country"]}
    identifiers = (
        WIKIDATA,
        ("imdb", "IMDb", "imdb_id", "https://www.imdb.com/search/title/?companies={id}"),
    )

    class Meta:
        ordering = ["name"]
        indexes = [
            # The studios list by name, whatever its case.
            models.Index(Lower("name"), F("id"), name="catalog_studio_lname_id"),
            # The studios list by "Most AI uses" and "Most productions" (registry.py).
            models.Index(F("use_count").desc(), Lower("name"), F("id"), name="catalog_studio_uses"),
            models.Index(
                F("production_count").desc(),
                Lower("name"),
                F("id"),
                name="catalog_studio_productions",
            ),
        ]
        constraints = [slug_unique_ignoring_case("studio")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return record_page_url("studio_detail", self.slug)

    def schema_org(self, absolute):
        data = {"@type": "Organization", "sameAs": [self.website] if self.website else []}
        if self.city or self.country:
            data["address"] = {
                "@type": "PostalAddress",
                "addressLocality": self.city,
                "addressCountry": self.country,
            }
        return data


class Production(KeptCounts, OpenData, Record):
    class Kind(models.TextChoices):
        FILM = "film", _("Film")
        SERIES = "series", _("Series")
        SHORT = "short", _("Short film")
        DOCUMENTARY = "documentary", _("Documentary")
        OTHER = "other", _("Other")

    title = models.CharField(max_length=300)
    original_title = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.FILM)
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[*YEAR_VALIDATORS, validate_not_far_future]
    )
    release_date = models.DateField(null=True, blank=True, validators=DATE_VALIDATORS)
    release_note = models.CharField(
        max_length=200, blank=True, help_text="An approximate release, e.g. “late April”."
    )
    episodes = models.PositiveSmallIntegerField(
        "number of episodes", null=True, blank=True, validators=[MinValueValidator(1)]
    )
    synopsis = models.TextField(blank=True)
    based_on = models.CharField(
        max_length=300, blank=True, help_text="e.g. “the comic of the same name”."
    )
    based_on_by = models.CharField("based on work by", max_length=300, blank=True)
    studios = models.ManyToManyField(
        Studio, through="ProductionStudio", related_name="productions", blank=True
    )
    imdb_id = models.CharField("IMDb ID", max_length=20, blank=True, validators=[imdb_title_id])
    tmdb_id = models.PositiveIntegerField("TMDB ID", null=True, blank=True)
    sources = models.ManyToManyField(
        Source,
        through="ProductionCitation",
        blank=True,
        related_name="productions",
    )
    use_count = kept_count()
    studio_count = kept_count()
    controversy_count = kept_count()
    kept_counts = ("use_count", "studio_count", "controversy_count")

    objects = ProductionQuerySet.as_manager()
    tags = TaggableManager(blank=True, manager=RecordTags)
    history = versions(excluded_fields=["search_vector", *kept_counts])

    search_weights = {
        "A": ["title", "original_title"],
        "C": ["synopsis", "based_on", "based_on_by"],
    }
    identifiers = (
        WIKIDATA,
        ("imdb", "IMDb", "imdb_id", "https://www.imdb.com/title/{id}/"),
        ("tmdb", "TMDB", "tmdb_id", "https://www.themoviedb.org/{record.tmdb_kind}/{id}"),
    )

    class Meta:
        ordering = ["title"]
        indexes = [
            # The productions list, by title whatever its case (its default sort), and each
            # page of it: a deep page reads its ids from here instead of sorting every row.
            models.Index(Lower("title"), F("id"), name="catalog_production_ltitle_id"),
            # Search: names ordered after rank. (Made by migration 0010.)
            models.Index(fields=["title", "id"], name="catalog_production_title_id"),
            # The productions list by "Most AI uses" (registry.py).
            models.Index(
                F("use_count").desc(), Lower("title"), F("id"), name="catalog_production_uses"
            ),
        ]
        constraints = [
            slug_unique_ignoring_case("production"),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__range=(EARLIEST_YEAR, LATEST_YEAR)),
                name="production_year_plausible",
            ),
            plausible_date("release_date", "production_release_date_plausible"),
            models.CheckConstraint(
                condition=Q(episodes__isnull=True) | Q(episodes__gte=1),
                name="production_episodes_positive",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})" if self.year else self.title

    def get_absolute_url(self):
        return record_page_url("production_detail", self.slug)

    @property
    def is_series(self):
        return self.kind == self.Kind.SERIES

    @property
    def tmdb_kind(self):
        return "tv" if self.is_series else "movie"

    @property
    def og_type(self):
        return "video.tv_show" if self.is_series else "video.movie"

    def schema_org(self, absolute):
        def studio(role):
            return schema_thing(
                "Organization", role.studio.name, absolute(role.studio.get_absolute_url())
            )

        roles = list(self.studio_roles.all())
        producer = ProductionStudio.Role.PRODUCER
        data = {
            "@type": "TVSeries" if self.is_series else "Movie",
            "alternateName": self.original_title,
            "datePublished": date_or_year(self.release_date, self.year),
            "productionCompany": [studio(role) for role in roles if role.role == producer],
            "contributor": [
                {**studio(role), "roleName": role.get_role_display()}
                for role in roles
                if role.role != producer
            ],
        }
        # What AI put on screen, where the catalog knows it (IPTC digital source types).
        # Of every use, not only those the page shows: one query for the outputs on screen.
        outputs = (
            self.ai_uses.filter(on_screen=AIUse.OnScreen.YES)
            .exclude(output__in=[AIUse.Output.UNKNOWN, AIUse.Output.ANALYSIS])
            .order_by("output")
            .values_list("output", flat=True)
            .distinct()
        )
        data["digitalSourceType"] = sorted(
            AIUse(output=output).digital_source_type for output in outputs
        )
        if self.is_series:
            data["numberOfEpisodes"] = self.episodes
        if self.based_on:
            data["isBasedOn"] = {
                "@type": "CreativeWork",
                "name": self.based_on,
                "author": self.based_on_by or None,
            }
        return data


class ProductionStudio(ChoiceLabels, LoadedKeys, models.Model):
    """A studio behind a production, in a role. Owned by the production."""

    class Role(models.TextChoices):
        PRODUCER = "producer", _("Producer")
        DISTRIBUTOR = "distributor", _("Distributor")
        STREAMER = "streamer", _("Streamer")
        VFX = "vfx", _("VFX")
        OTHER = "other", _("Other")

    production = models.ForeignKey(
        Production, on_delete=models.CASCADE, related_name="studio_roles"
    )
    studio = models.ForeignKey(Studio, on_delete=models.PROTECT, related_name="production_roles")
    role = models.CharField(max_length=20, choices=Role.choices)
    sources = models.ManyToManyField(
        Source,
        through="ProductionStudioCitation",
        blank=True,
        related_name="production_studios",
    )

    history = versions()
    natural_key_fields = ("production", "studio", "role")

    class Meta:
        ordering = ["production", "role", "studio"]
        verbose_name = _("studio role")
        constraints = [
            models.UniqueConstraint(
                fields=["production", "studio", "role"], name="unique_production_studio_role"
            )
        ]

    def __str__(self):
        return f"{self.studio} — {self.get_role_display()} of {self.production}"

    def get_absolute_url(self):
        return self.production.get_absolute_url()


class StageManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Stage(KeptCounts, OpenData, TimeStamped):
    """A stage of production, in pipeline order. The five stages come with the migrations."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(unique=True)
    description = models.TextField(blank=True)
    sources = models.ManyToManyField(
        Source,
        through="StageCitation",
        blank=True,
        related_name="stages",
    )
    use_count = kept_count()
    kept_counts = ("use_count",)

    objects = StageManager()
    history = versions(excluded_fields=kept_counts)
    natural_key_fields = ("slug",)

    class Meta:
        ordering = ["position"]
        constraints = [slug_unique_ignoring_case("stage")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return record_page_url("stage_detail", self.slug)

    def schema_org(self, absolute):
        return {"@type": "DefinedTerm", "inDefinedTermSet": "Stages of film production"}

    def natural_key(self):
        return (self.slug,)


class AITool(KeptCounts, LoadedKeys, OpenData, Record):
    class Technique(models.TextChoices):
        GENERATIVE = "generative", _("Generative video and images")
        SCRIPT_ANALYTICS = "script-analytics", _("Script analytics")
        PREDICTIVE = "predictive", _("Predictive analytics")
        FACIAL = "facial-performance", _("Facial performance")
        FACE_SWAP = "face-swap", _("Face swap and de-ageing")
        DISTRIBUTION = "distribution", _("Distribution and audience")
        OTHER = "other", _("Other")

    name = models.CharField(max_length=200)
    vendor = models.ForeignKey(
        Studio, on_delete=models.PROTECT, null=True, blank=True, related_name="tools_made"
    )
    technique = models.CharField(max_length=30, choices=Technique.choices)
    is_generic = models.BooleanField(
        "generic technology",
        default=False,
        help_text="A kind of technology (“deepfake”) rather than a named product.",
    )
    description = models.TextField("what it does", blank=True)
    website = models.URLField(max_length=500, blank=True)
    sources = models.ManyToManyField(
        Source,
        through="AIToolCitation",
        blank=True,
        related_name="tools",
    )
    use_count = kept_count()
    production_count = kept_count()
    controversy_count = kept_count()
    kept_counts = ("use_count", "production_count", "controversy_count")

    objects = AIToolQuerySet.as_manager()
    tags = TaggableManager(blank=True, manager=RecordTags)
    history = versions(excluded_fields=["search_vector", *kept_counts])

    search_weights = {"A": ["name"], "C": ["description"]}
    identifiers = (WIKIDATA,)

    class Meta:
        ordering = ["name"]
        indexes = [
            # The tools list by name, whatever its case.
            models.Index(Lower("name"), F("id"), name="catalog_aitool_lname_id"),
            # The tools list by "Most AI uses" (registry.py).
            models.Index(F("use_count").desc(), Lower("name"), F("id"), name="catalog_aitool_uses"),
        ]
        verbose_name = _("AI tool")
        constraints = [slug_unique_ignoring_case("aitool")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return record_page_url("tool_detail", self.slug)

    def schema_org(self, absolute):
        data = {
            "@type": "SoftwareApplication",
            "applicationCategory": self.get_technique_display(),
            "sameAs": [self.website] if self.website else [],
        }
        if self.vendor:
            data["creator"] = schema_thing(
                "Organization", self.vendor.name, absolute(self.vendor.get_absolute_url())
            )
        return data


class AIUse(LoadedKeys, TimeStamped):
    """The heart of the catalog: a tool used on a production and/or by a studio, at a stage."""

    loaded_fields = ("date", "year")  # the year the uses-by-year tally counts it in

    class Status(models.TextChoices):
        REPORTED = "reported", _("Reported")
        CONFIRMED = "confirmed", _("Confirmed")
        DENIED = "denied", _("Denied")
        RETRACTED = "retracted", _("Retracted")

    class Disclosure(models.TextChoices):
        SELF = "self-disclosed", _("Disclosed by the production or studio")
        ON_REQUEST = "on-request", _("Disclosed when asked")
        PRESS = "found-by-press", _("Found by the press")
        AUDIENCE = "found-by-audience", _("Found by the audience")
        LEAKED = "leaked", _("Leaked")
        DENIED = "denied", _("Denied by the production or studio")
        UNKNOWN = "unknown", _("Unknown")

    # The explorer's summary of how uses became known: by those who made them, or not.
    DISCLOSURE_GROUPS = (
        (_("Self-disclosed"), (Disclosure.SELF, Disclosure.ON_REQUEST)),
        (
            _("Found by others"),
            (Disclosure.PRESS, Disclosure.AUDIENCE, Disclosure.LEAKED, Disclosure.DENIED),
        ),
        (_("Unknown"), (Disclosure.UNKNOWN,)),
    )

    class Output(models.TextChoices):
        # IPTC NewsCodes digital source types (cv.iptc.org/newscodes/digitalsourcetype/), and
        # analysis that puts no media on screen at all.
        TRAINED = "trainedAlgorithmicMedia", _("Generated by a trained model")
        COMPOSITE = "compositeWithTrainedAlgorithmicMedia", _("Composite with generated media")
        ENHANCED = "algorithmicallyEnhanced", _("Algorithmically enhanced")
        ANALYSIS = "dataDrivenAnalysis", _("Data-driven analysis, no media output")
        UNKNOWN = "unknown", _("Unknown")

    class OnScreen(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        UNKNOWN = "unknown", _("Unknown")

    tool = models.ForeignKey(AITool, on_delete=models.PROTECT, related_name="uses")
    production = models.ForeignKey(
        Production, on_delete=models.PROTECT, null=True, blank=True, related_name="ai_uses"
    )
    studio = models.ForeignKey(
        Studio, on_delete=models.PROTECT, null=True, blank=True, related_name="ai_uses"
    )
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="ai_uses")
    description = models.TextField(help_text="What the tool was used for.")
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[*YEAR_VALIDATORS, validate_not_far_future]
    )
    date = models.DateField(null=True, blank=True, validators=DATE_VALIDATORS)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REPORTED)
    sources = models.ManyToManyField(Source, through="AIUseCitation", related_name="ai_uses")
    # How the use became known. Unknown unless a source says: the catalog never infers it.
    disclosure = models.CharField(
        max_length=30, choices=Disclosure.choices, default=Disclosure.UNKNOWN
    )
    disclosed_by_studio = models.ForeignKey(
        Studio,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disclosed_uses",
        verbose_name="disclosed by (studio)",
    )
    disclosed_by_person = models.ForeignKey(
        "Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disclosed_uses",
        verbose_name="disclosed by (person)",
    )
    disclosed_on = models.DateField(null=True, blank=True, validators=DATE_VALIDATORS)
    disclosed_note = models.CharField(
        "when disclosed (approximate)",
        max_length=200,
        blank=True,
        help_text="When the exact date is unknown, e.g. “around its second-quarter results”.",
    )
    disclosure_sources = models.ManyToManyField(
        Source,
        through="AIUseDisclosureCitation",
        blank=True,
        related_name="ai_use_disclosures",
        help_text="Where the disclosure (or its absence) is shown.",
    )
    # What the tool produced, in the IPTC digital source type vocabulary that C2PA and
    # schema.org use, and whether it reached the screen.
    output = models.CharField(
        "what it produced", max_length=50, choices=Output.choices, default=Output.UNKNOWN
    )
    on_screen = models.CharField(
        "output on screen", max_length=10, choices=OnScreen.choices, default=OnScreen.UNKNOWN
    )

    objects = AIUseQuerySet.as_manager()
    history = versions()
    natural_key_fields = ("tool", "production", "studio", "stage")

    class Meta:
        ordering = ["stage__position", "tool__name", "pk"]
        indexes = [
            # A tool's page shows its latest uses at each stage; the tools list counts uses per
            # tool. (Made by migration 0010.)
            models.Index(fields=["tool", "stage", "id"], name="catalog_aiuse_tool_stage_id"),
            # A tool's page and card count the distinct productions that used it: an
            # index-only scan rather than every use row of a popular tool. (Migration 0011.)
            models.Index(fields=["tool", "production"], name="catalog_aiuse_tool_production"),
        ]
        verbose_name = _("AI use")
        constraints = [
            models.CheckConstraint(
                condition=Q(production__isnull=False) | Q(studio__isnull=False),
                name="ai_use_has_production_or_studio",
                violation_error_message="An AI use needs a production or a studio (or both).",
            ),
            plausible_year("year", "ai_use_year_plausible"),
            plausible_date("date", "ai_use_date_plausible"),
            plausible_date("disclosed_on", "ai_use_disclosed_on_plausible"),
        ]

    def __str__(self):
        where = self.production or self.studio
        return f"{self.tool} on {where} ({self.stage})" if where else str(self.tool)

    def get_absolute_url(self):
        target = self.production or self.studio
        return f"{target.get_absolute_url()}#use-{self.pk}"

    @property
    def digital_source_type(self):
        """The IPTC digital source type URI of what it produced, if that is an IPTC type."""
        if self.output in (self.Output.UNKNOWN, self.Output.ANALYSIS):
            return None
        return f"http://cv.iptc.org/newscodes/digitalsourcetype/{self.output}"

    def clean(self):
        # Entered inline on a production or studio being added, the parent is set but unsaved,
        # so its id is still None: look at the related objects, not only at the ids.
        if self.production is None and self.studio is None:
            raise ValidationError(
                "An AI use needs a production or a studio (or both): choose at least one.",
                code="no_production_or_studio",
            )


class Person(KeptCounts, OpenData, Record):
    name = models.CharField(max_length=200)
    bio = models.TextField("short bio", blank=True)
    imdb_id = models.CharField("IMDb ID", max_length=20, blank=True, validators=[imdb_name_id])
    tmdb_id = models.PositiveIntegerField("TMDB ID", null=True, blank=True)
    sources = models.ManyToManyField(
        Source,
        through="PersonCitation",
        blank=True,
        related_name="people",
    )
    quote_count = kept_count()
    credit_count = kept_count()
    controversy_count = kept_count()
    kept_counts = ("quote_count", "credit_count", "controversy_count")

    objects = PersonQuerySet.as_manager()
    tags = TaggableManager(blank=True, manager=RecordTags)
    history = versions(excluded_fields=["search_vector", *kept_counts])

    search_weights = {"A": ["name"], "C": ["bio"]}
    og_type = "profile"
    identifiers = (
        WIKIDATA,
        ("imdb", "IMDb", "imdb_id", "https://www.imdb.com/name/{id}/"),
        ("tmdb", "TMDB", "tmdb_id", "https://www.themoviedb.org/person/{id}"),
    )

    class Meta:
        ordering = ["name"]
        indexes = [
            # The people list by name, whatever its case, and each page of it.
            models.Index(Lower("name"), F("id"), name="catalog_person_lname_id"),
            # Search: names ordered after rank. (Made by migration 0010.)
            models.Index(fields=["name", "id"], name="catalog_person_name_id"),
            # The people list by "Most quoted" (registry.py).
            models.Index(
                F("quote_count").desc(), Lower("name"), F("id"), name="catalog_person_quotes"
            ),
        ]
        verbose_name_plural = _("people")
        constraints = [slug_unique_ignoring_case("person")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return record_page_url("person_detail", self.slug)

    def schema_org(self, absolute):
        return {
            "@type": "Person",
            "affiliation": [
                {
                    **schema_thing(
                        "Organization", role.studio.name, absolute(role.studio.get_absolute_url())
                    ),
                    "roleName": role.title,
                }
                for role in self.roles.all()
            ],
        }


class PersonRole(models.Model):
    """A person's role at a studio, e.g. co-CEO at a streamer. Owned by the person."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    studio = models.ForeignKey(Studio, on_delete=models.PROTECT, related_name="people_roles")
    title = models.CharField(max_length=200, help_text="e.g. co-CEO, co-founder.")
    sources = models.ManyToManyField(
        Source,
        through="PersonRoleCitation",
        blank=True,
        related_name="person_roles",
    )

    history = versions()
    natural_key_fields = ("person", "studio", "title")

    class Meta:
        ordering = ["person", "studio"]
        verbose_name = _("role at a studio")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "studio", "title"], name="unique_person_studio_title"
            )
        ]

    def __str__(self):
        return f"{self.person}, {self.title} at {self.studio}"

    def get_absolute_url(self):
        return self.person.get_absolute_url()


class Credit(LoadedKeys, models.Model):
    """A person's part in a production, e.g. author of the comic it is based on."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="credits")
    production = models.ForeignKey(Production, on_delete=models.PROTECT, related_name="credits")
    role = models.CharField(max_length=200)
    sources = models.ManyToManyField(
        Source,
        through="CreditCitation",
        blank=True,
        related_name="credits",
    )

    history = versions()
    natural_key_fields = ("person", "production", "role")

    class Meta:
        ordering = ["production", "person"]
        constraints = [
            models.UniqueConstraint(fields=["person", "production", "role"], name="unique_credit")
        ]

    def __str__(self):
        return f"{self.person}, {self.role} on {self.production}"

    def get_absolute_url(self):
        return self.production.get_absolute_url()


class Controversy(KeptCounts, OpenData, Record):
    title = models.CharField(max_length=300)
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[*YEAR_VALIDATORS, validate_not_far_future]
    )
    date = models.DateField(null=True, blank=True, validators=DATE_VALIDATORS)
    summary = models.TextField()
    studios = models.ManyToManyField(Studio, blank=True, related_name="controversies")
    people = models.ManyToManyField(Person, blank=True, related_name="controversies")
    tools = models.ManyToManyField(AITool, blank=True, related_name="controversies")
    productions = models.ManyToManyField(Production, blank=True, related_name="controversies")
    aiid_id = models.PositiveIntegerField("AI Incident Database ID", null=True, blank=True)
    sources = models.ManyToManyField(
        Source,
        through="ControversyCitation",
        related_name="controversies",
    )
    production_count = kept_count()
    studio_count = kept_count()
    tool_count = kept_count()
    person_count = kept_count()
    kept_counts = ("production_count", "studio_count", "tool_count", "person_count")

    objects = ControversyQuerySet.as_manager()
    tags = TaggableManager(blank=True, manager=RecordTags)
    history = versions(excluded_fields=["search_vector", *kept_counts])

    search_weights = {"A": ["title"], "C": ["summary"]}
    identifiers = (
        WIKIDATA,
        ("aiid", "AI Incident Database", "aiid_id", "https://incidentdatabase.ai/cite/{id}/"),
    )

    class Meta:
        ordering = ["-year", "title"]
        verbose_name_plural = _("controversies")
        constraints = [
            slug_unique_ignoring_case("controversy"),
            plausible_year("year", "controversy_year_plausible"),
            plausible_date("date", "controversy_date_plausible"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return record_page_url("controversy_detail", self.slug)

    def schema_org(self, absolute):
        # Something that happened, at a date, about productions, companies, people and tools.
        def things(schema_type, records, name):
            return [
                schema_thing(schema_type, getattr(item, name), absolute(item.get_absolute_url()))
                for item in records
            ]

        return {
            "@type": "Event",
            "startDate": date_or_year(self.date, self.year),
            "about": [
                *things("Movie", self.productions.all(), "title"),
                *things("Organization", self.studios.all(), "name"),
                *things("Person", self.people.all(), "name"),
                *things("SoftwareApplication", self.tools.all(), "name"),
            ],
        }


class Quote(LoadedKeys, TimeStamped):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="quotes")
    text = models.TextField("words")
    is_paraphrase = models.BooleanField(
        default=False, help_text="Reported speech rather than the person's exact words."
    )
    said_on = models.DateField(null=True, blank=True, validators=DATE_VALIDATORS)
    context = models.CharField(max_length=300, blank=True)
    production = models.ForeignKey(
        Production, on_delete=models.PROTECT, null=True, blank=True, related_name="quotes"
    )
    controversy = models.ForeignKey(
        Controversy, on_delete=models.PROTECT, null=True, blank=True, related_name="quotes"
    )
    sources = models.ManyToManyField(Source, through="QuoteCitation", related_name="quotes")

    history = versions()
    natural_key_fields = ("person", "text")

    class Meta:
        ordering = ["person", "pk"]
        constraints = [plausible_date("said_on", "quote_said_on_plausible")]

    def __str__(self):
        words = self.text if len(self.text) <= 60 else self.text[:57] + "…"
        return f"{self.person}: “{words}”"

    def get_absolute_url(self):
        return f"{self.person.get_absolute_url()}#quote-{self.pk}"


class Figure(TimeStamped):
    """A number the catalog reports, such as a revenue or a studio's value, with its source."""

    label = models.CharField(max_length=200, help_text="e.g. “Second-quarter revenue”.")
    value = models.DecimalField(max_digits=20, decimal_places=2)
    unit = models.CharField(max_length=30, help_text="e.g. USD, %.")
    period = models.CharField(max_length=100, blank=True, help_text="e.g. “second quarter”.")
    note = models.TextField(blank=True)
    studio = models.ForeignKey(
        Studio, on_delete=models.PROTECT, null=True, blank=True, related_name="figures"
    )
    production = models.ForeignKey(
        Production, on_delete=models.PROTECT, null=True, blank=True, related_name="figures"
    )
    sources = models.ManyToManyField(Source, through="FigureCitation", related_name="figures")

    history = versions()
    natural_key_fields = ("label", "studio", "production")

    class Meta:
        ordering = ["label", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(production__isnull=False) | Q(studio__isnull=False),
                name="figure_has_production_or_studio",
                violation_error_message="A figure is about a production or a studio: choose one.",
            ),
        ]

    def __str__(self):
        return f"{self.label}: {self.amount}"

    def get_absolute_url(self):
        target = self.studio or self.production
        return f"{target.get_absolute_url()}#figure-{self.pk}"

    @property
    def amount(self):
        """The value and unit as readers read them, e.g. "$2.5 billion" (catalog.numbers)."""
        return format_figure(self.value, self.unit)


class Rule(OpenData, Record):
    """A rule that governs AI use in film: a guild or union agreement, an award's eligibility
    rules, a law or regulation, a licensing or training-data deal, a studio's policy."""

    class Kind(models.TextChoices):
        AGREEMENT = "agreement", _("Guild or union agreement")
        AWARD = "award-rule", _("Award eligibility rule")
        LAW = "law", _("Law or regulation")
        DEAL = "deal", _("Licensing or training-data deal")
        POLICY = "policy", _("Studio or platform policy")
        OTHER = "other", _("Other")

    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    issuer = models.ForeignKey(
        Studio,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rules_issued",
        help_text="The guild, studio, academy, legislature or company behind it.",
    )
    jurisdiction = models.CharField(
        max_length=100, blank=True, help_text="Where it applies, e.g. “European Union”."
    )
    effective_on = models.DateField(
        "in force from", null=True, blank=True, validators=DATE_VALIDATORS
    )
    ends_on = models.DateField("in force until", null=True, blank=True, validators=DATE_VALIDATORS)
    summary = models.TextField(help_text="What it requires, in the catalog's own words.")
    clause = models.CharField(
        "clause or article",
        max_length=300,
        blank=True,
        help_text="The part that concerns AI, e.g. “Article 50”.",
    )
    sources = models.ManyToManyField(Source, through="RuleCitation", related_name="rules")

    objects = RuleQuerySet.as_manager()
    tags = TaggableManager(blank=True, manager=RecordTags)
    history = versions(excluded_fields=["search_vector"])

    search_weights = {"A": ["title"], "C": ["summary", "clause", "jurisdiction"]}
    natural_key_fields = ("slug",)

    class Meta:
        ordering = ["title"]
        indexes = [
            # The rules list by title, whatever its case.
            models.Index(Lower("title"), F("id"), name="catalog_rule_ltitle_id"),
        ]
        constraints = [
            slug_unique_ignoring_case("rule"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(effective_on__isnull=True)
                | Q(ends_on__gte=F("effective_on")),
                name="rule_ends_after_it_starts",
                violation_error_message="A rule cannot end before it comes into force.",
            ),
            plausible_date("effective_on", "rule_effective_on_plausible"),
            plausible_date("ends_on", "rule_ends_on_plausible"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return record_page_url("rule_detail", self.slug)

    def schema_org(self, absolute):
        data = {
            "@type": "Legislation" if self.kind == self.Kind.LAW else "CreativeWork",
            "genre": self.get_kind_display(),
            "spatialCoverage": self.jurisdiction,
        }
        if self.effective_on:
            ends = self.ends_on.isoformat() if self.ends_on else ".."
            data["temporalCoverage"] = f"{self.effective_on.isoformat()}/{ends}"
        if self.issuer:
            data["creator"] = schema_thing(
                "Organization", self.issuer.name, absolute(self.issuer.get_absolute_url())
            )
        return data


class YesNoUnknown(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown")


class Likeness(TimeStamped):
    """A performer's face, voice or body replicated or altered in a production. Consent is
    unknown unless a source says otherwise: the catalog never infers it."""

    class Kind(models.TextChoices):
        # The categories of the 2023 SAG-AFTRA TV/theatrical agreement, plus voice replicas.
        EMPLOYMENT_REPLICA = "employment-replica", _("Employment-based digital replica")
        INDEPENDENT_REPLICA = "independent-replica", _("Independently created digital replica")
        BACKGROUND_REPLICA = "background-replica", _("Background actor replica")
        ALTERATION = "alteration", _("Digital alteration (e.g. de-ageing, expression edits)")
        VOICE_REPLICA = "voice-replica", _("Voice replica")
        SYNTHETIC = "synthetic-performer", _("Synthetic performer")

    class Consent(models.TextChoices):
        GIVEN = "given", _("Given, as reported")
        ESTATE_OR_UNION = "estate-or-union", _("Given by the estate or union")
        REFUSED = "refused", _("Refused")
        DISPUTED = "disputed", _("Disputed")
        UNKNOWN = "unknown", _("Unknown")

    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="likenesses",
        help_text="The performer whose likeness was replicated or altered.",
    )
    production = models.ForeignKey(Production, on_delete=models.PROTECT, related_name="likenesses")
    ai_use = models.ForeignKey(
        AIUse,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="likenesses",
        verbose_name="AI use",
        help_text="The use of a tool that did it, where the catalog records one.",
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    description = models.TextField(
        blank=True, help_text="What was replicated or altered, in the catalog's own words."
    )
    consent = models.CharField(max_length=20, choices=Consent.choices, default=Consent.UNKNOWN)
    paid = models.CharField(
        "paid, as reported", max_length=10, choices=YesNoUnknown.choices, default="unknown"
    )
    performer_living = models.CharField(
        "performer living at the time",
        max_length=10,
        choices=YesNoUnknown.choices,
        default="unknown",
    )
    sources = models.ManyToManyField(Source, through="LikenessCitation", related_name="likenesses")

    history = versions()
    natural_key_fields = ("person", "production", "kind")

    class Meta:
        ordering = ["production", "person", "pk"]
        verbose_name = _("likeness record")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "production", "kind"], name="unique_likeness_per_kind"
            )
        ]

    def __str__(self):
        return f"{self.person} in {self.production}: {self.get_kind_display()}"

    def get_absolute_url(self):
        return f"{self.production.get_absolute_url()}#likeness-{self.pk}"

    def clean(self):
        if self.ai_use is not None and self.ai_use.production_id not in (
            None,
            self.production_id,
        ):
            raise ValidationError(
                {
                    "ai_use": "This AI use belongs to another production: choose one of this "
                    "production's uses, or none."
                },
                code="ai_use_elsewhere",
            )


class Response(TimeStamped):
    """A studio's or person's public statement about an AI use or a controversy."""

    class Stance(models.TextChoices):
        CONFIRMS = "confirms", _("Confirms")
        DENIES = "denies", _("Denies")
        CLARIFIES = "clarifies", _("Clarifies")
        DEFENDS = "defends", _("Defends")
        APOLOGISES = "apologises", _("Apologises")
        DECLINES = "declines", _("Declines to comment")

    studio = models.ForeignKey(
        Studio, on_delete=models.PROTECT, null=True, blank=True, related_name="responses"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="responses"
    )
    ai_use = models.ForeignKey(
        AIUse,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responses",
        verbose_name="AI use",
    )
    controversy = models.ForeignKey(
        Controversy, on_delete=models.PROTECT, null=True, blank=True, related_name="responses"
    )
    stance = models.CharField(max_length=20, choices=Stance.choices)
    summary = models.TextField(help_text="What they said, in the catalog's own words.")
    quote = models.ForeignKey(
        Quote,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responses",
        help_text="Their words, where reported, as a quote record.",
    )
    said_on = models.DateField(null=True, blank=True, validators=DATE_VALIDATORS)
    said_note = models.CharField(
        "when said (approximate)",
        max_length=200,
        blank=True,
        help_text="When the exact date is unknown, e.g. “around its second-quarter results”.",
    )
    sources = models.ManyToManyField(Source, through="ResponseCitation", related_name="responses")

    history = versions()
    natural_key_fields = ("studio", "person", "ai_use", "controversy", "stance")

    class Meta:
        # Undated responses after the dated ones on every database (SQLite sorts NULL first).
        ordering = [F("said_on").asc(nulls_last=True), "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(studio__isnull=False) | Q(person__isnull=False),
                name="response_has_speaker",
                violation_error_message="A response is made by a studio or a person: choose one.",
            ),
            models.CheckConstraint(
                condition=Q(ai_use__isnull=False) | Q(controversy__isnull=False),
                name="response_has_subject",
                violation_error_message=(
                    "A response is about an AI use or a controversy: choose at least one."
                ),
            ),
            plausible_date("said_on", "response_said_on_plausible"),
        ]

    def __str__(self):
        speaker = self.person or self.studio
        subject = self.controversy or self.ai_use
        return f"{speaker} {self.get_stance_display().lower()}: {subject}"

    def get_absolute_url(self):
        """Beside the claim it answers: on the controversy's page, else the AI use's."""
        if self.controversy_id:
            page = self.controversy.get_absolute_url()
        else:
            page = (self.ai_use.production or self.ai_use.studio).get_absolute_url()
        return f"{page}#response-{self.pk}"

    def clean(self):
        if self.studio is None and self.person is None:
            raise ValidationError(
                "A response is made by a studio or a person: choose one.", code="no_speaker"
            )
        if self.ai_use is None and self.controversy is None:
            raise ValidationError(
                "A response is about an AI use or a controversy: choose at least one.",
                code="no_subject",
            )
        if self.quote is not None and self.person is not None:
            if self.quote.person_id != self.person.pk:
                raise ValidationError(
                    {"quote": "This quote is someone else's words: choose one of theirs."},
                    code="quote_of_another",
                )


class RuleLink(TimeStamped):
    """How a rule bears on an AI use, a likeness record or a controversy."""

    class Relation(models.TextChoices):
        GOVERNS = "governs", _("Governs")
        PROMPTED_BY = "prompted-by", _("Was prompted by")
        CITED = "cited-in-dispute", _("Was cited in the dispute")
        BREACH = "alleged-breach", _("Allegedly breached")

    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="links")
    relation = models.CharField(max_length=20, choices=Relation.choices)
    ai_use = models.ForeignKey(
        AIUse,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rule_links",
        verbose_name="AI use",
    )
    likeness = models.ForeignKey(
        Likeness, on_delete=models.PROTECT, null=True, blank=True, related_name="rule_links"
    )
    controversy = models.ForeignKey(
        Controversy, on_delete=models.PROTECT, null=True, blank=True, related_name="rule_links"
    )
    sources = models.ManyToManyField(Source, through="RuleLinkCitation", related_name="rule_links")

    history = versions()
    natural_key_fields = ("rule", "relation", "ai_use", "likeness", "controversy")

    class Meta:
        ordering = ["rule", "relation", "pk"]
        verbose_name = _("rule link")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(ai_use__isnull=False, likeness__isnull=True, controversy__isnull=True)
                    | Q(ai_use__isnull=True, likeness__isnull=False, controversy__isnull=True)
                    | Q(ai_use__isnull=True, likeness__isnull=True, controversy__isnull=False)
                ),
                name="rule_link_has_one_subject",
                violation_error_message=(
                    "A rule link points at exactly one AI use, likeness record or controversy."
                ),
            ),
            # The same rule bearing the same way on the same record twice would be listed
            # twice on both pages; NULLs are distinct in a plain unique constraint, hence one
            # per kind of subject.
            *[
                models.UniqueConstraint(
                    fields=["rule", "relation", subject],
                    condition=Q(**{f"{subject}__isnull": False}),
                    name=f"unique_rule_link_{subject}",
                    violation_error_message=(
                        "This rule is already linked to it in this way: edit that link instead."
                    ),
                )
                for subject in ("ai_use", "likeness", "controversy")
            ],
        ]

    def __str__(self):
        subject = self.ai_use or self.likeness or self.controversy
        return f"{self.rule} — {self.get_relation_display().lower()} — {subject}"

    def get_absolute_url(self):
        return f"{self.rule.get_absolute_url()}#rule-link-{self.pk}"

    @property
    def subject(self):
        return self.ai_use or self.likeness or self.controversy

    def clean(self):
        if sum(x is not None for x in (self.ai_use, self.likeness, self.controversy)) != 1:
            raise ValidationError(
                "A rule link points at exactly one AI use, likeness record or controversy: "
                "choose one.",
                code="one_subject",
            )


# --- Citations: the through model of each `sources` field ----------------------------------------


def cited_by(owner, field="sources", related_name="cites"):
    """The citation model of `owner.<field>`, kept in the table the plain many-to-many link had
    (migration 0023 adopted those tables with their rows), e.g. `AIUseCitation` in
    `catalog_aiuse_sources`."""
    name = owner.__name__ + ("Citation" if field == "sources" else "DisclosureCitation")
    key = owner._meta.model_name
    meta = type(
        "Meta",
        (Citation.Meta,),
        {
            "db_table": f"catalog_{key}_{field}",
            "unique_together": [("record", "source")],
            "verbose_name": f"citation ({owner._meta.verbose_name}"
            + (", disclosure)" if field != "sources" else ")"),
            "constraints": [
                models.CheckConstraint(
                    condition=Q(passage_end="") | ~Q(passage_start=""),
                    name=f"{name.lower()}_end_needs_start",
                    violation_error_message="Give the passage's first words as well as its last.",
                )
            ],
        },
    )
    record = models.ForeignKey(
        owner, on_delete=models.CASCADE, db_column=f"{key}_id", related_name=related_name
    )
    return type(
        name,
        (Citation,),
        {"__module__": __name__, "__qualname__": name, "Meta": meta, "record": record},
    )


StudioCitation = cited_by(Studio)
ProductionCitation = cited_by(Production)
ProductionStudioCitation = cited_by(ProductionStudio)
StageCitation = cited_by(Stage)
AIToolCitation = cited_by(AITool)
AIUseCitation = cited_by(AIUse)
AIUseDisclosureCitation = cited_by(AIUse, "disclosure_sources", "disclosure_cites")
PersonCitation = cited_by(Person)
PersonRoleCitation = cited_by(PersonRole)
CreditCitation = cited_by(Credit)
ControversyCitation = cited_by(Controversy)
QuoteCitation = cited_by(Quote)
FigureCitation = cited_by(Figure)
RuleCitation = cited_by(Rule)
LikenessCitation = cited_by(Likeness)
ResponseCitation = cited_by(Response)
RuleLinkCitation = cited_by(RuleLink)

CITATION_MODELS = [
    StudioCitation,
    ProductionCitation,
    ProductionStudioCitation,
    StageCitation,
    AIToolCitation,
    AIUseCitation,
    AIUseDisclosureCitation,
    PersonCitation,
    PersonRoleCitation,
    CreditCitation,
    ControversyCitation,
    QuoteCitation,
    FigureCitation,
    RuleCitation,
    LikenessCitation,
    ResponseCitation,
    RuleLinkCitation,
]


def cited_sources(model, name="cites"):
    """A prefetch of a record's citations (`cites`, or an AI use's `disclosure_cites`) with
    their sources, in one query, in the order of the sources: what pages and exports read."""
    through = model._meta.get_field(name).related_model
    return models.Prefetch(
        name, through.objects.select_related("source").order_by("source_id", "pk")
    )


@functools.cache
def citation_relations(model):
    """(name, citation model) of each of `model`'s citations: `cites`, and an AI use's
    `disclosure_cites`; none for a model that cites nothing."""
    return tuple(
        (relation.get_accessor_name(), relation.related_model)
        for relation in model._meta.related_objects
        if issubclass(relation.related_model, Citation) and relation.field.name == "record"
    )


def prefetch_citations(records, using=DEFAULT_DB_ALIAS):
    """Each record's citations with their sources, as cited_sources() prefetches them (in the
    order of the sources), for records of any types at once, in one query: the citation
    tables are alike, so one UNION ALL reads them all, each row joined to its source. A
    record page prefetching each claim type's citations apart ran up to seven such queries,
    each costing more to build than to run."""
    wanted = {}  # (name, citation model) -> {record pk: [the records, each instance once]}
    seen = set()
    for record in records:
        if id(record) in seen:
            continue
        seen.add(id(record))
        for relation in citation_relations(type(record)):
            wanted.setdefault(relation, {}).setdefault(record.pk, []).append(record)
    if not wanted:
        return
    connection = connections[using]
    quote_name = connection.ops.quote_name
    source_table = quote_name(Source._meta.db_table)
    source_columns = ", ".join(
        f"{source_table}.{quote_name(field.column)}" for field in Source._meta.concrete_fields
    )
    relations = list(wanted.items())
    branches, params = [], []
    for number, ((_name, through), by_pk) in enumerate(relations):
        table = quote_name(through._meta.db_table)
        # The citation's own columns, named apart from the source's: cite_<attname>.
        columns = ", ".join(
            f"{table}.{quote_name(field.column)} AS {quote_name('cite_' + field.attname)}"
            for field in through._meta.concrete_fields
        )
        key = f"{table}.{quote_name(through._meta.get_field('record').column)}"
        if connection.vendor == "postgresql":  # one statement, prepared, for any count
            where, values = f"{key} = ANY(%s)", [list(by_pk)]
        else:
            where, values = f"{key} IN ({', '.join(['%s'] * len(by_pk))})", list(by_pk)
        source_key = quote_name(through._meta.get_field("source").column)
        branches.append(
            f"SELECT {source_columns}, {number} AS cite_branch, {columns} FROM {table} "
            f"JOIN {source_table} ON {source_table}.{quote_name(Source._meta.pk.column)} = "
            f"{table}.{source_key} WHERE {where}"
        )
        params += values
    # Each branch's citation model and the names of its columns, in the model's field order.
    shapes = [
        (through, [field.attname for field in through._meta.concrete_fields])
        for (_name, through), _by_pk in relations
    ]
    found = {}  # (branch, record pk) -> [citations]
    # A raw query of sources converts their columns as the ORM would (dates on SQLite).
    for source in Source.objects.using(using).raw(" UNION ALL ".join(branches), params):
        through, names = shapes[source.cite_branch]
        citation = through.from_db(using, names, [getattr(source, f"cite_{n}") for n in names])
        through._meta.get_field("source").set_cached_value(citation, source)
        found.setdefault((source.cite_branch, citation.record_id), []).append(citation)
    for number, ((name, through), by_pk) in enumerate(relations):
        record_field = through._meta.get_field("record")
        for pk, instances in by_pk.items():
            cited = sorted(found.get((number, pk), ()), key=lambda c: (c.source_id, c.pk))
            for citation in cited:
                record_field.set_cached_value(citation, instances[0])
            for record in instances:  # as prefetch_related leaves them
                queryset = getattr(record, name).get_queryset()
                queryset._result_cache = list(cited)
                queryset._prefetch_done = True
                if not hasattr(record, "_prefetched_objects_cache"):
                    record._prefetched_objects_cache = {}
                record._prefetched_objects_cache[name] = queryset


def is_citation(field):
    """Whether a many-to-many field is a record's citations (its through model a Citation)."""
    return isinstance(field, models.ManyToManyField) and issubclass(
        field.remote_field.through, Citation
    )


SEARCHABLE_MODELS = [Production, Studio, AITool, Controversy, Person, Source, Rule]


def watched_models():
    """The models whose rows the public pages show: saving or deleting one of their rows, or
    changing one of their many-to-many links, moves the catalog's version (catalog/signals.py).
    Their history (django-simple-history) is not shown to readers and not watched. Citations
    are link rows: add(), remove() and set() move the version through m2m_changed, and a citation
    saved as a row of its own (the admin's inline, the seed) through post_save (apps.py); a
    delete of them is one query, as for any link table."""
    return (
        Source,
        Studio,
        Production,
        ProductionStudio,
        Stage,
        AITool,
        AIUse,
        Person,
        PersonRole,
        Credit,
        Controversy,
        Quote,
        Figure,
        Rule,
        Likeness,
        Response,
        RuleLink,
        Tag,
        TaggedItem,
    )


class FormerAddress(models.Model):
    """A record's address that no longer leads to it: a slug it was renamed from, the slug
    and identifier of a record that was deleted, or those of a record merged into another.
    Published links keep answering: a former slug with a 301 to the record's page (the kept
    record's, for a merged one), a deleted record's with a 410 that says what it was
    (catalog/addresses.py). Kept by catalog/signals.py on every rename and delete, and by
    catalog/merge.py on a merge."""

    class Reason(models.TextChoices):
        RENAMED = "renamed", _("Renamed")
        DELETED = "deleted", _("Deleted")
        MERGED = "merged", _("Merged into another record")

    record_type = models.CharField(max_length=20, help_text="The registry key, e.g. “tool”.")
    slug = models.SlugField(max_length=200)
    record_id = models.BigIntegerField(help_text="The record's id, in its permanent identifier.")
    name = models.CharField(max_length=300, help_text="What the record was called.")
    reason = models.CharField(max_length=10, choices=Reason.choices)
    merged_into = models.BigIntegerField(
        null=True,
        blank=True,
        help_text="For a merged record: the id of the record it was merged into.",
    )
    since = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-since"]
        verbose_name_plural = _("former addresses")
        constraints = [
            models.UniqueConstraint(fields=["record_type", "slug"], name="unique_former_address"),
            models.CheckConstraint(
                condition=Q(reason="merged", merged_into__isnull=False)
                | (~Q(reason="merged") & Q(merged_into__isnull=True)),
                name="former_address_merged_into_with_merged",
                violation_error_message="A merged record's address names the record it went to.",
            ),
        ]
        indexes = [
            # /id/P42 for a record that is gone: found by its type and id.
            models.Index(fields=["record_type", "record_id"], name="catalog_former_type_id"),
        ]

    def __str__(self):
        return f"{self.record_type}/{self.slug} ({self.get_reason_display().lower()})"


class CatalogVersion(models.Model):
    """The catalog's version: one row whose number every edit moves on, in the edit's own
    transaction; every cached page and aggregate is keyed by it (catalog/cache.py)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    n = models.BigIntegerField()
    # When the number last moved, by the database's clock: the pages' Last-Modified.
    changed = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="catalog_version_one_row")]

    def __str__(self):
        return f"catalog version {self.n}"


# --- Corrections readers suggest ------------------------------------------------------------------


class CorrectionSubject(models.TextChoices):
    """The public record types a suggestion may be about: catalog/registry.py's keys (a test
    checks they match)."""

    PRODUCTION = "production", _("production")
    STUDIO = "studio", _("studio")
    TOOL = "tool", _("AI tool")
    CONTROVERSY = "controversy", _("controversy")
    PERSON = "person", _("person")
    RULE = "rule", _("rule")
    SOURCE = "source", _("source")
    STAGE = "stage", _("stage")


class CorrectionClaim(models.TextChoices):
    """The claims a record's page shows, each of which a suggestion may be about (their models
    and how they are shown: catalog/corrections.py)."""

    AI_USE = "ai_use", _("AI use")
    QUOTE = "quote", _("quote")
    FIGURE = "figure", _("figure")
    LIKENESS = "likeness", _("likeness record")
    RESPONSE = "response", _("response")
    RULE_LINK = "rule_link", _("rule link")
    STUDIO_ROLE = "studio_role", _("studio role")
    PERSON_ROLE = "person_role", _("role at a studio")
    CREDIT = "credit", _("credit")
    CONTROVERSY = "controversy", _("controversy")


class CorrectionStatus(models.TextChoices):
    NEW = "new", _("New")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    DUPLICATE = "duplicate", _("Duplicate")


class Correction(ChoiceLabels, ChecksInOneQuery, models.Model):
    """A reader's suggestion that a record, or one claim on its page, is wrong.

    What it is about is kept as the record's registry key and id (its permanent identifier,
    e.g. T42), not as a foreign key: a rename keeps the id, and deleting the record neither
    deletes its suggestions nor is refused because of them (the suggestion stays in the queue,
    naming what the record was called, `record_name`). The claim, if any, is kept the same way,
    with its text as the reader saw it (`claim_text`). Suggestions are not part of the catalog:
    saving one changes nothing on the public site (it is not in `watched_models()`), until an
    editor edits the record. Reader text is plain text, always shown escaped.
    """

    Subject = CorrectionSubject
    Claim = CorrectionClaim
    Status = CorrectionStatus

    # Bounds of what a reader may send (catalog/corrections.py's form keeps to them).
    TEXT_LIMIT = 2000
    REASON_LIMIT = 1000

    reference = models.CharField(
        _("reference"),
        max_length=12,
        unique=True,
        editable=False,
        help_text=_("The code the reader was given, e.g. K7Q4M2XD."),
    )
    record_type = models.CharField(_("record type"), max_length=20, choices=Subject.choices)
    record_id = models.BigIntegerField(_("record id"))
    record_name = models.CharField(
        _("record name"), max_length=300, help_text=_("What the record was called when suggested.")
    )
    claim_kind = models.CharField(_("claim"), max_length=20, choices=Claim.choices, blank=True)
    claim_id = models.BigIntegerField(_("claim id"), null=True, blank=True)
    claim_text = models.CharField(
        _("claim as shown"),
        max_length=500,
        blank=True,
        help_text=_("The claim as the reader saw it when suggesting."),
    )
    wrong = models.CharField(_("what is wrong"), max_length=TEXT_LIMIT)
    should_say = models.CharField(_("what it should say"), max_length=TEXT_LIMIT, blank=True)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    # Only for editors to reply: never shown on a public page, in an export or in the feed.
    email = models.EmailField(_("email"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    reason = models.CharField(
        _("reason"),
        max_length=REASON_LIMIT,
        blank=True,
        help_text=_("Why it was rejected (required), or a note on the decision."),
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
    )
    created = models.DateTimeField(_("received"), default=timezone.now, editable=False)
    decided = models.DateTimeField(_("decided"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # A keyed hash of the sender's address (catalog/corrections.py `client_key`): which
    # suggestions came from one sender, without keeping the address.
    client_hash = models.CharField(_("sender (hashed)"), max_length=64, editable=False)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CorrectionStatus.values),
                name="correction_status_known",
            ),
            models.CheckConstraint(
                condition=Q(record_type__in=CorrectionSubject.values),
                name="correction_record_type_known",
            ),
            models.CheckConstraint(condition=Q(record_id__gte=1), name="correction_record_id"),
            models.CheckConstraint(
                condition=(Q(claim_kind="") & Q(claim_id__isnull=True))
                | (
                    Q(claim_kind__in=CorrectionClaim.values)
                    & Q(claim_id__isnull=False)
                    & Q(claim_id__gte=1)
                ),
                name="correction_claim_kind_and_id",
                violation_error_message=_("A claim needs both its kind and its id."),
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reason=""),
                name="correction_rejected_needs_reason",
                violation_error_message=_("Say why the suggestion is rejected."),
            ),
            models.CheckConstraint(
                condition=(Q(status="duplicate") & Q(duplicate_of__isnull=False))
                | (~Q(status="duplicate") & Q(duplicate_of__isnull=True)),
                name="correction_duplicate_needs_original",
                violation_error_message=_(
                    "A duplicate names the suggestion it repeats, and only a duplicate does."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(duplicate_of=F("pk")),
                name="correction_not_its_own_duplicate",
                violation_error_message=_("A suggestion cannot be a duplicate of itself."),
            ),
            models.CheckConstraint(condition=~Q(wrong=""), name="correction_says_what_is_wrong"),
        ]
        indexes = [
            # The admin's queue: new suggestions first, newest first.
            models.Index(fields=["status", "-created"], name="catalog_correction_queue"),
            # The suggestions about one record (its admin page's panel, a deleted record's).
            models.Index(fields=["record_type", "record_id"], name="catalog_correction_record"),
        ]

    def __str__(self):
        return f"#{self.reference}"

    def get_absolute_url(self):
        return reverse("admin:catalog_correction_change", args=[self.pk])
