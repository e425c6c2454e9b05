"""Test data: the seed, and catalogs several times its size, every record linked, tagged and
cited."""

from django.core.management import call_command

from catalog import signals
from catalog.management.commands.seed import SEED_FIXTURE
from catalog.models import (
    AITool,
    AIUse,
    Controversy,
    Credit,
    Figure,
    Likeness,
    Person,
    PersonRole,
    Production,
    ProductionStudio,
    Quote,
    Response,
    Rule,
    RuleLink,
    Source,
    Stage,
    Studio,
)
from tests.replay import Replay

SEED = Replay()


def load_seed():
    """The seed data from the article, as `make run` loads it: by the seed command the first
    time on a database in a given state, then as the rows it wrote (tests/replay.py)."""
    SEED.load(lambda: call_command("seed", str(SEED_FIXTURE), verbosity=0))


# (n, prefix) -> the catalog's rows, by the state of the database they were made on.
MADE = {}


def make_catalog(n=30, prefix="bulk", recount_on_write=False):
    """n of each record type, with two AI uses per production and three tags per record; each
    production has a likeness record, each person a response, each rule three links. Returns
    the studios, tools, productions and people, each in the order of their numbers.

    Made as the seed is made (`signals.batched()`): the kept counts, search vectors and
    versions' links set once per record at the end; on a database in the state of an earlier
    call with the same n and prefix, as the rows that call wrote (tests/replay.py). With
    `recount_on_write`, by the signals on each write, as an editor's saves set them
    (tests/test_kept_counts.py)."""
    if recount_on_write:
        return _make_catalog(n, prefix)
    MADE.setdefault((n, prefix), Replay()).load(lambda: made_in_one_batch(n, prefix))
    return {
        "studios": numbered(Studio, f"{prefix}-studio", n),
        "tools": numbered(AITool, f"{prefix}-tool", n),
        "productions": numbered(Production, f"{prefix}-production", n),
        "people": numbered(Person, f"{prefix}-person", n),
    }


def made_in_one_batch(n, prefix):
    with signals.batched():
        _make_catalog(n, prefix)


def numbered(model, stem, n):
    slugs = [f"{stem}-{i}" for i in range(n)]
    found = model.objects.in_bulk(slugs, field_name="slug")
    return [found[slug] for slug in slugs]


