"""Corrections readers suggest: the form behind "Suggest a correction" on every record page and
beside every claim, and what keeps it from being abused.

`/suggest/T42/?claim=ai_use-7` is the form for the record with the permanent identifier T42
(catalog/registry.py), about one claim its page shows. A suggestion is stored as a
`Correction` (catalog/models.py) and changes nothing on the public site: editors read it in the
admin's queue (catalog/admin_corrections.py) and edit the record themselves.

Protections, all on this server: Django's CSRF check; a honeypot field that people never see
(a submission that fills it is dropped, and its sender sees the usual confirmation); at most
`CORRECTION_LIMIT` suggestions from one address (an IPv6 /64) in `CORRECTION_WINDOW_MINUTES`,
counted in the "default" cache, then a 429 page with Retry-After; a size limit on every field.
Text is kept as plain text and every page escapes it.
"""

import ipaddress
import logging
import math
import re
import secrets
import time
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import caches
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import register_converter, reverse
from django.utils.crypto import salted_hmac
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from catalog import registry
from catalog.cache import cache_errors, count_up
from catalog.http_cache import PRIVATE
from catalog.login_limits import client_ip
from catalog.models import (
    AIUse,
    Controversy,
    Correction,
    Credit,
    Figure,
    Likeness,
    PersonRole,
    ProductionStudio,
    Quote,
    Response,
    RuleLink,
)

logger = logging.getLogger(__name__)

# --- What a suggestion is about ---------------------------------------------------------------


@dataclass(frozen=True)
class ClaimKind:
    """A kind of claim a page shows: its model, what loads it with the records its name
    mentions, its main text, and the id its row has on the page (`<anchor>-<pk>`)."""

    model: type
    related: tuple = ()
    text: str = ""
    anchor: str = ""


_USE = ("ai_use__tool", "ai_use__production", "ai_use__studio", "ai_use__stage")

CLAIMS = {
    "ai_use": ClaimKind(AIUse, ("tool", "production", "studio", "stage"), "description", "use"),
    "quote": ClaimKind(Quote, ("person",), "text", "quote"),
    "figure": ClaimKind(Figure, ("studio", "production"), "note", "figure"),
    "likeness": ClaimKind(Likeness, ("person", "production"), "description", "likeness"),
    "response": ClaimKind(
        Response, ("person", "studio", "controversy", *_USE), "summary", "response"
    ),
    "rule_link": ClaimKind(
        RuleLink,
        ("rule", "controversy", "likeness__person", "likeness__production", *_USE),
        "",
        "rule-link",
    ),
    "studio_role": ClaimKind(ProductionStudio, ("studio", "production")),
    "person_role": ClaimKind(PersonRole, ("person", "studio")),
    "credit": ClaimKind(Credit, ("person", "production")),
    "controversy": ClaimKind(Controversy, (), "summary"),
}
assert set(CLAIMS) == set(Correction.Claim.values), "every claim kind needs its ClaimKind"

CLAIM_PARAMETER = re.compile(r"^(?P<kind>[a-z_]{1,20})-(?P<pk>[1-9][0-9]{0,17})$")


def describe_claim(kind, claim):
    """The claim as a page shows it, in one line of at most 500 characters: what editors see
    beside the suggestion, as it was when the reader sent it."""
    name = str(claim)
    text = getattr(claim, CLAIMS[kind].text, "") if CLAIMS[kind].text else ""
    line = f"{name}: {text}" if text and text not in name else name
    return Truncator(" ".join(line.split())).chars(500)


@dataclass
class About:
    """The record (and claim) a suggestion is about, as the form page shows it."""

    record_type: object  # catalog.registry.RecordType
    record: object
    claim_kind: str = ""
    claim: object = None
    note: str = ""

    @property
    def permanent_id(self):
        return self.record_type.permanent_id(self.record)

    @property
    def claim_parameter(self):
        return f"{self.claim_kind}-{self.claim.pk}" if self.claim is not None else ""

    @property
    def claim_label(self):
        return Correction.Claim(self.claim_kind).label if self.claim is not None else ""

    @property
    def claim_text(self):
        return describe_claim(self.claim_kind, self.claim) if self.claim is not None else ""

    @property
    def form_url(self):
        url = reverse("suggest", args=[self.record_type.id_prefix, self.record.pk])
        return f"{url}?claim={self.claim_parameter}" if self.claim is not None else url

    @property
    def back_url(self):
        """The record's page, at the claim where the page gives it an anchor."""
        url = self.record.get_absolute_url()
        anchor = CLAIMS[self.claim_kind].anchor if self.claim is not None else ""
        return f"{url}#{anchor}-{self.claim.pk}" if anchor else url


