"""The editors' admin: linked records entered on one screen, every change kept with who and when.

Every list loads its related rows and tags up front (`list_select_related`, tag prefetch), so a
list page runs the same number of queries whatever its length. Every foreign key and
many-to-many field is an autocomplete, inlines included. A record's citations (the source,
where in it, what it states, the passage) are rows of an inline on its own page; a claim entered
inline on another record's page picks its sources in one box, and its own page holds the
notes. Claims must cite a source (`ClaimForm`, `CitationFormSet`). SimpleHistoryAdmin adds each
record's history and its revert screen.
Every record admin derives from HistoryAdmin (through CatalogAdmin or LinkAdmin), and so from
EditConflictAdmin: two editors saving the same record get a conflict, not a silent overwrite.
"""

from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, ForeignKey
from django.db.models.functions import Coalesce
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import to_historic
from taggit.forms import TagField
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItem

from catalog import counts, duplicates, merge, registry, tags
from catalog.admin_conflicts import EditConflictAdmin
from catalog.admin_corrections import CorrectionPanel  # and the corrections' own admin
from catalog.forms import (
    DISCLOSURE_SOURCE_REQUIRED,
    SOURCE_REQUIRED,
    ClaimForm,
    MergeTagsActionForm,
    TagAdminForm,
    TagNamesField,
)
from catalog.login_limits import LoginForm
from catalog.models import (
    LINK_CHECK_FIELDS,
    SEARCHABLE_MODELS,
    AITool,
    AIUse,
    Controversy,
    Credit,
    Figure,
    FormerAddress,
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
    is_citation,
)
from catalog.search import refresh_tagged_search_vectors
from catalog.signals import keep_links_in_latest_version
from catalog.weburl import url_key

TIMESTAMPS = ["created", "updated"]

admin.site.login_form = LoginForm


class DateBoundChangeList(ChangeList):
    """A list whose date hierarchy refuses a year Python's dates cannot reach.

    Django turns ?release_date__year=9999 into the range 9999-01-01 to 10000-01-01, and the
    second date cannot exist (ValueError, OverflowError: a 500). Refused as a bad filter
    instead: the admin shows the whole list with its "invalid filter" notice.
    """

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error


class DateBoundAdmin(admin.ModelAdmin):
    """A list whose date hierarchy answers a crafted year with its notice, never a 500."""

    def get_changelist(self, request, **kwargs):
        return DateBoundChangeList


class SourcesField:
    """A record's sources as one search-as-you-type box, where its citations cannot be an inline
    (a claim entered inline on another record's page, a version's Revert screen): picking a
    source adds a citation, dropping one removes it, and the others keep their notes."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if is_citation(db_field):
            if not (
                isinstance(self, admin.options.InlineModelAdmin)
                or getattr(request, "citations_as_field", False)
            ):
                return None
            kwargs["widget"] = AutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
            kwargs.setdefault("queryset", db_field.remote_field.model._default_manager.all())
            return db_field.formfield(**kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class HistoryAdmin(
    CorrectionPanel, EditConflictAdmin, SourcesField, DateBoundAdmin, SimpleHistoryAdmin
):
    """Each record's versions, who saved each and when, and a screen to revert to one; a save
    from a page opened before another editor's save is refused (catalog/admin_conflicts.py)."""

    def save_related(self, request, form, formsets, change):
        """After the inlines: the record's latest version keeps the sources it now cites (a
        citation deleted in its inline sends no signal of its own)."""
        super().save_related(request, form, formsets, change)
        keep_links_in_latest_version(form.instance)

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        # simple-history 3.13 calls select_related() with no names when a model has no foreign
        # key, which Django 6.1 deprecates; name the keys to load here instead.
        keys = [
            field.name
            for field in history_manager.model.tracked_fields
            if isinstance(field, ForeignKey)
        ]
        return history_manager.filter(**{pk_name: object_id}).select_related("history_user", *keys)

    def get_form(self, request, obj=None, **kwargs):
        """On a version's Revert screen, the links and tags are the version's, not today's, so
        saving it brings them back (catalog.models.LinkedVersion). The sources a version cites
        are a field there (today's citations of those sources keep their notes)."""
        version = to_historic(obj) if obj is not None else None
        if version is None:
            return super().get_form(request, obj, **kwargs)
        request.citations_as_field = True
        cited = [f.name for f in self.model._meta.many_to_many if is_citation(f)]
        if kwargs.get("fields") is not None:
            kwargs["fields"] = [*kwargs["fields"], *cited]
        form = super().get_form(request, obj, **kwargs)

        class VersionForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for name, kept in version.history_links.items():
                    field = self.fields.get(name)
                    if isinstance(field, TagField):
                        self.initial[name] = [Tag(name=tag_name) for tag_name in kept]
                    elif field is not None:
                        # Records deleted since cannot be linked again: leave them out.
                        self.initial[name] = list(
                            field.queryset.filter(pk__in=kept).values_list("pk", flat=True)
                        )

        return VersionForm


