"""Citations as rows of their own: each `sources` many-to-many gets a through model (a
Citation) with a locator, a note and a passage's first and last words.

The through models adopt the tables Django made for the plain many-to-many links, with every
citation in them: the models are only declared (state), then the new columns are added. Nothing
is copied, nothing is lost (tests/test_citation_migration.py).

The 119 changes run as one operation (`AdoptCitations`). Applied one by one, each re-rendered
every model of the project: half a minute on an empty SQLite database, in every fresh migrate.
"""

import django.db.models.deletion

import catalog.models
from django.db import migrations, models
from django.db.migrations.operations.base import Operation

# (model name, field, the related name sources see it by, blank, help text)
CITED = [
    ("Studio", "sources", "studios", True, ""),
    ("Production", "sources", "productions", True, ""),
    ("ProductionStudio", "sources", "production_studios", True, ""),
    ("Stage", "sources", "stages", True, ""),
    ("AITool", "sources", "tools", True, ""),
    ("AIUse", "sources", "ai_uses", False, ""),
    (
        "AIUse",
        "disclosure_sources",
        "ai_use_disclosures",
        True,
        "Where the disclosure (or its absence) is shown.",
    ),
    ("Person", "sources", "people", True, ""),
    ("PersonRole", "sources", "person_roles", True, ""),
    ("Credit", "sources", "credits", True, ""),
    ("Controversy", "sources", "controversies", False, ""),
    ("Quote", "sources", "quotes", False, ""),
    ("Figure", "sources", "figures", False, ""),
    ("Rule", "sources", "rules", False, ""),
    ("Likeness", "sources", "likenesses", False, ""),
    ("Response", "sources", "responses", False, ""),
    ("RuleLink", "sources", "rule_links", False, ""),
]

VERBOSE = {
    "Studio": "studio",
    "Production": "production",
    "ProductionStudio": "studio role",
    "Stage": "stage",
    "AITool": "AI tool",
    "AIUse": "AI use",
    "Person": "person",
    "PersonRole": "role at a studio",
    "Credit": "credit",
    "Controversy": "controversy",
    "Quote": "quote",
    "Figure": "figure",
    "Rule": "rule",
    "Likeness": "likeness record",
    "Response": "response",
    "RuleLink": "rule link",
}


def through_name(owner, field):
    return owner + ("Citation" if field == "sources" else "DisclosureCitation")


def adopt(owner, field, related_name, blank, help_text):
    """Declare the through model over the existing table, and point the field at it."""
    name = through_name(owner, field)
    key = owner.lower()
    disclosure = field != "sources"
    return [
        migrations.CreateModel(
            name=name,
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "record",
                    models.ForeignKey(
                        db_column=f"{key}_id",
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="disclosure_cites" if disclosure else "cites",
                        to=f"catalog.{key}",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        on_delete=catalog.models.protect_link,
                        related_name="+",
                        to="catalog.source",
                    ),
                ),
            ],
            options={
                "verbose_name": f"citation ({VERBOSE[owner]}"
                + (", disclosure)" if disclosure else ")"),
                "db_table": f"catalog_{key}_{field}",
                "ordering": ["pk"],
                "abstract": False,
                "unique_together": {("record", "source")},
            },
        ),
        migrations.AlterField(
            model_name=key,
            name=field,
            field=models.ManyToManyField(
                blank=blank,
                help_text=help_text,
                related_name=related_name,
                through=f"catalog.{name}",
                to="catalog.source",
            ),
        ),
    ]


