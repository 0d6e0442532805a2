"""Search across episodes and the moments of their timelines.

The view calls ``run`` (filter and rank a queryset) and ``describe`` (highlighted
title, snippet and matching moments for the episodes on one page); editors' saves call
``refresh`` (episodes.signals). Each database has a backend behind those three:

- PostgreSQL: a stored, weighted ``search_vector`` on each episode (title A; guests,
  their affiliations and topics B; timeline titles C; description D) built in the
  accent-insensitive text search configuration ``bottleneck`` (english + unaccent), a
  GIN index, ``websearch`` syntax (quoted phrases, ``-word``, ``or``) where a word that
  is only the start of the catalogue's words matches as a prefix, ``ts_rank`` ordering
  (of the newest MAX_RANKED matches) and ``ts_headline`` highlights. Words that are not
  in the catalogue's vocabulary at all are first corrected to the nearest known word by
  trigram similarity (pg_trgm), so "difusion" searches for "diffusion".
- SQLite: FTS5 tables (porter stemming, diacritics removed) with bm25 ranking and
  ``snippet()``/``highlight()``. User input never reaches FTS5's query syntax: every
  word is escaped into a quoted phrase.

Highlights come back from the database between two control characters and are turned
into ``<mark>`` here, after the text itself has been escaped.
"""

import html
import json
import re
from dataclasses import dataclass

from django.db import connections, router
from django.db.models import BooleanField, FloatField, JSONField, QuerySet, TextField, Value
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from episodes.models import Episode, Guest, TimelineEntry, Topic
from episodes.page_cache import cached_for_version

MAX_QUERY_LENGTH = 200
# On PostgreSQL only the most recent MAX_RANKED matches are ranked (and counted), so
# ranking a common word does not cost more as the catalogue grows.
MAX_RANKED = 200
START, STOP = "\x02", "\x03"
TAG_BREAK = "<\ue000"  # a private-use character, not a letter; marked() removes it
WORD = re.compile(r"\w+")
# A typed word as PostgreSQL's parser reads it, which keeps a version number or a host
# name whole ("3.1", "x.ai"), as the catalogue's vocabulary holds it.
DOTTED_WORD = re.compile(r"\w+(?:\.\w+)*")
POSSESSIVE = re.compile(r"(?<=\w)['’]s\b", re.IGNORECASE)
PLAIN_LEXEME = re.compile(r"[\w-]+")
MARKED = re.compile(f"{START}(.*?){STOP}", re.DOTALL)
ELLIPSIS = "…"
FRAGMENT_DELIMITER = f" {ELLIPSIS} "
ORDER = ("-search_rank", "-published_at", "-id")
QUERY = object()  # in TsQuery.raw()'s parameters: the query's own


@dataclass
class Search:
    """One search: what was typed, what was searched for, and the matching episodes."""

    text: str
    queryset: QuerySet
    corrected: str | None = None  # the text searched instead, when words were misspelt
    limit: int | None = None  # at most this many matches are ranked
    capped: bool = False  # more episodes matched than were ranked (and counted)
    count: int | None = None  # how many episodes match, when known without a query
    query: str | None = None  # SQLite's FTS5 query, for the highlights and moments

    @property
    def searched(self):
        return self.corrected or self.text


def run(queryset, text):
    """Episodes of ``queryset`` matching ``text``, best first, annotated ``search_rank``."""
    return _backend(queryset.db).run(queryset, text)


def describe(episodes, search):
    """Give each episode of a page ``search_title`` and ``search_snippet`` (HTML with
    <mark>) and ``search_moments`` (its matching timeline entries, each with
    ``title_html``). Two queries however many episodes, or none on PostgreSQL, where the
    page's query brought the highlights and moments (and the guests and topics)."""
    episodes = list(episodes)
    for episode in episodes:
        episode.search_title, episode.search_snippet = escape(episode.title), ""
        episode.search_moments = []
    if not episodes:
        return episodes
    backend = _backend(router.db_for_read(Episode))
    backend.relate(episodes)
    by_id = {episode.pk: episode for episode in episodes}
    for pk, title, snippet in backend.highlights(episodes, search):
        by_id[pk].search_title, by_id[pk].search_snippet = marked(title), marked(snippet)
    if not wants_words(search.searched):
        return episodes
    for moment in backend.moments(episodes, search):
        moment.episode = by_id[moment.episode_id]  # its URL needs no query
        moment.title_html = marked(moment.title_html)
        by_id[moment.episode_id].search_moments.append(moment)
    return episodes


