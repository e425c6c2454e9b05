"""Fill the database with a synthetic catalog at a chosen scale, for benchmarks and scale tests.

Everything scales with --productions: studios 5%, tools 2%, AI uses 3x, controversies 5%,
people 20%, sources 10%, likeness records 5%, responses 10%, rule links 10%, about ten tag
links per production over ~500 tags. Popularity is
Zipf-like, so a few tools, studios and tags carry a large share of the links, as in real life.
The same --seed gives the same catalog. Rows go in with COPY on PostgreSQL and batched
executemany on SQLite, with explicit ids so links can be built without reading anything back;
history rows are not written (nobody edited these records).
"""

import bisect
import itertools
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from catalog.cache import bump
from catalog.counts import recount_all
from catalog.management.commands._catalog import CatalogCommand
from catalog.models import (
    SEARCHABLE_MODELS,
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
from catalog.search import refresh_search_vectors

# Words to build names and text from. Earlier words in each list are drawn more often.
ADJECTIVES = (
    "silent last long dark lost bright hidden broken golden iron red frozen distant final "
    "secret wild quiet burning endless electric hollow savage gentle crimson pale invisible "
    "restless northern southern midnight forgotten fallen rising sacred strange shining "
    "wandering bitter little great lonely open empty brave violet copper glass paper"
).split()
NOUNS = (
    "city night river house road dream storm shadow garden machine mirror island signal "
    "kingdom winter summer empire station harbor frontier archive engine horizon orchard "
    "circus letter window lantern desert forest ocean tower bridge valley voyage witness "
    "heart crown promise silence frame echo memory border colony planet satellite"
).split()
# Words that appear in only a handful of synopses: what a "rare word" search looks for.
RARE_NOUNS = "zeppelin marzipan quokka obelisk gramophone".split()
VERBS = (
    "follows tells discovers returns escapes uncovers chases remembers defends builds "
    "loses finds crosses inherits hides betrays rescues investigates survives leaves"
).split()
PEOPLE_NOUNS = (
    "detective family pilot teacher scientist crew journalist orphan engineer musician "
    "soldier smuggler painter mayor nurse thief astronaut farmer widow student"
).split()
FIRST_NAMES = (
    "Ana Juan Maria Carlos Sofia Lucas Emma Noah Olivia Liam Mia Mateo Elena Hugo Clara "
    "Leo Ines Pablo Laura Diego Sara Tomas Alice Omar Yuki Kenji Priya Ravi Chloe Felix "
    "Nadia Ivan Marta Jonas Lena Amir Zoe Theo Iris Marco Aisha Daniel Eva Samuel Rosa"
).split()
LAST_NAMES = (
    "Garcia Smith Rossi Muller Silva Kim Tanaka Novak Dubois Costa Jensen Lopez Moreau "
    "Fischer Romano Santos Kowalski Haddad Okafor Nguyen Patel Ivanova Berg Larsen Weber "
    "Herrera Castro Sato Ferreira Martin Bauer Russo Vidal Lindqvist Mendes Aalto Kaur"
).split()
STUDIO_WORDS = (
    "North Pictures Lantern Films Harbor Media Iron Studios Blue Frame Works Cinema "
    "Nova Light Stone Digital Pixel Arc Vision Motion Reel Atlas Forge Signal Orbit"
).split()
STUDIO_SUFFIXES = ["Pictures", "Studios", "Films", "Media", "Entertainment", "VFX", "Animation"]
TOOL_PREFIXES = (
    "Deep Neuro Cine Synth Vision Frame Script Pixel Gen Morph Voice Scene Story Face "
    "Motion Render Dream Auto Flux Sora Luma Echo Prism Vox"
).split()
TOOL_SUFFIXES = "ly ai flow forge lab gen cast sight mind craft shift wave".split()
COUNTRIES = (
    "United States,United Kingdom,Argentina,France,Germany,Spain,Japan,South Korea,India,"
    "Canada,Mexico,Brazil,Italy,Australia,Nigeria,Sweden"
).split(",")
CITIES = "Los Angeles,London,Buenos Aires,Paris,Berlin,Madrid,Tokyo,Seoul,Mumbai,Toronto".split(",")
PUBLISHERS = (
    "The Guardian,Forbes,Variety,The Hollywood Reporter,Deadline,Wired,The Verge,"
    "IndieWire,Screen Daily,Le Monde,El Pais,BBC News"
).split(",")
# The first tags are the most used; "generative AI" ends up on roughly one record in seven.
BASE_TAGS = [
    "generative AI", "VFX", "deepfake", "streaming", "script analytics", "de-ageing",
    "labor", "animation", "predictive analytics", "casting", "facial performance",
    "regulation", "science fiction", "voice cloning", "dubbing", "documentary", "horror",
    "comedy", "drama", "thriller", "copyright", "music", "marketing", "virtual production",
    "motion capture", "colour grading", "editing", "storyboarding", "translation", "subtitles",
]  # fmt: skip
TAG_TOPICS = (
    "crime romance war western fantasy mystery noir musical family sports history biopic "
    "heist disaster space robots climate politics youth music art ocean desert city "
    "superhero spy zombie vampire dinosaur ghost"
).split()
TAG_FACETS = (
    "series film remake sequel adaptation anthology miniseries short pilot feature reboot "
    "franchise spin-off prequel festival award"
).split()
TECHNIQUES = [choice for choice, _ in AITool.Technique.choices]
PRODUCTION_KINDS = [
    (Production.Kind.FILM, 55),
    (Production.Kind.SERIES, 25),
    (Production.Kind.SHORT, 8),
    (Production.Kind.DOCUMENTARY, 10),
    (Production.Kind.OTHER, 2),
]
STUDIO_KINDS = [
    (Studio.Kind.STUDIO, 40),
    (Studio.Kind.STREAMER, 5),
    (Studio.Kind.VFX, 20),
    (Studio.Kind.ANIMATION, 10),
    (Studio.Kind.VENDOR, 20),
    (Studio.Kind.GUILD, 2),
    (Studio.Kind.OTHER, 3),
]
STATUSES = [
    (AIUse.Status.REPORTED, 60),
    (AIUse.Status.CONFIRMED, 30),
    (AIUse.Status.DENIED, 7),
    (AIUse.Status.RETRACTED, 3),
]
# Consent is unknown for most likeness records, as in the reporting.
CONSENTS = [
    (Likeness.Consent.UNKNOWN, 70),
    (Likeness.Consent.GIVEN, 15),
    (Likeness.Consent.ESTATE_OR_UNION, 5),
    (Likeness.Consent.DISPUTED, 7),
    (Likeness.Consent.REFUSED, 3),
]
STANCES = [
    (Response.Stance.CONFIRMS, 35),
    (Response.Stance.DEFENDS, 25),
    (Response.Stance.CLARIFIES, 15),
    (Response.Stance.DENIES, 10),
    (Response.Stance.DECLINES, 10),
    (Response.Stance.APOLOGISES, 5),
]
STAGE_WEIGHTS = {1: 15, 2: 15, 3: 15, 4: 40, 5: 15}  # by position: post-production leads
# How uses became known and what they produced: mostly unknown, as in the sources.
DISCLOSURES = [
    (AIUse.Disclosure.UNKNOWN, 55),
    (AIUse.Disclosure.SELF, 12),
    (AIUse.Disclosure.ON_REQUEST, 5),
    (AIUse.Disclosure.PRESS, 15),
    (AIUse.Disclosure.AUDIENCE, 5),
    (AIUse.Disclosure.LEAKED, 3),
    (AIUse.Disclosure.DENIED, 5),
]
OUTPUTS = [
    (AIUse.Output.UNKNOWN, 40),
    (AIUse.Output.TRAINED, 15),
    (AIUse.Output.COMPOSITE, 20),
    (AIUse.Output.ENHANCED, 15),
    (AIUse.Output.ANALYSIS, 10),
]
USE_TEMPLATES = [
    "Used to {verb} the {noun} scenes of the {adj} sequence.",
    "Generated background {noun} plates for the {adj} {noun2} scenes.",
    "Analyzed the script to predict how audiences would receive the {noun} storyline.",
    "De-aged the lead actors for the flashbacks set in the {adj} {noun}.",
    "Cloned voices for the dubbed versions of the {noun} episodes.",
    "Drafted storyboards for the {adj} {noun} before the shoot.",
    "Helped cast the supporting roles of the {noun} story.",
]
BASE_TIME = datetime(2025, 1, 1, tzinfo=UTC)


def weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


class Zipf:
    """Draws items with probability proportional to 1 / rank**exponent."""

    def __init__(self, items, exponent):
        self.items = list(items)
        self.cumulative = list(
            itertools.accumulate(1 / (rank**exponent) for rank in range(1, len(self.items) + 1))
        )

    def draw(self, rng):
        x = rng.random() * self.cumulative[-1]
        return self.items[bisect.bisect_right(self.cumulative, x)]

    def draw_distinct(self, rng, count):
        """Up to `count` different items (fewer when popular ones are drawn twice)."""
        return list(dict.fromkeys(self.draw(rng) for _ in range(count)))


class Writer:
    """Inserts rows with explicit columns: COPY on PostgreSQL, executemany elsewhere."""

    BATCH = 5000

    def __init__(self, progress):
        self.progress = progress
        self.rows_written = 0

    def write(self, table, columns, rows, label, total):
        self.progress.start(label, total)
        count = 0
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
                sql = f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN"
                with cursor.cursor.copy(sql) as copy:
                    for count, row in enumerate(rows, 1):
                        copy.write_row(row)
                        if count % self.BATCH == 0:
                            self.progress.update(count)
            else:
                placeholders = ", ".join(["%s"] * len(columns))
                quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
                sql = (
                    f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) "
                    f"VALUES ({placeholders})"
                )
                rows = iter(rows)
                while batch := list(itertools.islice(rows, self.BATCH)):
                    cursor.executemany(sql, [self.adapt(row) for row in batch])
                    count += len(batch)
                    self.progress.update(count)
        self.progress.update(count)
        self.progress.done()
        self.rows_written += count

    @staticmethod
    def adapt(row):
        """SQLite stores dates, times and decimals as text, as Django would write them."""
        out = []
        for value in row:
            if isinstance(value, datetime):
                value = connection.ops.adapt_datetimefield_value(value)
            elif isinstance(value, date):
                value = connection.ops.adapt_datefield_value(value)
            elif isinstance(value, Decimal):
                value = str(value)
            out.append(value)
        return out

    def write_models(self, model, records, label):
        """Rows given as dicts of column values; every other column takes the field's default."""
        fields = model._meta.concrete_fields
        defaults = {}
        for field in fields:
            if field.column not in ("created", "updated"):
                defaults[field.column] = None if field.null else field.get_default()
        columns = [field.column for field in fields]
        self.write(
            model._meta.db_table,
            columns,
            (tuple(record.get(c, defaults.get(c)) for c in columns) for record in records),
            label,
            len(records),
        )

    def write_links(self, through, left, right, pairs, label):
        """Many-to-many rows (left id, right id); the database numbers them."""
        self.write(through._meta.db_table, [left, right], pairs, label, len(pairs))


