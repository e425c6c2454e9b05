"""The catalog: productions, studios, AI tools, the uses that link them, and what they stirred up.

Records that others point at are protected: deleting a studio, tool, production, stage, person
or source that something still links to is refused by the database (PROTECT), never cascaded,
and a record another links to through a many-to-many field (a controversy's studios, any claim's
sources) is refused the same way (`linking_records`, checked in catalog/signals.py and the
admin). Only rows owned by their parent (a production's studio roles, a person's roles and
credits, a record's own many-to-many links and tags) go with it.
"""

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import ProtectedError, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager

from catalog.search import SearchQuerySet

EARLIEST_YEAR = 1870  # the first motion pictures
LATEST_YEAR = 2100  # the database's bound; forms hold to a tighter one, see latest_allowed_year()
YEAR_VALIDATORS = [MinValueValidator(EARLIEST_YEAR)]


def latest_allowed_year():
    """Announced productions may be dated a few years ahead, not further."""
    return timezone.now().year + 10


def validate_not_far_future(year):
    if year is not None and year > latest_allowed_year():
        raise ValidationError(
            f"{year} is too far in the future: enter a year up to {latest_allowed_year()}.",
            code="far_future",
        )


wikidata_id = RegexValidator(r"^Q[1-9]\d*$", "A Wikidata ID looks like Q123456.")
imdb_title_id = RegexValidator(r"^tt\d{7,}$", "An IMDb title ID looks like tt1234567.")
imdb_name_id = RegexValidator(r"^nm\d{7,}$", "An IMDb name ID looks like nm1234567.")
imdb_company_id = RegexValidator(r"^co\d{7,}$", "An IMDb company ID looks like co1234567.")


def linking_records(record):
    """(record, field) for every record linking to `record` through its own many-to-many field.

    Driven by the model's reverse relations, so a link added later is covered at once. Links
    kept in a through model of their own (a production's studio roles) are left out: their
    PROTECT key refuses the delete already.
    """
    if record.pk is None:
        return []
    return [
        (other, relation.field)
        for relation in record._meta.related_objects
        if relation.many_to_many and relation.through._meta.auto_created
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
    PROTECT key already."""
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


def versions(**options):
    """A model's history, each version with its links and tags."""
    return HistoricalRecords(bases=[LinkedVersion], **options)


def versioned_links(model):
    """The many-to-many fields a version keeps: the record's own links (sources, a controversy's
    studios...), not those kept in a model with a history of its own (a production's studio
    roles), nor tags, which are kept by name."""
    return [
        field
        for field in model._meta.many_to_many
        if isinstance(field, models.ManyToManyField)
        and field.remote_field.through._meta.auto_created
    ]


def current_links(record):
    """The record's links and tags as a version keeps them (`LinkedVersion.history_links`)."""
    links = {
        field.name: sorted(getattr(record, field.name).values_list("pk", flat=True))
        for field in versioned_links(type(record))
    }
    for field in record._meta.many_to_many:
        if isinstance(field, TaggableManager):
            links[field.name] = sorted(getattr(record, field.name).names())
    return links


class TimeStamped(models.Model):
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


class Source(TimeStamped):
    """Where a claim comes from: an article, a report, an announcement."""

    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=200, blank=True)
    url = models.URLField("URL", max_length=500, blank=True)
    published = models.DateField(null=True, blank=True)
    published_note = models.CharField(
        max_length=200,
        blank=True,
        help_text="A partial or approximate date when the exact one is unknown, e.g. “18 July”.",
    )
    accessed = models.DateField("date accessed", null=True, blank=True)
    summary = models.TextField(blank=True)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = SearchQuerySet.as_manager()
    history = versions()

    search_weights = {"A": ["title"], "B": ["publisher", "author"], "C": ["summary"]}
    natural_key_fields = ("slug",)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return f"{self.publisher}: {self.title}" if self.publisher else self.title

    def get_absolute_url(self):
        return reverse("source_detail", args=[self.slug])


class Studio(Record):
    class Kind(models.TextChoices):
        STUDIO = "studio", "Film or TV studio"
        STREAMER = "streamer", "Streamer"
        VFX = "vfx", "VFX house"
        ANIMATION = "animation", "Animation studio"
        VENDOR = "vendor", "Technology vendor"
        GUILD = "guild", "Guild or union"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.STUDIO)
    country = models.CharField(max_length=100, blank=True)
    city = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True)
    website = models.URLField(max_length=500, blank=True)
    imdb_id = models.CharField(
        "IMDb company ID", max_length=20, blank=True, validators=[imdb_company_id]
    )
    sources = models.ManyToManyField(Source, blank=True, related_name="studios")

    tags = TaggableManager(blank=True)
    history = versions(excluded_fields=["search_vector"])

    search_weights = {"A": ["name"], "C": ["description", "city", "country"]}

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("studio_detail", args=[self.slug])