def wants_words(text):
    """Whether ``text`` asks for words, not only leaves some out ("-diffusion"): with only
    words left out, every moment without them would "match"."""
    return bool(fts5_terms(text)[0])


def refresh(episode_ids, using=None):
    """Rebuild the index of these episodes from what is in the database now.

    Episodes that no longer exist drop out of the index.
    """
    episode_ids = sorted({pk for pk in episode_ids if pk is not None})
    if episode_ids:
        using = using or router.db_for_write(Episode)
        with connections[using].cursor() as cursor:
            _backend(using).refresh(cursor, episode_ids)


def marked(text):
    """Text with START/STOP around matches -> escaped HTML with <mark> around them."""
    # split() with a group alternates: text, marked, text, marked, ..., text.
    parts = [html.escape(_plain(part)) for part in MARKED.split(text or "")]
    parts[1::2] = [f"<mark>{part}</mark>" for part in parts[1::2]]
    return mark_safe("".join(parts))


def _plain(text):
    return text.replace(START, "").replace(STOP, "").replace(TAG_BREAK[1], "")


def elided(excerpt, text):
    """``excerpt``, fragments of ``text`` cut by ts_headline, with "…" where it leaves out
    words at the start or the end of the text, as SQLite's snippet() marks them. The
    punctuation ts_headline leaves off at an end of the text ("well." gives "well") is put
    back."""
    if not excerpt:
        return excerpt
    fragments = _plain(excerpt).split(FRAGMENT_DELIMITER)
    first, last = fragments[0].strip(), fragments[-1].strip()
    start, end = text.find(first), text.rfind(last)
    head = text[:start] if start >= 0 else text
    tail = text[end + len(last) :] if end >= 0 else text
    head = f"{ELLIPSIS} " if WORD.search(head) else head
    tail = f" {ELLIPSIS}" if WORD.search(tail) else tail
    return f"{head}{excerpt.strip()}{tail}"


def from_row(model, using, row):
    """An instance of ``model`` from {attname: value} of some of its fields, as a
    query with only() would give it: the other fields load when read."""
    names = [field.attname for field in model._meta.concrete_fields if field.attname in row]
    return model.from_db(using, names, [row[name] for name in names])


def _backend(alias):
    return BACKENDS[connections[alias].vendor]


@dataclass(frozen=True)
class TsQuery:
    """A ``tsquery`` as SQL: ``websearch_to_tsquery`` of the text, where the lexemes of
    ``prefixes`` also match as prefixes.

    ``prefixes`` maps each such lexeme to the stems it should match as well: with
    {"diffusio": ["diffus"]}, 'diffusio' becomes ('diffusio':* | 'diffus'), and
    '"world models" -video' keeps its phrase and its negation: the query text is
    rewritten, lexeme by lexeme, after PostgreSQL parsed it. Only words that are not
    whole words of the catalogue are prefixes: matching a prefix reads every word it
    starts, which costs several times more on a large catalogue.

    Plain SQL rather than ORM expressions: building and compiling those cost more than
    the database's work on a results page of a small catalogue.
    """

    sql: str
    params: tuple

    @classmethod
    def of(cls, text, prefixes):
        sql, params = "websearch_to_tsquery(%s::regconfig, %s)", (PostgresBackend.config, text)
        # Lexemes and stems are letters, digits and hyphens only (understand() keeps no
        # others), so they need no escaping in a pattern, a replacement or a tsquery.
        for lexeme, stems in sorted(prefixes.items()):
            terms = " | ".join([f"'{lexeme}':*", *(f"'{stem}'" for stem in stems)])
            sql = f"regexp_replace(({sql})::text, %s, %s, 'g')::tsquery"
            params = (*params, f"'{lexeme}'", f"( {terms} )" if stems else terms)
        return cls(sql, params)

    def raw(self, template, params=(QUERY,), **kwargs):
        """RawSQL of ``template`` with this query in place of each {query}, and its
        parameters in place of each QUERY of ``params``."""
        params = [
            value for param in params for value in (self.params if param is QUERY else [param])
        ]
        return RawSQL(template.format(query=self.sql), params, **kwargs)


