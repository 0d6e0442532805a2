"""The chapter map draws each moment to scale along the episode, as links to the moments."""

import re

import pytest

from episodes.chapter_map import GAP, WIDTH, segments
from tests.factories import EpisodeFactory, TimelineEntryFactory
from tests.public_pages import PUBLIC_PAGES


class Moment:
    def __init__(self, start_seconds):
        self.start_seconds = start_seconds


def test_each_segment_runs_from_its_moment_to_the_next_and_the_last_to_the_end():
    drawn = segments([Moment(0), Moment(600), Moment(2400)], duration_seconds=3600)
    expected = [(0, WIDTH / 6, 600), (WIDTH / 6, WIDTH / 2, 2400), (WIDTH * 2 / 3, WIDTH / 3, 3600)]
    for segment, (x, width, end) in zip(drawn, expected, strict=True):
        assert segment.x == pytest.approx(x, abs=0.01)
        assert segment.width + GAP == pytest.approx(width, abs=0.01)
        assert segment.end_seconds == end
    assert [s.tone for s in drawn] == ["a", "b", "a"]


def test_moments_past_the_end_are_left_off_the_map_and_tiny_ones_stay_visible():
    drawn = segments([Moment(0), Moment(1), Moment(4000)], duration_seconds=3600)
    assert [s.moment.start_seconds for s in drawn] == [0, 1]
    assert drawn[0].width >= 1
    assert segments([Moment(4000)], duration_seconds=3600) == []
    assert segments([], duration_seconds=3600) == []


def test_a_moment_a_second_before_the_end_stays_on_the_bar():
    last = segments([Moment(0), Moment(3599)], duration_seconds=3600)[-1]
    assert last.x + last.width <= WIDTH


@pytest.mark.django_db
def test_episode_page_draws_the_map_with_a_link_to_every_moment(client, seed):
    page = client.get(PUBLIC_PAGES["episode"]).content.decode()
    chapter_map = page[page.index('<figure class="chapter-map">') : page.index("</figure>")]
    links = re.findall(r'<a href="#(t=\d+)"', chapter_map)
    moments = re.findall(r'<li id="(t=\d+)"', page)
    assert links == moments and len(links) == 16
    # 22:12 to 26:12 of 56:00 is drawn from 39.64% along the bar, 7.14% wide.
    assert "<title>22:12 Diffusion for world models: simulating reality in real time</title>" in (
        chapter_map
    )
    assert 'x="396.43" y="0" width="69.43"' in chapter_map
    assert "style=" not in chapter_map
    assert "16 moments drawn to scale" in chapter_map


@pytest.mark.django_db
def test_episode_without_a_timeline_has_no_map(client):
    episode = EpisodeFactory()
    assert "chapter-map" not in client.get(episode.get_absolute_url()).content.decode()
    TimelineEntryFactory(episode=episode, start_seconds=0)
    assert "chapter-map" in client.get(episode.get_absolute_url()).content.decode()
