"""Reading a whole show page (fixtures/source/show_page.txt) into plain data.

The page is the podcast's listing as text. What this reads, in order:

- the show's title: the last non-blank line before ``By:``;
- ``By: Ravid Shwartz-Ziv & Allen Roush``: the hosts, in order;
- the line after ``Summary``: the summary, then the copyright ("2025" and the by-line)
  and the category glued to its end ("...Cloud Systems.2025 Ravid ... Roush Science");
- after ``Episodes``, each episode: a bullet line at the left margin with its title,
  the date ("May 10 2026", published at 00:00 UTC), the description's paragraphs, a
  ``Timeline`` block, a ``Music:`` block, an ``About:`` line (the show's about text),
  and a length line ("56 mins", "1 hr and 13 mins") that ends the episode.

Timeline and music lines are read by episodes.shownotes, the same rules as the admin's
paste-in. Lines between one episode's length and the next title are page furniture
and are skipped. Anything else out of place raises ShowNotesError with its line number.

Guests come from the title: "The Principles of Diffusion Models - with Jesse Lai
(Sony AI)" has the guest Jesse Lai, affiliation Sony AI, and the slug
"the-principles-of-diffusion-models" (the part before " - with ", slugified). Several
guests are separated by commas, "&" or "and". Each episode's slug must be its own on the
page: two titles that give the same one are refused, naming both lines. The show's title,
the hosts', episodes' and guests' names must give a slug at all (see check_slug), and
every value must fit its field in episodes.models (see check_length).
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.text import slugify

from episodes.models import Episode, Guest, Host, Show
from episodes.shownotes import ShowNotesError, parse_credits, parse_timeline

EPISODE_TITLE = re.compile(r"^ {0,3}•\s+(?P<title>\S.*)$")
DURATION = re.compile(
    r"^(?:(?P<hours>\d+)\s*(?:hrs?|hours?))?(?:\s*and\s*)?(?:(?P<minutes>\d+)\s*(?:mins?|minutes?))?$"
)
WITH_GUESTS = re.compile(r"^(?P<topic>.+?)\s+-\s+with\s+(?P<guests>.+)$")
# Separators between guests, but not inside an affiliation's parentheses.
GUEST_SEPARATOR = re.compile(r"\s*(?:,|&|\band\b)\s*(?![^(]*\))")
GUEST = re.compile(r"^(?P<name>[^()]+?)\s*(?:\((?P<affiliation>[^()]+)\))?$")
PAGE_FURNITURE = {"Show More Show Less", "Listen for free"}
# Episode.duration_seconds is a PositiveIntegerField: the most it holds on PostgreSQL
# (SQLite would take more, so a catalogue would no longer move between the two).
LONGEST_DURATION_SECONDS = BaseDatabaseOperations.integer_field_ranges["PositiveIntegerField"][1]


@dataclass
class PageGuest:
    name: str
    affiliation: str

    @property
    def slug(self):
        return slugify(self.name)


@dataclass
class PageEpisode:
    line_number: int
    title: str
    published_at: datetime = None
    duration_seconds: int = None
    paragraphs: list = field(default_factory=list)
    chapters: list = field(default_factory=list)
    credits: list = field(default_factory=list)
    guests: list = field(default_factory=list)

    @property
    def topic(self):
        """The title without its guests, which the slug is made of."""
        match = WITH_GUESTS.match(self.title)
        return match["topic"] if match else self.title

    @property
    def slug(self):
        return slugify(self.topic)

    @property
    def description(self):
        return "\n\n".join(" ".join(lines) for lines in self.paragraphs if lines)


@dataclass
class ShowPage:
    title: str = ""
    hosts: list = field(default_factory=list)
    summary: str = ""
    copyright: str = ""
    category: str = ""
    about: str = ""
    episodes: list = field(default_factory=list)

    @property
    def slug(self):
        return slugify(self.title)


def check_length(value, model, field_name, line_number, line):
    """ShowNotesError unless ``value`` fits the model's field.

    PostgreSQL refuses a longer value with a bare DataError, and SQLite stores it whole,
    over the limit; the page's line says which value to shorten.
    """
    field = model._meta.get_field(field_name)
    if len(value) > field.max_length:
        raise ShowNotesError(
            line_number,
            line,
            f"the {model._meta.verbose_name}'s {field.verbose_name} {value!r} is {len(value)} "
            f"characters long, over the {field.max_length} it may have",
        )


def check_slug(text, model, line_number, line):
    """ShowNotesError unless ``text`` gives a slug (the part of an address naming it) that fits.

    slugify keeps Latin letters, digits and dashes only, so "李明" or "Ἀρχή" gives "": no
    address can hold that, and every page linking to it would fail. A made-up slug
    ("guest-2") would hide whom it names and change when the page changes: refuse.
    """
    if not slugify(text):
        raise ShowNotesError(
            line_number, line, f"{text!r} gives no slug: write it with some Latin letters"
        )
    check_length(slugify(text), model, "slug", line_number, line)


def parse_guests(title, line_number):
    """The guests named in an episode title: "... - with Jesse Lai (Sony AI)"."""
    match = WITH_GUESTS.match(title)
    if not match:
        return []
    guests = []
    for part in GUEST_SEPARATOR.split(match["guests"]):
        guest = GUEST.match(part.strip())
        if not guest:
            raise ShowNotesError(line_number, title, f"cannot read the guest {part!r}")
        guests.append(PageGuest(guest["name"], guest["affiliation"] or ""))
    return guests


def parse_duration(text):
    """Seconds from the page's lengths: "56 mins" -> 3360, "1 hr and 13 mins" -> 4380.

    ValueError for "0 mins" and for more than the database column holds: the check
    constraint, or PostgreSQL's integer, would refuse them with a traceback instead.
    """
    match = DURATION.match(text.strip())
    if not match or not (match["hours"] or match["minutes"]):
        raise ValueError(f"{text!r} is not a length like 56 mins or 1 hr and 13 mins")
    seconds = int(match["hours"] or 0) * 3600 + int(match["minutes"] or 0) * 60
    if seconds == 0:
        raise ValueError(f"{text!r} is zero: an episode lasts at least a minute")
    if seconds > LONGEST_DURATION_SECONDS:
        raise ValueError(
            f"{text!r} is longer than an episode can be "
            f"(at most {LONGEST_DURATION_SECONDS // 3600:,} hrs)"
        )
    return seconds


def parse_date(text):
    """00:00 UTC on the page's date: "May 10 2026" (or "May 10, 2026", "September 2 2026")."""
    cleaned = text.strip().replace(",", "")
    for pattern in ("%b %d %Y", "%B %d %Y"):
        try:
            return datetime.strptime(cleaned, pattern).replace(tzinfo=UTC)
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date like May 10 2026")


