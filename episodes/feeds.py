"""The podcast feeds: the whole show at /feed/, and one per topic and per guest.

Each feed is a Channel (which show, which episodes, its title and addresses); the Feed
classes only say how a Channel and its episodes become RSS. Every URL in a feed is
absolute on settings.SITE_URL, and only ``Episode.objects.published()`` appears.
"""

import html
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Enclosure

from episodes.chapters import JSON_CHAPTERS_CONTENT_TYPE, hms_chapters
from episodes.context_processors import current_show
from episodes.item_dates import without_item_date
from episodes.links import absolute_static, absolute_url
from episodes.models import Episode, Guest, Show, Topic
from episodes.podcast_feed import FeedPerson, PodcastFeedGenerator, podcast_guid
from episodes.text import without_control_characters


@dataclass(frozen=True)
class Channel:
    show: Show
    title: str
    description: str
    page_path: str
    feed_path: str
    episodes: QuerySet
    # The show's own feed may pin its podcast:guid (settings.PODCAST_GUID) so that it
    # survives a move to another address; the others derive it from their URL.
    pinned_guid: str = ""

    @property
    def feed_url(self):
        return absolute_url(self.feed_path)

    @property
    def guid(self):
        return self.pinned_guid or str(podcast_guid(self.feed_url))


def host_persons(show):
    return [
        FeedPerson(host.name, "host", absolute_url(host.get_absolute_url()))
        for host in show.hosts.all()
    ]


def guest_persons(episode):
    return [
        FeedPerson(guest.name, "guest", absolute_url(guest.get_absolute_url()))
        for guest in episode.guests.all()
    ]


def credit_line(credit):
    """As the page credits it, in plain text: CC licences ask for credit where the audio goes."""
    source = f", via {credit.source}" if credit.source else ""
    changes = f"; changes: {credit.changes}" if credit.changes else ""
    return (
        f"“{credit.title}” by {credit.artist}{source}, licensed under "
        f"{credit.licence_name} ({credit.licence_url}){changes}."
    )


def item_description(episode):
    """The show notes, the music credits and the show's About line, as the show page has
    them, then the timeline as ``HH:MM:SS Title`` lines: the form Apple Podcasts and
    Spotify turn into chapters, so it comes last."""
    parts = list(episode.paragraphs)
    credits = [credit_line(credit) for credit in episode.music_credits.all()]
    if credits:
        parts.append("Music:\n" + "\n".join(credits))
    if episode.show.about:  # as the show page closes every episode's notes
        parts.append(f"About: {episode.show.about}")
    chapters = hms_chapters(episode)
    if chapters:
        parts.append("Timeline\n" + "\n".join(f"{start} {title}" for start, title in chapters))
    return "\n\n".join(parts)


def as_html(text):
    """Plain text as the HTML podcast apps read a description as: a paragraph per block
    of lines, a line break per line, the text escaped. Left plain, apps that read HTML
    ran every line together (the timeline became one line) and apps that read text
    showed the escaping ("Q&amp;A")."""
    text = without_control_characters(text)  # Word's line break is a line break here too
    blocks = [block for block in re.split(r"\n\s*\n", text.strip()) if block.strip()]
    lines = [[html.escape(line, quote=False) for line in block.split("\n")] for block in blocks]
    return "".join(f"<p>{'<br>'.join(block)}</p>" for block in lines)


def angle_brackets_escaped(text):
    """A channel's description, one paragraph of plain text: "<" and ">" escaped, so an
    app that reads it as HTML shows "<think>" rather than dropping it as a tag. "&" is
    left to the XML writer, which escapes it once: escaped here too, gPodder
    (podcastparser), which shows a channel's description as text, read "Q&amp;A"."""
    return text.replace("<", "&lt;").replace(">", "&gt;")


def site_show():
    """The site's show with its hosts, from the cache the pages share."""
    show = current_show()
    if show is None:
        raise Http404("No show yet.")
    return show