class CatalogAdmin(HistoryAdmin):
    """History and revert, read-only timestamps, and tags loaded with the list and checked."""

    readonly_fields = TIMESTAMPS
    list_per_page = 50
    formfield_overrides = {TaggableManager: {"form_class": TagNamesField}}

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if hasattr(self.model, "tags"):
            queryset = queryset.prefetch_related("tags")
        return queryset

    @admin.display(description=gettext_lazy("tags"))
    def tag_list(self, obj):
        return ", ".join(sorted(tag.name for tag in obj.tags.all()))


class MergeAdmin:
    """Mix into a record's admin: "Merge selected records…" on its list leads to a page that
    shows both records and everything that will move, and merges on confirmation
    (catalog/merge.py). Only an editor who may change the kept record and delete the duplicate
    may merge."""

    actions = ["merge_records"]
    merge_template = "admin/catalog/merge.html"

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "merge/",
                self.admin_site.admin_view(self.merge_view),
                name=f"{opts.app_label}_{opts.model_name}_merge",
            ),
            *super().get_urls(),
        ]

    def merge_url(self, kept_pk, duplicate_pk):
        opts = self.model._meta
        url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_merge", current_app=self.admin_site.name
        )
        return f"{url}?{urlencode({'keep': kept_pk, 'duplicate': duplicate_pk})}"

    @admin.action(description=gettext_lazy("Merge selected records…"), permissions=["delete"])
    def merge_records(self, request, queryset):
        pks = list(queryset.order_by("pk").values_list("pk", flat=True)[:3])
        if len(pks) != 2:
            self.message_user(
                request,
                _("Select exactly two records to merge: the duplicate and the one to keep."),
                messages.ERROR,
            )
            return None
        # The older record is offered as the one to keep; the page can swap them.
        return HttpResponseRedirect(self.merge_url(pks[0], pks[1]))

    def merge_view(self, request):
        params = request.POST if request.method == "POST" else request.GET
        records = {}
        for role in ("keep", "duplicate"):
            value = params.get(role, "")
            record = self.get_object(request, unquote(value)) if value.isdigit() else None
            if record is None:
                return HttpResponseBadRequest(
                    _("No %(type)s has the id “%(id)s”: go back and choose two records.")
                    % {"type": self.model._meta.verbose_name, "id": value[:20]}
                )
            records[role] = record
        kept, duplicate = records["keep"], records["duplicate"]
        if not (
            self.has_change_permission(request, kept)
            and self.has_delete_permission(request, duplicate)
        ):
            raise PermissionDenied
        error, status = None, 200
        try:
            preview = merge.plan(duplicate, kept)
        except merge.MergeRefused as refusal:
            preview, error, status = None, str(refusal), 400
        if request.method == "POST" and preview is not None and not preview.conflicts:
            name = str(duplicate)
            try:
                merge.merge(duplicate, kept)
            except merge.MergeRefused as refusal:
                error, status = str(refusal), 409
            else:
                self.message_user(
                    request,
                    _(
                        "Merged “%(duplicate)s” into “%(kept)s”: its links, citations, tags and "
                        "history are now this record's, and its addresses lead here."
                    )
                    % {"duplicate": name, "kept": kept},
                    messages.SUCCESS,
                )
                opts = self.model._meta
                return HttpResponseRedirect(
                    reverse(
                        f"admin:{opts.app_label}_{opts.model_name}_change",
                        args=[kept.pk],
                        current_app=self.admin_site.name,
                    )
                )
        elif request.method == "POST" and preview is not None:
            status = 409
        record_type = registry.of(kept)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Merge two %(types)s") % {"types": self.model._meta.verbose_name_plural},
            "opts": self.model._meta,
            "kept": kept,
            "duplicate": duplicate,
            "kept_id": record_type.permanent_id(kept),
            "duplicate_id": record_type.permanent_id(duplicate),
            "plan": preview,
            "error": error,
            "swap_url": self.merge_url(duplicate.pk, kept.pk),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.merge_template, context, status=status)