def find_about(prefix, pk, claim_parameter=""):
    """What /suggest/<prefix><pk>/?claim=<kind>-<id> is about; a 404 for a record that is not
    there. A claim that is malformed or gone leaves a note, and the suggestion is about the
    record (the reader may have followed an old link)."""
    record_type = registry.BY_PREFIX.get(prefix)
    if record_type is None:
        raise Http404(gettext("A permanent identifier is a letter and a number, e.g. T42."))
    record = record_type.model.objects.filter(pk=pk).first()
    if record is None:
        raise Http404(gettext("No record has this identifier: it may have been removed."))
    about = About(record_type, record)
    if not claim_parameter:
        return about
    match = CLAIM_PARAMETER.match(claim_parameter[:40])
    kind = CLAIMS.get(match["kind"]) if match else None
    claim = None
    if kind is not None:
        claims = kind.model.objects.filter(pk=match["pk"])
        claim = (claims.select_related(*kind.related) if kind.related else claims).first()
    if claim is None:
        about.note = gettext(
            "The claim this link named is not in the catalog any more: your suggestion will be "
            "about the whole record."
        )
        return about
    about.claim_kind, about.claim = match["kind"], claim
    return about


def target(correction):
    """(model, id) of what an editor edits to act on a suggestion: the claim, else the record."""
    if correction.claim_kind:
        return CLAIMS[correction.claim_kind].model, correction.claim_id
    return registry.BY_KEY[correction.record_type].model, correction.record_id


def permanent_id(correction):
    """The permanent identifier of the record a suggestion is about, e.g. "T42"."""
    return f"{registry.BY_KEY[correction.record_type].id_prefix}{correction.record_id}"


# --- Limits per sender --------------------------------------------------------------------------


def client_key(request):
    """A keyed hash of the sender's address, for counting and for the stored suggestion.

    An IPv6 client usually holds a whole /64, so it counts as one address; an IPv4 address
    inside IPv6 counts as the IPv4 address. The address is found as for logins
    (catalog/login_limits.py: CLIENT_IP_HEADER behind a proxy).
    """
    address = client_ip(request)[:100]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        pass
    else:
        if ip.version == 6 and ip.ipv4_mapped:
            address = str(ip.ipv4_mapped)
        elif ip.version == 6:
            address = str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return salted_hmac("catalog.corrections.client", address, algorithm="sha256").hexdigest()


@dataclass
class Window:
    """The current counting window: its cache key for a sender and the seconds it has left."""

    key: str
    retry_after: int


