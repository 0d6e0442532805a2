"""The admin's forms: paste-in show notes, and checks worded for editors.

Every mistake an editor can make here comes back as a message on the form (with the
pasted text kept in place), never as an error page from a database constraint.
"""

from django import forms
from django.db.models import F
from django.forms.models import BaseInlineFormSet

from episodes.models import Episode, Guest, MusicCredit, TimelineEntry
from episodes.shownotes import ShowNotesError, parse_credits, parse_timeline
from episodes.timeline import format_timestamp


class EpisodeAdminForm(forms.ModelForm):
    pasted_timeline = forms.CharField(
        label="Paste a timeline",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "cols": 80}),
        help_text=(
            "One entry a line, as in the show notes: “00:12 — Intro”, “• (00:12) Intro”, "
            "“1:02:00 — Title”, “00:00:12.000 Title”. When given, it replaces the whole "
            "timeline below."
        ),
    )
    pasted_credits = forms.CharField(
        label="Paste music credits",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text=(
            'One credit a line: “"Kid Kodi" - Blue Dot Sessions - via Free Music Archive - '
            "CC BY-NC 4.0.”, then “Changes: trimmed” if the tracks were changed. The "
            "licence link is filled in; the credits are added to the episode."
        ),
    )

    class Meta:
        model = Episode
        fields = [
            "show",
            "title",
            "slug",
            "status",
            "published_at",
            "duration_seconds",
            "description",
            "guests",
            "topics",
            "listen_url",
        ]

    def clean_description(self):
        # Browsers send textareas with CRLF line ends; stored as "\n" like imported notes,
        # so saving an unchanged episode does not count as a change of its description.
        return self.cleaned_data["description"].replace("\r\n", "\n")

    def clean(self):
        cleaned = super().clean()
        show, slug = cleaned.get("show"), cleaned.get("slug")
        if show and slug:
            clash = Episode.objects.filter(show=show, slug=slug).exclude(pk=self.instance.pk)
            other = clash.only("title").first()
            if other is not None:
                self.add_error(
                    "slug",
                    f"The episode “{other.title}” already uses the slug “{slug}” in this "
                    "show. Choose another one.",
                )
        self.pasted_chapters = self._parse(
            "pasted_timeline",
            lambda text: parse_timeline(text, duration_seconds=cleaned.get("duration_seconds")),
            "timeline entries",
        )
        self.pasted_credits = self._parse("pasted_credits", parse_credits, "music credits")
        self._refuse_changing_other_episodes_credits()
        # The timeline formset checks against this (it sees the episode, not this form).
        self.instance._pasted_chapters = self.pasted_chapters
        return cleaned

    def _refuse_changing_other_episodes_credits(self):
        """A track is one row shared by every episode that credits it: pasting it with
        other details would rewrite those episodes' credits without a word."""
        for credit in self.pasted_credits or []:
            track = MusicCredit.objects.filter(title=credit.title, artist=credit.artist).first()
            if track is None or all(
                getattr(track, name) == getattr(credit, name) for name in PASTED_CREDIT_DETAILS
            ):
                continue
            other = track.episodes.exclude(pk=self.instance.pk).only("title").first()
            if other is not None:
                self.add_error(
                    "pasted_credits",
                    f"“{track.title}” by {track.artist} is credited on “{other.title}” as: "
                    f"{track.source or 'no source'}, {track.licence_name}, changes: "
                    f"{track.changes or 'none'}. Paste it as it is there, or change it on "
                    "its own music credit page, which changes it on every episode.",
                )

    def _parse(self, field, parse, what):
        text = self.cleaned_data.get(field, "")
        if not text.strip():
            return None
        try:
            parsed = parse(text)
        except ShowNotesError as error:
            self.add_error(field, f"{error}. Nothing was saved; correct the line and save again.")
            return None
        if not parsed:
            # Only a heading ("Timeline", "Music:"): most likely the lines below it were
            # not copied, and an empty pasted timeline would wipe the episode's one.
            self.add_error(
                field,
                f"No {what} found in the pasted text, only a heading or blank lines. "
                "Nothing was saved; paste the lines themselves and save again.",
            )
            return None
        return parsed

    def save_pasted(self, episode):
        """Writes what was pasted; called once the episode and its inlines are saved."""
        if self.pasted_chapters is not None:
            episode.replace_timeline(self.pasted_chapters)
        for credit in self.pasted_credits or []:
            music, _ = MusicCredit.objects.update_or_create(
                title=credit.title,
                artist=credit.artist,
                defaults={name: getattr(credit, name) for name in PASTED_CREDIT_DETAILS},
            )
            episode.music_credits.add(music)


