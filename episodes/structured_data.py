"""schema.org JSON-LD for search engines: the show, its episodes and the people in them.

Each function returns a plain dict from objects the view already fetched (hosts and
guests prefetched), so building it costs no query; ``{{ data|json_ld }}`` writes it out.
"""

from django.urls import reverse

from episodes.context_processors import current_show
from episodes.links import absolute_static, absolute_url
from episodes.timeline import iso_duration

CONTEXT = "https://schema.org"


def host_person(host):
    data = {"@type": "Person", "name": host.name, "url": absolute_url(host.get_absolute_url())}
    if host.website:
        data["sameAs"] = host.website
    return data


def guest_person(guest):
    data = {"@type": "Person", "name": guest.name, "url": absolute_url(guest.get_absolute_url())}
    if guest.affiliation:
        data["affiliation"] = {"@type": "Organization", "name": guest.affiliation}
    if guest.website:
        data["sameAs"] = guest.website
    return data


def series_reference(show):
    """The show as an episode's partOfSeries: enough to identify it. The home page and
    /feed/ are the site's show's alone: another show's episode names neither."""
    reference = {"@type": "PodcastSeries", "name": show.title}
    site_show = current_show()  # cached: the pages' context already asked for it
    if site_show is not None and site_show.pk == show.pk:
        reference["url"] = absolute_url(reverse("episodes:list"))
        reference["webFeed"] = absolute_url(reverse("episodes:feed"))
    return reference


def podcast_series(show):
    """For the home and about pages."""
    return {
        "@context": CONTEXT,
        **series_reference(show),
        "description": show.summary,
        "image": absolute_static(show.podcast_art),
        "inLanguage": show.language,
        "author": [host_person(host) for host in show.hosts.all()],
    }


def podcast_episode(episode):
    """For an episode page; the hosts are its authors, the guests appear in it."""
    data = {
        "@context": CONTEXT,
        "@type": "PodcastEpisode",
        "name": episode.title,
        "url": absolute_url(episode.get_absolute_url()),
        "description": episode.summary,
        "datePublished": episode.published_at.date().isoformat(),
        "duration": iso_duration(episode.duration_seconds),
        "partOfSeries": series_reference(episode.show),
        "author": [host_person(host) for host in episode.show.hosts.all()],
        "actor": [guest_person(guest) for guest in episode.guests.all()],
    }
    if episode.has_audio:
        data["associatedMedia"] = {
            "@type": "MediaObject",
            "contentUrl": episode.audio_url,
            "encodingFormat": episode.audio_mime_type,
        }
    return data


def person(guest):
    """For a guest's page."""
    data = {"@context": CONTEXT, **guest_person(guest)}
    if guest.bio:
        data["description"] = guest.bio
    return data