def _make_catalog(n, prefix):
    stages = list(Stage.objects.all())
    sources = [
        Source.objects.create(slug=f"{prefix}-source-{i}", title=f"Report {i}", publisher="Wire")
        for i in range(n)
    ]
    tag_names = [f"{prefix} tag {i}" for i in range(n)]
    studios, tools, productions, people = [], [], [], []
    for i in range(n):
        studio = Studio.objects.create(
            slug=f"{prefix}-studio-{i}", name=f"Studio {i}", description=f"Studio number {i}."
        )
        tool = AITool.objects.create(
            slug=f"{prefix}-tool-{i}",
            name=f"Tool {i}",
            technique=AITool.Technique.GENERATIVE,
            vendor=studio,
            description=f"Tool number {i}.",
        )
        production = Production.objects.create(
            slug=f"{prefix}-production-{i}",
            title=f"Production {i}",
            year=2000 + i % 25,
            synopsis=f"Production number {i}.",
        )
        person = Person.objects.create(slug=f"{prefix}-person-{i}", name=f"Person {i}")
        studios.append(studio)
        tools.append(tool)
        productions.append(production)
        people.append(person)
        source = sources[i]
        for record in (studio, tool, production, person):
            record.sources.add(source, sources[(i + 1) % n])
            record.tags.add(tag_names[i], tag_names[(i + 1) % n], tag_names[(i + 2) % n])
        role = ProductionStudio.objects.create(
            production=production, studio=studio, role="producer"
        )
        role.sources.add(source)
        PersonRole.objects.create(person=person, studio=studio, title="Chief").sources.add(source)
        Credit.objects.create(person=person, production=production, role="Director").sources.add(
            source
        )
        for j in range(2):
            use = AIUse.objects.create(
                tool=tools[(i + j) % len(tools)],
                production=production,
                studio=studio,
                stage=stages[(i + j) % len(stages)],
                description=f"Use {j} on production {i}.",
                year=2000 + i % 25,
            )
            use.sources.add(source, sources[(i + j + 2) % n])
        quote = Quote.objects.create(
            person=person,
            text=f"Words {i}.",
            production=production,
            said_on=f"20{10 + i % 15}-01-01",
        )
        quote.sources.add(source)
        Figure.objects.create(
            label="Revenue", value=i, unit="USD", studio=studio, production=production
        ).sources.add(source)
        controversy = Controversy.objects.create(
            slug=f"{prefix}-controversy-{i}", title=f"Controversy {i}", summary="s", year=2020
        )
        controversy.sources.add(source)
        controversy.tags.add(tag_names[i])
        controversy.studios.add(studio)
        controversy.productions.add(production)
        controversy.tools.add(tool)
        controversy.people.add(person)
        rule = Rule.objects.create(
            slug=f"{prefix}-rule-{i}",
            title=f"Rule {i}",
            kind=Rule.Kind.AGREEMENT,
            issuer=studio,
            summary=f"Rule number {i}.",
            effective_on=f"20{10 + i % 15}-01-01",
        )
        rule.sources.add(source)
        rule.tags.add(tag_names[i], tag_names[(i + 1) % n])
        likeness = Likeness.objects.create(
            person=person,
            production=production,
            ai_use=use,
            kind=Likeness.Kind.ALTERATION,
            description=f"De-aged in production {i}.",
        )
        likeness.sources.add(source)
        response = Response.objects.create(
            person=person,
            studio=studio,
            ai_use=use,
            controversy=controversy,
            stance=Response.Stance.DEFENDS,
            summary=f"Defended use {i}.",
            quote=quote,
            said_on=f"20{10 + i % 15}-06-01",
        )
        response.sources.add(source)
        for relation, subject in (
            (RuleLink.Relation.GOVERNS, {"ai_use": use}),
            (RuleLink.Relation.CITED, {"controversy": controversy}),
            (RuleLink.Relation.BREACH, {"likeness": likeness}),
        ):
            RuleLink.objects.create(rule=rule, relation=relation, **subject).sources.add(source)
    return {"studios": studios, "tools": tools, "productions": productions, "people": people}


def make_seed_rule():
    """The article names no rule: one made up on top of the seed, issued by one of its studios
    and cited in the strike's dispute, for the tests that need a record of every type."""
    rule = Rule.objects.create(
        slug="a-guild-agreement",
        title="A guild agreement",
        kind=Rule.Kind.AGREEMENT,
        issuer=Studio.objects.get(slug="sag-aftra"),
        summary="What the agreement asks of productions.",
        effective_on="2023-11-09",
    )
    rule.sources.add(Source.objects.get(slug="khanh-linh-article"))
    rule.tags.add("labor")
    link = RuleLink.objects.create(
        rule=rule,
        relation=RuleLink.Relation.CITED,
        controversy=Controversy.objects.get(slug="ai-in-the-2023-hollywood-strike"),
    )
    link.sources.add(Source.objects.get(slug="khanh-linh-article"))
    return rule


def make_seed_likeness():
    """The article names no performer whose likeness was altered: a likeness record made up on
    top of the seed (a seed person in a seed production), for the tests that need one."""
    likeness = Likeness.objects.create(
        person=Person.objects.get(slug="tyler-perry"),
        production=Production.objects.get(slug="the-irishman"),
        kind=Likeness.Kind.ALTERATION,
        description="A made-up record for tests.",
    )
    likeness.sources.add(Source.objects.get(slug="khanh-linh-article"))
    return likeness
