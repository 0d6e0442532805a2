"""A large generated catalogue in PostgreSQL, written with COPY: both benchmarks use it.

Deterministic (a fixed random seed), and grown in steps: ``grow(cursor, 1_000)`` then
``grow(cursor, 10_000)`` adds the 9,000 episodes in between. Rows are added after whatever
the database holds already (the seed catalogue, for bench/run.sh), with ids above its own.

The show's subject: every episode is about two of the pairs of words made from TERMS
("world models", "diffusion policy"...), which appear in its title, notes and some of its
moments; the rest of the text comes from a long tail of made-up words, so each subject
word is in a few percent of episodes and the vocabulary has the size of a real one.
Each episode has about 20 timeline entries, two guests and three topics.
"""

import datetime
import random
import uuid
from itertools import accumulate

from episodes.models import Show

MOMENTS_PER_EPISODE = 20
GUESTS, TOPICS = 3_000, 60
TERM_TEXT = """model models learning training data scaling scale scalable language reasoning agents
    diffusion transformers attention benchmark evaluation alignment safety reinforcement world
    planning vision robotics interpretability sparse autoencoders tokens inference chain
    thought compute optimization gradient generalization memory retrieval synthetic
    contamination proofs mathematics verification search latent video audio protein"""
TERMS = TERM_TEXT.split()
SUBJECTS = [f"{first} {second}" for first in TERMS for second in TERMS if first != second]
SYLLABLE_TEXT = "ka lo mi ne ru ta vi so pe da fo gu le ri zo ba ni te mu sa"
SYLLABLES = SYLLABLE_TEXT.split()
TABLES = ("show", "episode", "topic", "guest", "timelineentry")


def tail_words(rng, count):
    return ["".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(count)]


class Catalogue:
    """Generates rows deterministically, step after step, and COPYs them in."""

    def __init__(self, seed=2026):
        self.rng = random.Random(seed)
        self.words = tail_words(self.rng, 20_000)
        # Zipf-like weights: a few filler words are common, most are rare.
        self.cum_weights = list(accumulate(1 / (rank + 1) for rank in range(len(self.words))))
        self.episodes = 0  # generated so far

    def text(self, count, subject=""):
        words = self.rng.choices(self.words, cum_weights=self.cum_weights, k=count)
        if subject:
            words.insert(self.rng.randrange(count), subject)
        return " ".join(words).capitalize()

    def setup(self, cursor, show_id=None):
        """Topics and guests (the first guest is "Rao Kambhampati"), for the show
        ``show_id``, or for a new show "Bench" when there is none."""
        self.first = {table: self._next_id(cursor, table) for table in TABLES}
        self.show_id = show_id
        if show_id is None:
            self.show_id = self.first["show"]
            # Through the model, so that new fields get their defaults.
            Show.objects.create(id=self.show_id, title="Bench", slug="bench", summary="")
        self.topic_ids = range(self.first["topic"], self.first["topic"] + TOPICS)
        self.guest_ids = range(self.first["guest"], self.first["guest"] + GUESTS)
        self.next_moment = self.first["timelineentry"]
        with cursor.copy("COPY episodes_topic (id, name, slug, description) FROM STDIN") as copy:
            for number, pk in enumerate(self.topic_ids, 1):
                copy.write_row((pk, f"{self.text(2)} {number}", f"bench-topic-{number}", ""))
        guests = "COPY episodes_guest (id, name, slug, affiliation, bio, website) FROM STDIN"
        with cursor.copy(guests) as copy:
            for number, pk in enumerate(self.guest_ids, 1):
                if number == 1:
                    name, affiliation = "Rao Kambhampati", "Arizona State"
                else:
                    name = " ".join(w.capitalize() for w in tail_words(self.rng, 2))
                    affiliation = f"{self.text(1)} Lab"
                copy.write_row((pk, name, f"bench-guest-{number}", affiliation, "", ""))
        self._reset_sequences(cursor)

    def grow(self, cursor, total):
        """Add episodes until there are ``total``; returns the new episodes' ids."""
        first = self.first["episode"] + self.episodes
        ids = range(first, self.first["episode"] + total)
        self.episodes = total
        subjects = {pk: self.rng.sample(SUBJECTS, 2) for pk in ids}
        start = datetime.datetime(2006, 1, 1, tzinfo=datetime.UTC)
        columns = (
            "id, show_id, title, slug, published_at, duration_seconds, description, status, "
            "listen_url, updated_at, audio_url, audio_mime_type, guid"
        )
        with cursor.copy(f"COPY episodes_episode ({columns}) FROM STDIN") as copy:
            for pk in ids:
                published = start + datetime.timedelta(minutes=self.rng.randrange(10_000_000))
                status = "draft" if self.rng.random() < 0.02 else "published"
                main, other = subjects[pk]
                title = self.text(6, main)
                description = f"{self.text(60, main)}.\n\n{self.text(40, other)}."
                copy.write_row(
                    (pk, self.show_id, title, f"bench-episode-{pk}", published, 3600, description)
                    + (status, "", published, "", "", uuid.UUID(int=self.rng.getrandbits(128)))
                )
        with cursor.copy("COPY episodes_episode_guests (episode_id, guest_id) FROM STDIN") as copy:
            for pk in ids:
                for guest in set(self.rng.choices(self.guest_ids, k=2)):
                    copy.write_row((pk, guest))
        with cursor.copy("COPY episodes_episode_topics (episode_id, topic_id) FROM STDIN") as copy:
            for pk in ids:
                for topic in set(self.rng.choices(self.topic_ids, k=3)):
                    copy.write_row((pk, topic))
        moments = "COPY episodes_timelineentry (id, episode_id, start_seconds, title) FROM STDIN"
        with cursor.copy(moments) as copy:
            for pk in ids:
                for position in range(MOMENTS_PER_EPISODE):
                    subject = self.rng.choice(subjects[pk]) if self.rng.random() < 0.25 else ""
                    copy.write_row((self.next_moment, pk, position * 170, self.text(5, subject)))
                    self.next_moment += 1
        self._reset_sequences(cursor)
        return ids

    @staticmethod
    def _next_id(cursor, table):
        cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM episodes_{table}")
        return cursor.fetchone()[0]

    @staticmethod
    def _reset_sequences(cursor):
        for table in TABLES:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('episodes_{table}', 'id'), "
                f"coalesce((SELECT max(id) FROM episodes_{table}), 1))"
            )
