"""Admin forms: the rules a single model field cannot express."""

from django import forms
from django.contrib.admin.helpers import ActionForm
from django.forms.models import InlineForeignKeyField
from taggit.forms import TagField
from taggit.models import Tag

from catalog import tags

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
                "required": "Give the tag a web address (slug), e.g. “clapperboard”: "
                "letters, digits, hyphens or underscores. It is filled in from the name when "
                "the name has letters or digits."
            }
        }


class MergeTagsActionForm(ActionForm):
    """The admin's action bar, with the name of the tag that selected tags are merged into.

    The merge action checks the name: a bar that fails validation only says "No action selected."
    """

    merge_into = forms.CharField(
        label="Merge into tag:",
        required=False,
        widget=forms.TextInput(attrs={"maxlength": tags.MAX_LENGTH}),
        help_text="The tag to keep, e.g. “deepfake”; the other selected tags are merged into it.",
    )