class Progress:
    """One line per step: a bar that fills on a terminal, a summary line elsewhere."""

    WIDTH = 30

    def __init__(self, stream, enabled):
        self.stream = stream
        self.enabled = enabled
        self.tty = enabled and hasattr(stream, "isatty") and stream.isatty()

    def start(self, label, total):
        self.label, self.total, self.count, self.began = label, max(total, 1), 0, time.monotonic()

    def update(self, count):
        self.count = count
        if self.tty:
            filled = int(self.WIDTH * min(count / self.total, 1))
            bar = "#" * filled + "." * (self.WIDTH - filled)
            self.stream.write(f"\r  {self.label:<28} [{bar}] {count:>9,}/{self.total:,}")
            self.stream.flush()

    def done(self):
        if self.enabled:
            elapsed = time.monotonic() - self.began
            line = f"  {self.label:<28} {self.count:>9,} rows  {elapsed:6.1f} s"
            self.stream.write(("\r" + line.ljust(80) if self.tty else line) + "\n")
            self.stream.flush()

    def note(self, text):
        if self.enabled:
            self.stream.write(f"  {text}\n")
            self.stream.flush()


class Catalog:
    """Builds every row in memory from one random generator, then hands them to a Writer."""

    def __init__(self, productions, seed, start_ids):
        self.rng = random.Random(seed)
        # Disclosure, output and likeness draw from their own generator, so adding them left
        # every other row of a given --seed as it was.
        self.facts = random.Random(f"{seed}-facts")
        self.n = productions
        self.ids = start_ids  # model -> first id to use

    def id_range(self, model, count):
        first = self.ids[model]
        return range(first, first + count)

    def stamp(self, rng=None):
        rng = rng or self.rng
        moment = BASE_TIME + timedelta(seconds=rng.randrange(0, 365 * 24 * 3600))
        return {"created": moment, "updated": moment}

    def title(self):
        rng = self.rng
        adj, noun = rng.choice(ADJECTIVES), self.noun()
        form = rng.random()
        if form < 0.4:
            return f"The {adj.title()} {noun.title()}"
        if form < 0.7:
            return f"{noun.title()} of the {adj.title()} {self.noun().title()}"
        if form < 0.85:
            return f"{adj.title()} {noun.title()}"
        return f"{rng.choice(FIRST_NAMES)} and the {noun.title()}"

    def noun(self):
        # Zipf-like: "city" is in many titles and synopses, later nouns in fewer.
        index = min(int(self.rng.paretovariate(1.0)) - 1, len(NOUNS) - 1)
        if self.rng.random() < 0.5:
            index = self.rng.randrange(len(NOUNS))
        return NOUNS[index]

    def sentence(self):
        rng = self.rng
        noun = RARE_NOUNS[rng.randrange(5)] if rng.random() < 0.0005 else self.noun()
        who = rng.choice(PEOPLE_NOUNS)
        article = "An" if who[0] in "aeiou" else "A"
        return (
            f"{article} {who} {rng.choice(VERBS)} the {rng.choice(ADJECTIVES)} {noun} "
            f"{rng.choice(['after', 'before', 'during', 'beyond'])} the "
            f"{rng.choice(ADJECTIVES)} {self.noun()}."
        )

    def paragraph(self, low, high):
        return " ".join(self.sentence() for _ in range(self.rng.randint(low, high)))

    def person_name(self):
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def build(self):
        rng, n = self.rng, self.n
        counts = {
            Studio: max(5, n // 20),
            AITool: max(5, n // 50),
            Controversy: max(3, n // 20),
            Rule: max(3, n // 100),
            Person: max(5, n // 5),
            Source: max(5, n // 10),
        }
        tables = {}
        source_ids = list(self.id_range(Source, counts[Source]))
        sources = Zipf(rng.sample(source_ids, len(source_ids)), 0.8)

        def cite(low, high):
            return sources.draw_distinct(rng, rng.randint(low, high))

        # Sources
        rows = []
        for pk in source_ids:
            publisher = rng.choice(PUBLISHERS)
            title = f"{self.title()}: how AI {rng.choice(VERBS)} the {self.noun()}"
            published = date(2018, 1, 1) + timedelta(days=rng.randrange(0, 8 * 365))
            rows.append(
                {
                    "id": pk,
                    "slug": f"{slugify(title)[:150]}-{pk}",
                    "title": title,
                    "publisher": publisher,
                    "author": self.person_name(),
                    "url": f"https://example.org/{slugify(publisher)}/{pk}",
                    "published": published,
                    "summary": self.paragraph(1, 2),
                    **self.stamp(),
                }
            )
        tables[Source] = rows

        # Studios
        studio_ids = list(self.id_range(Studio, counts[Studio]))
        rows = []
        for pk in studio_ids:
            first, second = rng.choice(STUDIO_WORDS), rng.choice(STUDIO_WORDS)
            name = f"{first} {second} {rng.choice(STUDIO_SUFFIXES)}"
            rows.append(
                {
                    "id": pk,
                    "slug": f"{slugify(name)}-{pk}",
                    "name": name,
                    "kind": weighted(rng, STUDIO_KINDS),
                    "country": rng.choice(COUNTRIES),
                    "city": rng.choice(CITIES),
                    "description": self.paragraph(1, 2),
                    "website": f"https://{slugify(name)}-{pk}.example.com",
                    **self.stamp(),
                }
            )
        tables[Studio] = rows
        studios = Zipf(rng.sample(studio_ids, len(studio_ids)), 1.0)

        # Tools: a few are used everywhere.
        tool_ids = list(self.id_range(AITool, counts[AITool]))
        rows = []
        for pk in tool_ids:
            name = f"{rng.choice(TOOL_PREFIXES)}{rng.choice(TOOL_SUFFIXES)}"
            name = f"{name} {rng.randint(1, 9)}" if rng.random() < 0.6 else name
            rows.append(
                {
                    "id": pk,
                    "slug": f"{slugify(name)}-{pk}",
                    "name": name,
                    "vendor_id": studios.draw(rng) if rng.random() < 0.8 else None,
                    "technique": rng.choice(TECHNIQUES),
                    "is_generic": rng.random() < 0.05,
                    "description": self.paragraph(1, 3),
                    "website": f"https://{slugify(name)}-{pk}.example.com",
                    **self.stamp(),
                }
            )
        tables[AITool] = rows
        tools = Zipf(rng.sample(tool_ids, len(tool_ids)), 1.1)

        # Productions, their studios and sources
        production_ids = list(self.id_range(Production, n))
        rows, studio_roles, production_sources = [], [], []
        roles = [choice for choice, _ in ProductionStudio.Role.choices]
        for pk in production_ids:
            title = self.title()
            kind = weighted(rng, PRODUCTION_KINDS)
            year = min(2026, 1990 + int(36 * rng.random() ** 0.4))
            rows.append(
                {
                    "id": pk,
                    "slug": f"{slugify(title)[:150]}-{pk}",
                    "title": title,
                    "kind": kind,
                    "year": year,
                    "release_date": date(year, 1, 1) + timedelta(days=rng.randrange(365))
                    if rng.random() < 0.5
                    else None,
                    "episodes": rng.randint(3, 12) if kind == Production.Kind.SERIES else None,
                    "synopsis": self.paragraph(2, 4),
                    "based_on": f"the novel {self.title()}" if rng.random() < 0.1 else "",
                    **self.stamp(),
                }
            )
            for studio in studios.draw_distinct(rng, rng.randint(1, 2)):
                studio_roles.append((pk, studio, rng.choice(roles)))
            production_sources.extend((pk, s) for s in cite(1, 2))
        tables[Production] = rows
        productions = Zipf(rng.sample(production_ids, n), 0.5)

        # AI uses: three per production on average, some with a studio, a few studio-only.
        stage_ids = dict(Stage.objects.values_list("position", "id"))
        stage_choices = [(stage_ids[p], w) for p, w in STAGE_WEIGHTS.items() if p in stage_ids]
        use_ids = list(self.id_range(AIUse, 3 * n))
        rows, use_sources = [], []
        for pk in use_ids:
            studio_only = rng.random() < 0.05
            template = rng.choice(USE_TEMPLATES)
            year = 2015 + rng.randrange(12)
            rows.append(
                {
                    "id": pk,
                    "tool_id": tools.draw(rng),
                    "production_id": None if studio_only else productions.draw(rng),
                    "studio_id": studios.draw(rng) if studio_only or rng.random() < 0.5 else None,
                    "stage_id": weighted(rng, stage_choices),
                    "description": template.format(
                        verb=rng.choice(["light", "shape", "rebuild", "extend"]),
                        noun=self.noun(),
                        noun2=self.noun(),
                        adj=rng.choice(ADJECTIVES),
                    ),
                    "year": year,
                    "date": date(year, 1, 1) + timedelta(days=rng.randrange(365))
                    if rng.random() < 0.3
                    else None,
                    "status": weighted(rng, STATUSES),
                    **self.stamp(),
                }
            )
            use_sources.extend((pk, s) for s in cite(1, 2))
        use_disclosure_sources = self.disclosures(rows, sources)
        tables[AIUse] = rows

        # People, their roles at studios, their credits and quotes
        person_ids = list(self.id_range(Person, counts[Person]))
        people = Zipf(rng.sample(person_ids, len(person_ids)), 0.7)
        rows, person_roles, credits = [], [], set()
        titles = ["director", "producer", "co-CEO", "VFX supervisor", "writer", "founder"]
        for pk in person_ids:
            name = self.person_name()
            rows.append(
                {
                    "id": pk,
                    "slug": f"{slugify(name)}-{pk}",
                    "name": name,
                    "bio": self.paragraph(1, 2),
                    **self.stamp(),
                }
            )
            if rng.random() < 0.3:
                person_roles.append((pk, studios.draw(rng), rng.choice(titles)))
        tables[Person] = rows
        credit_roles = ["director", "writer", "producer", "author of the source novel", "actor"]
        for _ in range(n):
            credits.add((people.draw(rng), productions.draw(rng), rng.choice(credit_roles)))
        credits = sorted(credits)

        # Controversies, linked to a few records of each kind
        controversy_ids = list(self.id_range(Controversy, counts[Controversy]))
        rows = []
        links = {"studios": [], "people": [], "tools": [], "productions": [], "sources": []}
        for pk in controversy_ids:
            title = f"Backlash over AI {rng.choice(NOUNS)} in {self.title()}"
            year = 2015 + rng.randrange(12)
            rows.append(
                {
                    "id": pk,
                    "slug": f"{slugify(title)[:150]}-{pk}",
                    "title": title,
                    "year": year,
                    "summary": self.paragraph(2, 3),
                    **self.stamp(),
                }
            )
            links["studios"].extend((pk, s) for s in studios.draw_distinct(rng, rng.randint(0, 2)))
            links["people"].extend((pk, p) for p in people.draw_distinct(rng, rng.randint(0, 2)))
            links["tools"].extend((pk, t) for t in tools.draw_distinct(rng, rng.randint(0, 2)))
            links["productions"].extend(
                (pk, p) for p in productions.draw_distinct(rng, rng.randint(1, 3))
            )
            links["sources"].extend((pk, s) for s in cite(1, 3))
        tables[Controversy] = rows

        # Rules, each issued by a studio or guild
        rows = []
        rule_sources = []
        rule_ids = list(self.id_range(Rule, counts[Rule]))
        for pk in rule_ids:
            title = f"{rng.choice(['Agreement', 'Rule', 'Act', 'Licence'])} on AI {self.noun()}"
            effective = date(2018, 1, 1) + timedelta(days=rng.randrange(0, 9 * 365))
            rows.append(
                {
                    "id": pk,
                    "slug": f"{slugify(title)[:150]}-{pk}",
                    "title": title,
                    "kind": rng.choice([kind for kind, _ in Rule.Kind.choices]),
                    "issuer_id": studios.draw(rng),
                    "jurisdiction": rng.choice(["", "United States", "European Union"]),
                    "effective_on": effective,
                    "summary": self.paragraph(2, 3),
                    "clause": "",
                    **self.stamp(),
                }
            )
            rule_sources.extend((pk, s) for s in cite(1, 2))
        tables[Rule] = rows

        # Quotes and figures, one for every twenty productions
        rows = []
        for pk in self.id_range(Quote, max(1, n // 20)):
            rows.append(
                {
                    "id": pk,
                    "person_id": people.draw(rng),
                    "text": self.sentence(),
                    "production_id": productions.draw(rng),
                    **self.stamp(),
                }
            )
        tables[Quote] = rows
        quote_sources = [(row["id"], sources.draw(rng)) for row in rows]
        rows = []
        for pk in self.id_range(Figure, max(1, n // 20)):
            on_studio = rng.random() < 0.5
            rows.append(
                {
                    "id": pk,
                    "label": rng.choice(["Budget", "Box office", "Revenue", "Jobs affected"]),
                    "value": Decimal(rng.randrange(1, 10**6)) * 1000,
                    "unit": "USD",
                    "studio_id": studios.draw(rng) if on_studio else None,
                    "production_id": None if on_studio else productions.draw(rng),
                    **self.stamp(),
                }
            )
        tables[Figure] = rows
        figure_sources = [(row["id"], sources.draw(rng)) for row in rows]

        # Likeness records (one for every twenty productions), each on a production's AI use
        production_uses = [row for row in tables[AIUse] if row["production_id"] is not None]
        rows, likeness_sources, seen = [], [], set()
        kinds = [kind for kind, _ in Likeness.Kind.choices]
        for pk in self.id_range(Likeness, max(1, n // 20)):
            use = rng.choice(production_uses)
            key = (people.draw(rng), use["production_id"], rng.choice(kinds))
            if key in seen:  # one record per performer, production and kind
                continue
            seen.add(key)
            rows.append(
                {
                    "id": pk,
                    "person_id": key[0],
                    "production_id": key[1],
                    "ai_use_id": use["id"] if rng.random() < 0.8 else None,
                    "kind": key[2],
                    "description": self.sentence(),
                    "consent": weighted(rng, CONSENTS),
                    "paid": rng.choice(["yes", "no", "unknown", "unknown"]),
                    "performer_living": rng.choice(["yes", "unknown", "unknown", "no"]),
                    **self.stamp(),
                }
            )
            likeness_sources.extend((pk, s) for s in cite(1, 2))
        tables[Likeness] = rows
        likeness_ids = [row["id"] for row in rows]

        # Responses (one for every ten productions), to an AI use or a controversy
        rows, response_sources = [], []
        for pk in self.id_range(Response, max(1, n // 10)):
            on_use = rng.random() < 0.7
            by_person = rng.random() < 0.6
            said = date(2015, 1, 1) + timedelta(days=rng.randrange(0, 12 * 365))
            rows.append(
                {
                    "id": pk,
                    "person_id": people.draw(rng) if by_person else None,
                    "studio_id": None if by_person else studios.draw(rng),
                    "ai_use_id": rng.choice(use_ids) if on_use else None,
                    "controversy_id": None if on_use else rng.choice(controversy_ids),
                    "stance": weighted(rng, STANCES),
                    "summary": self.sentence(),
                    "said_on": said if rng.random() < 0.6 else None,
                    **self.stamp(),
                }
            )
            response_sources.extend((pk, s) for s in cite(1, 2))
        tables[Response] = rows

        # Rule links (one for every ten productions): a few rules bear on many records
        rules = Zipf(rule_ids, 1.0)
        relations = [relation for relation, _ in RuleLink.Relation.choices]
        rows, rule_link_sources, seen = [], [], set()
        for pk in self.id_range(RuleLink, max(1, n // 10)):
            draw = rng.random()
            if draw < 0.6:
                subject = ("ai_use_id", rng.choice(use_ids))
            elif draw < 0.85 or not likeness_ids:
                subject = ("controversy_id", rng.choice(controversy_ids))
            else:
                subject = ("likeness_id", rng.choice(likeness_ids))
            key = (rules.draw(rng), rng.choice(relations), subject)
            if key in seen:  # a rule bears one way on a record once
                continue
            seen.add(key)
            rows.append({"id": pk, "rule_id": key[0], "relation": key[1], subject[0]: subject[1]})
            rows[-1].update(self.stamp())
            rule_link_sources.extend((pk, s) for s in cite(1, 2))
        tables[RuleLink] = rows

        return {
            "tables": tables,
            "production_studios": sorted(set(studio_roles)),
            "person_roles": sorted(set(person_roles)),
            "credits": credits,
            "production_sources": production_sources,
            "use_sources": use_sources,
            "use_disclosure_sources": use_disclosure_sources,
            "quote_sources": quote_sources,
            "figure_sources": figure_sources,
            "rule_sources": rule_sources,
            "likeness_sources": likeness_sources,
            "response_sources": response_sources,
            "rule_link_sources": rule_link_sources,
            "controversy_links": links,
            "people": people,
            "tools": tools,
            "studios": studios,
        }

    def disclosures(self, uses, sources):
        """Give each use how it became known, who disclosed it and what it produced; returns
        the sources showing each known disclosure."""
        rng = self.facts
        cited = []
        for use in uses:
            disclosure = weighted(rng, DISCLOSURES)
            output = weighted(rng, OUTPUTS)
            if output == AIUse.Output.ANALYSIS:
                on_screen = AIUse.OnScreen.NO
            elif output == AIUse.Output.UNKNOWN:
                on_screen = AIUse.OnScreen.UNKNOWN
            else:
                on_screen = weighted(rng, [("yes", 60), ("no", 15), ("unknown", 25)])
            use.update(disclosure=disclosure, output=output, on_screen=on_screen)
            if disclosure in (AIUse.Disclosure.SELF, AIUse.Disclosure.ON_REQUEST):
                use["disclosed_by_studio_id"] = use["studio_id"]
            if disclosure != AIUse.Disclosure.UNKNOWN:
                cited.append((use["id"], sources.draw(rng)))
        return cited

    def tag_names(self, count):
        names = list(BASE_TAGS)
        combos = [f"{t} {f}" for t in TAG_TOPICS for f in TAG_FACETS]
        self.rng.shuffle(combos)
        names += TAG_TOPICS + combos
        return list(dict.fromkeys(names))[:count]

    def tag_links(self, tag_ids, record_ids_by_ct, per_record):
        tags = Zipf(tag_ids, 1.0)
        for content_type_id, ids in record_ids_by_ct.items():
            low, high = per_record[content_type_id]
            for object_id in ids:
                for tag in tags.draw_distinct(self.rng, self.rng.randint(low, high)):
                    yield (tag, content_type_id, object_id)


CATALOG_MODELS = [Production, Studio, AITool, AIUse, Controversy, Person, Source, Rule]


class Command(CatalogCommand):
    help = (
        "Fill the database with a synthetic catalog: --productions N records and everything "
        "in proportion (studios 5%, tools 2%, AI uses 3x, people 20%, ~500 tags over ~11 tag "
        "links per production). Deterministic for a given --seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--productions", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--tags", type=int, default=500)
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--append", action="store_true", help="Add to the records already in the catalog."
        )
        mode.add_argument(
            "--force",
            action="store_true",
            help="Delete every catalog record, tag and history row first (stages stay).",
        )

    def handle(self, *args, productions, seed, tags, append, force, verbosity, **options):
        if productions < 1:
            raise CommandError("--productions must be at least 1.")
        if tags < 1:
            raise CommandError("--tags must be at least 1.")
        if not Stage.objects.exists():
            raise CommandError("There are no stages: run `python manage.py migrate` first.")
        existing = {m: m.objects.count() for m in CATALOG_MODELS}
        if any(existing.values()) and not (append or force):
            held = ", ".join(
                f"{count:,} {m._meta.verbose_name_plural}" for m, count in existing.items() if count
            )
            raise CommandError(
                f"The catalog is not empty ({held}). Run again with --append to add to it, "
                "or --force to delete every catalog record first."
            )
        progress = Progress(sys.stderr if verbosity else self.stdout, verbosity > 0)
        began = time.monotonic()
        with transaction.atomic():
            if force:
                self.clear()
                progress.note("Deleted the existing catalog.")
            written = self.generate(productions, seed, tags, progress)
            recount_all()  # rows went in without signals: every kept count from the rows
            progress.start("search vectors", len(SEARCHABLE_MODELS))
            for step, model in enumerate(SEARCHABLE_MODELS, 1):
                refresh_search_vectors(model)
                progress.update(step)
            progress.done()
            bump()  # rows went in without signals: drop every cached page aggregate
        if connection.vendor == "postgresql":
            # Statistics for the planner at once. A table another session is working on (an
            # autovacuum worker, usually) is skipped, not waited for: PostgreSQL cancels the
            # autovacuum after a second (deadlock_timeout), so each clash cost a second, up to
            # half a minute for one test of the suite; autovacuum analyzes on its own a table
            # that took this many new rows. Only the project's tables: the whole database
            # includes the system catalogs, each a warning ("only superuser can analyze").
            tables = connection.introspection.django_table_names(only_existing=True)
            with connection.cursor() as cursor:
                cursor.execute(
                    "ANALYZE (SKIP_LOCKED) " + ", ".join(map(connection.ops.quote_name, tables))
                )
        if verbosity:
            self.stdout.write(
                f"Generated {written:,} rows for {productions:,} productions "
                f"in {time.monotonic() - began:.1f} s."
            )

    def clear(self):
        """Empty every catalog table except the stages, plus tags and history."""
        tables = [
            m._meta.db_table
            for m in apps.get_app_config("catalog").get_models(include_auto_created=True)
            if m is not Stage
        ] + [TaggedItem._meta.db_table, Tag._meta.db_table]
        statements = connection.ops.sql_flush(no_style(), tables, reset_sequences=True)
        # PostgreSQL refuses to TRUNCATE while deferred foreign-key checks wait in the same
        # transaction (a test's, say): run those checks now.
        connection.check_constraints()
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    def generate(self, productions, seed, tag_count, progress):
        models = [*CATALOG_MODELS, Quote, Figure, Likeness, Response, RuleLink]
        start_ids = {m: (m.objects.aggregate(top=Max("pk"))["top"] or 0) + 1 for m in models}
        catalog = Catalog(productions, seed, start_ids)
        t = time.monotonic()
        data = catalog.build()
        progress.note(f"Built the catalog in memory in {time.monotonic() - t:.1f} s.")
        writer = Writer(progress)
        for model in [Source, Studio, AITool, Production, Person, Controversy, Rule, Quote, Figure]:
            writer.write_models(model, data["tables"][model], model._meta.verbose_name_plural)
        writer.write_models(AIUse, data["tables"][AIUse], "AI uses")
        for model in [Likeness, Response, RuleLink]:
            writer.write_models(model, data["tables"][model], model._meta.verbose_name_plural)
        for model, columns, key, label in [
            (
                ProductionStudio,
                ["production_id", "studio_id", "role"],
                "production_studios",
                "studio roles",
            ),
            (PersonRole, ["person_id", "studio_id", "title"], "person_roles", "roles at studios"),
            (Credit, ["person_id", "production_id", "role"], "credits", "credits"),
        ]:
            writer.write(model._meta.db_table, columns, data[key], label, len(data[key]))
        for model, key, column in [
            (Production, "production_sources", "production_id"),
            (AIUse, "use_sources", "aiuse_id"),
            (Quote, "quote_sources", "quote_id"),
            (Figure, "figure_sources", "figure_id"),
            (Rule, "rule_sources", "rule_id"),
            (Likeness, "likeness_sources", "likeness_id"),
            (Response, "response_sources", "response_id"),
            (RuleLink, "rule_link_sources", "rulelink_id"),
        ]:
            through = model.sources.through
            writer.write_links(
                through, column, "source_id", data[key], f"{model._meta.verbose_name} citations"
            )
        writer.write_links(
            AIUse.disclosure_sources.through,
            "aiuse_id",
            "source_id",
            data["use_disclosure_sources"],
            "AI use disclosure citations",
        )
        for name, pairs in data["controversy_links"].items():
            field = Controversy._meta.get_field(name)
            writer.write_links(
                field.remote_field.through,
                field.m2m_column_name(),
                field.m2m_reverse_name(),
                pairs,
                f"controversy {name}",
            )

        # Tags: reuse names already there (on --append), add the rest.
        names = catalog.tag_names(tag_count)
        known = {name.lower(): pk for name, pk in Tag.objects.values_list("name", "pk")}
        next_tag = (Tag.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        new_tags, used_slugs = [], set(Tag.objects.values_list("slug", flat=True))
        tag_ids = []
        for name in names:
            if name.lower() in known:
                tag_ids.append(known[name.lower()])
                continue
            slug = slugify(name)
            while slug in used_slugs:
                slug += "-x"
            used_slugs.add(slug)
            new_tags.append((next_tag, name, slug))
            tag_ids.append(next_tag)
            next_tag += 1
        writer.write(Tag._meta.db_table, ["id", "name", "slug"], new_tags, "tags", len(new_tags))
        content_types = ContentType.objects.get_for_models(
            Production, Studio, AITool, Person, Controversy, Rule
        )
        records = {
            content_types[m].id: [row["id"] for row in data["tables"][m]]
            for m in [Production, Studio, AITool, Person, Controversy, Rule]
        }
        per_record = {
            content_types[Production].id: (6, 14),
            content_types[Studio].id: (2, 6),
            content_types[AITool].id: (2, 6),
            content_types[Person].id: (1, 3),
            content_types[Controversy].id: (3, 7),
            content_types[Rule].id: (1, 3),
        }
        links = list(catalog.tag_links(tag_ids, records, per_record))
        writer.write(
            TaggedItem._meta.db_table,
            ["tag_id", "content_type_id", "object_id"],
            links,
            "tag links",
            len(links),
        )
        if connection.vendor == "postgresql":
            reset = connection.ops.sequence_reset_sql(no_style(), [*models, Tag])
            with connection.cursor() as cursor:
                for statement in reset:
                    cursor.execute(statement)
        return writer.rows_written
