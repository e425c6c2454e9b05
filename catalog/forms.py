"""Forms: the admin's rules that a single model field cannot express, and the public lists'
filters."""

from django import forms
from django.contrib.admin.helpers import ActionForm
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef
from django.db.models.functions import Lower
from django.forms.models import InlineForeignKeyField
from django.http import QueryDict
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField
from taggit.models import Tag, TaggedItem

from catalog import graph, tags
from catalog.cache import in_process
from catalog.models import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    AITool,
    AIUse,
    Likeness,
    Production,
    Stage,
    Studio,
)

SOURCE_REQUIRED = _(
    "Cite at least one source for this claim: pick where it comes from. "
    "If the source is not in the catalog yet, add it with the + button first."
)


DISCLOSURE_SOURCE_REQUIRED = _(
    "Cite where the disclosure is shown: a disclosure other than “Unknown” needs a source."
)


# Fields whose default is "unknown" (an AI use's disclosure and output, a likeness record's consent,
# pay and whether the performer was living).
UNKNOWN_BY_DEFAULT = ("disclosure", "output", "on_screen", "consent", "paid", "performer_living")


class ClaimForm(forms.ModelForm):
    """An AI use, controversy, quote, figure, likeness record, response or rule link is a claim:
    it must cite at least one source.

    Citations are rows of their own, which the database cannot require, so the form does (or,
    on the claim's own page, the citations inline: catalog.admin.CitationFormSet).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # On the claim's own page its citations are an inline, which requires one itself.
        if "sources" in self.fields:
            sources = self.fields["sources"]
            sources.required = True
            sources.error_messages["required"] = SOURCE_REQUIRED
        # What the catalog does not know stays "unknown": a form that leaves one of these out
        # (a row posted without them) says nothing, not something wrong.
        for name in UNKNOWN_BY_DEFAULT:
            if name in self.fields:
                self.fields[name].required = False

    def clean(self):
        cleaned = super().clean()
        for name in UNKNOWN_BY_DEFAULT:
            if name in self.fields and not cleaned.get(name):
                cleaned[name] = "unknown"
        # How an AI use became known is a claim too: it cites where that is shown.
        known = cleaned.get("disclosure") not in (None, "", "unknown")
        if "disclosure_sources" in self.fields and known and not cleaned.get("disclosure_sources"):
            self.add_error("disclosure_sources", DISCLOSURE_SOURCE_REQUIRED)
        return cleaned

    def validate_constraints(self):
        """Entered inline on a record being added, the parent has no id until it is saved.

        A constraint such as "an AI use needs a production or a studio" would then read a
        missing key and fail although the parent is given; leave that key out of the check.
        It is set when the parent is saved, and the database checks the constraint again.
        """
        unsaved_parents = {
            name
            for name, field in self.fields.items()
            if isinstance(field, InlineForeignKeyField) and field.parent_instance.pk is None
        }
        try:
            self.instance.validate_constraints(
                exclude=self._get_validation_exclusions() | unsaved_parents
            )
        except forms.ValidationError as error:
            self._update_errors(error)


class TagNamesField(TagField):
    """A record's tags, comma-separated: each new one must fit the tag table and make a slug.

    Tags that exist already pass as they are (an emoji-only tag given a slug in the tag admin).
    """

    def clean(self, value):
        names = super().clean(value)
        problems = [
            problem
            for name in names
            if (problem := tags.new_name_problem(name))
            and not Tag.objects.filter(name__iexact=name).exists()
        ]
        if problems:
            raise forms.ValidationError(problems)
        return names


class TagAdminForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name", "slug"]
        error_messages = {
            "slug": {
                "required": _(
                    "Give the tag a web address (slug), e.g. “clapperboard”: "
                    "letters, digits, hyphens or underscores. It is filled in from the name when "
                    "the name has letters or digits."
                )
            }
        }


class MergeTagsActionForm(ActionForm):
    """The admin's action bar, with the name of the tag that selected tags are merged into.

    The merge action checks the name: a bar that fails validation only says "No action selected."
    """

    merge_into = forms.CharField(
        label=_("Merge into tag:"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": tags.MAX_LENGTH}),
        help_text=_(
            "The tag to keep, e.g. “deepfake”; the other selected tags are merged into it."
        ),
    )


# --- Public list filters ------------------------------------------------------------------------

ANY = pgettext_lazy("any value of a filter", "Any")


def year_note(value):
    return gettext(
        "“%(value)s” is not a year between %(earliest)s and %(latest)s, so that filter was ignored."
    ) % {"value": value, "earliest": EARLIEST_YEAR, "latest": LATEST_YEAR}


class SlugChoiceField(forms.ModelChoiceField):
    """A record picked by its slug in the query string (`?tool=runway`)."""

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, to_field_name="slug", required=False, **kwargs)
        self.loaded = None

    def load(self):
        """Read every choice once, for a page that offers them all: the value given is then
        found among them rather than by another query."""
        self.loaded = {choice.slug: choice for choice in self.queryset}
        return list(self.loaded.values())

    def to_python(self, value):
        if value in self.empty_values:
            return None
        # No slug holds a NUL (PostgreSQL refuses to compare text with one) or runs past the
        # column: refuse such a value before it reaches the database.
        if "\x00" in value or len(value) > 200:
            raise forms.ValidationError(_("No such record."), code="invalid_choice")
        if self.loaded is None:
            return super().to_python(value)
        if value not in self.loaded:
            raise forms.ValidationError(_("No such record."), code="invalid_choice")
        return self.loaded[value]


class TagChoiceField(SlugChoiceField):
    """A tag picked by its slug, from a menu of every tag. The menu is rows of (pk, slug, name),
    read once per catalog version in each process: made into model instances, the hundreds of
    tags cost a list page about 9 ms. Only the tag given becomes a Tag."""

    def load(self):
        rows = in_process(
            "menu:tags",
            lambda: list(self.queryset.values_list("pk", "slug", "name", named=True)),
        )
        self.loaded = {row.slug: row for row in rows}
        return rows

    def to_python(self, value):
        choice = super().to_python(value)
        if choice is None or isinstance(choice, Tag):
            return choice
        return Tag(pk=choice.pk, slug=choice.slug, name=choice.name)


class ListFilterForm(forms.Form):
    """A list page's filters and sort, read from its query string.

    One form serves the page and its CSV and JSON exports, so both show the same records. A
    value that matches nothing is ignored with a note saying so, never an error page.
    """

    tag = TagChoiceField(Tag.objects.order_by(Lower("name"), "pk"))
    stage = SlugChoiceField(Stage.objects.all())
    kind = forms.ChoiceField(required=False)
    year = forms.IntegerField(required=False, min_value=EARLIEST_YEAR, max_value=LATEST_YEAR)
    tool = SlugChoiceField(AITool.objects.all())
    studio = SlugChoiceField(Studio.objects.all())
    sort = forms.ChoiceField(required=False)

    # How each filter narrows a queryset: a method of the type's QuerySet (catalog/models.py).
    LOOKUPS = {
        "stage": "at_stage",
        "kind": "of_kind",
        "year": "in_year",
        "tool": "using_tool",
        "studio": "with_studio",
    }

    # The filters whose every choice a list page offers in a menu.
    MENUS = ("tag", "stage")

    # `?tag=` may be given more than once (`?tag=vfx&tag=labor`): records carrying every one of
    # the tags, up to this many.
    MAX_TAGS = 10

    # How the page names each filter in running text ("matching tag “vfx”").
    LABELS = {
        "tag": pgettext_lazy("filter", "tag"),
        "stage": pgettext_lazy("filter", "stage"),
        "kind": pgettext_lazy("filter", "kind"),
        "year": pgettext_lazy("filter", "year"),
        "tool": pgettext_lazy("filter", "AI tool"),
        "studio": pgettext_lazy("filter", "studio"),
    }

    def __init__(self, record_type, data):
        super().__init__(data)
        self.record_type = record_type
        for name in list(self.fields):
            if name not in record_type.filters and name != "sort":
                del self.fields[name]
        self.menus = {name: self.fields[name].load() for name in self.MENUS if name in self.fields}
        if "kind" in self.fields:
            self.fields["kind"].choices = [("", ANY), *record_type.kind_choices()]
        self.fields["sort"].choices = [(key, sort.label) for key, sort in record_type.sorts.items()]
        self.default_sort = next(iter(record_type.sorts))

    def note(self, name, raw):
        value = raw[:60]
        if name == "sort":
            label = self.record_type.sorts[self.default_sort].label
            return gettext("Cannot sort by “%(value)s”: sorted by %(label)s.") % {
                "value": value,
                "label": str(label).lower(),
            }
        if name == "kind":
            label = str(self.record_type.kind_label).lower()
            return gettext("“%(value)s” is not a %(label)s here, so that filter was ignored.") % {
                "value": value,
                "label": label,
            }
        if name == "year":
            return year_note(value)
        return gettext("There is no %(label)s “%(value)s”, so that filter was ignored.") % {
            "label": self.LABELS.get(name, name),
            "value": value,
        }

    def chosen_tags(self):
        """([tag], notes): the tags `?tag=` names, each once in the order given and at most
        MAX_TAGS, and notes on the values that name none or come past the limit."""
        if "tag" not in self.fields:
            return [], []
        field = self.fields["tag"]
        data = self.data
        given = data.getlist("tag") if hasattr(data, "getlist") else [data.get("tag")]
        chosen, notes = [], []
        for value in dict.fromkeys(value for value in given if value):
            try:
                tag = field.clean(value)
            except forms.ValidationError:
                notes.append(self.note("tag", value))
                continue
            if tag.slug in {other.slug for other in chosen}:
                continue
            if len(chosen) == self.MAX_TAGS:
                notes.append(
                    gettext("A list narrows by %(count)s tags at most: “%(value)s” was ignored.")
                    % {"count": self.MAX_TAGS, "value": value[:60]}
                )
                continue
            chosen.append(tag)
        return chosen, notes

    def apply(self, queryset):
        """(queryset filtered and sorted, {filter: what it matched}, notes on ignored values).
        The tag filter's value is the list of the tags' names."""
        self.is_valid()
        self.tags = []
        active, notes = {}, []
        for name in self.fields:
            if name == "sort":
                continue
            if name == "tag":  # may be given more than once
                chosen, tag_notes = self.chosen_tags()
                self.tags = chosen
                notes += tag_notes
                if chosen:
                    queryset = queryset.filter(tags=chosen[0])
                    # Each further tag as a test of the record's own links, not a join of
                    # every record carrying it (tens of thousands for a popular tag).
                    content_type = ContentType.objects.get_for_model(queryset.model)
                    for tag in chosen[1:]:
                        carries = TaggedItem.objects.filter(
                            tag_id=tag.pk, content_type=content_type, object_id=OuterRef("pk")
                        )
                        queryset = queryset.filter(Exists(carries))
                    active[name] = [tag.name for tag in chosen]
                continue
            if name in self.errors:
                notes.append(self.note(name, self.data.get(name, "")))
                continue
            value = self.cleaned_data.get(name)
            if value in (None, ""):
                continue
            queryset = getattr(queryset, self.LOOKUPS[name])(value)
            active[name] = (
                dict(self.fields["kind"].choices)[value] if name == "kind" else str(value)
            )
        sort = self.cleaned_data.get("sort") or self.default_sort
        if "sort" in self.errors:
            notes.append(self.note("sort", self.data.get("sort", "")))
        self.sort = sort
        return queryset.order_by(*self.record_type.sorts[sort].ordering), active, notes


def _choices(choices):
    return [("", ANY), *choices]


class AIUseFilterForm(forms.Form):
    """The AI-use explorer's filters (/ai-uses/), read from its query string.

    As a list page's ListFilterForm: one form serves the page, its CSV and JSON and the links of
    its matrix, so all of them hold the same uses; a value that matches nothing is ignored with
    a note saying so, never an error page. Each filter is a method of AIUse's QuerySet.
    """

    stage = SlugChoiceField(Stage.objects.all())
    technique = forms.ChoiceField(required=False, choices=_choices(AITool.Technique.choices))
    tool = SlugChoiceField(AITool.objects.all())
    studio = SlugChoiceField(Studio.objects.all())
    production = SlugChoiceField(Production.objects.all())
    kind = forms.ChoiceField(required=False, choices=_choices(Production.Kind.choices))
    year = forms.IntegerField(required=False, min_value=EARLIEST_YEAR, max_value=LATEST_YEAR)
    status = forms.ChoiceField(required=False, choices=_choices(AIUse.Status.choices))
    disclosure = forms.ChoiceField(required=False, choices=_choices(AIUse.Disclosure.choices))
    output = forms.ChoiceField(required=False, choices=_choices(AIUse.Output.choices))
    on_screen = forms.ChoiceField(required=False, choices=_choices(AIUse.OnScreen.choices))
    likeness = forms.ChoiceField(
        required=False,
        choices=[
            ("", ANY),
            ("yes", _("Touches a performer’s likeness")),
            ("no", _("Touches no performer’s likeness")),
        ],
    )
    consent = forms.ChoiceField(required=False, choices=_choices(Likeness.Consent.choices))
    # What the matrix's rows are: not a filter.
    by = forms.ChoiceField(
        required=False, choices=[("tool", _("Tools")), ("technique", _("Techniques"))]
    )

    # filter: (AIUseQuerySet method, how the page names it)
    FILTERS = {
        "stage": ("at_stage", pgettext_lazy("filter", "stage")),
        "technique": ("of_technique", pgettext_lazy("filter", "technique")),
        "tool": ("using_tool", pgettext_lazy("filter", "AI tool")),
        "studio": ("with_studio", pgettext_lazy("filter", "studio")),
        "production": ("on_production", pgettext_lazy("filter", "production")),
        "kind": ("of_production_kind", pgettext_lazy("filter", "production kind")),
        "year": ("in_year", pgettext_lazy("filter", "year")),
        "status": ("with_status", pgettext_lazy("filter", "status")),
        "disclosure": ("with_disclosure", pgettext_lazy("filter", "disclosure")),
        "output": ("with_output", pgettext_lazy("filter", "output")),
        "on_screen": ("with_on_screen", pgettext_lazy("filter", "on screen")),
        "likeness": ("touching_likeness", pgettext_lazy("filter", "likeness")),
        "consent": ("with_likeness_consent", pgettext_lazy("filter", "likeness consent")),
    }

    def __init__(self, data):
        super().__init__(data)
        self.stages = self.fields["stage"].load()
        self.active, self.by = [], "tool"

    def note(self, name, raw):
        value = raw[:60]
        if isinstance(self.fields[name], SlugChoiceField):
            return gettext("There is no %(label)s “%(value)s”, so that filter was ignored.") % {
                "label": self.FILTERS[name][1],
                "value": value,
            }
        if name == "year":
            return year_note(value)
        if name == "by":
            return gettext("The matrix cannot show uses by “%(value)s”: it shows them by tool.") % {
                "value": value
            }
        return gettext("The %(label)s filter cannot be “%(value)s”, so it was ignored.") % {
            "label": self.FILTERS[name][1],
            "value": value,
        }

    def apply(self, queryset):
        """(queryset filtered, [active filter], notes on ignored values).

        Each active filter is {"name", "label", "value" (as readers read it), "raw" (as in the
        query string)}.
        """
        self.is_valid()
        active, notes = [], []
        for name, field in self.fields.items():
            if name in self.errors:
                notes.append(self.note(name, self.data.get(name, "")))
                continue
            value = self.cleaned_data.get(name)
            if name == "by" or value in (None, ""):
                continue
            method, label = self.FILTERS[name]
            if name == "likeness":
                queryset = queryset.touching_likeness(value == "yes")
            else:
                queryset = getattr(queryset, method)(value)
            if isinstance(field, SlugChoiceField):
                shown, raw = str(value), value.slug
            elif name == "year":
                shown = raw = str(value)
            else:
                shown, raw = dict(field.choices)[value], value
            active.append({"name": name, "label": label, "value": shown, "raw": raw})
        self.by = self.cleaned_data.get("by") or "tool"
        self.active = active
        return queryset, active, notes

    def url(self, **changes):
        """The explorer's address with the filters in force and `changes` (a value of None
        drops one): where a matrix cell or a count links."""
        params = {item["name"]: item["raw"] for item in self.active}
        if self.by != "tool":
            params["by"] = self.by
        for name, value in changes.items():
            params.pop(name, None)
            if value is not None:
                params[name] = value
        ordered = [(name, params[name]) for name in self.fields if name in params]
        path = reverse("ai_use_list")
        return f"{path}?{urlencode(ordered)}" if ordered else path


def applied_query(form):
    """The query string of a filter form's values that apply (valid and set), one spelling
    each, in the form's order: an export of these records is the same for every query string
    that gives it (catalog.cache.http_cached's `answers`)."""
    form.is_valid()
    query = QueryDict(mutable=True)
    for name, field in form.fields.items():
        if isinstance(form, ListFilterForm) and name == "tag":
            if chosen := form.chosen_tags()[0]:
                query.setlist(name, [tag.slug for tag in chosen])
            continue
        value = None if name in form.errors else form.cleaned_data.get(name)
        if value not in (None, ""):
            query[name] = str(field.prepare_value(value))
    return query


def narrowing_tags(tag, values):
    """The tags narrowing a tag page or its exports (`?and=vfx&and=labor`), and notes on the
    values that name no other tag. Every value counts, in the order given."""
    wanted = [value for value in dict.fromkeys(values) if tags.is_slug(value)]
    found = {other.slug: other for other in Tag.objects.filter(slug__in=wanted).exclude(pk=tag.pk)}
    narrowing = [found[value] for value in wanted if value in found]
    notes = [
        gettext("There is no other tag “%(value)s” to narrow by.") % {"value": value[:60]}
        for value in dict.fromkeys(values)
        if value and value not in found
    ]
    return narrowing, notes


class GraphPathForm(forms.Form):
    """The two records /graph/ connects (?from=P42&to=S7), each a permanent identifier or the
    address of its page, and whether the path may go through sources and stages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        hint = _("A permanent identifier, e.g. P42 (shown on each record’s page), or its address.")
        self.fields["from"] = forms.CharField(label=_("From"), max_length=300, help_text=hint)
        self.fields["to"] = forms.CharField(label=_("To"), max_length=300, help_text=hint)
        self.fields["broad"] = forms.BooleanField(
            required=False,
            label=_("Also connect through sources both cite and stages both reach"),
        )

    def _record(self, name):
        try:
            return graph.find_record(self.cleaned_data[name])
        except graph.UnknownRecord as error:
            raise forms.ValidationError(str(error)) from None

    def clean_from(self):
        return self._record("from")

    def clean_to(self):
        return self._record("to")

    def clean(self):
        data = super().clean()
        if data.get("from") and data.get("from") == data.get("to"):
            raise forms.ValidationError(
                _("Both fields name the same record: give two different records to connect.")
            )
        return data
