from django.apps import AppConfig
from django.db.models.signals import post_save


class EpisodesConfig(AppConfig):
    name = "episodes"

    def ready(self):
        from episodes import history, models

        for model in (models.Episode, models.TimelineEntry, models.MusicCredit):
            post_save.connect(
                history.record_fixture_row, sender=model, dispatch_uid=f"fixture-{model}"
            )