def _split_summary(text, byline):
    """(summary, copyright, category) from "...Systems.2025 <by-line> Science"."""
    match = re.match(
        rf"^(?P<summary>.*?)(?P<copyright>\d{{4}} {re.escape(byline)})\s*(?P<category>.*)$", text
    )
    if not match:
        return text, "", ""
    return match["summary"].strip(), match["copyright"], match["category"].strip()


class _Reader:
    """A line-by-line state machine; each state is the method that reads the next line."""

    def __init__(self):
        self.page = ShowPage()
        self.previous = ""
        self.previous_number = 0
        self.byline = ""
        self.episode = None
        self.block = []  # lines of the timeline or music block being read
        self.timeline = None  # (text, first line number) of the episode's timeline block
        self.episodes_by_slug = {}
        self.state = self.header

    def read(self, text):
        lines = text.splitlines()
        for number, raw in enumerate(lines, start=1):
            self.state(number, raw, raw.strip())
        if self.episode is not None:
            raise ShowNotesError(
                self.episode.line_number, self.episode.title, "this episode has no length line"
            )
        if not self.page.hosts:
            raise ShowNotesError(1, lines[0] if lines else "", "no 'By:' line naming the hosts")
        if not self.page.episodes:
            raise ShowNotesError(len(lines), "", "no episodes found after an 'Episodes' line")
        return self.page

    def header(self, number, raw, line):
        if line.startswith("By:"):
            if not self.previous:
                raise ShowNotesError(number, line, "no show title above the 'By:' line")
            self.page.title = self.previous
            check_length(self.page.title, Show, "title", self.previous_number, self.previous)
            check_slug(self.page.title, Show, self.previous_number, self.previous)
            self.byline = line.removeprefix("By:").strip()
            self.page.hosts = [name.strip() for name in re.split(r"\s*(?:&|,)\s*", self.byline)]
            for name in self.page.hosts:
                check_length(name, Host, "name", number, line)
                check_slug(name, Host, number, line)
        elif line == "Summary":
            self.state = self.summary
        elif line == "Episodes":
            self.state = self.between_episodes
        elif line:
            self.previous, self.previous_number = line, number

    def summary(self, number, raw, line):
        if line:
            self.page.summary, self.page.copyright, self.page.category = _split_summary(
                line, self.byline
            )
            check_length(self.page.copyright, Show, "copyright", number, line)
            check_length(self.page.category, Show, "category", number, line)
            self.state = self.header

    def between_episodes(self, number, raw, line):
        match = EPISODE_TITLE.match(raw)
        if match:
            title = match["title"].strip()
            self.episode = PageEpisode(
                line_number=number, title=title, guests=parse_guests(title, number)
            )
            check_length(title, Episode, "title", number, line)
            check_slug(self.episode.topic, Episode, number, line)
            for guest in self.episode.guests:
                check_length(guest.name, Guest, "name", number, line)
                check_length(guest.affiliation, Guest, "affiliation", number, line)
                check_slug(guest.name, Guest, number, line)
            # The importer finds episodes by slug: a second episode with the same one would
            # overwrite the first, and every run would flip the row between the two.
            first = self.episodes_by_slug.setdefault(self.episode.slug, self.episode)
            if first is not self.episode:
                raise ShowNotesError(
                    number,
                    line,
                    f"this title gives the same slug {self.episode.slug!r} as the episode on "
                    f"line {first.line_number} ({first.title})",
                )
            self.state = self.date

    def date(self, number, raw, line):
        if not line:
            return
        try:
            self.episode.published_at = parse_date(line)
        except ValueError as error:
            raise ShowNotesError(number, line, str(error)) from None
        self.episode.paragraphs = [[]]
        self.state = self.description

    def _section_change(self, number, raw, line):
        """Moves to the next part of an episode on its heading line; True if it did."""
        if EPISODE_TITLE.match(raw):
            raise ShowNotesError(
                self.episode.line_number,
                self.episode.title,
                "this episode has no length line before the next episode",
            )
        if line == "Timeline":
            self._finish_block()
            self.block_kind, self.block_start, self.block = "timeline", number + 1, []
            self.state = self.block_line
            return True
        if line in ("Music:", "Music"):
            self._finish_block()
            self.block_kind, self.block_start, self.block = "music", number + 1, []
            self.state = self.block_line
            return True
        if line.startswith("About:"):
            self._finish_block()
            self.page.about = line.removeprefix("About:").strip()
            self.state = self.length
            return True
        return False

    def description(self, number, raw, line):
        if self._section_change(number, raw, line):
            return
        if line:
            self.episode.paragraphs[-1].append(line)
        elif self.episode.paragraphs[-1]:
            self.episode.paragraphs.append([])

    def block_line(self, number, raw, line):
        if not self._section_change(number, raw, line):
            self.block.append(raw)

    def _finish_block(self):
        """Reads the timeline or music block that just ended, with its real line numbers."""
        if not self.block:
            return
        text = "\n".join(self.block)
        if self.block_kind == "timeline":
            # Read once the length is known, so a start past the end is caught too.
            self.timeline = (text, self.block_start)
        else:
            # parse_credits refuses values longer than their columns, with their line.
            self.episode.credits = parse_credits(text, first_line=self.block_start)
        self.block = []

    def length(self, number, raw, line):
        if not line or line in PAGE_FURNITURE:
            return
        try:
            self.episode.duration_seconds = parse_duration(line)
        except ValueError as error:
            raise ShowNotesError(number, line, str(error)) from None
        if self.timeline:
            text, first_line = self.timeline
            self.episode.chapters = parse_timeline(
                text, duration_seconds=self.episode.duration_seconds, first_line=first_line
            )
            self.timeline = None
        self.page.episodes.append(self.episode)
        self.episode = None
        self.state = self.between_episodes


def parse_show_page(text):
    """The show, its hosts and episodes from the page's text; ShowNotesError if unreadable."""
    return _Reader().read(text)
