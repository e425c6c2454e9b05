"""The editors' side of readers' corrections: the moderation queue, the feed of new suggestions,
and the suggestion shown on the record's own change page.

- The queue (`CorrectionAdmin`): filters by status, record type and claim, search, links to the
  record (its permanent address and its admin page) and the claim, and two actions: reject
  with a reason, mark as a duplicate of another suggestion. Editors cannot add or delete one.
- Accept: the queue's "Accept…" link opens the record's (or the claim's) change page with
  `?correction=<id>`; the page shows the suggestion above the form (`CorrectionPanel`), and
  saving the record marks the suggestion accepted, in the save's own transaction. Leaving
  the page without saving changes nothing.
- The feed (`<admin>/catalog/correction/feed.atom`): the newest new suggestions, for a
  signed-in staff user who may view corrections; anyone else gets the login page or a 403.
  Readers' email addresses are in neither the feed nor any public page.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.contrib.admin.utils import unquote
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, format_html
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from catalog import registry
from catalog.admin_conflicts import EditConflictAdmin
from catalog.corrections import CLAIMS, permanent_id, target
from catalog.models import Correction

FEED_LENGTH = 50
NEW = Correction.Status.NEW


def admin_change_url(model, pk):
    try:
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[pk])
    except NoReverseMatch:
        return ""


def accept_url(correction):
    """The change page of what the suggestion is about, showing it (`CorrectionPanel`)."""
    url = admin_change_url(*target(correction))
    return f"{url}?correction={correction.pk}" if url else ""


class CorrectionActionForm(ActionForm):
    """The queue's action bar, with the reason for a rejection and the reference a duplicate
    repeats. The actions check them: a bar that fails validation only says "No action selected"."""

    reason = forms.CharField(label=_("Reason:"), required=False, max_length=Correction.REASON_LIMIT)
    original = forms.CharField(label=_("Duplicate of #:"), required=False, max_length=20)


@admin.register(Correction)
class CorrectionAdmin(EditConflictAdmin, admin.ModelAdmin):
    """The queue; two editors deciding the same suggestion get a conflict, not an overwrite."""

    list_display = ["reference_display", "created", "status", "about", "claim", "what", "accept"]
    list_filter = ["status", "record_type", "claim_kind"]
    search_fields = ["reference", "record_name", "claim_text", "wrong", "should_say", "source_url"]
    list_per_page = 50
    action_form = CorrectionActionForm
    actions = ["reject", "mark_duplicate"]
    autocomplete_fields = ["duplicate_of"]
    readonly_fields = [
        "reference",
        "created",
        "about",
        "claim",
        "claim_text",
        "wrong",
        "should_say",
        "source_link",
        "email",
        "accept",
        "decided",
        "decided_by",
        "client_hash",
    ]
    fieldsets = [
        (
            _("The suggestion"),
            {
                "fields": [
                    "reference",
                    "created",
                    "about",
                    "claim",
                    "claim_text",
                    "wrong",
                    "should_say",
                    "source_link",
                    "email",
                    "client_hash",
                ]
            },
        ),
        (
            _("Decision"),
            {"fields": ["accept", "status", "reason", "duplicate_of", "decided", "decided_by"]},
        ),
    ]

    def has_add_permission(self, request):
        return False  # readers send them (catalog/corrections.py)

    @admin.display(description=_("reference"), ordering="reference")
    def reference_display(self, correction):
        return f"#{correction.reference}"

    @admin.display(description=_("about"), ordering="record_name")
    def about(self, correction):
        """The record's public page (its permanent address: 410 Gone if it was deleted) and its
        admin page."""
        record_type = registry.BY_KEY[correction.record_type]
        code = permanent_id(correction)
        return format_html(
            '{} <a href="{}">{}</a> ({}) · <a href="{}">{}</a>',
            record_type.label,
            reverse("permanent", args=[code]),
            correction.record_name,
            code,
            admin_change_url(record_type.model, correction.record_id),
            gettext("edit"),
        )

    @admin.display(description=_("claim"))
    def claim(self, correction):
        if not correction.claim_kind:
            return gettext("the whole record")
        model = CLAIMS[correction.claim_kind].model
        return format_html(
            '{} <a href="{}">{}</a>',
            correction.get_claim_kind_display(),
            admin_change_url(model, correction.claim_id),
            Truncator(correction.claim_text or f"#{correction.claim_id}").chars(80),
        )

    @admin.display(description=_("what is wrong"))
    def what(self, correction):
        return Truncator(correction.wrong).chars(120)

    @admin.display(description=_("source"))
    def source_link(self, correction):
        if not correction.source_url:
            return "-"
        return format_html(
            '<a href="{}" rel="noopener noreferrer nofollow">{}</a>',
            correction.source_url,
            correction.source_url,
        )

    @admin.display(description=_("accept"))
    def accept(self, correction):
        if correction.status != NEW:
            return "-"
        url = accept_url(correction)
        if not url:
            return "-"
        return format_html('<a href="{}">{}</a>', url, gettext("Accept: edit it…"))

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            obj.decided = timezone.now() if obj.status != NEW else None
            obj.decided_by = request.user if obj.status != NEW else None
        super().save_model(request, obj, form, change)

    # Actions -----------------------------------------------------------------------------

    def decide(self, request, queryset, **values):
        return queryset.update(decided=timezone.now(), decided_by=request.user, **values)

    @admin.action(
        description=_("Reject selected suggestions with the reason below"), permissions=["change"]
    )
    def reject(self, request, queryset):
        reason = " ".join(request.POST.get("reason", "").split())[: Correction.REASON_LIMIT]
        if not reason:
            self.message_user(
                request,
                gettext(
                    "Nothing rejected: type the reason in “Reason”, e.g. “The source says "
                    "otherwise”."
                ),
                messages.ERROR,
            )
            return
        count = self.decide(
            request, queryset, status=Correction.Status.REJECTED, reason=reason, duplicate_of=None
        )
        self.message_user(
            request, gettext("%(count)d suggestions rejected.") % {"count": count}, messages.SUCCESS
        )

    @admin.action(
        description=_("Mark selected suggestions as duplicates of the one below"),
        permissions=["change"],
    )
    def mark_duplicate(self, request, queryset):
        reference = request.POST.get("original", "").strip().lstrip("#").upper()
        original = Correction.objects.filter(reference=reference).first() if reference else None
        if original is None:
            self.message_user(
                request,
                gettext(
                    "Nothing marked: type the reference of the suggestion they repeat in "
                    "“Duplicate of #”, e.g. K7Q4M2XD."
                ),
                messages.ERROR,
            )
            return
        count = self.decide(
            request,
            queryset.exclude(pk=original.pk),
            status=Correction.Status.DUPLICATE,
            duplicate_of=original,
        )
        self.message_user(
            request,
            gettext("%(count)d suggestions marked as duplicates of #%(reference)s.")
            % {"count": count, "reference": original.reference},
            messages.SUCCESS,
        )

    # The feed ----------------------------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "feed.atom",
                self.admin_site.admin_view(self.feed_view),
                name="catalog_correction_feed",
            ),
            *super().get_urls(),
        ]

    def feed_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return NewCorrectionsFeed()(request)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "feed_url": reverse("admin:catalog_correction_feed"),
        }
        return super().changelist_view(request, extra_context)


class NewCorrectionsFeed(Feed):
    """Suggestions not yet decided, newest first: reader text escaped, no email."""

    feed_type = Atom1Feed
    title = _("In the Frame: new suggested corrections")
    subtitle = _("Readers' suggestions waiting for an editor, newest first.")

    def link(self):
        return reverse("admin:catalog_correction_changelist") + "?status__exact=new"

    def items(self):
        return Correction.objects.filter(status=NEW).order_by("-created", "-pk")[:FEED_LENGTH]

    def item_title(self, correction):
        record_type = registry.BY_KEY[correction.record_type]
        claim = f" ({correction.get_claim_kind_display()})" if correction.claim_kind else ""
        return f"#{correction.reference}: {record_type.label} “{correction.record_name}”{claim}"

    def item_description(self, correction):
        # Atom marks the summary as HTML: escape what the reader typed so it shows as text.
        parts = [gettext("What is wrong: %(text)s") % {"text": correction.wrong}]
        if correction.should_say:
            parts.append(gettext("What it should say: %(text)s") % {"text": correction.should_say})
        if correction.claim_text:
            parts.append(gettext("The claim: %(text)s") % {"text": correction.claim_text})
        return escape("\n\n".join(parts))

    def item_link(self, correction):
        return reverse("admin:catalog_correction_change", args=[correction.pk])

    def item_pubdate(self, correction):
        return correction.created


# The record's change page ------------------------------------------------------------------


class CorrectionPanel:
    """Mix into a record's ModelAdmin (before admin.ModelAdmin): `?correction=<id>` on its
    change page shows that suggestion above the form (admin/catalog/_correction_panel.html),
    and saving the record marks it accepted. Only a suggestion about this very record (or
    claim) is shown, and only to a user who may view suggestions."""

    def correction_in(self, request, object_id):
        raw = request.GET.get("correction", "")
        if object_id is None or not raw.isdigit() or len(raw) > 18:
            return None
        if not request.user.has_perm("catalog.view_correction"):
            return None
        correction = Correction.objects.filter(pk=int(raw)).first()
        if correction is None:
            return None
        model, pk = target(correction)
        if model is not self.model or str(pk) != str(unquote(str(object_id))):
            return None
        return correction

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        correction = self.correction_in(request, object_id)
        if correction is not None:
            extra_context = {
                **(extra_context or {}),
                "correction": correction,
                "correction_accepts": correction.status == NEW
                and request.user.has_perm("catalog.change_correction"),
            }
        return super().changeform_view(request, object_id, form_url, extra_context)

    def response_change(self, request, obj):
        correction = self.correction_in(request, obj.pk)
        if (
            correction is not None
            and correction.status == NEW
            and request.user.has_perm("catalog.change_correction")
        ):
            Correction.objects.filter(pk=correction.pk, status=NEW).update(
                status=Correction.Status.ACCEPTED,
                decided=timezone.now(),
                decided_by=request.user,
            )
            self.message_user(
                request,
                gettext("Suggestion #%(reference)s is marked accepted.")
                % {"reference": correction.reference},
                messages.SUCCESS,
            )
        return super().response_change(request, obj)


def new_corrections_count():
    """How many suggestions wait for an editor: one query."""
    return Correction.objects.filter(status=NEW).aggregate(n=Count("pk"))["n"]