PASTED_CREDIT_DETAILS = ("source", "licence_name", "licence_url", "changes")


class TimelineEntryForm(forms.ModelForm):
    class Meta:
        model = TimelineEntry
        fields = ["start_seconds", "title"]

    # One start per episode is checked by TimelineInlineFormSet, which sees every entry
    # of the episode at once and names both titles, rather than here with a message about
    # "Episode and Start seconds". (A negative start is refused by the field itself.)
    def validate_unique(self):
        pass

    def validate_constraints(self):
        pass

    def _post_clean(self):
        # A pasted timeline replaces the entries: an old one left as it was is about to
        # go, so its start is not checked against the episode's new, perhaps shorter,
        # length (TimelineEntry.clean), which would refuse the paste that removes it.
        # (The inline formset's "episode" field gives the episode being edited.)
        episode = self.cleaned_data.get("episode")
        if getattr(episode, "_pasted_chapters", None) is not None and not self.has_changed():
            return
        super()._post_clean()


class TimelineInlineFormSet(BaseInlineFormSet):
    """The timeline entries of one episode: unique starts, and not mixed with a paste.

    Starts past the end of the episode are refused by TimelineEntry.clean, entry by entry
    (except for unchanged entries that a pasted timeline replaces: TimelineEntryForm).
    """

    # Far past any episode's end, and unique per row: where a moved or deleted entry waits
    # while the others are saved, so swapping two starts never meets the unique constraint.
    ASIDE = 1_000_000_000

    def save_existing_objects(self, commit=True):
        if commit:
            stepping_aside = [
                form.instance.pk
                for form in self.initial_forms
                if form.instance.pk
                and (form in self.deleted_forms or "start_seconds" in form.changed_data)
            ]
            TimelineEntry.objects.filter(pk__in=stepping_aside).update(
                start_seconds=F("pk") + self.ASIDE
            )
        return super().save_existing_objects(commit)

    def clean(self):
        # Replaces the model formset's own duplicate check, whose message names a column.
        if any(self.errors):
            return
        kept = [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
        ]
        if getattr(self.instance, "_pasted_chapters", None) is not None and (
            any(form.has_changed() for form in self.forms) or self.deleted_forms
        ):
            raise forms.ValidationError(
                "A pasted timeline replaces these entries: either paste a timeline or edit "
                "the entries here, not both in one save."
            )
        seen = {}
        for form in kept:
            start = form.cleaned_data.get("start_seconds")
            title = form.cleaned_data.get("title", "")
            if start in seen:
                raise forms.ValidationError(
                    f"Two entries start at {format_timestamp(start)} (“{seen[start]}” and "
                    f"“{title}”). Each moment can have only one entry."
                )
            seen[start] = title
        # Entries saved since this page was opened (another tab, another editor, an
        # import) are not among the rows posted: a start they hold would fail at the
        # database's unique constraint, losing what was typed.
        posted = [form.instance.pk for form in self.forms if form.instance.pk]
        if self.instance.pk and seen:
            saved_since = self.instance.timeline.exclude(pk__in=posted)
            clash = saved_since.filter(start_seconds__in=list(seen)).first()
            if clash is not None:
                raise forms.ValidationError(
                    f"An entry at {format_timestamp(clash.start_seconds)} (“{clash.title}”) "
                    "was saved since this page was opened. Choose another start, or open "
                    "the episode again to see it."
                )


class GuestAdminForm(forms.ModelForm):
    class Meta:
        model = Guest
        fields = ["name", "slug", "affiliation", "bio", "website"]

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        other = Guest.objects.filter(slug=slug).exclude(pk=self.instance.pk).first()
        if other is not None:
            raise forms.ValidationError(
                f"The guest {other.name} already uses the slug “{slug}”. If this is the same "
                f"person, add them to the episode instead; otherwise choose another slug, "
                f"such as “{slug}-2”."
            )
        return slug
