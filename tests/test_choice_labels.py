"""get_FOO_display() (models.ChoiceLabels): each choice's label in the active language, as
Django's own gives it, and a value outside the choices as it is."""

import pytest
from django.apps import apps
from django.utils import translation

from catalog.models import AIUse, ChoiceLabels

CHOICE_FIELDS = [
    (model, field)
    for model in apps.get_app_config("catalog").get_models()
    if not hasattr(model, "instance_type")  # an edit history's rows (django-simple-history)
    for field in model._meta.get_fields()
    if getattr(field, "choices", None) and not field.is_relation
]


def test_every_model_with_choices_shows_them_through_choice_labels():
    assert CHOICE_FIELDS
    shown = {model for model, field in CHOICE_FIELDS if hasattr(model, f"get_{field.name}_display")}
    assert {model for model in shown if not issubclass(model, ChoiceLabels)} <= {
        apps.get_model("catalog", "FormerAddress")
    }


@pytest.mark.parametrize("language", ["en", "es"])
def test_each_choice_shows_its_label_in_the_active_language(language):
    with translation.override(language):
        for model, field in CHOICE_FIELDS:
            for value, label in field.flatchoices:
                record = model(**{field.attname: value})
                shown = getattr(record, f"get_{field.name}_display")()
                assert shown == str(label), (model.__name__, field.name, value)
                assert type(shown) is str


def test_the_spanish_label_is_the_translators_and_an_unknown_value_shows_as_it_is():
    use = AIUse(disclosure="found-by-press")
    with translation.override("es"):
        spanish = use.get_disclosure_display()
    with translation.override("en"):
        english = use.get_disclosure_display()
    assert spanish != english
    assert AIUse(disclosure="no-such-value").get_disclosure_display() == "no-such-value"
