"""The graph of a record's links, for templates/catalog/_graph.html."""

from django import template

from catalog import graph

register = template.Library()


@register.simple_tag
def record_graph(record):
    """The record's neighbours as a drawing and a table (catalog/graph.py). It is computed
    while the record's page renders, so the page cache keeps it with the page."""
    return graph.record_graph(record)
