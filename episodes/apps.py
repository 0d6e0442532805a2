from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_save


class EpisodesConfig(AppConfig):
    name = "episodes"
    verbose_name = "Catalogue"

    def ready(self):
        from episodes import checks, history, models, page_cache, signals  # noqa: F401  (connects receivers)

        page_cache.connect_signals()
        for model in (models.Episode, models.TimelineEntry, models.MusicCredit):
            post_save.connect(
                history.record_fixture_row, sender=model, dispatch_uid=f"fixture-history-{model}"
            )
        for field in ("guests", "topics", "music_credits"):
            m2m_changed.connect(
                history.record_reverse_m2m_change,
                sender=getattr(models.Episode, field).through,
                dispatch_uid=f"reverse-m2m-history-{field}",
            )
