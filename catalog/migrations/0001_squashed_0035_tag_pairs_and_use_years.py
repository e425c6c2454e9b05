"""Migrations 0001 to 0035 in one, for a new database (a first `make run`, each test run's).

It makes the catalog's tables as migration 0035 left them in one step (`CreateTables`), then
runs the replaced migrations' database-only operations that a new database needs: PostgreSQL's
search and sort indexes, the stages, the editors' permissions, the page cache's table and the
catalog version's row. The operations that only mend rows already there (tag slugs, dates,
source keys, kept counts, tallies) have nothing to do on a new database and are left out.

Applied one by one, the replaced migrations re-render every model of the project at each of
their 200 or so changes: 12 s of a new database's 14 s on SQLite. A database migrated before
this one existed keeps its history, and Django counts this migration applied once all it
replaces are; `migrate catalog 0026` still goes back through them one by one
(tests/test_citation_migration.py). The replaced files stay as long as a database may be
short of them.

TABLES is what `makemigrations` writes for the models as they stood at 0035.
"""

import importlib

import catalog.models
import datetime
import django.contrib.postgres.search
import django.core.validators
import django.db.models.deletion
import django.db.models.functions.text
import django.utils.timezone
import simple_history.models
import taggit.managers
from django.conf import settings
from django.db import migrations, models
from django.contrib.postgres.operations import TrigramExtension
from django.db.migrations.operations.base import Operation

