"""Every HTTP request the site makes to another server goes through `fetch()`, behind a fence.

A URL an editor typed (a source's link) could point at the server's own network: the database
on 127.0.0.1:5432, a cloud metadata service on 169.254.169.254, an intranet host. `fetch()`
refuses those (a server-side request forgery guard):

- only `http://` and `https://` URLs, without a user name or password in them;
- the host name is resolved once, and every address it resolves to must be a public one: not
  loopback, private, link-local, multicast, reserved, unspecified, site-local or otherwise
  not globally reachable (IPv4 and IPv6; an IPv4 address inside IPv6, as in ::ffff:127.0.0.1,
  is judged as the IPv4 address). Numeric forms such as 2130706433 or 0177.0.0.1 are judged
  by the address they resolve to;
- the connection goes to the address that was checked (a socket opened on it, no second
  lookup a DNS server could answer differently); HTTPS still verifies the certificate against
  the host name;
- redirects are followed here, not by a library, at most `max_redirects` times, each new URL
  going through the same checks;
- the whole fetch (the lookup, each connection and each read, every redirect) ends by
  `timeout` seconds, and a body longer than `max_bytes` is refused;
- every request says who makes it (`USER_AGENT`). No proxy from the environment is used.

`settings.OUTBOUND_ALLOWED_HOSTS` names hosts exempt from the address check (not from the
others), matched against the URL's host exactly: tests use it for a server on 127.0.0.1. Empty
by default; never list a host whose name an outsider controls.

Outcomes: a `Response`, or one of `Refused` (the fence said no), `Unreachable` (no answer: the
name does not resolve, the connection or TLS fails, time ran out, the answer was not HTTP),
`TooManyRedirects`, `TooLarge`; all are `OutboundError`s, which carry the redirects followed.
"""

import http.client
import ipaddress
import socket
import ssl
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from socket import getaddrinfo  # the resolver: tests replace it here, nothing else
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.utils.encoding import iri_to_uri

USER_AGENT = (
    "InTheFrame-LinkChecker/1.0 (In the Frame, a knowledge base about AI use in film "
    "production; checks the sources it cites)"
)
TIMEOUT = 10.0  # seconds for the whole fetch, redirects included
MAX_BYTES = 2 * 1024 * 1024
MAX_REDIRECTS = 5
REDIRECTS = {301, 302, 303, 307, 308}
SCHEMES = {"http": 80, "https": 443}

# Lookups run here so that one that hangs (a resolver that does not answer) ends with the
# fetch's time limit; the thread finishes by itself when the system resolver gives up.
_resolvers = ThreadPoolExecutor(max_workers=16, thread_name_prefix="outbound-dns")


class OutboundError(Exception):
    """A fetch that gave no usable answer; `redirects` lists the (status, URL) hops followed."""

    def __init__(self, message, url, redirects=(), reason=None):
        super().__init__(message)
        self.url = url
        self.redirects = tuple(redirects)
        self.reason = reason or message


class Refused(OutboundError):
    """The fence refused the URL (its scheme, its host or an address the host resolves to)."""


class Unreachable(OutboundError):
    """No HTTP answer: no such host, no connection, a TLS failure, a timeout."""


class TooManyRedirects(OutboundError):
    pass


class TooLarge(OutboundError):
    pass


@dataclass(frozen=True)
class Response:
    url: str  # the URL that gave this answer, after any redirects
    status: int
    reason: str
    headers: http.client.HTTPMessage
    body: bytes  # b"" when fetched with read_body=False
    redirects: tuple = ()  # (status, URL that answered it) for each redirect followed


