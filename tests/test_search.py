"""Listeners search episodes and the moments inside them, on SQLite and PostgreSQL."""

import datetime
import re
from io import StringIO

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from episodes import search as search_module
from episodes.models import Episode, TimelineEntry
from tests.factories import EpisodeFactory, GuestFactory, TimelineEntryFactory, TopicFactory
from tests.test_admin import episode_form

pytestmark = pytest.mark.django_db

ON_SQLITE = connection.vendor == "sqlite"


def search(client, q, **filters):
    response = client.get(reverse("episodes:list"), {"q": q, **filters})
    assert response.status_code == 200
    return response


def titles(response):
    return [episode.title for episode in response.context["object_list"]]


def heading(response):
    page = response.content.decode()
    return re.search(r'class="result-count">(.*?)</h2>', page, re.DOTALL).group(1).strip()


def snippet(response):
    page = response.content.decode()
    return re.search(r'<p class="[^"]*\bsnippet\b[^"]*">(.*?)</p>', page, re.DOTALL).group(1)


def moment_links(response):
    return re.findall(r'href="([^"]+#t=\d+)"', response.content.decode())


@pytest.mark.parametrize(
    ("q", "field"),
    [
        ("quokka", "the episode's title"),
        ("pangolin", "the episode's description"),
        ("axolotl", "a timeline entry's title"),
        ("Wolpertinger", "a guest's name"),
        ("Narwhal Institute", "a guest's affiliation"),
        ("Capybara", "a topic's name"),
    ],
)
def test_each_field_is_searched(client, q, field):
    guest = GuestFactory(name="Ada Wolpertinger", affiliation="Narwhal Institute")
    topic = TopicFactory(name="Capybara studies")
    episode = EpisodeFactory(
        title="The quokka hypothesis",
        description="We talk about the pangolin problem.\n\nAnd more.",
        guests=[guest],
        topics=[topic],
    )
    TimelineEntryFactory(episode=episode, start_seconds=754, title="An axolotl aside")
    EpisodeFactory(title="Something else entirely")

    assert titles(search(client, q)) == ["The quokka hypothesis"], field


@pytest.mark.parametrize(
    ("title", "q"),
    [
        ("Llama 3.1 in practice", "llama 3.1"),
        ("Llama 3.1 in practice", "3.1"),
        ("What x.ai is building", "x.ai"),
    ],
)
def test_a_version_number_or_a_dotted_name_finds_its_episode(client, title, q):
    """PostgreSQL reads "3.1" as one word; checked against the catalogue as "3" and "1",
    the "1" was corrected to "3.1", and the search ran for "llama 3.3.1"."""
    EpisodeFactory(title=title)
    EpisodeFactory(title="Something else entirely")

    found = search(client, q)
    assert titles(found) == [title]
    assert found.context["search"].corrected is None


def test_a_title_match_ranks_ahead_of_a_description_match(client):
    now = timezone.now()
    EpisodeFactory(
        title="Scaling laws revisited",
        description="Nothing about the topic here.",
        published_at=now - datetime.timedelta(days=30),
    )
    EpisodeFactory(
        title="A newer episode",
        description="Some say scaling laws are over; we disagree.",
        published_at=now - datetime.timedelta(days=1),
    )
    assert titles(search(client, "scaling laws")) == [
        "Scaling laws revisited",
        "A newer episode",
    ]


def test_snippet_highlights_the_matched_words_and_escapes_the_rest(client):
    EpisodeFactory(
        title="Notes",
        description='Why <script>alert("x")</script> matters for transformers & friends.',
    )
    found = search(client, "transformers")
    shown, page = snippet(found), found.content.decode()
    assert "<mark>transformers</mark>" in shown
    assert "&amp; friends" in shown
    assert "<script" not in shown
    assert "<script>" not in page.split("</head>")[1]


