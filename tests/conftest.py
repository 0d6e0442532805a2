import pytest
from django.core.management import call_command


@pytest.fixture(scope="session", autouse=True)
def collected_static(tmp_path_factory):
    """Pages render with hashed static names, as in production, so collect them once."""
    call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture
def seed(db):
    """The three episodes of the show page, from the fixtures the site ships."""
    call_command("loaddata", "fixtures/seed.json", verbosity=0)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing costs about a second per sign-in; tests only need it to be checked."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, as the page cache would otherwise leak pages
    (and the catalogue's version) from one test's database into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
