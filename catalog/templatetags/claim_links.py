"""What every claim on a page carries: its numbered citations, {% cite marks %}, and its
"Suggest a correction" link, {% suggest_link "ai_use" use %} ({% suggest_link %} for the
page's record); and an AI use with both, {% ai_use use "tool" %}.

Tags, not included templates: a tool's, studio's or stage's page shows up to 50 AI uses, each
with two sets of citations and a link. Rendered by tags instead of an {% include %} each, the
busiest records' pages made 13-18% fewer Python calls at 100,000 productions, with the same
bytes out.
"""

import functools

from django import template
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, gettext_lazy, pgettext

register = template.Library()

# Each tag's output ends in a line break, white space between a claim's last word, its marks
# and its link: "[2] Suggest a correction", not "[2]Suggest a correction".
SPACE = mark_safe("\n")


@register.simple_tag
def cite(marks):
    """A claim's citations as [1], [2]... (Citations.cite in catalog/views.py numbers them),
    each linking to its source in the page's list, with the citation's note (and where in the
    source) as a tooltip."""
    return mark_safe("".join(_mark(mark) for mark in marks or ())) + SPACE


def _mark(mark):
    # As {% blocktranslate %} does it: the words translated, the number escaped into them.
    label = mark_safe(gettext("Source %(number)s") % {"number": conditional_escape(mark.number)})
    note, locator = mark.citation.note, mark.citation.locator
    described = tooltip = ""
    if note:
        described = format_html(' aria-describedby="cite-note-{}"', mark.serial)
        tooltip = format_html(
            '<span class="cite-note" id="cite-note-{}" role="tooltip">{}{}</span>',
            mark.serial,
            note,
            format_html(" ({})", locator) if locator else "",
        )
    return format_html(
        '<sup class="cite"><a href="#source-{}" aria-label="{}"{}>[{}]</a>{}</sup>',
        mark.number,
        label,
        described,
        mark.number,
        tooltip,
    )


# For screen readers, what a claim's link suggests a correction to (Correction.Claim values).
CLAIM_WORDS = {
    "ai_use": gettext_lazy("to this AI use"),
    "quote": gettext_lazy("to this quote"),
    "figure": gettext_lazy("to this figure"),
    "likeness": gettext_lazy("to this likeness record"),
    "response": gettext_lazy("to this response"),
    "rule_link": gettext_lazy("to this rule link"),
    "studio_role": gettext_lazy("to this studio role"),
    "person_role": gettext_lazy("to this role"),
    "credit": gettext_lazy("to this credit"),
}
OTHER_CLAIM = gettext_lazy("to this controversy's link")


def suggest_url(prefix, pk):
    """The address of the form suggesting a correction to a record: reversed once per record,
    language and URL configuration, not once for each of the up to 200 links a page holds."""
    return _suggest_url(
        get_resolver(get_urlconf()), get_language(), get_script_prefix(), prefix, pk
    )


@functools.lru_cache(maxsize=1024)
def _suggest_url(resolver, language, script_prefix, prefix, pk):
    return reverse("suggest", args=[prefix, pk])


@register.simple_tag(takes_context=True)
def suggest_link(context, claim=None, item=None):
    """The link "Suggest a correction": about one claim on the page (`claim`, a Correction.Claim
    value, and `item`), or without them about the page's record. No token, no query: record
    pages stay publicly cacheable."""
    record_type = context["record_type"]
    url = suggest_url(record_type.id_prefix, context["record"].pk)
    if claim:
        return (
            format_html(
                '<a class="suggest-link" href="{}?claim={}-{}" rel="nofollow">{}'
                '<span class="visually-hidden"> {} ({})</span></a>',
                url,
                claim,
                item.pk,
                # As {% translate %} gives them: the catalogue's words, not escaped again.
                mark_safe(gettext("Suggest a correction")),
                mark_safe(CLAIM_WORDS.get(claim, OTHER_CLAIM)),
                item.pk,
            )
            + SPACE
        )
    label = gettext("Suggest a correction to this %(label)s") % {
        "label": conditional_escape(record_type.label)
    }
    return (
        format_html(
            '<p class="suggest-record"><a href="{}" rel="nofollow">{}</a></p>',
            url,
            mark_safe(label),
        )
        + SPACE
    )


@register.simple_tag(takes_context=True)
def ai_use(context, use, on, answers=False):
    """An AI use as an item of a list of uses: {% ai_use use "tool" %}. `on` is the kind of
    record the page is about ("production", "studio", "tool" or "stage"), whose part of the
    line is left out; with `answers`, where the view loaded them (views.answered), the rules
    bearing on the use and the responses to it follow.

    Put together in Python, as the same markup its template made: a tool's, studio's or
    stage's page shows up to 50 uses, at ~270 µs each through an {% include %}."""
    e = conditional_escape

    def link(record, name):
        return f'<a href="{e(record.get_absolute_url())}">{e(name)}</a>'

    # The page's own record is not read from the use: the view did not join it.
    head = ["", "", "", ""]
    if on != "tool":
        head[0] = link(use.tool, use.tool.name)
    if on != "production" and use.production:
        on_word = pgettext("a tool used on a production", "on") if on != "tool" else ""
        head[1] = f"{on_word} {link(use.production, use.production.title)}"
    if on != "studio" and use.studio:
        by = pgettext("a use by a studio", "by") if on != "tool" or use.production else ""
        head[2] = f"{by} {link(use.studio, use.studio.name)}"
    if on != "stage":
        at = pgettext("a use at a stage", "at")
        head[3] = f'<span class="muted">{at}</span> {link(use.stage, use.stage.name)}'

    year = f" ({e(use.year)})" if use.year else ""
    said = cite(getattr(use, "marks", ())) + suggest_link(context, "ai_use", use)

    disclosure = e(use.get_disclosure_display())
    by_studio, by_person = use.disclosed_by_studio, use.disclosed_by_person
    if by_studio or by_person:
        disclosure += ": "
        if by_studio:
            disclosure += link(by_studio, by_studio.name)
        if by_studio and by_person:
            disclosure += pgettext("a studio disclosing through a person", ", through ")
        if by_person:
            disclosure += link(by_person, by_person.name)
    if use.disclosed_on:
        disclosure += f", {e(date_format(use.disclosed_on))}"
    elif use.disclosed_note:
        disclosure += f", {e(use.disclosed_note)}"
    disclosure += cite(getattr(use, "disclosure_marks", ()))

    output = e(use.get_output_display())
    if use.on_screen == "yes":
        output += gettext(", on screen")
    elif use.on_screen == "no":
        output += gettext(", not on screen")

    below = ""
    if answers:
        template = context.template.engine.get_template("catalog/_answers.html")
        with context.push(claim=use):
            below = template.render(context)

    lines = "\n".join(f"    {part}" for part in head)
    return mark_safe(
        f'<li class="use" id="use-{e(use.pk)}">\n'
        f'  <p class="use-head">\n{lines}\n'
        f'    <span class="status status-{e(use.status)}">{e(use.get_status_display())}</span>\n'
        f"  </p>\n"
        f"  <p>{e(use.description)}{year}{said}</p>\n"
        f'  <dl class="use-facts">\n'
        f"    <div>\n"
        f"      <dt>{gettext('Disclosure')}</dt>\n"
        f"      <dd>{disclosure}</dd>\n"
        f"    </div>\n"
        f"    <div>\n"
        f"      <dt>{gettext('Output')}</dt>\n"
        f"      <dd>{output}</dd>\n"
        f"    </div>\n"
        f"  </dl>\n"
        f"  {below}\n"
        f"</li>\n"
    )
