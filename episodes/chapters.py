"""An episode's timeline in the forms podcast apps read.

One timeline (``episode.timeline``) feeds the episode page, the JSON chapters file, the
feed's inline Podlove chapters and the ``HH:MM:SS Title`` lines that close each feed
description (episodes.feeds.item_description). Callers prefetch ``timeline`` so none of
these costs a query per entry.
"""

from episodes.links import absolute_url
from episodes.timeline import format_hms

# https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/examples/chapters/jsonChapters.md
JSON_CHAPTERS_VERSION = "1.2.0"
JSON_CHAPTERS_CONTENT_TYPE = "application/json+chapters"


def playable_timeline(episode):
    """The timeline's moments that start inside the episode. Podcast apps seek to a
    chapter in the audio, and one at or past its end (old data the admin never checked)
    cannot be reached; the chapter map leaves those out too (episodes.chapter_map)."""
    duration = episode.duration_seconds
    return [
        entry for entry in episode.timeline.all() if not duration or entry.start_seconds < duration
    ]


def json_chapters(episode):
    """The Podcasting 2.0 JSON Chapters document: each chapter links to its moment on the site."""
    return {
        "version": JSON_CHAPTERS_VERSION,
        "title": episode.title,
        "podcastName": episode.show.title,
        "chapters": [
            {
                "startTime": entry.start_seconds,
                "title": entry.title,
                "url": absolute_url(entry.get_absolute_url()),
            }
            for entry in playable_timeline(episode)
        ],
    }


def hms_chapters(episode):
    """[("00:00:12", "Intro"), ...]: Podlove Simple Chapters and description lines use these."""
    return [(format_hms(entry.start_seconds), entry.title) for entry in playable_timeline(episode)]
