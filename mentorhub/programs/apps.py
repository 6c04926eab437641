from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "mentorhub.programs"
    default_auto_field = "django.db.models.BigAutoField"