def test_a_snippet_shows_with_an_ellipsis_where_it_cuts_the_description(client):
    filler = " ".join(["Background words about something else."] * 20)
    EpisodeFactory(title="Long notes", description=f"{filler} The pangolin is here. {filler}")
    EpisodeFactory(title="Opening notes", description=f"Okapi sightings first. {filler}")
    EpisodeFactory(title="Short notes", description="A short note on the quokka.")

    middle = snippet(search(client, "pangolin"))
    assert middle.startswith("… ") and middle.endswith(" …"), middle
    assert "<mark>pangolin</mark>" in middle
    opening = snippet(search(client, "okapi"))
    assert opening.startswith("<mark>Okapi</mark> sightings") and opening.endswith(" …"), opening
    whole = snippet(search(client, "quokka"))
    assert whole.startswith("A short note") and "…" not in whole, whole


def test_a_short_note_is_shown_whole_without_an_ellipsis(client):
    """ts_headline left out short words at the ends of an excerpt: "It is a" was cut, and
    the note shown with "…" before "kiwi"."""
    EpisodeFactory(title="Short notes", description="It is a kiwi story, told well.")

    shown = snippet(search(client, "kiwi"))
    assert shown == "It is a <mark>kiwi</mark> story, told well.", shown


def test_a_title_is_highlighted_and_escaped(client):
    EpisodeFactory(title="Attention <b>is</b> all you need")
    page = search(client, "attention").content.decode()
    assert "<mark>Attention</mark> &lt;b&gt;is&lt;/b&gt; all you need" in page


def test_world_models_lists_the_moments_of_each_episode_as_links(client, seed):
    response = search(client, "world models")
    first = Episode.objects.get(slug="the-principles-of-diffusion-models")
    third = Episode.objects.get(slug="reasoning-models-and-planning")
    assert set(titles(response)) == {first.title, third.title}
    assert moment_links(response) == [
        f"{first.get_absolute_url()}#t=1332",
        f"{first.get_absolute_url()}#t=1572",
        f"{third.get_absolute_url()}#t=3582",
    ]
    page = response.content.decode()
    assert '<time datetime="PT22M12S">22:12</time>' in page
    assert '<time datetime="PT59M42S">59:42</time>' in page
    assert "Do <mark>world</mark> <mark>models</mark> need to understand language" in page


def test_a_result_names_its_guests_and_topics_as_the_episode_list_does(client):
    """On PostgreSQL they come with the results page's own query, not a prefetch."""
    EpisodeFactory(
        title="Sparse autoencoders",
        guests=[GuestFactory(name="Zoe Zhang", affiliation="Lab Z"), GuestFactory(name="Ada Alba")],
        topics=[TopicFactory(name="Interpretability"), TopicFactory(name="Explainability")],
    )

    def guests_and_topics(response):
        card = re.search(r'<article class="card">.*?</article>', response.content.decode(), re.S)
        return re.findall(r'<ul class="(?:card__guests|tags)".*?</ul>', card.group(0), re.S)

    found = guests_and_topics(search(client, "autoencoders"))
    assert found == guests_and_topics(client.get(reverse("episodes:list")))
    assert re.findall(r">([^<]+)</a>", "".join(found)) == [
        "Ada Alba",
        "Zoe Zhang",
        "Explainability",
        "Interpretability",
    ]
    assert "(Lab Z)" in found[0]


def test_quoted_phrases_and_excluded_words(client, seed):
    response = search(client, '"world models" -diffusion')
    assert titles(response) == [
        "Reasoning Models and Planning - with Rao Kambhampati (Arizona State)"
    ]


def test_or_accepts_either_word(client, seed):
    assert set(titles(search(client, "xai or kambhampati"))) == {
        "Inside xAI, and the Bet on AI Math - with Christian Szegedy (Math Inc)",
        "Reasoning Models and Planning - with Rao Kambhampati (Arizona State)",
    }


def test_partial_words_match_as_prefixes(client, seed):
    response = search(client, "diffus")
    assert titles(response) == ["The Principles of Diffusion Models - with Jesse Lai (Sony AI)"]


@pytest.mark.skipif(ON_SQLITE, reason="FTS5 matches every word as a prefix")
def test_a_whole_word_is_not_also_a_prefix(client):
    EpisodeFactory(title="The art of scaling")
    EpisodeFactory(title="Artificial minds")
    assert titles(search(client, "art")) == ["The art of scaling"]
    assert titles(search(client, "artif")) == ["Artificial minds"]


