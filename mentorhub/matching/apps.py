from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "mentorhub.matching"
    default_auto_field = "django.db.models.BigAutoField"
