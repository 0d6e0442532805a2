"""History: every change of an episode, its timeline and credits is kept with who made it
and when, can be compared with the version before, and reverted from the admin."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from episodes.history import restore_timeline, timeline_changes, timeline_of
from episodes.models import Episode, MusicCredit, TimelineEntry
from tests.factories import (
    EpisodeFactory,
    GuestFactory,
    MusicCreditFactory,
    TimelineEntryFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, editor):
    """Signed in as an editor: staff in the Editors group, not a superuser."""
    return client


def change_form(episode, **overrides):
    """The episode's admin form as an editor would post it, with nothing changed."""
    entries = list(episode.timeline.all())
    credits = list(episode.music_credits.through.objects.filter(episode=episode))
    data = {
        "show": episode.show_id,
        "title": episode.title,
        "slug": episode.slug,
        "status": episode.status,
        "published_at_0": episode.published_at.strftime("%Y-%m-%d"),
        "published_at_1": episode.published_at.strftime("%H:%M:%S"),
        "duration_seconds": str(episode.duration_seconds),
        "description": episode.description,
        "guests": [g.pk for g in episode.guests.all()],
        "topics": [t.pk for t in episode.topics.all()],
        "listen_url": episode.listen_url,
        "pasted_timeline": "",
        "pasted_credits": "",
        "timeline-TOTAL_FORMS": str(len(entries)),
        "timeline-INITIAL_FORMS": str(len(entries)),
        "Episode_music_credits-TOTAL_FORMS": str(len(credits)),
        "Episode_music_credits-INITIAL_FORMS": str(len(credits)),
    }
    for i, entry in enumerate(entries):
        data |= {
            f"timeline-{i}-id": entry.pk,
            f"timeline-{i}-episode": episode.pk,
            f"timeline-{i}-start_seconds": entry.start_seconds,
            f"timeline-{i}-title": entry.title,
        }
    for i, row in enumerate(credits):
        data |= {
            f"Episode_music_credits-{i}-id": row.pk,
            f"Episode_music_credits-{i}-episode": episode.pk,
            f"Episode_music_credits-{i}-musiccredit": row.musiccredit_id,
        }
    return data | overrides


def timeline(episode):
    return [(e.start_seconds, e.title) for e in episode.timeline.all()]


def revert_url(version):
    return reverse("admin:episodes_episode_simple_history", args=[version.id, version.history_id])


def what_reverting_restores(client, version):
    """The part of the revert form listing the timeline and credits it puts back."""
    page = client.get(revert_url(version)).content.decode()
    return page[page.index("Reverting also restores") :]


def test_an_admin_save_records_who_changed_the_episode_and_its_timeline(admin_client):
    episode = EpisodeFactory()
    url = reverse("admin:episodes_episode_change", args=[episode.pk])

    response = admin_client.post(
        url, change_form(episode, title="Renamed", pasted_timeline="00:12 — Intro\n05:00 — Later")
    )

    assert response.status_code == 302
    latest = episode.history.latest()
    assert latest.title == "Renamed"
    assert latest.history_user.username == "editor"
    assert timeline_of(latest) == [(12, "Intro"), (300, "Later")]
    assert {
        r.history_user.username for r in TimelineEntry.history.filter(episode_id=episode.pk)
    } == {"editor"}


def test_reverting_a_version_from_the_admin_restores_its_timeline(admin_client):
    episode = EpisodeFactory(duration_seconds=3600)
    url = reverse("admin:episodes_episode_change", args=[episode.pk])
    admin_client.post(
        url, change_form(episode, pasted_timeline="00:12 — Old intro\n10:00 — Old middle")
    )
    old_version = episode.history.latest()
    admin_client.post(url, change_form(episode, pasted_timeline="00:30 — New intro"))
    assert timeline(episode) == [(30, "New intro")]

    page = admin_client.get(revert_url(old_version))
    assert page.status_code == 200
    response = admin_client.post(revert_url(old_version), change_form(episode))

    assert response.status_code == 302
    assert timeline(episode) == [(12, "Old intro"), (600, "Old middle")]
    assert timeline_of(episode.history.latest()) == [(12, "Old intro"), (600, "Old middle")]


def test_a_revert_is_one_version_in_the_history(admin_client):
    episode = EpisodeFactory(duration_seconds=3600)
    url = reverse("admin:episodes_episode_change", args=[episode.pk])
    admin_client.post(url, change_form(episode, title="First", pasted_timeline="00:12 — Intro"))
    first = episode.history.latest()
    admin_client.post(url, change_form(episode, title="Second", pasted_timeline="00:30 — Later"))
    before = episode.history.count()

    admin_client.post(revert_url(first), change_form(episode, title="First"))

    assert episode.history.count() == before + 1
    latest = episode.history.latest()
    assert (latest.title, timeline_of(latest)) == ("First", [(12, "Intro")])
    assert latest.history_user.username == "editor"


