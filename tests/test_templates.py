"""Templates keep to the site's rules: no inline scripts or styles (a strict CSP is coming),
no assets from other sites, editor text never marked safe."""

import re
from pathlib import Path

import pytest

TEMPLATES = sorted((Path(__file__).resolve().parent.parent / "templates").rglob("*.html"))


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_no_inline_script_style_or_external_asset(path):
    # JSON-LD is data, not code: a browser never runs a <script type="application/ld+json">
    # (a data block), so the CSP does not apply to it and it needs no nonce, which would make
    # the page differ from one request to the next (tests/test_http_cache.py).
    source = re.sub(r'<script type="application/ld\+json">', "", path.read_text())
    for forbidden in (
        "<script",
        "<style",
        "style=",
        "|safe",
        "autoescape off",
        'src="http',
        'href="//',
    ):
        assert forbidden not in source, f"{path.name} contains {forbidden}"


def test_every_detail_template_offers_the_record_extra_block():
    base = (
        Path(__file__).resolve().parent.parent / "templates/catalog/detail_base.html"
    ).read_text()
    assert "{% block record_extra %}" in base
    for name in ("production", "studio", "tool", "controversy", "person", "source"):
        detail = (
            Path(__file__).resolve().parent.parent / f"templates/catalog/{name}_detail.html"
        ).read_text()
        assert detail.startswith('{% extends "catalog/detail_base.html" %}')
