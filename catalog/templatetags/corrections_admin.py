"""The admin index's count of readers' suggestions waiting for an editor."""

from django import template
from django.urls import reverse

from catalog.admin_corrections import new_corrections_count

register = template.Library()


@register.simple_tag(takes_context=True)
def new_corrections(context):
    """{"count", "url"} for a user who may view suggestions, else None: one query."""
    request = context.get("request")
    if request is None or not request.user.has_perm("catalog.view_correction"):
        return None
    return {
        "count": new_corrections_count(),
        "url": reverse("admin:catalog_correction_changelist") + "?status__exact=new",
    }