def test_the_history_page_lists_timeline_changes_next_to_field_changes(admin_client):
    episode = EpisodeFactory()
    url = reverse("admin:episodes_episode_change", args=[episode.pk])
    admin_client.post(url, change_form(episode, pasted_timeline="00:12 — Intro"))
    admin_client.post(
        url, change_form(episode, title="Better title", pasted_timeline="00:12 — Intro, longer")
    )

    page = admin_client.get(reverse("admin:episodes_episode_history", args=[episode.pk]))

    text = page.content.decode()
    assert page.status_code == 200
    assert "Better title" in text
    assert "+ 00:12 Intro, longer" in text
    assert "− 00:12 Intro" in text


def test_reverting_restores_the_music_credits_of_the_version(admin_client):
    kept, dropped = MusicCreditFactory(title="Kid Kodi"), MusicCreditFactory(title="Palms Down")
    episode = EpisodeFactory()
    episode.music_credits.set([kept, dropped])
    url = reverse("admin:episodes_episode_change", args=[episode.pk])
    admin_client.post(url, change_form(episode))
    old_version = episode.history.latest()
    episode.music_credits.remove(dropped)
    admin_client.post(url, change_form(episode))

    admin_client.post(revert_url(old_version), change_form(episode))

    assert set(episode.music_credits.all()) == {kept, dropped}


def test_restore_timeline_puts_back_what_a_version_had(seed):
    episode = Episode.objects.get(slug="the-principles-of-diffusion-models")
    seeded = timeline(episode)
    episode.save()
    before = episode.history.latest()
    episode.replace_timeline([(1, "Only entry")])
    episode.save()

    latest = episode.history.latest()
    assert timeline_changes([latest])[latest.history_id][0] == "+ 00:01 Only entry"
    assert restore_timeline(episode, before) == (16, 0, 1)
    assert timeline(episode) == seeded


def test_music_credit_changes_are_recorded():
    credit = MusicCreditFactory(licence_name="CC BY 4.0")
    credit.licence_name = "CC BY-NC 4.0"
    credit.save()

    assert [v.licence_name for v in MusicCredit.history.filter(id=credit.pk)] == [
        "CC BY-NC 4.0",
        "CC BY 4.0",
    ]


def test_removed_timeline_entries_stay_in_the_history():
    entry = TimelineEntryFactory(title="Gone soon")
    entry.delete()

    assert (
        TimelineEntry.history.filter(title="Gone soon").values_list("history_type", flat=True)[0]
        == "-"
    )


def test_the_history_page_reads_the_timeline_once_for_all_versions(
    admin_client, django_assert_num_queries
):
    def history_page_queries(episode):
        url = reverse("admin:episodes_episode_history", args=[episode.pk])
        with django_assert_num_queries(99, exact=False) as captured:
            assert admin_client.get(url).status_code == 200
        return len(captured.captured_queries)

    def episode_with_versions(count):
        episode = EpisodeFactory()
        url = reverse("admin:episodes_episode_change", args=[episode.pk])
        for n in range(count):
            admin_client.post(url, change_form(episode, pasted_timeline=f"00:1{n} — Take {n}"))
        return episode

    # The timeline column is read in two queries for the whole page; django-simple-history
    # itself reads each version's guests, topics and credits (six queries a version).
    assert history_page_queries(episode_with_versions(4)) == (
        history_page_queries(episode_with_versions(1)) + 3 * 6
    )


def test_fixture_rows_are_recorded_once_however_often_they_are_loaded(seed):
    counts = (Episode.history.count(), TimelineEntry.history.count(), MusicCredit.history.count())
    assert TimelineEntry.history.count() == 68

    call_command("loaddata", "fixtures/seed.json", verbosity=0)

    assert (
        Episode.history.count(),
        TimelineEntry.history.count(),
        MusicCredit.history.count(),
    ) == counts


def test_the_revert_form_offers_the_guests_of_the_version(admin_client):
    then, now = GuestFactory(name="Then Guest"), GuestFactory(name="Now Guest")
    episode = EpisodeFactory(guests=[then])
    url = reverse("admin:episodes_episode_change", args=[episode.pk])
    admin_client.post(url, change_form(episode))
    old_version = episode.history.latest()
    admin_client.post(url, change_form(episode, guests=[now.pk]))

    page = admin_client.get(revert_url(old_version))

    assert page.context["adminform"].form.initial["guests"] == [then.pk]
    assert "pasted_timeline" not in page.content.decode()


