import datetime
import socket
import threading

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from episodes import search
from episodes.models import Episode
from tests import factories


@pytest.fixture(scope="session", autouse=True)
def collected_static(tmp_path_factory):
    """Pages render with hashed static names, as in production, so collect them once."""
    call_command("collectstatic", interactive=False, verbosity=0)


# Derived tables the seed rows are not copied into: search.refresh rebuilds them.
SEARCH_TABLES = ("episodes_episode_fts", "episodes_moment_fts", "episodes_search_word")


def table_rows(tables):
    """{table: (columns, rows)} of ``tables`` as they are in the database now."""
    rows = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows[table] = ([column[0] for column in cursor.description], cursor.fetchall())
    return rows


@pytest.fixture(scope="session")
def seed_rows(django_db_setup, django_db_blocker):
    """The rows `loaddata fixtures/seed.json` writes, loaded once and rolled back.

    Loading the fixture costs about a second (natural keys, history, search index), and
    over a hundred tests start from the seed; copying its rows back takes milliseconds.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        tables = [
            table
            for table in connection.introspection.table_names()
            if not table.startswith(SEARCH_TABLES)  # the FTS5 tables' shadow tables too
        ]
        before = table_rows(tables)
        call_command("loaddata", "fixtures/seed.json", verbosity=0)
        after = table_rows(tables)
        transaction.set_rollback(True)
    assert all(not before[t][1] for t in tables if after[t] != before[t]), "seed needs empty tables"
    return {table: after[table] for table in tables if after[table] != before[table]}


@pytest.fixture
def seed(db, seed_rows):
    """The three episodes of the show page, as `loaddata fixtures/seed.json` leaves them."""
    with transaction.atomic(), connection.cursor() as cursor:
        for table, (columns, rows) in seed_rows.items():
            names = ", ".join(connection.ops.quote_name(column) for column in columns)
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
        models = apps.get_app_config("episodes").get_models()
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
        search.refresh(Episode.objects.values_list("pk", flat=True))


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing costs about a second per sign-in; tests only need it to be checked."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, as the page cache would otherwise leak pages
    (and the catalogue's version) from one test's database into the next."""
    from django.core.cache import cache

    from bottleneck_site.cache import forget_failures
    from episodes import page_cache

    forget_failures()  # nor a Redis that failed in one test skipped in the next
    cache.clear()
    page_cache.forget_local()
    yield
    forget_failures()
    cache.clear()
    page_cache.forget_local()


@pytest.fixture
def catalogue(db):
    """A small show built with factories: two hosts, two published episodes with guests,
    topics and timelines (one with audio), a draft and one scheduled for next week."""
    show = factories.ShowFactory()
    hosts = [
        factories.HostFactory(show=show, name="Ravid Shwartz-Ziv", slug="ravid", position=0),
        factories.HostFactory(show=show, name="Allen Roush", slug="allen", position=1),
    ]
    diffusion = factories.TopicFactory(name="Diffusion", slug="diffusion")
    maths = factories.TopicFactory(name="Mathematics", slug="mathematics")
    jesse = factories.GuestFactory(name="Jesse Lai", slug="jesse-lai", affiliation="Sony AI")
    christian = factories.GuestFactory(
        name="Christian Szegedy", slug="christian-szegedy", affiliation="Math Inc"
    )
    with_audio = factories.EpisodeFactory(
        show=show,
        title="The Principles of Diffusion Models & more",
        slug="principles-of-diffusion",
        duration_seconds=3900,  # 65 min: its last moment is at 1:02:05
        published_at=timezone.now() - datetime.timedelta(days=1),
        guests=[jesse],
        topics=[diffusion],
        audio_url="https://media.example.org/diffusion.mp3",
        audio_length_bytes=53_000_000,
        audio_mime_type="audio/mpeg",
    )
    without_audio = factories.EpisodeFactory(
        show=show,
        title="Inside xAI, and the Bet on AI Math",
        slug="inside-xai",
        duration_seconds=3360,
        guests=[christian, jesse],
        topics=[maths, diffusion],
        published_at=timezone.now() - datetime.timedelta(days=7),
    )
    for start, title in [(12, "Intro"), (47, "Why the book"), (3725, "Closing thoughts")]:
        factories.TimelineEntryFactory(episode=with_audio, start_seconds=start, title=title)
    for start, title in [(12, "Intros"), (600, "Lean and auto-formalization")]:
        factories.TimelineEntryFactory(episode=without_audio, start_seconds=start, title=title)
    draft = factories.EpisodeFactory(
        show=show,
        title="A draft nobody may see",
        slug="secret-draft",
        status=Episode.Status.DRAFT,
        guests=[jesse],
        topics=[diffusion],
    )
    factories.TimelineEntryFactory(episode=draft, start_seconds=30, title="Secret chapter")
    scheduled = factories.EpisodeFactory(
        show=show,
        title="Scheduled for next week",
        slug="scheduled",
        published_at=timezone.now() + datetime.timedelta(days=7),
        guests=[jesse],
        topics=[diffusion],
    )
    return {
        "show": show,
        "hosts": hosts,
        "public": [with_audio, without_audio],
        "hidden": [draft, scheduled],
        "topics": [diffusion, maths],
        "guests": [jesse, christian],
    }


@pytest.fixture
def page_cache_off(settings):
    """For tests that count what rendering costs: every request renders, none is served
    from the page cache (which test_page_cache and test_query_budget cover)."""
    settings.PUBLIC_PAGE_CACHE_ENABLED = False


@pytest.fixture
def editor(db, client):
    """Signed in on ``client`` as staff in the Editors group, not a superuser."""
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user("editor", password="a-long-passphrase", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


@pytest.fixture
def silent_server():
    """The port of a server that accepts connections and never answers: a hung Redis or
    database, or one behind a firewall that drops packets, where every call waits."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(200)
    accepted = []

    def accept():
        while True:
            try:
                accepted.append(server.accept()[0])
            except OSError:  # closed below
                return

    threading.Thread(target=accept, daemon=True).start()
    yield server.getsockname()[1]
    server.close()
    for accepted_socket in accepted:
        accepted_socket.close()