NOT_A_DUPLICATE = "not_a_duplicate"


class DuplicateCheckForm(forms.ModelForm):
    """A record's form that holds the save of a likely duplicate (catalog/duplicates.py): on
    add, or when the checked name or URL changes, records spelt nearly alike (or a source citing
    the same address) are listed as an error on the field, with links to their admin pages,
    and a checkbox appears to save anyway. A save that changes neither is not checked."""

    not_a_duplicate = forms.BooleanField(
        label=gettext_lazy("This is not a duplicate; save anyway"),
        required=False,
        widget=forms.HiddenInput,
    )
    # (field, finder(value, pk), unchanged(old, new)), set by DuplicateWarningAdmin
    duplicate_checks = ()
    admin_site_name = "admin"

    def clean(self):
        cleaned = super().clean()
        found = {}
        for name, finder, unchanged in self.duplicate_checks:
            value = cleaned.get(name)
            if not value or name in self.errors:
                continue
            if not self.instance._state.adding and unchanged(getattr(self.instance, name), value):
                continue
            records = finder(value, self.instance.pk)
            if records:
                found[name] = records
        if found and not cleaned.get(NOT_A_DUPLICATE):
            self.fields[NOT_A_DUPLICATE].widget = forms.CheckboxInput()
            for name, records in found.items():
                self.add_error(name, self.duplicate_error(name, records))
        return cleaned

    def duplicate_error(self, name, records):
        links = format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            (
                (
                    reverse(
                        f"admin:{record._meta.app_label}_{record._meta.model_name}_change",
                        args=[record.pk],
                        current_app=self.admin_site_name,
                    ),
                    str(record),
                )
                for record in records
            ),
        )
        if name == "url":
            text = _("Likely a duplicate: already in the catalog at this address: {records}.")
        else:
            text = _("Likely a duplicate: spelt nearly like {records}.")
        then = _(
            "If it is a different record, tick “This is not a duplicate; save anyway” and save "
            "again."
        )
        return ValidationError(format_html(f"{text} {{then}}", records=links, then=then))


def same_text(old, new):
    return (old or "") == (new or "")


def same_url(old, new):
    return url_key(old) == url_key(new)


class DuplicateWarningAdmin:
    """Mix into a record's admin: adding a record (or renaming one) that is likely a
    duplicate is held with an error listing the likely duplicates (DuplicateCheckForm)."""

    def duplicate_checks(self):
        name = registry.of(self.model).name_field
        checks = [(name, partial(duplicates.similar_names, self.model, name), same_text)]
        if self.model is Source:
            checks.append(("url", duplicates.same_address, same_url))
        return checks

    def get_form(self, request, obj=None, **kwargs):
        base = kwargs.get("form", self.form)
        kwargs["form"] = type(
            base.__name__,
            (DuplicateCheckForm, base),
            {
                "duplicate_checks": self.duplicate_checks(),
                "admin_site_name": self.admin_site.name,
            },
        )
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        """The checkbox right after the last field checked (the name, or a source's URL)."""
        fields = [name for name in super().get_fields(request, obj) if name != NOT_A_DUPLICATE]
        checked = [name for name, _finder, _same in self.duplicate_checks() if name in fields]
        at = max((fields.index(name) for name in checked), default=len(fields) - 1) + 1
        return [*fields[:at], NOT_A_DUPLICATE, *fields[at:]]


class LinkAdmin(HistoryAdmin):
    """Rows that link two records (a studio's role on a production, a person's credit)."""

    # Without timestamps of their own: their history holds who changed them and when.


