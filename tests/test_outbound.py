"""The outbound fence (catalog/outbound.py): every internal target is refused, before any
connection is made, whatever form the URL takes and wherever a redirect leads."""

import ast
import socket
import time
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from catalog import outbound
from tests.test_settings import load_settings

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def no_connection(monkeypatch):
    """Fails the test if the fence lets a refused URL as far as opening a connection."""
    attempts = []

    def connect(target, addresses, deadline):
        attempts.append(addresses)
        raise AssertionError(f"connected to {addresses}")

    monkeypatch.setattr(outbound, "_connect", connect)
    return attempts


def resolving_to(monkeypatch, table):
    """Replace the resolver (and only it): host name -> address, as DNS would answer."""
    asked = []

    def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
        asked.append(host)
        address = table[host]
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        sockaddr = (address, port, 0, 0) if family == socket.AF_INET6 else (address, port)
        return [(family, socket.SOCK_STREAM, 6, "", sockaddr)]

    monkeypatch.setattr(outbound, "getaddrinfo", getaddrinfo)
    return asked


HOSTILE = {
    "file:///etc/passwd": "file: URLs are not fetched",
    "gopher://127.0.0.1:70/_hello": "gopher: URLs are not fetched",
    "ftp://example.org/file": "ftp: URLs are not fetched",
    "javascript:alert(1)": "javascript: URLs are not fetched",
    "//example.org/no-scheme": "no scheme",
    "http://user:secret@example.org/": "user name or password",
    "http:///nohost": "names no host",
    "http://example.org:99999/": "not a valid URL",
    "http://127.0.0.1/": "127.0.0.1, a loopback address",
    "http://127.0.0.1:5432/": "127.0.0.1, a loopback address",
    "https://127.9.9.9/": "a loopback address",
    "http://[::1]/": "::1, a loopback address",
    "http://[::]/": "an unspecified address",
    "http://0.0.0.0/": "an unspecified address",
    "http://169.254.169.254/latest/meta-data/": "169.254.169.254, a link-local address",
    "http://[fe80::1]/": "a link-local address",
    "http://10.0.0.1/": "10.0.0.1, a private address",
    "http://10.255.255.254:8080/": "a private address",
    "http://172.16.5.4/": "a private address",
    "http://192.168.1.1/": "192.168.1.1, a private address",
    "http://[fd00::1]/": "a private address",
    "http://[fec0::1]/": "a site-local address",
    "http://100.64.0.1/": "not a public address",
    "http://224.0.0.1/": "a multicast address",
    "http://[ff02::1]/": "a multicast address",
    "http://240.0.0.1/": "a reserved address",
    # IPv4 inside IPv6: mapped, NAT64, 6to4.
    "http://[::ffff:127.0.0.1]/": "a loopback address",
    "http://[::ffff:7f00:1]/": "a loopback address",
    "http://[::ffff:169.254.169.254]/": "a link-local address",
    "http://[::ffff:10.0.0.1]/": "a private address",
    "http://[64:ff9b::7f00:1]/": "a reserved address",
    "http://[2002:7f00:1::]/": "a private address",
    # Other spellings of 127.0.0.1 and 10.0.0.1, judged by what they resolve to.
    "http://2130706433/": "2130706433 resolves to 127.0.0.1, a loopback address",
    "http://0177.0.0.1/": "resolves to 127.0.0.1, a loopback address",
    "http://0x7f.0.0.1/": "resolves to 127.0.0.1, a loopback address",
    "http://0x7f000001/": "resolves to 127.0.0.1, a loopback address",
    "http://127.1/": "resolves to 127.0.0.1, a loopback address",
    "http://012.0.0.1/": "resolves to 10.0.0.1, a private address",
    "http://167772161/": "resolves to 10.0.0.1, a private address",
    # A name that resolves to an internal address (the system's own resolver).
    "http://localhost/": "localhost resolves to 127.0.0.1, a loopback address",
    "http://LOCALHOST:8000/admin/": "resolves to 127.0.0.1, a loopback address",
}


@pytest.mark.parametrize("url", HOSTILE)
def test_hostile_urls_are_refused_before_any_connection(url, no_connection):
    with pytest.raises(outbound.Refused) as refused:
        outbound.fetch(url)
    assert HOSTILE[url] in str(refused.value)
    assert no_connection == []


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.31.0.1",
        "192.168.0.10",
        "169.254.169.254",
        "::1",
        "::ffff:10.0.0.1",
        "fd12:3456::1",
        "0.0.0.0",
    ],
)
def test_a_dns_name_resolving_to_an_internal_address_is_refused(
    monkeypatch, no_connection, address
):
    asked = resolving_to(monkeypatch, {"news.example": address})
    with pytest.raises(outbound.Refused) as refused:
        outbound.fetch("https://news.example/story")
    assert f"news.example resolves to {address}" in str(refused.value)
    assert asked == ["news.example"]
    assert no_connection == []