def address_problem(address):
    """Why an address may not be fetched ("a loopback address"), or None for a public one."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    checks = [
        ("is_unspecified", "an unspecified address"),
        ("is_loopback", "a loopback address"),
        ("is_link_local", "a link-local address"),
        ("is_multicast", "a multicast address"),
        ("is_site_local", "a site-local address"),
        ("is_reserved", "a reserved address"),
        ("is_private", "a private address"),
    ]
    for flag, problem in checks:
        if getattr(ip, flag, False):
            return problem
    if not ip.is_global:
        return "not a public address"
    return None


def allowed_hosts():
    return {host.lower() for host in getattr(settings, "OUTBOUND_ALLOWED_HOSTS", ())}


def fetch(
    url,
    *,
    method="GET",
    timeout=TIMEOUT,
    max_bytes=MAX_BYTES,
    max_redirects=MAX_REDIRECTS,
    read_body=True,
):
    """GET (or HEAD) `url` behind the fence, following redirects: a `Response` or an error."""
    if method not in ("GET", "HEAD"):
        raise ValueError("fetch() makes GET and HEAD requests only.")
    deadline = time.monotonic() + timeout
    redirects = []
    while True:
        target = _Target(url, redirects)
        addresses = target.resolve(deadline)
        response = _request(target, addresses, method, deadline, timeout, max_bytes, read_body)
        location = response.headers.get("Location")
        if response.status not in REDIRECTS or not location:
            return Response(
                url=url,
                status=response.status,
                reason=response.reason,
                headers=response.headers,
                body=response.body,
                redirects=tuple(redirects),
            )
        redirects.append((response.status, url))
        if len(redirects) > max_redirects:
            raise TooManyRedirects(
                f"more than {max_redirects} redirects", url=url, redirects=redirects
            )
        url = urljoin(url, iri_to_uri(location.strip()))


class _Target:
    """One URL, checked: scheme, host, port and the request's path."""

    def __init__(self, url, redirects):
        self.url = url
        self.redirects = redirects
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError as error:
            raise self.refused(f"not a valid URL ({error})") from None
        if parts.scheme.lower() not in SCHEMES:
            shown = f"{parts.scheme}:" if parts.scheme else "no scheme"
            raise self.refused(f"{shown} URLs are not fetched, only http: and https:")
        if parts.username is not None or parts.password is not None:
            raise self.refused("URLs holding a user name or password are not fetched")
        if not parts.hostname:
            raise self.refused("the URL names no host")
        self.scheme = parts.scheme.lower()
        try:
            self.host = parts.hostname.encode("idna").decode("ascii")
        except UnicodeError:
            raise self.refused(f"{parts.hostname!r} is not a valid host name") from None
        self.port = port or SCHEMES[self.scheme]
        path = iri_to_uri(parts.path or "/")
        self.path = f"{path}?{iri_to_uri(parts.query)}" if parts.query else path
        if any(ord(char) < 33 for char in self.path):
            raise self.refused("the URL holds spaces or control characters")

    def refused(self, reason):
        return Refused(
            f"{self.url} is refused: {reason}",
            url=self.url,
            redirects=self.redirects,
            reason=reason,
        )

    def unreachable(self, reason):
        return Unreachable(reason, url=self.url, redirects=self.redirects)

    def resolve(self, deadline):
        """The socket addresses to connect to, each checked: one lookup, never repeated."""
        future = _resolvers.submit(getaddrinfo, self.host, self.port, 0, socket.SOCK_STREAM)
        try:
            found = future.result(timeout=max(0.0, deadline - time.monotonic()))
        except FutureTimeout:
            raise self.unreachable(f"{self.host}: no answer from DNS in time") from None
        except socket.gaierror as error:
            raise self.unreachable(f"{self.host}: host not found ({error.strerror})") from None
        except (OSError, UnicodeError) as error:
            raise self.unreachable(f"{self.host}: lookup failed ({error})") from None
        addresses = [
            (family, sockaddr)
            for family, _type, _proto, _name, sockaddr in found
            if family in (socket.AF_INET, socket.AF_INET6)
        ]
        if not addresses:
            raise self.unreachable(f"{self.host}: no IPv4 or IPv6 address")
        if self.host.lower().strip("[]") in allowed_hosts():
            return addresses
        for _family, sockaddr in addresses:
            problem = address_problem(sockaddr[0])
            if problem:
                shown = "" if self.host == sockaddr[0] else f"{self.host} resolves to "
                raise self.refused(f"{shown}{sockaddr[0]}, {problem}")
        return addresses


@dataclass
class _Answer:
    status: int
    reason: str
    headers: http.client.HTTPMessage
    body: bytes