def window(client):
    length = settings.CORRECTION_WINDOW_MINUTES * 60
    now = time.time()
    index = int(now // length)
    retry_after = max(1, math.ceil((index + 1) * length - now))
    return Window(f"corrections:{client}:{index}", retry_after)


def sent(current):
    """How many suggestions the sender has sent in this window (0 if the cache does not
    answer: suggestions are then taken without a limit, and a warning is logged)."""
    try:
        return caches["default"].get(current.key, 0)
    except cache_errors() as error:
        logger.warning("Cache does not answer (%s): suggestions are not limited per sender.", error)
        return 0


def count_one(current):
    """Count one more suggestion from the sender in this window; the new count."""
    cache, timeout = caches["default"], current.retry_after + 5
    try:
        return count_up(cache, current.key, timeout)
    except ValueError:  # expired between the two calls
        cache.set(current.key, 1, timeout=timeout)
        return 1
    except cache_errors() as error:
        logger.warning("Cache does not answer (%s): suggestions are not limited per sender.", error)
        return 0


# --- The form -----------------------------------------------------------------------------------

# Control characters but tab and newline: nothing a reader means to type.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class PlainTextField(forms.CharField):
    """Text as typed, with line ends made "\\n" and control characters dropped."""

    def to_python(self, value):
        value = super().to_python(value)
        return CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


class CorrectionForm(forms.Form):
    wrong = PlainTextField(
        label=_("What is wrong?"),
        max_length=Correction.TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Up to 2,000 characters. Plain text: links and markup are shown as typed."),
        error_messages={"required": _("Say what is wrong, so an editor can check it.")},
    )
    should_say = PlainTextField(
        label=_("What should it say? (optional)"),
        max_length=Correction.TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Up to 2,000 characters."),
    )
    source_url = forms.URLField(
        label=_("A source that shows it (optional)"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("The address of a page that supports the correction, up to 500 characters."),
        error_messages={"invalid": _("Enter a web address, such as https://example.org/page.")},
    )
    email = forms.EmailField(
        label=_("Your email (optional)"),
        max_length=254,
        required=False,
        help_text=_(
            "Only if an editor may write to you about it. It is never shown on the site or in "
            "its data."
        ),
        error_messages={"invalid": _("Enter an email address, such as name@example.org.")},
    )


# The honeypot: a field hidden from people (catalog/suggest.html) that many bots fill in. A post
# with anything in it is dropped, whatever else it holds, and answered as any other.
HONEYPOT = "website"


def new_reference():
    """A code for the reader to quote, e.g. K7Q4M2XD: letters and digits that cannot be misread."""
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(8))


def store(about, data, client):
    """Save the suggestion with a new reference; its reference."""
    for _attempt in range(5):
        reference = new_reference()
        try:
            with transaction.atomic():
                Correction.objects.create(
                    reference=reference,
                    record_type=about.record_type.key,
                    record_id=about.record.pk,
                    record_name=Truncator(str(about.record)).chars(300),
                    claim_kind=about.claim_kind,
                    claim_id=about.claim.pk if about.claim is not None else None,
                    claim_text=about.claim_text,
                    wrong=data["wrong"],
                    should_say=data["should_say"],
                    source_url=data["source_url"],
                    email=data["email"],
                    client_hash=client,
                )
            return reference
        except IntegrityError:
            if not Correction.objects.filter(reference=reference).exists():
                raise
    raise RuntimeError("no free reference after 5 attempts")


RECEIPT_SALT = "catalog.corrections.receipt"
RECEIPT_MAX_AGE = 7 * 24 * 60 * 60


def too_many(request, current):
    minutes = math.ceil(current.retry_after / 60)
    response = render(
        request,
        "catalog/suggest_limited.html",
        {
            "limit": settings.CORRECTION_LIMIT,
            "window": settings.CORRECTION_WINDOW_MINUTES,
            "minutes": minutes,
        },
        status=429,
    )
    response["Retry-After"] = str(current.retry_after)
    response["Cache-Control"] = PRIVATE
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def suggest(request, prefix, pk):
    """The form: what the suggestion is about, and the fields. A valid post is stored (unless
    it filled the honeypot) and redirected to its confirmation (POST-redirect-GET)."""
    about = find_about(prefix, pk, request.GET.get("claim", ""))
    if request.method == "POST":
        client = client_key(request)
        current = window(client)
        if sent(current) >= settings.CORRECTION_LIMIT:
            return too_many(request, current)
        form = CorrectionForm(request.POST)
        trapped = bool(request.POST.get(HONEYPOT))
        if trapped or form.is_valid():
            if count_one(current) > settings.CORRECTION_LIMIT:
                return too_many(request, current)
            if trapped:
                reference = new_reference()  # dropped: the sender sees what anyone would
            else:
                reference = store(about, form.cleaned_data, client)
            receipt = signing.dumps(
                {"ref": reference, "id": about.permanent_id, "claim": about.claim_parameter},
                salt=RECEIPT_SALT,
            )
            return redirect("suggest_received", receipt)
    else:
        form = CorrectionForm()
    response = render(
        request,
        "catalog/suggest.html",
        {"about": about, "form": form, "honeypot": HONEYPOT},
    )
    response["Cache-Control"] = PRIVATE  # the form carries a CSRF token
    return response


@require_http_methods(["GET", "HEAD"])
def suggest_received(request, receipt):
    """The confirmation: the reference to quote, and what the suggestion was about."""
    try:
        data = signing.loads(receipt, salt=RECEIPT_SALT, max_age=RECEIPT_MAX_AGE)
        prefix, pk = data["id"][0], int(data["id"][1:])
        reference = str(data["ref"])
    except (signing.BadSignature, KeyError, TypeError, ValueError, IndexError):
        raise Http404(gettext("This confirmation link is not valid, or has expired.")) from None
    try:
        about = find_about(prefix, pk, data.get("claim", ""))
    except Http404:
        about = None  # removed since: the reference is still good
    response = render(
        request, "catalog/suggest_received.html", {"reference": reference, "about": about}
    )
    response["Cache-Control"] = PRIVATE
    return response


# --- Addresses ----------------------------------------------------------------------------------


class IdLetterConverter:
    """The letter of a permanent identifier (catalog/registry.py `id_prefix`)."""

    regex = "[A-Z]"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class IdNumberConverter:
    """The number of a permanent identifier: no leading zero, at most 18 digits."""

    regex = "[1-9][0-9]{0,17}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(IdLetterConverter, "id_letter")
register_converter(IdNumberConverter, "id_number")