def test_accents_are_ignored(client):
    EpisodeFactory(title="Schrödinger's café")
    EpisodeFactory(title="Something else")
    assert titles(search(client, "schrodinger cafe")) == ["Schrödinger's café"]


@pytest.mark.skipif(ON_SQLITE, reason="Misspellings are corrected with pg_trgm, PostgreSQL only")
def test_a_misspelling_still_finds_the_episode_and_says_so(client, seed):
    response = search(client, "difusion")
    assert titles(response) == ["The Principles of Diffusion Models - with Jesse Lai (Sony AI)"]
    assert "showing results for\n      <strong>diffusion</strong>" in response.content.decode()


@pytest.mark.skipif(ON_SQLITE, reason="Misspellings are corrected with pg_trgm, PostgreSQL only")
@pytest.mark.parametrize("status", ["draft", "scheduled"])
def test_a_correction_never_names_a_word_only_unpublished_episodes_have(client, seed, status):
    EpisodeFactory(
        title="Zanzibarovich joins the show",
        description="An interview with Zanzibarovich.",
        status=status,
        published_at=timezone.now() + datetime.timedelta(days=7),
    )
    page = search(client, "zanzibarovick").content.decode()
    assert "zanzibarovich" not in page.lower()
    assert "No episodes match" in page


@pytest.mark.skipif(ON_SQLITE, reason="Only PostgreSQL bounds how many matches it ranks")
def test_a_very_common_word_ranks_the_newest_matches_and_says_so(client, monkeypatch):
    monkeypatch.setattr(search_module, "MAX_RANKED", 2)
    old = EpisodeFactory(
        title="Tensor cores", published_at=timezone.now() - datetime.timedelta(days=5000)
    )
    EpisodeFactory.create_batch(2, description="About tensor cores.")
    response = search(client, "tensor")
    assert old.title not in titles(response)
    assert response.context["page_obj"].paginator.count == 2
    assert "the best of the 2 most recent matches" in response.content.decode()
    assert heading(response) == "More than 2 episodes"  # 3 match: "2 episodes" understated it


@pytest.mark.skipif(ON_SQLITE, reason="Only PostgreSQL bounds how many matches it ranks")
def test_when_every_match_is_ranked_the_page_says_no_more(client, monkeypatch):
    monkeypatch.setattr(search_module, "MAX_RANKED", 2)
    EpisodeFactory.create_batch(2, description="About tensor cores.")
    response = search(client, "tensor")
    assert heading(response) == "2 episodes"
    assert "most recent matches" not in response.content.decode()


def test_search_combines_with_the_topic_guest_and_date_filters(client, seed):
    assert titles(search(client, "world models", topic="diffusion-models")) == [
        "The Principles of Diffusion Models - with Jesse Lai (Sony AI)"
    ]
    assert titles(search(client, "world models", guest="rao-kambhampati")) == [
        "Reasoning Models and Planning - with Rao Kambhampati (Arizona State)"
    ]
    assert titles(search(client, "world models", date_to="2000-01-01")) == []


def test_pagination_and_filter_chips_keep_or_drop_the_search(client):
    topic = TopicFactory(name="GPUs", slug="gpus")
    EpisodeFactory.create_batch(12, description="About tensor cores.", topics=[topic])
    EpisodeFactory(description="Not about that.", topics=[topic])

    response = search(client, "tensor", topic="gpus")
    page = response.content.decode()
    assert response.context["page_obj"].paginator.count == 12
    assert 'href="?q=tensor&amp;topic=gpus&amp;page=2"' in page
    chips = dict(response.context["filter"].active_filters())
    assert chips["Search: tensor"] == "topic=gpus"
    assert chips["Topic: GPUs"] == "q=tensor"