def new_columns(owner, field):
    name = through_name(owner, field).lower()
    text = {
        "locator": (
            None,
            100,
            "Where in the source: a page, paragraph or timestamp, e.g. “p. 12”, “¶ 4”, “14:05”.",
        ),
        "note": (
            None,
            400,
            "One sentence, in the catalog's own words, of what the source states.",
        ),
        "passage_start": (
            "passage starts with",
            200,
            "The first few words of the supporting passage, exactly as in the source.",
        ),
        "passage_end": (
            "passage ends with",
            200,
            "Its last few words, exactly as in the source (blank for a short passage).",
        ),
    }
    return [
        *(
            migrations.AddField(
                model_name=name,
                name=column,
                field=models.CharField(
                    blank=True,
                    db_default="",
                    default="",
                    help_text=help_text,
                    max_length=max_length,
                    **({"verbose_name": verbose} if verbose else {}),
                ),
            )
            for column, (verbose, max_length, help_text) in text.items()
        ),
        migrations.AddConstraint(
            model_name=name,
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("passage_end", ""),
                    models.Q(("passage_start", ""), _negated=True),
                    _connector="OR",
                ),
                name=f"{name}_end_needs_start",
                violation_error_message="Give the passage's first words as well as its last.",
            ),
        ),
    ]


TEXT_COLUMNS = ["locator", "note", "passage_start", "passage_end"]

# What the project's state gains, in the order it gains it.
STATE_OPERATIONS = [
    *(op for cited in CITED for op in adopt(*cited)),
    *(op for owner, field, *_ in CITED for op in new_columns(owner, field)),
]


class AdoptCitations(Operation):
    """STATE_OPERATIONS with one re-render of the models at the end, and their database side:
    four text columns and a check on each adopted table."""

    reduces_to_sql = False

    def deconstruct(self):
        return (self.__class__.__name__, [], {})

    def describe(self):
        return "Citations adopt the sources tables, with a locator, a note and a passage"

    def state_forwards(self, app_label, state):
        rendered = state.__dict__.pop("apps", None)  # no re-render per operation
        try:
            for operation in STATE_OPERATIONS:
                operation.state_forwards(app_label, state)
        finally:
            if rendered is not None:
                state.__dict__["apps"] = rendered
        touched = {
            (app_label, name.lower())
            for owner, field, *_ in CITED
            for name in (owner, through_name(owner, field))
        }
        state.reload_models(touched | {(app_label, "source")}, delay=False)

    def adopted(self, app_label, schema_editor, state):
        """(owner, field, citation model) for each adopted table the database migrates."""
        for owner, field, *_ in CITED:
            model = state.apps.get_model(app_label, through_name(owner, field))
            if self.allow_migrate_model(schema_editor.connection.alias, model):
                yield owner, field, model

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        sqlite = schema_editor.connection.vendor == "sqlite"
        quote = schema_editor.quote_name
        for _owner, _field, model in self.adopted(app_label, schema_editor, to_state):
            for name in TEXT_COLUMNS:
                column = model._meta.get_field(name)
                if sqlite:  # plain columns: the check's table rebuild below gives them their form
                    schema_editor.execute(
                        f"ALTER TABLE {quote(model._meta.db_table)} ADD COLUMN "
                        f"{quote(column.column)} varchar({column.max_length}) NOT NULL DEFAULT ''"
                    )
                else:
                    schema_editor.add_field(model, column)
            for constraint in model._meta.constraints:
                schema_editor.add_constraint(model, constraint)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        sqlite = schema_editor.connection.vendor == "sqlite"
        for owner, field, model in self.adopted(app_label, schema_editor, from_state):
            if sqlite:  # one rebuild as the plain many-to-many table drops the check and columns
                plain = to_state.apps.get_model(app_label, owner)._meta.get_field(field)
                for constraint in model._meta.constraints:
                    schema_editor.remove_constraint(plain.remote_field.through, constraint)
                continue
            for constraint in model._meta.constraints:
                schema_editor.remove_constraint(model, constraint)
            for name in TEXT_COLUMNS:
                schema_editor.remove_field(model, model._meta.get_field(name))


class Migration(migrations.Migration):
    dependencies = [("catalog", "0026_catalog_version_changed")]

    operations = [AdoptCitations()]
