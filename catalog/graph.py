"""How records connect: each record's neighbours, the shortest path between two records, and
both drawn as SVG.

Every link between two public records lives in one table row: a production's studio role, a
credit, a controversy's many-to-many links, an AI use (production, tool, studio and stage), a
tool's vendor, a role at a studio, a quote, a likeness record, a response, a rule link, a
rule's issuer, a citation. `EDGES` names each kind once, with the words for both directions
("made by" / "makes"), so the record graph, the path finder and their tables read the same
definition.

Queries are fixed in number whatever the catalog's size: a record's neighbours are one query
(a UNION ALL over the edge kinds, each numbered by a window function so that only the first
few of each relation come back, with the relation's full count), and their names one more.
The path finder runs one query per breadth-first level, each capped by a LIMIT, within a
depth, a node budget and a time limit.

Drawing runs Graphviz's `dot`/`twopi` in a subprocess with a timeout, with only the plugins a
drawing needs (`plugin_dir`); the SVG it writes is parsed and rebuilt from an allow-list of
elements and attributes (no script, no style, no comment, no link off the site), so it can be
inlined under the site's CSP. Without Graphviz, or when it is too slow, the pages show the same
links as a table only.
"""

import atexit
import functools
import logging
import os
import re
import shutil
import subprocess
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import graphviz
from django.db import connection
from django.db.models import F, IntegerField, Value
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from catalog import registry
from catalog.cache import by_content
from catalog.models import (
    AITool,
    AIUse,
    Controversy,
    Credit,
    Likeness,
    Person,
    PersonRole,
    Production,
    ProductionStudio,
    Quote,
    Response,
    Rule,
    RuleLink,
    Stage,
    Studio,
    Tally,
)

logger = logging.getLogger(__name__)

PER_RELATION = 6  # the most neighbours of one relation a record's graph shows
MAX_NODES = 30  # the most records a record's graph shows, itself included
NAME_LENGTH = 40  # longer names are cut in the drawing (the table and tooltips keep them)
RENDER_TIMEOUT = 5  # seconds Graphviz may take to lay a graph out
# Only Helvetica and Arial (and Courier) have widths Graphviz knows without a text layout
# library (see `plugin_dir`); readers' browsers draw the first of these they have.
FONT = "Helvetica,Arial,sans-serif"

PATH_MAX_STEPS = 6  # the longest connection the path finder looks for
PATH_MAX_NODES = 5000  # the most records it visits
PATH_TIME_LIMIT = 3.0  # seconds it searches before giving up


@dataclass(frozen=True)
class Edge:
    """A kind of link: rows of `model`, whose `a` and `b` lookups give the two records' ids.

    `a_to_b` reads "A <a_to_b> B" and `b_to_a` the other way. A broad edge (a citation, a
    stage) ties one record to very many: shown on a record's graph, but the path finder only
    crosses it when asked, as every record would otherwise be two steps from every other.
    """

    model: type
    a_type: str
    a: str
    b_type: str
    b: str
    a_to_b: str
    b_to_a: str
    broad: bool = False
    tally: str = ""  # the kept Tally of (a, b) pairs (catalog/counts.py), read from the a side


@dataclass(frozen=True)
class Side:
    """An edge seen from one end: from records of `near_type` to records of `far_type`."""

    edge: Edge
    forward: bool

    @property
    def near_type(self):
        return self.edge.a_type if self.forward else self.edge.b_type

    @property
    def far_type(self):
        return self.edge.b_type if self.forward else self.edge.a_type

    @property
    def near(self):
        return self.edge.a if self.forward else self.edge.b

    @property
    def far(self):
        return self.edge.b if self.forward else self.edge.a

    @property
    def label(self):
        return self.edge.a_to_b if self.forward else self.edge.b_to_a


def _responders(target, target_type, to_target, from_target):
    return [
        Edge(Response, responder, field_name, target_type, target, to_target, from_target)
        for responder, field_name in (("person", "person_id"), ("studio", "studio_id"))
    ]


