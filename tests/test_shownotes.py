"""The show-notes parser: every form of timeline and credit line editors paste, and the
lines it refuses, each refused with its line number and text."""

from pathlib import Path

import pytest

from episodes.shownotes import (
    Chapter,
    Credit,
    ShowNotesError,
    licence_url,
    parse_credits,
    parse_timeline,
)
from episodes.timeline import parse_timestamp


@pytest.mark.parametrize(
    ("line", "start", "title"),
    [
        ("00:12 — Intro and welcoming Jesse", 12, "Intro and welcoming Jesse"),
        ("• (00:12) Intros", 12, "Intros"),
        ("1:02:00 — A human element to mathematics", 3720, "A human element to mathematics"),
        ("01:02:00 A human element to mathematics", 3720, "A human element to mathematics"),
        ("00:00:12.000 Intro", 12, "Intro"),
        ("00:00:12.900 Intro", 12, "Intro"),
        ("12:34 - Hyphen as the dash", 754, "Hyphen as the dash"),
        ("12:34 – En dash", 754, "En dash"),
        ("- 12:34 Dash bullet", 754, "Dash bullet"),
        ("  00:12 —   Spaces around  ", 12, "Spaces around"),
        (
            "(1:03:12) Why linguistic abstractions matter — pick and roll",
            3792,
            "Why linguistic abstractions matter — pick and roll",
        ),
    ],
)
def test_each_timeline_form_of_the_show_notes_is_read(line, start, title):
    assert parse_timeline(line) == [Chapter(start, title)]


def test_two_entries_on_one_line_become_two_entries():
    line = (
        "15:26 — ProofBridge and joint embeddings across mathematical subfields "
        "18:07 — Does math formalization transfer to coding and other fields?"
    )
    assert parse_timeline(line) == [
        Chapter(926, "ProofBridge and joint embeddings across mathematical subfields"),
        Chapter(1087, "Does math formalization transfer to coding and other fields?"),
    ]


def test_a_line_of_a_thousand_entries_is_read():
    """Pasted from a page that lost its line breaks, say: not a RecursionError."""
    minutes = range(1, 1001)
    line = " ".join(f"{m // 60}:{m % 60:02d}:00 — Part {m}" for m in minutes)
    assert parse_timeline(line) == [Chapter(m * 60, f"Part {m}") for m in minutes]


def test_a_time_mentioned_inside_a_title_does_not_split_it():
    assert parse_timeline("00:12 — Meet at 10:30 sharp") == [Chapter(12, "Meet at 10:30 sharp")]


def test_blank_lines_and_headings_are_skipped():
    text = "Timeline\n\n    00:12 — Intro\n\n    00:47 — Why\nChapters:\n"
    assert parse_timeline(text) == [Chapter(12, "Intro"), Chapter(47, "Why")]


def test_every_timeline_of_the_seed_page_is_read():
    page = Path("fixtures/source/show_page.txt").read_text(encoding="utf-8")
    blocks = [block.split("Music:")[0] for block in page.split("Timeline")[1:]]
    assert [len(parse_timeline(block)) for block in blocks] == [16, 28, 24]


@pytest.mark.parametrize(
    ("text", "line_number", "reason"),
    [
        ("Intro and welcome", 1, "expected a timestamp and a title"),
        ("00:12 — Intro\n12:75 — Minutes and seconds stop at 59", 2, "more than 59"),
        ("1:75:00 — Minutes past 59", 1, "more than 59"),
        ("00:12 —", 1, "no title after 00:12"),
        ("00:12 — Intro 00:40 —", 1, "no title after 00:40"),
        ("(00:12)", 1, "expected a timestamp"),
        ("12 — No colon", 1, "expected a timestamp"),
        ("00:12Intro", 1, "expected a timestamp"),
        ("00:47 — Why\n00:12 — Intro", 2, "does not come after the entry before it (00:47)"),
        ("00:12 — Intro\n\n00:12 — Again", 3, "does not come after"),
        ("00:12 — " + "x" * 301, 1, "longer than 300"),
    ],
)
def test_an_unreadable_timeline_line_is_named_by_number_and_text(text, line_number, reason):
    with pytest.raises(ShowNotesError) as caught:
        parse_timeline(text)
    bad_line = text.splitlines()[line_number - 1]
    assert caught.value.line_number == line_number
    assert reason in str(caught.value)
    assert str(caught.value).startswith(f"Line {line_number}: ")
    assert str(caught.value).endswith(f'"{bad_line.strip()}"')


def test_a_start_past_the_end_of_the_episode_is_refused():
    with pytest.raises(ShowNotesError, match=r"Line 2: 56:00 is after the episode ends \(56:00\)"):
        parse_timeline("00:12 — Intro\n56:00 — Too late", duration_seconds=3360)


