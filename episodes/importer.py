"""Writing a show page (episodes.showpage) into the catalogue, touching only what differs.

Every row is looked up by its natural key (show slug, host slug, episode slug, guest
slug, track title and artist) and saved only when a field the page states has changed,
so a second import of the same page writes nothing and records no history. A guest or
track named in several episodes is written once: a guest with the newest details, a track
only if every episode credits it alike (see newest_guest_details and _credit). What the
page does not say is left alone: topics, guest bios and websites, an episode's status
once it exists (new episodes are published) and its time of day on the page's date,
listen links.

The whole import runs in one transaction. A dry run runs the very same code and rolls
the transaction back, so what it reports is exactly what a real run would change.
"""

from datetime import UTC
from operator import attrgetter, eq

from django.db import transaction
from django.utils.text import slugify

from episodes.models import Episode, Guest, Host, MusicCredit, Show
from episodes.shownotes import ShowNotesError
from episodes.showpage import parse_show_page
from episodes.text import without_control_characters


def same_utc_date(current, page_date):
    """True if ``current`` falls on the page's date (which the page gives at 00:00 UTC).

    The page says nothing of the time of day: an editor's 14:00 on that date is kept, since
    resetting it to 00:00 would make a scheduled episode public hours early.
    """
    return current.astimezone(UTC).date() == page_date.date()


def newest_guest_details(page_episodes):
    """{slug: PageGuest}: each guest once, with the details the newest episode gives.

    A guest is one row with one affiliation, but titles say where a guest was at the time:
    "Jesse Lai (Stanford)" in an older episode, "(Sony AI)" in the newest. The guest page
    should say where they are now, so the newest affiliation stated wins (the older titles
    keep the rest). Writing each occurrence in turn instead changed the row back and forth
    on every run. Two different names that give one slug are two people: refused.
    """
    guests = {}  # slug -> (the PageGuest to write, the episode first naming that slug)
    for page_episode in sorted(page_episodes, key=attrgetter("published_at"), reverse=True):
        for guest in page_episode.guests:
            newest, named_in = guests.setdefault(guest.slug, (guest, page_episode))
            if guest.name != newest.name:
                raise ShowNotesError(
                    page_episode.line_number,
                    page_episode.title,
                    f"the guest slug {guest.slug!r} already belongs to {newest.name} "
                    f"(line {named_in.line_number})",
                )
            if guest.affiliation and not newest.affiliation:
                guests[guest.slug] = (guest, named_in)
    return {slug: guest for slug, (guest, _) in guests.items()}


