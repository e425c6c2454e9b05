"""Admin forms: the rules a single model field cannot express."""

from django import forms
from django.contrib.admin.helpers import ActionForm

SOURCE_REQUIRED = (
    "Cite at least one source for this claim: pick where it comes from. "
    "If the source is not in the catalog yet, add it with the + button first."
)


class ClaimForm(forms.ModelForm):
    """An AI use, controversy, quote or figure is a claim: it must cite at least one source.

    Citations are many-to-many rows, which the database cannot require, so the form does.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sources = self.fields["sources"]
        sources.required = True
        sources.error_messages["required"] = SOURCE_REQUIRED


class MergeTagsActionForm(ActionForm):
    """The admin's action bar, with the name of the tag that selected tags are merged into."""

    merge_into = forms.CharField(
        label="Merge into tag:",
        required=False,
        max_length=100,
        help_text="The tag to keep, e.g. “deepfake”; the other selected tags are merged into it.",
    )