def _edges():
    through = Controversy.productions.through, Controversy.studios.through
    people, tools = Controversy.people.through, Controversy.tools.through
    edges = [
        Edge(
            ProductionStudio,
            "production",
            "production_id",
            "studio",
            "studio_id",
            _("made with studio"),
            _("worked on"),
        ),
        Edge(
            Credit,
            "person",
            "person_id",
            "production",
            "production_id",
            _("is credited on"),
            _("credits"),
        ),
        Edge(
            AIUse,
            "production",
            "production_id",
            "tool",
            "tool_id",
            _("used AI tool"),
            _("was used on"),
        ),
        Edge(
            AIUse,
            "production",
            "production_id",
            "studio",
            "studio_id",
            _("had AI work by"),
            _("did AI work on"),
        ),
        Edge(AIUse, "studio", "studio_id", "tool", "tool_id", _("used AI tool"), _("was used by")),
        Edge(AITool, "tool", "id", "studio", "vendor_id", _("is made by"), _("makes")),
        Edge(PersonRole, "person", "person_id", "studio", "studio_id", _("works at"), _("employs")),
        Edge(
            through[0],
            "controversy",
            "controversy_id",
            "production",
            "production_id",
            _("concerns"),
            _("is at issue in"),
        ),
        Edge(
            through[1],
            "controversy",
            "controversy_id",
            "studio",
            "studio_id",
            _("concerns"),
            _("is at issue in"),
        ),
        Edge(
            tools,
            "controversy",
            "controversy_id",
            "tool",
            "aitool_id",
            _("concerns"),
            _("is at issue in"),
        ),
        Edge(
            people,
            "controversy",
            "controversy_id",
            "person",
            "person_id",
            _("concerns"),
            _("is at issue in"),
        ),
        Edge(
            Quote,
            "person",
            "person_id",
            "production",
            "production_id",
            _("is quoted on"),
            _("has a quote from"),
        ),
        Edge(
            Quote,
            "person",
            "person_id",
            "controversy",
            "controversy_id",
            _("is quoted on"),
            _("has a quote from"),
        ),
        Edge(
            Likeness,
            "person",
            "person_id",
            "production",
            "production_id",
            _("had their likeness used in"),
            _("used the likeness of"),
        ),
        *_responders("controversy_id", "controversy", _("responded to"), _("drew a response from")),
        *_responders(
            "ai_use__production_id",
            "production",
            _("responded to an AI use in"),
            _("drew a response from"),
        ),
        *_responders(
            "ai_use__tool_id",
            "tool",
            _("responded to a use of"),
            _("drew a response from"),
        ),
        *_responders(
            "quote__person_id",
            "person",
            _("responded to a quote from"),
            _("was answered by"),
        ),
        Edge(Rule, "rule", "id", "studio", "issuer_id", _("is issued by"), _("issued")),
    ]
    for subject, subject_type in (
        ("controversy_id", "controversy"),
        ("ai_use__production_id", "production"),
        ("ai_use__tool_id", "tool"),
        ("likeness__person_id", "person"),
        ("likeness__production_id", "production"),
    ):
        edges.append(
            Edge(
                RuleLink, "rule", "rule_id", subject_type, subject, _("bears on"), _("falls under")
            )
        )
    # Broad links: a stage and the uses at it, a record and the sources it cites.
    edges += [
        Edge(
            AIUse,
            "stage",
            "stage_id",
            "tool",
            "tool_id",
            _("saw use of"),
            _("was used at"),
            True,
            tally="stage-tool",
        ),
        Edge(
            AIUse,
            "stage",
            "stage_id",
            "production",
            "production_id",
            _("saw AI use on"),
            _("used AI at"),
            True,
            tally="stage-production",
        ),
    ]
    for model in (Production, Studio, AITool, Person, Controversy, Rule, Stage):
        edges.append(
            Edge(
                model.sources.through,
                registry.of(model).key,
                "record_id",
                "source",
                "source_id",
                _("cites"),
                _("is cited by"),
                True,
            )
        )
    return edges


EDGES = _edges()
SIDES = [Side(edge, forward) for edge in EDGES for forward in (True, False)]


# --- Queries ---------------------------------------------------------------------------------


