"""Timestamps inside an episode: seconds in the database, "12:34" or "1:02:00" on the page."""

import re

TIMESTAMP = re.compile(r"^(?:(?P<h>\d+):)?(?P<m>\d{1,2}):(?P<s>\d{2})$")


def parse_timestamp(text):
    """Seconds from "MM:SS" or "H:MM:SS"; ValueError for anything else ("12:75", "abc")."""
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
    """Rounded to minutes for listings: "56 min", "1 h 13 min"."""
    minutes = round(int(seconds) / 60)
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return f"{hours} h {minutes} min"
    if hours:
        return f"{hours} h"
    return f"{minutes} min"
