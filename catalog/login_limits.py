"""Limits on guessing admin passwords, through django-axes (settings: AXES_*, LOGIN_*)."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError


class LoginLimitBackend(AxesStandaloneBackend):
    """Refuse logins for an account and address that has failed too often.

    Only logins made through a request are counted: code that authenticates without one (a
    management command, the test client's `login()`) has no address to count against.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request):
    """The client's address: the proxy's CLIENT_IP_HEADER when set, else the connection's.

    Of a list (X-Forwarded-For: "a, b"), the last address: the one the site's own proxy added.
    The ones before it came with the request, and a client can write anything there, so a
    guesser naming a new address each time would never be locked out.
    """
    if settings.CLIENT_IP_HEADER:
        key = "HTTP_" + settings.CLIENT_IP_HEADER.upper().replace("-", "_")
        forwarded = request.META.get(key, "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR", "")


class LoginForm(AdminAuthenticationForm):
    """The admin's login form, refusing a username longer than any account's before checking.

    Django's form only sets the field's `maxlength` attribute, and django-axes writes each
    failed attempt's username to a 255-character column, which PostgreSQL keeps to.
    """

    def clean_username(self):
        username = self.cleaned_data["username"]
        limit = self.username_field.max_length
        if len(username) > limit:
            raise ValidationError(
                f"No account has a username this long: usernames have at most {limit} "
                f"characters (this one has {len(username)})."
            )
        return username