class Production(Record):
    class Kind(models.TextChoices):
        FILM = "film", "Film"
        SERIES = "series", "Series"
        SHORT = "short", "Short film"
        DOCUMENTARY = "documentary", "Documentary"
        OTHER = "other", "Other"

    title = models.CharField(max_length=300)
    original_title = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.FILM)
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[*YEAR_VALIDATORS, validate_not_far_future]
    )
    release_date = models.DateField(null=True, blank=True)
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
    sources = models.ManyToManyField(Source, blank=True, related_name="productions")

    tags = TaggableManager(blank=True)
    history = versions(excluded_fields=["search_vector"])

    search_weights = {
        "A": ["title", "original_title"],
        "C": ["synopsis", "based_on", "based_on_by"],
    }

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__range=(EARLIEST_YEAR, LATEST_YEAR)),
                name="production_year_plausible",
            ),
            models.CheckConstraint(
                condition=Q(episodes__isnull=True) | Q(episodes__gte=1),
                name="production_episodes_positive",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})" if self.year else self.title

    def get_absolute_url(self):
        return reverse("production_detail", args=[self.slug])


class ProductionStudio(models.Model):
    """A studio behind a production, in a role. Owned by the production."""

    class Role(models.TextChoices):
        PRODUCER = "producer", "Producer"
        DISTRIBUTOR = "distributor", "Distributor"
        STREAMER = "streamer", "Streamer"
        VFX = "vfx", "VFX"
        OTHER = "other", "Other"

    production = models.ForeignKey(
        Production, on_delete=models.CASCADE, related_name="studio_roles"
    )
    studio = models.ForeignKey(Studio, on_delete=models.PROTECT, related_name="production_roles")
    role = models.CharField(max_length=20, choices=Role.choices)
    sources = models.ManyToManyField(Source, blank=True, related_name="production_studios")

    history = versions()
    natural_key_fields = ("production", "studio", "role")

    class Meta:
        ordering = ["production", "role", "studio"]
        verbose_name = "studio role"
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


