from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from episodes.context_processors import SITE_SHOW_CACHE_KEY
from episodes.models import Host, Show


@receiver([post_save, post_delete], sender=Show)
@receiver([post_save, post_delete], sender=Host)
def forget_cached_show(**kwargs):
    cache.delete(SITE_SHOW_CACHE_KEY)
