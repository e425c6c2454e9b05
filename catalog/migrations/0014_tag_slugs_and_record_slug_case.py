"""Tag slugs that route, record slugs unique whatever their capitals, ASCII-only IDs.

Tags saved before every slug had to route (an emoji's empty slug, a slug typed with a space)
get one: the name's slug when it makes one that is free, else "tag-<id>". Records whose slugs
differ only in capitals keep the oldest one's; the others get "-<id>" added, so the
case-insensitive unique constraints can be created.
"""

import re

import django.core.validators
import django.db.models.functions.text
from django.db import migrations, models
from django.db.models import Count
from django.db.models.functions import Lower
from django.utils.text import slugify

ROUTABLE = re.compile(r"[-\w]{1,100}")  # catalog.tags.SLUG_PATTERN, within the column
RECORDS = ["source", "studio", "production", "stage", "aitool", "person", "controversy"]


def give_tags_usable_slugs(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    taken = set(Tag.objects.values_list("slug", flat=True))
    for tag in Tag.objects.order_by("pk"):
        if ROUTABLE.fullmatch(tag.slug):
            continue
        slug = slugify(tag.name, allow_unicode=True)[:100]
        if not slug or slug in taken:
            slug = f"tag-{tag.pk}"
        taken.add(slug)
        Tag.objects.filter(pk=tag.pk).update(slug=slug)


def separate_slugs_differing_in_case(apps, schema_editor):
    for name in RECORDS:
        model = apps.get_model("catalog", name)
        shared = (
            model.objects.values(lower=Lower("slug"))
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
            .values_list("lower", flat=True)
        )
        for lower in list(shared):
            records = model.objects.annotate(lower=Lower("slug")).filter(lower=lower)
            for record in list(records.order_by("pk"))[1:]:
                suffix = f"-{record.pk}"
                slug = record.slug[: model._meta.get_field("slug").max_length - len(suffix)]
                model.objects.filter(pk=record.pk).update(slug=slug + suffix)


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0013_tag_link_index'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
    ]

    operations = [
        migrations.RunPython(give_tags_usable_slugs, migrations.RunPython.noop),
        migrations.RunPython(separate_slugs_differing_in_case, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='aitool',
            name='wikidata_id',
            field=models.CharField(blank=True, max_length=20, validators=[django.core.validators.RegexValidator('^Q[1-9][0-9]*\\Z', 'A Wikidata ID looks like Q123456.')], verbose_name='Wikidata ID'),
        ),
        migrations.AlterField(
            model_name='controversy',
            name='wikidata_id',
            field=models.CharField(blank=True, max_length=20, validators=[django.core.validators.RegexValidator('^Q[1-9][0-9]*\\Z', 'A Wikidata ID looks like Q123456.')], verbose_name='Wikidata ID'),
        ),
        migrations.AlterField(
            model_name='historicalaitool',
            name='wikidata_id',
            field=models.CharField(blank=True, max_length=20, validators=[django.core.validators.RegexValidator('^Q[1-9][0-9]*\\Z', 'A Wikidata ID looks like Q123456.')], verbose_name='Wikidata ID'),
        ),
        migrations.AlterField(
            model_name='historicalcontroversy',
            name='wikidata_id',
            field=models.CharField(blank=True, max_length=20, validators=[django.core.validators.RegexValidator('^Q[1-9][0-9]*\\Z', 'A Wikidata ID looks like Q123456.')], verbose_name='Wikidata ID'),
        ),
        migrations.AlterField(
            model_name='historicalperson',
            name='imdb_id',
            field=models.CharField(blank=True, max_length=20, validators=[django.core.validators.RegexValidator('^nm[0-9]{7,}\\Z', 'An IMDb name ID looks like nm1234567.')], verbose_name='IMDb ID'),
        ),
        migrations.AlterField(
            model_name='historicalperson',
            name='wikidata_id',
            field=models.CharField(blank=True, max_length=20, validators=[django.core.validators.RegexValidator('^Q[1-9][0-9]*\\Z', 'A Wikidata ID looks like Q123456.')], verbose_name='Wikidata ID'),
        ),
        migrations.AlterField(
            model_name='historicalproduction',
            name='imdb_id',
            field=models.CharField(blank=True, max_length=20, validators=[django.core.validators.RegexValidator('^tt[0-9]{7,}\\Z', 'An IMDb title ID looks like tt1234567.')], verbose_name='IMDb ID'),
        ),
        migrations.AlterField(
            model_name='historicalproduction',
            name='wikidata_id',
            field=models.CharField(blank=True, max_length=20, validators=[django.core.validators.RegexValidator('^Q[1-9][0-9]*\\Z', 'A Wikidata ID looks like Q123456.')], verbose_name='Wikidata ID'),
        ),
        migrations.AlterField(
            model_name='historicalstudio',
            name='imdb_id',
            field=models.CharField(blank=True, max_length=20, validators=[django.core.validators.RegexValidator('^co[0-9]{7,}\\Z', 'An IMDb company ID looks like co1234567.')], verbose_name='IMDb company ID'),
        ),
        migrations.AlterField(
            model_name='historicalstudio',
            name='wikidata_id',
            field=models.CharField(blank=True, max_length=20, validators=[django.core.validators.RegexValidator('^Q[1-9][0-9]*\\Z', 'A Wikidata ID looks like Q123456.')], verbose_name='Wikidata ID'),
        ),
        migrations.AlterField(
            model_name='person',
            name='imdb_id',
            field=models.CharField(blank=True, max_length=20, validators=[django.core.validators.RegexValidator('^nm[0-9]{7,}\\Z', 'An IMDb name ID looks like nm1234567.')], verbose_name='IMDb ID'),
        ),
        migrations.AlterField(
            model_name='person',
            name='wikidata_id',
            field=models.CharField(blank=True, max_length=20, validators=[django.core.validators.RegexValidator('^Q[1-9][0-9]*\\Z', 'A Wikidata ID looks like Q123456.')], verbose_name='Wikidata ID'),
        ),
        migrations.AlterField(
            model_name='production',
            name='imdb_id',
            field=models.CharField(blank=True, max_length=20, validators=[django.core.validators.RegexValidator('^tt[0-9]{7,}\\Z', 'An IMDb title ID looks like tt1234567.')], verbose_name='IMDb ID'),
        ),
        migrations.AlterField(
            model_name='production',
            name='wikidata_id',
            field=models.CharField(blank=True, max_length=20, validators=[django.core.validators.RegexValidator('^Q[1-9][0-9]*\\Z', 'A Wikidata ID looks like Q123456.')], verbose_name='Wikidata ID'),
        ),
        migrations.AlterField(
            model_name='studio',
            name='imdb_id',
            field=models.CharField(blank=True, max_length=20, validators=[django.core.validators.RegexValidator('^co[0-9]{7,}\\Z', 'An IMDb company ID looks like co1234567.')], verbose_name='IMDb company ID'),
        ),
        migrations.AlterField(
            model_name='studio',
            name='wikidata_id',
            field=models.CharField(blank=True, max_length=20, validators=[django.core.validators.RegexValidator('^Q[1-9][0-9]*\\Z', 'A Wikidata ID looks like Q123456.')], verbose_name='Wikidata ID'),
        ),
        migrations.AddConstraint(
            model_name='aitool',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('slug'), name='aitool_slug_unique_ignoring_case', violation_error_message='Another record has this slug, apart from capitals and small letters: choose another.'),
        ),
        migrations.AddConstraint(
            model_name='controversy',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('slug'), name='controversy_slug_unique_ignoring_case', violation_error_message='Another record has this slug, apart from capitals and small letters: choose another.'),
        ),
        migrations.AddConstraint(
            model_name='person',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('slug'), name='person_slug_unique_ignoring_case', violation_error_message='Another record has this slug, apart from capitals and small letters: choose another.'),
        ),
        migrations.AddConstraint(
            model_name='production',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('slug'), name='production_slug_unique_ignoring_case', violation_error_message='Another record has this slug, apart from capitals and small letters: choose another.'),
        ),
        migrations.AddConstraint(
            model_name='source',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('slug'), name='source_slug_unique_ignoring_case', violation_error_message='Another record has this slug, apart from capitals and small letters: choose another.'),
        ),
        migrations.AddConstraint(
            model_name='stage',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('slug'), name='stage_slug_unique_ignoring_case', violation_error_message='Another record has this slug, apart from capitals and small letters: choose another.'),
        ),
        migrations.AddConstraint(
            model_name='studio',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('slug'), name='studio_slug_unique_ignoring_case', violation_error_message='Another record has this slug, apart from capitals and small letters: choose another.'),
        ),
    ]