class PageImporter:
    def __init__(self, progress=iter):
        self.progress = progress
        self.changes = []
        # Guests and tracks named in several episodes are written once a run, from these.
        self.guest_details = {}  # slug -> PageGuest, see newest_guest_details
        self.guests = {}  # slug -> Guest
        self.credits = {}  # (title, artist) -> (MusicCredit, page credit, page episode)
        self.show = self.page = None  # what run() imports
        self.listed_episode_ids = None  # see _listed_episode_ids

    def _upsert(self, model, lookup, values, create_only=None, same=None, found=None):
        """The row with ``lookup`` (or ``found``, when the caller looked it up already),
        created or updated so ``values`` hold; logs what changed.

        ``same`` maps a field to how its value is compared, where ``==`` is too strict.
        """
        same = same or {}
        # As a save stores them (episodes.signals), or the next run would see a change.
        values = {
            name: without_control_characters(value) if isinstance(value, str) else value
            for name, value in values.items()
        }
        label = model._meta.verbose_name
        obj = found or model.objects.filter(**lookup).first()
        if obj is None:
            obj = model.objects.create(**lookup, **values, **(create_only or {}))
            self.changes.append(f"create {label} {obj}")
            return obj
        changed = [
            name
            for name, value in values.items()
            if not same.get(name, eq)(getattr(obj, name), value)
        ]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.save()
            self.changes.append(f"update {label} {obj}: {', '.join(changed)}")
        return obj

    def _set_related(self, episode, name, objects):
        manager = getattr(episode, name)
        if {o.pk for o in manager.all()} != {o.pk for o in objects}:
            manager.set(objects)
            label = name.replace("_", " ")
            self.changes.append(f"set {label} of {episode}: {', '.join(map(str, objects))}")

    def _guest(self, page_episode, page_guest):
        if page_guest.slug in self.guests:
            return self.guests[page_guest.slug]
        details = self.guest_details[page_guest.slug]
        existing = Guest.objects.filter(slug=details.slug).first()
        if existing is not None and existing.name != details.name:
            raise ShowNotesError(
                page_episode.line_number,
                page_episode.title,
                f"the guest slug {details.slug!r} already belongs to {existing.name}",
            )
        values = {"name": details.name}
        if details.affiliation:
            values["affiliation"] = details.affiliation
        self.guests[details.slug] = self._upsert(Guest, {"slug": details.slug}, values)
        return self.guests[details.slug]

    def _credit(self, page_episode, credit):
        """The track's row, written once a run; refused if episodes credit it differently.

        Every episode using a track shares its row, so its attribution (source, licence,
        what was changed, which Creative Commons licences ask for) cannot be right for
        two episodes that say different things: picking one would make the other's
        credit wrong without a word, so the page has to agree with itself.
        """
        key = (credit.title, credit.artist)
        if key not in self.credits:
            self._refuse_changing_other_episodes_credit(page_episode, credit)
            row = self._upsert(
                MusicCredit,
                {"title": credit.title, "artist": credit.artist},
                {
                    "source": credit.source,
                    "licence_name": credit.licence_name,
                    "licence_url": credit.licence_url,
                    "changes": credit.changes,
                },
            )
            self.credits[key] = (row, credit, page_episode)
        row, first, first_episode = self.credits[key]
        differences = [
            f"{name} {getattr(credit, name)!r} here but {getattr(first, name)!r} "
            f"in the episode on line {first_episode.line_number}"
            for name in ("source", "licence_name", "changes")
            if getattr(credit, name) != getattr(first, name)
        ]
        if differences:
            raise ShowNotesError(
                page_episode.line_number,
                page_episode.title,
                f'"{credit.title}" ({credit.artist}) has {"; ".join(differences)}',
            )
        return row

    def _refuse_changing_other_episodes_credit(self, page_episode, credit):
        """The track's row is shared: new details from this page would change the credit of
        an episode the page does not list (an editor's bonus episode, say) without a word.
        The admin's paste refuses the same."""
        row = MusicCredit.objects.filter(title=credit.title, artist=credit.artist).first()
        fields = ("source", "licence_name", "licence_url", "changes")
        stated = {name: without_control_characters(getattr(credit, name)) for name in fields}
        if row is None or all(getattr(row, name) == stated[name] for name in fields):
            return
        other = row.episodes.exclude(pk__in=self._listed_episode_ids()).first()
        if other is not None:
            raise ShowNotesError(
                page_episode.line_number,
                page_episode.title,
                f'"{credit.title}" ({credit.artist}) is also credited in "{other.title}", '
                "which this page does not list: new details here would change its credit too",
            )

    def _listed_episode_ids(self):
        """The existing episodes the page lists, looked up once, when first needed."""
        if self.listed_episode_ids is None:
            found = (self._existing_episode(self.show, listed) for listed in self.page.episodes)
            self.listed_episode_ids = {episode.pk for episode in found if episode}
        return self.listed_episode_ids

    def _timeline(self, episode, chapters):
        current = [(entry.start_seconds, entry.title) for entry in episode.timeline.all()]
        if current == [(chapter.start_seconds, chapter.title) for chapter in chapters]:
            return
        added, retitled, removed = episode.replace_timeline(chapters)
        self.changes.append(
            f"change timeline of {episode}: {added} added, {retitled} retitled, {removed} removed"
        )

    @staticmethod
    def _existing_episode(show, page_episode):
        """The episode the page's one is: by its slug, or by the slug it had before an
        editor changed it (a second, published copy under the old slug otherwise)."""
        slug = page_episode.slug
        return Episode.objects.filter(show=show, slug=slug).first() or (
            Episode.objects.formerly_at(show.slug, slug)
        )

    def _episode(self, show, page_episode):
        changes_before = len(self.changes)
        episode = self._upsert(
            Episode,
            {"show": show, "slug": page_episode.slug},
            {
                "title": page_episode.title,
                "published_at": page_episode.published_at,
                "duration_seconds": page_episode.duration_seconds,
                "description": page_episode.description,
            },
            create_only={"status": Episode.Status.PUBLISHED},
            same={"published_at": same_utc_date},
            found=self._existing_episode(show, page_episode),
        )
        guests = [self._guest(page_episode, guest) for guest in page_episode.guests]
        self._set_related(episode, "guests", guests)
        self._timeline(episode, page_episode.chapters)
        credits = [self._credit(page_episode, credit) for credit in page_episode.credits]
        self._set_related(episode, "music_credits", credits)
        if len(self.changes) > changes_before:
            # A last version of the episode holds the new timeline (see episodes.history).
            episode.save()

    def run(self, page):
        show = self._upsert(
            Show,
            {"slug": page.slug},
            {
                "title": page.title,
                "summary": page.summary,
                "about": page.about,
                "copyright": page.copyright,
                "category": page.category,
            },
        )
        for position, name in enumerate(page.hosts):
            self._upsert(
                Host,
                {"show": show, "slug": slugify(name)},
                {"name": name, "position": position},
            )
        self.guest_details = newest_guest_details(page.episodes)
        self.show, self.page = show, page
        for page_episode in self.progress(page.episodes):
            self._episode(show, page_episode)
        return self.changes


def import_show_page(text, *, dry_run=False, progress=iter):
    """Imports a show page; returns the changes made (or, with dry_run, that would be)."""
    page = parse_show_page(text)
    with transaction.atomic():
        changes = PageImporter(progress).run(page)
        if dry_run:
            transaction.set_rollback(True)
    return changes