TABLES = [
    migrations.CreateModel(
        name='Stage',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('created', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
            ('updated', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False)),
            ('slug', models.SlugField(max_length=60, unique=True)),
            ('name', models.CharField(max_length=100, unique=True)),
            ('position', models.PositiveSmallIntegerField(unique=True)),
            ('description', models.TextField(blank=True)),
            ('use_count', models.PositiveIntegerField(db_default=0, default=0, editable=False)),
        ],
        options={
            'ordering': ['position'],
        },
        bases=(catalog.models.KeptCounts, catalog.models.OpenData, catalog.models.ChecksInOneQuery, models.Model),
    ),
    migrations.CreateModel(
        name='AITool',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('created', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
            ('updated', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False)),
            ('slug', models.SlugField(max_length=200, unique=True)),
            ('wikidata_id', models.CharField(blank=True, max_length=20, validators=[django.core.validators.RegexValidator('^Q[1-9][0-9]*\\Z', 'A Wikidata ID looks like Q123456.')], verbose_name='Wikidata ID')),
            ('search_vector', django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
            ('name', models.CharField(max_length=200)),
            ('technique', models.CharField(choices=[('generative', 'Generative video and images'), ('script-analytics', 'Script analytics'), ('predictive', 'Predictive analytics'), ('facial-performance', 'Facial performance'), ('face-swap', 'Face swap and de-ageing'), ('distribution', 'Distribution and audience'), ('other', 'Other')], max_length=30)),
            ('is_generic', models.BooleanField(default=False, help_text='A kind of technology (“deepfake”) rather than a named product.', verbose_name='generic technology')),
            ('description', models.TextField(blank=True, verbose_name='what it does')),
            ('website', models.URLField(blank=True, max_length=500)),
            ('use_count', models.PositiveIntegerField(db_default=0, default=0, editable=False)),
            ('production_count', models.PositiveIntegerField(db_default=0, default=0, editable=False)),
            ('controversy_count', models.PositiveIntegerField(db_default=0, default=0, editable=False)),
            ('tags', taggit.managers.TaggableManager(blank=True, help_text='A comma-separated list of tags.', through='taggit.TaggedItem', to='taggit.Tag', verbose_name='Tags')),
        ],
        options={
            'verbose_name': 'AI tool',
            'ordering': ['name'],
        },
        bases=(catalog.models.KeptCounts, catalog.models.LoadedKeys, catalog.models.OpenData, catalog.models.ChecksInOneQuery, models.Model),
    ),
    migrations.CreateModel(
        name='CatalogVersion',
        fields=[
            ('id', models.PositiveSmallIntegerField(default=1, editable=False, primary_key=True, serialize=False)),
            ('n', models.BigIntegerField()),
            ('changed', models.DateTimeField(default=django.utils.timezone.now)),
        ],
        options={
            'constraints': [models.CheckConstraint(condition=models.Q(('id', 1)), name='catalog_version_one_row')],
        },
    ),
    migrations.CreateModel(
        name='FormerAddress',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('record_type', models.CharField(help_text='The registry key, e.g. “tool”.', max_length=20)),
            ('slug', models.SlugField(max_length=200)),
            ('record_id', models.BigIntegerField(help_text="The record's id, in its permanent identifier.")),
            ('name', models.CharField(help_text='What the record was called.', max_length=300)),
            ('reason', models.CharField(choices=[('renamed', 'Renamed'), ('deleted', 'Deleted'), ('merged', 'Merged into another record')], max_length=10)),
            ('merged_into', models.BigIntegerField(blank=True, help_text='For a merged record: the id of the record it was merged into.', null=True)),
            ('since', models.DateTimeField(default=django.utils.timezone.now)),
        ],
        options={
            'verbose_name_plural': 'former addresses',
            'ordering': ['-since'],
            'indexes': [models.Index(fields=['record_type', 'record_id'], name='catalog_former_type_id')],
            'constraints': [models.UniqueConstraint(fields=('record_type', 'slug'), name='unique_former_address'), models.CheckConstraint(condition=models.Q(models.Q(('merged_into__isnull', False), ('reason', 'merged')), models.Q(models.Q(('reason', 'merged'), _negated=True), ('merged_into__isnull', True)), _connector='OR'), name='former_address_merged_into_with_merged', violation_error_message="A merged record's address names the record it went to.")],
        },
    ),
    migrations.CreateModel(
        name='HistoricalControversy',
        fields=[
            ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
            ('history_links', models.JSONField(default=dict, editable=False)),
            ('created', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
            ('updated', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False)),
            ('slug', models.SlugField(max_length=200)),
            ('wikidata_id', models.CharField(blank=True, max_length=20, validators=[django.core.validators.RegexValidator('^Q[1-9][0-9]*\\Z', 'A Wikidata ID looks like Q123456.')], verbose_name='Wikidata ID')),
            ('title', models.CharField(max_length=300)),
            ('year', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1870), catalog.models.validate_not_far_future])),
            ('date', models.DateField(blank=True, null=True, validators=[catalog.models.validate_plausible_date])),
            ('summary', models.TextField()),
            ('aiid_id', models.PositiveIntegerField(blank=True, null=True, verbose_name='AI Incident Database ID')),
            ('history_id', models.AutoField(primary_key=True, serialize=False)),
            ('history_date', models.DateTimeField(db_index=True)),
            ('history_change_reason', models.CharField(max_length=100, null=True)),
            ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
        ],
        options={
            'verbose_name': 'historical controversy',
            'verbose_name_plural': 'historical controversies',
            'ordering': ('-history_date', '-history_id'),
            'get_latest_by': ('history_date', 'history_id'),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name='HistoricalPerson',
        fields=[
            ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
            ('history_links', models.JSONField(default=dict, editable=False)),
            ('created', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
            ('updated', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False)),
            ('slug', models.SlugField(max_length=200)),
            ('wikidata_id', models.CharField(blank=True, max_length=20, validators=[django.core.validators.RegexValidator('^Q[1-9][0-9]*\\Z', 'A Wikidata ID looks like Q123456.')], verbose_name='Wikidata ID')),
            ('name', models.CharField(max_length=200)),
            ('bio', models.TextField(blank=True, verbose_name='short bio')),
            ('imdb_id', models.CharField(blank=True, max_length=20, validators=[django.core.validators.RegexValidator('^nm[0-9]{7,}\\Z', 'An IMDb name ID looks like nm1234567.')], verbose_name='IMDb ID')),
            ('tmdb_id', models.PositiveIntegerField(blank=True, null=True, verbose_name='TMDB ID')),
            ('history_id', models.AutoField(primary_key=True, serialize=False)),
            ('history_date', models.DateTimeField(db_index=True)),
            ('history_change_reason', models.CharField(max_length=100, null=True)),
            ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
        ],
        options={
            'verbose_name': 'historical person',
            'verbose_name_plural': 'historical people',
            'ordering': ('-history_date', '-history_id'),
            'get_latest_by': ('history_date', 'history_id'),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name='HistoricalProduction',
        fields=[
            ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
            ('history_links', models.JSONField(default=dict, editable=False)),
            ('created', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
            ('updated', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False)),
            ('slug', models.SlugField(max_length=200)),
            ('wikidata_id', models.CharField(blank=True, max_length=20, validators=[django.core.validators.RegexValidator('^Q[1-9][0-9]*\\Z', 'A Wikidata ID looks like Q123456.')], verbose_name='Wikidata ID')),
            ('title', models.CharField(max_length=300)),
            ('original_title', models.CharField(blank=True, max_length=300)),
            ('kind', models.CharField(choices=[('film', 'Film'), ('series', 'Series'), ('short', 'Short film'), ('documentary', 'Documentary'), ('other', 'Other')], default='film', max_length=20)),
            ('year', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1870), catalog.models.validate_not_far_future])),
            ('release_date', models.DateField(blank=True, null=True, validators=[catalog.models.validate_plausible_date])),
            ('release_note', models.CharField(blank=True, help_text='An approximate release, e.g. “late April”.', max_length=200)),
            ('episodes', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1)], verbose_name='number of episodes')),
            ('synopsis', models.TextField(blank=True)),
            ('based_on', models.CharField(blank=True, help_text='e.g. “the comic of the same name”.', max_length=300)),
            ('based_on_by', models.CharField(blank=True, max_length=300, verbose_name='based on work by')),
            ('imdb_id', models.CharField(blank=True, max_length=20, validators=[django.core.validators.RegexValidator('^tt[0-9]{7,}\\Z', 'An IMDb title ID looks like tt1234567.')], verbose_name='IMDb ID')),
            ('tmdb_id', models.PositiveIntegerField(blank=True, null=True, verbose_name='TMDB ID')),
            ('history_id', models.AutoField(primary_key=True, serialize=False)),
            ('history_date', models.DateTimeField(db_index=True)),
            ('history_change_reason', models.CharField(max_length=100, null=True)),
            ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
        ],
        options={
            'verbose_name': 'historical production',
            'verbose_name_plural': 'historical productions',
            'ordering': ('-history_date', '-history_id'),
            'get_latest_by': ('history_date', 'history_id'),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name='HistoricalSource',
        fields=[
            ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
            ('history_links', models.JSONField(default=dict, editable=False)),
            ('created', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
            ('updated', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False)),
            ('slug', models.SlugField(max_length=200)),
            ('title', models.CharField(max_length=300)),
            ('publisher', models.CharField(blank=True, max_length=200)),
            ('author', models.CharField(blank=True, max_length=200)),
            ('url', models.URLField(blank=True, max_length=500, verbose_name='URL')),
            ('published', models.DateField(blank=True, null=True, validators=[catalog.models.validate_plausible_date])),
            ('published_note', models.CharField(blank=True, help_text='A partial or approximate date when the exact one is unknown, e.g. “18 July”.', max_length=200)),
            ('accessed', models.DateField(blank=True, null=True, validators=[catalog.models.validate_plausible_date], verbose_name='date accessed')),
            ('summary', models.TextField(blank=True)),
            ('archive_url', models.URLField(blank=True, help_text='The URL of a copy kept by a web archive, e.g. https://web.archive.org/web/…', max_length=500, verbose_name='archived copy')),
            ('archived_on', models.DateField(blank=True, help_text='When the archive made the copy (the date in its URL).', null=True, validators=[catalog.models.validate_plausible_date], verbose_name='date archived')),
            ('search_vector', django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
            ('history_id', models.AutoField(primary_key=True, serialize=False)),
            ('history_date', models.DateTimeField(db_index=True)),
            ('history_change_reason', models.CharField(max_length=100, null=True)),
            ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
        ],
        options={
            'verbose_name': 'historical source',
            'verbose_name_plural': 'historical sources',
            'ordering': ('-history_date', '-history_id'),
            'get_latest_by': ('history_date', 'history_id'),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name='HistoricalStage',
        fields=[
            ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
            ('history_links', models.JSONField(default=dict, editable=False)),
            ('created', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
            ('updated', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False)),
            ('slug', models.SlugField(max_length=60)),
            ('name', models.CharField(db_index=True, max_length=100)),
            ('position', models.PositiveSmallIntegerField(db_index=True)),
            ('description', models.TextField(blank=True)),
            ('history_id', models.AutoField(primary_key=True, serialize=False)),
            ('history_date', models.DateTimeField(db_index=True)),
            ('history_change_reason', models.CharField(max_length=100, null=True)),
            ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
        ],
        options={
            'verbose_name': 'historical stage',
            'verbose_name_plural': 'historical stages',
            'ordering': ('-history_date', '-history_id'),
            'get_latest_by': ('history_date', 'history_id'),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name='HistoricalStudio',
        fields=[
            ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
            ('history_links', models.JSONField(default=dict, editable=False)),
            ('created', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
            ('updated', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False)),
            ('slug', models.SlugField(max_length=200)),
            ('wikidata_id', models.CharField(blank=True, max_length=20, validators=[django.core.validators.RegexValidator('^Q[1-9][0-9]*\\Z', 'A Wikidata ID looks like Q123456.')], verbose_name='Wikidata ID')),
            ('name', models.CharField(max_length=200)),
            ('kind', models.CharField(choices=[('studio', 'Film or TV studio'), ('streamer', 'Streamer'), ('vfx', 'VFX house'), ('animation', 'Animation studio'), ('vendor', 'Technology vendor'), ('guild', 'Guild or union'), ('other', 'Other')], default='studio', max_length=20)),
            ('country', models.CharField(blank=True, max_length=100)),
            ('city', models.CharField(blank=True, max_length=100)),
            ('description', models.TextField(blank=True)),
            ('website', models.URLField(blank=True, max_length=500)),
            ('imdb_id', models.CharField(blank=True, max_length=20, validators=[django.core.validators.RegexValidator('^co[0-9]{7,}\\Z', 'An IMDb company ID looks like co1234567.')], verbose_name='IMDb company ID')),
            ('history_id', models.AutoField(primary_key=True, serialize=False)),
            ('history_date', models.DateTimeField(db_index=True)),
            ('history_change_reason', models.CharField(max_length=100, null=True)),
            ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
        ],
        options={
            'verbose_name': 'historical studio',
            'verbose_name_plural': 'historical studios',
            'ordering': ('-history_date', '-history_id'),
            'get_latest_by': ('history_date', 'history_id'),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name='Person',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('created', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
            ('updated', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False)),
            ('slug', models.SlugField(max_length=200, unique=True)),
            ('wikidata_id', models.CharField(blank=True, max_length=20, validators=[django.core.validators.RegexValidator('^Q[1-9][0-9]*\\Z', 'A Wikidata ID looks like Q123456.')], verbose_name='Wikidata ID')),
            ('search_vector', django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
            ('name', models.CharField(max_length=200)),
            ('bio', models.TextField(blank=True, verbose_name='short bio')),
            ('imdb_id', models.CharField(blank=True, max_length=20, validators=[django.core.validators.RegexValidator('^nm[0-9]{7,}\\Z', 'An IMDb name ID looks like nm1234567.')], verbose_name='IMDb ID')),
            ('tmdb_id', models.PositiveIntegerField(blank=True, null=True, verbose_name='TMDB ID')),
            ('quote_count', models.PositiveIntegerField(db_default=0, default=0, editable=False)),
            ('credit_count', models.PositiveIntegerField(db_default=0, default=0, editable=False)),
            ('controversy_count', models.PositiveIntegerField(db_default=0, default=0, editable=False)),
            ('tags', taggit.managers.TaggableManager(blank=True, help_text='A comma-separated list of tags.', through='taggit.TaggedItem', to='taggit.Tag', verbose_name='Tags')),
        ],
        options={
            'verbose_name_plural': 'people',
            'ordering': ['name'],
        },
        bases=(catalog.models.KeptCounts, catalog.models.OpenData, catalog.models.ChecksInOneQuery, models.Model),
    ),
    migrations.CreateModel(
        name='Controversy',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('created', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
            ('updated', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False)),
            ('slug', models.SlugField(max_length=200, unique=True)),
            ('wikidata_id', models.CharField(blank=True, max_length=20, validators=[django.core.validators.RegexValidator('^Q[1-9][0-9]*\\Z', 'A Wikidata ID looks like Q123456.')], verbose_name='Wikidata ID')),
            ('search_vector', django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
            ('title', models.CharField(max_length=300)),
            ('year', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1870), catalog.models.validate_not_far_future])),
            ('date', models.DateField(blank=True, null=True, validators=[catalog.models.validate_plausible_date])),
            ('summary', models.TextField()),
            ('aiid_id', models.PositiveIntegerField(blank=True, null=True, verbose_name='AI Incident Database ID')),
            ('production_count', models.PositiveIntegerField(db_default=0, default=0, editable=False)),
            ('studio_count', models.PositiveIntegerField(db_default=0, default=0, editable=False)),
            ('tool_count', models.PositiveIntegerField(db_default=0, default=0, editable=False)),
            ('person_count', models.PositiveIntegerField(db_default=0, default=0, editable=False)),
            ('tags', taggit.managers.TaggableManager(blank=True, help_text='A comma-separated list of tags.', through='taggit.TaggedItem', to='taggit.Tag', verbose_name='Tags')),
            ('tools', models.ManyToManyField(blank=True, related_name='controversies', to='catalog.aitool')),
            ('people', models.ManyToManyField(blank=True, related_name='controversies', to='catalog.person')),
        ],
        options={
            'verbose_name_plural': 'controversies',
            'ordering': ['-year', 'title'],
        },
        bases=(catalog.models.KeptCounts, catalog.models.OpenData, catalog.models.ChecksInOneQuery, models.Model),
    ),
    migrations.CreateModel(
        name='AIUse',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('created', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
            ('updated', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False)),
            ('description', models.TextField(help_text='What the tool was used for.')),
            ('year', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1870), catalog.models.validate_not_far_future])),
            ('date', models.DateField(blank=True, null=True, validators=[catalog.models.validate_plausible_date])),
            ('status', models.CharField(choices=[('reported', 'Reported'), ('confirmed', 'Confirmed'), ('denied', 'Denied'), ('retracted', 'Retracted')], default='reported', max_length=20)),
            ('disclosure', models.CharField(choices=[('self-disclosed', 'Disclosed by the production or studio'), ('on-request', 'Disclosed when asked'), ('found-by-press', 'Found by the press'), ('found-by-audience', 'Found by the audience'), ('leaked', 'Leaked'), ('denied', 'Denied by the production or studio'), ('unknown', 'Unknown')], default='unknown', max_length=30)),
            ('disclosed_on', models.DateField(blank=True, null=True, validators=[catalog.models.validate_plausible_date])),
            ('disclosed_note', models.CharField(blank=True, help_text='When the exact date is unknown, e.g. “around its second-quarter results”.', max_length=200, verbose_name='when disclosed (approximate)')),
            ('output', models.CharField(choices=[('trainedAlgorithmicMedia', 'Generated by a trained model'), ('compositeWithTrainedAlgorithmicMedia', 'Composite with generated media'), ('algorithmicallyEnhanced', 'Algorithmically enhanced'), ('dataDrivenAnalysis', 'Data-driven analysis, no media output'), ('unknown', 'Unknown')], default='unknown', max_length=50, verbose_name='what it produced')),
            ('on_screen', models.CharField(choices=[('yes', 'Yes'), ('no', 'No'), ('unknown', 'Unknown')], default='unknown', max_length=10, verbose_name='output on screen')),
            ('tool', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='uses', to='catalog.aitool')),
            ('disclosed_by_person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='disclosed_uses', to='catalog.person', verbose_name='disclosed by (person)')),
        ],
        options={
            'verbose_name': 'AI use',
            'ordering': ['stage__position', 'tool__name', 'pk'],
        },
        bases=(catalog.models.LoadedKeys, catalog.models.ChecksInOneQuery, models.Model),
    ),
    migrations.CreateModel(
        name='PersonRole',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('title', models.CharField(help_text='e.g. co-CEO, co-founder.', max_length=200)),
            ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='roles', to='catalog.person')),
        ],
        options={
            'verbose_name': 'role at a studio',
            'ordering': ['person', 'studio'],
        },
    ),
    migrations.CreateModel(
        name='Production',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('created', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
            ('updated', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False)),
            ('slug', models.SlugField(max_length=200, unique=True)),
            ('wikidata_id', models.CharField(blank=True, max_length=20, validators=[django.core.validators.RegexValidator('^Q[1-9][0-9]*\\Z', 'A Wikidata ID looks like Q123456.')], verbose_name='Wikidata ID')),
            ('search_vector', django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
            ('title', models.CharField(max_length=300)),
            ('original_title', models.CharField(blank=True, max_length=300)),
            ('kind', models.CharField(choices=[('film', 'Film'), ('series', 'Series'), ('short', 'Short film'), ('documentary', 'Documentary'), ('other', 'Other')], default='film', max_length=20)),
            ('year', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1870), catalog.models.validate_not_far_future])),
            ('release_date', models.DateField(blank=True, null=True, validators=[catalog.models.validate_plausible_date])),
            ('release_note', models.CharField(blank=True, help_text='An approximate release, e.g. “late April”.', max_length=200)),
            ('episodes', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1)], verbose_name='number of episodes')),
            ('synopsis', models.TextField(blank=True)),
            ('based_on', models.CharField(blank=True, help_text='e.g. “the comic of the same name”.', max_length=300)),
            ('based_on_by', models.CharField(blank=True, max_length=300, verbose_name='based on work by')),
            ('imdb_id', models.CharField(blank=True, max_length=20, validators=[django.core.validators.RegexValidator('^tt[0-9]{7,}\\Z', 'An IMDb title ID looks like tt1234567.')], verbose_name='IMDb ID')),
            ('tmdb_id', models.PositiveIntegerField(blank=True, null=True, verbose_name='TMDB ID')),
            ('use_count', models.PositiveIntegerField(db_default=0, default=0, editable=False)),
            ('studio_count', models.PositiveIntegerField(db_default=0, default=0, editable=False)),
            ('controversy_count', models.PositiveIntegerField(db_default=0, default=0, editable=False)),
            ('tags', taggit.managers.TaggableManager(blank=True, help_text='A comma-separated list of tags.', through='taggit.TaggedItem', to='taggit.Tag', verbose_name='Tags')),
        ],
        options={
            'ordering': ['title'],
        },
        bases=(catalog.models.KeptCounts, catalog.models.OpenData, catalog.models.ChecksInOneQuery, models.Model),
    ),
    migrations.CreateModel(
        name='Likeness',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('created', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
            ('updated', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False)),
            ('kind', models.CharField(choices=[('employment-replica', 'Employment-based digital replica'), ('independent-replica', 'Independently created digital replica'), ('background-replica', 'Background actor replica'), ('alteration', 'Digital alteration (e.g. de-ageing, expression edits)'), ('voice-replica', 'Voice replica'), ('synthetic-performer', 'Synthetic performer')], max_length=30)),
            ('description', models.TextField(blank=True, help_text="What was replicated or altered, in the catalog's own words.")),
            ('consent', models.CharField(choices=[('given', 'Given, as reported'), ('estate-or-union', 'Given by the estate or union'), ('refused', 'Refused'), ('disputed', 'Disputed'), ('unknown', 'Unknown')], default='unknown', max_length=20)),
            ('paid', models.CharField(choices=[('yes', 'Yes'), ('no', 'No'), ('unknown', 'Unknown')], default='unknown', max_length=10, verbose_name='paid, as reported')),
            ('performer_living', models.CharField(choices=[('yes', 'Yes'), ('no', 'No'), ('unknown', 'Unknown')], default='unknown', max_length=10, verbose_name='performer living at the time')),
            ('ai_use', models.ForeignKey(blank=True, help_text='The use of a tool that did it, where the catalog records one.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='likenesses', to='catalog.aiuse', verbose_name='AI use')),
            ('person', models.ForeignKey(help_text='The performer whose likeness was replicated or altered.', on_delete=django.db.models.deletion.PROTECT, related_name='likenesses', to='catalog.person')),
            ('production', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='likenesses', to='catalog.production')),
        ],
        options={
            'verbose_name': 'likeness record',
            'ordering': ['production', 'person', 'pk'],
        },
        bases=(catalog.models.ChecksInOneQuery, models.Model),
    ),
    migrations.CreateModel(
        name='HistoricalQuote',
        fields=[
            ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
            ('history_links', models.JSONField(default=dict, editable=False)),
            ('created', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
            ('updated', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False)),
            ('text', models.TextField(verbose_name='words')),
            ('is_paraphrase', models.BooleanField(default=False, help_text="Reported speech rather than the person's exact words.")),
            ('said_on', models.DateField(blank=True, null=True, validators=[catalog.models.validate_plausible_date])),
            ('context', models.CharField(blank=True, max_length=300)),
            ('history_id', models.AutoField(primary_key=True, serialize=False)),
            ('history_date', models.DateTimeField(db_index=True)),
            ('history_change_reason', models.CharField(max_length=100, null=True)),
            ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ('controversy', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.controversy')),
            ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ('person', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.person')),
            ('production', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.production')),
        ],
        options={
            'verbose_name': 'historical quote',
            'verbose_name_plural': 'historical quotes',
            'ordering': ('-history_date', '-history_id'),
            'get_latest_by': ('history_date', 'history_id'),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name='HistoricalLikeness',
        fields=[
            ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
            ('history_links', models.JSONField(default=dict, editable=False)),
            ('created', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
            ('updated', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False)),
            ('kind', models.CharField(choices=[('employment-replica', 'Employment-based digital replica'), ('independent-replica', 'Independently created digital replica'), ('background-replica', 'Background actor replica'), ('alteration', 'Digital alteration (e.g. de-ageing, expression edits)'), ('voice-replica', 'Voice replica'), ('synthetic-performer', 'Synthetic performer')], max_length=30)),
            ('description', models.TextField(blank=True, help_text="What was replicated or altered, in the catalog's own words.")),
            ('consent', models.CharField(choices=[('given', 'Given, as reported'), ('estate-or-union', 'Given by the estate or union'), ('refused', 'Refused'), ('disputed', 'Disputed'), ('unknown', 'Unknown')], default='unknown', max_length=20)),
            ('paid', models.CharField(choices=[('yes', 'Yes'), ('no', 'No'), ('unknown', 'Unknown')], default='unknown', max_length=10, verbose_name='paid, as reported')),
            ('performer_living', models.CharField(choices=[('yes', 'Yes'), ('no', 'No'), ('unknown', 'Unknown')], default='unknown', max_length=10, verbose_name='performer living at the time')),
            ('history_id', models.AutoField(primary_key=True, serialize=False)),
            ('history_date', models.DateTimeField(db_index=True)),
            ('history_change_reason', models.CharField(max_length=100, null=True)),
            ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ('ai_use', models.ForeignKey(blank=True, db_constraint=False, help_text='The use of a tool that did it, where the catalog records one.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.aiuse', verbose_name='AI use')),
            ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ('person', models.ForeignKey(blank=True, db_constraint=False, help_text='The performer whose likeness was replicated or altered.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.person')),
            ('production', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.production')),
        ],
        options={
            'verbose_name': 'historical likeness record',
            'verbose_name_plural': 'historical likeness records',
            'ordering': ('-history_date', '-history_id'),
            'get_latest_by': ('history_date', 'history_id'),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name='HistoricalCredit',
        fields=[
            ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
            ('history_links', models.JSONField(default=dict, editable=False)),
            ('role', models.CharField(max_length=200)),
            ('history_id', models.AutoField(primary_key=True, serialize=False)),
            ('history_date', models.DateTimeField(db_index=True)),
            ('history_change_reason', models.CharField(max_length=100, null=True)),
            ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ('person', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.person')),
            ('production', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.production')),
        ],
        options={
            'verbose_name': 'historical credit',
            'verbose_name_plural': 'historical credits',
            'ordering': ('-history_date', '-history_id'),
            'get_latest_by': ('history_date', 'history_id'),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name='Figure',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('created', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
            ('updated', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False)),
            ('label', models.CharField(help_text='e.g. “Second-quarter revenue”.', max_length=200)),
            ('value', models.DecimalField(decimal_places=2, max_digits=20)),
            ('unit', models.CharField(help_text='e.g. USD, %.', max_length=30)),
            ('period', models.CharField(blank=True, help_text='e.g. “second quarter”.', max_length=100)),
            ('note', models.TextField(blank=True)),
            ('production', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='figures', to='catalog.production')),
        ],
        options={
            'ordering': ['label', 'pk'],
        },
        bases=(catalog.models.ChecksInOneQuery, models.Model),
    ),
    migrations.CreateModel(
        name='Credit',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('role', models.CharField(max_length=200)),
            ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='credits', to='catalog.person')),
            ('production', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='credits', to='catalog.production')),
        ],
        options={
            'ordering': ['production', 'person'],
        },
        bases=(catalog.models.LoadedKeys, models.Model),
    ),
    migrations.AddField(
        model_name='controversy',
        name='productions',
        field=models.ManyToManyField(blank=True, related_name='controversies', to='catalog.production'),
    ),
    migrations.AddField(
        model_name='aiuse',
        name='production',
        field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='ai_uses', to='catalog.production'),
    ),
    migrations.CreateModel(
        name='ProductionStudio',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('role', models.CharField(choices=[('producer', 'Producer'), ('distributor', 'Distributor'), ('streamer', 'Streamer'), ('vfx', 'VFX'), ('other', 'Other')], max_length=20)),
            ('production', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='studio_roles', to='catalog.production')),
        ],
        options={
            'verbose_name': 'studio role',
            'ordering': ['production', 'role', 'studio'],
        },
        bases=(catalog.models.LoadedKeys, models.Model),
    ),
    migrations.CreateModel(
        name='Quote',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('created', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
            ('updated', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False)),
            ('text', models.TextField(verbose_name='words')),
            ('is_paraphrase', models.BooleanField(default=False, help_text="Reported speech rather than the person's exact words.")),
            ('said_on', models.DateField(blank=True, null=True, validators=[catalog.models.validate_plausible_date])),
            ('context', models.CharField(blank=True, max_length=300)),
            ('controversy', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='quotes', to='catalog.controversy')),
            ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='quotes', to='catalog.person')),
            ('production', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='quotes', to='catalog.production')),
        ],
        options={
            'ordering': ['person', 'pk'],
        },
        bases=(catalog.models.LoadedKeys, catalog.models.ChecksInOneQuery, models.Model),
    ),
    migrations.CreateModel(
        name='Response',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('created', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
            ('updated', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False)),
            ('stance', models.CharField(choices=[('confirms', 'Confirms'), ('denies', 'Denies'), ('clarifies', 'Clarifies'), ('defends', 'Defends'), ('apologises', 'Apologises'), ('declines', 'Declines to comment')], max_length=20)),
            ('summary', models.TextField(help_text="What they said, in the catalog's own words.")),
            ('said_on', models.DateField(blank=True, null=True, validators=[catalog.models.validate_plausible_date])),
            ('said_note', models.CharField(blank=True, help_text='When the exact date is unknown, e.g. “around its second-quarter results”.', max_length=200, verbose_name='when said (approximate)')),
            ('ai_use', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='responses', to='catalog.aiuse', verbose_name='AI use')),
            ('controversy', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='responses', to='catalog.controversy')),
            ('person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='responses', to='catalog.person')),
            ('quote', models.ForeignKey(blank=True, help_text='Their words, where reported, as a quote record.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='responses', to='catalog.quote')),
        ],
        options={
            'ordering': [models.OrderBy(models.F('said_on'), nulls_last=True), 'pk'],
        },
        bases=(catalog.models.ChecksInOneQuery, models.Model),
    ),
    migrations.CreateModel(
        name='Rule',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('created', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
            ('updated', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False)),
            ('slug', models.SlugField(max_length=200, unique=True)),
            ('wikidata_id', models.CharField(blank=True, max_length=20, validators=[django.core.validators.RegexValidator('^Q[1-9][0-9]*\\Z', 'A Wikidata ID looks like Q123456.')], verbose_name='Wikidata ID')),
            ('search_vector', django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
            ('title', models.CharField(max_length=300)),
            ('kind', models.CharField(choices=[('agreement', 'Guild or union agreement'), ('award-rule', 'Award eligibility rule'), ('law', 'Law or regulation'), ('deal', 'Licensing or training-data deal'), ('policy', 'Studio or platform policy'), ('other', 'Other')], max_length=20)),
            ('jurisdiction', models.CharField(blank=True, help_text='Where it applies, e.g. “European Union”.', max_length=100)),
            ('effective_on', models.DateField(blank=True, null=True, validators=[catalog.models.validate_plausible_date], verbose_name='in force from')),
            ('ends_on', models.DateField(blank=True, null=True, validators=[catalog.models.validate_plausible_date], verbose_name='in force until')),
            ('summary', models.TextField(help_text="What it requires, in the catalog's own words.")),
            ('clause', models.CharField(blank=True, help_text='The part that concerns AI, e.g. “Article 50”.', max_length=300, verbose_name='clause or article')),
            ('tags', taggit.managers.TaggableManager(blank=True, help_text='A comma-separated list of tags.', through='taggit.TaggedItem', to='taggit.Tag', verbose_name='Tags')),
        ],
        options={
            'ordering': ['title'],
        },
        bases=(catalog.models.OpenData, catalog.models.ChecksInOneQuery, models.Model),
    ),
    migrations.CreateModel(
        name='HistoricalRuleLink',
        fields=[
            ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
            ('history_links', models.JSONField(default=dict, editable=False)),
            ('created', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
            ('updated', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False)),
            ('relation', models.CharField(choices=[('governs', 'Governs'), ('prompted-by', 'Was prompted by'), ('cited-in-dispute', 'Was cited in the dispute'), ('alleged-breach', 'Allegedly breached')], max_length=20)),
            ('history_id', models.AutoField(primary_key=True, serialize=False)),
            ('history_date', models.DateTimeField(db_index=True)),
            ('history_change_reason', models.CharField(max_length=100, null=True)),
            ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ('ai_use', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.aiuse', verbose_name='AI use')),
            ('controversy', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.controversy')),
            ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ('likeness', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.likeness')),
            ('rule', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.rule')),
        ],
        options={
            'verbose_name': 'historical rule link',
            'verbose_name_plural': 'historical rule links',
            'ordering': ('-history_date', '-history_id'),
            'get_latest_by': ('history_date', 'history_id'),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name='RuleLink',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('created', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
            ('updated', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False)),
            ('relation', models.CharField(choices=[('governs', 'Governs'), ('prompted-by', 'Was prompted by'), ('cited-in-dispute', 'Was cited in the dispute'), ('alleged-breach', 'Allegedly breached')], max_length=20)),
            ('ai_use', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='rule_links', to='catalog.aiuse', verbose_name='AI use')),
            ('controversy', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='rule_links', to='catalog.controversy')),
            ('likeness', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='rule_links', to='catalog.likeness')),
            ('rule', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='links', to='catalog.rule')),
        ],
        options={
            'verbose_name': 'rule link',
            'ordering': ['rule', 'relation', 'pk'],
        },
        bases=(catalog.models.ChecksInOneQuery, models.Model),
    ),
    migrations.CreateModel(
        name='Source',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('created', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
            ('updated', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False)),
            ('slug', models.SlugField(max_length=200, unique=True)),
            ('title', models.CharField(max_length=300)),
            ('publisher', models.CharField(blank=True, max_length=200)),
            ('author', models.CharField(blank=True, max_length=200)),
            ('url', models.URLField(blank=True, max_length=500, verbose_name='URL')),
            ('published', models.DateField(blank=True, null=True, validators=[catalog.models.validate_plausible_date])),
            ('published_note', models.CharField(blank=True, help_text='A partial or approximate date when the exact one is unknown, e.g. “18 July”.', max_length=200)),
            ('accessed', models.DateField(blank=True, null=True, validators=[catalog.models.validate_plausible_date], verbose_name='date accessed')),
            ('summary', models.TextField(blank=True)),
            ('archive_url', models.URLField(blank=True, help_text='The URL of a copy kept by a web archive, e.g. https://web.archive.org/web/…', max_length=500, verbose_name='archived copy')),
            ('archived_on', models.DateField(blank=True, help_text='When the archive made the copy (the date in its URL).', null=True, validators=[catalog.models.validate_plausible_date], verbose_name='date archived')),
            ('link_status', models.CharField(choices=[('unchecked', 'Not checked yet'), ('ok', 'Works'), ('redirected', 'Works, after a redirect'), ('broken', 'Broken (an error status)'), ('unreachable', 'Unreachable (no answer)'), ('refused', 'Refused by the outbound fence')], default='unchecked', editable=False, help_text='What manage.py check_sources last found at the URL.', max_length=12)),
            ('link_checked', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='link last checked')),
            ('link_http_status', models.PositiveSmallIntegerField(blank=True, editable=False, null=True, verbose_name='HTTP status')),
            ('link_note', models.CharField(blank=True, editable=False, max_length=300, verbose_name='link check note')),
            ('url_key', models.CharField(blank=True, db_index=True, editable=False, max_length=500)),
            ('search_vector', django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
            ('claim_count', models.PositiveIntegerField(db_default=0, default=0, editable=False)),
            ('record_count', models.PositiveIntegerField(db_default=0, default=0, editable=False)),
        ],
        options={
            'ordering': ['title'],
            'indexes': [models.Index(django.db.models.functions.text.Lower('title'), models.F('id'), name='catalog_source_ltitle_id'), models.Index(fields=['title', 'id'], name='catalog_source_title_id'), models.Index(models.OrderBy(models.F('claim_count'), descending=True), django.db.models.functions.text.Lower('title'), models.F('id'), name='catalog_source_cited')],
            'constraints': [models.UniqueConstraint(django.db.models.functions.text.Lower('slug'), name='source_slug_unique_ignoring_case', violation_error_message='Another record has this slug, apart from capitals and small letters: choose another.'), models.CheckConstraint(condition=models.Q(('published__isnull', True), ('published__range', (datetime.date(1870, 1, 1), datetime.date(2100, 12, 31))), _connector='OR'), name='source_published_plausible', violation_error_message='Enter a date from 1870-01-01 to 2100-12-31.'), models.CheckConstraint(condition=models.Q(('accessed__isnull', True), ('accessed__range', (datetime.date(1870, 1, 1), datetime.date(2100, 12, 31))), _connector='OR'), name='source_accessed_plausible', violation_error_message='Enter a date from 1870-01-01 to 2100-12-31.'), models.CheckConstraint(condition=models.Q(('archived_on__isnull', True), ('archived_on__range', (datetime.date(1870, 1, 1), datetime.date(2100, 12, 31))), _connector='OR'), name='source_archived_on_plausible', violation_error_message='Enter a date from 1870-01-01 to 2100-12-31.'), models.CheckConstraint(condition=models.Q(('archived_on__isnull', True), models.Q(('archive_url', ''), _negated=True), _connector='OR'), name='source_archived_on_with_archive_url', violation_error_message="A date archived needs the archived copy's URL."), models.CheckConstraint(condition=models.Q(('link_status__in', ['unchecked', 'ok', 'redirected', 'broken', 'unreachable', 'refused'])), name='source_link_status_known'), models.CheckConstraint(condition=models.Q(('link_http_status__isnull', True), ('link_http_status__range', (100, 599)), _connector='OR'), name='source_link_http_status_range')],
        },
        bases=(catalog.models.KeptCounts, catalog.models.OpenData, catalog.models.ChecksInOneQuery, models.Model),
    ),
    migrations.CreateModel(
        name='RuleLinkCitation',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('locator', models.CharField(blank=True, db_default='', default='', help_text='Where in the source: a page, paragraph or timestamp, e.g. “p. 12”, “¶ 4”, “14:05”.', max_length=100)),
            ('note', models.CharField(blank=True, db_default='', default='', help_text="One sentence, in the catalog's own words, of what the source states.", max_length=400)),
            ('passage_start', models.CharField(blank=True, db_default='', default='', help_text='The first few words of the supporting passage, exactly as in the source.', max_length=200, verbose_name='passage starts with')),
            ('passage_end', models.CharField(blank=True, db_default='', default='', help_text='Its last few words, exactly as in the source (blank for a short passage).', max_length=200, verbose_name='passage ends with')),
            ('record', models.ForeignKey(db_column='rulelink_id', on_delete=django.db.models.deletion.CASCADE, related_name='cites', to='catalog.rulelink')),
            ('source', models.ForeignKey(on_delete=catalog.models.protect_link, related_name='+', to='catalog.source')),
        ],
        options={
            'verbose_name': 'citation (rule link)',
            'db_table': 'catalog_rulelink_sources',
            'ordering': ['pk'],
            'abstract': False,
        },
        bases=(catalog.models.LoadedKeys, models.Model),
    ),
    migrations.AddField(
        model_name='rulelink',
        name='sources',
        field=models.ManyToManyField(related_name='rule_links', through='catalog.RuleLinkCitation', to='catalog.source'),
    ),
    migrations.CreateModel(
        name='RuleCitation',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('locator', models.CharField(blank=True, db_default='', default='', help_text='Where in the source: a page, paragraph or timestamp, e.g. “p. 12”, “¶ 4”, “14:05”.', max_length=100)),
            ('note', models.CharField(blank=True, db_default='', default='', help_text="One sentence, in the catalog's own words, of what the source states.", max_length=400)),
            ('passage_start', models.CharField(blank=True, db_default='', default='', help_text='The first few words of the supporting passage, exactly as in the source.', max_length=200, verbose_name='passage starts with')),
            ('passage_end', models.CharField(blank=True, db_default='', default='', help_text='Its last few words, exactly as in the source (blank for a short passage).', max_length=200, verbose_name='passage ends with')),
            ('record', models.ForeignKey(db_column='rule_id', on_delete=django.db.models.deletion.CASCADE, related_name='cites', to='catalog.rule')),
            ('source', models.ForeignKey(on_delete=catalog.models.protect_link, related_name='+', to='catalog.source')),
        ],
        options={
            'verbose_name': 'citation (rule)',
            'db_table': 'catalog_rule_sources',
            'ordering': ['pk'],
            'abstract': False,
        },
        bases=(catalog.models.LoadedKeys, models.Model),
    ),
    migrations.AddField(
        model_name='rule',
        name='sources',
        field=models.ManyToManyField(related_name='rules', through='catalog.RuleCitation', to='catalog.source'),
    ),
    migrations.CreateModel(
        name='ResponseCitation',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('locator', models.CharField(blank=True, db_default='', default='', help_text='Where in the source: a page, paragraph or timestamp, e.g. “p. 12”, “¶ 4”, “14:05”.', max_length=100)),
            ('note', models.CharField(blank=True, db_default='', default='', help_text="One sentence, in the catalog's own words, of what the source states.", max_length=400)),
            ('passage_start', models.CharField(blank=True, db_default='', default='', help_text='The first few words of the supporting passage, exactly as in the source.', max_length=200, verbose_name='passage starts with')),
            ('passage_end', models.CharField(blank=True, db_default='', default='', help_text='Its last few words, exactly as in the source (blank for a short passage).', max_length=200, verbose_name='passage ends with')),
            ('record', models.ForeignKey(db_column='response_id', on_delete=django.db.models.deletion.CASCADE, related_name='cites', to='catalog.response')),
            ('source', models.ForeignKey(on_delete=catalog.models.protect_link, related_name='+', to='catalog.source')),
        ],
        options={
            'verbose_name': 'citation (response)',
            'db_table': 'catalog_response_sources',
            'ordering': ['pk'],
            'abstract': False,
        },
        bases=(catalog.models.LoadedKeys, models.Model),
    ),
    migrations.AddField(
        model_name='response',
        name='sources',
        field=models.ManyToManyField(related_name='responses', through='catalog.ResponseCitation', to='catalog.source'),
    ),
    migrations.CreateModel(
        name='QuoteCitation',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('locator', models.CharField(blank=True, db_default='', default='', help_text='Where in the source: a page, paragraph or timestamp, e.g. “p. 12”, “¶ 4”, “14:05”.', max_length=100)),
            ('note', models.CharField(blank=True, db_default='', default='', help_text="One sentence, in the catalog's own words, of what the source states.", max_length=400)),
            ('passage_start', models.CharField(blank=True, db_default='', default='', help_text='The first few words of the supporting passage, exactly as in the source.', max_length=200, verbose_name='passage starts with')),
            ('passage_end', models.CharField(blank=True, db_default='', default='', help_text='Its last few words, exactly as in the source (blank for a short passage).', max_length=200, verbose_name='passage ends with')),
            ('record', models.ForeignKey(db_column='quote_id', on_delete=django.db.models.deletion.CASCADE, related_name='cites', to='catalog.quote')),
            ('source', models.ForeignKey(on_delete=catalog.models.protect_link, related_name='+', to='catalog.source')),
        ],
        options={
            'verbose_name': 'citation (quote)',
            'db_table': 'catalog_quote_sources',
            'ordering': ['pk'],
            'abstract': False,
        },
        bases=(catalog.models.LoadedKeys, models.Model),
    ),
    migrations.AddField(
        model_name='quote',
        name='sources',
        field=models.ManyToManyField(related_name='quotes', through='catalog.QuoteCitation', to='catalog.source'),
    ),
    migrations.CreateModel(
        name='ProductionStudioCitation',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('locator', models.CharField(blank=True, db_default='', default='', help_text='Where in the source: a page, paragraph or timestamp, e.g. “p. 12”, “¶ 4”, “14:05”.', max_length=100)),
            ('note', models.CharField(blank=True, db_default='', default='', help_text="One sentence, in the catalog's own words, of what the source states.", max_length=400)),
            ('passage_start', models.CharField(blank=True, db_default='', default='', help_text='The first few words of the supporting passage, exactly as in the source.', max_length=200, verbose_name='passage starts with')),
            ('passage_end', models.CharField(blank=True, db_default='', default='', help_text='Its last few words, exactly as in the source (blank for a short passage).', max_length=200, verbose_name='passage ends with')),
            ('record', models.ForeignKey(db_column='productionstudio_id', on_delete=django.db.models.deletion.CASCADE, related_name='cites', to='catalog.productionstudio')),
            ('source', models.ForeignKey(on_delete=catalog.models.protect_link, related_name='+', to='catalog.source')),
        ],
        options={
            'verbose_name': 'citation (studio role)',
            'db_table': 'catalog_productionstudio_sources',
            'ordering': ['pk'],
            'abstract': False,
        },
        bases=(catalog.models.LoadedKeys, models.Model),
    ),
    migrations.AddField(
        model_name='productionstudio',
        name='sources',
        field=models.ManyToManyField(blank=True, related_name='production_studios', through='catalog.ProductionStudioCitation', to='catalog.source'),
    ),
    migrations.CreateModel(
        name='ProductionCitation',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('locator', models.CharField(blank=True, db_default='', default='', help_text='Where in the source: a page, paragraph or timestamp, e.g. “p. 12”, “¶ 4”, “14:05”.', max_length=100)),
            ('note', models.CharField(blank=True, db_default='', default='', help_text="One sentence, in the catalog's own words, of what the source states.", max_length=400)),
            ('passage_start', models.CharField(blank=True, db_default='', default='', help_text='The first few words of the supporting passage, exactly as in the source.', max_length=200, verbose_name='passage starts with')),
            ('passage_end', models.CharField(blank=True, db_default='', default='', help_text='Its last few words, exactly as in the source (blank for a short passage).', max_length=200, verbose_name='passage ends with')),
            ('record', models.ForeignKey(db_column='production_id', on_delete=django.db.models.deletion.CASCADE, related_name='cites', to='catalog.production')),
            ('source', models.ForeignKey(on_delete=catalog.models.protect_link, related_name='+', to='catalog.source')),
        ],
        options={
            'verbose_name': 'citation (production)',
            'db_table': 'catalog_production_sources',
            'ordering': ['pk'],
            'abstract': False,
        },
        bases=(catalog.models.LoadedKeys, models.Model),
    ),
    migrations.AddField(
        model_name='production',
        name='sources',
        field=models.ManyToManyField(blank=True, related_name='productions', through='catalog.ProductionCitation', to='catalog.source'),
    ),
    migrations.CreateModel(
        name='PersonRoleCitation',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('locator', models.CharField(blank=True, db_default='', default='', help_text='Where in the source: a page, paragraph or timestamp, e.g. “p. 12”, “¶ 4”, “14:05”.', max_length=100)),
            ('note', models.CharField(blank=True, db_default='', default='', help_text="One sentence, in the catalog's own words, of what the source states.", max_length=400)),
            ('passage_start', models.CharField(blank=True, db_default='', default='', help_text='The first few words of the supporting passage, exactly as in the source.', max_length=200, verbose_name='passage starts with')),
            ('passage_end', models.CharField(blank=True, db_default='', default='', help_text='Its last few words, exactly as in the source (blank for a short passage).', max_length=200, verbose_name='passage ends with')),
            ('record', models.ForeignKey(db_column='personrole_id', on_delete=django.db.models.deletion.CASCADE, related_name='cites', to='catalog.personrole')),
            ('source', models.ForeignKey(on_delete=catalog.models.protect_link, related_name='+', to='catalog.source')),
        ],
        options={
            'verbose_name': 'citation (role at a studio)',
            'db_table': 'catalog_personrole_sources',
            'ordering': ['pk'],
            'abstract': False,
        },
        bases=(catalog.models.LoadedKeys, models.Model),
    ),
    migrations.AddField(
        model_name='personrole',
        name='sources',
        field=models.ManyToManyField(blank=True, related_name='person_roles', through='catalog.PersonRoleCitation', to='catalog.source'),
    ),
    migrations.CreateModel(
        name='PersonCitation',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('locator', models.CharField(blank=True, db_default='', default='', help_text='Where in the source: a page, paragraph or timestamp, e.g. “p. 12”, “¶ 4”, “14:05”.', max_length=100)),
            ('note', models.CharField(blank=True, db_default='', default='', help_text="One sentence, in the catalog's own words, of what the source states.", max_length=400)),
            ('passage_start', models.CharField(blank=True, db_default='', default='', help_text='The first few words of the supporting passage, exactly as in the source.', max_length=200, verbose_name='passage starts with')),
            ('passage_end', models.CharField(blank=True, db_default='', default='', help_text='Its last few words, exactly as in the source (blank for a short passage).', max_length=200, verbose_name='passage ends with')),
            ('record', models.ForeignKey(db_column='person_id', on_delete=django.db.models.deletion.CASCADE, related_name='cites', to='catalog.person')),
            ('source', models.ForeignKey(on_delete=catalog.models.protect_link, related_name='+', to='catalog.source')),
        ],
        options={
            'verbose_name': 'citation (person)',
            'db_table': 'catalog_person_sources',
            'ordering': ['pk'],
            'abstract': False,
        },
        bases=(catalog.models.LoadedKeys, models.Model),
    ),
    migrations.AddField(
        model_name='person',
        name='sources',
        field=models.ManyToManyField(blank=True, related_name='people', through='catalog.PersonCitation', to='catalog.source'),
    ),
    migrations.CreateModel(
        name='LikenessCitation',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('locator', models.CharField(blank=True, db_default='', default='', help_text='Where in the source: a page, paragraph or timestamp, e.g. “p. 12”, “¶ 4”, “14:05”.', max_length=100)),
            ('note', models.CharField(blank=True, db_default='', default='', help_text="One sentence, in the catalog's own words, of what the source states.", max_length=400)),
            ('passage_start', models.CharField(blank=True, db_default='', default='', help_text='The first few words of the supporting passage, exactly as in the source.', max_length=200, verbose_name='passage starts with')),
            ('passage_end', models.CharField(blank=True, db_default='', default='', help_text='Its last few words, exactly as in the source (blank for a short passage).', max_length=200, verbose_name='passage ends with')),
            ('record', models.ForeignKey(db_column='likeness_id', on_delete=django.db.models.deletion.CASCADE, related_name='cites', to='catalog.likeness')),
            ('source', models.ForeignKey(on_delete=catalog.models.protect_link, related_name='+', to='catalog.source')),
        ],
        options={
            'verbose_name': 'citation (likeness record)',
            'db_table': 'catalog_likeness_sources',
            'ordering': ['pk'],
            'abstract': False,
        },
        bases=(catalog.models.LoadedKeys, models.Model),
    ),
    migrations.AddField(
        model_name='likeness',
        name='sources',
        field=models.ManyToManyField(related_name='likenesses', through='catalog.LikenessCitation', to='catalog.source'),
    ),
    migrations.CreateModel(
        name='FigureCitation',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('locator', models.CharField(blank=True, db_default='', default='', help_text='Where in the source: a page, paragraph or timestamp, e.g. “p. 12”, “¶ 4”, “14:05”.', max_length=100)),
            ('note', models.CharField(blank=True, db_default='', default='', help_text="One sentence, in the catalog's own words, of what the source states.", max_length=400)),
            ('passage_start', models.CharField(blank=True, db_default='', default='', help_text='The first few words of the supporting passage, exactly as in the source.', max_length=200, verbose_name='passage starts with')),
            ('passage_end', models.CharField(blank=True, db_default='', default='', help_text='Its last few words, exactly as in the source (blank for a short passage).', max_length=200, verbose_name='passage ends with')),
            ('record', models.ForeignKey(db_column='figure_id', on_delete=django.db.models.deletion.CASCADE, related_name='cites', to='catalog.figure')),
            ('source', models.ForeignKey(on_delete=catalog.models.protect_link, related_name='+', to='catalog.source')),
        ],
        options={
            'verbose_name': 'citation (figure)',
            'db_table': 'catalog_figure_sources',
            'ordering': ['pk'],
            'abstract': False,
        },
        bases=(catalog.models.LoadedKeys, models.Model),
    ),
    migrations.AddField(
        model_name='figure',
        name='sources',
        field=models.ManyToManyField(related_name='figures', through='catalog.FigureCitation', to='catalog.source'),
    ),
    migrations.CreateModel(
        name='CreditCitation',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('locator', models.CharField(blank=True, db_default='', default='', help_text='Where in the source: a page, paragraph or timestamp, e.g. “p. 12”, “¶ 4”, “14:05”.', max_length=100)),
            ('note', models.CharField(blank=True, db_default='', default='', help_text="One sentence, in the catalog's own words, of what the source states.", max_length=400)),
            ('passage_start', models.CharField(blank=True, db_default='', default='', help_text='The first few words of the supporting passage, exactly as in the source.', max_length=200, verbose_name='passage starts with')),
            ('passage_end', models.CharField(blank=True, db_default='', default='', help_text='Its last few words, exactly as in the source (blank for a short passage).', max_length=200, verbose_name='passage ends with')),
            ('record', models.ForeignKey(db_column='credit_id', on_delete=django.db.models.deletion.CASCADE, related_name='cites', to='catalog.credit')),
            ('source', models.ForeignKey(on_delete=catalog.models.protect_link, related_name='+', to='catalog.source')),
        ],
        options={
            'verbose_name': 'citation (credit)',
            'db_table': 'catalog_credit_sources',
            'ordering': ['pk'],
            'abstract': False,
        },
        bases=(catalog.models.LoadedKeys, models.Model),
    ),
    migrations.AddField(
        model_name='credit',
        name='sources',
        field=models.ManyToManyField(blank=True, related_name='credits', through='catalog.CreditCitation', to='catalog.source'),
    ),
    migrations.CreateModel(
        name='ControversyCitation',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('locator', models.CharField(blank=True, db_default='', default='', help_text='Where in the source: a page, paragraph or timestamp, e.g. “p. 12”, “¶ 4”, “14:05”.', max_length=100)),
            ('note', models.CharField(blank=True, db_default='', default='', help_text="One sentence, in the catalog's own words, of what the source states.", max_length=400)),
            ('passage_start', models.CharField(blank=True, db_default='', default='', help_text='The first few words of the supporting passage, exactly as in the source.', max_length=200, verbose_name='passage starts with')),
            ('passage_end', models.CharField(blank=True, db_default='', default='', help_text='Its last few words, exactly as in the source (blank for a short passage).', max_length=200, verbose_name='passage ends with')),
            ('record', models.ForeignKey(db_column='controversy_id', on_delete=django.db.models.deletion.CASCADE, related_name='cites', to='catalog.controversy')),
            ('source', models.ForeignKey(on_delete=catalog.models.protect_link, related_name='+', to='catalog.source')),
        ],
        options={
            'verbose_name': 'citation (controversy)',
            'db_table': 'catalog_controversy_sources',
            'ordering': ['pk'],
            'abstract': False,
        },
        bases=(catalog.models.LoadedKeys, models.Model),
    ),
    migrations.AddField(
        model_name='controversy',
        name='sources',
        field=models.ManyToManyField(related_name='controversies', through='catalog.ControversyCitation', to='catalog.source'),
    ),
    migrations.CreateModel(
        name='AIUseDisclosureCitation',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('locator', models.CharField(blank=True, db_default='', default='', help_text='Where in the source: a page, paragraph or timestamp, e.g. “p. 12”, “¶ 4”, “14:05”.', max_length=100)),
            ('note', models.CharField(blank=True, db_default='', default='', help_text="One sentence, in the catalog's own words, of what the source states.", max_length=400)),
            ('passage_start', models.CharField(blank=True, db_default='', default='', help_text='The first few words of the supporting passage, exactly as in the source.', max_length=200, verbose_name='passage starts with')),
            ('passage_end', models.CharField(blank=True, db_default='', default='', help_text='Its last few words, exactly as in the source (blank for a short passage).', max_length=200, verbose_name='passage ends with')),
            ('record', models.ForeignKey(db_column='aiuse_id', on_delete=django.db.models.deletion.CASCADE, related_name='disclosure_cites', to='catalog.aiuse')),
            ('source', models.ForeignKey(on_delete=catalog.models.protect_link, related_name='+', to='catalog.source')),
        ],
        options={
            'verbose_name': 'citation (AI use, disclosure)',
            'db_table': 'catalog_aiuse_disclosure_sources',
            'ordering': ['pk'],
            'abstract': False,
        },
        bases=(catalog.models.LoadedKeys, models.Model),
    ),
    migrations.CreateModel(
        name='AIUseCitation',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('locator', models.CharField(blank=True, db_default='', default='', help_text='Where in the source: a page, paragraph or timestamp, e.g. “p. 12”, “¶ 4”, “14:05”.', max_length=100)),
            ('note', models.CharField(blank=True, db_default='', default='', help_text="One sentence, in the catalog's own words, of what the source states.", max_length=400)),
            ('passage_start', models.CharField(blank=True, db_default='', default='', help_text='The first few words of the supporting passage, exactly as in the source.', max_length=200, verbose_name='passage starts with')),
            ('passage_end', models.CharField(blank=True, db_default='', default='', help_text='Its last few words, exactly as in the source (blank for a short passage).', max_length=200, verbose_name='passage ends with')),
            ('record', models.ForeignKey(db_column='aiuse_id', on_delete=django.db.models.deletion.CASCADE, related_name='cites', to='catalog.aiuse')),
            ('source', models.ForeignKey(on_delete=catalog.models.protect_link, related_name='+', to='catalog.source')),
        ],
        options={
            'verbose_name': 'citation (AI use)',
            'db_table': 'catalog_aiuse_sources',
            'ordering': ['pk'],
            'abstract': False,
        },
        bases=(catalog.models.LoadedKeys, models.Model),
    ),
    migrations.AddField(
        model_name='aiuse',
        name='disclosure_sources',
        field=models.ManyToManyField(blank=True, help_text='Where the disclosure (or its absence) is shown.', related_name='ai_use_disclosures', through='catalog.AIUseDisclosureCitation', to='catalog.source'),
    ),
    migrations.AddField(
        model_name='aiuse',
        name='sources',
        field=models.ManyToManyField(related_name='ai_uses', through='catalog.AIUseCitation', to='catalog.source'),
    ),
    migrations.CreateModel(
        name='AIToolCitation',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('locator', models.CharField(blank=True, db_default='', default='', help_text='Where in the source: a page, paragraph or timestamp, e.g. “p. 12”, “¶ 4”, “14:05”.', max_length=100)),
            ('note', models.CharField(blank=True, db_default='', default='', help_text="One sentence, in the catalog's own words, of what the source states.", max_length=400)),
            ('passage_start', models.CharField(blank=True, db_default='', default='', help_text='The first few words of the supporting passage, exactly as in the source.', max_length=200, verbose_name='passage starts with')),
            ('passage_end', models.CharField(blank=True, db_default='', default='', help_text='Its last few words, exactly as in the source (blank for a short passage).', max_length=200, verbose_name='passage ends with')),
            ('record', models.ForeignKey(db_column='aitool_id', on_delete=django.db.models.deletion.CASCADE, related_name='cites', to='catalog.aitool')),
            ('source', models.ForeignKey(on_delete=catalog.models.protect_link, related_name='+', to='catalog.source')),
        ],
        options={
            'verbose_name': 'citation (AI tool)',
            'db_table': 'catalog_aitool_sources',
            'ordering': ['pk'],
            'abstract': False,
        },
        bases=(catalog.models.LoadedKeys, models.Model),
    ),
    migrations.AddField(
        model_name='aitool',
        name='sources',
        field=models.ManyToManyField(blank=True, related_name='tools', through='catalog.AIToolCitation', to='catalog.source'),
    ),
    migrations.AddField(
        model_name='aiuse',
        name='stage',
        field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='ai_uses', to='catalog.stage'),
    ),
    migrations.CreateModel(
        name='StageCitation',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('locator', models.CharField(blank=True, db_default='', default='', help_text='Where in the source: a page, paragraph or timestamp, e.g. “p. 12”, “¶ 4”, “14:05”.', max_length=100)),
            ('note', models.CharField(blank=True, db_default='', default='', help_text="One sentence, in the catalog's own words, of what the source states.", max_length=400)),
            ('passage_start', models.CharField(blank=True, db_default='', default='', help_text='The first few words of the supporting passage, exactly as in the source.', max_length=200, verbose_name='passage starts with')),
            ('passage_end', models.CharField(blank=True, db_default='', default='', help_text='Its last few words, exactly as in the source (blank for a short passage).', max_length=200, verbose_name='passage ends with')),
            ('record', models.ForeignKey(db_column='stage_id', on_delete=django.db.models.deletion.CASCADE, related_name='cites', to='catalog.stage')),
            ('source', models.ForeignKey(on_delete=catalog.models.protect_link, related_name='+', to='catalog.source')),
        ],
        options={
            'verbose_name': 'citation (stage)',
            'db_table': 'catalog_stage_sources',
            'ordering': ['pk'],
            'abstract': False,
        },
        bases=(catalog.models.LoadedKeys, models.Model),
    ),
    migrations.AddField(
        model_name='stage',
        name='sources',
        field=models.ManyToManyField(blank=True, related_name='stages', through='catalog.StageCitation', to='catalog.source'),
    ),
    migrations.CreateModel(
        name='Studio',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('created', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
            ('updated', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False)),
            ('slug', models.SlugField(max_length=200, unique=True)),
            ('wikidata_id', models.CharField(blank=True, max_length=20, validators=[django.core.validators.RegexValidator('^Q[1-9][0-9]*\\Z', 'A Wikidata ID looks like Q123456.')], verbose_name='Wikidata ID')),
            ('search_vector', django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
            ('name', models.CharField(max_length=200)),
            ('kind', models.CharField(choices=[('studio', 'Film or TV studio'), ('streamer', 'Streamer'), ('vfx', 'VFX house'), ('animation', 'Animation studio'), ('vendor', 'Technology vendor'), ('guild', 'Guild or union'), ('other', 'Other')], default='studio', max_length=20)),
            ('country', models.CharField(blank=True, max_length=100)),
            ('city', models.CharField(blank=True, max_length=100)),
            ('description', models.TextField(blank=True)),
            ('website', models.URLField(blank=True, max_length=500)),
            ('imdb_id', models.CharField(blank=True, max_length=20, validators=[django.core.validators.RegexValidator('^co[0-9]{7,}\\Z', 'An IMDb company ID looks like co1234567.')], verbose_name='IMDb company ID')),
            ('production_count', models.PositiveIntegerField(db_default=0, default=0, editable=False)),
            ('use_count', models.PositiveIntegerField(db_default=0, default=0, editable=False)),
            ('tool_count', models.PositiveIntegerField(db_default=0, default=0, editable=False)),
            ('controversy_count', models.PositiveIntegerField(db_default=0, default=0, editable=False)),
            ('tags', taggit.managers.TaggableManager(blank=True, help_text='A comma-separated list of tags.', through='taggit.TaggedItem', to='taggit.Tag', verbose_name='Tags')),
        ],
        options={
            'ordering': ['name'],
        },
        bases=(catalog.models.KeptCounts, catalog.models.OpenData, catalog.models.ChecksInOneQuery, models.Model),
    ),
    migrations.AddField(
        model_name='rule',
        name='issuer',
        field=models.ForeignKey(blank=True, help_text='The guild, studio, academy, legislature or company behind it.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='rules_issued', to='catalog.studio'),
    ),
    migrations.AddField(
        model_name='response',
        name='studio',
        field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='responses', to='catalog.studio'),
    ),
    migrations.AddField(
        model_name='productionstudio',
        name='studio',
        field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='production_roles', to='catalog.studio'),
    ),
    migrations.AddField(
        model_name='production',
        name='studios',
        field=models.ManyToManyField(blank=True, related_name='productions', through='catalog.ProductionStudio', to='catalog.studio'),
    ),
    migrations.AddField(
        model_name='personrole',
        name='studio',
        field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='people_roles', to='catalog.studio'),
    ),
    migrations.CreateModel(
        name='HistoricalRule',
        fields=[
            ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
            ('history_links', models.JSONField(default=dict, editable=False)),
            ('created', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
            ('updated', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False)),
            ('slug', models.SlugField(max_length=200)),
            ('wikidata_id', models.CharField(blank=True, max_length=20, validators=[django.core.validators.RegexValidator('^Q[1-9][0-9]*\\Z', 'A Wikidata ID looks like Q123456.')], verbose_name='Wikidata ID')),
            ('title', models.CharField(max_length=300)),
            ('kind', models.CharField(choices=[('agreement', 'Guild or union agreement'), ('award-rule', 'Award eligibility rule'), ('law', 'Law or regulation'), ('deal', 'Licensing or training-data deal'), ('policy', 'Studio or platform policy'), ('other', 'Other')], max_length=20)),
            ('jurisdiction', models.CharField(blank=True, help_text='Where it applies, e.g. “European Union”.', max_length=100)),
            ('effective_on', models.DateField(blank=True, null=True, validators=[catalog.models.validate_plausible_date], verbose_name='in force from')),
            ('ends_on', models.DateField(blank=True, null=True, validators=[catalog.models.validate_plausible_date], verbose_name='in force until')),
            ('summary', models.TextField(help_text="What it requires, in the catalog's own words.")),
            ('clause', models.CharField(blank=True, help_text='The part that concerns AI, e.g. “Article 50”.', max_length=300, verbose_name='clause or article')),
            ('history_id', models.AutoField(primary_key=True, serialize=False)),
            ('history_date', models.DateTimeField(db_index=True)),
            ('history_change_reason', models.CharField(max_length=100, null=True)),
            ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ('issuer', models.ForeignKey(blank=True, db_constraint=False, help_text='The guild, studio, academy, legislature or company behind it.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.studio')),
        ],
        options={
            'verbose_name': 'historical rule',
            'verbose_name_plural': 'historical rules',
            'ordering': ('-history_date', '-history_id'),
            'get_latest_by': ('history_date', 'history_id'),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name='HistoricalResponse',
        fields=[
            ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
            ('history_links', models.JSONField(default=dict, editable=False)),
            ('created', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
            ('updated', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False)),
            ('stance', models.CharField(choices=[('confirms', 'Confirms'), ('denies', 'Denies'), ('clarifies', 'Clarifies'), ('defends', 'Defends'), ('apologises', 'Apologises'), ('declines', 'Declines to comment')], max_length=20)),
            ('summary', models.TextField(help_text="What they said, in the catalog's own words.")),
            ('said_on', models.DateField(blank=True, null=True, validators=[catalog.models.validate_plausible_date])),
            ('said_note', models.CharField(blank=True, help_text='When the exact date is unknown, e.g. “around its second-quarter results”.', max_length=200, verbose_name='when said (approximate)')),
            ('history_id', models.AutoField(primary_key=True, serialize=False)),
            ('history_date', models.DateTimeField(db_index=True)),
            ('history_change_reason', models.CharField(max_length=100, null=True)),
            ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ('ai_use', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.aiuse', verbose_name='AI use')),
            ('controversy', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.controversy')),
            ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ('person', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.person')),
            ('quote', models.ForeignKey(blank=True, db_constraint=False, help_text='Their words, where reported, as a quote record.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.quote')),
            ('studio', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.studio')),
        ],
        options={
            'verbose_name': 'historical response',
            'verbose_name_plural': 'historical responses',
            'ordering': ('-history_date', '-history_id'),
            'get_latest_by': ('history_date', 'history_id'),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name='HistoricalProductionStudio',
        fields=[
            ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
            ('history_links', models.JSONField(default=dict, editable=False)),
            ('role', models.CharField(choices=[('producer', 'Producer'), ('distributor', 'Distributor'), ('streamer', 'Streamer'), ('vfx', 'VFX'), ('other', 'Other')], max_length=20)),
            ('history_id', models.AutoField(primary_key=True, serialize=False)),
            ('history_date', models.DateTimeField(db_index=True)),
            ('history_change_reason', models.CharField(max_length=100, null=True)),
            ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ('production', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.production')),
            ('studio', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.studio')),
        ],
        options={
            'verbose_name': 'historical studio role',
            'verbose_name_plural': 'historical studio roles',
            'ordering': ('-history_date', '-history_id'),
            'get_latest_by': ('history_date', 'history_id'),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name='HistoricalPersonRole',
        fields=[
            ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
            ('history_links', models.JSONField(default=dict, editable=False)),
            ('title', models.CharField(help_text='e.g. co-CEO, co-founder.', max_length=200)),
            ('history_id', models.AutoField(primary_key=True, serialize=False)),
            ('history_date', models.DateTimeField(db_index=True)),
            ('history_change_reason', models.CharField(max_length=100, null=True)),
            ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ('person', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.person')),
            ('studio', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.studio')),
        ],
        options={
            'verbose_name': 'historical role at a studio',
            'verbose_name_plural': 'historical role at a studios',
            'ordering': ('-history_date', '-history_id'),
            'get_latest_by': ('history_date', 'history_id'),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name='HistoricalFigure',
        fields=[
            ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
            ('history_links', models.JSONField(default=dict, editable=False)),
            ('created', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
            ('updated', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False)),
            ('label', models.CharField(help_text='e.g. “Second-quarter revenue”.', max_length=200)),
            ('value', models.DecimalField(decimal_places=2, max_digits=20)),
            ('unit', models.CharField(help_text='e.g. USD, %.', max_length=30)),
            ('period', models.CharField(blank=True, help_text='e.g. “second quarter”.', max_length=100)),
            ('note', models.TextField(blank=True)),
            ('history_id', models.AutoField(primary_key=True, serialize=False)),
            ('history_date', models.DateTimeField(db_index=True)),
            ('history_change_reason', models.CharField(max_length=100, null=True)),
            ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ('production', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.production')),
            ('studio', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.studio')),
        ],
        options={
            'verbose_name': 'historical figure',
            'verbose_name_plural': 'historical figures',
            'ordering': ('-history_date', '-history_id'),
            'get_latest_by': ('history_date', 'history_id'),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name='HistoricalAIUse',
        fields=[
            ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
            ('history_links', models.JSONField(default=dict, editable=False)),
            ('created', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
            ('updated', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False)),
            ('description', models.TextField(help_text='What the tool was used for.')),
            ('year', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1870), catalog.models.validate_not_far_future])),
            ('date', models.DateField(blank=True, null=True, validators=[catalog.models.validate_plausible_date])),
            ('status', models.CharField(choices=[('reported', 'Reported'), ('confirmed', 'Confirmed'), ('denied', 'Denied'), ('retracted', 'Retracted')], default='reported', max_length=20)),
            ('disclosure', models.CharField(choices=[('self-disclosed', 'Disclosed by the production or studio'), ('on-request', 'Disclosed when asked'), ('found-by-press', 'Found by the press'), ('found-by-audience', 'Found by the audience'), ('leaked', 'Leaked'), ('denied', 'Denied by the production or studio'), ('unknown', 'Unknown')], default='unknown', max_length=30)),
            ('disclosed_on', models.DateField(blank=True, null=True, validators=[catalog.models.validate_plausible_date])),
            ('disclosed_note', models.CharField(blank=True, help_text='When the exact date is unknown, e.g. “around its second-quarter results”.', max_length=200, verbose_name='when disclosed (approximate)')),
            ('output', models.CharField(choices=[('trainedAlgorithmicMedia', 'Generated by a trained model'), ('compositeWithTrainedAlgorithmicMedia', 'Composite with generated media'), ('algorithmicallyEnhanced', 'Algorithmically enhanced'), ('dataDrivenAnalysis', 'Data-driven analysis, no media output'), ('unknown', 'Unknown')], default='unknown', max_length=50, verbose_name='what it produced')),
            ('on_screen', models.CharField(choices=[('yes', 'Yes'), ('no', 'No'), ('unknown', 'Unknown')], default='unknown', max_length=10, verbose_name='output on screen')),
            ('history_id', models.AutoField(primary_key=True, serialize=False)),
            ('history_date', models.DateTimeField(db_index=True)),
            ('history_change_reason', models.CharField(max_length=100, null=True)),
            ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ('tool', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.aitool')),
            ('disclosed_by_person', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.person', verbose_name='disclosed by (person)')),
            ('production', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.production')),
            ('stage', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.stage')),
            ('disclosed_by_studio', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.studio', verbose_name='disclosed by (studio)')),
            ('studio', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.studio')),
        ],
        options={
            'verbose_name': 'historical AI use',
            'verbose_name_plural': 'historical AI uses',
            'ordering': ('-history_date', '-history_id'),
            'get_latest_by': ('history_date', 'history_id'),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name='HistoricalAITool',
        fields=[
            ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
            ('history_links', models.JSONField(default=dict, editable=False)),
            ('created', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
            ('updated', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False)),
            ('slug', models.SlugField(max_length=200)),
            ('wikidata_id', models.CharField(blank=True, max_length=20, validators=[django.core.validators.RegexValidator('^Q[1-9][0-9]*\\Z', 'A Wikidata ID looks like Q123456.')], verbose_name='Wikidata ID')),
            ('name', models.CharField(max_length=200)),
            ('technique', models.CharField(choices=[('generative', 'Generative video and images'), ('script-analytics', 'Script analytics'), ('predictive', 'Predictive analytics'), ('facial-performance', 'Facial performance'), ('face-swap', 'Face swap and de-ageing'), ('distribution', 'Distribution and audience'), ('other', 'Other')], max_length=30)),
            ('is_generic', models.BooleanField(default=False, help_text='A kind of technology (“deepfake”) rather than a named product.', verbose_name='generic technology')),
            ('description', models.TextField(blank=True, verbose_name='what it does')),
            ('website', models.URLField(blank=True, max_length=500)),
            ('history_id', models.AutoField(primary_key=True, serialize=False)),
            ('history_date', models.DateTimeField(db_index=True)),
            ('history_change_reason', models.CharField(max_length=100, null=True)),
            ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ('vendor', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.studio')),
        ],
        options={
            'verbose_name': 'historical AI tool',
            'verbose_name_plural': 'historical AI tools',
            'ordering': ('-history_date', '-history_id'),
            'get_latest_by': ('history_date', 'history_id'),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.AddField(
        model_name='figure',
        name='studio',
        field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='figures', to='catalog.studio'),
    ),
    migrations.AddField(
        model_name='controversy',
        name='studios',
        field=models.ManyToManyField(blank=True, related_name='controversies', to='catalog.studio'),
    ),
    migrations.AddField(
        model_name='aiuse',
        name='disclosed_by_studio',
        field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='disclosed_uses', to='catalog.studio', verbose_name='disclosed by (studio)'),
    ),
    migrations.AddField(
        model_name='aiuse',
        name='studio',
        field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='ai_uses', to='catalog.studio'),
    ),
    migrations.AddField(
        model_name='aitool',
        name='vendor',
        field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='tools_made', to='catalog.studio'),
    ),
    migrations.CreateModel(
        name='StudioCitation',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('locator', models.CharField(blank=True, db_default='', default='', help_text='Where in the source: a page, paragraph or timestamp, e.g. “p. 12”, “¶ 4”, “14:05”.', max_length=100)),
            ('note', models.CharField(blank=True, db_default='', default='', help_text="One sentence, in the catalog's own words, of what the source states.", max_length=400)),
            ('passage_start', models.CharField(blank=True, db_default='', default='', help_text='The first few words of the supporting passage, exactly as in the source.', max_length=200, verbose_name='passage starts with')),
            ('passage_end', models.CharField(blank=True, db_default='', default='', help_text='Its last few words, exactly as in the source (blank for a short passage).', max_length=200, verbose_name='passage ends with')),
            ('record', models.ForeignKey(db_column='studio_id', on_delete=django.db.models.deletion.CASCADE, related_name='cites', to='catalog.studio')),
            ('source', models.ForeignKey(on_delete=catalog.models.protect_link, related_name='+', to='catalog.source')),
        ],
        options={
            'verbose_name': 'citation (studio)',
            'db_table': 'catalog_studio_sources',
            'ordering': ['pk'],
            'abstract': False,
        },
        bases=(catalog.models.LoadedKeys, models.Model),
    ),
    migrations.AddField(
        model_name='studio',
        name='sources',
        field=models.ManyToManyField(blank=True, related_name='studios', through='catalog.StudioCitation', to='catalog.source'),
    ),
    migrations.CreateModel(
        name='TagCount',
        fields=[
            ('tag', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='kept_count', serialize=False, to='taggit.tag')),
            ('record_count', models.PositiveIntegerField(db_default=0, default=0, editable=False)),
        ],
        options={
            'indexes': [models.Index(models.OrderBy(models.F('record_count'), descending=True), models.F('tag'), name='catalog_tagcount_records')],
        },
    ),
    migrations.CreateModel(
        name='Tally',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('name', models.CharField(max_length=40)),
            ('a', models.BigIntegerField()),
            ('b', models.BigIntegerField()),
            ('n', models.PositiveIntegerField()),
        ],
        options={
            'indexes': [models.Index(models.F('name'), models.F('a'), models.OrderBy(models.F('n'), descending=True), models.F('b'), name='catalog_tally_largest')],
            'constraints': [models.UniqueConstraint(fields=('name', 'a', 'b'), name='catalog_tally_unique'), models.CheckConstraint(condition=models.Q(('n__gt', 0)), name='catalog_tally_counts')],
        },
    ),
    migrations.CreateModel(
        name='Correction',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('reference', models.CharField(editable=False, help_text='The code the reader was given, e.g. K7Q4M2XD.', max_length=12, unique=True, verbose_name='reference')),
            ('record_type', models.CharField(choices=[('production', 'production'), ('studio', 'studio'), ('tool', 'AI tool'), ('controversy', 'controversy'), ('person', 'person'), ('rule', 'rule'), ('source', 'source'), ('stage', 'stage')], max_length=20, verbose_name='record type')),
            ('record_id', models.BigIntegerField(verbose_name='record id')),
            ('record_name', models.CharField(help_text='What the record was called when suggested.', max_length=300, verbose_name='record name')),
            ('claim_kind', models.CharField(blank=True, choices=[('ai_use', 'AI use'), ('quote', 'quote'), ('figure', 'figure'), ('likeness', 'likeness record'), ('response', 'response'), ('rule_link', 'rule link'), ('studio_role', 'studio role'), ('person_role', 'role at a studio'), ('credit', 'credit'), ('controversy', 'controversy')], max_length=20, verbose_name='claim')),
            ('claim_id', models.BigIntegerField(blank=True, null=True, verbose_name='claim id')),
            ('claim_text', models.CharField(blank=True, help_text='The claim as the reader saw it when suggesting.', max_length=500, verbose_name='claim as shown')),
            ('wrong', models.CharField(max_length=2000, verbose_name='what is wrong')),
            ('should_say', models.CharField(blank=True, max_length=2000, verbose_name='what it should say')),
            ('source_url', models.URLField(blank=True, max_length=500, verbose_name='source')),
            ('email', models.EmailField(blank=True, max_length=254, verbose_name='email')),
            ('status', models.CharField(choices=[('new', 'New'), ('accepted', 'Accepted'), ('rejected', 'Rejected'), ('duplicate', 'Duplicate')], default='new', max_length=10, verbose_name='status')),
            ('reason', models.CharField(blank=True, help_text='Why it was rejected (required), or a note on the decision.', max_length=1000, verbose_name='reason')),
            ('created', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='received')),
            ('decided', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='decided')),
            ('client_hash', models.CharField(editable=False, max_length=64, verbose_name='sender (hashed)')),
            ('decided_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by')),
            ('duplicate_of', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='duplicates', to='catalog.correction', verbose_name='duplicate of')),
        ],
        options={
            'verbose_name': 'correction',
            'verbose_name_plural': 'corrections',
            'ordering': ['-created', '-pk'],
            'indexes': [models.Index(fields=['status', '-created'], name='catalog_correction_queue'), models.Index(fields=['record_type', 'record_id'], name='catalog_correction_record')],
            'constraints': [models.CheckConstraint(condition=models.Q(('status__in', ['new', 'accepted', 'rejected', 'duplicate'])), name='correction_status_known'), models.CheckConstraint(condition=models.Q(('record_type__in', ['production', 'studio', 'tool', 'controversy', 'person', 'rule', 'source', 'stage'])), name='correction_record_type_known'), models.CheckConstraint(condition=models.Q(('record_id__gte', 1)), name='correction_record_id'), models.CheckConstraint(condition=models.Q(models.Q(('claim_kind', ''), ('claim_id__isnull', True)), models.Q(('claim_kind__in', ['ai_use', 'quote', 'figure', 'likeness', 'response', 'rule_link', 'studio_role', 'person_role', 'credit', 'controversy']), ('claim_id__isnull', False), ('claim_id__gte', 1)), _connector='OR'), name='correction_claim_kind_and_id', violation_error_message='A claim needs both its kind and its id.'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'rejected'), _negated=True), models.Q(('reason', ''), _negated=True), _connector='OR'), name='correction_rejected_needs_reason', violation_error_message='Say why the suggestion is rejected.'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'duplicate'), ('duplicate_of__isnull', False)), models.Q(models.Q(('status', 'duplicate'), _negated=True), ('duplicate_of__isnull', True)), _connector='OR'), name='correction_duplicate_needs_original', violation_error_message='A duplicate names the suggestion it repeats, and only a duplicate does.'), models.CheckConstraint(condition=models.Q(('duplicate_of', models.F('pk')), _negated=True), name='correction_not_its_own_duplicate', violation_error_message='A suggestion cannot be a duplicate of itself.'), models.CheckConstraint(condition=models.Q(('wrong', ''), _negated=True), name='correction_says_what_is_wrong')],
        },
        bases=(catalog.models.ChecksInOneQuery, models.Model),
    ),
    migrations.AddConstraint(
        model_name='rulelinkcitation',
        constraint=models.CheckConstraint(condition=models.Q(('passage_end', ''), models.Q(('passage_start', ''), _negated=True), _connector='OR'), name='rulelinkcitation_end_needs_start', violation_error_message="Give the passage's first words as well as its last."),
    ),
    migrations.AlterUniqueTogether(
        name='rulelinkcitation',
        unique_together={('record', 'source')},
    ),
    migrations.AddConstraint(
        model_name='rulelink',
        constraint=models.CheckConstraint(condition=models.Q(models.Q(('ai_use__isnull', False), ('controversy__isnull', True), ('likeness__isnull', True)), models.Q(('ai_use__isnull', True), ('controversy__isnull', True), ('likeness__isnull', False)), models.Q(('ai_use__isnull', True), ('controversy__isnull', False), ('likeness__isnull', True)), _connector='OR'), name='rule_link_has_one_subject', violation_error_message='A rule link points at exactly one AI use, likeness record or controversy.'),
    ),
    migrations.AddConstraint(
        model_name='rulelink',
        constraint=models.UniqueConstraint(condition=models.Q(('ai_use__isnull', False)), fields=('rule', 'relation', 'ai_use'), name='unique_rule_link_ai_use', violation_error_message='This rule is already linked to it in this way: edit that link instead.'),
    ),
    migrations.AddConstraint(
        model_name='rulelink',
        constraint=models.UniqueConstraint(condition=models.Q(('likeness__isnull', False)), fields=('rule', 'relation', 'likeness'), name='unique_rule_link_likeness', violation_error_message='This rule is already linked to it in this way: edit that link instead.'),
    ),
    migrations.AddConstraint(
        model_name='rulelink',
        constraint=models.UniqueConstraint(condition=models.Q(('controversy__isnull', False)), fields=('rule', 'relation', 'controversy'), name='unique_rule_link_controversy', violation_error_message='This rule is already linked to it in this way: edit that link instead.'),
    ),
    migrations.AddConstraint(
        model_name='rulecitation',
        constraint=models.CheckConstraint(condition=models.Q(('passage_end', ''), models.Q(('passage_start', ''), _negated=True), _connector='OR'), name='rulecitation_end_needs_start', violation_error_message="Give the passage's first words as well as its last."),
    ),
    migrations.AlterUniqueTogether(
        name='rulecitation',
        unique_together={('record', 'source')},
    ),
    migrations.AddConstraint(
        model_name='responsecitation',
        constraint=models.CheckConstraint(condition=models.Q(('passage_end', ''), models.Q(('passage_start', ''), _negated=True), _connector='OR'), name='responsecitation_end_needs_start', violation_error_message="Give the passage's first words as well as its last."),
    ),
    migrations.AlterUniqueTogether(
        name='responsecitation',
        unique_together={('record', 'source')},
    ),
    migrations.AddConstraint(
        model_name='quotecitation',
        constraint=models.CheckConstraint(condition=models.Q(('passage_end', ''), models.Q(('passage_start', ''), _negated=True), _connector='OR'), name='quotecitation_end_needs_start', violation_error_message="Give the passage's first words as well as its last."),
    ),
    migrations.AlterUniqueTogether(
        name='quotecitation',
        unique_together={('record', 'source')},
    ),
    migrations.AddConstraint(
        model_name='quote',
        constraint=models.CheckConstraint(condition=models.Q(('said_on__isnull', True), ('said_on__range', (datetime.date(1870, 1, 1), datetime.date(2100, 12, 31))), _connector='OR'), name='quote_said_on_plausible', violation_error_message='Enter a date from 1870-01-01 to 2100-12-31.'),
    ),
    migrations.AddConstraint(
        model_name='productionstudiocitation',
        constraint=models.CheckConstraint(condition=models.Q(('passage_end', ''), models.Q(('passage_start', ''), _negated=True), _connector='OR'), name='productionstudiocitation_end_needs_start', violation_error_message="Give the passage's first words as well as its last."),
    ),
    migrations.AlterUniqueTogether(
        name='productionstudiocitation',
        unique_together={('record', 'source')},
    ),
    migrations.AddConstraint(
        model_name='productioncitation',
        constraint=models.CheckConstraint(condition=models.Q(('passage_end', ''), models.Q(('passage_start', ''), _negated=True), _connector='OR'), name='productioncitation_end_needs_start', violation_error_message="Give the passage's first words as well as its last."),
    ),
    migrations.AlterUniqueTogether(
        name='productioncitation',
        unique_together={('record', 'source')},
    ),
    migrations.AddConstraint(
        model_name='personrolecitation',
        constraint=models.CheckConstraint(condition=models.Q(('passage_end', ''), models.Q(('passage_start', ''), _negated=True), _connector='OR'), name='personrolecitation_end_needs_start', violation_error_message="Give the passage's first words as well as its last."),
    ),
    migrations.AlterUniqueTogether(
        name='personrolecitation',
        unique_together={('record', 'source')},
    ),
    migrations.AddConstraint(
        model_name='personcitation',
        constraint=models.CheckConstraint(condition=models.Q(('passage_end', ''), models.Q(('passage_start', ''), _negated=True), _connector='OR'), name='personcitation_end_needs_start', violation_error_message="Give the passage's first words as well as its last."),
    ),
    migrations.AlterUniqueTogether(
        name='personcitation',
        unique_together={('record', 'source')},
    ),
    migrations.AddIndex(
        model_name='person',
        index=models.Index(django.db.models.functions.text.Lower('name'), models.F('id'), name='catalog_person_lname_id'),
    ),
    migrations.AddIndex(
        model_name='person',
        index=models.Index(fields=['name', 'id'], name='catalog_person_name_id'),
    ),
    migrations.AddIndex(
        model_name='person',
        index=models.Index(models.OrderBy(models.F('quote_count'), descending=True), django.db.models.functions.text.Lower('name'), models.F('id'), name='catalog_person_quotes'),
    ),
    migrations.AddConstraint(
        model_name='person',
        constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('slug'), name='person_slug_unique_ignoring_case', violation_error_message='Another record has this slug, apart from capitals and small letters: choose another.'),
    ),
    migrations.AddConstraint(
        model_name='likenesscitation',
        constraint=models.CheckConstraint(condition=models.Q(('passage_end', ''), models.Q(('passage_start', ''), _negated=True), _connector='OR'), name='likenesscitation_end_needs_start', violation_error_message="Give the passage's first words as well as its last."),
    ),
    migrations.AlterUniqueTogether(
        name='likenesscitation',
        unique_together={('record', 'source')},
    ),
    migrations.AddConstraint(
        model_name='likeness',
        constraint=models.UniqueConstraint(fields=('person', 'production', 'kind'), name='unique_likeness_per_kind'),
    ),
    migrations.AddConstraint(
        model_name='figurecitation',
        constraint=models.CheckConstraint(condition=models.Q(('passage_end', ''), models.Q(('passage_start', ''), _negated=True), _connector='OR'), name='figurecitation_end_needs_start', violation_error_message="Give the passage's first words as well as its last."),
    ),
    migrations.AlterUniqueTogether(
        name='figurecitation',
        unique_together={('record', 'source')},
    ),
    migrations.AddConstraint(
        model_name='creditcitation',
        constraint=models.CheckConstraint(condition=models.Q(('passage_end', ''), models.Q(('passage_start', ''), _negated=True), _connector='OR'), name='creditcitation_end_needs_start', violation_error_message="Give the passage's first words as well as its last."),
    ),
    migrations.AlterUniqueTogether(
        name='creditcitation',
        unique_together={('record', 'source')},
    ),
    migrations.AddConstraint(
        model_name='credit',
        constraint=models.UniqueConstraint(fields=('person', 'production', 'role'), name='unique_credit'),
    ),
    migrations.AddConstraint(
        model_name='controversycitation',
        constraint=models.CheckConstraint(condition=models.Q(('passage_end', ''), models.Q(('passage_start', ''), _negated=True), _connector='OR'), name='controversycitation_end_needs_start', violation_error_message="Give the passage's first words as well as its last."),
    ),
    migrations.AlterUniqueTogether(
        name='controversycitation',
        unique_together={('record', 'source')},
    ),
    migrations.AddConstraint(
        model_name='aiusedisclosurecitation',
        constraint=models.CheckConstraint(condition=models.Q(('passage_end', ''), models.Q(('passage_start', ''), _negated=True), _connector='OR'), name='aiusedisclosurecitation_end_needs_start', violation_error_message="Give the passage's first words as well as its last."),
    ),
    migrations.AlterUniqueTogether(
        name='aiusedisclosurecitation',
        unique_together={('record', 'source')},
    ),
    migrations.AddConstraint(
        model_name='aiusecitation',
        constraint=models.CheckConstraint(condition=models.Q(('passage_end', ''), models.Q(('passage_start', ''), _negated=True), _connector='OR'), name='aiusecitation_end_needs_start', violation_error_message="Give the passage's first words as well as its last."),
    ),
    migrations.AlterUniqueTogether(
        name='aiusecitation',
        unique_together={('record', 'source')},
    ),
    migrations.AddConstraint(
        model_name='aitoolcitation',
        constraint=models.CheckConstraint(condition=models.Q(('passage_end', ''), models.Q(('passage_start', ''), _negated=True), _connector='OR'), name='aitoolcitation_end_needs_start', violation_error_message="Give the passage's first words as well as its last."),
    ),
    migrations.AlterUniqueTogether(
        name='aitoolcitation',
        unique_together={('record', 'source')},
    ),
    migrations.AddConstraint(
        model_name='stagecitation',
        constraint=models.CheckConstraint(condition=models.Q(('passage_end', ''), models.Q(('passage_start', ''), _negated=True), _connector='OR'), name='stagecitation_end_needs_start', violation_error_message="Give the passage's first words as well as its last."),
    ),
    migrations.AlterUniqueTogether(
        name='stagecitation',
        unique_together={('record', 'source')},
    ),
    migrations.AddConstraint(
        model_name='stage',
        constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('slug'), name='stage_slug_unique_ignoring_case', violation_error_message='Another record has this slug, apart from capitals and small letters: choose another.'),
    ),
    migrations.AddIndex(
        model_name='rule',
        index=models.Index(django.db.models.functions.text.Lower('title'), models.F('id'), name='catalog_rule_ltitle_id'),
    ),
    migrations.AddConstraint(
        model_name='rule',
        constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('slug'), name='rule_slug_unique_ignoring_case', violation_error_message='Another record has this slug, apart from capitals and small letters: choose another.'),
    ),
    migrations.AddConstraint(
        model_name='rule',
        constraint=models.CheckConstraint(condition=models.Q(('ends_on__isnull', True), ('effective_on__isnull', True), ('ends_on__gte', models.F('effective_on')), _connector='OR'), name='rule_ends_after_it_starts', violation_error_message='A rule cannot end before it comes into force.'),
    ),
    migrations.AddConstraint(
        model_name='rule',
        constraint=models.CheckConstraint(condition=models.Q(('effective_on__isnull', True), ('effective_on__range', (datetime.date(1870, 1, 1), datetime.date(2100, 12, 31))), _connector='OR'), name='rule_effective_on_plausible', violation_error_message='Enter a date from 1870-01-01 to 2100-12-31.'),
    ),
    migrations.AddConstraint(
        model_name='rule',
        constraint=models.CheckConstraint(condition=models.Q(('ends_on__isnull', True), ('ends_on__range', (datetime.date(1870, 1, 1), datetime.date(2100, 12, 31))), _connector='OR'), name='rule_ends_on_plausible', violation_error_message='Enter a date from 1870-01-01 to 2100-12-31.'),
    ),
    migrations.AddConstraint(
        model_name='response',
        constraint=models.CheckConstraint(condition=models.Q(('studio__isnull', False), ('person__isnull', False), _connector='OR'), name='response_has_speaker', violation_error_message='A response is made by a studio or a person: choose one.'),
    ),
    migrations.AddConstraint(
        model_name='response',
        constraint=models.CheckConstraint(condition=models.Q(('ai_use__isnull', False), ('controversy__isnull', False), _connector='OR'), name='response_has_subject', violation_error_message='A response is about an AI use or a controversy: choose at least one.'),
    ),
    migrations.AddConstraint(
        model_name='response',
        constraint=models.CheckConstraint(condition=models.Q(('said_on__isnull', True), ('said_on__range', (datetime.date(1870, 1, 1), datetime.date(2100, 12, 31))), _connector='OR'), name='response_said_on_plausible', violation_error_message='Enter a date from 1870-01-01 to 2100-12-31.'),
    ),
    migrations.AddConstraint(
        model_name='productionstudio',
        constraint=models.UniqueConstraint(fields=('production', 'studio', 'role'), name='unique_production_studio_role'),
    ),
    migrations.AddIndex(
        model_name='production',
        index=models.Index(django.db.models.functions.text.Lower('title'), models.F('id'), name='catalog_production_ltitle_id'),
    ),
    migrations.AddIndex(
        model_name='production',
        index=models.Index(fields=['title', 'id'], name='catalog_production_title_id'),
    ),
    migrations.AddIndex(
        model_name='production',
        index=models.Index(models.OrderBy(models.F('use_count'), descending=True), django.db.models.functions.text.Lower('title'), models.F('id'), name='catalog_production_uses'),
    ),
    migrations.AddConstraint(
        model_name='production',
        constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('slug'), name='production_slug_unique_ignoring_case', violation_error_message='Another record has this slug, apart from capitals and small letters: choose another.'),
    ),
    migrations.AddConstraint(
        model_name='production',
        constraint=models.CheckConstraint(condition=models.Q(('year__isnull', True), ('year__range', (1870, 2100)), _connector='OR'), name='production_year_plausible'),
    ),
    migrations.AddConstraint(
        model_name='production',
        constraint=models.CheckConstraint(condition=models.Q(('release_date__isnull', True), ('release_date__range', (datetime.date(1870, 1, 1), datetime.date(2100, 12, 31))), _connector='OR'), name='production_release_date_plausible', violation_error_message='Enter a date from 1870-01-01 to 2100-12-31.'),
    ),
    migrations.AddConstraint(
        model_name='production',
        constraint=models.CheckConstraint(condition=models.Q(('episodes__isnull', True), ('episodes__gte', 1), _connector='OR'), name='production_episodes_positive'),
    ),
    migrations.AddConstraint(
        model_name='personrole',
        constraint=models.UniqueConstraint(fields=('person', 'studio', 'title'), name='unique_person_studio_title'),
    ),
    migrations.AddConstraint(
        model_name='figure',
        constraint=models.CheckConstraint(condition=models.Q(('production__isnull', False), ('studio__isnull', False), _connector='OR'), name='figure_has_production_or_studio', violation_error_message='A figure is about a production or a studio: choose one.'),
    ),
    migrations.AddConstraint(
        model_name='controversy',
        constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('slug'), name='controversy_slug_unique_ignoring_case', violation_error_message='Another record has this slug, apart from capitals and small letters: choose another.'),
    ),
    migrations.AddConstraint(
        model_name='controversy',
        constraint=models.CheckConstraint(condition=models.Q(('year__isnull', True), ('year__range', (1870, 2100)), _connector='OR'), name='controversy_year_plausible', violation_error_message='Enter a year from 1870 to 2100.'),
    ),
    migrations.AddConstraint(
        model_name='controversy',
        constraint=models.CheckConstraint(condition=models.Q(('date__isnull', True), ('date__range', (datetime.date(1870, 1, 1), datetime.date(2100, 12, 31))), _connector='OR'), name='controversy_date_plausible', violation_error_message='Enter a date from 1870-01-01 to 2100-12-31.'),
    ),
    migrations.AddIndex(
        model_name='aiuse',
        index=models.Index(fields=['tool', 'stage', 'id'], name='catalog_aiuse_tool_stage_id'),
    ),
    migrations.AddIndex(
        model_name='aiuse',
        index=models.Index(fields=['tool', 'production'], name='catalog_aiuse_tool_production'),
    ),
    migrations.AddConstraint(
        model_name='aiuse',
        constraint=models.CheckConstraint(condition=models.Q(('production__isnull', False), ('studio__isnull', False), _connector='OR'), name='ai_use_has_production_or_studio', violation_error_message='An AI use needs a production or a studio (or both).'),
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
        model_name='aiuse',
        constraint=models.CheckConstraint(condition=models.Q(('disclosed_on__isnull', True), ('disclosed_on__range', (datetime.date(1870, 1, 1), datetime.date(2100, 12, 31))), _connector='OR'), name='ai_use_disclosed_on_plausible', violation_error_message='Enter a date from 1870-01-01 to 2100-12-31.'),
    ),
    migrations.AddIndex(
        model_name='aitool',
        index=models.Index(django.db.models.functions.text.Lower('name'), models.F('id'), name='catalog_aitool_lname_id'),
    ),
    migrations.AddIndex(
        model_name='aitool',
        index=models.Index(models.OrderBy(models.F('use_count'), descending=True), django.db.models.functions.text.Lower('name'), models.F('id'), name='catalog_aitool_uses'),
    ),
    migrations.AddConstraint(
        model_name='aitool',
        constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('slug'), name='aitool_slug_unique_ignoring_case', violation_error_message='Another record has this slug, apart from capitals and small letters: choose another.'),
    ),
    migrations.AddConstraint(
        model_name='studiocitation',
        constraint=models.CheckConstraint(condition=models.Q(('passage_end', ''), models.Q(('passage_start', ''), _negated=True), _connector='OR'), name='studiocitation_end_needs_start', violation_error_message="Give the passage's first words as well as its last."),
    ),
    migrations.AlterUniqueTogether(
        name='studiocitation',
        unique_together={('record', 'source')},
    ),
    migrations.AddIndex(
        model_name='studio',
        index=models.Index(django.db.models.functions.text.Lower('name'), models.F('id'), name='catalog_studio_lname_id'),
    ),
    migrations.AddIndex(
        model_name='studio',
        index=models.Index(models.OrderBy(models.F('use_count'), descending=True), django.db.models.functions.text.Lower('name'), models.F('id'), name='catalog_studio_uses'),
    ),
    migrations.AddIndex(
        model_name='studio',
        index=models.Index(models.OrderBy(models.F('production_count'), descending=True), django.db.models.functions.text.Lower('name'), models.F('id'), name='catalog_studio_productions'),
    ),
    migrations.AddConstraint(
        model_name='studio',
        constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('slug'), name='studio_slug_unique_ignoring_case', violation_error_message='Another record has this slug, apart from capitals and small letters: choose another.'),
    ),]


