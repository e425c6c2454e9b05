"""Security headers and the Content-Security-Policy, read off real responses."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.urls import reverse

from catalog.models import Correction, FormerAddress

pytestmark = pytest.mark.django_db

NONCE_IN_HEADER = re.compile(r"script-src 'self' 'nonce-([\w-]+)'")


def csp_directives(response):
    policy = response.headers["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in policy.split(";")) if part
    }


def assert_security_headers(response):
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    csp = csp_directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in csp[directive]
        assert "'unsafe-eval'" not in csp[directive]
        assert all(v == "'self'" or v.startswith("'nonce-") for v in csp[directive]), csp


class InlineCode(HTMLParser):
    """Collects inline <script> and <style> elements and style="..." attributes."""

    def __init__(self):
        super().__init__()
        self.inline = []  # (tag, nonce or None)
        self.style_attributes = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "style" or (tag == "script" and "src" not in attrs):
            # A JSON data block is not run, so CSP does not apply to it.
            if attrs.get("type") not in ("application/json", "application/ld+json"):
                self.inline.append((tag, attrs.get("nonce")))
        if "style" in attrs:
            self.style_attributes.append((tag, attrs["style"]))


def inline_code(response):
    parser = InlineCode()
    parser.feed(response.content.decode())
    return parser


def test_public_page_sends_the_security_headers_and_has_no_inline_code(client, seed):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert_security_headers(response)
    found = inline_code(response)
    assert found.inline == []
    assert found.style_attributes == []


def admin_pages():
    """The admin's login page, its index, and every catalog model's list, add and change page."""
    pages = [("index", reverse("admin:index"))]
    for model in admin.site._registry:
        opts = model._meta
        if opts.app_label != "catalog":
            continue
        pages.append(
            (f"{opts.model_name} list", reverse(f"admin:catalog_{opts.model_name}_changelist"))
        )
        if model not in (FormerAddress, Correction):  # never added by hand
            pages.append(
                (f"{opts.model_name} add", reverse(f"admin:catalog_{opts.model_name}_add"))
            )
        first = model.objects.order_by("pk").first()
        if first is not None:
            pages.append(
                (
                    f"{opts.model_name} change",
                    reverse(f"admin:catalog_{opts.model_name}_change", args=[first.pk]),
                )
            )
    return pages


def test_admin_login_page_headers_and_nonced_code(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assert_security_headers(response)
    nonce = NONCE_IN_HEADER.search(response.headers["Content-Security-Policy"]).group(1)
    assert f'nonce="{nonce}"' in response.content.decode()
    assert all(found_nonce == nonce for _, found_nonce in inline_code(response).inline)


def test_every_admin_page_carries_the_nonce_on_its_inline_code(admin_client_logged_in, seed):
    """The admin works under the strict policy: every inline script or style has the nonce."""
    pages = admin_pages()
    assert sum(label.endswith(" change") for label, _ in pages) >= 10  # the seed's models
    for label, url in pages:
        response = admin_client_logged_in.get(url)
        assert response.status_code == 200, label
        assert_security_headers(response)
        policy = response.headers["Content-Security-Policy"]
        found = inline_code(response)
        for tag, nonce in found.inline:
            assert nonce is not None, f"{label}: inline <{tag}> without a nonce"
            assert f"'nonce-{nonce}'" in policy, f"{label}: <{tag}> nonce not in the policy"


def test_nonce_changes_with_every_response(client):
    first = client.get(reverse("admin:login")).headers["Content-Security-Policy"]
    second = client.get(reverse("admin:login")).headers["Content-Security-Policy"]
    assert NONCE_IN_HEADER.search(first).group(1) != NONCE_IN_HEADER.search(second).group(1)
