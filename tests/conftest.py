import os

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.cache import caches

from home.permissions import EDITORS, MODERATORS, NETWORK_MANAGERS, assign_page_permissions
from tests.factories import build_site, existing_site


def _on_postgres():
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def pytest_runtest_setup(item):
    """PostgreSQL-only tests skip on SQLite locally, but never in CI: there a missing PostgreSQL fails them."""
    if "postgres" not in item.keywords or _on_postgres():
        return
    if os.environ.get("CI"):
        pytest.fail("This test needs PostgreSQL; CI must provide it through DATABASE_URL.")
    pytest.skip("needs PostgreSQL (set DATABASE_URL)")


@pytest.fixture(autouse=True)
def _clear_cache():
    for alias in settings.CACHES:
        caches[alias].clear()
    yield
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The page tree every test starts from is built once per test database; each test's transaction is
    rolled back, so the next one finds it as it was. (Transactional tests empty the database afterwards;
    pytest-django runs them last, and `site` builds the tree again for them.)"""
    from django.db import connection

    with django_db_blocker.unblock():
        build_site()
        if hasattr(connection, "_test_serialized_contents"):
            # Tests with serialized_rollback restore this snapshot: it must hold the tree too.
            connection._test_serialized_contents = connection.creation.serialize_db_to_string()


@pytest.fixture(autouse=True)
def _database_as_migrated(request):
    """A transactional test empties the database when it ends; pytest-django runs those last, but xdist's work
    stealing can still hand a worker an ordinary test afterwards. Such a test gets the migrated database back
    (the snapshot that serialized_rollback uses), not an empty one without a root page or vocabularies."""
    if "db" not in request.fixturenames or "transactional_db" in request.fixturenames:
        return
    if request.node.get_closest_marker("django_db") and request.node.get_closest_marker("django_db").kwargs.get(
        "transaction"
    ):
        return
    request.getfixturevalue("db")
    from django.db import connection
    from wagtail.models import Page

    snapshot = getattr(connection, "_test_serialized_contents", None)
    if snapshot and not Page.objects.filter(depth=1).exists():
        connection.creation.deserialize_db_from_string(snapshot)


@pytest.fixture
def site(db):
    return existing_site() or build_site()


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Runs on_commit callbacks (the e-mail tasks) as a committed transaction would."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def staff(site):
    """One user per admin group (Redacteur, Eindredacteur, Netwerkbeheerder) and a superuser."""
    from django.apps import apps

    assign_page_permissions(apps)

    def user(name, group):
        person = User.objects.create_user(name, f"{name}@example.org", "pw", first_name=name.capitalize())
        if group:
            person.groups.add(Group.objects.get(name=group))
        return person

    return {
        "editor": user("redacteur", EDITORS),
        "moderator": user("eindredacteur", MODERATORS),
        "manager": user("netwerkbeheerder", NETWORK_MANAGERS),
        "admin": User.objects.create_superuser("admin", "admin@example.org", "pw"),
    }