def neighbour_rows(ends, limit=None, broad=True):
    """The links from the records `ends` ({type key: ids}) to others, in one query.

    Each row is (side index, near id, far id); with `limit`, at most that many rows in all.
    The ORM writes each kind of link's SELECT (`side_select`); the UNION ALL over them and the
    LIMIT are raw SQL, which the ORM cannot put around a union.
    """
    branches = []
    for index, side in enumerate(SIDES):
        ids = ends.get(side.near_type)
        if not ids or (side.edge.broad and not broad):
            continue
        branches.append(with_ids(side_select(index, len(ids)), sorted(ids)))
    wrap, extra = "SELECT graph_side, graph_near, graph_far FROM ({}) links", []
    if limit is not None:
        wrap += " LIMIT %s"
        extra.append(limit)
    return union_all(branches, wrap, extra)


def first_neighbours(type_key, pk, per_side):
    """A record's first `per_side` neighbours on each side (by id), in one query: rows of
    (side index, near id, far id, how many that side links the record to).

    The sides read from a kept tally (a stage's tools and productions, 60,000 pairs at scale)
    each read their first few down the tally's index and count the rest on their own; the
    other sides are numbered all at once, as before. (Read in order with a LIMIT of their own,
    those led PostgreSQL to walk an index of every link, having none on (record, neighbour):
    a busy studio's graph went from 70 ms to 600 ms.)"""
    numbered, tallied = [], []
    for index, side in enumerate(SIDES):
        if side.near_type == type_key:
            select = with_ids(side_select(index, 1), [pk])
            (tallied if side.edge.tally and side.forward else numbered).append(select)
    selects = []
    if numbered:
        selects.append(
            (
                "SELECT graph_side, graph_near, graph_far, total FROM ("
                " SELECT graph_side, graph_near, graph_far,"
                " ROW_NUMBER() OVER (PARTITION BY graph_side ORDER BY graph_far) number,"
                " COUNT(*) OVER (PARTITION BY graph_side) total"
                f" FROM ({' UNION ALL '.join(sql for sql, _ in numbered)}) links) numbered"
                " WHERE number <= %s",
                [*(param for _, branch in numbered for param in branch), per_side],
            )
        )
    for index, (sql, branch) in enumerate(tallied):
        selects.append(
            (
                "SELECT * FROM (SELECT graph_side, graph_near, graph_far,"
                f" (SELECT COUNT(*) FROM ({sql}) counted) total"
                f" FROM ({sql}) shown ORDER BY graph_far LIMIT %s) tallied_{index}",
                [*branch, *branch, per_side],
            )
        )
    return union_all(selects)


def stand_ins(count):
    """`count` ids no record has, standing for the real ones in a SELECT compiled once."""
    return [-(2**40) - number for number in range(count)]


def with_ids(select, ids):
    """A SELECT compiled with `stand_ins(len(ids))`, as (sql, params) for `ids`."""
    sql, params = select
    real = dict(zip(stand_ins(len(ids)), ids, strict=True))
    return sql, [real.get(param, param) for param in params]


@functools.lru_cache(maxsize=1024)
def side_select(index, count):
    """The SELECT of side `index`'s links from `count` records, as (sql, params), its params
    holding `stand_ins(count)` where the records' ids go.

    Building and compiling a side's queryset costs more than running it, and every record
    page asks for the same few: each is built once per process and count.
    """
    side = SIDES[index]
    ids = stand_ins(count)
    if side.edge.tally and side.forward:
        # A stage's distinct tools or productions are its tally's rows: no scan of its uses.
        rows = Tally.objects.filter(name=side.edge.tally, a__in=ids)
        near, far, distinct = "a", "b", False  # one row per pair already
    else:
        rows = side.edge.model.objects.filter(
            **{f"{side.near}__in": ids, f"{side.far}__isnull": False}
        )
        near, far, distinct = side.near, side.far, True
    rows = (
        rows.order_by()
        .annotate(
            graph_side=Value(index, output_field=IntegerField()),
            graph_near=F(near),
            graph_far=F(far),
        )
        .values_list("graph_side", "graph_near", "graph_far")
    )
    sql, params = (rows.distinct() if distinct else rows).query.sql_with_params()
    return sql, tuple(params)


