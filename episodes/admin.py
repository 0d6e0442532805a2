from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from episodes.admin_forms import (
    EpisodeAdminForm,
    GuestAdminForm,
    TimelineEntryForm,
    TimelineInlineFormSet,
)
from episodes.history import (
    m2m_ids_of,
    music_credits_of,
    restore_timeline,
    timeline_changes,
    timeline_of,
)
from episodes.models import Episode, Guest, Host, MusicCredit, Show, TimelineEntry, Topic
from episodes.timeline import format_timestamp


class HostInline(admin.TabularInline):
    model = Host
    extra = 0
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Show)
class ShowAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "category", "language"]
    prepopulated_fields = {"slug": ("title",)}
    inlines = [HostInline]


class TimelineEntryInline(admin.TabularInline):
    model = TimelineEntry
    form = TimelineEntryForm
    formset = TimelineInlineFormSet
    extra = 3
    fields = ["start_seconds", "title"]


class MusicCreditInline(admin.TabularInline):
    model = Episode.music_credits.through
    extra = 1
    verbose_name = "music credit"
    verbose_name_plural = "music credits"
    autocomplete_fields = ["musiccredit"]


def timeline_cell(changes):
    """A version's timeline changes in the history list: counts, and the lines when opened."""
    if not changes:
        return "—"
    added = sum(change.startswith("+") for change in changes)
    return format_html(
        "<details><summary>{} added or changed, {} removed</summary><ul>{}</ul></details>",
        added,
        len(changes) - added,
        format_html_join("", "<li>{}</li>", ((change,) for change in changes)),
    )


class SearchAdmin(admin.ModelAdmin):
    """Searches, the pickers' included, ignore NUL characters: PostgreSQL cannot compare
    text with them (a 500), and no name or title holds one."""

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, search_term.replace("\x00", ""))