class Stage(TimeStamped):
    """A stage of production, in pipeline order. The five stages come with the migrations."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(unique=True)
    description = models.TextField(blank=True)
    sources = models.ManyToManyField(Source, blank=True, related_name="stages")

    objects = StageManager()
    history = versions()
    natural_key_fields = ("slug",)

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("stage_detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)


class AITool(Record):
    class Technique(models.TextChoices):
        GENERATIVE = "generative", "Generative video and images"
        SCRIPT_ANALYTICS = "script-analytics", "Script analytics"
        PREDICTIVE = "predictive", "Predictive analytics"
        FACIAL = "facial-performance", "Facial performance"
        FACE_SWAP = "face-swap", "Face swap and de-ageing"
        DISTRIBUTION = "distribution", "Distribution and audience"
        OTHER = "other", "Other"

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
    sources = models.ManyToManyField(Source, blank=True, related_name="tools")

    tags = TaggableManager(blank=True)
    history = versions(excluded_fields=["search_vector"])

    search_weights = {"A": ["name"], "C": ["description"]}

    class Meta:
        ordering = ["name"]
        verbose_name = "AI tool"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("tool_detail", args=[self.slug])


class AIUse(TimeStamped):
    """The heart of the catalog: a tool used on a production and/or by a studio, at a stage."""

    class Status(models.TextChoices):
        REPORTED = "reported", "Reported"
        CONFIRMED = "confirmed", "Confirmed"
        DENIED = "denied", "Denied"
        RETRACTED = "retracted", "Retracted"

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
    date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REPORTED)
    sources = models.ManyToManyField(Source, related_name="ai_uses")

    history = versions()
    natural_key_fields = ("tool", "production", "studio", "stage")

    class Meta:
        ordering = ["stage__position", "tool__name", "pk"]
        verbose_name = "AI use"
        constraints = [
            models.CheckConstraint(
                condition=Q(production__isnull=False) | Q(studio__isnull=False),
                name="ai_use_has_production_or_studio",
                violation_error_message="An AI use needs a production or a studio (or both).",
            ),
        ]

    def __str__(self):
        where = self.production or self.studio
        return f"{self.tool} on {where} ({self.stage})" if where else str(self.tool)

    def get_absolute_url(self):
        target = self.production or self.studio
        return f"{target.get_absolute_url()}#use-{self.pk}"

    def clean(self):
        # Entered inline on a production or studio being added, the parent is set but unsaved,
        # so its id is still None: look at the related objects, not only at the ids.
        if self.production is None and self.studio is None:
            raise ValidationError(
                "An AI use needs a production or a studio (or both): choose at least one.",
                code="no_production_or_studio",
            )


class Person(Record):
    name = models.CharField(max_length=200)
    bio = models.TextField("short bio", blank=True)
    imdb_id = models.CharField("IMDb ID", max_length=20, blank=True, validators=[imdb_name_id])
    tmdb_id = models.PositiveIntegerField("TMDB ID", null=True, blank=True)
    sources = models.ManyToManyField(Source, blank=True, related_name="people")

    tags = TaggableManager(blank=True)
    history = versions(excluded_fields=["search_vector"])

    search_weights = {"A": ["name"], "C": ["bio"]}

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("person_detail", args=[self.slug])


class PersonRole(models.Model):
    """A person's role at a studio, e.g. co-CEO at a streamer. Owned by the person."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    studio = models.ForeignKey(Studio, on_delete=models.PROTECT, related_name="people_roles")
    title = models.CharField(max_length=200, help_text="e.g. co-CEO, co-founder.")
    sources = models.ManyToManyField(Source, blank=True, related_name="person_roles")

    history = versions()
    natural_key_fields = ("person", "studio", "title")

    class Meta:
        ordering = ["person", "studio"]
        verbose_name = "role at a studio"
        constraints = [
            models.UniqueConstraint(
                fields=["person", "studio", "title"], name="unique_person_studio_title"
            )
        ]

    def __str__(self):
        return f"{self.person}, {self.title} at {self.studio}"

    def get_absolute_url(self):
        return self.person.get_absolute_url()


class Credit(models.Model):
    """A person's part in a production, e.g. author of the comic it is based on."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="credits")
    production = models.ForeignKey(Production, on_delete=models.PROTECT, related_name="credits")
    role = models.CharField(max_length=200)
    sources = models.ManyToManyField(Source, blank=True, related_name="credits")

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


class Controversy(Record):
    title = models.CharField(max_length=300)
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[*YEAR_VALIDATORS, validate_not_far_future]
    )
    date = models.DateField(null=True, blank=True)
    summary = models.TextField()
    studios = models.ManyToManyField(Studio, blank=True, related_name="controversies")
    people = models.ManyToManyField(Person, blank=True, related_name="controversies")
    tools = models.ManyToManyField(AITool, blank=True, related_name="controversies")
    productions = models.ManyToManyField(Production, blank=True, related_name="controversies")
    aiid_id = models.PositiveIntegerField("AI Incident Database ID", null=True, blank=True)
    sources = models.ManyToManyField(Source, related_name="controversies")

    tags = TaggableManager(blank=True)
    history = versions(excluded_fields=["search_vector"])

    search_weights = {"A": ["title"], "C": ["summary"]}

    class Meta:
        ordering = ["-year", "title"]
        verbose_name_plural = "controversies"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("controversy_detail", args=[self.slug])


class Quote(TimeStamped):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="quotes")
    text = models.TextField("words")
    is_paraphrase = models.BooleanField(
        default=False, help_text="Reported speech rather than the person's exact words."
    )
    said_on = models.DateField(null=True, blank=True)
    context = models.CharField(max_length=300, blank=True)
    production = models.ForeignKey(
        Production, on_delete=models.PROTECT, null=True, blank=True, related_name="quotes"
    )
    controversy = models.ForeignKey(
        Controversy, on_delete=models.PROTECT, null=True, blank=True, related_name="quotes"
    )
    sources = models.ManyToManyField(Source, related_name="quotes")

    history = versions()
    natural_key_fields = ("person", "text")

    class Meta:
        ordering = ["person", "pk"]

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
    sources = models.ManyToManyField(Source, related_name="figures")

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
        return f"{self.label}: {self.value:,} {self.unit}"

    def get_absolute_url(self):
        target = self.studio or self.production
        return f"{target.get_absolute_url()}#figure-{self.pk}"


SEARCHABLE_MODELS = [Production, Studio, AITool, Controversy, Person, Source]
