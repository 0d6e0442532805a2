"""Editors paste a timeline and music credits on the episode's admin page, and every
mistake comes back as a message on the form, never as an error page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from episodes.models import Episode, Guest, MusicCredit
from tests.factories import EpisodeFactory, GuestFactory, TimelineEntryFactory
from tests.test_history import change_form, timeline

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)

SEED_TIMELINE = (
    "Timeline\n\n"
    "    15:26 — ProofBridge and joint embeddings across mathematical subfields "
    "18:07 — Does math formalization transfer to coding and other fields?\n"
    """
    21:44 — Can every domain be mathematized?
• (23:14) Verified software
01:02:00 A human element to mathematics
01:03:25.000 The telescope analogy
"""
)

SEED_CREDITS = """Music:

    • "Kid Kodi" - Blue Dot Sessions - via Free Music Archive - CC BY-NC 4.0.
    • "Palms Down" - Blue Dot Sessions - via Free Music Archive - CC BY-NC 4.0.
    • Changes: trimmed
"""


def change_url(episode):
    return reverse("admin:episodes_episode_change", args=[episode.pk])


def errors_of(response):
    assert response.status_code == 200, "the form should come back with a message"
    form = response.context["adminform"].form
    formset_errors = [
        str(error)
        for formset in response.context["inline_admin_formsets"]
        for error in [*formset.formset.non_form_errors(), *formset.formset.errors]
        if error
    ]
    return {field: " ".join(errors) for field, errors in form.errors.items()}, formset_errors


def test_the_change_page_offers_the_paste_fields(client, editor):
    page = client.get(change_url(EpisodeFactory()))
    assert 'name="pasted_timeline"' in page.content.decode()
    assert 'name="pasted_credits"' in page.content.decode()


def test_a_pasted_timeline_replaces_the_entries(client, editor):
    episode = EpisodeFactory(duration_seconds=4380)
    TimelineEntryFactory(episode=episode, start_seconds=5, title="Old entry")
    episode.refresh_from_db()

    response = client.post(
        change_url(episode),
        change_form(episode, pasted_timeline=SEED_TIMELINE),
    )

    assert response.status_code == 302
    assert timeline(episode) == [
        (926, "ProofBridge and joint embeddings across mathematical subfields"),
        (1087, "Does math formalization transfer to coding and other fields?"),
        (1304, "Can every domain be mathematized?"),
        (1394, "Verified software"),
        (3720, "A human element to mathematics"),
        (3805, "The telescope analogy"),
    ]


def test_pasted_credits_are_created_with_their_licence_link(client, editor):
    episode = EpisodeFactory()

    response = client.post(change_url(episode), change_form(episode, pasted_credits=SEED_CREDITS))

    assert response.status_code == 302
    assert [
        (c.title, c.licence_url, c.changes) for c in episode.music_credits.order_by("title")
    ] == [
        ("Kid Kodi", "https://creativecommons.org/licenses/by-nc/4.0/", "trimmed"),
        ("Palms Down", "https://creativecommons.org/licenses/by-nc/4.0/", "trimmed"),
    ]


def test_an_unreadable_line_is_named_nothing_is_saved_and_the_text_stays(client, editor):
    episode = EpisodeFactory(title="Before")
    TimelineEntryFactory(episode=episode, start_seconds=5, title="Old entry")
    pasted = "00:12 — Intro\nthis line has no time\n00:40 — Later"

    response = client.post(
        change_url(episode), change_form(episode, title="After", pasted_timeline=pasted)
    )

    form_errors, _ = errors_of(response)
    assert (
        'Line 2: expected a timestamp and a title, like 12:34 — Title: "this line has no time"'
        in (form_errors["pasted_timeline"])
    )
    assert pasted in response.content.decode()
    episode.refresh_from_db()
    assert episode.title == "Before"
    assert timeline(episode) == [(5, "Old entry")]


def test_an_unreadable_credit_keeps_everything_unsaved(client, editor):
    episode = EpisodeFactory()
    pasted = (
        '"Kid Kodi" - Blue Dot Sessions - via Free Music Archive - CC BY-NC 4.0.\n"Tune" - X - GPL'
    )

    response = client.post(change_url(episode), change_form(episode, pasted_credits=pasted))

    form_errors, _ = errors_of(response)
    assert "Line 2: expected a credit like" in form_errors["pasted_credits"]
    assert not MusicCredit.objects.exists()


@pytest.mark.parametrize(
    ("field", "pasted", "message"),
    [
        ("pasted_timeline", "Timeline", "No timeline entries found in the pasted text"),
        ("pasted_timeline", "Music:\n\n", "No timeline entries found in the pasted text"),
        ("pasted_credits", "Music:", "No music credits found in the pasted text"),
    ],
)
def test_a_paste_of_only_a_heading_is_a_message_not_an_empty_timeline(
    client, editor, field, pasted, message
):
    episode = EpisodeFactory()
    TimelineEntryFactory(episode=episode, start_seconds=30, title="Intro")

    response = client.post(change_url(episode), change_form(episode, **{field: pasted}))

    form_errors, _ = errors_of(response)
    assert message in form_errors[field]
    assert timeline(episode) == [(30, "Intro")]


def test_a_pasted_credit_too_long_for_its_column_is_a_message(client, editor):
    episode = EpisodeFactory()
    pasted = SEED_CREDITS.replace("Palms Down", "Palms Down " * 20)

    response = client.post(change_url(episode), change_form(episode, pasted_credits=pasted))

    form_errors, _ = errors_of(response)
    assert "Line 4: title longer than 200 characters" in form_errors["pasted_credits"]
    assert escape(pasted) in response.content.decode()
    assert not MusicCredit.objects.exists()


@pytest.mark.parametrize(
    ("pasted", "message"),
    [
        ("05:00 — B\n01:00 — A", "Line 2: 01:00 does not come after the entry before it (05:00)"),
        ("01:00 — A\n01:00 — A again", "Line 2: 01:00 does not come after"),
        ("01:00 — A\n1:00:00 — Too late", "Line 2: 1:00:00 is after the episode ends (1:00:00)"),
    ],
)
def test_pasted_starts_must_increase_and_fit_in_the_episode(client, editor, pasted, message):
    episode = EpisodeFactory(duration_seconds=3600)

    response = client.post(change_url(episode), change_form(episode, pasted_timeline=pasted))

    form_errors, _ = errors_of(response)
    assert message in form_errors["pasted_timeline"]


def test_a_shorter_duration_is_checked_against_the_pasted_timeline(client, editor):
    episode = EpisodeFactory(duration_seconds=3600)

    response = client.post(
        change_url(episode),
        change_form(episode, duration_seconds="600", pasted_timeline="00:12 — A\n20:00 — B"),
    )

    form_errors, _ = errors_of(response)
    assert "Line 2: 20:00 is after the episode ends (10:00)" in form_errors["pasted_timeline"]


def test_a_pasted_timeline_replaces_old_entries_past_a_shortened_end(client, editor):
    episode = EpisodeFactory(duration_seconds=7200)
    TimelineEntryFactory(episode=episode, start_seconds=5000, title="Old late entry")

    response = client.post(
        change_url(episode),
        change_form(episode, duration_seconds="1800", pasted_timeline="00:12 — A\n20:00 — B"),
    )

    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.duration_seconds == 1800
    assert timeline(episode) == [(12, "A"), (1200, "B")]


def test_two_entries_at_the_same_moment_in_the_inline_are_a_message(client, editor):
    episode = EpisodeFactory()
    TimelineEntryFactory(episode=episode, start_seconds=60, title="One")
    data = change_form(episode) | {
        "timeline-TOTAL_FORMS": "2",
        "timeline-1-start_seconds": "60",
        "timeline-1-title": "Two",
    }

    response = client.post(change_url(episode), data)

    _, formset_errors = errors_of(response)
    assert any("Two entries start at 01:00" in error for error in formset_errors)


def test_swapping_two_starts_and_reusing_a_deleted_start_saves(client, editor):
    episode = EpisodeFactory()
    first = TimelineEntryFactory(episode=episode, start_seconds=60, title="One")
    second = TimelineEntryFactory(episode=episode, start_seconds=120, title="Two")
    TimelineEntryFactory(episode=episode, start_seconds=180, title="Three")
    data = change_form(episode) | {
        f"timeline-{index}-start_seconds": start
        for index, start in ((0, 120), (1, 60))  # One and Two change places
    }
    data |= {"timeline-2-DELETE": "on", "timeline-TOTAL_FORMS": "4"}
    data |= {"timeline-3-start_seconds": "180", "timeline-3-title": "Three, retold"}

    response = client.post(change_url(episode), data)

    assert response.status_code == 302
    assert timeline(episode) == [(60, "Two"), (120, "One"), (180, "Three, retold")]
    assert {first.pk, second.pk} <= set(episode.timeline.values_list("pk", flat=True))


def test_an_inline_entry_after_the_end_is_a_message(client, editor):
    episode = EpisodeFactory(duration_seconds=600)
    data = change_form(episode) | {
        "timeline-TOTAL_FORMS": "1",
        "timeline-0-start_seconds": "900",
        "timeline-0-title": "Too late",
    }

    response = client.post(change_url(episode), data)

    _, formset_errors = errors_of(response)
    assert any("15:00 is after the episode ends (10:00)" in error for error in formset_errors)


def test_pasting_and_editing_entries_in_one_save_is_refused(client, editor):
    episode = EpisodeFactory()
    TimelineEntryFactory(episode=episode, start_seconds=60, title="One")
    data = change_form(episode, pasted_timeline="00:12 — Intro") | {"timeline-0-title": "Edited"}

    response = client.post(change_url(episode), data)

    _, formset_errors = errors_of(response)
    assert any("either paste a timeline or edit the entries" in e for e in formset_errors)
    assert timeline(episode) == [(60, "One")]


def test_a_duplicate_episode_slug_is_a_message(client, editor):
    other = EpisodeFactory(title="Taken", slug="taken")
    episode = EpisodeFactory(show=other.show)

    response = client.post(change_url(episode), change_form(episode, slug="taken"))

    form_errors, _ = errors_of(response)
    assert "The episode “Taken” already uses the slug “taken”" in form_errors["slug"]
    assert Episode.objects.filter(slug="taken").count() == 1


def test_a_guest_slug_clash_is_a_message(client, editor):
    GuestFactory(name="Ada Lovelace", slug="ada-lovelace")

    response = client.post(
        reverse("admin:episodes_guest_add"),
        {
            "name": "Ada Lovelace",
            "slug": "ada-lovelace",
            "affiliation": "",
            "bio": "",
            "website": "",
        },
    )

    form_errors, _ = errors_of(response)
    assert "The guest Ada Lovelace already uses the slug “ada-lovelace”" in form_errors["slug"]
    assert Guest.objects.count() == 1


def test_saving_an_unchanged_episode_keeps_its_description_line_ends(client, editor):
    episode = EpisodeFactory(description="One.\n\nTwo.")

    client.post(change_url(episode), change_form(episode, description="One.\r\n\r\nTwo."))

    episode.refresh_from_db()
    assert episode.description == "One.\n\nTwo."
    assert "description" not in {
        change.field
        for change in episode.history.latest().diff_against(episode.history.earliest()).changes
    }


def test_a_new_episode_gets_its_pasted_timeline_and_credits(client, editor):
    show = EpisodeFactory().show
    data = {
        "show": show.pk,
        "title": "Fresh - with Ada (Lab)",
        "slug": "fresh",
        "status": "draft",
        "published_at_0": "2026-06-01",
        "published_at_1": "00:00:00",
        "duration_seconds": "3360",
        "description": "Notes.",
        "listen_url": "",
        "pasted_timeline": SEED_TIMELINE.split("01:02:00")[0],
        "pasted_credits": SEED_CREDITS,
        "timeline-TOTAL_FORMS": "0",
        "timeline-INITIAL_FORMS": "0",
        "Episode_music_credits-TOTAL_FORMS": "0",
        "Episode_music_credits-INITIAL_FORMS": "0",
    }

    response = client.post(reverse("admin:episodes_episode_add"), data)

    assert response.status_code == 302
    episode = Episode.objects.get(slug="fresh")
    assert [start for start, _ in timeline(episode)] == [926, 1087, 1304, 1394]
    assert episode.music_credits.count() == 2
    assert episode.history.count() == 1


def test_the_episode_list_says_which_episodes_are_on_the_site(client, editor):
    EpisodeFactory(title="Waiting", status="scheduled", published_at=timezone.now() + HOUR)
    EpisodeFactory(title="Arrived", status="scheduled", published_at=timezone.now() - HOUR)

    page = client.get(reverse("admin:episodes_episode_changelist"))

    rows = page.content.decode().split("<tr")[1:]
    waiting = next(row for row in rows if ">Waiting<" in row)
    arrived = next(row for row in rows if ">Arrived<" in row)
    assert 'alt="False"' in waiting.split("field-on_site")[1].split("</td>")[0]
    assert 'alt="True"' in arrived.split("field-on_site")[1].split("</td>")[0]
