"""Reading show notes written as text: timelines and music credits.

This is the one parser for show-notes text. The admin's paste-in fields, the
``import_show_page`` command and the tests all go through it, so an editor's pasted
timeline and the show page are read by the same rules.

Timeline rules (``parse_timeline``)
-----------------------------------
- Blank lines are skipped, and so is a heading line: "Timeline", "Chapters" (a colon
  after it is allowed).
- A bullet at the start of a line ("•", "-", "*", "·") is ignored.
- A line starts with a timestamp, optionally in parentheses, then the title. Between
  them comes a dash ("—", "–" or "-") or just spaces. These are all read:

      00:12 — Intro and welcoming Jesse
      • (00:12) Intros
      1:02:00 — A human element to mathematics
      01:02:00 A human element to mathematics        (HH:MM:SS Title)
      00:00:12.000 Intro                             (mp4chaps; the fraction is dropped)

- Timestamps are "MM:SS", "H:MM:SS" or "HH:MM:SS", with an optional fraction of a
  second; episodes.timeline.parse_timestamp reads them (minutes and seconds 00-59).
- Two or more entries may share a line, as on the show page: "15:26 — ProofBridge ...
  subfields 18:07 — Does math ...". A new entry starts inside a title only where a
  timestamp is followed by a dash ("18:07 — ") or a timestamp in parentheses is
  followed by a space ("(18:07) "), so a title may still mention "at 10:30".
- Starts must be strictly increasing (no two entries at the same moment), and inside
  the episode when its length is given.
- A title is at most 300 characters.

Music credit rules (``parse_credits``)
--------------------------------------
- Blank lines, bullets and a heading ("Music", "Credits") are skipped as above.
- A credit reads ``"Title" - Artist - via Source - Licence``, with straight or curly
  quotes, any of the three dashes between the parts, the "via Source" part optional
  and a full stop at the end allowed::

      • "Kid Kodi" - Blue Dot Sessions - via Free Music Archive - CC BY-NC 4.0.

- The licence is a Creative Commons one: CC BY, CC BY-SA, CC BY-NC, CC BY-NC-SA,
  CC BY-ND or CC BY-NC-ND with a version (1.0, 2.0, 2.5, 3.0, 4.0), or CC0 (1.0 when
  no version is given). Its deed URL is filled in from the name (``licence_url``).
- A line ``Changes: trimmed`` records what was changed, for every credit above it
  that does not already say.
- The title, artist, source and changes are at most 200 characters each (the lengths
  of MusicCredit's columns).

Any other line is an error: ``ShowNotesError`` names its line number and text, and
nothing of the text is returned.
"""

import re
from dataclasses import dataclass, replace

from episodes.models import MusicCredit
from episodes.timeline import TIMESTAMP_PATTERN, format_timestamp, parse_timestamp

TITLE_MAX_LENGTH = 300

DASH = r"[—–-]"
BULLET = re.compile(r"^[•*·▪‣-]\s+")
HEADING = re.compile(r"^(?:timeline|chapters|music|credits)\s*:?$", re.IGNORECASE)

# A timestamp, in parentheses or not, then a dash or spaces, then the title.
ENTRY = re.compile(
    rf"^(?P<open>\()?(?P<ts>{TIMESTAMP_PATTERN})(?(open)\))(?:\s*{DASH}\s*|\s+)(?P<title>\S.*)$"
)
# Where a second entry starts inside a title: "... subfields 18:07 — Does math".
NEXT_ENTRY = re.compile(rf"\s+(?P<open>\()?{TIMESTAMP_PATTERN}(?(open)\)\s|\s*{DASH}(?:\s|$))")

QUOTE = '["“”]'
CREDIT = re.compile(
    rf"^{QUOTE}(?P<title>[^\"“”]+){QUOTE}\s*{DASH}\s+(?P<artist>.+?)"
    rf"(?:\s+{DASH}\s+via\s+(?P<source>.+?))?\s+{DASH}\s+(?P<licence>(?i:CC).*?)\.?$"
)
CHANGES = re.compile(r"^Changes:\s*(?P<changes>.+?)\.?$", re.IGNORECASE)
LICENCE = re.compile(
    r"^CC\s*(?:(?P<zero>0)(?:\s+(?P<zero_version>1\.0))?"
    r"|\s(?P<kind>BY(?:-NC)?(?:-SA|-ND)?)\s+(?P<version>1\.0|2\.0|2\.5|3\.0|4\.0))$",
    re.IGNORECASE,
)


class ShowNotesError(ValueError):
    """A line that cannot be read: ``str()`` gives 'Line 7: why: "the line"'."""

    def __init__(self, line_number, line, reason):
        self.line_number = line_number
        self.line = line
        self.reason = reason
        super().__init__(f'Line {line_number}: {reason}: "{line}"')


@dataclass(frozen=True)
class Chapter:
    start_seconds: int
    title: str


@dataclass(frozen=True)
class Credit:
    title: str
    artist: str
    source: str
    licence_name: str
    licence_url: str
    changes: str = ""