def test_changes_made_from_a_guest_or_topic_are_recorded_on_the_episode():
    episode = EpisodeFactory(guests=[], topics=[])
    topic, guest = TopicFactory(name="Robotics"), GuestFactory(name="Ada")
    before = episode.history.count()

    topic.episodes.add(episode)
    guest.episodes.add(episode)
    latest = episode.history.latest()
    assert [t.topic.name for t in latest.topics.all()] == ["Robotics"]
    assert [g.guest.name for g in latest.guests.all()] == ["Ada"]

    topic.episodes.clear()
    assert list(episode.history.latest().topics.all()) == []
    assert episode.history.count() == before + 3
    assert episode.history.latest().history_change_reason == "Topic changed"


def test_the_revert_form_lists_the_timeline_and_credits_it_will_restore(admin_client):
    """They are not fields of the form, so the editor is shown what comes back."""
    old_credit = MusicCreditFactory(title="Kid Kodi", artist="Blue Dot Sessions")
    episode = EpisodeFactory(duration_seconds=3600)
    episode.music_credits.set([old_credit])
    url = reverse("admin:episodes_episode_change", args=[episode.pk])
    admin_client.post(url, change_form(episode, pasted_timeline="00:12 — Old intro"))
    old_version = episode.history.latest()
    episode.music_credits.set([MusicCreditFactory(title="Palms Down")])
    admin_client.post(url, change_form(episode, pasted_timeline="00:30 — New intro"))

    restores = what_reverting_restores(admin_client, old_version)

    assert "00:12 Old intro" in restores
    assert "“Kid Kodi” by Blue Dot Sessions" in restores
    assert "New intro" not in restores
    assert "Palms Down" not in restores


def test_undoing_the_first_edit_of_a_loaded_episode_keeps_its_timeline(admin_client, seed):
    """Every version loaddata recorded holds the timeline loaded with the episode."""
    episode = Episode.objects.get(slug="the-principles-of-diffusion-models")
    seeded = timeline(episode)
    first_loaded, loaded = episode.history.earliest(), episode.history.latest()
    url = reverse("admin:episodes_episode_change", args=[episode.pk])
    admin_client.post(url, change_form(episode, title="Renamed by mistake"))

    for version in (first_loaded, loaded):
        restores = what_reverting_restores(admin_client, version)
        assert f"Timeline ({len(seeded)} moments)" in restores
    response = admin_client.post(revert_url(loaded), change_form(episode, title=loaded.title))

    assert response.status_code == 302
    assert timeline(episode) == seeded


def test_reverting_to_a_version_whose_credit_was_deleted_restores_the_others(admin_client):
    kept = MusicCreditFactory(title="Kid Kodi")
    typo = MusicCreditFactory(title="Kid Kodi (typo)", artist="Blue Dot Sessions")
    episode = EpisodeFactory()
    episode.music_credits.set([kept, typo])
    url = reverse("admin:episodes_episode_change", args=[episode.pk])
    admin_client.post(url, change_form(episode))
    old_version = episode.history.latest()
    typo.delete()  # an editor removes the duplicate credit
    admin_client.post(url, change_form(episode, title="Current"))

    restores = what_reverting_restores(admin_client, old_version)
    assert "“Kid Kodi” by Blue Dot Sessions" in restores
    assert "Deleted since, so not restored: “Kid Kodi (typo)” by Blue Dot Sessions" in restores

    response = admin_client.post(
        revert_url(old_version), change_form(episode, title=old_version.title)
    )
    connection.check_constraints()  # what committing checks (the 500 editors got)

    assert response.status_code == 302
    assert list(episode.music_credits.all()) == [kept]
    assert any(
        "“Kid Kodi (typo)” by Blue Dot Sessions" in str(message)
        for message in get_messages(response.wsgi_request)
    )


def test_only_those_who_may_change_an_episode_may_revert_it(client, django_user_model):
    """Viewing the history is not enough: django-simple-history accepted the form from
    anyone who could view it."""
    episode = EpisodeFactory(title="Current title")
    version = episode.history.latest()
    episode.title = "Newer title"
    episode.save()
    viewer = django_user_model.objects.create_user("viewer", password="pw-for-tests-only")
    viewer.is_staff = True
    viewer.save()
    viewer.user_permissions.add(Permission.objects.get(codename="view_episode"))
    client.force_login(viewer)

    response = client.post(revert_url(version), change_form(episode, title="Current title"))

    assert response.status_code == 403
    assert Episode.objects.get(pk=episode.pk).title == "Newer title"


