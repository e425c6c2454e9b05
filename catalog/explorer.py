"""The AI-use explorer's counts (/ai-uses/): uses by tool or technique and stage, by how they
became known, by performers' likeness and consent, and by year and stage.

`counts()` reads them from the database as a few GROUP BY queries over the filtered uses, the
same number at any size, into plain values the view caches until the next edit. The other
functions turn them into what the templates show, every count linking to the explorer
narrowed to the uses it counts (`AIUseFilterForm.url`), so a count and the rows behind it
agree by construction.
"""

from django.db.models import Count, Prefetch
from django.utils.translation import ngettext

from catalog.charts import stacked_bars
from catalog.models import AITool, AIUse, Likeness

MATRIX_TOOLS = 20  # the busiest tools get a row each in the matrix; the rest share one


def rows(uses):
    """The explorer's rows with what its table and its exports show of each."""
    return (
        uses.with_year()
        .select_related(
            "tool", "production", "studio", "stage", "disclosed_by_studio", "disclosed_by_person"
        )
        .prefetch_related(
            Prefetch("likenesses", Likeness.objects.select_related("person").order_by("pk"))
        )
    )


def counts(queryset):
    """Every count the explorer shows for the uses in `queryset`: six queries, cacheable."""
    pairs = list(
        queryset.order_by()
        .values_list("tool_id", "tool__technique", "stage_id")
        .annotate(n=Count("pk"))
    )
    by_tool = {}
    for tool_id, _technique, _stage_id, n in pairs:
        by_tool[tool_id] = by_tool.get(tool_id, 0) + n
    busiest = sorted(by_tool, key=lambda tool_id: (-by_tool[tool_id], tool_id))[:MATRIX_TOOLS]
    tools = {
        pk: (slug, name)
        for pk, slug, name in AITool.objects.filter(pk__in=busiest).values_list(
            "pk", "slug", "name"
        )
    }
    disclosure = dict(
        queryset.order_by().values_list("disclosure").annotate(n=Count("pk")).order_by()
    )
    uses = queryset.order_by().values("pk")
    likeness = queryset.touching_likeness().count()
    consent = dict(
        Likeness.objects.filter(ai_use__in=uses)
        .order_by()
        .values_list("consent")
        .annotate(n=Count("ai_use", distinct=True))
    )
    return {
        "pairs": pairs,
        "tools": tools,
        "disclosure": disclosure,
        "likeness": likeness,
        "consent": consent,
        "years": years_by_stage(queryset),
    }


def years_by_stage(queryset):
    """[(year or None, stage id, uses)] for the uses in `queryset`: one query."""
    return list(
        queryset.with_year().order_by().values_list("use_year", "stage_id").annotate(n=Count("pk"))
    )


def _cell(n, url):
    return {"n": n, "url": url if n else None}


def matrix(found, stages, form):
    """Tools (the busiest MATRIX_TOOLS, then the rest in one row) or techniques by stage.

    {"by", "rows": [{"label", "url", "cells": [{"n", "url"}], "total"}], "totals"}; a cell's
    URL narrows the explorer to its tool (or technique) and stage.
    """
    by = form.by
    stage_index = {stage.pk: index for index, stage in enumerate(stages)}
    grid = {}
    for tool_id, technique, stage_id, n in found["pairs"]:
        key = tool_id if by == "tool" else technique
        grid.setdefault(key, [0] * len(stages))[stage_index[stage_id]] += n
    if by == "tool":
        tools = found["tools"]
        shown = sorted(tools, key=lambda pk: (-sum(grid[pk]), tools[pk][1].lower(), pk))
        rows = [(tools[pk][1], "tool", tools[pk][0], grid[pk]) for pk in shown]
        rest = [pk for pk in grid if pk not in tools]
        other = [sum(grid[pk][i] for pk in rest) for i in range(len(stages))] if rest else None
        other_label = (
            ngettext("%(n)s other tool", "%(n)s other tools", len(rest)) % {"n": len(rest)}
            if rest
            else ""
        )
    else:
        rows = [
            (label, "technique", value, grid.get(value, [0] * len(stages)))
            for value, label in AITool.Technique.choices
        ]
        other, other_label = None, ""
    shown_rows = [
        {
            "label": label,
            "url": form.url(**{name: value}),
            "cells": [
                _cell(n, form.url(**{name: value, "stage": stage.slug}))
                for n, stage in zip(row, stages, strict=True)
            ],
            "total": _cell(sum(row), form.url(**{name: value})),
        }
        for label, name, value, row in rows
    ]
    if other:
        shown_rows.append(
            {
                "label": other_label,
                "url": None,
                "cells": [{"n": n, "url": None} for n in other],
                "total": {"n": sum(other), "url": None},
            }
        )
    column_totals = [sum(row[i] for row in grid.values()) for i in range(len(stages))]
    return {
        "by": by,
        "rows": shown_rows,
        "totals": [
            _cell(n, form.url(stage=stage.slug))
            for n, stage in zip(column_totals, stages, strict=True)
        ],
        "total": _cell(sum(column_totals), form.url()),
        "switch": {
            "tool": form.url(by=None),
            "technique": form.url(by="technique"),
        },
    }


def disclosure_summary(found, form):
    """How the uses became known, in AIUse.DISCLOSURE_GROUPS: each group's total and each
    way's count, linking to the uses it counts."""
    labels = dict(AIUse.Disclosure.choices)
    groups = []
    for title, values in AIUse.DISCLOSURE_GROUPS:
        ways = [
            {
                "label": labels[value],
                **_cell(found["disclosure"].get(value, 0), form.url(disclosure=value)),
            }
            for value in values
        ]
        groups.append({"title": title, "total": sum(way["n"] for way in ways), "ways": ways})
    return groups


def likeness_summary(found, form):
    """How many uses touch a performer's likeness, and with what consent."""
    return {
        **_cell(found["likeness"], form.url(likeness="yes", consent=None)),
        "consent": [
            {
                "label": label,
                **_cell(found["consent"].get(value, 0), form.url(likeness="yes", consent=value)),
            }
            for value, label in Likeness.Consent.choices
        ],
    }


def year_chart(years, stages, form):
    """AI uses per year by stage: the SVG's geometry and the same numbers as a table, each
    count linking to the uses of its year (and stage). Uses with no year are counted apart."""
    stage_index = {stage.pk: index for index, stage in enumerate(stages)}
    by_year, undated = {}, 0
    for year, stage_id, n in years:
        if year is None:
            undated += n
            continue
        by_year.setdefault(year, [0] * len(stages))[stage_index[stage_id]] += n
    # Every year from the first to the last, so that a gap shows as a gap.
    span = range(min(by_year), max(by_year) + 1) if by_year else []
    rows = [(year, by_year.get(year, [0] * len(stages))) for year in span]
    svg = stacked_bars([(str(year), values) for year, values in rows], len(stages))
    for bar in svg["bars"]:
        for segment in bar["segments"]:
            segment["stage"] = stages[segment["series"]]
    return {
        "stages": stages,
        "svg": svg,
        "rows": [
            {
                "year": year,
                "cells": [
                    _cell(n, form.url(year=str(year), stage=stage.slug))
                    for n, stage in zip(values, stages, strict=True)
                ],
                "total": _cell(sum(values), form.url(year=str(year))),
            }
            for year, values in rows
        ],
        "first": span[0] if span else None,
        "last": span[-1] if span else None,
        "undated": undated,
        "total": sum(sum(values) for _year, values in rows),
    }
