"""Timestamps inside an episode: seconds in the database, "12:34" or "1:02:00" on the page."""

import re

# One pattern for every timestamp the site reads; episodes/shownotes.py finds timestamps
# inside lines of show notes with it, so both agree on what a timestamp is.
TIMESTAMP_PATTERN = r"(?:(?P<h>\d+):)?(?P<m>\d{1,2}):(?P<s>\d{2})(?:\.(?P<ms>\d{1,3}))?"
TIMESTAMP = re.compile(rf"^{TIMESTAMP_PATTERN}$")


def parse_timestamp(text):
    """Whole seconds from "MM:SS", "H:MM:SS" or mp4chaps' "HH:MM:SS.mmm".

    A fraction of a second is dropped ("00:00:12.900" is 12): entries start on whole
    seconds. ValueError for anything else ("12:75", "abc").
    """
    match = TIMESTAMP.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a timestamp like 12:34 or 1:02:00")
    hours, minutes, seconds = (int(match[g] or 0) for g in ("h", "m", "s"))
    if seconds >= 60 or (match["h"] is not None and minutes >= 60):
        raise ValueError(f"{text!r} has more than 59 minutes or seconds")
    return hours * 3600 + minutes * 60 + seconds


def format_timestamp(seconds):
    """ "12:34" under an hour, "1:02:00" from an hour on: the form the show notes use."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"


def format_hms(seconds):
    """Always "HH:MM:SS", as podcast apps read chapters from descriptions."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}"


def iso_duration(seconds):
    """ISO 8601 duration for <time datetime> and JSON-LD: 1332 -> "PT22M12S"."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    parts = [
        f"{hours}H" if hours else "",
        f"{minutes}M" if minutes else "",
        f"{secs}S" if secs else "",
    ]
    return "PT" + ("".join(parts) or "0S")


def format_duration(seconds):
    """For listings: "25 sec" under a minute (a trailer is not "0 min"), otherwise to the
    nearest minute, halves up: "3 min" for 150 s, "56 min", "1 h 13 min"."""
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds} sec"
    minutes = (seconds + 30) // 60  # round() takes halves to even: 150 s was "2 min"
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return f"{hours} h {minutes} min"
    if hours:
        return f"{hours} h"
    return f"{minutes} min"
