"""manage.py import_show_page: the seed page gives the fixtures' catalogue, twice is once,
a dry run keeps nothing, and bad input stops with its line number, leaving nothing behind."""

from io import StringIO
from pathlib import Path

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command

from episodes.models import Episode, Guest, Host, MusicCredit, Show, TimelineEntry, Topic

PAGE = Path("fixtures/source/show_page.txt")
CATALOGUE = [Show, Host, Guest, MusicCredit, Episode, TimelineEntry]


def import_page(path=PAGE, *args):
    out = StringIO()
    call_command("import_show_page", str(path), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def catalogue():
    """Every row by natural key, without what the page does not say (topics, bios, the
    feed guid each episode gets when created)."""
    rows = []
    for model in CATALOGUE:
        for row in serializers.serialize(
            "python",
            model.objects.all(),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        ):
            fields = row["fields"]
            for unsaid in ("topics", "bio", "updated_at", "guid", "search_vector"):
                fields.pop(unsaid, None)
            rows.append((row["model"], sorted(fields.items(), key=lambda item: item[0])))
    return sorted(rows, key=repr)


@pytest.mark.django_db
def test_importing_the_seed_page_gives_the_catalogue_of_the_fixtures():
    import_page()
    imported = catalogue()
    for model in reversed(CATALOGUE):
        model.objects.all().delete()

    call_command("loaddata", "fixtures/seed.json", verbosity=0)

    assert imported == catalogue()
    assert len([row for row in imported if row[0] == "episodes.timelineentry"]) == 68


def test_importing_the_page_over_the_fixtures_changes_nothing(seed):
    topics_before = {
        e.slug: sorted(e.topics.values_list("slug", flat=True)) for e in Episode.objects.all()
    }

    assert "Nothing to change" in import_page()

    assert Guest.objects.get(slug="jesse-lai").bio.startswith("Chieh-Hsin (Jesse) Lai")
    assert topics_before == {
        e.slug: sorted(e.topics.values_list("slug", flat=True)) for e in Episode.objects.all()
    }
    assert Topic.objects.count() == 13


@pytest.mark.django_db
def test_running_the_import_twice_changes_nothing_the_second_time():
    import_page()
    updated = dict(Episode.objects.values_list("slug", "updated_at"))
    history = Episode.history.count() + TimelineEntry.history.count()

    output = import_page()

    assert output.strip() == "Nothing to change: the catalogue already matches the page."
    assert dict(Episode.objects.values_list("slug", "updated_at")) == updated
    assert Episode.history.count() + TimelineEntry.history.count() == history
    assert TimelineEntry.objects.count() == 68


@pytest.mark.django_db
def test_imported_episodes_are_published_on_the_page_dates():
    import_page()
    episode = Episode.objects.get(slug="inside-xai-and-the-bet-on-ai-math")
    assert episode.status == Episode.Status.PUBLISHED
    assert episode.published_at.isoformat() == "2026-05-04T00:00:00+00:00"
    assert episode.duration_seconds == 4380
    assert Episode.objects.published().count() == 3


@pytest.mark.django_db
def test_a_dry_run_lists_the_changes_and_writes_nothing():
    output = import_page(PAGE, "--dry-run")

    assert "would create episode The Principles of Diffusion Models" in output
    assert "would create guest Jesse Lai" in output
    assert "16 added" in output
    assert "none written" in output
    assert not Show.objects.exists()
    assert not Episode.objects.exists()
    assert not TimelineEntry.objects.exists()


def test_a_dry_run_shows_an_edit_the_import_would_undo(seed):
    TimelineEntry.objects.filter(
        start_seconds=12, episode__slug="reasoning-models-and-planning"
    ).update(title="Hello")

    output = import_page(PAGE, "--dry-run")

    assert "would change timeline of Reasoning Models and Planning" in output
    assert "1 retitled" in output
    assert (
        TimelineEntry.objects.get(
            start_seconds=12, episode__slug="reasoning-models-and-planning"
        ).title
        == "Hello"
    )


def page_with_line(tmp_path, marker, new_line):
    """A copy of the seed page with the first line holding ``marker`` replaced."""
    lines = PAGE.read_text(encoding="utf-8").splitlines()
    number = next(n for n, line in enumerate(lines, start=1) if marker in line)
    lines[number - 1] = new_line
    # An earlier, valid change on the same page, which must not be kept either.
    lines = [line.replace("Intro and welcoming Jesse", "Renamed") for line in lines]
    path = tmp_path / "page.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path, number


@pytest.mark.parametrize(
    ("marker", "new_line", "reason"),
    [
        ("05:14 — What makes", "    5:1x — What makes", "expected a timestamp"),
        ("(1:08:12) Multi-agent", "    • (1:08:12)", "expected a timestamp"),
        ("(53:42) Safety", "    • (03:42) Safety", "does not come after"),
        ("1:11:52 — Closing", "    1:21:52 — Closing thanks", "after the episode ends"),
        (
            '"Palms Down"',
            '    • "Palms Down" - Blue Dot Sessions - CC BY-NC 9.0.',
            "unknown licence",
        ),
        ("Apr 29 2026", "    Apr 31 2026", "not a date"),
        ("1 hr and 12 mins", "    1 hour-ish", "not a length"),
        pytest.param(
            "Inside xAI, and the Bet",
            "  • The Principles of Diffusion Models - with Christian Szegedy (Math Inc)",
            "same slug 'the-principles-of-diffusion-models' as the episode on line 14",
            id="two-episodes-one-slug",
        ),
        pytest.param(
            "Reasoning Models and Planning - with",
            "  • Ἀρχή - with Rao Kambhampati (Arizona State)",
            "'Ἀρχή' gives no slug",
            id="title-without-a-slug",
        ),
        pytest.param(
            "Reasoning Models and Planning - with",
            "  • Reasoning Models and Planning - with 李明 (Tsinghua)",
            "'李明' gives no slug",
            id="guest-without-a-slug",
        ),
        pytest.param(
            "By: Ravid",
            "By: Ravid Shwartz-Ziv & 李明",
            "'李明' gives no slug",
            id="host-without-a-slug",
        ),
        pytest.param(
            "Reasoning Models and Planning - with",
            "  • Reasoning Models and Planning - with Rao Kambhampati (School of Computing and "
            "Augmented Intelligence, Ira A. Fulton Schools of Engineering, Arizona State Univ.)",
            "the guest's affiliation 'School of Computing",
            id="affiliation-too-long",
        ),
        pytest.param(
            '"Palms Down"',
            '    • "' + "Palms Down " * 20 + '" - Blue Dot Sessions - CC BY-NC 4.0.',
            "title longer than 200 characters",
            id="track-title-too-long",
        ),
        pytest.param(
            "Reasoning Models and Planning - with",
            "  • "
            + "Reasoning Models and Planning " * 5
            + "- with Rao Kambhampati (Arizona State)",
            "the episode's slug 'reasoning-models-and-planning-reasoning",
            id="slug-too-long",
        ),
    ],
)
def test_bad_input_stops_with_its_line_number_and_writes_nothing(
    tmp_path, seed, marker, new_line, reason
):
    path, line_number = page_with_line(tmp_path, marker, new_line)

    with pytest.raises(CommandError) as caught:
        import_page(path)

    message = str(caught.value)
    assert f", line {line_number}: " in message and "Line " not in message  # said once
    assert reason in message
    assert new_line.strip() in message
    assert "nothing was imported" in message
    assert TimelineEntry.objects.filter(title="Intro and welcoming Jesse").exists()
    assert not TimelineEntry.objects.filter(title="Renamed").exists()


def test_a_guest_whose_slug_belongs_to_someone_else_stops_the_import(seed):
    Guest.objects.filter(slug="rao-kambhampati").update(name="Rao K. Somebody Else")

    with pytest.raises(CommandError, match=r", line 1\d\d: .*'rao-kambhampati' already belongs to"):
        import_page()


def test_a_missing_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read .*missing.txt"):
        import_page(tmp_path / "missing.txt")


def test_an_import_that_changes_nothing_only_reads(seed, django_assert_max_num_queries):
    # The show, two hosts, then per episode: itself, its guests, timeline and credits
    # (29 queries for the seed's three episodes), and not a single write.
    with django_assert_max_num_queries(29) as captured:
        import_page()

    statements = [query["sql"].split()[0].upper() for query in captured.captured_queries]
    assert set(statements) <= {"SELECT", "SAVEPOINT", "RELEASE"}


@pytest.mark.django_db
def test_a_guest_with_two_affiliations_gets_the_newest_and_a_second_run_changes_nothing(
    tmp_path,
):
    # Jesse Lai is at Sony AI on May 10 and at Stanford in the older episode of May 4.
    path, _ = page_with_line(
        tmp_path,
        "Inside xAI, and the Bet",
        "  • Inside xAI, and the Bet on AI Math - with Jesse Lai (Stanford)",
    )
    first_run = import_page(path)

    assert "update guest" not in first_run
    assert "Nothing to change" in import_page(path)
    assert Guest.objects.get(slug="jesse-lai").affiliation == "Sony AI"


def test_a_track_credited_with_different_details_stops_the_import(tmp_path, seed):
    # The newest episode says the track was slowed down, the two older ones "trimmed".
    path, _ = page_with_line(tmp_path, "Changes: trimmed", "    • Changes: slowed down")

    with pytest.raises(CommandError) as caught:
        import_page(path)

    message = str(caught.value)
    assert message.startswith(f"{path}, line 69: ")
    assert "Line 69" not in message  # said once
    assert "'trimmed' here but 'slowed down' in the episode on line 14" in message
    assert MusicCredit.objects.get(title="Kid Kodi").changes == "trimmed"


def test_a_time_of_day_an_editor_set_on_the_page_date_is_kept(seed):
    # The page gives May 10 only; an editor scheduled the episode for 14:00 that day.
    episode = Episode.objects.get(slug="the-principles-of-diffusion-models")
    episode.published_at = episode.published_at.replace(hour=14)
    episode.save()

    assert "Nothing to change" in import_page()
    episode.refresh_from_db()
    assert episode.published_at.isoformat() == "2026-05-10T14:00:00+00:00"


def test_importing_after_an_editor_changed_a_slug_updates_that_episode(seed):
    """The importer found episodes by slug only: after an editor fixed one, the next
    import published a second copy under the old slug, listed twice on the site."""
    episode = Episode.objects.get(slug="the-principles-of-diffusion-models")
    episode.slug = "principles-of-diffusion"
    episode.save()

    assert "Nothing to change" in import_page()

    assert Episode.objects.count() == 3
    assert Episode.objects.get(pk=episode.pk).slug == "principles-of-diffusion"


def test_an_import_does_not_change_the_credit_of_an_episode_the_page_does_not_list(tmp_path, seed):
    """Tracks are shared rows: a new licence on the page rewrote the attribution of an
    editor's bonus episode without a word. The admin's paste refuses the same."""
    kid_kodi = MusicCredit.objects.get(title="Kid Kodi")
    bonus = Episode.objects.create(
        show=Show.objects.get(),
        title="Bonus episode",
        slug="bonus",
        duration_seconds=600,
        description="Extra.",
        published_at=Episode.objects.first().published_at,
    )
    bonus.music_credits.add(kid_kodi)
    path = tmp_path / "page.txt"
    path.write_text(
        PAGE.read_text(encoding="utf-8").replace("CC BY-NC 4.0.", "CC BY 4.0."),
        encoding="utf-8",
    )

    with pytest.raises(CommandError) as caught:
        import_page(path)

    assert '"Kid Kodi" (Blue Dot Sessions) is also credited in "Bonus episode"' in str(caught.value)
    kid_kodi.refresh_from_db()
    assert kid_kodi.licence_name == "CC BY-NC 4.0"


# A page with one episode and no timeline, so that its length line alone is checked.
ONE_EPISODE_PAGE = """The Information Bottleneck

By: Ravid Shwartz-Ziv & Allen Roush

Summary

Two AI researchers talk about AI.2025 Ravid Shwartz-Ziv & Allen Roush Science
Episodes
  • A teaser for season two - with Ada Lovelace (Analytical)
    May 10 2026

    A short teaser.

    About: Hosted by two researchers.
    {length}
"""


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("length", "reason"),
    [
        ("0 mins", "'0 mins' is zero"),
        ("0 hrs and 0 mins", "'0 hrs and 0 mins' is zero"),
        ("3000000 hrs", "'3000000 hrs' is longer than an episode can be"),
    ],
)
def test_a_length_the_database_cannot_hold_stops_at_its_line(tmp_path, length, reason):
    """A length of "0 mins" met the database's check constraint, and "3000000 hrs"
    PostgreSQL's integer column (SQLite kept it): a traceback, or an episode of 342 years."""
    path = tmp_path / "page.txt"
    path.write_text(ONE_EPISODE_PAGE.format(length=length), encoding="utf-8")

    with pytest.raises(CommandError) as caught:
        import_page(path)

    assert str(caught.value).startswith(f"{path}, line 15: {reason}")
    assert "nothing was imported" in str(caught.value)
    assert not Show.objects.exists() and not Episode.objects.exists()
