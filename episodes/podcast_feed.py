"""RSS 2.0 with the elements podcast apps read: iTunes, Podcasting 2.0 and Podlove chapters.

Django's Rss201rev2Feed writes the plain RSS; this subclass adds the namespaced elements
from values the Feed class passes through ``feed_extra_kwargs`` / ``item_extra_kwargs``.
"""

import io
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.xmlutils import SimplerXMLGenerator

from episodes.text import without_control_characters

ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST_NS = "https://podcastindex.org/namespace/1.0"
PSC_NS = "http://podlove.org/simple-chapters"
ATOM_NS = "http://www.w3.org/2005/Atom"

# The namespace the Podcasting 2.0 spec fixes for podcast:guid.
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")


def podcast_guid(feed_url):
    """podcast:guid as the spec defines it: UUIDv5 of the feed URL without scheme or
    trailing slashes, so "https://example.org/feed/" -> uuid5(NS, "example.org/feed")."""
    parts = urlsplit(feed_url)
    bare = (parts.netloc + parts.path).rstrip("/")
    if parts.query:
        bare += "?" + parts.query
    return uuid.uuid5(PODCAST_GUID_NAMESPACE, bare)


@dataclass(frozen=True)
class FeedPerson:
    """A podcast:person: who (name), what they do (role: host, guest) and their page."""

    name: str
    role: str
    href: str


class ControlFreeXMLGenerator(SimplerXMLGenerator):
    """Writes text without control characters, where Django's writer raises an error: one
    vertical tab pasted from Word into one episode's notes took every feed down."""

    def characters(self, content):
        super().characters(without_control_characters(content) if content else content)

    def startElement(self, name, attrs):
        attrs = {
            key: without_control_characters(value) if isinstance(value, str) else value
            for key, value in attrs.items()
        }
        super().startElement(name, attrs)


class PodcastFeedGenerator(Rss201rev2Feed):
    def write(self, outfile, encoding):
        """Rss201rev2Feed.write, with the writer above, into memory first: the XML writer
        sends every tag and attribute on its own, tens of thousands of writes to the
        response for a feed of 300 episodes; the response gets one."""
        buffer = io.StringIO()
        handler = ControlFreeXMLGenerator(buffer, encoding, short_empty_elements=True)
        handler.startDocument()
        handler.startElement("rss", self.rss_attributes())
        handler.startElement("channel", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        self.endChannelElement(handler)
        handler.endElement("rss")
        outfile.write(buffer.getvalue())

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:itunes": ITUNES_NS,
            "xmlns:podcast": PODCAST_NS,
            "xmlns:psc": PSC_NS,
            "xmlns:atom": ATOM_NS,
        }

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        feed = self.feed
        handler.addQuickElement("itunes:author", feed["itunes_author"])
        handler.addQuickElement("itunes:image", None, {"href": feed["image_url"]})
        if feed["owner_email"]:
            handler.startElement("itunes:owner", {})
            handler.addQuickElement("itunes:name", feed["itunes_author"])
            handler.addQuickElement("itunes:email", feed["owner_email"])
            handler.endElement("itunes:owner")
        handler.addQuickElement("itunes:category", None, {"text": feed["itunes_category"]})
        handler.addQuickElement("itunes:explicit", "true" if feed["explicit"] else "false")
        handler.addQuickElement("itunes:type", "episodic")
        handler.startElement("image", {})
        handler.addQuickElement("url", feed["image_url"])
        handler.addQuickElement("title", feed["title"])
        handler.addQuickElement("link", feed["link"])
        handler.endElement("image")
        handler.addQuickElement("podcast:guid", str(feed["podcast_guid"]))
        handler.addQuickElement("podcast:locked", "yes" if feed["locked"] else "no")
        for person in feed["persons"]:
            self.add_person(handler, person)

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("itunes:duration", str(item["duration_seconds"]))
        handler.addQuickElement("itunes:episodeType", "full")
        # Item-level persons replace the channel's, so the hosts come again here.
        for person in item["persons"]:
            self.add_person(handler, person)
        if item["chapters"]:
            handler.addQuickElement(
                "podcast:chapters",
                None,
                {"url": item["chapters_url"], "type": item["chapters_type"]},
            )
            handler.startElement("psc:chapters", {"version": "1.2"})
            for start, title in item["chapters"]:
                handler.addQuickElement("psc:chapter", None, {"start": start, "title": title})
            handler.endElement("psc:chapters")

    @staticmethod
    def add_person(handler, person):
        handler.addQuickElement(
            "podcast:person", person.name, {"role": person.role, "href": person.href}
        )