@dataclass(frozen=True)
class Node:
    type_key: str
    pk: int
    slug: str
    name: str

    @property
    def record_type(self):
        return registry.BY_KEY[self.type_key]

    @property
    def url(self):
        return reverse(f"{self.type_key}_detail", args=[self.slug])

    @property
    def permanent_id(self):
        return f"{self.record_type.id_prefix}{self.pk}"

    @property
    def type_label(self):
        return self.record_type.label

    def __str__(self):
        return self.name


def load_nodes(keys):
    """The records named by (type key, id) pairs, as Nodes by pair, in one query."""
    by_type = {}
    for type_key, pk in keys:
        by_type.setdefault(type_key, set()).add(pk)
    type_keys = list(by_type)
    branches = []
    for number, type_key in enumerate(type_keys):
        ids = sorted(by_type[type_key])
        branches.append(with_ids(node_select(type_key, number, len(ids)), ids))
    return {
        (type_keys[number], pk): Node(type_keys[number], pk, slug, name)
        for number, pk, slug, name in union_all(branches)
    }


@functools.lru_cache(maxsize=1024)
def node_select(type_key, number, count):
    """The SELECT of `count` records of one type, numbered `number` in their union, as (sql,
    params) holding `stand_ins(count)` where their ids go; built once, as `side_select`."""
    record_type = registry.BY_KEY[type_key]
    rows = (
        record_type.model.objects.filter(pk__in=stand_ins(count))
        .order_by()
        .annotate(
            graph_type=Value(number, output_field=IntegerField()),
            graph_name=F(record_type.name_field),
        )
        .values_list("graph_type", "pk", "slug", "graph_name")
    )
    sql, params = rows.query.sql_with_params()
    return sql, tuple(params)


def union_all(selects, wrap="{}", extra_params=()):
    """The rows of every SELECT, given as (sql, params), in one query: `wrap` puts SQL around
    their UNION ALL.

    Raw SQL for what the ORM cannot say (a window or a LIMIT around a union, on SQLite too);
    each SELECT in it is the ORM's, with its parameters.
    """
    if not selects:
        return []
    branches, params = [], []
    for sql, branch_params in selects:
        branches.append(sql)
        params.extend(branch_params)
    with connection.cursor() as cursor:
        cursor.execute(wrap.format(" UNION ALL ".join(branches)), [*params, *extra_params])
        return [tuple(row) for row in cursor.fetchall()]


# --- A record's neighbours -------------------------------------------------------------------


@dataclass
class Link:
    """One row of a graph's table, one edge of its drawing: `source` <relation> `target`."""

    relation: str
    source: Node
    target: Node


@dataclass
class Relation:
    """The neighbours one relation gives a record: those shown and how many are left out."""

    label: str
    type_key: str
    total: int
    links: list = field(default_factory=list)

    @property
    def more(self):
        return self.total - len(self.links)


@dataclass
class Graph:
    center: Node | None
    nodes: list
    links: list
    relations: list = field(default_factory=list)
    svg: str = ""
    title: str = ""
    description: str = ""

    @property
    def more(self):
        return sum(relation.more for relation in self.relations)

    @property
    def types(self):
        """The record types drawn, for the legend, in the registry's order."""
        present = {node.type_key for node in self.nodes}
        return [legend_entry(t.key) for t in registry.TYPES if t.key in present]


def record_graph(record, per_relation=PER_RELATION, max_nodes=MAX_NODES, draw=True):
    """The record and its neighbours: at most `per_relation` per relation and `max_nodes` in
    all, each relation counting those left out. Two queries."""
    record_type = registry.of(record)
    center_key = (record_type.key, record.pk)
    rows = first_neighbours(record_type.key, record.pk, per_relation)
    rows.sort(key=lambda row: (row[0], row[2]))
    nodes = load_nodes([center_key] + [(SIDES[s].far_type, far) for s, _near, far, _t in rows])
    center = nodes.get(center_key) or Node(
        record_type.key, record.pk, record.slug, record_type.name(record)
    )
    shown = {center_key}
    relations = {}
    for side_index, _near, far, total in rows:
        side = SIDES[side_index]
        key = (side.far_type, far)
        node = nodes.get(key)
        if node is None:
            continue
        relation = relations.setdefault(side_index, Relation(str(side.label), side.far_type, total))
        if key not in shown and len(shown) >= max_nodes:
            continue
        shown.add(key)
        relation.links.append(Link(str(side.label), center, node))
    relations = [relation for relation in relations.values() if relation.total]
    links = [link for relation in relations for link in relation.links]
    order = [center_key] + sorted(shown - {center_key}, key=lambda k: (k[0], nodes[k].name, k[1]))
    graph = Graph(center, [nodes.get(k, center) for k in order], links, relations)
    graph.title = _("How %(name)s links to other records") % {"name": center.name}
    graph.description = summary(graph)
    if draw:
        graph.svg = draw_graph(graph, engine="twopi")
    return graph