def replaced(name):
    """A replaced migration's module (their names start with a digit)."""
    return importlib.import_module(f"catalog.migrations.{name}")


search_and_stages = replaced("0002_search_indexes_and_stages")
editors = replaced("0003_editors_group_and_history")
cache_table = replaced("0010_scale_indexes_and_cache_table")
year_indexes = replaced("0012_year_indexes")
tag_link_index = replaced("0013_tag_link_index")
catalog_version = replaced("0017_catalog_version")
case_insensitive_sorts = replaced("0018_case_insensitive_sorts")
rules = replaced("0019_rules")
claims = replaced("0023_rule_link_uniqueness_and_response_order")
corrections = replaced("0029_corrections")
covering_sort_indexes = replaced("0032_covering_sort_indexes")
timeline_year_indexes = replaced("0034_timeline_year_indexes")


class CreateTables(Operation):
    """TABLES in the state with one re-render of the models at the end, and every table of
    the app made at once, as `migrate --run-syncdb` makes an app's tables."""

    reduces_to_sql = False

    def deconstruct(self):
        return (self.__class__.__name__, [], {})

    def describe(self):
        return "Create the catalog's tables as migration 0035 left them"

    def state_forwards(self, app_label, state):
        rendered = state.__dict__.pop("apps", None)  # no re-render per operation
        try:
            for operation in TABLES:
                operation.state_forwards(app_label, state)
        finally:
            if rendered is not None:
                state.__dict__["apps"] = rendered
        state.reload_models(
            {key for key in state.models if key[0] == app_label}, delay=False
        )

    def models(self, app_label, schema_editor, state):
        for operation in TABLES:
            if isinstance(operation, migrations.CreateModel):
                model = state.apps.get_model(app_label, operation.name)
                if self.allow_migrate_model(schema_editor.connection.alias, model):
                    yield model

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        # The foreign keys and indexes wait until every table is made (the schema editor's
        # deferred SQL), so the order of the tables does not matter; they are made here, not at
        # the end of the migration, for the operations after this one to find them, as each
        # replaced migration's indexes were there for the next.
        for model in self.models(app_label, schema_editor, to_state):
            schema_editor.create_model(model)
        while schema_editor.deferred_sql:
            schema_editor.execute(schema_editor.deferred_sql.pop(0))

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        for model in reversed(list(self.models(app_label, schema_editor, from_state))):
            schema_editor.delete_model(model)


