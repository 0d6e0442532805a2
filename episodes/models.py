"""The catalogue: a show, its episodes, the people in them and what they talk about.

Times inside an episode are whole seconds from its start ("12:34" is 754), never
a TimeField. Every public view of episodes starts from ``Episode.objects.published()``.
"""

import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from episodes.links import static_file_exists
from episodes.timeline import format_duration, format_timestamp


class ShowQuerySet(models.QuerySet):
    def default(self):
        """The show the site presents: SITE_SHOW_SLUG, else the first one, else None."""
        return self.filter(slug=settings.SITE_SHOW_SLUG).first() or self.first()


class ShowManager(models.Manager.from_queryset(ShowQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Show(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(unique=True, help_text="Used in URLs and feeds; do not change it.")
    summary = models.TextField(help_text="One paragraph shown on the about page and in feeds.")
    about = models.TextField(
        blank=True, help_text="The 'About' line that closes every episode's notes."
    )
    category = models.CharField(max_length=100, default="Science")
    language = models.CharField(max_length=20, default="en", help_text="An IETF tag: en, en-US.")
    copyright = models.CharField(max_length=200, blank=True)
    cover_art = models.CharField(
        max_length=200,
        default="img/cover.svg",
        help_text="Path of the cover image under static/.",
    )
    podcast_art = models.CharField(
        max_length=200,
        default="img/cover.png",
        help_text="Path under static/ of the cover as a square JPEG or PNG of 1400 to 3000 "
        "pixels, for podcast apps and link previews, which do not read SVG.",
    )
    owner_email = models.EmailField(
        blank=True,
        help_text="Shown in the feed (itunes:owner): Apple Podcasts sends its verification "
        "code there when the show is submitted.",
    )

    objects = ShowManager()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("episodes:about")

    def clean(self):
        missing = {
            name: f"There is no file {getattr(self, name)} under static/ on the site: add it "
            "there and deploy it first."
            for name in ("cover_art", "podcast_art")
            if not static_file_exists(getattr(self, name))
        }
        if missing:  # every page would fail to name it
            raise ValidationError(missing)

    def natural_key(self):
        return (self.slug,)


class HostManager(models.Manager):
    def get_by_natural_key(self, slug, show_slug):
        return self.get(slug=slug, show__slug=show_slug)


class Host(models.Model):
    """A presenter of the show, listed in order ("Ravid Shwartz-Ziv & Allen Roush")."""

    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="hosts")
    name = models.CharField(max_length=200)
    slug = models.SlugField()
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in the credits.")
    website = models.URLField(blank=True)

    objects = HostManager()

    class Meta:
        ordering = ["show", "position"]
        constraints = [
            models.UniqueConstraint(fields=["show", "slug"], name="host_unique_slug_per_show"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("episodes:about") + f"#host-{self.slug}"

    def natural_key(self):
        return (self.slug, *self.show.natural_key())

    natural_key.dependencies = ["episodes.show"]


class PublicQuerySet(models.QuerySet):
    """Guests and topics are public while at least one published episode has them."""

    def public(self):
        # EXISTS stops at the first public episode: at 100,000 episodes this takes
        # milliseconds, where counting every guest's episodes took a second.
        episodes_field = self.model.episodes.field.name  # Episode.guests or Episode.topics
        published = Episode.objects.published().filter(**{episodes_field: OuterRef("pk")})
        return self.filter(Exists(published))

    def with_episode_count(self):
        """Annotate ``episode_count``, the number of public episodes (for the index pages)."""
        return self.annotate(
            episode_count=Count("episodes", filter=Episode.public_condition("episodes__"))
        )


class TopicManager(models.Manager.from_queryset(PublicQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Topic(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(unique=True)
    description = models.TextField(blank=True, help_text="One or two sentences for the topic page.")
    # When its page last changed through its own fields, for the sitemap; none for rows
    # from fixtures and from before the field.
    updated_at = models.DateTimeField(auto_now=True, null=True)

    objects = TopicManager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("episodes:topic-detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


class GuestManager(models.Manager.from_queryset(PublicQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Guest(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    affiliation = models.CharField(
        max_length=100,
        blank=True,
        help_text='Short, as shown in episode titles: "Sony AI", "Arizona State".',
    )
    bio = models.TextField(blank=True, help_text="Role and background, from the show notes.")
    website = models.URLField(blank=True)
    updated_at = models.DateTimeField(auto_now=True, null=True)  # as Topic.updated_at

    objects = GuestManager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("episodes:guest-detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    @property
    def initials(self):
        words = [w for w in self.name.replace("(", " ").replace(")", " ").split() if w[0].isalpha()]
        return "".join(w[0].upper() for w in (words[:1] + words[-1:] if len(words) > 1 else words))


class MusicCreditManager(models.Manager):
    def get_by_natural_key(self, title, artist):
        return self.get(title=title, artist=artist)


class MusicCredit(models.Model):
    """A piece of music used in episodes, credited as its Creative Commons licence asks."""

    title = models.CharField(max_length=200)
    artist = models.CharField(max_length=200)
    source = models.CharField(
        max_length=200, blank=True, help_text='Where it came from: "Free Music Archive".'
    )
    licence_name = models.CharField(max_length=100, help_text='For example "CC BY-NC 4.0".')
    licence_url = models.URLField(help_text="The licence deed.")
    changes = models.CharField(max_length=200, blank=True, help_text='What was changed: "trimmed".')

    objects = MusicCreditManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["title", "artist"], name="music_credit_unique_track"),
        ]

    def __str__(self):
        return f"{self.title} ({self.artist})"

    def natural_key(self):
        return (self.title, self.artist)


class EpisodeQuerySet(models.QuerySet):
    def published(self):
        """What the public sees: published or scheduled, once its publication time has come.

        A scheduled episode goes public by itself at ``published_at``; no job runs.
        """
        return self.filter(Episode.public_condition())

    def for_listing(self):
        return self.select_related("show").prefetch_related("guests", "topics")

    def formerly_at(self, show_slug, slug):
        """The episode of this queryset that ``slug`` once named in the show and no longer
        does (an editor changed the slug), from the history; None if there is none, or if
        an episode has the slug now."""
        if Episode.objects.filter(show__slug=show_slug, slug=slug).exists():
            return None
        former = Episode.history.filter(show__slug=show_slug, slug=slug)
        return self.filter(pk__in=former.order_by("-history_date").values("id")[:1]).first()

    def with_neighbours(self):
        """Annotate the title and slug of the previous and next public episode of the show.

        Done as subqueries so an episode page costs no extra query for its navigation.
        """
        same_show = Episode.objects.published().filter(show=OuterRef("show"))
        # The plain bounds (published_at__lte/gte) let PostgreSQL walk the date index from
        # this episode instead of filtering every episode of the show through the OR.
        older = same_show.filter(
            Q(published_at__lte=OuterRef("published_at")),
            Q(published_at__lt=OuterRef("published_at"))
            | Q(published_at=OuterRef("published_at"), pk__lt=OuterRef("pk")),
        ).order_by("-published_at", "-pk")
        newer = same_show.filter(
            Q(published_at__gte=OuterRef("published_at")),
            Q(published_at__gt=OuterRef("published_at"))
            | Q(published_at=OuterRef("published_at"), pk__gt=OuterRef("pk")),
        ).order_by("published_at", "pk")
        return self.annotate(
            previous_slug=Subquery(older.values("slug")[:1]),
            previous_title=Subquery(older.values("title")[:1]),
            next_slug=Subquery(newer.values("slug")[:1]),
            next_title=Subquery(newer.values("title")[:1]),
        )


class EpisodeManager(models.Manager.from_queryset(EpisodeQuerySet)):
    def get_queryset(self):
        # The search vector is the widest column (kilobytes) and only SQL reads it: a feed
        # of 300 episodes spent a quarter of its time fetching and parsing vectors.
        return super().get_queryset().defer("search_vector")

    def get_by_natural_key(self, slug, show_slug):
        return self.get(slug=slug, show__slug=show_slug)


class Episode(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"

    # Statuses that are public from published_at on; EpisodeQuerySet.published() uses them.
    PUBLIC_STATUSES = (Status.SCHEDULED, Status.PUBLISHED)

    show = models.ForeignKey(Show, on_delete=models.PROTECT, related_name="episodes")
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120, help_text="Unique within the show; part of the URL.")
    published_at = models.DateTimeField(
        default=timezone.now,
        help_text=(
            "Publication time; the listing is ordered by it. A scheduled episode appears on "
            "the site by itself at this time."
        ),
    )
    duration_seconds = models.PositiveIntegerField(
        help_text="Length in seconds (56 min = 3360).",
        # The constraint below says the same to the database; this says it on the field,
        # where the constraint's own message ("Constraint ... is violated") said it above.
        validators=[MinValueValidator(1, "An episode lasts at least a second.")],
    )
    description = models.TextField(
        help_text="The show notes. Separate paragraphs with a blank line."
    )
    guests = models.ManyToManyField(Guest, related_name="episodes", blank=True)
    topics = models.ManyToManyField(Topic, related_name="episodes", blank=True)
    music_credits = models.ManyToManyField(MusicCredit, related_name="episodes", blank=True)
    status = models.CharField(
        max_length=20,
        choices=Status,
        default=Status.DRAFT,
        help_text=(
            "Draft: only staff can see it (as a preview). Scheduled or published: public from "
            "its publication time on."
        ),
    )
    listen_url = models.URLField(blank=True, help_text="Optional: the episode on another platform.")
    guid = models.UUIDField(
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text="The episode's identity in podcast feeds; set once, never changed.",
    )
    audio_url = models.URLField(
        max_length=500,
        blank=True,
        help_text="Optional: the audio file's address. Without it the feed item has no audio.",
    )
    audio_length_bytes = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="Size of the audio file in bytes (needed with the URL)."
    )
    audio_mime_type = models.CharField(
        max_length=50,
        blank=True,
        default="audio/mpeg",
        help_text='The audio file\'s type: "audio/mpeg" for MP3, "audio/x-m4a" for M4A.',
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Filled in by episodes.search on every save; its GIN index is created by the
    # migration on PostgreSQL only (SQLite searches its FTS5 tables instead).
    search_vector = SearchVectorField(
        null=True,
        editable=False,
        serialize=False,  # derived: rebuilt on load, so dumps and backups leave it out
        help_text="Kept current by episodes.search; used only on PostgreSQL.",
    )

    objects = EpisodeManager()
    # Who changed what and when, with the guests, topics and credits of each version.
    # The search vector is derived data, rebuilt on every save: not history.
    history = HistoricalRecords(
        excluded_fields=["updated_at", "search_vector"], m2m_fields=[guests, topics, music_credits]
    )

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["-published_at", "-id"], name="episode_newest_first"),
            models.Index(fields=["status", "-published_at"], name="episode_public_newest"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["show", "slug"], name="episode_unique_slug_per_show"),
            models.CheckConstraint(
                condition=Q(duration_seconds__gt=0), name="episode_duration_positive"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "scheduled", "published"]),
                name="episode_status_valid",
            ),
            # A feed enclosure needs its length and type: audio comes with both or not at all.
            models.CheckConstraint(
                condition=Q(audio_url="")
                | (Q(audio_length_bytes__isnull=False) & ~Q(audio_mime_type="")),
                name="episode_audio_complete",
                violation_error_message="Audio needs its size in bytes and its type with its URL.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("episodes:detail", kwargs={"show": self.show.slug, "slug": self.slug})

    def natural_key(self):
        return (self.slug, *self.show.natural_key())

    natural_key.dependencies = ["episodes.show"]

    @classmethod
    def public_condition(cls, prefix=""):
        """The rule of EpisodeQuerySet.published() as a Q, for filters and aggregates
        across a relation: ``Count("episodes", filter=Episode.public_condition("episodes__"))``.
        """
        return Q(
            **{
                f"{prefix}status__in": cls.PUBLIC_STATUSES,
                f"{prefix}published_at__lte": timezone.now(),
            }
        )

    @property
    def is_public(self):
        """The same rule as EpisodeQuerySet.published(), for an episode already in hand."""
        return self.status in self.PUBLIC_STATUSES and self.published_at <= timezone.now()

    def replace_timeline(self, chapters):
        """Makes the timeline exactly ``chapters`` ((start_seconds, title) pairs or objects
        with those attributes), row by row: entries are added, retitled or removed, never
        all rewritten, so the history shows what really changed.

        Returns (added, retitled, removed) counts; (0, 0, 0) means nothing was written.
        """
        wanted = {}
        for chapter in chapters:
            start, title = (
                chapter if isinstance(chapter, tuple) else (chapter.start_seconds, chapter.title)
            )
            wanted[start] = title
        existing = {entry.start_seconds: entry for entry in self.timeline.all()}
        removed = [start for start in existing if start not in wanted]
        if removed:
            for entry in [existing[start] for start in removed]:
                entry.delete()  # one by one, so each removal is in the history
        retitled = 0
        for start, title in wanted.items():
            entry = existing.get(start)
            if entry is None:
                TimelineEntry.objects.create(episode=self, start_seconds=start, title=title)
            elif entry.title != title:
                entry.title = title
                entry.save()
                retitled += 1
        return len(set(wanted) - set(existing)), retitled, len(removed)

    @property
    def has_audio(self):
        return bool(self.audio_url)

    @property
    def duration_display(self):
        return format_duration(self.duration_seconds)

    @property
    def paragraphs(self):
        return [
            p.strip() for p in self.description.replace("\r\n", "\n").split("\n\n") if p.strip()
        ]

    @property
    def summary(self):
        paragraphs = self.paragraphs
        return paragraphs[0] if paragraphs else ""


class TimelineEntryManager(models.Manager):
    def get_by_natural_key(self, start_seconds, episode_slug, show_slug):
        return self.get(
            start_seconds=start_seconds, episode__slug=episode_slug, episode__show__slug=show_slug
        )


class TimelineEntry(models.Model):
    """A moment in an episode: where it starts and what is said there."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="timeline")
    start_seconds = models.PositiveIntegerField(
        help_text="Seconds from the start: 12:34 is 754, 1:02:00 is 3720."
    )
    title = models.CharField(max_length=300)

    objects = TimelineEntryManager()
    history = HistoricalRecords()

    class Meta:
        # By the column: "episode" would sort by the episode's own ordering, a join to every
        # entry's episode (a feed's 6,000 entries took 54 ms instead of a few).
        ordering = ["episode_id", "start_seconds"]
        verbose_name_plural = "timeline entries"
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "start_seconds"], name="timeline_unique_start_per_episode"
            ),
            models.CheckConstraint(
                condition=Q(start_seconds__gte=0), name="timeline_start_not_negative"
            ),
        ]

    def __str__(self):
        return f"{format_timestamp(self.start_seconds)} {self.title}"

    def get_absolute_url(self):
        return f"{self.episode.get_absolute_url()}#{self.anchor}"

    def natural_key(self):
        return (self.start_seconds, *self.episode.natural_key())

    natural_key.dependencies = ["episodes.episode"]

    def clean(self):
        # In the admin the episode may be new and unsaved, but its duration is already known.
        episode = self.episode if TimelineEntry.episode.is_cached(self) or self.episode_id else None
        duration = episode.duration_seconds if episode else None
        if duration and self.start_seconds is not None and self.start_seconds >= duration:
            raise ValidationError(
                {
                    "start_seconds": (
                        f"{format_timestamp(self.start_seconds)} is after the episode ends "
                        f"({format_timestamp(duration)})."
                    )
                }
            )

    @property
    def timestamp(self):
        return format_timestamp(self.start_seconds)

    @property
    def anchor(self):
        return f"t={self.start_seconds}"
