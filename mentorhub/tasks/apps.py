from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class TasksConfig(AppConfig):
    name = "mentorhub.tasks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Each app's `tasks` module registers its handlers with @task.
        autodiscover_modules("tasks")