class HistoryAdmin(SearchAdmin, SimpleHistoryAdmin):
    """django-simple-history lets anyone who may view an object's history post its revert
    form; reverting is a change, so it takes the change permission, and reverting a
    deleted object (which recreates it: simple-history has no recover view of its own to
    check this) the add permission too."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            obj = self.get_object(request, unquote(object_id))  # None once deleted
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
            if obj is None and not self.has_add_permission(request):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(Episode)
class EpisodeAdmin(HistoryAdmin):
    """An episode on one page, with its history.

    One save makes one version in the history, recorded after the inlines and the pasted
    show notes are saved, so each version holds the timeline it had (episodes.history).
    """

    form = EpisodeAdminForm
    list_display = ["title", "published_at", "status", "on_site", "duration_display"]
    list_filter = ["status", "topics", "guests", "show"]
    list_select_related = ["show"]
    search_fields = ["title", "description", "guests__name"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["guests", "topics"]
    exclude = ["music_credits"]
    inlines = [TimelineEntryInline, MusicCreditInline]
    fieldsets = [
        (None, {"fields": ["show", "title", "slug", "status", "published_at"]}),
        ("Content", {"fields": ["duration_seconds", "description", "guests", "topics"]}),
        (
            "Audio for podcast apps",
            {
                "fields": ["audio_url", "audio_length_bytes", "audio_mime_type", "guid"],
                "description": "With an audio file the podcast feed offers the episode to "
                "podcast apps; without one the episode still appears, with its chapters.",
            },
        ),
        ("Elsewhere", {"fields": ["listen_url"], "classes": ["collapse"]}),
        (
            "Paste show notes",
            {
                "fields": ["pasted_timeline", "pasted_credits"],
                "description": "Paste the timeline or music credits as written in the show "
                "notes instead of typing them one by one below.",
            },
        ),
    ]
    readonly_fields = ["guid"]
    history_list_display = ["timeline"]
    history_list_per_page = 25

    # Pasting replaces the timeline or writes music credits: it takes the permissions their
    # inlines take, or someone who cannot see those could still change them.
    PASTE_PERMISSIONS = {
        "pasted_timeline": [f"episodes.{a}_timelineentry" for a in ("add", "change", "delete")],
        "pasted_credits": ["episodes.add_musiccredit", "episodes.change_musiccredit"],
    }

    def refused_paste_fields(self, request):
        if getattr(request, "episode_version", None) is not None:
            return set(self.PASTE_PERMISSIONS)  # a revert puts back the version's own
        return {
            name
            for name, permissions in self.PASTE_PERMISSIONS.items()
            if not request.user.has_perms(permissions)
        }

    def get_fieldsets(self, request, obj=None):
        refused = self.refused_paste_fields(request)
        fieldsets = []
        for name, options in super().get_fieldsets(request, obj):
            fields = [field for field in options["fields"] if field not in refused]
            if fields:
                fieldsets.append((name, {**options, "fields": fields}))
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        refused = self.refused_paste_fields(request)
        version = getattr(request, "episode_version", None)
        # The revert form offers the version's guests and topics, not today's.
        initial = (
            {name: m2m_ids_of(version, name) for name in ("guests", "topics")} if version else {}
        )

        class EpisodeForm(form):
            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, **form_kwargs)
                self.initial.update(initial)
                for name in refused:  # declared fields stay in a form unless taken out
                    del self.fields[name]

        return EpisodeForm

    def save_model(self, request, obj, form, change):
        obj.skip_history_when_saving = True  # the version is recorded in save_related
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.save_pasted(form.instance)
        self._record_version(form.instance, created=not change)

    def _record_version(self, episode, created=False):
        if hasattr(episode, "skip_history_when_saving"):
            del episode.skip_history_when_saving
        episode.save()
        if created:  # recorded by this second save, which simple-history counts as a change
            episode.history.filter(history_id=episode.history.latest().history_id).update(
                history_type="+"
            )

    object_history_form_template = "admin/episodes/episode/object_history_form.html"

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Reverting also puts back the version's timeline and music credits, which the
        form lists (they are not fields of the form) so the editor sees what comes back."""
        version = get_object_or_404(
            Episode.history.model, id=unquote(object_id), history_id=version_id
        )
        request.episode_version = version
        credits, deleted_credits = music_credits_of(version)
        extra_context = {
            **(extra_context or {}),
            "version_timeline": [
                (format_timestamp(start), title) for start, title in timeline_of(version)
            ],
            "version_credits": credits,
            "version_deleted_credits": deleted_credits,
        }
        refused = request.method == "POST" and self._refused_revert(request, version, credits)
        if refused:  # nothing is reverted: the version's timeline and credits come with it
            self.message_user(request, refused, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
        with transaction.atomic():
            response = super().history_form_view(request, object_id, version_id, extra_context)
            if request.method == "POST" and response.status_code == 302:
                episode = Episode.objects.get(pk=version.id)
                restore_timeline(episode, version)
                episode.music_credits.set(credits)
                self._record_version(episode)
                if deleted_credits:
                    self.message_user(
                        request,
                        "Deleted since, so not restored: " + "; ".join(deleted_credits) + ".",
                        messages.WARNING,
                    )
        return response

    def _refused_revert(self, request, version, credits):
        """Why this user may not revert to ``version``, or None: a revert puts back the
        version's timeline and music credits, so where they differ from today's it takes
        the permissions pasting them takes. Today's are read by the episode's id, so a
        deleted episode has none and a revert recreating it needs them for any it had."""
        lacking = [
            field
            for field, permissions in self.PASTE_PERMISSIONS.items()
            if not request.user.has_perms(permissions)
        ]
        if not lacking:
            return None
        today_timeline = TimelineEntry.objects.filter(episode_id=version.id)
        differs = {
            "pasted_timeline": lambda: (
                timeline_of(version) != list(today_timeline.values_list("start_seconds", "title"))
            ),
            "pasted_credits": lambda: (
                set(credits) != set(MusicCredit.objects.filter(episodes=version.id))
            ),
        }
        names = {"pasted_timeline": "timeline", "pasted_credits": "music credits"}
        refused = [names[field] for field in lacking if differs[field]()]
        if not refused:
            return None
        return (
            f"Not reverted: this version's {' and '.join(refused)} differ from today's, "
            "and you may not change them."
        )

    def set_history_delta_changes(self, request, historical_records, **kwargs):
        """Adds each version's timeline changes (the "timeline" column), read in one go."""
        super().set_history_delta_changes(request, historical_records, **kwargs)
        records = list(historical_records)
        changes = timeline_changes(records)
        for record in records:
            record.timeline = timeline_cell(changes[record.history_id])

    @admin.display(boolean=True, description="On the site now")
    def on_site(self, episode):
        """A scheduled episode shows "no" until its publication time, then "yes"."""
        return episode.is_public

    @admin.display(description="Duration", ordering="duration_seconds")
    def duration_display(self, episode):
        return episode.duration_display


@admin.register(Guest)
class GuestAdmin(SearchAdmin):
    form = GuestAdminForm
    list_display = ["name", "affiliation"]
    search_fields = ["name", "affiliation"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Topic)
class TopicAdmin(SearchAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(MusicCredit)
class MusicCreditAdmin(HistoryAdmin):
    list_display = ["title", "artist", "licence_name"]
    search_fields = ["title", "artist"]