class _Watchdog:
    """Shuts a socket down at the deadline, ending any read or write blocked on it."""

    def __init__(self, sock, seconds):
        self.fired = False
        self.sock = sock
        self.timer = threading.Timer(max(0.0, seconds), self.fire)
        self.timer.daemon = True
        self.timer.start()

    def fire(self):
        self.fired = True
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def cancel(self):
        self.timer.cancel()


def _connect(target, addresses, deadline):
    """A socket connected to the first of the checked addresses that answers."""
    failures = []
    for family, sockaddr in addresses:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.settimeout(remaining)
        try:
            sock.connect(sockaddr)
            return sock
        except TimeoutError:
            sock.close()
            failures.append(f"{sockaddr[0]}: no answer in time")
        except OSError as error:
            sock.close()
            failures.append(f"{sockaddr[0]}: {error.strerror or error}")
    if not failures:
        raise target.unreachable(f"{target.host}: no answer in time")
    raise target.unreachable(f"{target.host}: cannot connect ({'; '.join(failures)})")


class _Connection(http.client.HTTPConnection):
    """An HTTP connection over a socket already connected to a checked address."""

    def __init__(self, target, sock, timeout):
        super().__init__(target.host, target.port, timeout=timeout)
        self.sock = sock

    def connect(self):  # the socket is given; never look the host up again
        raise http.client.NotConnected("the connection was closed")


def _request(target, addresses, method, deadline, timeout, max_bytes, read_body):
    sock = _connect(target, addresses, deadline)
    watchdog = _Watchdog(sock, deadline - time.monotonic())
    try:
        if target.scheme == "https":
            context = ssl.create_default_context()
            sock = watchdog.sock = context.wrap_socket(sock, server_hostname=target.host)
        connection = _Connection(target, sock, timeout)
        connection.putrequest(method, target.path, skip_host=True)
        default_port = SCHEMES[target.scheme]
        host = target.host if ":" not in target.host else f"[{target.host}]"
        connection.putheader(
            "Host", host if target.port == default_port else f"{host}:{target.port}"
        )
        connection.putheader("User-Agent", USER_AGENT)
        connection.putheader("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
        connection.putheader("Connection", "close")
        connection.endheaders()
        answer = connection.getresponse()
        body = b""
        if read_body and method != "HEAD":
            length = answer.getheader("Content-Length", "")
            if length.strip().isdigit() and int(length) > max_bytes:
                raise TooLarge(
                    f"the answer is {int(length):,} bytes, over the limit of {max_bytes:,}",
                    url=target.url,
                    redirects=target.redirects,
                )
            body = answer.read(max_bytes + 1)
            if watchdog.fired:
                raise TimeoutError
            if answer.length:  # fewer bytes than Content-Length said, and the connection closed
                raise http.client.IncompleteRead(body, answer.length)
            if len(body) > max_bytes:
                raise TooLarge(
                    f"the answer is over the limit of {max_bytes:,} bytes",
                    url=target.url,
                    redirects=target.redirects,
                )
        if watchdog.fired:
            raise TimeoutError
        return _Answer(answer.status, answer.reason, answer.headers, body)
    except OutboundError:
        raise
    except ssl.SSLError as error:
        if watchdog.fired:
            raise target.unreachable(
                f"{target.host}: no complete answer in {timeout:g} s"
            ) from None
        raise target.unreachable(f"{target.host}: TLS failed ({error.reason or error})") from None
    except (OSError, http.client.HTTPException) as error:
        if watchdog.fired or isinstance(error, TimeoutError):
            raise target.unreachable(
                f"{target.host}: no complete answer in {timeout:g} s"
            ) from None
        raise target.unreachable(f"{target.host}: {_describe(error)}") from None
    finally:
        watchdog.cancel()
        sock.close()


def _describe(error):
    if isinstance(error, http.client.RemoteDisconnected):
        return "closed the connection without answering"
    if isinstance(error, http.client.IncompleteRead):
        return "closed the connection before the end of its answer"
    if isinstance(error, http.client.HTTPException):
        return f"not a valid HTTP answer ({type(error).__name__})"
    return str(error.strerror or error)
