from django.apps import AppConfig


class CrisisConfig(AppConfig):
    name = "mentorhub.crisis"
    default_auto_field = "django.db.models.BigAutoField"
