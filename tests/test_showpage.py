"""Reading a whole show page: the parts of it the catalogue is built from."""

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from episodes.shownotes import ShowNotesError
from episodes.showpage import PageGuest, parse_date, parse_duration, parse_guests, parse_show_page


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("56 mins", 3360), ("1 hr and 13 mins", 4380), ("1 hr and 12 mins", 4320), ("2 hrs", 7200)],
)
def test_page_lengths_become_seconds(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "soon", "56", "mins", "1 hour-ish"])
def test_a_length_that_is_not_one_is_refused(text):
    with pytest.raises(ValueError, match="is not a length"):
        parse_duration(text)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("0 mins", "is zero"),
        ("0 hrs and 0 mins", "is zero"),
        ("596524 hrs", "longer than an episode can be (at most 596,523 hrs)"),
    ],
)
def test_a_length_the_catalogue_cannot_hold_is_refused(text, reason):
    """The database's check constraint refuses 0 and PostgreSQL's integer column more
    than 2,147,483,647 seconds, each with a traceback; the page's line should say why."""
    with pytest.raises(ValueError, match=re.escape(reason)):
        parse_duration(text)


def test_page_dates_are_midnight_utc():
    assert parse_date("May 10 2026") == datetime(2026, 5, 10, tzinfo=UTC)
    assert parse_date("September 2, 2026") == datetime(2026, 9, 2, tzinfo=UTC)
    with pytest.raises(ValueError, match="not a date"):
        parse_date("Apr 31 2026")


def test_guests_and_their_affiliations_come_from_the_title():
    title = "Panel - with Ada Lovelace (Engines, and Co) and Alan Turing & Grace Hopper (Navy)"
    assert parse_guests(title, 1) == [
        PageGuest("Ada Lovelace", "Engines, and Co"),
        PageGuest("Alan Turing", ""),
        PageGuest("Grace Hopper", "Navy"),
    ]
    assert parse_guests("A solo episode", 1) == []
    with pytest.raises(ShowNotesError, match="^Line 7: cannot read the guest"):
        parse_guests("X - with (Nobody)", 7)


def test_the_seed_page_is_read_whole():
    page = parse_show_page(Path("fixtures/source/show_page.txt").read_text(encoding="utf-8"))

    assert page.title == "The Information Bottleneck"
    assert page.hosts == ["Ravid Shwartz-Ziv", "Allen Roush"]
    assert page.summary.endswith("GPUs, and Cloud Systems.")
    assert (page.copyright, page.category) == ("2025 Ravid Shwartz-Ziv & Allen Roush", "Science")
    assert [e.slug for e in page.episodes] == [
        "the-principles-of-diffusion-models",
        "inside-xai-and-the-bet-on-ai-math",
        "reasoning-models-and-planning",
    ]
    assert [len(e.description.split("\n\n")) for e in page.episodes] == [4, 3, 3]


def test_an_episode_without_a_length_is_an_error_at_its_title():
    text = "Show\nBy: A & B\nEpisodes\n  • First - with Ada (X)\n    May 1 2026\n\n    Notes.\n"
    with pytest.raises(ShowNotesError, match='^Line 4: this episode has no length line: "First'):
        parse_show_page(text)


def test_a_page_without_hosts_or_episodes_is_refused():
    with pytest.raises(ShowNotesError, match="no 'By:' line"):
        parse_show_page("Just a title\n")
    with pytest.raises(ShowNotesError, match="no episodes found"):
        parse_show_page("Title\nBy: A & B\n")


def test_a_show_title_that_gives_no_slug_is_refused():
    with pytest.raises(ShowNotesError, match="^Line 1: no show title above the 'By:' line"):
        parse_show_page("By: A & B\n")
    with pytest.raises(ShowNotesError, match="^Line 2: 'Ἀρχή' gives no slug"):
        parse_show_page("\nἈρχή\n\nBy: A & B\n")