def test_every_address_a_name_resolves_to_must_be_public(monkeypatch, no_connection):
    def getaddrinfo(host, port, *args):
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port)),
        ]

    monkeypatch.setattr(outbound, "getaddrinfo", getaddrinfo)
    with pytest.raises(outbound.Refused, match="10.0.0.7, a private address"):
        outbound.fetch("http://mixed.example/")
    assert no_connection == []


def test_the_connection_goes_to_the_address_checked_without_a_second_lookup(monkeypatch):
    """A DNS server that answers a public address to the check and 127.0.0.1 afterwards (DNS
    rebinding) gets one question only: the socket is opened on the address checked."""
    answers = iter(["93.184.215.14", "127.0.0.1", "127.0.0.1"])
    asked = []

    def getaddrinfo(host, port, *args):
        asked.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]

    connected = []

    class Socket:
        def __init__(self, family, kind):
            pass

        def settimeout(self, seconds):
            pass

        def connect(self, sockaddr):
            connected.append(sockaddr)
            raise ConnectionRefusedError(111, "Connection refused")

        def close(self):
            pass

    monkeypatch.setattr(outbound, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(outbound.socket, "socket", Socket)
    with pytest.raises(outbound.Unreachable, match="cannot connect"):
        outbound.fetch("http://rebind.example:8080/")
    assert asked == ["rebind.example"]
    assert connected == [("93.184.215.14", 8080)]


def test_a_name_that_does_not_resolve_is_unreachable_not_an_error(monkeypatch):
    def getaddrinfo(host, port, *args):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(outbound, "getaddrinfo", getaddrinfo)
    with pytest.raises(outbound.Unreachable, match="nowhere.example: host not found"):
        outbound.fetch("https://nowhere.example/")


def test_a_resolver_that_hangs_ends_with_the_time_limit(monkeypatch):
    def getaddrinfo(host, port, *args):
        time.sleep(2)
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure")

    monkeypatch.setattr(outbound, "getaddrinfo", getaddrinfo)
    started = time.monotonic()
    with pytest.raises(outbound.Unreachable, match="no answer from DNS in time"):
        outbound.fetch("https://slow-dns.example/", timeout=0.3)
    assert time.monotonic() - started < 1.5


# Through the local test server ---------------------------------------------------------------


def test_the_allowed_local_server_answers_with_the_sites_user_agent(local_server):
    local_server.route("/page", body=b"<h1>Story</h1>")
    response = outbound.fetch(local_server.url("/page"))
    assert (response.status, response.body, response.redirects) == (200, b"<h1>Story</h1>", ())
    assert local_server.user_agents == [outbound.USER_AGENT]
    assert "In the Frame" in outbound.USER_AGENT


def test_the_allowlist_matches_the_host_named_not_the_address(local_server, no_connection):
    """127.0.0.1 is allowed for the test server; other names for the same address are not."""
    for url in [
        f"http://localhost:{local_server.port}/",
        f"http://2130706433:{local_server.port}/",
        f"http://[::ffff:127.0.0.1]:{local_server.port}/",
        f"http://127.0.0.2:{local_server.port}/",
    ]:
        with pytest.raises(outbound.Refused):
            outbound.fetch(url)
    assert no_connection == []


def test_without_the_allowlist_the_local_server_is_refused(local_server, settings):
    settings.OUTBOUND_ALLOWED_HOSTS = []
    local_server.route("/page")
    with pytest.raises(outbound.Refused, match="127.0.0.1, a loopback address"):
        outbound.fetch(local_server.url("/page"))
    assert local_server.hits["/page"] == 0


def test_redirects_are_followed_and_listed(local_server):
    local_server.redirect("/old", "/middle", status=301)
    local_server.redirect("/middle", local_server.url("/new"), status=307)
    local_server.route("/new", body=b"moved here")
    response = outbound.fetch(local_server.url("/old"))
    assert response.status == 200 and response.body == b"moved here"
    assert response.url == local_server.url("/new")
    assert response.redirects == (
        (301, local_server.url("/old")),
        (307, local_server.url("/middle")),
    )


@pytest.mark.parametrize(
    "location, reason",
    [
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254, a link-local address"),
        ("http://10.0.0.1/", "10.0.0.1, a private address"),
        ("http://[::1]:{port}/secret", "::1, a loopback address"),
        ("http://[::ffff:127.0.0.1]:{port}/secret", "a loopback address"),
        ("http://localhost:{port}/secret", "localhost resolves to 127.0.0.1"),
        ("http://2130706433:{port}/secret", "resolves to 127.0.0.1"),
        ("file:///etc/passwd", "file: URLs are not fetched"),
        ("gopher://127.0.0.1:{port}/secret", "gopher: URLs are not fetched"),
    ],
)
def test_a_redirect_to_an_internal_address_is_refused(local_server, location, reason):
    """The allowed server redirects to an internal target: refused, and never requested."""
    local_server.route("/secret", body=b"internal")
    local_server.redirect("/jump", location.format(port=local_server.port))
    with pytest.raises(outbound.Refused) as refused:
        outbound.fetch(local_server.url("/jump"))
    assert reason in str(refused.value)
    assert refused.value.redirects == ((302, local_server.url("/jump")),)
    assert local_server.hits["/secret"] == 0


def test_redirects_are_bounded(local_server):
    local_server.redirect("/loop", "/loop")
    with pytest.raises(outbound.TooManyRedirects, match="more than 3 redirects"):
        outbound.fetch(local_server.url("/loop"), max_redirects=3)
    assert local_server.hits["/loop"] == 4


def test_a_large_answer_is_refused(local_server):
    local_server.route("/big", body=b"x" * 5000)
    with pytest.raises(outbound.TooLarge, match="over the limit of 1,000"):
        outbound.fetch(local_server.url("/big"), max_bytes=1000)
    assert outbound.fetch(local_server.url("/big"), max_bytes=5000).body == b"x" * 5000
    assert outbound.fetch(local_server.url("/big"), max_bytes=10, read_body=False).body == b""


def test_a_slow_answer_ends_at_the_time_limit(local_server):
    local_server.slow("/slow", seconds=3)
    started = time.monotonic()
    with pytest.raises(outbound.Unreachable, match="no complete answer in 0.5 s"):
        outbound.fetch(local_server.url("/slow"), timeout=0.5)
    assert time.monotonic() - started < 1.5


def test_a_trickling_answer_ends_at_the_time_limit(local_server):
    """Each byte arrives well within the limit, the whole body never does."""
    local_server.trickle("/trickle", seconds_per_byte=0.1, length=100)
    started = time.monotonic()
    with pytest.raises(outbound.Unreachable, match="no complete answer in 0.5 s"):
        outbound.fetch(local_server.url("/trickle"), timeout=0.5)
    assert time.monotonic() - started < 1.5


def test_a_closed_port_is_unreachable(local_server):
    port = local_server.port
    local_server.stop()
    with pytest.raises(outbound.Unreachable, match="cannot connect"):
        outbound.fetch(f"http://127.0.0.1:{port}/", timeout=2)


def test_only_get_and_head():
    with pytest.raises(ValueError):
        outbound.fetch("https://example.org/", method="POST")


def test_address_problem_accepts_public_addresses():
    for address in ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"]:
        assert outbound.address_problem(address) is None


def test_nothing_else_in_the_project_makes_http_requests():
    """One function makes every outbound request: no other module imports a client."""
    clients = {"http.client", "urllib.request", "requests", "httpx", "urllib3", "socket", "ssl"}
    offenders = []
    for path in [*ROOT.glob("catalog/**/*.py"), *ROOT.glob("config/**/*.py")]:
        if path == ROOT / "catalog" / "outbound.py" or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.relative_to(ROOT)}: {name}" for name in names if name in clients]
    assert offenders == []


@pytest.mark.parametrize("value", ["http://127.0.0.1", "127.0.0.1:8000", "example.org/path", "a b"])
def test_the_allowlist_setting_takes_bare_hosts_only(monkeypatch, value):
    with pytest.raises(ImproperlyConfigured, match="OUTBOUND_ALLOWED_HOSTS"):
        load_settings(monkeypatch, OUTBOUND_ALLOWED_HOSTS=value)


def test_the_allowlist_setting_is_empty_unless_set(monkeypatch):
    assert load_settings(monkeypatch)["OUTBOUND_ALLOWED_HOSTS"] == []
    loaded = load_settings(monkeypatch, OUTBOUND_ALLOWED_HOSTS="127.0.0.1, [::1], Intranet.example")
    assert loaded["OUTBOUND_ALLOWED_HOSTS"] == ["127.0.0.1", "::1", "intranet.example"]