def test_pages_of_results_ranked_best_first_are_not_called_older_and_newer(client):
    """Here the best match is the oldest episode, so "Older →" led to newer ones, and a
    screen reader user tabbing to the link heard a purpose it did not have."""
    best = EpisodeFactory(title="Paragraph vectors, the original paper")
    EpisodeFactory.create_batch(10)  # newer, with "First paragraph of the notes."

    first = search(client, "paragraph")
    assert titles(first)[0] == best.title
    second = search(client, "paragraph", page=2)
    assert best.title not in titles(second)
    first, second = first.content.decode(), second.content.decode()
    assert 'rel="next">More results →</a>' in first and "Older →" not in first
    assert 'rel="prev">← Previous results</a>' in second and "← Newer" not in second


def test_every_page_has_a_search_box(client, seed):
    for url in (reverse("episodes:about"), reverse("episodes:guest-list")):
        page = client.get(url).content.decode()
        assert 'role="search"' in page
        assert f'action="{reverse("episodes:list")}"' in page
        assert 'name="q"' in page


def test_results_page_keeps_the_words_in_the_search_box(client, seed):
    page = search(client, 'world "models').content.decode()
    assert 'value="world &quot;models"' in page


def test_the_index_follows_editors_saves(client):
    episode = EpisodeFactory(title="Plain title")
    entry = TimelineEntryFactory(episode=episode, title="Opening")
    assert titles(search(client, "okapi")) == []

    entry.title = "The okapi question"
    entry.save()
    assert titles(search(client, "okapi")) == ["Plain title"]
    assert moment_links(search(client, "okapi")) == [entry.get_absolute_url()]

    guest = GuestFactory(name="Grace Hopper")
    episode.guests.add(guest)
    assert titles(search(client, "hopper")) == ["Plain title"]
    guest.name = "Grace Brewster"
    guest.save()
    assert titles(search(client, "hopper")) == []
    assert titles(search(client, "brewster")) == ["Plain title"]
    guest.delete()
    assert titles(search(client, "brewster")) == []

    topic = TopicFactory(name="Tapirs")
    episode.topics.add(topic)
    assert titles(search(client, "tapirs")) == ["Plain title"]
    episode.topics.remove(topic)
    assert titles(search(client, "tapirs")) == []

    entry.delete()
    assert titles(search(client, "okapi")) == []
    episode.title = "Renamed: lemurs"
    episode.save()
    assert titles(search(client, "lemurs")) == ["Renamed: lemurs"]


def test_rebuild_search_index_catches_up_with_writes_that_bypassed_the_admin(client):
    episode = EpisodeFactory(title="Plain title")
    moment = TimelineEntryFactory(episode=episode, title="Opening")
    # A bulk UPDATE (like SQL, COPY or a restore) sends no signals: the index is stale.
    Episode.objects.filter(pk=episode.pk).update(title="Marmosets at scale")
    TimelineEntry.objects.filter(pk=moment.pk).update(title="Marmosets in the wild")
    assert titles(search(client, "marmosets")) == []

    out = StringIO()
    call_command("rebuild_search_index", "--batch-size", "1", stdout=out)

    assert titles(search(client, "marmosets")) == ["Marmosets at scale"]
    assert moment_links(search(client, "wild")) == [moment.get_absolute_url()]
    assert titles(search(client, "plain")) == []
    assert "Rebuilt the search index of 1 episodes." in out.getvalue()


