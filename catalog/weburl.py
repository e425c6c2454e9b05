"""One spelling per web address, so that two links to the same page are found to be the same.

`url_key()` drops what varies between two links to one page and keeps what tells pages apart:
the scheme (http and https name the same article), a leading `www.`, the default port, a
trailing slash, the fragment, and the tracking parameters that sharing adds (`utm_*`, `fbclid`,
...); the host's case and the order of the remaining parameters. What is left, e.g.
`variety.com/2025/film/news/netflix-ai`, is stored on each source (`Source.url_key`, indexed)
and answers "is this article already in the catalog?" for the API's lookup and the admin's
duplicate warning. This module imports nothing from the project.
"""

from urllib.parse import parse_qsl, urlencode, urlsplit

TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "yclid",
        "ref_src",
        "cmpid",
        "ocid",
        "smid",
        "sref",
    }
)


def is_tracking(name):
    name = name.lower()
    return name.startswith("utm_") or name in TRACKING_PARAMETERS


def url_key(url):
    """The address `url` names, in one spelling; "" for an empty or unreadable one."""
    url = (url or "").strip()
    if not url:
        return ""
    if "://" not in url:
        url = "http://" + url
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url.lower()
    host = (parts.hostname or "").rstrip(".")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        pass
    host = host.lower().removeprefix("www.")
    if port and not (
        (parts.scheme == "http" and port == 80) or (parts.scheme == "https" and port == 443)
    ):
        host = f"{host}:{port}"
    path = parts.path.rstrip("/")
    query = sorted(
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not is_tracking(name)
    )
    key = host + path
    if query:
        key += "?" + urlencode(query)
    return key