def episodes_only_editor(client, django_user_model, *also):
    """Signed in as a user who may view and change episodes (and do what ``also`` names)
    but not their timeline or music credits."""
    user = django_user_model.objects.create_user("episodes-only", password="pw", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_episode", "change_episode", *also])
    )
    client.force_login(user)


def revert_form(episode):
    """The revert form as posted by someone who sees no timeline or credit rows."""
    return {
        name: value
        for name, value in change_form(episode).items()
        if not name.startswith(("timeline-", "Episode_music_credits-"))
    }


def test_reverting_does_not_rewrite_a_timeline_or_credits_the_user_may_not_change(
    client, django_user_model
):
    """Pasting takes the timeline's and credits' permissions; reverting, which puts back
    a version's timeline and credits, took only the episode's."""
    old_track, new_track = MusicCreditFactory(title="Old track"), MusicCreditFactory(title="New")
    episode = EpisodeFactory(duration_seconds=3600)
    TimelineEntryFactory(episode=episode, start_seconds=5, title="Old entry")
    episode.music_credits.set([old_track])
    episode.save()
    old_version = episode.history.latest()
    episode.timeline.all().delete()
    TimelineEntryFactory(episode=episode, start_seconds=7, title="Current entry")
    episode.music_credits.set([new_track])
    episode.save()
    episodes_only_editor(client, django_user_model)
    episode.refresh_from_db()

    response = client.post(revert_url(old_version), revert_form(episode), follow=True)

    assert timeline(episode) == [(7, "Current entry")]
    assert list(episode.music_credits.all()) == [new_track]
    assert "Not reverted: this version’s timeline and music credits differ" in (
        response.text.replace("&#x27;", "’").replace("'", "’")
    )


def test_a_user_who_may_change_episodes_only_can_still_revert_a_title(client, django_user_model):
    episode = EpisodeFactory(title="First title", duration_seconds=3600)
    TimelineEntryFactory(episode=episode, start_seconds=5, title="Intro")
    episode.save()
    first = episode.history.latest()
    episode.title = "Second title"
    episode.save()
    episodes_only_editor(client, django_user_model)
    episode.refresh_from_db()

    data = revert_form(episode) | {"title": "First title"}
    assert client.post(revert_url(first), data).status_code == 302

    episode.refresh_from_db()
    assert episode.title == "First title"
    assert timeline(episode) == [(5, "Intro")]


def deleted_episode_with_timeline_and_credit():
    """A deleted episode's last version, which had a timeline and a music credit, and its
    revert form as posted by someone who sees no timeline or credit rows."""
    episode = EpisodeFactory(duration_seconds=3600, title="Deleted episode")
    TimelineEntryFactory(episode=episode, start_seconds=5, title="Old entry")
    episode.music_credits.set([MusicCreditFactory(title="Old track")])
    episode.save()
    version, data = episode.history.latest(), revert_form(episode)
    episode.delete()
    return version, data


def test_reverting_a_deleted_episode_does_not_put_back_a_timeline_the_user_may_not_change(
    client, django_user_model
):
    """A deleted episode has no timeline or credits today: putting back the version's
    takes the permissions pasting them takes, as for an episode that still exists."""
    version, data = deleted_episode_with_timeline_and_credit()
    episodes_only_editor(client, django_user_model, "add_episode")

    response = client.post(revert_url(version), data, follow=True)

    assert not Episode.objects.filter(pk=version.id).exists()
    assert not TimelineEntry.objects.filter(episode_id=version.id).exists()
    assert not MusicCredit.objects.filter(episodes=version.id).exists()
    assert "Not reverted: this version’s timeline and music credits differ" in (
        response.text.replace("&#x27;", "’").replace("'", "’")
    )


def test_reverting_a_deleted_episode_takes_the_permission_to_add_one(client, django_user_model):
    """Reverting a deleted episode recreates it: a user who may change episodes but not
    add them is refused, as the admin's own "Add episode" would refuse them."""
    episode = EpisodeFactory(title="Deleted episode")
    version, data = episode.history.latest(), revert_form(episode)
    episode.delete()
    episodes_only_editor(client, django_user_model)

    response = client.post(revert_url(version), data)

    assert response.status_code == 403
    assert not Episode.objects.filter(pk=version.id).exists()