def test_an_episode_added_in_the_admin_is_found_with_its_moments(client):
    editor = User.objects.create_user("editor", password="a-long-passphrase", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    form = episode_form()
    response = client.post(reverse("admin:episodes_episode_add"), form)
    assert response.status_code == 302
    client.logout()

    response = search(client, "scaling works")
    assert titles(response) == ["Scaling laws - with Ada (Analytical)"]
    assert moment_links(response) == ["/episodes/the-information-bottleneck/scaling-laws/#t=754"]
    guest_name = Episode.objects.get(slug="scaling-laws").guests.get().name
    assert titles(search(client, guest_name)) == ["Scaling laws - with Ada (Analytical)"]


def test_drafts_are_never_found(client):
    EpisodeFactory(title="Secret lemurs", status=Episode.Status.DRAFT)
    assert titles(search(client, "lemurs")) == []


HOSTILE = [
    "",
    "x" * 2000,
    "world\x00models",
    "!!! ??? ...",
    '"world models',
    'world models"',
    '"',
    "NEAR(",
    "NEAR(world models, 2)",
    "*",
    "world*",
    "AND OR",
    "OR",
    "NOT world",
    "title:world",
    "^world",
    "-",
    "--world",
    "'; DROP TABLE episodes_episode; --",
    "1 OR 1=1",
    "a:* & !b | (c <-> d)",
    "\\",
    "%_%",
    "-world",
]


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_queries_get_a_message_or_an_empty_result_never_an_error(client, seed, q):
    response = search(client, q)
    page = response.content.decode()
    form = response.context["filter"].form
    if form.errors:
        assert "q" in form.errors
        assert '<ul class="errorlist"' in page
        assert titles(response) == []
    assert "Traceback" not in page
    # The database is still usable and the catalogue intact.
    assert Episode.objects.count() == 3


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("x" * 2000, "Ensure this value has at most 200 characters (it has 2000)."),
        ("world\x00models", "Null characters are not allowed."),
        ("!!! ??? ...", "Type a word or a number to search for."),
    ],
)
def test_unusable_queries_say_why(client, q, message):
    page = search(client, q).content.decode()
    assert message in page


def test_excluding_a_word_typed_past_its_stem_leaves_its_episodes_out(client, seed):
    """ "-plann" leaves out what "plann" finds: on SQLite too, the stem 'plan' it goes past."""
    assert titles(search(client, "world models -plann")) == [
        "The Principles of Diffusion Models - with Jesse Lai (Sony AI)"
    ]


@pytest.mark.parametrize("q", ["Szegedy's", "Szegedy’s", "SZEGEDY'S"])
def test_a_possessive_finds_the_guest(client, seed, q):
    assert titles(search(client, q)) == [
        "Inside xAI, and the Bet on AI Math - with Christian Szegedy (Math Inc)"
    ]


def test_only_excluded_words_list_every_episode_without_them(client, seed):
    """As PostgreSQL's websearch syntax reads "-diffusion", on both databases; no moment
    is a match, although each without the word matches "-diffusion" on PostgreSQL."""
    response = search(client, "-diffusion")
    assert moment_links(response) == []
    assert set(titles(response)) == {
        "Reasoning Models and Planning - with Rao Kambhampati (Arizona State)",
        "Inside xAI, and the Bet on AI Math - with Christian Szegedy (Math Inc)",
    }


@pytest.mark.parametrize("partial", ["diffusio", "diffusi", "reasoni", "plann"])
def test_a_word_typed_past_its_stem_still_finds_its_episode(client, partial):
    """Typed "diffus" found the episode but "diffusio" did not: the index holds stems
    ('diffus'), and nothing starts with "diffusio"."""
    EpisodeFactory(title="Diffusion, reasoning and planning")
    EpisodeFactory(title="Something else entirely")
    assert titles(search(client, partial)) == ["Diffusion, reasoning and planning"]


def test_a_draft_does_not_stop_a_partial_word_finding_a_public_episode(client):
    """The vocabulary held drafts' words: "quant", a whole word of a draft, was no
    longer a prefix for the public "Quantization"."""
    EpisodeFactory(title="Quantization tricks")
    EpisodeFactory(title="Quant funds", status="draft")
    assert titles(search(client, "quant")) == ["Quantization tricks"]


def test_words_in_angle_brackets_are_searched_and_kept_in_snippets(client):
    """PostgreSQL's parser took "<think>" for an HTML tag: not indexed, and cut out of
    the snippet ("Models write a   block")."""
    episode = EpisodeFactory(
        title="Reasoning traces", description="Models write a <think> block before they answer."
    )
    TimelineEntryFactory(episode=episode, start_seconds=600, title="Inside the <think> block")

    found = search(client, "think")
    assert titles(found) == ["Reasoning traces"]
    assert "#t=600" in found.content.decode()
    assert "Inside the &lt;<mark>think</mark>&gt; block" in found.content.decode()

    page = search(client, "answer").content.decode()
    assert "write a &lt;think&gt; block before they <mark>answer</mark>" in page