def summary(graph):
    """What the drawing shows, in a sentence or two a screen reader announces."""
    if not graph.links:
        return str(_("No other record is linked to %(name)s yet.") % {"name": graph.center.name})
    counts = {}
    for node in graph.nodes[1:]:
        counts[node.type_key] = counts.get(node.type_key, 0) + 1
    parts = [
        f"{count} {registry.BY_KEY[key].label if count == 1 else registry.BY_KEY[key].label_plural}"
        for key, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
    text = _("%(name)s is linked to %(count)s records: %(parts)s.") % {
        "name": graph.center.name,
        "count": len(graph.nodes) - 1,
        "parts": ", ".join(parts),
    }
    if graph.more:
        text += " " + _("%(more)s more links are not drawn; the sections above list them.") % {
            "more": graph.more
        }
    return str(text)


# --- The shortest path between two records ------------------------------------------------------


@dataclass
class PathResult:
    steps: list  # of Link, in order from the first record to the second
    status: str  # "found", "none" (no connection within the steps), "limit" or "timeout"
    visited: int
    graph: Graph | None = None


def find_path(start, goal, max_steps=None, max_nodes=None, time_limit=None, broad=False):
    """The shortest chain of links from `start` to `goal` (each a (type key, id) pair), found
    by a breadth-first search from both ends at once: one query per level, at most
    `max_steps` levels, `max_nodes` records and `time_limit` seconds (PATH_MAX_STEPS,
    PATH_MAX_NODES and PATH_TIME_LIMIT unless given)."""
    max_steps = PATH_MAX_STEPS if max_steps is None else max_steps
    max_nodes = PATH_MAX_NODES if max_nodes is None else max_nodes
    time_limit = PATH_TIME_LIMIT if time_limit is None else time_limit
    began = time.monotonic()
    # Each side's records: how it was reached (previous record, side index), or None.
    reached = [{start: None}, {goal: None}]
    frontiers = [{start}, {goal}]
    depths = [{start: 0}, {goal: 0}]
    steps = 0
    while steps < max_steps:
        if time.monotonic() - began > time_limit:
            return PathResult([], "timeout", len(reached[0]) + len(reached[1]))
        # Grow the smaller frontier by one level.
        which = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
        if not frontiers[which]:
            break
        ends = {}
        for type_key, pk in frontiers[which]:
            ends.setdefault(type_key, []).append(pk)
        budget = max_nodes - len(reached[0]) - len(reached[1])
        rows = neighbour_rows(ends, limit=budget + 1, broad=broad)
        rows.sort()
        if len(rows) > budget:
            return PathResult([], "limit", max_nodes)
        steps += 1
        found = []
        new = set()
        for side_index, near, far in rows:
            side = SIDES[side_index]
            key = (side.far_type, far)
            if key in reached[which]:
                continue
            reached[which][key] = ((side.near_type, near), side_index)
            depths[which][key] = depths[which][(side.near_type, near)] + 1
            new.add(key)
            if key in reached[1 - which]:
                found.append(key)
        frontiers[which] = new
        if found:
            meeting = min(found, key=lambda k: (depths[0][k] + depths[1][k], k))
            return PathResult(chain(meeting, reached), "found", len(reached[0]) + len(reached[1]))
    return PathResult([], "none", len(reached[0]) + len(reached[1]))


def chain(meeting, reached):
    """The links from the start to `meeting` and from there to the goal, as (near key, side
    index, far key) triples in reading order."""
    first = []
    key = meeting
    while reached[0][key] is not None:
        previous, side_index = reached[0][key]
        first.append((previous, side_index, key))
        key = previous
    first.reverse()
    second = []
    key = meeting
    while reached[1][key] is not None:
        previous, side_index = reached[1][key]
        # Reached from the goal's side: read the other way round.
        second.append((key, side_index ^ 1, previous))
        key = previous
    return first + second


def path_graph(result):
    """The path's records and links (Nodes and Links), drawn; one query for the names."""
    keys = [result.steps[0][0]] + [far for _near, _side, far in result.steps]
    nodes = load_nodes(keys)
    links = [
        Link(str(SIDES[side_index].label), nodes[near], nodes[far])
        for near, side_index, far in result.steps
    ]
    graph = Graph(None, [nodes[key] for key in keys], links)
    graph.title = _("How %(first)s connects to %(last)s") % {
        "first": graph.nodes[0].name,
        "last": graph.nodes[-1].name,
    }
    graph.description = " ".join(
        f"{link.source.name} {link.relation} {link.target.name}." for link in links
    )
    graph.svg = draw_graph(graph, engine="dot", edge_labels=True)
    return graph


# --- Reading a record from what a reader typed -------------------------------------------------

PERMANENT_ID = re.compile(r"^(?P<prefix>[A-Za-z])(?P<pk>[1-9][0-9]{0,17})$")
RECORD_PATH = re.compile(r"^/(?P<plural>[a-z]+)/(?P<slug>[-a-zA-Z0-9_]+)/?$")
ID_PATH = re.compile(r"^/id/(?P<code>[A-Za-z][0-9]+)/?$")


class UnknownRecord(ValueError):
    pass


def parse_record(text):
    """A record's (type key, id or slug lookup) from its permanent id ("P42", "/id/P42") or the
    address of its page ("/productions/the-irishman/", with or without the host)."""
    text = text.strip()
    path = urlsplit(text).path if "/" in text else ""
    if match := ID_PATH.match(path):
        text = match["code"]
    if match := PERMANENT_ID.match(text):
        record_type = registry.BY_PREFIX.get(match["prefix"].upper())
        if record_type is None:
            raise UnknownRecord(
                _("No kind of record has identifiers starting with “%(letter)s”.")
                % {"letter": match["prefix"]}
            )
        return record_type, {"pk": int(match["pk"])}
    if match := RECORD_PATH.match(path):
        record_type = registry.BY_PLURAL.get(match["plural"])
        if record_type is not None:
            return record_type, {"slug": match["slug"]}
    raise UnknownRecord(
        _(
            "Give a record’s permanent identifier (a letter and a number, e.g. P42, shown on "
            "its page) or the address of its page."
        )
    )


def find_record(text):
    """The (type key, id) of the record `text` names, or UnknownRecord saying why not."""
    record_type, lookup = parse_record(text)
    record = record_type.model.objects.filter(**lookup).only("pk").first()
    if record is None:
        raise UnknownRecord(
            _("No %(type)s has the identifier or address “%(text)s”.")
            % {"type": record_type.label, "text": text.strip()[:100]}
        )
    return record_type.key, record.pk


# --- Drawing ---------------------------------------------------------------------------------

# Per type: fill (light, under dark text: at least 12:1), border and shape. Shapes tell the
# types apart without colour.
STYLES = {
    "production": ("#d6e6ff", "#1d4f91", "box"),
    "studio": ("#ffe0c2", "#8a4500", "house"),
    "tool": ("#d9f2cc", "#2e6b1a", "hexagon"),
    "controversy": ("#ffd6d6", "#a11d1d", "octagon"),
    "person": ("#eadcf8", "#5b2a86", "ellipse"),
    "rule": ("#fff3b0", "#6f5b00", "note"),
    "source": ("#e6e6e6", "#4a4a4a", "tab"),
    "stage": ("#cdeeee", "#1f6363", "cds"),
}
TEXT_COLOUR = "#111111"


def legend_entry(type_key):
    fill, border, shape = STYLES[type_key]
    return {
        "label": registry.BY_KEY[type_key].title,
        "fill": fill,
        "border": border,
        "shape": shape,
    }


def _label(name):
    name = " ".join(str(name).split())  # no newlines or tabs in a label
    if len(name) > NAME_LENGTH:
        name = name[: NAME_LENGTH - 1].rstrip() + "…"
    return graphviz.escape(name)


def dot_source(graph, engine, edge_labels=False):
    """The graph in Graphviz's language: every name and URL quoted by the binding."""
    dot = graphviz.Graph(
        engine=engine,
        graph_attr={
            "bgcolor": "transparent",
            "overlap": "false",
            # Straight lines: routing curves around the nodes takes twopi four times as long.
            "splines": "false" if engine == "twopi" else "true",
            "ranksep": "1.4" if engine == "twopi" else "0.45",
            "fontname": FONT,
            "pad": "0.2",
            **({"root": "n0"} if engine == "twopi" else {}),
        },
        node_attr={
            "style": "filled",
            "fontname": FONT,
            "fontsize": "11",
            "fontcolor": TEXT_COLOUR,
            "penwidth": "1.5",
            "margin": "0.12,0.06",
        },
        edge_attr={"color": "#555555", "fontname": FONT, "fontsize": "10"},
    )
    ids = {}
    for number, node in enumerate(graph.nodes):
        ids[(node.type_key, node.pk)] = f"n{number}"
        fill, border, shape = STYLES[node.type_key]
        dot.node(
            f"n{number}",
            label=_label(node.name),
            shape=shape,
            fillcolor=fill,
            color=border,
            URL=node.url,
            tooltip=graphviz.escape(f"{node.name} ({node.type_label})"),
            penwidth="3" if node is graph.center else "1.5",
        )
    drawn = set()
    for link in graph.links:
        pair = (
            ids[(link.source.type_key, link.source.pk)],
            ids[(link.target.type_key, link.target.pk)],
        )
        if not edge_labels and (pair in drawn or pair[::-1] in drawn):
            continue
        drawn.add(pair)
        attrs = {"label": graphviz.escape(link.relation), "fontcolor": TEXT_COLOUR}
        dot.edge(*pair, **(attrs if edge_labels else {}))
    return dot.source


def draw_graph(graph, engine, edge_labels=False):
    """The graph as inline SVG markup, or "" when Graphviz is missing, fails or is too slow.

    A drawing is kept in the page cache under a digest of the program, its Graphviz source
    (every name, address and style it shows) and its title and description, so a record's
    graph is drawn again only when something it shows changes, not after every edit."""
    program = shutil.which(engine)
    if program is None:
        logger.warning("Graphviz's %s is not installed: graphs are shown as tables only.", engine)
        return ""
    source = dot_source(graph, engine, edge_labels)
    name = f"graph:{program}:{graph.title}:{graph.description}:{source}"
    svg = by_content(name, lambda: _run_graphviz(program, source, graph))
    return mark_safe(svg)  # rebuilt by clean_svg from allowed elements and attributes only


def _run_graphviz(program, source, graph):
    plugins = plugin_dir(program)
    try:
        completed = subprocess.run(
            [program, "-Tsvg"],
            input=source.encode(),
            capture_output=True,
            timeout=RENDER_TIMEOUT,
            check=True,
            env={**os.environ, "GVBINDIR": plugins} if plugins else None,
        )
        return str(clean_svg(completed.stdout, graph))
    except subprocess.TimeoutExpired:
        logger.warning("Graphviz took over %s s to draw a graph: shown as a table.", RENDER_TIMEOUT)
    except (OSError, subprocess.CalledProcessError, ET.ParseError) as error:
        logger.warning("Graphviz could not draw a graph (%s): shown as a table.", error)
    return ""


# The plugins a drawing needs: the layouts (dot, twopi) and the SVG writer.
PLUGINS = ("core", "dot_layout", "neato_layout")


@functools.cache
def plugin_dir(program):
    """A private directory holding only the plugins of PLUGINS and their configuration, for
    Graphviz's GVBINDIR; None where one cannot be made (Graphviz then loads all it has).

    On start Graphviz loads every plugin its configuration lists. The text layout one (Pango
    with fontconfig) made about 20 ms of the 27 ms a record's drawing took. Without it Graphviz
    sizes text from its own table of Arial's widths, which is why FONT names Helvetica and
    Arial first; the browser draws the text anyway. Made once per process, removed at exit;
    a GVBINDIR set by the operator is left as it is."""
    if os.environ.get("GVBINDIR"):
        return None
    try:
        version = subprocess.run(
            [program, "-v"],
            input=b"graph {}",
            capture_output=True,
            timeout=RENDER_TIMEOUT,
            check=True,
        )
        found = re.search(rb'libdir = "([^"]+)"', version.stderr)
        if not found:
            return None
        libdir = os.fsdecode(found.group(1))
        wanted = re.compile(rf"libgvplugin_({'|'.join(PLUGINS)})\.so\.\d+")
        names = [name for name in os.listdir(libdir) if wanted.fullmatch(name)]
        if len(names) != len(PLUGINS):
            return None
        folder = tempfile.mkdtemp(prefix="graphviz-plugins-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        for name in names:
            os.symlink(os.path.join(libdir, name), os.path.join(folder, name))
        subprocess.run(
            [program, "-c"],
            capture_output=True,
            timeout=RENDER_TIMEOUT,
            check=True,
            env={**os.environ, "GVBINDIR": folder},
        )
        return folder
    except (OSError, subprocess.SubprocessError) as error:
        logger.warning("Graphviz's plugins could not be chosen (%s): it loads them all.", error)
        return None


SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
ALLOWED_ELEMENTS = {"svg", "g", "a", "path", "polygon", "polyline", "ellipse", "text"}
ALLOWED_ATTRIBUTES = {
    "viewBox",
    "class",
    "transform",
    "fill",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "d",
    "points",
    "cx",
    "cy",
    "rx",
    "ry",
    "x",
    "y",
    "text-anchor",
    "font-family",
    "font-size",
    "font-weight",
}


def clean_svg(data, graph):
    """Graphviz's SVG rebuilt with only drawing elements and attributes, links to the site's
    own pages (with their record's name as the link's title), and an accessible name."""
    root = ET.fromstring(data)
    svg = ET.Element(
        f"{{{SVG}}}svg",
        {
            "viewBox": root.get("viewBox", ""),
            "class": "graph-drawing",
            # A group, not an image: its nodes are links, which an image's content cannot
            # hold (axe: nested-interactive). Named and described by its title and desc.
            "role": "group",
            "aria-labelledby": "graph-title",
            "aria-describedby": "graph-desc",
        },
    )
    title = ET.SubElement(svg, f"{{{SVG}}}title", {"id": "graph-title"})
    title.text = str(graph.title)
    desc = ET.SubElement(svg, f"{{{SVG}}}desc", {"id": "graph-desc"})
    desc.text = str(graph.description)
    for child in root:
        copied = _copy(child)
        if copied is not None:
            svg.append(copied)
    return serialize(svg)


def serialize(element):
    """The element as markup, every text and attribute value escaped as HTML escapes it
    (quotes too, which ElementTree leaves as they are in text)."""
    tag = element.tag.rpartition("}")[2]
    attributes = "".join(
        f' {name.rpartition("}")[2]}="{escape(value)}"' for name, value in element.attrib.items()
    )
    if tag == "svg":
        attributes = f' xmlns="{SVG}"' + attributes
    inner = escape(element.text or "") + "".join(serialize(child) for child in element)
    return f"<{tag}{attributes}>{inner}</{tag}>"


def _copy(element):
    tag = element.tag.rpartition("}")[2]
    if tag not in ALLOWED_ELEMENTS:
        return None
    attributes = {
        name: value for name, value in element.attrib.items() if name in ALLOWED_ATTRIBUTES
    }
    if tag == "a":
        href = element.get(f"{{{XLINK}}}href") or element.get("href") or ""
        if not href.startswith("/") or href.startswith("//"):
            return _unwrap(element)
        attributes["href"] = href
    copied = ET.Element(f"{{{SVG}}}{tag}", attributes)
    copied.text = element.text if tag == "text" else None
    if tag == "a" and element.get(f"{{{XLINK}}}title"):
        hint = ET.SubElement(copied, f"{{{SVG}}}title")
        hint.text = element.get(f"{{{XLINK}}}title")
    for child in element:
        inner = _copy(child)
        if inner is not None:
            copied.append(inner)
    return copied


def _unwrap(element):
    group = ET.Element(f"{{{SVG}}}g")
    for child in element:
        inner = _copy(child)
        if inner is not None:
            group.append(inner)
    return group
