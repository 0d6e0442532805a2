from django.contrib import admin

from episodes.models import Episode, Guest, Host, MusicCredit, Show, TimelineEntry, Topic


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
    extra = 3
    fields = ["start_seconds", "title"]


class MusicCreditInline(admin.TabularInline):
    model = Episode.music_credits.through
    extra = 1
    verbose_name = "music credit"
    verbose_name_plural = "music credits"
    autocomplete_fields = ["musiccredit"]


@admin.register(Episode)
class EpisodeAdmin(admin.ModelAdmin):
    list_display = ["title", "published_at", "status", "duration_display"]
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
    ]
    readonly_fields = ["guid"]

    @admin.display(description="Duration", ordering="duration_seconds")
    def duration_display(self, episode):
        return episode.duration_display


@admin.register(Guest)
class GuestAdmin(admin.ModelAdmin):
    list_display = ["name", "affiliation"]
    search_fields = ["name", "affiliation"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(MusicCredit)
class MusicCreditAdmin(admin.ModelAdmin):
    list_display = ["title", "artist", "licence_name"]
    search_fields = ["title", "artist"]
