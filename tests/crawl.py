"""Walking the public site the way a reader (or a scraper) would, through the test client."""

from collections import Counter
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve

SKIP_PREFIXES = ("/" + settings.ADMIN_URL, "/" + settings.STATIC_URL.lstrip("/"))


def body(response):
    """The response's bytes, streamed or not (read once: crawl() keeps them on `.body`)."""
    if not hasattr(response, "body"):
        response.body = (
            b"".join(response.streaming_content) if response.streaming else response.content
        )
    return response.body


class PageParser(HTMLParser):
    """Links, and GET forms with their field names, from one HTML page."""

    def __init__(self):
        super().__init__()
        self.links = []
        self.forms = []  # [{"action": str, "fields": {name: default}}]
        self._form = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("a", "link") and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form" and (attrs.get("method") or "get").lower() == "get":
            self._form = {"action": attrs.get("action") or "", "fields": {}}
            self.forms.append(self._form)
        elif tag in ("input", "select", "textarea") and self._form is not None:
            if attrs.get("name") and attrs.get("type") not in ("submit", "button", "reset"):
                self._form["fields"][attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def parse(html, base):
    parser = PageParser()
    parser.feed(html)
    links = [urljoin(base, href.split("#")[0]) for href in parser.links]
    for form in parser.forms:
        form["action"] = urljoin(base, form["action"])
    return links, parser.forms


def internal(url):
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return None
    if not parts.path.startswith("/") or parts.path.startswith(SKIP_PREFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client, start=("/",), limit=400, per_route=None):
    """Every public page reachable from `start`: {url: response}, plus the GET forms seen.

    With `per_route`, at most that many addresses of each URL pattern are read, so that
    patterns with a link on every claim (a suggestion form) or a page in each language do not
    use up `limit` before every pattern is reached."""
    seen, queue, forms, routes = {}, list(start), [], Counter()
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        if per_route is not None:
            try:
                route = resolve(urlsplit(url).path).route
            except Resolver404:
                route = None
            routes[route] += 1
            if routes[route] > per_route:
                continue
        response = client.get(url)
        body(response)
        seen[url] = response
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        links, page_forms = parse(body(response).decode(), url)
        forms.extend(page_forms)
        queue.extend(link for link in map(internal, links) if link and link not in seen)
    return seen, forms


def query_names(urls, forms):
    """Every query-string parameter name the pages use in their links and forms."""
    names = {name for url in urls for name, _ in parse_qsl(urlsplit(url).query)}
    names |= {name for form in forms for name in form["fields"]}
    return names