# Inlines ---------------------------------------------------------------------------------------


class CitationFormSet(BaseInlineFormSet):
    """A record's citations. A claim needs at least one (`min_num`); an AI use whose disclosure
    is known cites where it is shown."""

    default_error_messages = {"too_few_forms": SOURCE_REQUIRED}

    def clean(self):
        super().clean()
        if self.fk.remote_field.related_name != "disclosure_cites":
            return
        known = getattr(self.instance, "disclosure", "unknown") not in ("", "unknown")
        kept = [
            form
            for form in self.forms
            if form.cleaned_data.get("source") and not form.cleaned_data.get("DELETE")
        ]
        if known and not kept:
            raise ValidationError(DISCLOSURE_SOURCE_REQUIRED, code="disclosure_source_required")


class CitationInline(admin.TabularInline):
    """A record's citations: the source, where in it, what it states, the passage's words.

    Citing is part of editing the record, so the record's permissions decide, as they do for
    Django's own link tables."""

    formset = CitationFormSet
    extra = 0
    fields = ["source", "locator", "note", "passage_start", "passage_end"]
    autocomplete_fields = ["source"]

    def get_formset(self, request, obj=None, **kwargs):
        # The admin passes min_num on but never validate_min: a claim's one required row.
        kwargs.setdefault("validate_min", bool(self.min_num))
        return super().get_formset(request, obj, **kwargs)

    def record_may(self, request, *actions):
        opts = self.parent_model._meta
        return any(
            request.user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")
            for action in actions
        )

    def has_view_permission(self, request, obj=None):
        return self.record_may(request, "view", "change")

    def has_add_permission(self, request, obj=None):
        return self.record_may(request, "add", "change")

    def has_change_permission(self, request, obj=None):
        return self.record_may(request, "change")

    def has_delete_permission(self, request, obj=None):
        return self.record_may(request, "change")


def citations_of(model, field="sources"):
    """The inline editing `model.<field>`'s citations; required where the field is."""
    db_field = model._meta.get_field(field)
    required = not db_field.blank
    name = "sources" if field == "sources" else "disclosure sources"
    return type(
        f"{db_field.remote_field.through.__name__}Inline",
        (CitationInline,),
        {
            "model": db_field.remote_field.through,
            "min_num": 1 if required else 0,
            "verbose_name": "citation",
            "verbose_name_plural": f"{name} (citations)",
        },
    )


# How an AI use became known and what it produced (catalog.models.AIUse).
DISCLOSURE_LINKS = ["disclosed_by_studio", "disclosed_by_person"]
DISCLOSURE_FIELDS = [
    "disclosure",
    "disclosed_by_studio",
    "disclosed_by_person",
    "disclosed_on",
    "disclosed_note",
    "disclosure_sources",
    "output",
    "on_screen",
]


class AIUseInline(SourcesField, admin.StackedInline):
    model = AIUse
    form = ClaimForm
    extra = 0
    show_change_link = True
    autocomplete_fields = ["tool", "production", "studio", "stage", *DISCLOSURE_LINKS]
    readonly_fields = TIMESTAMPS

    def get_fields(self, request, obj=None):
        # The parent's own key is set by the inline; leave it out of the row.
        return [
            name
            for name in [
                "tool",
                "production",
                "studio",
                "stage",
                "status",
                "year",
                "date",
                "description",
                "sources",
                *DISCLOSURE_FIELDS,
            ]
            if name != self.fk_name
        ]


class AIUseOnProductionInline(AIUseInline):
    fk_name = "production"


class AIUseOnStudioInline(AIUseInline):
    fk_name = "studio"


class AIUseOnToolInline(AIUseInline):
    fk_name = "tool"


class FigureInline(SourcesField, admin.TabularInline):
    model = Figure
    form = ClaimForm
    extra = 0
    show_change_link = True

    def get_fields(self, request, obj=None):
        # Not `fields`: the admin's checks refuse a many-to-many with a through model there.
        return ["label", "value", "unit", "period", "note"]


class FigureOnProductionInline(FigureInline):
    fk_name = "production"


class FigureOnStudioInline(FigureInline):
    fk_name = "studio"