def _content_lines(text, first_line):
    """(line number, text without bullet) for every line that is not blank or a heading."""
    for number, raw in enumerate(text.splitlines(), start=first_line):
        line = BULLET.sub("", raw.strip())
        if line and not HEADING.match(line):
            yield number, raw.strip(), line


def _entries_on_line(line):
    """(start, title) pairs of one line, which may hold several entries.

    A loop, not recursion: a line can hold a thousand entries (a timeline pasted with its
    line breaks lost), more than Python's recursion limit.
    """
    entries = []
    while True:
        match = ENTRY.match(line)
        if not match:
            raise ValueError("expected a timestamp and a title, like 12:34 — Title")
        start = parse_timestamp(match["ts"])
        title = match["title"]
        if not title.strip("—–- "):
            raise ValueError(f"no title after {match['ts']}")
        following = NEXT_ENTRY.search(title)
        if following is None:
            entries.append((start, title.strip()))
            return entries
        entries.append((start, title[: following.start()].strip()))
        line = title[following.start() :].strip()


def parse_timeline(text, *, duration_seconds=None, first_line=1):
    """The chapters of a pasted timeline, in order; ShowNotesError on the first bad line.

    ``first_line`` is the number of the text's first line in a longer document, so
    errors point at the right line of a whole show page.
    """
    chapters = []
    for number, raw, line in _content_lines(text, first_line):
        try:
            entries = _entries_on_line(line)
        except ValueError as error:
            raise ShowNotesError(number, raw, str(error).rstrip(".")) from None
        for start, title in entries:
            if len(title) > TITLE_MAX_LENGTH:
                raise ShowNotesError(number, raw, f"a title is longer than {TITLE_MAX_LENGTH}")
            if chapters and start <= chapters[-1].start_seconds:
                previous = format_timestamp(chapters[-1].start_seconds)
                raise ShowNotesError(
                    number,
                    raw,
                    f"{format_timestamp(start)} does not come after the entry before it "
                    f"({previous}); starts must increase",
                )
            if duration_seconds is not None and start >= duration_seconds:
                raise ShowNotesError(
                    number,
                    raw,
                    f"{format_timestamp(start)} is after the episode ends "
                    f"({format_timestamp(duration_seconds)})",
                )
            chapters.append(Chapter(start, title))
    return chapters


def licence_url(name):
    """The deed of a Creative Commons licence: "CC BY-NC 4.0" -> .../licenses/by-nc/4.0/.

    ValueError for a name that is not one of the licences listed in the module docstring.
    """
    match = LICENCE.match(name.strip())
    if not match:
        raise ValueError(
            f"unknown licence {name!r}; expected CC BY, CC BY-SA, CC BY-NC, CC BY-NC-SA, "
            "CC BY-ND or CC BY-NC-ND with a version such as 4.0, or CC0"
        )
    if match["zero"]:
        return f"https://creativecommons.org/publicdomain/zero/{match['zero_version'] or '1.0'}/"
    return f"https://creativecommons.org/licenses/{match['kind'].lower()}/{match['version']}/"


def normalise_licence_name(name):
    """ "cc by-nc 4.0" -> "CC BY-NC 4.0", the way credits are written on the site."""
    match = LICENCE.match(name.strip())
    if match["zero"]:
        return f"CC0 {match['zero_version'] or '1.0'}"
    return f"CC {match['kind'].upper()} {match['version']}"


def parse_credits(text, *, first_line=1):
    """The music credits of a pasted list, in order; ShowNotesError on the first bad line."""
    credits = []
    for number, raw, line in _content_lines(text, first_line):
        changes = CHANGES.match(line)
        if changes:
            if not credits:
                raise ShowNotesError(number, raw, "a Changes line needs a credit above it")
            text = changes["changes"].strip()
            _check_length(number, raw, "changes", text)
            credits = [
                credit if credit.changes else replace(credit, changes=text) for credit in credits
            ]
            continue
        match = CREDIT.match(line)
        if not match:
            raise ShowNotesError(
                number, raw, 'expected a credit like "Title" - Artist - via Source - CC BY 4.0'
            )
        try:
            url = licence_url(match["licence"])
        except ValueError as error:
            raise ShowNotesError(number, raw, str(error)) from None
        credit = Credit(
            title=match["title"].strip(),
            artist=match["artist"].strip(),
            source=(match["source"] or "").strip(),
            licence_name=normalise_licence_name(match["licence"]),
            licence_url=url,
        )
        for field in ("title", "artist", "source"):
            _check_length(number, raw, field, getattr(credit, field))
        credits.append(credit)
    return credits


def _check_length(number, raw, field, text):
    """ShowNotesError if ``text`` would not fit in MusicCredit's ``field`` column.

    SQLite would store it anyway; PostgreSQL refuses it, and the save ends in an error.
    """
    limit = MusicCredit._meta.get_field(field).max_length
    if len(text) > limit:
        raise ShowNotesError(number, raw, f"{field} longer than {limit} characters")