class PostgresBackend:
    config = "bottleneck"

    # The episode's document, field by field, then its vector, its timeline entries'
    # vectors (a results page matches them to list the matching moments) and the words
    # it adds to the vocabulary used for corrections. Used on save and by bench/ in bulk.
    # PostgreSQL's parser takes "<think>" for an HTML tag and drops it, so "<" is read
    # as a space (and, in highlights, kept apart from the word after it: TAG_BREAK).
    REFRESH_SQL = """
        WITH documents AS (
            SELECT episode.id, replace(episode.title, '<', ' ') AS title,
                replace(episode.description, '<', ' ') AS description, episode.status,
                replace(coalesce((SELECT string_agg(guest.name || ' ' || guest.affiliation, ' ')
                    FROM episodes_guest AS guest
                    JOIN episodes_episode_guests AS link ON link.guest_id = guest.id
                    WHERE link.episode_id = episode.id), ''), '<', ' ') AS people,
                replace(coalesce((SELECT string_agg(topic.name, ' ')
                    FROM episodes_topic AS topic
                    JOIN episodes_episode_topics AS link ON link.topic_id = topic.id
                    WHERE link.episode_id = episode.id), ''), '<', ' ') AS topics,
                replace(coalesce((SELECT string_agg(moment.title, ' ')
                    FROM episodes_timelineentry AS moment
                    WHERE moment.episode_id = episode.id), ''), '<', ' ') AS moments
            FROM episodes_episode AS episode
            WHERE episode.id = ANY(%s)
        ), vectors AS (
            UPDATE episodes_episode AS episode SET search_vector =
                setweight(to_tsvector('bottleneck', documents.title), 'A')
                || setweight(to_tsvector('bottleneck', documents.people || ' ' || documents.topics), 'B')
                || setweight(to_tsvector('bottleneck', documents.moments), 'C')
                || setweight(to_tsvector('bottleneck', documents.description), 'D')
            FROM documents WHERE episode.id = documents.id
        ), moments AS (
            UPDATE episodes_timelineentry AS moment
            SET search_vector = to_tsvector('bottleneck', replace(moment.title, '<', ' '))
            WHERE moment.episode_id = ANY(%s)
        )
        INSERT INTO episodes_search_word (word)
        SELECT DISTINCT unnest(tsvector_to_array(to_tsvector('simple', unaccent(
            documents.title || ' ' || documents.people || ' ' || documents.topics || ' '
            || documents.moments || ' ' || documents.description))))
        FROM documents WHERE documents.status = ANY(%s)
        ON CONFLICT DO NOTHING
    """  # noqa: E501

    # Each typed word, as the catalogue knows it: a whole word, the start of words (then
    # the stems of up to 20 of those words, to match along with the typed text as a
    # prefix: "diffusio" starts "diffusion", stemmed 'diffus'), or neither (then the most
    # similar known word). The vocabulary holds the words of published and scheduled
    # episodes (REFRESH_SQL): a draft titled "Quant funds" must not make "quant" a whole
    # word, which would stop it finding "Quantization". It keeps words edited away: a
    # correction is offered only when a public episode has it, but a word counts as
    # known without that check, which costs an index lookup a word (the search's p95
    # rose from 50 to 92 ms at 100,000 episodes with it).
    WORDS_SQL = """
        WITH typed AS (
            SELECT word, lower(unaccent(word)) AS normal FROM unnest(%s::text[]) AS t(word)
        )
        SELECT typed.word, known.whole,
            (SELECT array_agg(lexeme) FROM unnest(to_tsvector('bottleneck', typed.word))),
            known.stems,
            -- Only for a word the catalogue does not know at all: checking the similar
            -- words against public episodes reads the index of each (15 ms a word at
            -- 100,000 episodes), and CASE looks only when it has to.
            CASE WHEN NOT known.whole AND known.stems IS NULL THEN (
                SELECT nearby.word FROM episodes_search_word AS nearby
                WHERE nearby.word %% typed.normal
                AND EXISTS (SELECT 1 FROM episodes_episode AS episode
                    WHERE episode.search_vector @@ plainto_tsquery('bottleneck', nearby.word)
                    AND episode.status = ANY(%s) AND episode.published_at <= now())
                ORDER BY nearby.word <-> typed.normal, nearby.word LIMIT 1
            ) END
        FROM typed, LATERAL (SELECT
            EXISTS (SELECT 1 FROM episodes_search_word AS vocab
                WHERE vocab.word = typed.normal) AS whole,
            (SELECT array_agg(DISTINCT stem.lexeme) FROM (
                SELECT vocab.word FROM episodes_search_word AS vocab
                WHERE vocab.word >= typed.normal AND vocab.word < typed.normal || chr(1114111)
                ORDER BY vocab.word LIMIT 20
            ) AS completion, unnest(to_tsvector('bottleneck', completion.word)) AS stem) AS stems
        ) AS known
    """

    # A results page's columns besides the episode's own, computed for its rows only: the
    # rank, highlights, guests, topics and matching moments ({query} is the TsQuery).
    # Each "<" is followed by TAG_BREAK's mark, which no word contains: PostgreSQL's
    # parser then sees no HTML tag in "<think>" to drop. marked() removes the mark.
    RANK_SQL = "ts_rank(episodes_episode.search_vector, {query})"
    HEADLINE_SQL = (
        "ts_headline(%s::regconfig, replace(episodes_episode.{field}, '<', %s), {query}, %s)"
    )
    MARKS = f"StartSel='{START}', StopSel='{STOP}'"
    TITLE_OPTIONS = f"{MARKS}, HighlightAll=true"
    # ShortWord=0: by default ts_headline drops words of up to three letters at the ends
    # of an excerpt, so "It is a kiwi story" showed as "kiwi story".
    EXCERPT_OPTIONS = (
        f"{MARKS}, MaxWords=35, MinWords=15, MaxFragments=2, ShortWord=0, "
        f"FragmentDelimiter='{FRAGMENT_DELIMITER}'"
    )
    GUESTS_SQL = """
        SELECT coalesce(jsonb_agg(jsonb_build_object('id', guest.id, 'name', guest.name,
            'slug', guest.slug, 'affiliation', guest.affiliation) ORDER BY guest.name), '[]')
        FROM episodes_guest AS guest
        JOIN episodes_episode_guests AS link ON link.guest_id = guest.id
        WHERE link.episode_id = episodes_episode.id
    """
    TOPICS_SQL = """
        SELECT coalesce(jsonb_agg(jsonb_build_object('id', topic.id, 'name', topic.name,
            'slug', topic.slug) ORDER BY topic.name), '[]')
        FROM episodes_topic AS topic
        JOIN episodes_episode_topics AS link ON link.topic_id = topic.id
        WHERE link.episode_id = episodes_episode.id
    """
    MOMENTS_SQL = """
        SELECT coalesce(jsonb_agg(jsonb_build_object('id', moment.id,
            'start_seconds', moment.start_seconds, 'title', moment.title,
            'title_html', ts_headline(%s::regconfig, replace(moment.title, '<', %s), {query}, %s))
            ORDER BY moment.start_seconds), '[]')
        FROM episodes_timelineentry AS moment
        WHERE moment.episode_id = episodes_episode.id
        AND moment.search_vector @@ {query}
    """

    def run(self, queryset, text):
        corrected, prefixes = self.understand(text, queryset.db)
        query = TsQuery.of(corrected or text, prefixes)
        newest = self.newest_matches(queryset, query)
        capped = len(newest) > MAX_RANKED
        newest = newest[:MAX_RANKED]
        # One array parameter rather than MAX_RANKED of them: quicker to send and to plan.
        newest_ids = RawSQL("SELECT unnest(%s::bigint[])", [newest])
        # The highlights, guests, topics and matching moments come with the page, so it
        # costs one query rather than four; describe() hands them to each episode.
        matches = (
            queryset.prefetch_related(None)
            .filter(pk__in=newest_ids)
            .annotate(**self.page_columns(query, moments=wants_words(corrected or text)))
            .order_by(*ORDER)
        )
        return Search(
            text=text,
            queryset=matches,
            corrected=corrected,
            limit=MAX_RANKED,
            capped=capped,
            count=len(newest),
        )

    @staticmethod
    def newest_matches(queryset, query):
        """Ids of the newest MAX_RANKED matches, and one more to tell whether some were
        left out. Ranking reads each match's whole vector, so only these are ranked: the
        page query ranks just them, and their number is the count of results."""
        matching = query.raw(
            "episodes_episode.search_vector @@ {query}", output_field=BooleanField()
        )
        return list(
            queryset.filter(matching)
            .order_by("-published_at", "-id")
            .values_list("pk", flat=True)[: MAX_RANKED + 1]
        )

    def understand(self, text, using):
        """(the text with misspelt words corrected or None, and {lexeme: stems} of the
        lexemes to match as prefixes, each also matching the stems of the words it starts
        that it is not itself the start of)"""
        words = sorted({word.lower() for word in DOTTED_WORD.findall(text)})
        if not words:
            return None, {}
        with connections[using].cursor() as cursor:
            cursor.execute(self.WORDS_SQL, [words, list(Episode.PUBLIC_STATUSES)])
            rows = cursor.fetchall()
        corrections, prefixes = {}, {}
        for typed, whole, lexemes, stems, nearest in rows:
            if stems and not whole:
                stems = [stem for stem in stems if PLAIN_LEXEME.fullmatch(stem)]
                for lexeme in lexemes or []:
                    prefixes[lexeme] = sorted(s for s in stems if not s.startswith(lexeme))
            elif not stems and nearest:
                corrections[typed] = nearest
        if not corrections:
            return None, prefixes
        corrected = DOTTED_WORD.sub(lambda m: corrections.get(m.group(0).lower(), m.group(0)), text)
        return corrected, prefixes

    def page_columns(self, query, moments):
        def headline(field, options):
            return query.raw(
                self.HEADLINE_SQL.replace("{field}", field),
                (self.config, TAG_BREAK, QUERY, options),
                output_field=TextField(),
            )

        columns = {
            "search_rank": query.raw(self.RANK_SQL, output_field=FloatField()),
            "search_headline": headline("title", self.TITLE_OPTIONS),
            "search_excerpt": headline("description", self.EXCERPT_OPTIONS),
            "search_guests": RawSQL(self.GUESTS_SQL, (), output_field=JSONField()),
            "search_topics": RawSQL(self.TOPICS_SQL, (), output_field=JSONField()),
        }
        if moments:
            columns["search_moment_rows"] = query.raw(
                self.MOMENTS_SQL,
                (self.config, TAG_BREAK, QUERY, self.TITLE_OPTIONS, QUERY),
                output_field=JSONField(),
            )
        return columns

    def relate(self, episodes):
        """Give each episode the guests and topics its row brought, as
        prefetch_related("guests", "topics") would have."""
        using = router.db_for_read(Episode)
        for episode in episodes:
            cache = episode.__dict__.setdefault("_prefetched_objects_cache", {})
            for name, model in (("guests", Guest), ("topics", Topic)):
                related = getattr(episode, name).all()  # no query: the filter is lazy
                related._result_cache = [
                    from_row(model, using, row) for row in getattr(episode, f"search_{name}")
                ]
                related._prefetch_done = True
                cache[name] = related

    def highlights(self, episodes, search):
        return [
            (e.pk, e.search_headline, elided(e.search_excerpt, e.description)) for e in episodes
        ]

    def moments(self, episodes, search):
        using = router.db_for_read(TimelineEntry)
        for episode in episodes:
            for row in getattr(episode, "search_moment_rows", ()):
                title_html = row.pop("title_html")
                moment = from_row(TimelineEntry, using, {**row, "episode_id": episode.pk})
                moment.title_html = title_html
                yield moment

    def refresh(self, cursor, episode_ids):
        statuses = list(Episode.PUBLIC_STATUSES)
        cursor.execute(self.REFRESH_SQL, [episode_ids, episode_ids, statuses])