class StudioRoleInline(SourcesField, admin.TabularInline):
    model = ProductionStudio
    extra = 0
    autocomplete_fields = ["studio"]


class PersonRoleInline(SourcesField, admin.TabularInline):
    model = PersonRole
    extra = 0
    autocomplete_fields = ["studio"]


class CreditInline(SourcesField, admin.TabularInline):
    model = Credit
    extra = 0
    autocomplete_fields = ["production"]


class QuoteInline(SourcesField, admin.StackedInline):
    model = Quote
    form = ClaimForm
    extra = 0
    show_change_link = True
    autocomplete_fields = ["production", "controversy"]

    def get_fields(self, request, obj=None):
        # Not `fields`: the admin's checks refuse a many-to-many with a through model there.
        return ["text", "is_paraphrase", "said_on", "context", "production", "controversy"]


class ClaimInline:
    """A claim entered on the screen of a record it belongs to: every field but the parent's
    own key, which the inline sets, with its sources required (`ClaimForm`)."""

    form = ClaimForm
    extra = 0
    show_change_link = True
    claim_fields = []

    def get_fields(self, request, obj=None):
        return [name for name in self.claim_fields if name != self.fk_name]

    def get_autocomplete_fields(self, request):
        return [name for name in self.autocomplete_fields if name != self.fk_name]


LIKENESS_FIELDS = [
    "person",
    "production",
    "ai_use",
    "kind",
    "consent",
    "paid",
    "performer_living",
    "description",
    "sources",
]


class LikenessInline(ClaimInline, SourcesField, admin.StackedInline):
    model = Likeness
    claim_fields = LIKENESS_FIELDS
    autocomplete_fields = ["person", "production", "ai_use"]
    verbose_name_plural = "likeness and consent"


class LikenessOnProductionInline(LikenessInline):
    fk_name = "production"


class LikenessOnPersonInline(LikenessInline):
    fk_name = "person"


class LikenessOnAIUseInline(LikenessInline):
    fk_name = "ai_use"


RESPONSE_FIELDS = [
    "person",
    "studio",
    "ai_use",
    "controversy",
    "stance",
    "summary",
    "quote",
    "said_on",
    "said_note",
    "sources",
]


class ResponseInline(ClaimInline, SourcesField, admin.StackedInline):
    model = Response
    claim_fields = RESPONSE_FIELDS
    autocomplete_fields = ["person", "studio", "ai_use", "controversy", "quote"]


class ResponseByPersonInline(ResponseInline):
    fk_name = "person"
    verbose_name_plural = "responses they made"


class ResponseByStudioInline(ResponseInline):
    fk_name = "studio"
    verbose_name_plural = "responses it made"


class ResponseToControversyInline(ResponseInline):
    fk_name = "controversy"
    verbose_name_plural = "responses to it"


class ResponseToAIUseInline(ResponseInline):
    fk_name = "ai_use"
    verbose_name_plural = "responses to it"


class RuleLinkInline(ClaimInline, SourcesField, admin.TabularInline):
    model = RuleLink
    claim_fields = ["rule", "relation", "ai_use", "likeness", "controversy", "sources"]
    autocomplete_fields = ["rule", "ai_use", "likeness", "controversy"]


class RuleLinkOnRuleInline(RuleLinkInline):
    fk_name = "rule"
    verbose_name_plural = "what it bears on"


class RuleLinkOnControversyInline(RuleLinkInline):
    fk_name = "controversy"
    verbose_name_plural = "rules that bear on it"


class RuleLinkOnAIUseInline(RuleLinkInline):
    fk_name = "ai_use"
    verbose_name_plural = "rules that bear on it"


class RuleLinkOnLikenessInline(RuleLinkInline):
    fk_name = "likeness"
    verbose_name_plural = "rules that bear on it"


# Records ---------------------------------------------------------------------------------------


@admin.register(Source)
class SourceAdmin(DuplicateWarningAdmin, CatalogAdmin):
    list_display = ["title", "publisher", "author", "published", "published_note", "link_status"]
    # Sources whose links fail, as `manage.py check_sources` last found them.
    list_filter = ["link_status", "publisher"]
    search_fields = ["title", "publisher", "author", "url", "archive_url"]
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "published"
    readonly_fields = [*LINK_CHECK_FIELDS, *TIMESTAMPS]


