from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from catalog.models import (
    AITool,
    AIUse,
    Controversy,
    Credit,
    Figure,
    Person,
    PersonRole,
    Production,
    ProductionStudio,
    Quote,
    Source,
    Stage,
    Studio,
)


class RecordAdmin(SimpleHistoryAdmin):
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ["created", "updated"]


@admin.register(Source)
class SourceAdmin(RecordAdmin):
    list_display = ["title", "publisher", "author", "published", "published_note"]
    list_filter = ["publisher"]
    search_fields = ["title", "publisher", "author", "url"]
    prepopulated_fields = {"slug": ("title",)}


@admin.register(Studio)
class StudioAdmin(RecordAdmin):
    list_display = ["name", "kind", "country", "city"]
    list_filter = ["kind", "country", "tags"]
    search_fields = ["name", "description", "city", "country"]
    autocomplete_fields = ["sources"]


@admin.register(Production)
class ProductionAdmin(RecordAdmin):
    list_display = ["title", "kind", "year", "episodes"]
    list_filter = ["kind", "year", "tags"]
    search_fields = ["title", "original_title", "synopsis"]
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["sources"]


@admin.register(ProductionStudio)
class ProductionStudioAdmin(admin.ModelAdmin):
    list_display = ["production", "studio", "role"]
    list_filter = ["role"]
    search_fields = ["production__title", "studio__name"]
    autocomplete_fields = ["production", "studio", "sources"]
    list_select_related = ["production", "studio"]


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ["position", "name", "slug"]
    search_fields = ["name", "description"]
    autocomplete_fields = ["sources"]


@admin.register(AITool)
class AIToolAdmin(RecordAdmin):
    list_display = ["name", "vendor", "technique", "is_generic"]
    list_filter = ["technique", "is_generic", "tags"]
    search_fields = ["name", "description", "vendor__name"]
    autocomplete_fields = ["vendor", "sources"]
    list_select_related = ["vendor"]


@admin.register(AIUse)
class AIUseAdmin(SimpleHistoryAdmin):
    list_display = ["tool", "production", "studio", "stage", "status", "year"]
    list_filter = ["stage", "status", "year"]
    search_fields = ["description", "tool__name", "production__title", "studio__name"]
    autocomplete_fields = ["tool", "production", "studio", "stage", "sources"]
    list_select_related = ["tool", "production", "studio", "stage"]
    readonly_fields = ["created", "updated"]


@admin.register(Person)
class PersonAdmin(RecordAdmin):
    list_display = ["name"]
    list_filter = ["tags"]
    search_fields = ["name", "bio"]
    autocomplete_fields = ["sources"]


@admin.register(PersonRole)
class PersonRoleAdmin(admin.ModelAdmin):
    list_display = ["person", "title", "studio"]
    search_fields = ["person__name", "studio__name", "title"]
    autocomplete_fields = ["person", "studio", "sources"]
    list_select_related = ["person", "studio"]


@admin.register(Credit)
class CreditAdmin(admin.ModelAdmin):
    list_display = ["person", "role", "production"]
    search_fields = ["person__name", "production__title", "role"]
    autocomplete_fields = ["person", "production", "sources"]
    list_select_related = ["person", "production"]


@admin.register(Controversy)
class ControversyAdmin(RecordAdmin):
    list_display = ["title", "year", "date"]
    list_filter = ["year", "tags"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["studios", "people", "tools", "productions", "sources"]


@admin.register(Quote)
class QuoteAdmin(SimpleHistoryAdmin):
    list_display = ["person", "text", "is_paraphrase", "said_on"]
    list_filter = ["is_paraphrase"]
    search_fields = ["text", "person__name"]
    autocomplete_fields = ["person", "production", "controversy", "sources"]
    list_select_related = ["person"]
    readonly_fields = ["created", "updated"]


@admin.register(Figure)
class FigureAdmin(SimpleHistoryAdmin):
    list_display = ["label", "value", "unit", "period", "studio", "production"]
    search_fields = ["label", "note", "studio__name", "production__title"]
    autocomplete_fields = ["studio", "production", "sources"]
    list_select_related = ["studio", "production"]
    readonly_fields = ["created", "updated"]