def fts5_terms(text):
    """The user's words as FTS5 terms: (the wanted groups, each a list of terms any of
    which will do, and the unwanted terms).

    Every word becomes a quoted phrase (so FTS5 operators such as NEAR, AND, * or a
    stray quote are just words) whose last word is a prefix; as in PostgreSQL's
    websearch syntax, "quoted phrases" stay phrases, -word excludes and ``or`` between
    two words accepts either.
    """
    wanted, unwanted, either = [], [], False
    for negated, phrase, token in re.findall(r'(-?)(?:"([^"]*)"?|(\S+))', text):
        if not (negated or phrase) and token.lower() == "or":
            either = bool(wanted)
            continue
        # A possessive is the name alone, as PostgreSQL's English stop words make it: "s"
        # stays in a quoted phrase, where the words must follow each other.
        words = WORD.findall(phrase or POSSESSIVE.sub("", token))
        if not words:
            continue
        term = '"{}"'.format(" ".join(words)) + ("" if phrase else "*")
        if negated:
            unwanted.append(term)
        elif either:
            wanted[-1].append(term)
        else:
            wanted.append([term])
        either = False
    return wanted, unwanted


def fts5_query(wanted, unwanted):
    """The terms of fts5_terms as an FTS5 query, or None when no word is wanted."""
    if not wanted:
        return None
    return " AND ".join(f"({' OR '.join(terms)})" for terms in wanted) + "".join(
        f" NOT {term}" for term in unwanted
    )