@admin.register(Studio)
class StudioAdmin(MergeAdmin, DuplicateWarningAdmin, CatalogAdmin):
    list_display = ["name", "kind", "country", "city", "tag_list", "updated"]
    list_filter = ["kind", "country", "tags"]
    search_fields = ["name", "description", "city", "country"]
    prepopulated_fields = {"slug": ("name",)}
    inlines = [
        citations_of(Studio),
        AIUseOnStudioInline,
        FigureOnStudioInline,
        ResponseByStudioInline,
    ]


@admin.register(Production)
class ProductionAdmin(MergeAdmin, DuplicateWarningAdmin, CatalogAdmin):
    list_display = ["title", "kind", "year", "release_date", "tag_list", "updated"]
    list_filter = ["kind", "year", "tags"]
    search_fields = ["title", "original_title", "synopsis"]
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "release_date"
    inlines = [
        citations_of(Production),
        StudioRoleInline,
        AIUseOnProductionInline,
        FigureOnProductionInline,
        LikenessOnProductionInline,
    ]


@admin.register(ProductionStudio)
class ProductionStudioAdmin(LinkAdmin):
    list_display = ["production", "studio", "role"]
    list_filter = ["role"]
    search_fields = ["production__title", "studio__name"]
    autocomplete_fields = ["production", "studio"]
    list_select_related = ["production", "studio"]
    inlines = [citations_of(ProductionStudio)]


