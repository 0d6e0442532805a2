from django.apps import AppConfig


class EpisodesConfig(AppConfig):
    name = "episodes"
    verbose_name = "Catalogue"

    def ready(self):
        from episodes import signals  # noqa: F401  (connects the receivers)