class ShowFeed(Feed):
    """Every published episode of the site's show."""

    feed_type = PodcastFeedGenerator

    def get_object(self, request):
        show = site_show()
        return Channel(
            show=show,
            title=show.title,
            description=show.summary,
            page_path=reverse("episodes:list"),
            feed_path=reverse("episodes:feed"),
            episodes=Episode.objects.published().filter(show=show),
            pinned_guid=settings.PODCAST_GUID,
        )

    def get_feed(self, channel, request):
        feed = super().get_feed(channel, request)
        # Feed takes the language from the request; a podcast's is the show's own.
        feed.feed["language"] = channel.show.language
        return feed

    def __call__(self, request, *args, **kwargs):
        response = without_item_date(super().__call__(request, *args, **kwargs))
        # Web players fetch feeds from their own origin; the feed is public anyway.
        response["Access-Control-Allow-Origin"] = "*"
        return response

    def title(self, channel):
        return channel.title

    def description(self, channel):
        return angle_brackets_escaped(channel.description)

    def link(self, channel):
        return absolute_url(channel.page_path)

    def feed_url(self, channel):
        return channel.feed_url

    def feed_copyright(self, channel):
        return channel.show.copyright or None

    def feed_extra_kwargs(self, channel):
        show = channel.show
        return {
            "itunes_author": " & ".join(host.name for host in show.hosts.all()) or show.title,
            "image_url": absolute_static(show.podcast_art),
            "owner_email": show.owner_email,
            "itunes_category": show.category,
            "explicit": False,
            "podcast_guid": channel.guid,
            "locked": settings.PODCAST_LOCKED,
            "persons": host_persons(show),
        }

    def items(self, channel):
        # The newest FEED_MAX_EPISODES: a feed of a 100,000-episode catalogue would weigh
        # hundreds of megabytes and take minutes to build.
        episodes = list(
            channel.episodes.prefetch_related("guests", "topics", "timeline", "music_credits")[
                : settings.FEED_MAX_EPISODES
            ]
        )
        hosts = host_persons(channel.show)
        for episode in episodes:
            episode.show = channel.show  # every item is the channel's; its hosts are loaded
            episode.host_persons = hosts  # the same for every item: built once
        return episodes

    def item_title(self, episode):
        # The XML writer escapes once; Feed's default would escape twice ("&amp;amp;").
        return episode.title

    def item_description(self, episode):
        # "<think>" in the notes is shown, not taken for a tag and dropped.
        return as_html(item_description(episode))

    def item_link(self, episode):
        return absolute_url(episode.get_absolute_url())

    def item_guid(self, episode):
        return str(episode.guid)

    item_guid_is_permalink = False

    def item_pubdate(self, episode):
        return episode.published_at

    def item_updateddate(self, episode):
        return episode.updated_at

    def item_categories(self, episode):
        return [topic.name for topic in episode.topics.all()]

    def item_enclosures(self, episode):
        if not episode.has_audio:
            return []
        return [
            Enclosure(
                url=episode.audio_url,
                length=str(episode.audio_length_bytes),
                mime_type=episode.audio_mime_type,
            )
        ]

    def item_extra_kwargs(self, episode):
        return {
            "duration_seconds": episode.duration_seconds,
            # Item-level persons replace the channel's, so the hosts come again.
            "persons": episode.host_persons + guest_persons(episode),
            "chapters": hms_chapters(episode),
            "chapters_url": absolute_url(
                reverse(
                    "episodes:chapters", kwargs={"show": episode.show.slug, "slug": episode.slug}
                )
            ),
            "chapters_type": JSON_CHAPTERS_CONTENT_TYPE,
        }


def subset_channel(show, subject, feed_name, title, description, **episode_filter):
    """The channel of a topic's or a guest's feed: the show's published episodes that match."""
    return Channel(
        show=show,
        title=title,
        description=description,
        page_path=subject.get_absolute_url(),
        feed_path=reverse(feed_name, kwargs={"slug": subject.slug}),
        episodes=Episode.objects.published().filter(show=show, **episode_filter),
    )


class TopicFeed(ShowFeed):
    """The show's published episodes on one topic."""

    def get_object(self, request, slug):
        topic = get_object_or_404(Topic.objects.public(), slug=slug)
        show = site_show()
        return subset_channel(
            show,
            topic,
            "episodes:topic-feed",
            title=f"{show.title}: {topic.name}",
            description=topic.description or f"Episodes of {show.title} about {topic.name}.",
            topics=topic,
        )


class GuestFeed(ShowFeed):
    """The show's published episodes with one guest."""

    def get_object(self, request, slug):
        guest = get_object_or_404(Guest.objects.public(), slug=slug)
        show = site_show()
        return subset_channel(
            show,
            guest,
            "episodes:guest-feed",
            title=f"{show.title}: episodes with {guest.name}",
            description=f"Episodes of {show.title} with {guest.name}.",
            guests=guest,
        )