@admin.register(Stage)
class StageAdmin(CatalogAdmin):
    list_display = ["position", "name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ("name",)}
    inlines = [citations_of(Stage)]


@admin.register(AITool)
class AIToolAdmin(MergeAdmin, DuplicateWarningAdmin, CatalogAdmin):
    list_display = ["name", "vendor", "technique", "is_generic", "tag_list", "updated"]
    list_filter = ["technique", "is_generic", "tags"]
    search_fields = ["name", "description", "vendor__name"]
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["vendor"]
    list_select_related = ["vendor"]
    inlines = [citations_of(AITool), AIUseOnToolInline]


@admin.register(AIUse)
class AIUseAdmin(CatalogAdmin):
    form = ClaimForm
    list_display = ["tool", "production", "studio", "stage", "status", "disclosure", "output"]
    list_filter = [
        "stage",
        "status",
        "disclosure",
        "output",
        "on_screen",
        "year",
        "tool__technique",
    ]
    search_fields = ["description", "tool__name", "production__title", "studio__name"]
    autocomplete_fields = ["tool", "production", "studio", "stage", *DISCLOSURE_LINKS]
    list_select_related = ["tool", "production", "studio", "stage"]
    date_hierarchy = "date"
    inlines = [
        citations_of(AIUse),
        citations_of(AIUse, "disclosure_sources"),
        ResponseToAIUseInline,
        LikenessOnAIUseInline,
        RuleLinkOnAIUseInline,
    ]


@admin.register(Person)
class PersonAdmin(MergeAdmin, DuplicateWarningAdmin, CatalogAdmin):
    list_display = ["name", "tag_list", "updated"]
    list_filter = ["tags"]
    search_fields = ["name", "bio"]
    prepopulated_fields = {"slug": ("name",)}
    inlines = [
        citations_of(Person),
        PersonRoleInline,
        CreditInline,
        QuoteInline,
        LikenessOnPersonInline,
        ResponseByPersonInline,
    ]


@admin.register(PersonRole)
class PersonRoleAdmin(LinkAdmin):
    list_display = ["person", "title", "studio"]
    search_fields = ["person__name", "studio__name", "title"]
    autocomplete_fields = ["person", "studio"]
    list_select_related = ["person", "studio"]
    inlines = [citations_of(PersonRole)]


@admin.register(Credit)
class CreditAdmin(LinkAdmin):
    list_display = ["person", "role", "production"]
    search_fields = ["person__name", "production__title", "role"]
    autocomplete_fields = ["person", "production"]
    list_select_related = ["person", "production"]
    inlines = [citations_of(Credit)]


@admin.register(Controversy)
class ControversyAdmin(MergeAdmin, DuplicateWarningAdmin, CatalogAdmin):
    form = ClaimForm
    list_display = ["title", "year", "date", "tag_list", "updated"]
    list_filter = ["year", "tags"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["studios", "people", "tools", "productions"]
    date_hierarchy = "date"
    inlines = [citations_of(Controversy), ResponseToControversyInline, RuleLinkOnControversyInline]


@admin.register(Rule)
class RuleAdmin(CatalogAdmin):
    form = ClaimForm
    list_display = ["title", "kind", "issuer", "jurisdiction", "effective_on", "tag_list"]
    list_filter = ["kind", "tags"]
    search_fields = ["title", "summary", "clause", "jurisdiction", "issuer__name"]
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["issuer"]
    list_select_related = ["issuer"]
    inlines = [citations_of(Rule), RuleLinkOnRuleInline]


@admin.register(Quote)
class QuoteAdmin(CatalogAdmin):
    form = ClaimForm
    list_display = ["__str__", "person", "production", "is_paraphrase", "said_on"]
    list_filter = ["is_paraphrase"]
    search_fields = ["text", "person__name"]
    autocomplete_fields = ["person", "production", "controversy"]
    list_select_related = ["person", "production"]
    date_hierarchy = "said_on"
    inlines = [citations_of(Quote)]


@admin.register(FormerAddress)
class FormerAddressAdmin(DateBoundAdmin):
    """Former addresses are kept by renames and deletes (catalog/addresses.py); editors can
    read them, not write them: a hand-made one could send readers to the wrong record."""

    list_display = ["record_type", "slug", "record_id", "name", "reason", "since"]
    list_filter = ["reason", "record_type"]
    search_fields = ["slug", "name"]
    date_hierarchy = "since"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Figure)
class FigureAdmin(CatalogAdmin):
    form = ClaimForm
    list_display = ["label", "amount", "period", "studio", "production"]
    search_fields = ["label", "note", "studio__name", "production__title"]
    autocomplete_fields = ["studio", "production"]
    list_select_related = ["studio", "production"]
    inlines = [citations_of(Figure)]

    @admin.display(description=gettext_lazy("value"), ordering="value")
    def amount(self, figure):
        return figure.amount


@admin.register(Likeness)
class LikenessAdmin(CatalogAdmin):
    form = ClaimForm
    # Its citations are an inline on its own page.
    fields = [*[name for name in LIKENESS_FIELDS if name != "sources"], *TIMESTAMPS]
    list_display = ["person", "production", "kind", "consent", "paid", "performer_living"]
    list_filter = ["kind", "consent", "paid", "performer_living"]
    search_fields = ["person__name", "production__title", "description"]
    autocomplete_fields = ["person", "production", "ai_use"]
    list_select_related = ["person", "production"]
    inlines = [citations_of(Likeness), RuleLinkOnLikenessInline]


@admin.register(Response)
class ResponseAdmin(CatalogAdmin):
    form = ClaimForm
    # Its citations are an inline on its own page.
    fields = [*[name for name in RESPONSE_FIELDS if name != "sources"], *TIMESTAMPS]
    list_display = ["__str__", "stance", "said_on", "said_note"]
    list_filter = ["stance"]
    search_fields = ["summary", "person__name", "studio__name", "controversy__title"]
    autocomplete_fields = ["person", "studio", "ai_use", "controversy", "quote"]
    inlines = [citations_of(Response)]
    list_select_related = [
        "person",
        "studio",
        "controversy",
        "ai_use__tool",
        "ai_use__production",
        "ai_use__studio",
        "ai_use__stage",
    ]
    date_hierarchy = "said_on"


@admin.register(RuleLink)
class RuleLinkAdmin(CatalogAdmin):
    form = ClaimForm
    list_display = ["rule", "relation", "subject"]
    list_filter = ["relation", "rule__kind"]
    search_fields = ["rule__title", "controversy__title", "ai_use__description"]
    autocomplete_fields = ["rule", "ai_use", "likeness", "controversy"]
    inlines = [citations_of(RuleLink)]
    list_select_related = [
        "rule",
        "controversy",
        "likeness__person",
        "likeness__production",
        "ai_use__tool",
        "ai_use__production",
        "ai_use__studio",
        "ai_use__stage",
    ]


# Tags ------------------------------------------------------------------------------------------

admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    """Tags, with a merge that keeps every tagged record and refreshes its search entry.

    Replaces taggit's own TagAdmin, whose merge view checks no permission and leaves the
    search entries stale.
    """

    form = TagAdminForm
    search_fields = ["name"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    action_form = MergeTagsActionForm
    actions = ["merge_tags"]
    list_display = ["name", "slug", "records"]

    def get_queryset(self, request):
        # The count kept on write (catalog/counts.py); a tag on no record has no row: 0.
        return (
            super()
            .get_queryset(request)
            .annotate(records=Coalesce(F("kept_count__record_count"), 0))
        )

    @admin.display(description=gettext_lazy("records tagged"), ordering="records")
    def records(self, tag):
        return tag.records

    @admin.action(
        description=gettext_lazy("Merge selected tags into the tag named below"),
        permissions=["change"],
    )
    def merge_tags(self, request, queryset):
        name = " ".join(request.POST.get("merge_into", "").split())
        if not name:
            self.message_user(
                request,
                gettext(
                    "Nothing merged: type the tag to keep in “Merge into tag”, e.g. “deepfake”."
                ),
                messages.ERROR,
            )
            return None
        target = Tag.objects.filter(name__iexact=name).first()
        if target is None and (problem := tags.new_name_problem(name)):
            self.message_user(
                request,
                gettext("Nothing merged: %(problem)s") % {"problem": problem},
                messages.ERROR,
            )
            return None
        with transaction.atomic():
            target = target or Tag.objects.create(name=name)
            merged = list(queryset.exclude(pk=target.pk))
            if not merged:
                self.message_user(
                    request,
                    gettext("Nothing merged: select the tags to merge into “%(tag)s” as well.")
                    % {"tag": target},
                    messages.WARNING,
                )
                return None
            affected = set(
                TaggedItem.objects.filter(tag__in=merged).values_list(
                    "content_type_id", "object_id"
                )
            )
            already = set(
                TaggedItem.objects.filter(tag=target).values_list("content_type_id", "object_id")
            )
            TaggedItem.objects.bulk_create(
                TaggedItem(tag=target, content_type_id=content_type_id, object_id=object_id)
                for content_type_id, object_id in sorted(affected - already)
            )
            # The records now carry the kept tag, so dropping the merged ones untags nothing.
            TaggedItem.objects.filter(tag__in=merged).delete()
            Tag.objects.filter(pk__in=[tag.pk for tag in merged]).delete()
            # bulk_create sent no signal: the kept tag's count, its tallies by record type, and
            # the pairs it makes with the other tags of the records it went to.
            counts.recount_parents(
                TaggedItem,
                [
                    {"tag_id": target.pk, "content_type_id": ct, "object_id": pk}
                    for ct, pk in sorted(affected)
                ]
                or [{"tag_id": target.pk}],
            )
            refresh_tagged_search_vectors(affected, SEARCHABLE_MODELS)
        names = ", ".join(f"“{tag}”" for tag in sorted(merged, key=lambda tag: tag.name.lower()))
        self.message_user(
            request,
            ngettext(
                "Merged %(names)s into “%(tag)s”: %(n)s record re-tagged, none lost.",
                "Merged %(names)s into “%(tag)s”: %(n)s records re-tagged, none lost.",
                len(affected),
            )
            % {"names": names, "tag": target, "n": len(affected)},
            messages.SUCCESS,
        )
        return None


# Other apps' lists with a date hierarchy (django-axes' login attempts and logs, whose admin
# modules load before this one) get the same guard.
for _model, _model_admin in list(admin.site._registry.items()):
    if _model_admin.date_hierarchy and not isinstance(_model_admin, DateBoundAdmin):
        admin.site.unregister(_model)
        admin.site.register(
            _model,
            type(
                type(_model_admin).__name__,
                (DateBoundAdmin, type(_model_admin)),
                {"__module__": __name__},
            ),
        )