def test_line_numbers_count_from_where_the_text_starts_in_a_page():
    with pytest.raises(ShowNotesError, match="^Line 41: "):
        parse_timeline("00:12 — Intro\nnot a line", first_line=40)


def test_timestamps_are_read_by_the_one_timestamp_parser():
    assert parse_timestamp("00:00:12.000") == 12
    assert parse_timestamp("1:02:00") == 3720
    with pytest.raises(ValueError):
        parse_timestamp("12:34.")


KID_KODI = Credit(
    title="Kid Kodi",
    artist="Blue Dot Sessions",
    source="Free Music Archive",
    licence_name="CC BY-NC 4.0",
    licence_url="https://creativecommons.org/licenses/by-nc/4.0/",
)


@pytest.mark.parametrize(
    "line",
    [
        '• "Kid Kodi" - Blue Dot Sessions - via Free Music Archive - CC BY-NC 4.0.',
        '"Kid Kodi" - Blue Dot Sessions - via Free Music Archive - CC BY-NC 4.0',
        "“Kid Kodi” — Blue Dot Sessions — via Free Music Archive — CC BY-NC 4.0.",
        '"Kid Kodi" – Blue Dot Sessions – via Free Music Archive – cc by-nc 4.0',
    ],
)
def test_each_credit_form_is_read(line):
    assert parse_credits(line) == [KID_KODI]


def test_a_credit_without_a_source_is_read():
    [credit] = parse_credits('"Tune" - Someone - CC BY 3.0')
    assert (credit.artist, credit.source, credit.licence_name) == ("Someone", "", "CC BY 3.0")


def test_changes_apply_to_the_credits_above_them():
    text = (
        "Music:\n\n"
        '• "Kid Kodi" - Blue Dot Sessions - via Free Music Archive - CC BY-NC 4.0.\n'
        '• "Palms Down" - Blue Dot Sessions - via Free Music Archive - CC BY-NC 4.0.\n'
        "• Changes: trimmed\n"
    )
    credits = parse_credits(text)
    assert [(c.title, c.changes) for c in credits] == [
        ("Kid Kodi", "trimmed"),
        ("Palms Down", "trimmed"),
    ]


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"),
        ("CC BY-SA 3.0", "https://creativecommons.org/licenses/by-sa/3.0/"),
        ("CC BY-NC 4.0", "https://creativecommons.org/licenses/by-nc/4.0/"),
        ("CC BY-NC-SA 2.5", "https://creativecommons.org/licenses/by-nc-sa/2.5/"),
        ("CC BY-ND 2.0", "https://creativecommons.org/licenses/by-nd/2.0/"),
        ("CC BY-NC-ND 4.0", "https://creativecommons.org/licenses/by-nc-nd/4.0/"),
        ("CC0", "https://creativecommons.org/publicdomain/zero/1.0/"),
        ("CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
    ],
)
def test_the_licence_url_is_filled_in_from_its_name(name, url):
    assert licence_url(name) == url


@pytest.mark.parametrize(
    ("text", "line_number", "reason"),
    [
        ("Kid Kodi by Blue Dot Sessions", 1, "expected a credit like"),
        ('"Kid Kodi" - Blue Dot Sessions', 1, "expected a credit like"),
        ('"Kid Kodi" - Blue Dot Sessions - CC BY-XX 4.0', 1, "unknown licence 'CC BY-XX 4.0'"),
        ('"Kid Kodi" - Blue Dot Sessions - CC BY 5.0', 1, "unknown licence"),
        ('"Kid Kodi" - Blue Dot Sessions - CC BY', 1, "unknown licence"),
        ("Changes: trimmed", 1, "needs a credit above it"),
        ('"A" - B - CC BY 4.0\n\nAll rights reserved', 3, "expected a credit like"),
        # Longer than their columns (a server error on PostgreSQL, which enforces them).
        (f'"{"A" * 201}" - B - CC BY 4.0', 1, "title longer than 200 characters"),
        (f'"A" - {"B" * 201} - CC BY 4.0', 1, "artist longer than 200 characters"),
        (f'"A" - B - via {"S" * 201} - CC BY 4.0', 1, "source longer than 200 characters"),
        ('"A" - B - CC BY 4.0\nChanges: ' + "trimmed, " * 25 + "cut", 2, "changes longer than 200"),
    ],
)
def test_an_unreadable_credit_line_is_named_by_number_and_text(text, line_number, reason):
    with pytest.raises(ShowNotesError) as caught:
        parse_credits(text)
    assert caught.value.line_number == line_number
    assert reason in str(caught.value)
    assert str(caught.value).endswith(f'"{text.splitlines()[line_number - 1]}"')
