from django.apps import AppConfig


class EpisodesConfig(AppConfig):
    name = "episodes"
    verbose_name = "Catalogue"

    def ready(self):
        from episodes import page_cache, signals  # noqa: F401  (signals connects the receivers)

        page_cache.connect_signals()