class Migration(migrations.Migration):
    replaces = [
    ("catalog", "0001_initial"),
    ("catalog", "0002_search_indexes_and_stages"),
    ("catalog", "0003_editors_group_and_history"),
    ("catalog", "0010_scale_indexes_and_cache_table"),
    ("catalog", "0011_tool_production_index"),
    ("catalog", "0012_year_indexes"),
    ("catalog", "0013_tag_link_index"),
    ("catalog", "0014_tag_slugs_and_record_slug_case"),
    ("catalog", "0015_history_links"),
    ("catalog", "0016_plausible_dates"),
    ("catalog", "0017_catalog_version"),
    ("catalog", "0018_case_insensitive_sorts"),
    ("catalog", "0019_rules"),
    ("catalog", "0020_ai_use_disclosure_and_output"),
    ("catalog", "0021_rule_history_links_and_date_bounds"),
    ("catalog", "0022_likeness_responses_rule_links"),
    ("catalog", "0023_rule_link_uniqueness_and_response_order"),
    ("catalog", "0024_former_addresses"),
    ("catalog", "0025_source_links"),
    ("catalog", "0026_catalog_version_changed"),
    ("catalog", "0027_citations"),
    ("catalog", "0028_source_url_key"),
    ("catalog", "0029_corrections"),
    ("catalog", "0030_record_merge"),
    ("catalog", "0031_kept_counts"),
    ("catalog", "0032_covering_sort_indexes"),
    ("catalog", "0033_tallies"),
    ("catalog", "0034_timeline_year_indexes"),
    ("catalog", "0035_tag_pairs_and_use_years"),
    ]

    initial = True

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        CreateTables(),
        # 0002
        TrigramExtension(),
        migrations.RunPython(
            search_and_stages.create_search_indexes, search_and_stages.drop_search_indexes
        ),
        migrations.RunPython(search_and_stages.create_stages, search_and_stages.delete_stages),
        # 0003
        migrations.RunPython(editors.create_editors_group, editors.remove_editors_group),
        # 0010 (its indexes, and 0011's, are declared on the models now: TABLES makes them)
        migrations.RunPython(cache_table.create_cache_table, migrations.RunPython.noop),
        # 0012, 0013
        migrations.RunPython(year_indexes.create, year_indexes.drop),
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {tag_link_index.INDEX} "
            f"ON taggit_taggeditem ({tag_link_index.COLUMNS})",
            f"DROP INDEX IF EXISTS {tag_link_index.INDEX}",
        ),
        # 0017, 0018
        migrations.RunPython(catalog_version.create_row, migrations.RunPython.noop),
        migrations.RunPython(
            case_insensitive_sorts.newest_first, case_insensitive_sorts.newest_first_back
        ),
        # 0019, 0023, 0029
        migrations.RunPython(rules.search_indexes, rules.drop_search_indexes),
        migrations.RunPython(rules.editors_edit_rules, rules.editors_forget_rules),
        migrations.RunPython(claims.editors_edit_claims, claims.editors_forget_claims),
        migrations.RunPython(
            corrections.editors_moderate_corrections, corrections.editors_forget_corrections
        ),
        # 0032, 0034
        migrations.RunPython(covering_sort_indexes.covering, covering_sort_indexes.not_covering),
        migrations.RunPython(
            timeline_year_indexes.add_indexes, timeline_year_indexes.remove_indexes
        ),
    ]
