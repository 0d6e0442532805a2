"""Safeguards for editors, each first shown missing by a review: permissions to revert and
to paste, another episode's credit left alone, long timelines, history, the importer's
input, and odd words typed into the admin's pickers."""

from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.urls import reverse

from episodes.models import Episode
from episodes.timeline import format_timestamp
from tests.factories import EpisodeFactory, MusicCreditFactory, TimelineEntryFactory
from tests.test_admin import episode_form
from tests.test_admin_pastein import change_url, errors_of
from tests.test_history import change_form, timeline

pytestmark = pytest.mark.django_db

SHOW_PAGE = Path(__file__).resolve().parent.parent / "fixtures" / "source" / "show_page.txt"


def test_a_view_only_user_cannot_revert_a_music_credit(client, django_user_model):
    credit = MusicCreditFactory(title="Kid Kodi", licence_name="CC BY-NC 4.0")
    version = credit.history.latest()
    credit.licence_name = "CC BY 4.0"
    credit.licence_url = "https://creativecommons.org/licenses/by/4.0/"
    credit.save()
    viewer = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_musiccredit"))
    client.force_login(viewer)

    url = reverse("admin:episodes_musiccredit_simple_history", args=[credit.pk, version.history_id])
    response = client.post(
        url,
        {
            "title": "Kid Kodi",
            "artist": credit.artist,
            "source": credit.source,
            "licence_name": "CC BY-NC 4.0",
            "licence_url": "https://creativecommons.org/licenses/by-nc/4.0/",
            "changes": "",
        },
    )

    credit.refresh_from_db()
    assert response.status_code == 403
    assert credit.licence_name == "CC BY 4.0"


def test_pasting_credits_on_one_episode_does_not_silently_change_another(client, editor):
    older = EpisodeFactory(title="Older")
    track = MusicCreditFactory(title="Kid Kodi", artist="Blue Dot Sessions", changes="trimmed")
    older.music_credits.add(track)
    newer = EpisodeFactory(title="Newer")
    pasted = '"Kid Kodi" - Blue Dot Sessions - via Free Music Archive - CC BY 4.0.'

    response = client.post(change_url(newer), change_form(newer, pasted_credits=pasted))

    track.refresh_from_db()
    # The importer refuses exactly this ("picking one would make the other's credit wrong
    # without a word"); the admin paste rewrites the older episode's attribution silently.
    assert (track.licence_name, track.changes) == ("CC BY-NC 4.0", "trimmed"), (
        response.status_code,
        track.licence_name,
        track.changes,
    )


def test_import_of_a_file_that_is_not_utf8_is_a_command_error(tmp_path, db):
    page = tmp_path / "page.txt"
    page.write_bytes("Caf\xe9 show\n".encode("latin-1"))
    with pytest.raises(CommandError):
        call_command("import_show_page", str(page))


def test_a_new_episode_history_starts_with_created(client, editor):
    response = client.post(reverse("admin:episodes_episode_add"), episode_form())
    assert response.status_code == 302
    episode = Episode.objects.get()
    types = list(episode.history.order_by("history_date").values_list("history_type", flat=True))
    assert types[0] == "+", types


def test_importing_a_page_with_a_control_character_twice_changes_nothing(tmp_path, db):
    text = SHOW_PAGE.read_text()
    # Text copied from a PDF: a form feed inside a paragraph of the notes.
    text = text.replace(
        "We start with what a generative model", "We start\x02with what a generative model", 1
    )
    page = tmp_path / "page.txt"
    page.write_text(text)
    call_command("import_show_page", str(page), stdout=StringIO())
    versions = Episode.history.count()
    out = StringIO()
    call_command("import_show_page", str(page), stdout=out)
    assert "Nothing to change" in out.getvalue(), out.getvalue()
    assert Episode.history.count() == versions


def test_pasting_needs_the_permissions_the_inlines_need(client, django_user_model):
    """A staff user who may change episodes but not timeline entries or music credits
    (the inlines are read-only for them) still rewrites both through the paste fields."""
    episode = EpisodeFactory(duration_seconds=3600)
    TimelineEntryFactory(episode=episode, start_seconds=5, title="Old entry")
    shared = MusicCreditFactory(title="Kid Kodi", artist="Blue Dot Sessions", changes="trimmed")
    user = django_user_model.objects.create_user("episodes-only", password="pw", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_episode", "change_episode"])
    )
    client.force_login(user)
    episode.refresh_from_db()
    data = change_form(
        episode,
        pasted_timeline="00:07 — Replaced",
        pasted_credits='"Kid Kodi" - Blue Dot Sessions - CC BY 4.0',
    )
    for key in [k for k in data if k.startswith(("timeline-", "Episode_music_credits-"))]:
        del data[key]  # the inlines are read-only: the page has no management forms for them

    client.post(change_url(episode), data)

    shared.refresh_from_db()
    assert timeline(episode) == [(5, "Old entry")]
    assert (shared.licence_name, shared.changes) == ("CC BY-NC 4.0", "trimmed")


@pytest.mark.parametrize("term", ["%00", "x" * 5000, "🎙️", "%27"])
def test_the_pickers_survive_odd_terms(client, editor, term):
    response = client.get(
        "/admin/autocomplete/?app_label=episodes&model_name=episode&field_name=guests&term=" + term
    )
    assert response.status_code == 200


def test_an_episode_with_a_long_pasted_timeline_can_be_saved_again(client, editor):
    episode = EpisodeFactory(duration_seconds=4 * 3600)
    episode.refresh_from_db()
    pasted = "\n".join(f"{format_timestamp(30 * k)} — Chapter {k}" for k in range(250))
    response = client.post(change_url(episode), change_form(episode, pasted_timeline=pasted))
    assert response.status_code == 302, errors_of(response)
    assert episode.timeline.count() == 250

    # The editor opens the episode again and fixes a typo in the title.
    episode.refresh_from_db()
    response = client.post(change_url(episode), change_form(episode, title="Typo fixed"))
    assert response.status_code == 302, response.status_code
    episode.refresh_from_db()
    assert episode.title == "Typo fixed"


def test_a_zero_duration_is_a_message_on_the_duration_field(client, editor):
    """Left at 0 (not known yet): the database's "Constraint “episode_duration_positive”
    is violated." came back at the top of the form instead."""
    response = client.post(
        reverse("admin:episodes_episode_add"), episode_form(duration_seconds="0")
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["duration_seconds"] == ["An episode lasts at least a second."]
    assert "Constraint" not in response.text
    assert not Episode.objects.exists()


def test_a_start_taken_since_the_page_was_opened_is_a_message_not_a_server_error(client, editor):
    """Two tabs, two editors, or an import on one episode: adding an entry at a start the
    other save took failed at the unique constraint (a 500), losing what was typed."""
    episode = EpisodeFactory(duration_seconds=3600)
    TimelineEntryFactory(episode=episode, start_seconds=10, title="Intro")
    episode.refresh_from_db()
    data = change_form(episode)  # the page as this editor opened it
    TimelineEntryFactory(episode=episode, start_seconds=60, title="Added in the other tab")
    data |= {
        "timeline-TOTAL_FORMS": "2",
        "timeline-1-episode": episode.pk,
        "timeline-1-start_seconds": "60",
        "timeline-1-title": "Typed in this tab",
    }

    response = client.post(change_url(episode), data)

    assert response.status_code == 200
    assert "Typed in this tab" in response.text
    assert "An entry at 01:00 (“Added in the other tab”) was saved since" in response.text
    assert timeline(episode) == [(10, "Intro"), (60, "Added in the other tab")]
