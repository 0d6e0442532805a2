from django.apps import AppConfig


class EpisodesConfig(AppConfig):
    name = "episodes"

    def ready(self):
        from episodes import page_cache

        page_cache.connect_signals()