class SQLiteBackend:
    # Column weights for bm25, in the table's column order.
    WEIGHTS = "10.0, 4.0, 4.0, 2.0, 1.0"

    MATCHES = "SELECT rowid FROM episodes_episode_fts WHERE episodes_episode_fts MATCH %s"

    # A word typed past its stem ("diffusio", "plann") also matches the longest indexed
    # stem it goes past by at most this many letters ('diffus', 'plan'), unless it is an
    # indexed term itself. FTS5 keeps no unstemmed words from which to find the stems of
    # the words typed text starts, as PostgreSQL does; this is the nearest it can do.
    PAST_STEM = 3
    PARTIAL = re.compile(r'"(\w+)"\*')

    def relate(self, episodes):
        pass  # the listing's prefetch_related brought the guests and topics

    def run(self, queryset, text):
        wanted, unwanted = fts5_terms(text)
        wanted = self.with_stems_gone_past(wanted, queryset.db)
        # "-plann" leaves out what "plann" finds: the words left out are alternatives.
        [unwanted] = self.with_stems_gone_past([unwanted], queryset.db)
        query = fts5_query(wanted, unwanted)
        if query is None:
            # Only words to leave out ("-diffusion"): like PostgreSQL, every episode
            # without them, newest first. FTS5 cannot match a NOT alone.
            if not unwanted:
                return Search(text=text, queryset=queryset.none())
            hits = RawSQL(self.MATCHES, [" OR ".join(unwanted)])
            matches = queryset.exclude(pk__in=hits).annotate(search_rank=Value(0.0))
            return Search(text=text, queryset=matches.order_by(*ORDER))
        hits = RawSQL(self.MATCHES, [query])
        # bm25 is lower for better matches; negate it so both backends sort rank descending.
        rank = RawSQL(
            f"SELECT -bm25(episodes_episode_fts, {self.WEIGHTS}) FROM episodes_episode_fts "
            'WHERE episodes_episode_fts MATCH %s AND rowid = "episodes_episode"."id"',
            [query],
            output_field=FloatField(),
        )
        matches = queryset.filter(pk__in=hits).annotate(search_rank=rank).order_by(*ORDER)
        return Search(text=text, queryset=matches, query=query)

    def with_stems_gone_past(self, wanted, using):
        """``wanted`` with '"diffus"*' beside '"diffusio"*' where 'diffus' is indexed and
        'diffusio' is not."""
        typed = {
            term: match[1].lower()
            for group in wanted
            for term in group
            if (match := self.PARTIAL.fullmatch(term)) and len(match[1]) > self.PAST_STEM
        }
        if not typed:
            return wanted
        indexed = self.indexed_terms(using)

        def gone_past(word):  # as a prefix: FTS5 stems it again ('diffus' alone: 'diffu')
            if word in indexed:
                return []
            shorter = (word[:-cut] for cut in range(1, self.PAST_STEM + 1))
            return [f'"{stem}"*' for stem in shorter if stem in indexed][:1]

        return [
            group + [x for t in group if t in typed for x in gone_past(typed[t])]
            for group in wanted
        ]

    @staticmethod
    def indexed_terms(using):
        """Every term of the index, kept until the next edit: a results page then costs
        no query more than before (SQLite catalogues are small enough to keep it)."""

        def read():
            with connections[using].cursor() as cursor:
                cursor.execute("SELECT term FROM episodes_episode_fts_vocab")
                return frozenset(term for (term,) in cursor.fetchall())

        return cached_for_version("sqlite-search-terms", read)

    def highlights(self, episodes, search):
        if search.query is None:  # only words left out: nothing to highlight
            return []
        episode_ids = [episode.pk for episode in episodes]
        with connections[router.db_for_read(Episode)].cursor() as cursor:
            cursor.execute(
                "SELECT rowid, highlight(episodes_episode_fts, 0, %s, %s), "
                "snippet(episodes_episode_fts, 4, %s, %s, %s, 24) "
                "FROM episodes_episode_fts WHERE episodes_episode_fts MATCH %s "
                "AND rowid IN (SELECT value FROM json_each(%s))",
                [
                    START,
                    STOP,
                    START,
                    STOP,
                    FRAGMENT_DELIMITER,
                    search.query,
                    json.dumps(episode_ids),
                ],
            )
            # snippet() puts the whole delimiter, spaces and all, where it cuts.
            return [(pk, title, snippet.strip()) for pk, title, snippet in cursor.fetchall()]

    def moments(self, episodes, search):
        episode_ids = [episode.pk for episode in episodes]
        return TimelineEntry.objects.raw(
            "SELECT moment.id, moment.episode_id, moment.start_seconds, moment.title, "
            "highlight(episodes_moment_fts, 0, %s, %s) AS title_html "
            "FROM episodes_moment_fts "
            "JOIN episodes_timelineentry AS moment ON moment.id = episodes_moment_fts.rowid "
            "WHERE episodes_moment_fts MATCH %s "
            "AND episodes_moment_fts.episode_id IN (SELECT value FROM json_each(%s)) "
            "ORDER BY moment.episode_id, moment.start_seconds",
            [START, STOP, search.query, json.dumps(episode_ids)],
        )

    def refresh(self, cursor, episode_ids):
        ids = json.dumps(episode_ids)
        cursor.execute(
            "DELETE FROM episodes_episode_fts WHERE rowid IN (SELECT value FROM json_each(%s))",
            [ids],
        )
        cursor.execute(
            """
            INSERT INTO episodes_episode_fts (rowid, title, people, topics, moments, description)
            SELECT episode.id, episode.title,
                coalesce((SELECT group_concat(guest.name || ' ' || guest.affiliation, ' ')
                    FROM episodes_guest AS guest
                    JOIN episodes_episode_guests AS link ON link.guest_id = guest.id
                    WHERE link.episode_id = episode.id), ''),
                coalesce((SELECT group_concat(topic.name, ' ')
                    FROM episodes_topic AS topic
                    JOIN episodes_episode_topics AS link ON link.topic_id = topic.id
                    WHERE link.episode_id = episode.id), ''),
                coalesce((SELECT group_concat(moment.title, ' ')
                    FROM episodes_timelineentry AS moment
                    WHERE moment.episode_id = episode.id), ''),
                episode.description
            FROM episodes_episode AS episode
            WHERE episode.id IN (SELECT value FROM json_each(%s))
            """,
            [ids],
        )
        cursor.execute(
            "DELETE FROM episodes_moment_fts WHERE episode_id IN (SELECT value FROM json_each(%s))",
            [ids],
        )
        cursor.execute(
            "INSERT INTO episodes_moment_fts (rowid, title, episode_id) "
            "SELECT id, title, episode_id FROM episodes_timelineentry "
            "WHERE episode_id IN (SELECT value FROM json_each(%s))",
            [ids],
        )


BACKENDS = {"postgresql": PostgresBackend(), "sqlite": SQLiteBackend()}
