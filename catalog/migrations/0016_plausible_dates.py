"""Dates and years hold to the same plausible bounds, in the forms and in the database.

Before the check constraints are added, rows outside the bounds (a release on 9999-12-31,
an AI use on 0001-01-01) are listed and the migration stops, so an editor corrects them
rather than the migration dropping what was entered.
"""

import catalog.models
import datetime
from django.db import migrations, models
from django.db.models import Q

EARLIEST_YEAR, LATEST_YEAR = 1870, 2100
BOUNDED = {
    "production": ["release_date"],
    "aiuse": ["year", "date"],
    "controversy": ["year", "date"],
    "quote": ["said_on"],
    "source": ["published", "accessed"],
}


def refuse_implausible_rows(apps, schema_editor):
    found = []
    for model_name, fields in BOUNDED.items():
        model = apps.get_model("catalog", model_name)
        for name in fields:
            if name == "year":
                low, high = EARLIEST_YEAR, LATEST_YEAR
            else:
                low, high = datetime.date(EARLIEST_YEAR, 1, 1), datetime.date(LATEST_YEAR, 12, 31)
            outside = model.objects.filter(Q(**{f"{name}__lt": low}) | Q(**{f"{name}__gt": high}))
            found += [
                f"{model_name} {pk}: {name} {value}"
                for pk, value in outside.values_list("pk", name)[:20]
            ]
    if found:
        raise RuntimeError(
            f"These rows hold dates or years outside {EARLIEST_YEAR}-{LATEST_YEAR}; correct them "
            "(or clear them) in the admin, then migrate again:\n  " + "\n  ".join(found)
        )


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0015_history_links'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
    ]

    operations = [
        migrations.RunPython(refuse_implausible_rows, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='aiuse',
            name='date',
            field=models.DateField(blank=True, null=True, validators=[catalog.models.validate_plausible_date]),
        ),
        migrations.AlterField(
            model_name='controversy',
            name='date',
            field=models.DateField(blank=True, null=True, validators=[catalog.models.validate_plausible_date]),
        ),
        migrations.AlterField(
            model_name='historicalaiuse',
            name='date',
            field=models.DateField(blank=True, null=True, validators=[catalog.models.validate_plausible_date]),
        ),
        migrations.AlterField(
            model_name='historicalcontroversy',
            name='date',
            field=models.DateField(blank=True, null=True, validators=[catalog.models.validate_plausible_date]),
        ),
        migrations.AlterField(
            model_name='historicalproduction',
            name='release_date',
            field=models.DateField(blank=True, null=True, validators=[catalog.models.validate_plausible_date]),
        ),
        migrations.AlterField(
            model_name='historicalquote',
            name='said_on',
            field=models.DateField(blank=True, null=True, validators=[catalog.models.validate_plausible_date]),
        ),
        migrations.AlterField(
            model_name='historicalsource',
            name='accessed',
            field=models.DateField(blank=True, null=True, validators=[catalog.models.validate_plausible_date], verbose_name='date accessed'),
        ),
        migrations.AlterField(
            model_name='historicalsource',
            name='published',
            field=models.DateField(blank=True, null=True, validators=[catalog.models.validate_plausible_date]),
        ),
        migrations.AlterField(
            model_name='production',
            name='release_date',
            field=models.DateField(blank=True, null=True, validators=[catalog.models.validate_plausible_date]),
        ),
        migrations.AlterField(
            model_name='quote',
            name='said_on',
            field=models.DateField(blank=True, null=True, validators=[catalog.models.validate_plausible_date]),
        ),
        migrations.AlterField(
            model_name='source',
            name='accessed',
            field=models.DateField(blank=True, null=True, validators=[catalog.models.validate_plausible_date], verbose_name='date accessed'),
        ),
        migrations.AlterField(
            model_name='source',
            name='published',
            field=models.DateField(blank=True, null=True, validators=[catalog.models.validate_plausible_date]),
        ),
        migrations.AddConstraint(
            model_name='aiuse',
            constraint=models.CheckConstraint(condition=models.Q(('year__isnull', True), ('year__range', (1870, 2100)), _connector='OR'), name='ai_use_year_plausible', violation_error_message='Enter a year from 1870 to 2100.'),
        ),
        migrations.AddConstraint(
            model_name='aiuse',
            constraint=models.CheckConstraint(condition=models.Q(('date__isnull', True), ('date__range', (datetime.date(1870, 1, 1), datetime.date(2100, 12, 31))), _connector='OR'), name='ai_use_date_plausible', violation_error_message='Enter a date from 1870-01-01 to 2100-12-31.'),
        ),
        migrations.AddConstraint(
            model_name='controversy',
            constraint=models.CheckConstraint(condition=models.Q(('year__isnull', True), ('year__range', (1870, 2100)), _connector='OR'), name='controversy_year_plausible', violation_error_message='Enter a year from 1870 to 2100.'),
        ),
        migrations.AddConstraint(
            model_name='controversy',
            constraint=models.CheckConstraint(condition=models.Q(('date__isnull', True), ('date__range', (datetime.date(1870, 1, 1), datetime.date(2100, 12, 31))), _connector='OR'), name='controversy_date_plausible', violation_error_message='Enter a date from 1870-01-01 to 2100-12-31.'),
        ),
        migrations.AddConstraint(
            model_name='production',
            constraint=models.CheckConstraint(condition=models.Q(('release_date__isnull', True), ('release_date__range', (datetime.date(1870, 1, 1), datetime.date(2100, 12, 31))), _connector='OR'), name='production_release_date_plausible', violation_error_message='Enter a date from 1870-01-01 to 2100-12-31.'),
        ),
        migrations.AddConstraint(
            model_name='quote',
            constraint=models.CheckConstraint(condition=models.Q(('said_on__isnull', True), ('said_on__range', (datetime.date(1870, 1, 1), datetime.date(2100, 12, 31))), _connector='OR'), name='quote_said_on_plausible', violation_error_message='Enter a date from 1870-01-01 to 2100-12-31.'),
        ),
        migrations.AddConstraint(
            model_name='source',
            constraint=models.CheckConstraint(condition=models.Q(('published__isnull', True), ('published__range', (datetime.date(1870, 1, 1), datetime.date(2100, 12, 31))), _connector='OR'), name='source_published_plausible', violation_error_message='Enter a date from 1870-01-01 to 2100-12-31.'),
        ),
        migrations.AddConstraint(
            model_name='source',
            constraint=models.CheckConstraint(condition=models.Q(('accessed__isnull', True), ('accessed__range', (datetime.date(1870, 1, 1), datetime.date(2100, 12, 31))), _connector='OR'), name='source_accessed_plausible', violation_error_message='Enter a date from 1870-01-01 to 2100-12-31.'),
        ),
    ]
