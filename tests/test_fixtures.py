"""The seed catalogue ships exactly as the show page gives it."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from episodes.models import Episode, Guest, MusicCredit, Show, TimelineEntry, Topic

SHOW_PAGE = Path(__file__).resolve().parent.parent / "fixtures" / "source" / "show_page.txt"
STAMP = r"(?:\d+:)?\d{1,2}:\d{2}"


def page_timelines():
    """Every (stamp, title) of each episode, read straight off the page, in page order."""
    text = SHOW_PAGE.read_text(encoding="utf-8")
    blocks = re.findall(r"Timeline\s*\n(.*?)\n\s*Music:", text, flags=re.S)
    timelines = []
    for block in blocks:
        entries = []
        for line in block.splitlines():
            line = line.strip().lstrip("•").strip()
            if not line:
                continue
            # "00:12 — Title", "(00:12) Title", and two "stamp — title" pairs on one line.
            pairs = re.findall(rf"\(?({STAMP})\)?\s*(?:—\s*)?(.+?)(?=\s+{STAMP} — |$)", line)
            entries.extend((stamp, title.strip()) for stamp, title in pairs)
        timelines.append(entries)
    return timelines


def seconds(stamp):
    parts = [int(p) for p in stamp.split(":")]
    return sum(value * 60**power for power, value in enumerate(reversed(parts)))


@pytest.fixture
def episodes(seed):
    return list(Episode.objects.order_by("-published_at"))


def test_every_timeline_entry_matches_the_page_exactly(episodes):
    timelines = page_timelines()
    assert [len(t) for t in timelines] == [16, 28, 24]
    for episode, expected in zip(episodes, timelines, strict=True):
        stored = list(episode.timeline.values_list("start_seconds", "title"))
        assert stored == [(seconds(stamp), title) for stamp, title in expected]


def test_line_holding_two_entries_becomes_two_entries(seed):
    episode = Episode.objects.get(slug="inside-xai-and-the-bet-on-ai-math")
    assert episode.timeline.get(start_seconds=15 * 60 + 26).title == (
        "ProofBridge and joint embeddings across mathematical subfields"
    )
    assert episode.timeline.get(start_seconds=18 * 60 + 7).title == (
        "Does math formalization transfer to coding and other fields?"
    )


def test_hour_long_stamps_are_seconds_past_the_hour(seed):
    entry = TimelineEntry.objects.get(
        episode__slug="inside-xai-and-the-bet-on-ai-math", start_seconds=3720
    )
    assert entry.title.startswith("A human element to mathematics")
    assert entry.timestamp == "1:02:00"


def test_episodes_have_the_page_titles_dates_and_durations(episodes):
    assert [(e.title, e.published_at.date().isoformat(), e.duration_display) for e in episodes] == [
        ("The Principles of Diffusion Models - with Jesse Lai (Sony AI)", "2026-05-10", "56 min"),
        (
            "Inside xAI, and the Bet on AI Math - with Christian Szegedy (Math Inc)",
            "2026-05-04",
            "1 h 13 min",
        ),
        (
            "Reasoning Models and Planning - with Rao Kambhampati (Arizona State)",
            "2026-04-29",
            "1 h 12 min",
        ),
    ]
    assert all(e.status == Episode.Status.PUBLISHED for e in episodes)


def test_descriptions_hold_every_paragraph_of_the_page(episodes):
    text = SHOW_PAGE.read_text(encoding="utf-8")
    for episode in episodes:
        for paragraph in episode.paragraphs:
            assert paragraph in text
    assert [len(e.paragraphs) for e in episodes] == [4, 3, 3]


def test_guests_carry_their_affiliation_and_the_facts_given(seed):
    assert dict(Guest.objects.values_list("name", "affiliation")) == {
        "Jesse Lai": "Sony AI",
        "Christian Szegedy": "Math Inc",
        "Rao Kambhampati": "Arizona State",
    }
    assert "Staff Research Scientist at Sony AI" in Guest.objects.get(slug="jesse-lai").bio
    assert "AAAI" in Guest.objects.get(slug="rao-kambhampati").bio
    assert "Batch Normalization" in Guest.objects.get(slug="christian-szegedy").bio


def test_music_credits_are_both_blue_dot_sessions_tracks(episodes):
    credits = MusicCredit.objects.values_list(
        "title", "artist", "source", "licence_name", "licence_url", "changes"
    )
    assert sorted(credits) == [
        (
            title,
            "Blue Dot Sessions",
            "Free Music Archive",
            "CC BY-NC 4.0",
            "https://creativecommons.org/licenses/by-nc/4.0/",
            "trimmed",
        )
        for title in ("Kid Kodi", "Palms Down")
    ]
    for episode in episodes:
        assert episode.music_credits.count() == 2


def test_show_summary_and_hosts(seed):
    show = Show.objects.get()
    assert show.summary.startswith("Two AI Researchers - Ravid Shwartz Ziv, and Allen Roush")
    assert show.copyright == "2025 Ravid Shwartz-Ziv & Allen Roush"
    assert list(show.hosts.values_list("name", flat=True)) == ["Ravid Shwartz-Ziv", "Allen Roush"]


def test_each_episode_has_three_topics_and_world_models_is_shared(episodes):
    assert all(e.topics.count() >= 3 for e in episodes)
    world_models = Topic.objects.get(slug="world-models")
    assert world_models.episodes.count() == 2


def test_loading_the_fixtures_again_changes_nothing(seed):
    counts = [m.objects.count() for m in (Show, Episode, Guest, Topic, MusicCredit, TimelineEntry)]
    call_command("loaddata", "fixtures/seed.json", verbosity=0)
    assert [
        m.objects.count() for m in (Show, Episode, Guest, Topic, MusicCredit, TimelineEntry)
    ] == counts
    assert counts == [1, 3, 3, 13, 2, 68]
