"""Admin forms: the rules a single model field cannot express."""

from django import forms
from django.contrib.admin.helpers import ActionForm
from django.forms.models import InlineForeignKeyField

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


class MergeTagsActionForm(ActionForm):
    """The admin's action bar, with the name of the tag that selected tags are merged into."""

    merge_into = forms.CharField(
        label="Merge into tag:",
        required=False,
        max_length=100,
        help_text="The tag to keep, e.g. “deepfake”; the other selected tags are merged into it.",
    )
