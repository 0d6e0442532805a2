from django.core.cache import cache
from django.db import transaction
from django.db.models import CharField, TextField
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone

from episodes import search
from episodes.context_processors import SITE_SHOW_CACHE_KEY
from episodes.history import loaded_from_fixtures
from episodes.models import Episode, Guest, Host, MusicCredit, Show, TimelineEntry, Topic
from episodes.text import without_control_characters


@receiver(pre_save)
def drop_control_characters(sender, instance, raw=False, **kwargs):
    """Text pasted from Word or a PDF can hold control characters (a vertical tab for a
    line break): kept as new lines or dropped, so every page and feed can show it."""
    if raw or sender._meta.app_label != "episodes":
        return  # fixtures load exactly what they hold
    for field in sender._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if isinstance(field, (CharField, TextField)) and isinstance(value, str):
            setattr(instance, field.attname, without_control_characters(value))


@receiver([post_save, post_delete], sender=Show)
@receiver([post_save, post_delete], sender=Host)
def forget_cached_show(**kwargs):
    """The cached show carries its hosts, so a change to either drops it: at once, and
    again on commit, as a request served before the commit may have cached the old show."""
    cache.delete(SITE_SHOW_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(SITE_SHOW_CACHE_KEY))


# The search index follows every save an editor makes. The admin saves an episode
# first and its guests, topics and timeline afterwards, so each of those refreshes the
# episode again and the last one leaves the index matching the saved page.


@receiver([post_save, post_delete], sender=Episode)
def reindex_episode(instance, **kwargs):
    search.refresh([instance.pk])


@receiver([post_save, post_delete], sender=TimelineEntry)
def reindex_episode_of_moment(instance, **kwargs):
    search.refresh([instance.episode_id])


@receiver(m2m_changed, sender=Episode.guests.through)
@receiver(m2m_changed, sender=Episode.topics.through)
def reindex_linked_episodes(instance, action, reverse, pk_set, model, **kwargs):
    if action == "pre_clear" and reverse:
        # After the clear the links are gone; remember which episodes had them.
        instance._episodes_to_reindex = list(instance.episodes.values_list("pk", flat=True))
    elif action in ("post_add", "post_remove", "post_clear"):
        if not reverse:
            search.refresh([instance.pk])
        elif action == "post_clear":
            search.refresh(getattr(instance, "_episodes_to_reindex", []))
        else:
            search.refresh(pk_set or [])


@receiver(post_save, sender=Guest)
@receiver(post_save, sender=Topic)
def reindex_episodes_of(instance, **kwargs):
    search.refresh(instance.episodes.values_list("pk", flat=True))


def date_pages(queryset):
    """Dates the pages of these rows (their updated_at) as changed now, without saving
    them: no version in the history, no further signal."""
    queryset.update(updated_at=timezone.now())


@receiver([post_save, pre_delete], sender=Guest)
@receiver([post_save, pre_delete], sender=Topic)
@receiver([post_save, pre_delete], sender=MusicCredit)
def touch_episodes_of(instance, raw=False, **kwargs):
    """Their episodes' pages and feed items show the name, affiliation or credit: they
    changed too when it is saved or deleted (before the delete takes it off them), as
    the sitemap's lastmod and the feed's updated date should say."""
    if not raw:
        date_pages(instance.episodes)


@receiver(pre_delete, sender=Guest)
@receiver(pre_delete, sender=Topic)
def remember_episodes_of(instance, **kwargs):
    instance._episodes_to_reindex = list(instance.episodes.values_list("pk", flat=True))


@receiver(post_delete, sender=Guest)
@receiver(post_delete, sender=Topic)
def reindex_former_episodes_of(instance, **kwargs):
    search.refresh(getattr(instance, "_episodes_to_reindex", []))


# A guest's or topic's page lists its public episodes, and its sitemap lastmod is the
# latest change of those episodes or of its own fields. An episode taken off the page no
# longer counts, so that date would go back in time: the guest or topic is dated itself
# whenever one of its episodes is added, taken off, or stops being public.


@receiver(m2m_changed, sender=Episode.guests.through)
@receiver(m2m_changed, sender=Episode.topics.through)
def date_guests_and_topics_linked(instance, action, reverse, model, pk_set, **kwargs):
    # What loaddata links keeps the dates it was dumped with (a reload changes nothing).
    if action not in ("pre_clear", "post_add", "post_remove") or loaded_from_fixtures(instance):
        return
    if reverse:  # from the guest's or topic's side: its episodes changed
        date_pages(type(instance).objects.filter(pk=instance.pk))
    elif action == "pre_clear":  # while the links still say which
        date_pages(model.objects.filter(episodes=instance))
    else:
        date_pages(model.objects.filter(pk__in=pk_set))


@receiver(pre_save, sender=Episode)
@receiver(pre_delete, sender=Episode)
def date_guests_and_topics_of_withdrawn(signal, instance, raw=False, **kwargs):
    """An episode made a draft, moved to a later date or deleted leaves its pages."""
    if raw or instance.pk is None or (signal is pre_save and instance.is_public):
        return
    if Episode.objects.published().filter(pk=instance.pk).exists():  # it was public
        for model in (Guest, Topic):
            date_pages(model.objects.filter(episodes=instance))
