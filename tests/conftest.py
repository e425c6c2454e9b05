import pytest
from django.core.management import call_command


@pytest.fixture
def seed(db):
    """The seed data from the article, loaded as `make run` loads it."""
    call_command("seed", verbosity=0)


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser(
        "admin", "admin@example.com", "pw-for-tests-only"
    )


@pytest.fixture
def admin_client_logged_in(client, superuser):
    client.force_login(superuser)
    return client
