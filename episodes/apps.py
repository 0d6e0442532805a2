from django.apps import AppConfig
from django.db.models.signals import post_save


class EpisodesConfig(AppConfig):
    name = "episodes"
    verbose_name = "Catalogue"

    def ready(self):
        from episodes import history, models, signals  # noqa: F401  (connects the receivers)

        for model in (models.Episode, models.TimelineEntry, models.MusicCredit):
            post_save.connect(
                history.record_fixture_row, sender=model, dispatch_uid=f"fixture-history-{model}"
            )
